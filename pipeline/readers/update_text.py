"""Dated update texts (.txt, .md, .html): one record per paragraph, dated by the headings above it.

Scraped pages put one paragraph per line; hand-written notes wrap lines inside paragraphs. Both are read.
Update headings ("Weekly update 32: 26 January 2010"), "Posted on ..." lines and lines that are only a date
set the date of the paragraphs that follow; the nearest heading becomes the paragraphs' section.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..dates import heading_date, parse_date
from ..problems import InputError, ProblemLog
from ..records import UPDATE, UPDATE_TEXT, Document, Record
from ..textfile import line_of, read_text
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


_BLOCK_TAGS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article", "dd", "dt", "pre", "td", "th", "header", "footer", "br"}
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "form", "iframe")


def html_to_text(source: str) -> str:
    """Visible text of an HTML page, one block element per line."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(source)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"not readable HTML: {exc}")
    for bad in root.iter(*_DROP_TAGS):
        bad.drop_tree()
    for element in root.iter(etree.Comment):
        element.drop_tree()
    lines: list[str] = []
    current: list[str] = []

    def walk(element):
        tag = element.tag if isinstance(element.tag, str) else ""
        block = tag in _BLOCK_TAGS
        if block and current:
            lines.append("".join(current))
            current.clear()
        if element.text and tag != "br":
            current.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                current.append(child.tail)
        if block and current:
            lines.append("".join(current))
            current.clear()

    body = root.find("body")
    walk(body if body is not None else root)
    if current:
        lines.append("".join(current))
    cleaned = [re.sub(r"[ \t\r\f\v\xa0]+", " ", l).strip() for l in lines]
    return "\n\n".join(l for l in cleaned if l)


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
    for number, (start, end) in enumerate(paragraphs(text, body_start)):
        paragraph = text[start:end]
        heading = is_heading(paragraph)
        dated = heading_date(paragraph)
        if dated:
            kind, iso = dated
            if kind == "posted" and doc_date is None:
                doc_date = iso
            date = iso
        meta = {"heading": True} if heading else {}
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
