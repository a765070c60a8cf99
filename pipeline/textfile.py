"""Reading user files as text: byte-order marks, legacy encodings and binaries, said plainly.

Teams hand over transcripts saved by Word, Notepad and old CMSs: UTF-8, UTF-16 with a BOM,
Windows-1252 and Latin-1 all turn up. We decode what can be decoded, say which encoding we used when it
was not UTF-8, and refuse binaries and empty files with a one-line reason.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from .problems import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Bytes that cp1252 leaves undefined: their presence means the file is not cp1252.
_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
_CONTROL_OK = {9, 10, 12, 13}


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


def looks_binary(data: bytes) -> bool:
    """True for data with NUL bytes or many control characters: images, zips, executables."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in _CONTROL_OK)
    return controls > max(4, len(sample) // 100)


def decode_bytes(data: bytes) -> DecodedText:
    """Decode bytes as text, or raise InputError saying why they are not text."""
    if not data.strip():
        raise InputError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(f"starts with a {encoding} byte-order mark but does not decode: {exc.reason}") from None
            if not text.strip():
                raise InputError("empty file")
            return DecodedText(text.lstrip("\ufeff"), encoding)
    if looks_binary(data):
        raise InputError("binary file, not text")
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if not any(b in _CP1252_UNDEFINED for b in data):
        return DecodedText(data.decode("cp1252"), "cp1252")
    return DecodedText(data.decode("latin-1"), "latin-1")


def read_text(path: Path) -> DecodedText:
    """Read a file as text (see decode_bytes); OSError becomes InputError."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    return decode_bytes(data)


def line_of(text: str, offset: int) -> int:
    """1-based line number of a character offset."""
    return text.count("\n", 0, offset) + 1


_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_LINE_BREAKS = re.compile(r"[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def without_controls(text: str) -> str:
    """Text with control characters made harmless, length kept (offsets stay valid): Word's vertical tab and other
    line separators become newlines, any other control character a space. XML and Word cannot hold them."""
    return _CONTROLS.sub(" ", _LINE_BREAKS.sub("\n", text))


def one_line(value: str | None) -> str | None:
    """A short field (a role, a speaker, a title) on one line, with control characters and runs of spaces removed."""
    if value is None:
        return None
    return " ".join(without_controls(value).split()) or None


_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")


def split_long(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """Spans of text[start:end], each at most `limit` characters, cut after a sentence end where there is one,
    else at a space, else anywhere (a 30 MB line of one 'word')."""
    spans = []
    while end - start > limit:
        window = text[start:start + limit]
        cut = None
        for match in _SENTENCE_END.finditer(window, limit // 2):
            cut = match.end()
        if cut is None:
            space = window.rfind(" ", limit // 2)
            cut = space + 1 if space > 0 else limit
        spans.append((start, start + cut))
        start += cut
    spans.append((start, end))
    return [(s, e) for s, e in spans if text[s:e].strip()]
