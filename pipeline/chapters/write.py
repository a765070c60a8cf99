"""Chapters written as Markdown, HTML (self-contained) and Word (two-column tables, python-docx).

In Word the left column takes a third of the page and the right two thirds; every heading, quote, attribution
and note has a named style (Heading 1/2, "LH Quote", "LH Attribution", "LH Question", "LH Commentary",
"LH Writers"), so a writer restyles the whole chapter by changing a style.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..records import save_docx
from ..render import render
from ..render.safe import md_code, md_inline, xml_text
from .draft import COMMENTARY, CONTEXT, QUESTION, WRITERS, Chapter

LEFT_HEADER = "Historians’ commentary"
RIGHT_HEADER = "Participants’ words"
NARRATIVE_HEADER = "The update texts (the historians’ narrative)"
PAGE_TEXT_WIDTH_INCHES = 6.5          # Letter, 1-inch margins: the width the table fills
STYLES = {QUESTION: "LH Question", CONTEXT: "LH Question", COMMENTARY: "LH Commentary", WRITERS: "LH Writers"}


def _md(text: str) -> str:
    return md_inline(text, table=True)


def paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def _md_note(note) -> str:
    return f"*{_md(note.text)}*" if note.kind in (QUESTION, CONTEXT) else _md(note.text)


def markdown(chapter: Chapter) -> str:
    lines = [f"# {_md(chapter.title)}", "", f"*Draft chapter for theme {_md(chapter.theme)}.* {_md(chapter.opening)}", ""]
    if chapter.note:
        lines += [f"**Team note:** {_md(chapter.note)}", ""]
    if chapter.timeline:
        lines += ["## Timeline from the update texts", ""]
        lines += [f"- **{_md(e.date)}** {_md(e.text)} {md_code(e.id)}" for e in chapter.timeline]
        lines.append("")
    right = NARRATIVE_HEADER if chapter.narrative_only else RIGHT_HEADER
    for section in chapter.sections:
        lines += [f"## {_md(section.heading)}", "", f"| {LEFT_HEADER} | {right} |", "| --- | --- |"]
        for row in section.rows:
            left = "<br><br>".join(_md_note(n) for n in row.notes)
            quote = row.quote
            cell = ("<br><br>".join(_md(p) for p in paragraphs(quote.text))
                    + f"<br>*{_md(quote.attribution.rsplit(' [', 1)[0])}* {md_code(quote.id)}") if quote else ""
            lines.append(f"| {left} | {cell} |")
        lines.append("")
    if chapter.closing:
        lines += ["## Questions for the writer", ""] + [f"- {_md(n.text)}" for n in chapter.closing] + [""]
    return "\n".join(lines)


def html(chapter: Chapter) -> str:
    return render("chapter.html", chapter=chapter, paragraphs=paragraphs, left_header=LEFT_HEADER,
                  right_header=NARRATIVE_HEADER if chapter.narrative_only else RIGHT_HEADER)


def _styles(document) -> None:
    """The named styles a writer restyles: based on Normal, so they follow the document's font."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    def add(name: str, size: float, italic: bool = False, bold: bool = False, colour: tuple | None = None,
            after: float = 4) -> None:
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.font.size = Pt(size)
        style.font.italic = italic
        style.font.bold = bold
        if colour:
            style.font.color.rgb = RGBColor(*colour)
        style.paragraph_format.space_after = Pt(after)
        style.quick_style = True

    add("LH Quote", 11)
    add("LH Attribution", 9, italic=True, colour=(0x59, 0x59, 0x59), after=8)
    add("LH Question", 9.5, italic=True, colour=(0x40, 0x40, 0x40))
    add("LH Commentary", 9.5)
    add("LH Writers", 10, bold=True)


def _widths(table, inches: tuple[float, float]) -> None:
    """Column widths Word honours: the grid, every cell, and a fixed layout."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Inches

    table.autofit = False
    properties = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)
    for column, width in zip(table.columns, inches, strict=True):
        column.width = Inches(width)
    for row in table.rows:
        for cell, width in zip(row.cells, inches, strict=True):
            cell.width = Inches(width)


def docx(chapter: Chapter, path: Path) -> None:
    from docx import Document

    document = Document()
    _styles(document)
    document.add_heading(xml_text(chapter.title), level=1)
    document.add_paragraph(xml_text(f"Draft chapter for theme {chapter.theme}. {chapter.opening}"), style="LH Question")
    if chapter.note:
        document.add_paragraph(xml_text(f"Team note: {chapter.note}"), style="LH Question")
    if chapter.timeline:
        document.add_heading("Timeline from the update texts", level=2)
        for entry in chapter.timeline:
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(xml_text(entry.date) + " ").bold = True
            paragraph.add_run(xml_text(entry.text))
    left_width = round(PAGE_TEXT_WIDTH_INCHES / 3, 2)
    widths = (left_width, round(PAGE_TEXT_WIDTH_INCHES - left_width, 2))
    for section in chapter.sections:
        document.add_heading(xml_text(section.heading), level=2)
        table = document.add_table(rows=1 + len(section.rows), cols=2)
        table.style = "Table Grid"
        header = table.rows[0].cells
        header[0].paragraphs[0].add_run(LEFT_HEADER).bold = True
        header[1].paragraphs[0].add_run(NARRATIVE_HEADER if chapter.narrative_only else RIGHT_HEADER).bold = True
        for cells, row in zip(table.rows[1:], section.rows, strict=True):
            left, right = cells.cells
            for k, note in enumerate(row.notes):
                paragraph = left.paragraphs[0] if k == 0 else left.add_paragraph()
                paragraph.style = document.styles[STYLES[note.kind]]
                paragraph.add_run(xml_text(note.text))
            if row.quote:
                for k, text in enumerate(paragraphs(row.quote.text)):
                    paragraph = right.paragraphs[0] if k == 0 else right.add_paragraph()
                    paragraph.style = document.styles["LH Quote"]
                    paragraph.add_run(xml_text(text))
                right.add_paragraph(xml_text(row.quote.attribution), style="LH Attribution")
        _widths(table, widths)
    if chapter.closing:
        document.add_heading("Questions for the writer", level=2)
        for note in chapter.closing:
            document.add_paragraph(xml_text(note.text), style="LH Writers")
    save_docx(document, path)


def index_markdown(title: str, chapters: list[Chapter]) -> str:
    lines = [f"# {_md(title)}: draft chapters", "", "| theme | chapter | sections | quotes |", "| --- | --- | --- | --- |"]
    lines += [f"| {_md(c.theme)} | [{_md(c.title)}]({c.slug}.md) ([HTML]({c.slug}.html), [Word]({c.slug}.docx)) | "
              f"{len(c.sections)} | {len(c.quotes) or 'none: update texts lead'} |" for c in chapters]
    return "\n".join(lines) + "\n"


def index_html(title: str, chapters: list[Chapter]) -> str:
    return render("chapters_index.html", title=title, chapters=chapters)
