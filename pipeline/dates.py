"""Dates as update pages and transcripts write them, to ISO dates.

"26 January 2010", "January 19 2010", "February 23rd, 2010", "15th January 2010", "2010-01-26",
"26/01/2010" (day first, as in the UK), "Houston, Texas – 10 November 1999", "June 28, 2023".
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_PATTERNS = [
    re.compile(rf"\b{_YEAR}-(?P<mnum>[01]?\d)-(?P<day>[0-3]?\d)\b"),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b(?P<day>[0-3]?\d)/(?P<mnum>[01]?\d)/{_YEAR}\b"),
]
_MONTH_YEAR = re.compile(rf"\b{_MONTH}\s+{_YEAR}\b", re.I)
_YEAR_ONLY = re.compile(rf"\b{_YEAR}\b")


def _build(match: re.Match) -> str | None:
    groups = match.groupdict()
    year = int(groups["year"])
    month = int(groups["mnum"]) if groups.get("mnum") else MONTHS.get(groups["month"].lower().rstrip("."))
    day = int(groups["day"])
    if month is None:
        return None
    try:
        return date(year, month, day).isoformat()
    except (TypeError, ValueError):
        return None


def find_date(text: str) -> tuple[str, int, int] | None:
    """The first full date in text as (ISO date, start, end), or None."""
    best = None
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            iso = _build(match)
            if iso and (best is None or match.start() < best[1]):
                best = (iso, match.start(), match.end())
                break
    return best


def parse_date(text: str | None) -> str | None:
    """An ISO date from free text: a full date, else "YYYY-MM" from a month and year, else "YYYY"."""
    if not text:
        return None
    text = str(text)
    found = find_date(text)
    if found:
        return found[0]
    match = _MONTH_YEAR.search(text)
    if match:
        return f"{int(match.group('year')):04d}-{MONTHS[match.group('month').lower().rstrip('.')]:02d}"
    match = _YEAR_ONLY.search(text)
    return match.group("year") if match else None


_UPDATE_HEADING = re.compile(r"\bupdates?\s+\d+\s*:", re.I)
_POSTED_ON = re.compile(r"^\s*posted\s+on\b", re.I)


def heading_date(line: str) -> tuple[str, str] | None:
    """("update" | "posted" | "dateline", ISO date) when a line dates what follows it.

    Update headings ("Weekly update 32: 26 January 2010") and "Posted on" lines date the paragraphs under
    them; so does a line that is only a date. Event headings ("Summit: 25th May 2010") do not.
    """
    stripped = line.strip()
    if not stripped or len(stripped) > 120:
        return None
    found = find_date(stripped)
    if not found:
        return None
    iso, start, end = found
    if _POSTED_ON.search(stripped):
        return "posted", iso
    if _UPDATE_HEADING.search(stripped):
        return "update", iso
    rest = (stripped[:start] + stripped[end:]).strip(" ,.-–—:")
    if not rest:
        return "dateline", iso
    return None


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")


def written_date(iso: str | None, month_only: bool = False) -> str | None:
    """An ISO date as a letter writes it: "10 November 1999", "November 1999" (YYYY-MM, or month_only), "1999"."""
    match = re.fullmatch(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?", (iso or "").strip())
    if not match or match.group(2) and not 1 <= int(match.group(2)) <= 12:
        return None
    year, month, day = match.groups()
    if not month:
        return year
    if not day or month_only:
        return f"{_MONTH_NAMES[int(month) - 1]} {year}"
    return f"{int(day)} {_MONTH_NAMES[int(month) - 1]} {year}"
