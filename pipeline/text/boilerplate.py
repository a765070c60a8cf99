"""Page furniture in scraped update pages: navigation, footers, comments, dates lines, page numbers, links.

Works on one page's paragraphs in order, because some furniture is only visible in context: a comment
section runs from its "1 Comment" line to the end of the page, and a running head is a short line the page
repeats. What each line told (its date, its category) is already kept as metadata by ingest.
"""

from __future__ import annotations

import re
from collections import Counter

from .pii import has_contact_details

NAVIGATION = re.compile(
    r"^\s*(?:>|»|«|<)|^\s*(?:back to\b|home\s*[>»|]|skip to\b|next post|previous post|share this|print this page|"
    r"tweet\b|like this:|related posts?|tags?:|filed under|leave a (?:comment|reply)|you must be logged in|"
    r"subscribe\b|rss\b|read more\b|continue reading|powered by|©|copyright\b|all rights reserved|privacy policy|"
    r"cookie|terms of use|contact us\b|site ?map|accessibility\b|log ?in\b|sign up\b|search\b)",
    re.I,
)
META_LINE = re.compile(r"^\s*(?:categor(?:y|ies)|posted (?:on|in|by)|filed in|author|written by|published)\b", re.I)
COMMENTS_START = re.compile(r"^\s*(?:\d+|no|one|two|three)\s+(?:comments?|responses?|replies)\b.*$|^\s*comments?\s*(?:\(\d+\))?\s*:?\s*$", re.I)
COMMENT_BYLINE = re.compile(r"^\s*comment by\b|@\s*\d{1,2}:\d{2}\s*(?:am|pm)\b", re.I)
PAGE_FURNITURE = re.compile(r"^\s*(?:page\s+)?\d{1,4}(?:\s+(?:of\s+)?\d{1,4})*\s*$|^\s*[-–—]\s*\d{1,4}\s*[-–—]\s*$", re.I)
LINK_ONLY = re.compile(r"^\s*<?(?:https?://|www\.)\S+>?\s*$", re.I)
POINTER = re.compile(
    r"\bplease (?:visit|follow|see|click|contact)\b|\bfollow this link\b|\bclick here\b|\bcan be (?:found|accessed|downloaded|viewed)\b|"
    r"\b(?:download|read) the full\b|\bfull (?:report|document|paper|article|details|briefing)\b.*\b(?:is|are|can|visit|at)\b|"
    r"\bfor (?:further|more) (?:information|details)\b|\bis (?:available|on their website)\b|\bvisit\b.*\bat\b|"
    r"\bavailable at\b|\bto access the\b|\blink here\b|https?://|www\.",
    re.I,
)
CONTACT_LINE = re.compile(r"^\s*(?:contact(?: officer)?|tel(?:ephone)?|e-?mail|phone|fax|mobile)\b\s*:?", re.I)
FOOTNOTE = re.compile(r"^\s*[¹²³⁴⁵⁶⁷⁸⁹\d]{1,2}\s+(?:see|cf\.?|source:?)\b", re.I)


def _words(text: str) -> int:
    return len(re.findall(r"[A-Za-z]\w*", text))


def classify_page(paragraphs: list[str], headings: list[bool]) -> dict[int, tuple[str, str]]:
    """index -> (reason, detail) for each paragraph that is furniture rather than content."""
    found: dict[int, tuple[str, str]] = {}
    repeated = Counter(p.strip() for p in paragraphs)
    in_comments = False
    for i, paragraph in enumerate(paragraphs):
        text = paragraph.strip()
        words = _words(text)
        if in_comments:
            found[i] = ("boilerplate", "comment section")
            continue
        if COMMENTS_START.match(text):
            in_comments = True
            found[i] = ("boilerplate", "comment section")
            continue
        if COMMENT_BYLINE.search(text) and words <= 14:
            found[i] = ("boilerplate", "comment section")
        elif META_LINE.match(text) and words <= 10:
            found[i] = ("boilerplate", "posted-on or category line (its date and category are kept as metadata)")
        elif NAVIGATION.match(text) and words <= 12:
            found[i] = ("boilerplate", "navigation")
        elif PAGE_FURNITURE.match(text):
            found[i] = ("boilerplate", "page number or running head")
        elif repeated[text] >= 3 and words <= 8 and not headings[i]:
            found[i] = ("boilerplate", "page number or running head")
        elif LINK_ONLY.match(text):
            found[i] = ("boilerplate", "link-only line")
        elif FOOTNOTE.match(text) and words <= 15:
            found[i] = ("boilerplate", "footnote reference")
        elif (CONTACT_LINE.match(text) and words <= 16) or (has_contact_details(text) and _residual_words(text) <= 10):
            found[i] = ("boilerplate", "contact details")
        elif POINTER.search(text) and words <= 22 and not text.startswith(("“", '"')):
            found[i] = ("boilerplate", "link pointer (the page's link is not in the text)")
        elif headings[i]:
            found[i] = ("heading", "section title (kept as the section of the paragraphs below it)")
    _find_lists(paragraphs, found)
    return found


def _find_lists(paragraphs: list[str], found: dict[int, tuple[str, str]]) -> None:
    """Three or more short title-like lines right after a line ending in '?' or ':' are a list, not headings."""
    i = 0
    while i < len(paragraphs):
        if found.get(i, ("",))[0] != "heading" and paragraphs[i].rstrip().endswith(("?", ":")):
            j = i + 1
            while j < len(paragraphs) and found.get(j, ("",))[0] == "heading":
                j += 1
            if j - i - 1 >= 3:
                for k in range(i + 1, j):
                    found[k] = ("list", "list item (kept, joined with the rest of its list)")
            i = j
        else:
            i += 1


def _residual_words(text: str) -> int:
    from .pii import EMAIL, phone_spans

    stripped = EMAIL.sub(" ", text)
    for start, end in sorted(phone_spans(stripped), reverse=True):
        stripped = stripped[:start] + " " + stripped[end:]
    return _words(stripped)
