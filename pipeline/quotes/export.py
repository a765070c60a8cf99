"""Quote sets written for writers: CSV, Markdown or a Word document."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

from ..records import save_docx

FIELDS = ("id", "theme", "theme_label", "role", "date", "tone_label", "codes", "places", "source", "text", "context")


def write_quotes(rows: list[dict], fmt: str, output: Path | None, title: str = "Quotes") -> None:
    if fmt == "docx":
        _docx(rows, output, title)
        return
    text = _csv(rows) if fmt == "csv" else _markdown(rows, title)
    if output is None:
        sys.stdout.write(text)
    else:
        Path(output).write_text(text, encoding="utf-8")


def _csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(FIELDS)
    for row in rows:
        writer.writerow(["; ".join(row[f]) if isinstance(row.get(f), list) else (row.get(f) or "") for f in FIELDS])
    return buffer.getvalue()


def _markdown(rows: list[dict], title: str) -> str:
    lines = [f"# {title}", "", f"{len(rows)} quotes.", ""]
    for row in rows:
        lines.append(f"> {row['text']}")
        lines.append(">")
        where = ", ".join(x for x in (row.get("date"), row.get("theme_label")) if x)
        lines.append(f"> — {row.get('role') or 'participant'}" + (f" ({where})" if where else "") + f" `{row['id']}`")
        lines.append("")
    return "\n".join(lines)


def _docx(rows: list[dict], output: Path, title: str) -> None:
    from docx import Document

    document = Document()
    document.add_heading(title, level=1)
    for row in rows:
        document.add_paragraph(row["text"], style="Quote")
        meta = ", ".join(x for x in (row.get("role") or "participant", row.get("date"), row.get("theme_label"), row["id"]) if x)
        document.add_paragraph(meta).italic = True
    save_docx(document, output)
