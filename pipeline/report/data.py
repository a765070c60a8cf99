"""The numbers behind the theme report, gathered from the stages' outputs (and written as report.json)."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from ..records import QUOTE_KINDS, Assignment, Document, JsonlStream, Passage, Removal, Tags, read_json
from ..stage import StageContext

# Ledger reasons whose removed text may itself be private: the report counts them but never shows the text.
PRIVATE_REASONS = {"name", "pii", "attribution"}


def _period(dates: list[str]) -> str:
    """'month' when the dated passages span under three years, else 'year'."""
    years = sorted({d[:4] for d in dates if d})
    return "month" if len(years) <= 3 else "year"


def _bucket(date: str | None, period: str) -> str | None:
    if not date:
        return None
    return date[:7] if period == "month" and len(date) >= 7 else date[:4]


def short_source(document: Document | None, doc: str, role: str | None = None) -> str:
    """A source as a column label: an interview by its number and the interviewee's role, never a name."""
    if document is None:
        return doc
    if document.kind == "interview":
        who = role or document.role or "interview"
        return f"{doc.split('-')[-1]} · {who}"
    return f"{(document.date or '')[:7]} · {Path(document.source).stem[:12]}"


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
    period = _period([p.date for p in passages.values() if p.date])
    periods = sorted({b for p in passages.values() if (b := _bucket(p.date, period))})
    per_period_total: Counter = Counter(_bucket(p.date, period) for p in passages.values())
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
            "merged": theme.get("merged", []),
            "terms": theme["terms"],
            "share": round(len(members) / max(1, len(passages)), 4),
            "codes": [{"code": c, "passages": n, "share": round(n / max(1, len(members)), 3)} for c, n in codes.most_common(8)],
            "sources": [{"doc": d, "label": short_source(documents.get(d), d, doc_role.get(d)), "passages": n} for d, n in sources.most_common()],
            "roles": [{"role": r, "quotes": n} for r, n in roles.most_common(8)],
            "over_time": {b: round(over_time.get(b, 0) / max(1, per_period_total.get(b, 0)), 4) for b in periods},
            "tone": dict(sorted(tones.items())),
            "quotes": quotes,
        })
    removed_examples: dict[str, list[dict]] = defaultdict(list)
    for entry in JsonlStream(ctx.upstream("clean") / "removed.jsonl", Removal):
        if entry.reason in PRIVATE_REASONS or len(removed_examples[entry.reason]) >= 4:
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
        "model": {k: themes[k] for k in ("model", "k", "k_chosen_by", "coherence_npmi", "stability", "diversity",
                                         "assign_threshold", "unassigned", "unassigned_share", "vocabulary")},
        "k_scores": k_scores["scores"],
        "period": period,
        "periods": periods,
        "themes": theme_rows,
        "sources": [{"doc": d, "label": short_source(documents.get(d), d, doc_role.get(d))} for d in doc_order],
        "codebook": codebook,
        "removed_examples": dict(sorted(removed_examples.items())),
        "private_reasons": sorted(PRIVATE_REASONS),
    }
