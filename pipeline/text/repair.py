"""Text repair: mojibake, HTML entities, invisible characters, literal "\\n", markdown emphasis and fillers.

Curly quotes stay curly (they are what the participants' quotes are printed with); garbled ones ("â€™")
are repaired. Each repair is an Edit, so the ledger can show what was altered.
"""

from __future__ import annotations

import html
import re

import ftfy
from ftfy.badness import is_bad

from .spans import Edit

_LITERAL_NEWLINE = re.compile(r"(?:[ \t]*\\n[ \t]*)+")
_ENTITY = re.compile(r"&(?:#\d{2,6}|#x[0-9a-fA-F]{2,5}|[a-zA-Z]{2,8});")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NBSP = re.compile(r"[\u00a0\u2007\u202f]")
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_FILLER = re.compile(r"\b(?:[Uu]m+|[Uu]h+|[Ee]rm|[Uu]hm)\b[,.]?[ \t]*")
FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, fix_line_breaks=False, normalization="NFC", explain=False)


def fix_mojibake(text: str) -> str | None:
    """The text with mojibake repaired, or None when it has none."""
    if not is_bad(text):
        return None
    fixed = ftfy.fix_text(text, FTFY_CONFIG)
    return fixed if fixed != text else None


def repair_edits(text: str, *, markdown: bool = False) -> list[Edit]:
    """Local repairs as edits in the text's own offsets."""
    edits: list[Edit] = []
    for match in _LITERAL_NEWLINE.finditer(text):
        edits.append(Edit(match.start(), match.end(), "\n\n", "repair", "literal \\n as a paragraph break"))
    for match in _ENTITY.finditer(text):
        value = html.unescape(match.group())
        if value != match.group():
            edits.append(Edit(match.start(), match.end(), value, "repair", "HTML entity"))
    for match in _INVISIBLE.finditer(text):
        edits.append(Edit(match.start(), match.end(), "", "repair", "invisible character"))
    for match in _NBSP.finditer(text):
        edits.append(Edit(match.start(), match.end(), " ", "repair", "non-breaking space"))
    if markdown:
        for match in _EMPHASIS.finditer(text):
            inner = match.group(2) if match.group(2) is not None else match.group(3)
            edits.append(Edit(match.start(), match.end(), inner, "repair", "markdown emphasis"))
    return edits


def filler_edits(text: str) -> list[Edit]:
    """Remove spoken fillers (um, uh, erm); capitalise the next word where the filler opened a sentence."""
    edits = []
    for match in _FILLER.finditer(text):
        start, end = match.start(), match.end()
        before = text[:start].rstrip(" \t")
        opens_sentence = not before or before[-1] in ".!?\n\"“"
        if opens_sentence and end < len(text) and text[end].islower():
            edits.append(Edit(start, end + 1, text[end].upper(), "disfluency", match.group().strip(" ,.")))
        else:
            edits.append(Edit(start, end, "", "disfluency", match.group().strip(" ,.")))
    return edits
