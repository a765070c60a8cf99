"""Chapters written as Markdown, HTML (self-contained) and DOCX (a real two-column table, python-docx)."""

from __future__ import annotations

import re
from pathlib import Path

from ..records import save_docx
from ..render import render
from ..render.safe import md_code, md_inline, xml_text
from .draft import Chapter


def _md(text: str) -> str:
    return md_inline(text, table=True)


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def _attribution(quote) -> str:
    return f"— {quote.role}{', ' + quote.date if quote.date else ''} [{quote.id}]"


def markdown(chapter: Chapter) -> str:
    lines = [f"# {_md(chapter.title)}", "", f"*Draft chapter for theme {chapter.theme}.* {_md(chapter.opening())}", ""]
    if chapter.timeline:
        lines += ["## Timeline from the update texts", ""]
        lines += [f"- **{_md(e.date)}** {_md(e.text)} {md_code(e.id)}" for e in chapter.timeline]
        lines.append("")
    lines += ["## In their own words", "", "| Historians’ commentary and questions | Participants’ words |", "| --- | --- |"]
    for left, quote in chapter.rows():
        right = ("<br><br>".join(_md(p) for p in _paragraphs(quote.text))
                 + f"<br>*— {_md(quote.role)}{', ' + _md(quote.date) if quote.date else ''}* {md_code(quote.id)}") if quote else ""
        lines.append(f"| {_md(left)} | {right} |")
    return "\n".join(lines) + "\n"


def html(chapter: Chapter) -> str:
    return render("chapter.html", chapter=chapter, attribution=_attribution, paragraphs=_paragraphs)


def docx(chapter: Chapter, path: Path) -> None:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.add_heading(xml_text(chapter.title), level=1)
    document.add_paragraph().add_run(xml_text(f"Draft chapter for theme {chapter.theme}. {chapter.opening()}")).italic = True
    if chapter.timeline:
        document.add_heading("Timeline from the update texts", level=2)
        for entry in chapter.timeline:
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(xml_text(entry.date) + " ").bold = True
            paragraph.add_run(xml_text(entry.text))
    document.add_heading("In their own words", level=2)
    rows = chapter.rows()
    table = document.add_table(rows=1 + len(rows), cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text = "Historians’ commentary and questions"
    table.rows[0].cells[1].text = "Participants’ words"
    for i, (left, quote) in enumerate(rows, 1):
        left_cell, right_cell = table.rows[i].cells
        run = left_cell.paragraphs[0].add_run(xml_text(left))
        run.italic = True
        if quote:
            right_cell.paragraphs[0].add_run(xml_text(quote.text))
            who = right_cell.add_paragraph().add_run(xml_text(_attribution(quote)))
            who.italic = True
            who.font.size = Pt(9)
    save_docx(document, path)


def index_markdown(title: str, chapters: list[Chapter]) -> str:
    lines = [f"# {_md(title)}: draft chapters", "", "| theme | chapter | quotes |", "| --- | --- | --- |"]
    lines += [f"| {_md(c.theme)} | [{_md(c.title)}]({c.slug}.md) ([HTML]({c.slug}.html), [Word]({c.slug}.docx)) | {len(c.quotes)} |" for c in chapters]
    return "\n".join(lines) + "\n"


def index_html(title: str, chapters: list[Chapter]) -> str:
    return render("chapters_index.html", title=title, chapters=chapters)
