"""The numbers behind the theme report, gathered from the stages' outputs (and written as report.json)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from ..people.registry import name_key, person_name_words
from ..records import QUOTE_KINDS, Assignment, Document, JsonlStream, Passage, Removal, Tags, read_json
from ..stage import StageContext
from ..text.pii import pii_edits

# Ledger reasons whose removed text may itself be private: the report counts them but never shows the text.
PRIVATE_REASONS = {"name", "pii", "attribution"}
_WORD = re.compile(r"[^\W\d_][\w’'-]*")


# A house number and a capitalised word, or a post office box: what spam removal may have taken from a real
# address ("311 Vermont", "Granbury Road, Box 567"), which the audit must not show.
_ADDRESS_SHAPE = re.compile(r"\b\d{2,5}\s+[A-Z][a-z]+|\bBox\s+\d+")


def shows_contact_details(text: str) -> bool:
    """Whether removed text holds what looks like an address, a phone number or an e-mail address."""
    return bool(pii_edits(text)) or _ADDRESS_SHAPE.search(text) is not None


def names_someone(text: str, name_words: frozenset[str]) -> bool:
    """Whether removed text holds a capitalised word of a private person's name: text another reason removed
    (spam that took a name with it, " Kranz") is shown in the report only when it names nobody."""
    return any(w[0].isupper() and name_key(w) in name_words for w in _WORD.findall(text))


def _period(dates: list[str]) -> str:
    """'month' when the dated passages span under three years, else 'year'."""
    years = sorted({d[:4] for d in dates if d})
    return "month" if len(years) <= 3 else "year"


def _bucket(date: str | None, period: str) -> str | None:
    if not date:
        return None
    return date[:7] if period == "month" and len(date) >= 7 else date[:4]


MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
MAX_SOURCE_COLUMNS = 40          # beyond this the sources heat map groups the smallest sources as "other"
MIN_PERIOD_SOURCES = 3           # a period on the prevalence chart needs this many sources...
MIN_PERIOD_PASSAGES = 20         # ...and this many passages, or one interview would pass for a trend


def _month(date: str | None) -> str:
    if not date or len(date) < 7:
        return date or "undated"
    return f"{MONTHS[int(date[5:7]) - 1]} {date[:4]}"


def source_label(document: Document | None, doc: str, role: str | None = None, section: str | None = None) -> str:
    """A source as a reader can place it, never a file hash and never a name: an interview by its number and the
    interviewee's role; an update page by its month and its first cleaned heading; else the file name."""
    if document is None:
        return doc
    if document.kind == "interview":
        number = doc.rsplit("-", 1)[-1] if doc.rsplit("-", 1)[-1].isdigit() else doc
        return f"{number} · {role or document.role or 'interview'}"
    if document.kind == "update":
        return f"{_month(document.date)} · {section}" if section else f"{_month(document.date)} · update page"
    return f"{Path(document.source).name}"


def _with_labels(text: str, labels: dict[str, str]) -> str:
    """A flag's words with document ids (file hashes for update pages) as the sources' labels."""
    for doc, label in labels.items():
        if doc in text:
            text = text.replace(doc, label)
    return text


def _period_note(periods: list[str], dated: list[str], period: str, sources: dict[str | None, set[str]]) -> str:
    """Why the prevalence chart is missing or partial, in a sentence (empty when every dated period is shown)."""
    if not dated:
        return "No passage is dated, so there is no chart of themes over time."
    if not periods:
        most = max(len(sources[b]) for b in dated)
        return (f"No chart of themes over time: the dates here hold at most {most} source(s) per {period}, too few to tell "
                f"a trend from one interview or page (a {period} needs {MIN_PERIOD_SOURCES} sources and "
                f"{MIN_PERIOD_PASSAGES} passages).")
    left_out = len(dated) - len(periods)
    return (f"{left_out} {period}(s) with fewer than {MIN_PERIOD_SOURCES} sources or {MIN_PERIOD_PASSAGES} passages are left out."
            if left_out else "")


