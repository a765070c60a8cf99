"""How well the spam finder does on real text with spam injected the ways real pages get it.

Spam chains of named families are dropped into sentences of real text (between two words) and onto lines of
their own, in mixed case. The finder is fitted on the injected texts, as the clean stage fits it on a history
as read. Per family and overall:
- span recall: the share of injected spans whose every word is removed (`spans_mostly` counts those with at
  least half their words removed);
- word recall: the share of injected spam words removed; precision: the share of removed words that were spam;
- retention: the share of the real words that survive; false-alarm texts: texts with nothing injected where
  the finder removed something;
- span recall by how the chain was injected (`style`): on a line of its own or in a sentence, and its case.

`--share` sets the share of texts given a chain. At 0.5 (the default, as before) each chain of a 300-chain file
lands in the 5,112 oral-history turns about nine times, as one campaign's spam repeats across a scraped archive;
at 0.05 about once. The finder does worse on chains that land once, so both are reported.

Families come from a JSON file {"families": {name: {"category": ..., "chains": [...]}}}: the tuning families
(corpus/_reference/spam-families-tuning/) the finder was built on, and held-out families written by someone
else and opened only once the finder was frozen. Reports print figures only, never the chains.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..text.spam import SpamFinder

TUNING_FAMILIES = Path("corpus") / "_reference" / "spam-families-tuning" / "spam_families.json"
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Family:
    name: str
    category: str
    chains: tuple[str, ...]


def load_families(path: Path) -> dict[str, Family]:
    """The families of a JSON file; a clear ValueError naming the file when it is not in the format."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        families = {name: Family(name, str(body.get("category", "")), tuple(str(c) for c in body["chains"] if str(c).strip()))
                    for name, body in sorted(data["families"].items())}
    except (KeyError, TypeError, AttributeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: not a families file ({{\"families\": {{name: {{\"category\", \"chains\"}}}}}}): {exc}") from None
    return {name: family for name, family in families.items() if family.chains}


@dataclass
class FamilyScore:
    category: str = ""
    spans: int = 0
    spans_caught: int = 0          # every word removed
    spans_mostly: int = 0          # at least half the words removed
    spam_words: int = 0
    spam_removed: int = 0

    def add(self, words: int, removed: int) -> None:
        """One injected span of `words` words, `removed` of them removed."""
        self.spans += 1
        self.spam_words += words
        self.spam_removed += removed
        self.spans_caught += removed == words
        self.spans_mostly += removed * 2 >= words

    @property
    def span_recall(self) -> float:
        return self.spans_caught / self.spans if self.spans else 1.0

    @property
    def word_recall(self) -> float:
        return self.spam_removed / self.spam_words if self.spam_words else 1.0

    def to_dict(self) -> dict:
        return {"category": self.category, "spans": self.spans, "span_recall": round(self.span_recall, 4),
                "spans_mostly": round(self.spans_mostly / self.spans, 4) if self.spans else 1.0,
                "word_recall": round(self.word_recall, 4)}


@dataclass
class SpamScore:
    spam_words: int = 0
    spam_removed: int = 0
    legit_words: int = 0
    legit_removed: int = 0
    injections: int = 0
    spans_caught: int = 0
    spans_mostly: int = 0
    false_alarm_texts: int = 0      # texts without injected spam where the finder removed something
    families: dict[str, FamilyScore] = field(default_factory=dict)
    styles: dict[str, FamilyScore] = field(default_factory=dict)    # by how the chain was injected (`style`)

    @property
    def recall(self) -> float:
        return self.spam_removed / self.spam_words if self.spam_words else 1.0

    @property
    def span_recall(self) -> float:
        return self.spans_caught / self.injections if self.injections else 1.0

    @property
    def precision(self) -> float:
        removed = self.spam_removed + self.legit_removed
        return self.spam_removed / removed if removed else 1.0

    @property
    def retention(self) -> float:
        return 1 - self.legit_removed / self.legit_words if self.legit_words else 1.0

    def to_dict(self) -> dict:
        return {"injections": self.injections, "spam_words": self.spam_words, "legit_words": self.legit_words,
                "span_recall": round(self.span_recall, 4),
                "spans_mostly": round(self.spans_mostly / self.injections, 4) if self.injections else 1.0,
                "recall": round(self.recall, 4), "precision": round(self.precision, 4),
                "legit_retention": round(self.retention, 5), "false_alarm_texts": self.false_alarm_texts,
                "families": {name: f.to_dict() for name, f in sorted(self.families.items())}}


def _mixed_case(chain: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.4:
        return chain
    if roll < 0.6:
        return chain.lower()
    if roll < 0.8:
        return " ".join(w[:1].upper() + w[1:] for w in chain.split())
    return chain.upper()


def style(text: str, span: tuple[int, int]) -> str:
    """How a chain sits in its text: on a line of its own or inside a sentence, and its case. A lower-case chain
    inside a sentence has neither odd capitals nor a line of its own to give it away."""
    start, end = span
    own_line = (start == 0 or text[start - 1] == "\n") and (end == len(text) or text[end] == "\n")
    chain = text[start:end]
    words = [w for w in chain.split() if w[:1].isalpha()]
    case = ("capitals" if chain.isupper() else "title case" if words and all(w[0].isupper() for w in words)
            else "lower case" if chain == chain.lower() else "mixed case")
    return f"{'own line' if own_line else 'in a sentence'}, {case}"


def inject(text: str, rng: random.Random, families: dict[str, Family]) -> tuple[str, tuple[int, int], str]:
    """The text with one spam chain injected (inside a sentence or as its own line), its span and family."""
    family = families[rng.choice(sorted(families))]
    chain = _mixed_case(rng.choice(family.chains), rng)
    words = list(_WORD.finditer(text))
    if len(words) < 6 or rng.random() < 0.3:
        cut = text.rfind("\n") if rng.random() < 0.5 else len(text)
        cut = cut if cut >= 0 else len(text)
        new = text[:cut] + "\n" + chain + "\n" + text[cut:]
        start = cut + 1
        return new, (start, start + len(chain)), family.name
    at = rng.randrange(2, len(words) - 1)
    pos = words[at].start()
    new = text[:pos] + chain + " " + text[pos:]
    return new, (pos, pos + len(chain)), family.name


def inject_some(texts: list[str], rng: random.Random, families: dict[str, Family],
                share: float) -> list[tuple[str, tuple[int, int] | None, str | None]]:
    """Each text with one chain injected, with probability `share`: (text, span, family); (text, None, None) if not."""
    return [inject(text, rng, families) if families and rng.random() < share else (text, None, None) for text in texts]


def score(texts: list[str], seed: int = 0, finder: SpamFinder | None = None, inject_share: float = 0.5,
          families: dict[str, Family] | None = None) -> SpamScore:
    """Inject spam into a share of the texts, fit the finder on them all (unless one is given) and score it."""
    families = families if families is not None else load_families(TUNING_FAMILIES)
    rng = random.Random(seed)
    injected = inject_some(texts, rng, families, inject_share)
    finder = finder or SpamFinder().fit(t for t, _, _ in injected)
    result = SpamScore(families={name: FamilyScore(f.category) for name, f in families.items()})
    for text, span, family in injected:
        found = [(s.start, s.end) for s in finder.find(text)]
        if found and span is None:
            result.false_alarm_texts += 1
        words = removed = 0
        for match in _WORD.finditer(text):
            gone = any(s < match.end() and match.start() < e for s, e in found)
            if span is not None and span[0] <= match.start() < span[1]:
                words += 1
                removed += gone
            else:
                result.legit_words += 1
                result.legit_removed += gone
        if span is None or family is None:
            continue
        result.injections += 1
        result.spam_words += words
        result.spam_removed += removed
        result.spans_caught += removed == words
        result.spans_mostly += removed * 2 >= words
        result.families[family].add(words, removed)
        result.styles.setdefault(style(text, span), FamilyScore()).add(words, removed)
    return result


def family_table(scores: dict[str, SpamScore], kind: str) -> list[str]:
    """Markdown rows: one per family and corpus, figures only (the chains are never printed)."""
    lines = [f"| {kind} family | category | corpus | spans | span recall | ≥ half removed | word recall |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for corpus, result in scores.items():
        for name, fam in sorted(result.families.items()):
            lines.append(f"| {name} | {fam.category} | {corpus} | {fam.spans} | {fam.span_recall:.3f} | "
                         f"{(fam.spans_mostly / fam.spans if fam.spans else 1):.3f} | {fam.word_recall:.3f} |")
    return lines


def style_table(scores: dict[tuple[str, str], SpamScore]) -> list[str]:
    """Markdown rows: span recall by how the chains were injected, per families file and corpus."""
    lines = ["| families | corpus | injected | spans | span recall | word recall |", "| --- | --- | --- | --- | --- | --- |"]
    for (kind, corpus), result in scores.items():
        for name, stats in sorted(result.styles.items()):
            lines.append(f"| {kind} | {corpus} | {name} | {stats.spans} | {stats.span_recall:.3f} | {stats.word_recall:.3f} |")
    return lines


def summary_table(scores: dict[str, SpamScore]) -> list[str]:
    lines = ["| families | corpus | spans | span recall | ≥ half removed | word recall | precision | real words kept | false-alarm texts |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for key, r in scores.items():
        d = r.to_dict()
        lines.append(f"| {key[0]} | {key[1]} | {r.injections} | {d['span_recall']:.4f} | {d['spans_mostly']:.4f} | "
                     f"{d['recall']:.4f} | {d['precision']:.4f} | {d['legit_retention']:.5f} | {r.false_alarm_texts} |")
    return lines


def evaluate(histories: dict[str, list[str]], families_files: dict[str, Path], seed: int = 7,
             share: float = 0.5) -> dict:
    """Scores per (families, history), and false alarms per history with nothing injected. `share`: the share of
    texts given a chain. At 0.5 each chain of a family file lands in a history of 5,000 texts about nine times,
    as a campaign's spam repeats across a scraped archive; at 0.05 about once, as a lone injection would."""
    scores = {}
    for kind, path in families_files.items():
        families = load_families(path)
        for name, texts in histories.items():
            scores[kind, name] = score(texts, seed=seed, families=families, inject_share=share)
    quiet = {}
    for name, texts in histories.items():
        finder = SpamFinder().fit(texts)
        quiet[name] = sum(1 for text in texts if finder.find(text))
    return {"scores": scores, "no_injection_texts_with_removals": quiet}


def markdown(result: dict) -> list[str]:
    scores = result["scores"]
    lines = summary_table(scores) + [""] + style_table(scores) + [""]
    for kind in dict.fromkeys(k for k, _ in scores):
        lines += family_table({name: r for (k, name), r in scores.items() if k == kind}, kind) + [""]
    lines.append("Texts with something removed when nothing was injected: "
                 + ", ".join(f"{name} {n}" for name, n in result["no_injection_texts_with_removals"].items()))
    return lines


def main(argv: list[str] | None = None) -> None:
    import argparse

    from ..records import JsonlStream, Record

    parser = argparse.ArgumentParser(description="Spam injection recall per family (figures only, never the chains).")
    parser.add_argument("records", nargs="+", type=Path, help="outputs/<history>/ingest/records.jsonl")
    parser.add_argument("--families", action="append", default=[], metavar="KIND=PATH",
                        help="families file to report apart, e.g. held-out=/path/spam_families.json (tuning is always reported)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--share", type=float, default=0.5,
                        help="share of texts given a chain (0.5: each chain repeats across the history; 0.05: about once)")
    args = parser.parse_args(argv)
    files = {"tuning": TUNING_FAMILIES}
    for item in args.families:
        kind, _, path = item.partition("=")
        files[kind] = Path(path)
    histories = {p.parent.parent.name: [r.text for r in JsonlStream(p, Record)] for p in args.records}
    print("\n".join(markdown(evaluate(histories, files, args.seed, args.share))))


if __name__ == "__main__":
    main()
