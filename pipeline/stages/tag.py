"""Tag: codebook codes, places, organisations, roles, tone, key phrases, dates and terms on every passage.

Two passes over clean's passages: the first learns the history's key phrases and the acronyms it spells out;
the second tags each passage. Besides tags.jsonl (one Tags record per passage) it writes what qualitative
researchers look for in their own tools: a code x source matrix, a code co-occurrence table, the history's key
phrases, and each term's surface forms (the themes stage labels themes with them).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from ..nlp.codebook import load_codebook
from ..nlp.entities import EntityFinder, learn_acronyms, lower_case_words
from ..nlp.phrases import PhraseModel
from ..nlp.places import Gazetteer
from ..nlp.tone import ToneScorer
from ..people.registry import person_name_words
from ..progress import progress_bar
from ..records import JsonlStream, JsonlWriter, Passage, Tags, write_json
from ..render.safe import SafeCsvWriter
from ..stage import Stage, StageContext


def without_names(terms: list[str], forms: list[tuple[str, str]], name_words: frozenset[str]):
    """The passage's terms without any written as a person's name ("Eugene" of Eugene, Oregon, where the history
    also names a Eugene): theme labels and key terms are read by everybody, so they never carry a name."""
    kept = [(term, (t, form)) for term, (t, form) in zip(terms, forms, strict=True)
            if not any(word[:1].isupper() and (part in name_words or _POSSESSIVE.sub("", word).lower() in name_words)
                       for part, word in zip(term.split("_"), form.split(), strict=False))]   # lengths may differ;
    #                                                              the lemma of "Rogers" is "roger": the form is checked too
    return [term for term, _ in kept], [form for _, form in kept]


class Tag(Stage):
    name = "tag"
    reads = {"clean": ("passages.jsonl", "pseudonyms.json")}
    config_files = ("codebook.yaml", "gazetteer.yaml")
    example = "lh tag corpus/total-place"
    summary = "Tag every passage with codes, places, organisations, roles, tone, key phrases and dates."

    def run(self, ctx: StageContext) -> dict[str, Any]:
        history = ctx.history
        codebook_path = history.config_path("codebook.yaml")
        codebook = ctx.read_config("codebook.yaml", load_codebook)
        if not codebook_path.exists():
            ctx.problems.note(history.path, "no codebook.yaml: passages get no codes (themes, tone and entities still run)")
        elif len(codebook) == 0:
            ctx.problems.note(codebook_path, "the codebook is empty: passages get no codes")
        gazetteer = ctx.read_config("gazetteer.yaml", Gazetteer.for_history)

        passages = JsonlStream(ctx.input("clean", "passages.jsonl"), Passage)
        texts = _Texts(passages)
        phrases = PhraseModel(ctx.settings.phrase_min_count, ctx.settings.phrase_threshold,
                              forced=[t for code in codebook.codes for t in code.include if " " in t or "-" in t]).fit(texts)
        acronyms = learn_acronyms(texts)
        entities = EntityFinder(gazetteer, acronyms, lower_case_words(texts))
        tone = ToneScorer()

        name_words = person_name_words(ctx.input("clean", "pseudonyms.json"))
        surfaces: dict[str, Counter] = defaultdict(Counter)
        matrix: dict[str, Counter] = defaultdict(Counter)      # code -> doc -> passages
        cooccur: dict[tuple[str, str], int] = Counter()
        code_counts: Counter = Counter()
        tone_counts: Counter = Counter()
        places: Counter = Counter()
        phrase_counts: Counter = Counter()
        docs: list[str] = []
        n = coded = 0
        with JsonlWriter(ctx.dir / "tags.jsonl") as out:
            for passage in progress_bar(passages, "tag", ctx.progress):
                n += 1
                if passage.doc not in docs:
                    docs.append(passage.doc)
                context = f"{passage.section}\n{passage.text}" if passage.kind == "update_paragraph" and passage.section else passage.text
                hits = codebook.tag(context)
                terms, forms = without_names(*phrases.terms(passage.text), name_words)
                for term, form in forms:
                    form = _POSSESSIVE.sub("", form)       # a label reads "USAID", not "USAID's"
                    surfaces[term][form if form.isupper() or form[:1].isupper() else form.lower()] += 1
                found_orgs, used_acronyms = entities.organisations(passage.text)
                score, label = tone(passage.text)
                passage_phrases = sorted({t for t in terms if "_" in t})
                tags = Tags(
                    id=passage.id, doc=passage.doc, codes=list(hits), code_hits=hits,
                    places=entities.places(passage.text), organisations=found_orgs,
                    roles=entities.roles(passage.text, passage.role), acronyms=used_acronyms,
                    tone=score, tone_label=label, phrases=passage_phrases, terms=terms,
                    date=passage.date, date_end=passage.date_end,
                )
                out.write(tags)
                coded += bool(hits)
                tone_counts[label] += 1
                places.update(tags.places)
                phrase_counts.update(passage_phrases)
                for code in hits:
                    code_counts[code] += 1
                    matrix[code][passage.doc] += 1
                codes = sorted(hits)
                for i, a in enumerate(codes):
                    for b in codes[i + 1:]:
                        cooccur[(a, b)] += 1

        _write_matrix(ctx.dir / "code_matrix.csv", codebook.names, docs, matrix)
        _write_cooccurrence(ctx.dir / "code_cooccurrence.csv", codebook.names, cooccur, code_counts)
        write_json(ctx.dir / "phrases.json", {
            "learned": [{"phrase": p, "passages": phrase_counts.get(p, 0), "surface": _surface(surfaces, p)}
                        for p in sorted(phrases.phrases_, key=lambda p: (-phrase_counts.get(p, 0), p))],
        })
        write_json(ctx.dir / "vocabulary.json", {term: _surface(surfaces, term) for term in sorted(surfaces)})
        write_json(ctx.dir / "acronyms.json", dict(sorted(entities.acronyms.items())))
        write_json(ctx.dir / "codebook.json", [c.to_dict() for c in codebook.codes])
        return {
            "passages": n,
            "coded": coded,
            "codes": len(codebook),
            "phrases": len(phrases.phrases_),
            "acronyms": len(entities.acronyms),
            "by_code": dict(sorted(code_counts.items())),
            "by_tone": dict(sorted(tone_counts.items())),
            "places": dict(places.most_common(30)),
        }


class _Texts:
    """Passage texts as a re-iterable stream (phrases and acronyms each make a pass)."""

    def __init__(self, passages: JsonlStream):
        self.passages = passages

    def __iter__(self):
        for passage in self.passages:
            yield passage.text


_POSSESSIVE = re.compile(r"(?<=\w)[’']s$")


def _surface(surfaces: dict[str, Counter], term: str) -> str:
    """How a term is shown: its commonest form; a single word capitalised only at a sentence's start is shown in
    lower case ("house"), one the history (nearly) never writes in lower case keeps its capital ("Fiji")."""
    forms = surfaces.get(term)
    if not forms:
        return term.replace("_", " ")
    if "_" not in term:
        lower = sum(n for form, n in forms.items() if form.islower())
        capitalised = Counter({form: n for form, n in forms.items() if form[:1].isupper() and not form.isupper()})
        if capitalised and lower < 0.1 * sum(forms.values()):
            return sorted(capitalised.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        if lower:
            forms = Counter({form.lower(): n for form, n in forms.items() if not form.isupper() or form.islower()}) or forms
    return sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def _write_matrix(path: Path, codes: list[str], docs: list[str], matrix: dict[str, Counter]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = SafeCsvWriter(handle)
        writer.writerow(["code"] + docs + ["total"])
        for code in codes:
            row = [matrix[code].get(doc, 0) for doc in docs]
            writer.writerow([code] + row + [sum(row)])


def _write_cooccurrence(path: Path, codes: list[str], pairs: dict[tuple[str, str], int], counts: Counter) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = SafeCsvWriter(handle)
        writer.writerow(["code"] + codes)
        for a in codes:
            row = []
            for b in codes:
                first, second = sorted((a, b))
                row.append(counts.get(a, 0) if a == b else pairs.get((first, second), 0))
            writer.writerow([a] + row)
