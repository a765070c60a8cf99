"""Chapters: one draft learning-history chapter per theme, plus an index, in Markdown, HTML and Word.

Each is a draft a writer can start from: its quotes split into sections by sub-theme and ordered to be read, each
shown with the question it answered; the historians' column says what the data shows (who speaks and who does
not, where roles differ, a contrasting pair, the updates' events of the same months) and asks a few questions
only this chapter raises. A timeline of the update texts' narrative opens it; a theme without participants'
words leads with those texts. chapters.json holds every chapter's structure for other tools and checks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict
from typing import Any

from ..chapters.build import ChapterBuilder, HistoryView
from ..chapters.draft import Chapter
from ..chapters.write import docx, html, index_html, index_markdown, markdown
from ..records import Assignment, Context, JsonlStream, Passage, Tags, read_json, write_json
from ..stage import Stage, StageContext


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
        selection = read_json(ctx.input("select", "selected.json"))
        selected = selection["themes"]
        passages = {p.id: p for p in JsonlStream(ctx.input("clean", "passages.jsonl"), Passage)}
        contexts = {c.id: c.text for c in JsonlStream(ctx.input("clean", "context.jsonl"), Context)}
        tags = {t.id: t for t in JsonlStream(ctx.input("tag", "tags.jsonl"), Tags)}
        members: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for a in JsonlStream(ctx.input("themes", "assignments.jsonl"), Assignment):
            if a.theme is not None:
                members[a.theme].append((a.id, a.weight))
        critical = {pid for ids in selection.get("critical_voices", {}).values() for pid in ids}
        view = HistoryView.build(passages, tags, contexts, members, critical)
        builder = ChapterBuilder(view, ctx.settings.timeline_entries, ctx.settings.timeline_min_weight)
        chapters: list[Chapter] = []
        used: dict[str, list[str]] = {}
        for theme in themes:
            chapter = builder.build(theme, selected.get(theme["id"], []))
            chapter.note = theme.get("note")
            chapters.append(chapter)
            for quote in chapter.quotes:
                used.setdefault(quote.id, []).append(theme["id"])
            (ctx.dir / f"{chapter.slug}.md").write_text(markdown(chapter), encoding="utf-8")
            (ctx.dir / f"{chapter.slug}.html").write_text(html(chapter), encoding="utf-8")
            docx(chapter, ctx.dir / f"{chapter.slug}.docx")
        (ctx.dir / "index.md").write_text(index_markdown(title, chapters), encoding="utf-8")
        (ctx.dir / "index.html").write_text(index_html(title, chapters), encoding="utf-8")
        write_json(ctx.dir / "used_quotes.json", {pid: sorted(tids) for pid, tids in sorted(used.items())})
        write_json(ctx.dir / "chapters.json", [asdict(c) for c in chapters])
        return {"chapters": len(chapters), "quotes": sum(len(c.quotes) for c in chapters),
                "sections": sum(len(c.sections) for c in chapters),
                "chapters_led_by_updates": sum(c.narrative_only for c in chapters),
                "timeline_entries": sum(len(c.timeline) for c in chapters)}
