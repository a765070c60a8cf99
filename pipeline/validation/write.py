"""A validation pack laid out as Markdown, HTML (printable, boxes to tick and spaces to write in) and Word.

The three carry the same words, composed in pack.py: a cover note, then each quote with where it came from,
the question it answered, the edits made, three boxes (approve, change, withdraw) and a space for changes, then
the participant's role and a space for anything else. Corpus text goes through md_inline / md_blockquote in
Markdown, Jinja2's autoescape in HTML, and xml_text in Word.
"""

from __future__ import annotations

from pathlib import Path

from ..records import save_docx
from ..render import render
from ..render.safe import md_blockquote, md_inline, xml_text
from .pack import CHOICES, Line, Pack, PackQuote, Section

EDITS_HEADING = "Edits we made to your words"
CHOICE_HEADING = "Your answer (tick one)"
CHANGES_LABEL = "Changes you would like"
WRITE_LINES = 4                   # lines left to write on, in Markdown and Word


def quote_heading(pack: Pack, n: int) -> str:
    return f"Quote {n} of {len(pack.quotes)}"


def line_text(line: Line) -> str:
    return f"“{line.text}”" if line.quoted else line.text


def used_in(quote: PackQuote) -> str:
    titles = [f"“{t}”" for t in quote.chapters]
    return ("Used in the draft chapter " if len(titles) == 1 else "Used in the draft chapters ") + ", ".join(titles) + "."


# -- Markdown -------------------------------------------------------------------------------------------------------

def _md_section(section: Section, level: str = "##") -> list[str]:
    lines = [f"{level} {md_inline(section.heading)}", ""]
    for block in section.blocks:
        lines += [f"- {md_inline(point)}" for point in block] if isinstance(block, list) else [md_inline(block)]
        lines.append("")
    lines += _md_choices(section.choices)
    if section.space:
        lines += _md_space(section.space)
    return lines


def _md_choices(choices: tuple[str, ...]) -> list[str]:
    return [f"- [ ] {md_inline(choice)}" for choice in choices] + ([""] if choices else [])


def _md_space(label: str) -> list[str]:
    """A space to write in: an empty fenced block (a box where Markdown is rendered, blank lines where it is not)."""
    return [f"**{md_inline(label)}:**", "", "```text"] + [" " for _ in range(WRITE_LINES)] + ["```", ""]


def markdown(pack: Pack) -> str:
    lines = [f"# {md_inline(pack.title)}", ""]
    lines += [f"**{md_inline(label)}:** {md_inline(value)}  " for label, value in pack.facts()] + [""]
    for section in pack.cover_sections():
        lines += _md_section(section)
    for n, quote in enumerate(pack.quotes, 1):
        lines += ["---", "", f"## {md_inline(quote_heading(pack, n))} · ref. {md_inline(quote.ref)}", "",
                  f"*{md_inline(quote.source)}* *{md_inline(used_in(quote))}*", ""]
        for line in quote.lines:
            lines += [f"**{md_inline(line.label)}:** {md_inline(line_text(line))}", ""]
        lines += md_blockquote("\n\n".join(quote.paragraphs())) + [""]
        lines += [f"**{EDITS_HEADING}:**", ""]
        lines += ([f"- {md_inline(edit.text)}" for edit in quote.edits] or [md_inline(quote.unedited)]) + [""]
        lines += [f"**{CHOICE_HEADING}:**", ""] + _md_choices(CHOICES) + _md_space(CHANGES_LABEL)
    lines += ["---", ""]
    for section in pack.closing_sections():
        lines += _md_section(section)
    return "\n".join(lines).rstrip("\n") + "\n"


# -- HTML -----------------------------------------------------------------------------------------------------------

def html(pack: Pack) -> str:
    return render("validation.html", pack=pack, cover=pack.cover_sections(), closing=pack.closing_sections(),
                  choices=CHOICES, quote_heading=quote_heading, line_text=line_text, used_in=used_in,
                  edits_heading=EDITS_HEADING, choice_heading=CHOICE_HEADING,
                  changes_label=CHANGES_LABEL)


# -- Word -----------------------------------------------------------------------------------------------------------

BOX = "☐"


def _styles(document) -> None:
    """Named styles, so the team can restyle a pack: "LH Quote", "LH Source", "LH Edit", "LH Choice"."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    normal = document.styles["Normal"]
    normal.font.name = "Georgia"
    normal.font.size = Pt(11)

    def add(name: str, size: float, italic: bool = False, colour: tuple | None = None, indent: float = 0,
            before: float = 0, after: float = 4) -> None:
        from docx.shared import Inches

        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(size)
        style.font.italic = italic
        if colour:
            style.font.color.rgb = RGBColor(*colour)
        style.paragraph_format.left_indent = Inches(indent)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.quick_style = True

    add("LH Quote", 11.5, indent=0.35, after=6)
    add("LH Source", 10, italic=True, colour=(0x40, 0x40, 0x40))
    add("LH Edit", 10, colour=(0x33, 0x33, 0x33))
    add("LH Choice", 11, before=2, after=2)


def _docx_space(document, label: str) -> None:
    """A bordered box to write in: a one-cell table a few lines high."""
    from docx.shared import Pt

    document.add_paragraph().add_run(xml_text(label + ":")).bold = True
    table = document.add_table(rows=1, cols=1)
    table.style = "Table Grid"
    cell = table.rows[0].cells[0]
    for _ in range(WRITE_LINES - 1):
        cell.add_paragraph()
    table.rows[0].height = Pt(18 * WRITE_LINES)


def _docx_choices(document, choices: tuple[str, ...]) -> None:
    for choice in choices:
        document.add_paragraph(xml_text(f"{BOX}  {choice}"), style="LH Choice")


def _docx_section(document, section: Section) -> None:
    document.add_heading(xml_text(section.heading), level=2)
    for block in section.blocks:
        if isinstance(block, list):
            for point in block:
                document.add_paragraph(xml_text(point), style="List Bullet")
        else:
            document.add_paragraph(xml_text(block))
    _docx_choices(document, section.choices)
    if section.space:
        _docx_space(document, section.space)


def docx(pack: Pack, path: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_BREAK

    document = Document()
    _styles(document)
    document.add_heading(xml_text(pack.title), level=1)
    for label, value in pack.facts():
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = 0
        paragraph.add_run(xml_text(label + ": ")).bold = True
        paragraph.add_run(xml_text(value))
    for section in pack.cover_sections():
        _docx_section(document, section)
    for n, quote in enumerate(pack.quotes, 1):
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        document.add_heading(xml_text(f"{quote_heading(pack, n)} · ref. {quote.ref}"), level=2)
        document.add_paragraph(xml_text(f"{quote.source} {used_in(quote)}"), style="LH Source")
        for line in quote.lines:
            paragraph = document.add_paragraph(style="LH Source")
            paragraph.add_run(xml_text(line.label + ": ")).bold = True
            paragraph.add_run(xml_text(line_text(line)))
        for text in quote.paragraphs():
            document.add_paragraph(xml_text(text), style="LH Quote")
        document.add_paragraph().add_run(EDITS_HEADING + ":").bold = True
        if quote.edits:
            for edit in quote.edits:
                document.add_paragraph(xml_text(edit.text), style="List Bullet")
        else:
            document.add_paragraph(xml_text(quote.unedited), style="LH Edit")
        document.add_paragraph().add_run(CHOICE_HEADING + ":").bold = True
        _docx_choices(document, CHOICES)
        _docx_space(document, CHANGES_LABEL)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    for section in pack.closing_sections():
        _docx_section(document, section)
    save_docx(document, path)
