"""Text repair: mojibake, HTML entities, invisible characters, literal "\\n", markdown emphasis and fillers.

Curly quotes stay curly (they are what the participants' quotes are printed with); garbled ones ("â€™")
are repaired. Each repair is an Edit, so the ledger can show what was altered.

Fillers (um, uh, erm) are taken out and the place is marked with an ellipsis, as the Chicago Manual of Style marks
words left out of a quotation (the convention oral-history editors follow when they edit for readability):
"I was, uh, working" reads "I was … working"; "Um, a lot of us" reads "… A lot of us" (the first word of the
sentence capitalised, as Chicago allows after an ellipsis). "Uh huh" is an answer, not a filler, and stays.
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
_FILLER_WORD = r"\b(?:[Uu]m+|[Uu]h+|[Ee]rm|[Uu]hm)\b(?![ \t\-]*huh\b)"
# A run of fillers ("Um. Uh, and", "uh, uh.") is one omission and gets one mark, never "… …".
_FILLER = re.compile(rf"(?:,[ \t]*)?{_FILLER_WORD}(?:[,.]?[ \t]+{_FILLER_WORD})*([,.]?)[ \t]*")
ELLIPSIS = "…"
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
    """Spoken fillers (um, uh, erm), one or a run of them, replaced by one ellipsis; where the filler opened a sentence, the next word
    is capitalised ("Um, a lot" -> "… A lot"); a filler closing a sentence leaves "…." (ellipsis and full stop)."""
    edits = []
    for match in _FILLER.finditer(text):
        start, end = match.start(), match.end()
        word = match.group().strip(" \t,.")
        before = text[:start].rstrip(" \t")
        opens_sentence = not before or before[-1] in ".!?\n\"“"
        after = text[end:end + 1]
        if not after or after == "\n":          # the last word of the text or of a paragraph
            edits.append(Edit(start, end, f"{'' if opens_sentence else ' '}{ELLIPSIS}{match.group(1)}", "disfluency", word))
        elif opens_sentence:
            edits.append(Edit(start, end + 1, f"{ELLIPSIS} {after.upper()}", "disfluency", word))
        elif match.group(1) == ".":
            edits.append(Edit(start, end, f" {ELLIPSIS}. ", "disfluency", word))
        else:
            edits.append(Edit(start, end, f" {ELLIPSIS} ", "disfluency", word))
    return edits
