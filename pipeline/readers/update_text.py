"""Dated update texts (.txt, .md, .html): one record per paragraph, dated by the headings above it.

Scraped pages put one paragraph per line; hand-written notes wrap lines inside paragraphs. Both are read.
Update headings ("Weekly update 32: 26 January 2010"), "Posted on ..." lines and lines that are only a date
set the date of the paragraphs that follow; the nearest heading becomes the paragraphs' section.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ..dates import heading_date, parse_date
from ..problems import InputError, ProblemLog
from ..records import UPDATE, UPDATE_TEXT, Document, Record
from ..textfile import line_of, read_text, split_long
from .frontmatter import split_front_matter

_TERMINAL = tuple(".!?;,:\"”’)")
_LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\(?\d{1,2}[.)]|\(?[a-z]{1,3}[.)])\s+")
_URL_ONLY = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.I)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
# Lines that point somewhere ("please visit", "can be found at") are not headings, whatever their length.
_POINTER = re.compile(r"https?://|www\.|\bplease\b|\bclick\b|\bcan be (?:found|accessed)\b|\b(?:at|visit|here|to|link|from|on)\s*$", re.I)


def is_heading(line: str) -> bool:
    """A short line that titles what follows: no closing punctuation, not a list item, a link or a quote."""
    stripped = line.strip()
    if not stripped:
        return False
    if _MD_HEADING.match(stripped):
        return True
    words = stripped.split()
    if len(words) > 14 or len(stripped) > 100:
        return False
    if stripped.endswith(_TERMINAL) and not stripped.endswith(("highlights:", "Highlights:")):
        return False
    if _LIST_ITEM.match(line) or _POINTER.search(stripped) or stripped[0] in "“\"‘'>(" or stripped.isdigit():
        return False
    return stripped[0].isupper() or stripped[0].isdigit()


def _wrapped(lines: list[str]) -> bool:
    """True when a block's lines are one paragraph wrapped at a fixed width."""
    if len(lines) < 2:
        return False
    body = lines[:-1]
    wrapped = sum(1 for l in body if 40 <= len(l.rstrip()) <= 100 and not l.rstrip().endswith((".", "!", "?", ":")))
    return wrapped >= 0.6 * len(body) and not any(_LIST_ITEM.match(l) for l in lines[1:])


def paragraphs(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """(start, end) character spans of paragraphs: lines, or wrapped blocks joined."""
    spans: list[tuple[int, int]] = []
    block: list[tuple[int, int, str]] = []

    def flush():
        if not block:
            return
        lines = [b[2] for b in block]
        if _wrapped(lines):
            spans.append((block[0][0], block[-1][1]))
        else:
            spans.extend((s, e) for s, e, _ in block)
        block.clear()

    position = offset
    for raw in text[offset:].splitlines(keepends=True):
        line = raw.rstrip("\r\n")
        if line.strip():
            lead = len(line) - len(line.lstrip())
            block.append((position + lead, position + len(line.rstrip()), line))
        else:
            flush()
        position += len(raw)
    flush()
    return spans


_BLOCK_TAGS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article", "dd", "dt",
               "pre", "td", "th", "header", "footer", "br", "ul", "ol", "table", "main", "nav", "aside", "hr"}
_DROP_TAGS = {"script", "style", "noscript", "template", "svg", "form", "iframe", "head", "title"}
_VOID_TAGS = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "track", "wbr"}


class _VisibleText(HTMLParser):
    """Visible text, one block element per line. An event parser keeps no tree, so any depth of nesting is read."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.hidden = 0          # depth inside <script>, <style>, ...

    def _break(self) -> None:
        if self.current:
            self.lines.append("".join(self.current))
            self.current.clear()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_TAGS:
            self.hidden += 1
        elif tag in _BLOCK_TAGS and not self.hidden:
            self._break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS and not self.hidden:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_TAGS:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK_TAGS and not self.hidden:
            self._break()

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.current.append(data)


def html_to_text(source: str) -> str:
    """Visible text of an HTML page, one block element per line (comments, scripts and styles left out)."""
    parser = _VisibleText()
    parser.feed(source)
    parser.close()
    parser._break()
    cleaned = [re.sub(r"[ \t\r\f\v\xa0]+", " ", line).strip() for line in parser.lines]
    return "\n\n".join(line for line in cleaned if line)


MAX_PARAGRAPH_CHARS = 20_000


def _split_long_paragraphs(text: str, spans: list[tuple[int, int]], path: Path, problems: ProblemLog) -> list[tuple[int, int]]:
    """Paragraphs over MAX_PARAGRAPH_CHARS (a page saved as one line) cut at sentence ends, with a warning."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if end - start <= MAX_PARAGRAPH_CHARS:
            out.append((start, end))
            continue
        pieces = split_long(text, start, end, MAX_PARAGRAPH_CHARS // 4)
        problems.warning(path, f"a paragraph of {end - start:,} characters (one line?): read as {len(pieces):,} paragraphs "
                               "cut at sentence ends", line_of(text, start))
        out.extend(pieces)
    return out


def read_update(path: Path, rel: str, problems: ProblemLog):
    decoded = read_text(path)
    text = decoded.text
    title = None
    doc_date = None
    body_start = 0
    if path.suffix.lower() in (".html", ".htm"):
        text = html_to_text(text)
        if not text.strip():
            raise InputError("no visible text in the page")
        offsets_note = "offsets into the page's visible text"
    else:
        offsets_note = None
        front = split_front_matter(text)
        if front.problem:
            problems.warning(path, f"{front.problem}; read without it", front.problem_line)
        body_start = front.body_start
        title = front.data.get("title")
        doc_date = parse_date(str(front.data["date"])) if front.data.get("date") else None
    doc = path.stem
    records = []
    date = doc_date
    section = None
    for number, (start, end) in enumerate(_split_long_paragraphs(text, paragraphs(text, body_start), path, problems)):
        paragraph = text[start:end]
        heading = is_heading(paragraph)
        dated = heading_date(paragraph)
        if dated:
            kind, iso = dated
            if kind == "posted" and doc_date is None:
                doc_date = iso
            date = iso
        meta: dict[str, Any] = {"heading": True} if heading else {}
        if dated:
            meta["dates"] = dated[0]
        if offsets_note:
            meta["offsets"] = offsets_note
        records.append(Record(
            id=f"{doc}/p{number:04d}", doc=doc, source=rel, kind=UPDATE, text=paragraph,
            date=date, section=section if not heading else None, line=line_of(text, start), start=start, end=end, meta=meta,
        ))
        if heading:
            section = _MD_HEADING.sub("", paragraph).strip()
        if title is None and heading and not dated:
            title = section
    if not records:
        raise InputError("no paragraphs of text")
    # Paragraphs above the first dated heading take the page's own date ("Posted on" or a dateline).
    first_dated = next((r for r in records if r.date), None)
    if doc_date is None and first_dated is not None:
        doc_date = first_dated.date
    for record in records:
        if record.date is None:
            record.date = doc_date
    document = Document(doc=doc, source=rel, kind=UPDATE_TEXT, title=title, date=doc_date, encoding=decoded.encoding)
    return [(document, records)]
