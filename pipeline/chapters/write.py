"""Chapters written as Markdown, HTML (self-contained) and DOCX (a real two-column table, python-docx)."""

from __future__ import annotations

from html import escape
from pathlib import Path

from ..records import save_docx
from ..text.markdown import markdown_text
from .draft import Chapter

CSS = """body{font:15px/1.55 Georgia,serif;color:#222;max-width:1000px;margin:24px auto;padding:0 24px}
table{border-collapse:collapse;width:100%}td{vertical-align:top;padding:8px 12px;border-bottom:1px solid #e5e5e5}
td.left{width:38%;color:#555;font-style:italic;background:#fafafa}td.right{width:62%}
.who{display:block;font-size:13px;color:#666;font-style:normal;margin-top:4px;font-family:Helvetica,Arial,sans-serif}
.timeline li{margin-bottom:6px}.muted{color:#666}"""


def _md(text: str) -> str:
    return markdown_text(text, table=True)


def _attribution(quote) -> str:
    return f"— {quote.role}{', ' + quote.date if quote.date else ''} [{quote.id}]"


def markdown(chapter: Chapter) -> str:
    lines = [f"# {_md(chapter.title)}", "", f"*Draft chapter for theme {chapter.theme}.* {_md(chapter.opening())}", ""]
    if chapter.timeline:
        lines += ["## Timeline from the update texts", ""]
        lines += [f"- **{e.date}** {_md(e.text)} `{e.id}`" for e in chapter.timeline]
        lines.append("")
    lines += ["## In their own words", "", "| Historians’ commentary and questions | Participants’ words |", "| --- | --- |"]
    for left, quote in chapter.rows():
        right = f"{_md(quote.text)}<br>*{_md(_attribution(quote))}*" if quote else ""
        lines.append(f"| {_md(left)} | {right} |")
    return "\n".join(lines) + "\n"


def html(chapter: Chapter) -> str:
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">', f"<title>{escape(chapter.title)}</title>",
           f"<style>{CSS}</style></head><body>", f"<h1>{escape(chapter.title)}</h1>",
           f'<p class="muted">Draft chapter for theme {escape(chapter.theme)}. {escape(chapter.opening())}</p>']
    if chapter.timeline:
        out.append('<h2>Timeline from the update texts</h2><ul class="timeline">')
        out += [f"<li><b>{escape(e.date)}</b> {escape(e.text)} <code>{escape(e.id)}</code></li>" for e in chapter.timeline]
        out.append("</ul>")
    out.append("<h2>In their own words</h2><table>")
    out.append('<tr><th>Historians’ commentary and questions</th><th>Participants’ words</th></tr>')
    for left, quote in chapter.rows():
        right = (f"{escape(quote.text)}<span class=\"who\">{escape(_attribution(quote))}</span>" if quote else "")
        out.append(f'<tr><td class="left">{escape(left)}</td><td class="right">{right}</td></tr>')
    out.append("</table></body></html>")
    return "\n".join(out)


def docx(chapter: Chapter, path: Path) -> None:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.add_heading(chapter.title, level=1)
    document.add_paragraph(f"Draft chapter for theme {chapter.theme}. {chapter.opening()}").italic = True
    if chapter.timeline:
        document.add_heading("Timeline from the update texts", level=2)
        for entry in chapter.timeline:
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(entry.date + " ").bold = True
            paragraph.add_run(entry.text)
    document.add_heading("In their own words", level=2)
    rows = chapter.rows()
    table = document.add_table(rows=1 + len(rows), cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text = "Historians’ commentary and questions"
    table.rows[0].cells[1].text = "Participants’ words"
    for i, (left, quote) in enumerate(rows, 1):
        left_cell, right_cell = table.rows[i].cells
        run = left_cell.paragraphs[0].add_run(left)
        run.italic = True
        if quote:
            right_cell.paragraphs[0].add_run(quote.text)
            who = right_cell.add_paragraph().add_run(_attribution(quote))
            who.italic = True
            who.font.size = Pt(9)
    save_docx(document, path)


def index_markdown(title: str, chapters: list[Chapter]) -> str:
    lines = [f"# {_md(title)}: draft chapters", "", "| theme | chapter | quotes |", "| --- | --- | --- |"]
    lines += [f"| {c.theme} | [{_md(c.title)}]({c.slug}.md) ([HTML]({c.slug}.html), [Word]({c.slug}.docx)) | {len(c.quotes)} |" for c in chapters]
    return "\n".join(lines) + "\n"


def index_html(title: str, chapters: list[Chapter]) -> str:
    rows = "".join(f'<tr><td>{escape(c.theme)}</td><td><a href="{escape(c.slug)}.html">{escape(c.title)}</a> '
                   f'(<a href="{escape(c.slug)}.docx">Word</a>, <a href="{escape(c.slug)}.md">Markdown</a>)</td><td>{len(c.quotes)}</td></tr>'
                   for c in chapters)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}: draft chapters</title>'
            f"<style>{CSS}</style></head><body><h1>{escape(title)}: draft chapters</h1><table>"
            f"<tr><th>Theme</th><th>Chapter</th><th>Quotes</th></tr>{rows}</table></body></html>")