MIN_QUOTES_PER_THEME = 5    # participants' passages a theme needs for a chapter of its own voices


def material_warning(quotable: int, per_theme: dict[str, int]) -> str | None:
    """A warning when the history has too little quotable material for chapters: fewer participants' passages
    than MIN_QUOTES_PER_THEME per theme overall, or themes with fewer than that (or none at all)."""
    short = sorted(t for t, n in per_theme.items() if n == 0)
    thin = sorted(t for t, n in per_theme.items() if 0 < n < MIN_QUOTES_PER_THEME)
    if quotable >= MIN_QUOTES_PER_THEME * max(1, len(per_theme)) and not short and not thin:
        return None
    text = (f"Too little quotable material for chapters: {quotable} passages of participants’ own words for "
            f"{len(per_theme)} themes (a chapter needs {MIN_QUOTES_PER_THEME} or more to choose from).")
    if thin:
        text += f" {', '.join(f'{t} has {per_theme[t]}' for t in thin)}."
    if short:
        text += (f" {len(short)} theme{'s have' if len(short) > 1 else ' has'} none ({', '.join(short)}): "
                 "their chapters lead with the update texts instead.")
    return text + " Interviews or quote sheets would give the chapters participants’ voices."


def gather(ctx: StageContext) -> dict[str, Any]:
    """Everything the report shows, read through the stage's declared upstream folders."""
    history = ctx.history
    settings = history.settings()
    documents = {d.doc: d for d in JsonlStream(ctx.input("ingest", "documents.jsonl"), Document)}
    passages = {p.id: p for p in JsonlStream(ctx.upstream("clean") / "passages.jsonl", Passage)}
    tags = {t.id: t for t in JsonlStream(ctx.input("tag", "tags.jsonl"), Tags)}
    assignments = {a.id: a for a in JsonlStream(ctx.input("themes", "assignments.jsonl"), Assignment)}
    themes = read_json(ctx.input("themes", "themes.json"))
    k_scores = read_json(ctx.input("themes", "k_scores.json"))
    selected = read_json(ctx.input("select", "selected.json"))["themes"]
    clean_counts = ctx.upstream_manifest("clean").get("counts", {})
    codebook = [c["name"] for c in read_json(ctx.input("tag", "codebook.json"))]

    roles_by_doc: dict[str, Counter] = defaultdict(Counter)
    for p in passages.values():
        if p.kind in QUOTE_KINDS and p.role:
            roles_by_doc[p.doc][p.role] += 1
    doc_role = {d: c.most_common(1)[0][0] for d, c in roles_by_doc.items()}
    doc_section: dict[str, str] = {}
    for p in passages.values():
        if p.section and p.doc not in doc_section:
            doc_section[p.doc] = p.section
    labels = {d: source_label(documents.get(d), d, doc_role.get(d), doc_section.get(d)) for d in documents}
    period = _period([p.date for p in passages.values() if p.date])
    per_period_total: Counter = Counter(_bucket(p.date, period) for p in passages.values())
    period_sources: dict[str | None, set[str]] = defaultdict(set)
    for p in passages.values():
        period_sources[_bucket(p.date, period)].add(p.doc)
    periods = sorted(b for b in period_sources if b and len(period_sources[b]) >= MIN_PERIOD_SOURCES
                     and per_period_total[b] >= MIN_PERIOD_PASSAGES)
    dated_periods = sorted(b for b in period_sources if b)
    if len(periods) < 3:
        periods = []
    theme_rows = []
    for theme in themes["themes"]:
        tid = theme["id"]
        members = [pid for pid, a in assignments.items() if a.theme == tid]
        codes: Counter = Counter()
        sources: Counter = Counter()
        roles: Counter = Counter()
        over_time: Counter = Counter()
        tones: Counter = Counter()
        for pid in members:
            p, t = passages[pid], tags[pid]
            codes.update(t.codes)
            sources[p.doc] += 1
            if p.kind in QUOTE_KINDS:
                roles[p.role or "participant"] += 1
            over_time[_bucket(p.date, period)] += 1
            tones[t.tone_label] += 1
        quotes = []
        for pid in selected.get(tid, [])[:10]:
            p = passages[pid]
            quotes.append({"id": pid, "text": p.text, "role": p.role or "participant", "source": p.source,
                           "doc": p.doc, "date": p.date, "tone": tags[pid].tone_label,
                           "weight": assignments[pid].weight})
        theme_rows.append({
            **{k: theme[k] for k in ("id", "label", "size", "coherence", "phrases", "seed")},
            "model_label": theme.get("model_label"),
            "renamed": bool(theme.get("renamed")),
            "merged": theme.get("merged", []),
            "split_from": theme.get("split_from"),
            "note": theme.get("note"),
            "flags": [{**f, "detail": _with_labels(f["detail"], labels)} for f in theme.get("flags", [])],
            "label_terms": theme.get("label_terms", []),
            "matched_codes": theme.get("codes", []),
            "yaml": theme.get("yaml", ""),
            "terms": theme["terms"],
            "share": round(len(members) / max(1, len(passages)), 4),
            "codes": [{"code": c, "passages": n, "share": round(n / max(1, len(members)), 3)} for c, n in codes.most_common()],
            "sources": [{"doc": d, "label": labels.get(d, d), "passages": n} for d, n in sources.most_common()],
            "roles": [{"role": r, "quotes": n} for r, n in roles.most_common(8)],
            "over_time": {b: round(over_time.get(b, 0) / max(1, per_period_total.get(b, 0)), 4) for b in periods},
            "tone": dict(sorted(tones.items())),
            "quotes": quotes,
        })
    quotable_per_theme = {t["id"]: sum(1 for pid, a in assignments.items() if a.theme == t["id"] and passages[pid].quotable
                                       and passages[pid].kind in QUOTE_KINDS) for t in themes["themes"]}
    removed_examples: dict[str, list[dict]] = defaultdict(list)
    name_words = person_name_words(ctx.upstream("clean") / "pseudonyms.json")
    for entry in JsonlStream(ctx.upstream("clean") / "removed.jsonl", Removal):
        if entry.reason in PRIVATE_REASONS or len(removed_examples[entry.reason]) >= 4 \
                or names_someone(entry.text, name_words) or shows_contact_details(entry.text):
            continue
        removed_examples[entry.reason].append({"record": entry.record, "text": entry.text[:200], "detail": entry.detail})
    doc_order = [d for d in documents if any(p.doc == d for p in passages.values())]
    return {
        "history": history.name,
        "title": history.title,
        "description": settings.description,
        "counts": {
            "sources": len(documents),
            "passages": len(passages),
            "quotes": sum(1 for p in passages.values() if p.quotable),
            "context_questions": clean_counts.get("context_questions", 0),
            "removed": clean_counts.get("removed", 0),
            "removed_by_reason": clean_counts.get("removed_by_reason", {}),
        },
        "model": {**{k: themes[k] for k in ("model", "k", "k_chosen_by", "coherence_npmi", "stability", "diversity",
                                            "assign_threshold", "unassigned", "unassigned_share", "vocabulary")},
                  "k_range": themes.get("k_range"), "flags": themes.get("flags", []), "excluded": themes.get("excluded", 0)},
        "k_scores": k_scores["scores"],
        "period": period,
        "periods": periods,
        "themes": theme_rows,
        "sources": [{"doc": d, "label": labels.get(d, d)} for d in doc_order],
        "dated_periods": dated_periods,
        "period_note": _period_note(periods, dated_periods, period, period_sources),
        "codebook": codebook,
        "removed_examples": dict(sorted(removed_examples.items())),
        "private_reasons": sorted(PRIVATE_REASONS),
        "warnings": [w for w in [material_warning(sum(1 for p in passages.values() if p.quotable and p.kind in QUOTE_KINDS),
                                                  quotable_per_theme)] if w],
    }
