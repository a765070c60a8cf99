"""Corpus text made safe for each place it is written: Markdown, CSV, XML and Word.

Corpus text is hostile until shown otherwise: a scraped page or a quote sheet can carry `<script>`, a
`[link](javascript:…)`, a remote image, a spreadsheet formula or a control character. Each writer passes every
piece of corpus text through the function for its format here (HTML goes through Jinja2's autoescape instead).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

_MD_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "[": "\\[", "]": "\\]", "`": "\\`"})


def md_inline(text: Any, table: bool = False) -> str:
    """Text on one line for Markdown: raw HTML shown as text (&lt;script&gt;), no link or image can form ([ ] escaped),
    and with table=True no cell break (|)."""
    out = " ".join(str(text).split()).translate(_MD_ESCAPES)
    return out.replace("|", "\\|") if table else out


def md_code(text: Any) -> str:
    """An id or file name in a code span, or as plain escaped text when it holds a backtick or angle bracket."""
    value = " ".join(str(text).split())
    return f"`{value}`" if not re.search(r"[`<>\[\]&]", value) else md_inline(value)


def md_blockquote(text: Any) -> list[str]:
    """A quote as Markdown blockquote lines; its paragraphs stay inside the quote ("> a", ">", "> b")."""
    paragraphs = [p for p in re.split(r"\n\s*\n", str(text)) if p.strip()] or [""]
    lines: list[str] = []
    for i, paragraph in enumerate(paragraphs):
        if i:
            lines.append(">")
        lines.append(f"> {md_inline(paragraph)}")
    return lines


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A cell a spreadsheet will not run: text starting with = + - @ (or a tab/CR) gets a leading ' (OWASP)."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


class SafeCsvWriter:
    """csv.writer whose every text cell goes through csv_cell."""

    def __init__(self, handle: Any, **options: Any):
        self._writer = csv.writer(handle, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([csv_cell(v) for v in row])



_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: Any) -> str:
    """Text XML 1.0 (and so Word and REFI-QDA) can hold: control characters dropped, vertical tabs as newlines."""
    return _NOT_XML.sub("", str(text).replace("\x0b", "\n").replace("\x0c", "\n"))
