"""Chapters: one draft learning-history chapter per theme, plus an index, in Markdown, HTML and Word.

Each opens with a short timeline from the dated update texts that speak to the theme, then gives the
theme's representative quotes in the two-column form with the historians' prompts beside them.
"""

from __future__ import annotations

import re
from typing import Any

from ..chapters.draft import Chapter, ChapterQuote, TimelineEntry
from ..chapters.write import docx, html, index_html, index_markdown, markdown
from ..records import UPDATE, Assignment, Context, JsonlStream, Passage, Tags, read_json, write_json
from ..stage import Stage, StageContext
from ..text.segment import sentences


def _first_sentences(text: str, n: int = 2, limit: int = 320) -> str:
    text = re.sub(r"^\s*(?:\d{1,3}|[ivx]{1,5}|[a-z])[.)]\s+", "", text)   # "14. The pros..." -> "The pros..."
    spans = sentences(text)[:n]
    out = text[spans[0].start:spans[-1].end] if spans else text
    return out if len(out) <= limit else out[:limit].rsplit(" ", 1)[0] + " …"


def _question_asked(text: str, limit: int = 240) -> str:
    """The part of an interviewer's turn that asks: its last question (with the sentence before it when the
    question is short), else its last two sentences; "Dumaguete. Okay." openers are left out."""
    spans = sentences(text)
    if not spans:
        return _first_sentences(text, 2, limit)
    asks = [i for i, s in enumerate(spans) if text[s.start:s.end].rstrip(" ”\"’')]").endswith("?")]
    last = asks[-1] if asks else len(spans) - 1
    first = last - 1 if last > 0 and (not asks or len(text[spans[last].start:spans[last].end].split()) < 8) else last
    out = text[spans[first].start:spans[last].end]
    return out if len(out) <= limit else "… " + out[-limit:].split(" ", 1)[-1]


class Chapters(Stage):
    name = "chapters"
    reads = {"select": ("selected.json",), "themes": ("themes.json", "assignments.jsonl"),
             "clean": ("passages.jsonl", "context.jsonl"), "tag": ("tags.jsonl",)}
    config_files = ("history.toml",)
    example = "lh chapters corpus/public-service-oral-histories"
    summary = "Draft one learning-history chapter per theme (Markdown, HTML, Word) and an index."

    def run(self, ctx: StageContext) -> dict[str, Any]:
        title = ctx.history.title
        themes = read_json(ctx.input("themes", "themes.json"))["themes"]
        selected = read_json(ctx.input("select", "selected.json"))["themes"]
        passages = {p.id: p for p in JsonlStream(ctx.input("clean", "passages.jsonl"), Passage)}
        contexts = {c.id: c.text for c in JsonlStream(ctx.input("clean", "context.jsonl"), Context)}
        tones = {t.id: t.tone_label for t in JsonlStream(ctx.input("tag", "tags.jsonl"), Tags)}
        assignments = list(JsonlStream(ctx.input("themes", "assignments.jsonl"), Assignment))
        chapters: list[Chapter] = []
        used: dict[str, list[str]] = {}
        for theme in themes:
            tid = theme["id"]
            quotes = []
            for pid in selected.get(tid, []):
                p = passages[pid]
                question = _question_asked(contexts[p.context]) if p.context and p.context in contexts else None
                quotes.append(ChapterQuote(pid, p.text, p.role or "participant", p.date, p.source, tones.get(pid, "neutral"), question))
                used.setdefault(pid, []).append(tid)
            timeline = sorted(
                (TimelineEntry(passages[a.id].date, _first_sentences(passages[a.id].text), a.id)
                 for a in assignments
                 if a.theme == tid and a.weight >= ctx.settings.timeline_min_weight
                 and passages[a.id].kind == UPDATE and passages[a.id].date and passages[a.id].words >= 12),
                key=lambda e: (e.date, e.id))
            if len(timeline) > ctx.settings.timeline_entries:
                step = len(timeline) / ctx.settings.timeline_entries
                timeline = [timeline[int(i * step)] for i in range(ctx.settings.timeline_entries)]
            terms = [e["label"] for e in theme["terms"]]
            chapter = Chapter(tid, theme["label"][:1].upper() + theme["label"][1:], terms, quotes, timeline)
            chapters.append(chapter)
            (ctx.dir / f"{tid}.md").write_text(markdown(chapter), encoding="utf-8")
            (ctx.dir / f"{tid}.html").write_text(html(chapter), encoding="utf-8")
            docx(chapter, ctx.dir / f"{tid}.docx")
        (ctx.dir / "index.md").write_text(index_markdown(title, chapters), encoding="utf-8")
        (ctx.dir / "index.html").write_text(index_html(title, chapters), encoding="utf-8")
        write_json(ctx.dir / "used_quotes.json", {pid: sorted(tids) for pid, tids in sorted(used.items())})
        return {"chapters": len(chapters), "quotes": sum(len(c.quotes) for c in chapters),
                "timeline_entries": sum(len(c.timeline) for c in chapters)}
