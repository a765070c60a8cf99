"""Select: each theme's representative quotes (outputs/<history>/quotes/<theme>.csv, selected.json) and the
searchable quote store outputs/<history>/quotes/quotes.sqlite that `lh quotes` reads.

Only participants' words are candidates (interview answers, quote-sheet rows, quoted speech in updates),
never an interviewer's question; they are already private (clean replaced names and contact details).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from .. import manifest as mf
from ..nlp.critical import MODEL_FILE, critical_voices
from ..quotes.selection import Candidate, QuoteSelector
from ..quotes.standalone import choppiness, crowding, dangling
from ..quotes.store import STORE, build
from ..records import QUOTE_KINDS, Assignment, Context, JsonlStream, Passage, Tags, read_json, write_json
from ..render.safe import SafeCsvWriter
from ..stage import Stage, StageContext
from ..themes.overrides import load_overrides
from .model import EMBEDDINGS

CRITICAL_MEMO = "critical_memo.jsonl"   # each quotable passage's critical-voice assessment, by text hash

CSV_COLUMNS = ("theme", "theme_label", "rank", "passage", "role", "source", "date", "tone", "weight", "codes", "text",
               "question")


class Select(Stage):
    name = "select"
    dirname = "quotes"
    reads = {"themes": ("themes.json", "assignments.jsonl"), "clean": ("passages.jsonl", "context.jsonl"),
             "tag": ("tags.jsonl",), "model": (EMBEDDINGS,)}     # the embeddings: only a cache for critical voices
    config_files = ("themes.yaml",)          # its `quotes:` decisions: pin, exclude, critical, not_critical
    example = "lh select corpus/public-service-oral-histories"
    summary = "Choose each theme's representative quotes; build the searchable quote store."

    def input_digests(self, history) -> dict[str, str]:
        """The fitted critical-voice model too: a refit (tools/fit_critical.py fit) changes the quotes offered."""
        return {**super().input_digests(history), "pipeline/data/critical_model.json": mf.sha256_file(MODEL_FILE)}

    def run(self, ctx: StageContext) -> dict[str, Any]:
        s = ctx.settings
        themes = read_json(ctx.input("themes", "themes.json"))
        labels = {t["id"]: t["label"] for t in themes["themes"]}
        passages = {p.id: p for p in JsonlStream(ctx.input("clean", "passages.jsonl"), Passage)}
        contexts = {c.id: c.text for c in JsonlStream(ctx.input("clean", "context.jsonl"), Context)}
        tags = {t.id: t for t in JsonlStream(ctx.input("tag", "tags.jsonl"), Tags)}
        assignments = {a.id: a for a in JsonlStream(ctx.input("themes", "assignments.jsonl"), Assignment)}

        theme_terms = {t["id"]: {e["term"]: e["weight"] for e in t["terms"]} for t in themes["themes"]}
        candidates: dict[str, list[Candidate]] = defaultdict(list)
        decided = ctx.read_config("themes.yaml", load_overrides).quotes
        pinned, left_out = set(decided["pin"]), set(decided["exclude"])
        found = critical_voices({i: p.text for i, p in passages.items() if p.quotable and p.kind in QUOTE_KINDS},
                                cache=ctx.input("model", EMBEDDINGS), threads=ctx.jobs,
                                memo=ctx.previous / CRITICAL_MEMO if ctx.previous else None,
                                memo_out=ctx.dir / CRITICAL_MEMO)
        critical = {pid: a.probability for pid, a in found.items()}
        critical.update({pid: 1.0 for pid in decided["critical"]})           # the researchers' reading wins
        critical.update({pid: 0.0 for pid in decided["not_critical"]})
        for pid in sorted((pinned | left_out) - set(assignments)):
            ctx.problems.warning(ctx.history.config_path("themes.yaml"), f"quotes: passage {pid} is not in this run (ignored)")
        for pid, a in assignments.items():
            p = passages.get(pid)
            if a.theme is None or p is None or not p.quotable or p.kind not in QUOTE_KINDS or pid in left_out:
                continue
            if a.weak_fit and not (a.pinned or pid in pinned):    # a weak fit is never shown as representative
                continue
            fit = a.fit if a.fit is not None and a.fit > 0 else 1.0
            candidates[a.theme].append(Candidate(pid, p.doc, p.role, p.text,
                                                 _typicality(tags[pid].terms, theme_terms[a.theme]) * a.weight * fit,
                                                 tags[pid].tone_label, pid in pinned, critical.get(pid, 0.0), dangling(p),
                                                 choppiness(p), crowding(p)))
        for items in candidates.values():   # scale to 0..1 within the theme
            top = max((c.weight for c in items), default=0) or 1.0
            for c in items:
                c.weight = round(c.weight / top, 6)
        selector = QuoteSelector(s.per_theme, s.max_similarity, s.max_share, critical_slots=s.critical_slots)
        selected: dict[str, list[str]] = {}
        rank_of: dict[str, int] = {}
        for theme_id in sorted(labels):
            chosen = selector.select(candidates.get(theme_id, []))
            selected[theme_id] = [c.id for c in chosen]
            for rank, c in enumerate(chosen, 1):
                rank_of[c.id] = rank
            self._write_csv(ctx, theme_id, labels[theme_id], chosen, passages, tags, assignments, contexts)
        voices = {t: [i for i in ids if critical.get(i, 0) > 0] for t, ids in selected.items()}
        write_json(ctx.dir / "selected.json", {"per_theme": s.per_theme, "themes": selected, "critical_voices": voices,
                                               "critical_reasons": _reasons(voices, found, decided)})

        def rows():      # every passage: participants' words and the update texts' own paragraphs (kind tells which)
            for pid, p in passages.items():
                if p.kind in QUOTE_KINDS and not p.quotable:
                    continue
                a, t = assignments.get(pid), tags[pid]
                yield {"id": pid, "doc": p.doc, "source": p.source, "kind": p.kind, "role": p.role, "date": p.date,
                       "section": p.section,
                       "theme": a.theme if a else None, "theme_label": labels.get(a.theme) if a and a.theme else None,
                       "weight": a.weight if a else None, "tone": t.tone, "tone_label": t.tone_label, "codes": t.codes,
                       "places": t.places, "text": p.text, "context": contexts.get(p.context) if p.context else None,
                       "selected_rank": rank_of.get(pid)}

        stored = build(ctx.dir / STORE, rows())
        short = {t: len(ids) for t, ids in selected.items() if len(ids) < s.per_theme}
        return {"themes": len(selected), "selected": sum(len(v) for v in selected.values()), "stored": stored,
                "themes_short_of_quotes": short, "critical_voices_found": len(found),
                "critical_slots_filled": sum(1 for ids in voices.values() if ids)}

    @staticmethod
    def _write_csv(ctx, theme_id, label, chosen, passages, tags, assignments, contexts) -> None:
        with open(ctx.dir / f"{theme_id}.csv", "w", newline="", encoding="utf-8") as handle:
            writer = SafeCsvWriter(handle)
            writer.writerow(CSV_COLUMNS)
            for rank, c in enumerate(chosen, 1):
                p = passages[c.id]
                writer.writerow([theme_id, label, rank, c.id, p.role or "", p.source, p.date or "", tags[c.id].tone_label,
                                 f"{assignments[c.id].weight:.3f}", "; ".join(tags[c.id].codes), p.text,
                                 contexts.get(p.context, "") if p.context else ""])


def _reasons(voices: dict[str, list[str]], found: dict, decided: dict) -> dict[str, dict]:
    """Why each chosen critical voice was offered: the researchers' decision, or the model's probability, cue words
    and what the meaning and each feature added (pipeline/nlp/critical.py)."""
    marked = set(decided["critical"])
    return {pid: {"marked_by": "themes.yaml"} if pid in marked else found[pid].to_dict()
            for ids in voices.values() for pid in ids}


def _typicality(terms: list[str], theme_terms: dict[str, float]) -> float:
    """How much of the theme's characteristic vocabulary a passage uses (each term counted once)."""
    present = set(terms)
    return sum(w for t, w in theme_terms.items() if t in present) / (sum(theme_terms.values()) or 1.0)
