"""Quote sets written for writers: CSV, Markdown or a Word document."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

from ..records import save_docx
from ..render.safe import SafeCsvWriter, md_blockquote, md_code, md_inline, xml_text

FIELDS = ("id", "theme", "theme_label", "role", "date", "tone_label", "codes", "places", "source", "text", "context")


def write_quotes(rows: list[dict], fmt: str, output: Path | None, title: str = "Quotes") -> None:
    if fmt == "docx":
        if output is None:
            raise ValueError("a Word document needs an output path")
        _docx(rows, output, title)
        return
    text = _csv(rows) if fmt == "csv" else _markdown(rows, title)
    if output is None:
        sys.stdout.write(text)
    else:
        Path(output).write_text(text, encoding="utf-8")


def _csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer)
    writer.writerow(FIELDS)
    for row in rows:
        writer.writerow(["; ".join(row[f]) if isinstance(row.get(f), list) else (row.get(f) or "") for f in FIELDS])
    return buffer.getvalue()


def _markdown(rows: list[dict], title: str) -> str:
    lines = [f"# {md_inline(title)}", "", f"{len(rows)} quotes.", ""]
    for row in rows:
        lines += md_blockquote(row["text"])
        lines.append(">")
        where = ", ".join(md_inline(x) for x in (row.get("date"), row.get("theme_label")) if x)
        lines.append(f"> — {md_inline(row.get('role') or 'participant')}" + (f" ({where})" if where else "") + f" {md_code(row['id'])}")
        lines.append("")
    return "\n".join(lines)


def _docx(rows: list[dict], output: Path, title: str) -> None:
    from docx import Document

    document = Document()
    document.add_heading(xml_text(title), level=1)
    for row in rows:
        for paragraph in re.split(r"\n\s*\n", row["text"]):
            if paragraph.strip():
                document.add_paragraph(xml_text(" ".join(paragraph.split())), style="Quote")
        meta = ", ".join(x for x in (row.get("role") or "participant", row.get("date"), row.get("theme_label"), row["id"]) if x)
        document.add_paragraph().add_run(xml_text(meta)).italic = True
    save_docx(document, output)
