"""Corpus text placed in Markdown: one line, and nothing a renderer would obey as HTML or as a table cell break."""

from __future__ import annotations


def markdown_text(text: str, table: bool = False) -> str:
    """`text` on one line with &, < and > escaped; with table=True also | (for text inside a table)."""
    out = " ".join(str(text).split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return out.replace("|", "\\|") if table else out
