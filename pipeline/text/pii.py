"""Contact details that must never reach a reader: e-mail addresses, phone numbers, street addresses.

Phone numbers are digit runs of 9 to 15 digits in the shapes people write them ("01284 729479",
"(0207 664 7380)", "+1 281 483 5111", "713-555-0199"); years, money and ranges such as "2008/09" are not.
"""

from __future__ import annotations

import re

from .spans import Edit

EMAIL = re.compile(r"(?:mailto:)?\b[\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)+\b", re.I)
_PHONE_CANDIDATE = re.compile(
    r"(?<![\w£$€.,/])(?:\+\d{1,3}[\s.\-]?)?(?:\(\d{1,5}\)|\d{2,5})(?:[\s.\-]?\(?\d{2,5}\)?){1,4}(?![\w%])"
)
_STREET_TYPES = (
    "Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Close|Court|Ct|Square|Sq|Crescent|Terrace|"
    "Gardens|Row|Parkway|Pkwy|Highway|Hwy|Mews|Walk|Grove"
)
# "Apartment D", "apt. 102", "Suite 4": part of the address, never left behind it.
_UNIT = r"(?:,?\s*(?:[Aa]partment|[Aa]pt\.?|[Ss]uite|[Uu]nit|[Ff]lat)\s+[A-Z\d]{1,5}\b)?"
# A house number is never a year ("in 1965 North American", "moved in at 1963 prices").
NOT_A_YEAR = r"(?!1[89]\d\d\b|20\d\d\b)"
# A compass point before a street's name: "512 North Lancaster", "1720 S. Lamar".
DIRECTION = r"(?:North|South|East|West|[NSEW]\.)"
# A street's own name: words, "St." ("St. Marks Place") and numbered streets, old style too ("East 92d Street").
_STREET_NAME_WORD = r"(?:[A-Z][a-z]+|St\.|\d{1,3}(?:st|nd|rd|th|d))"
STREET_ADDRESS = re.compile(
    r"\b\d{1,5}(?:-1/2)?[A-Za-z]?,?\s+(?:" + _STREET_NAME_WORD + r"\s+){1,3}(?:" + _STREET_TYPES + r")\b\.?" + _UNIT
    + r"(?:,\s*(?!(?:[Aa]partment|[Aa]pt|[Ss]uite|[Uu]nit|[Ff]lat)\b)(?:[A-Z][a-z]+\s?){1,3})?"
    r"(?:,?\s*[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})?"
    # a house number, a direction and a street's name, as people say where they live ("512 North Lancaster,
    # apartment 102", "1026 North Beckley"); not a year before a country or a firm ("in 1965 North American")
    r"|\b" + NOT_A_YEAR + r"\d{2,5}\s+(?:North|South|East|West)\s+"
    r"(?!Americ|Carolina|Dakota|Korea|Vietnam|Africa|German|Europe|Asia|India|Virginia|Texas|Pole|Sea\b|Atlantic|Pacific"
    r"|Yorkshire|Wales|London|Berlin|Point|Coast|Side|Bank|End|Wing|Gate|Entrance|Door|Tower|Building|Campus|Hall"
    r"|Lot|Wind|Face|Midlands|Country)[A-Z][a-z]+\b" + _UNIT
)
# A house number and a street's bare name where someone says they live: "I moved into my house at 5723
# Southwestern", "we lived on 2515 West Fifth"; not a year ("moved in at 1963 prices" has no capital after it).
_BARE_ADDRESS = (NOT_A_YEAR + r"\d{2,5}\s+(?:St\.\s+)?(?:[A-Z][a-z]+\s+)?" + _STREET_NAME_WORD
                 + r"(?<!St\.)\b(?:\s+(?:" + _STREET_TYPES + r"|Place)\b\.?)?")
HOME_ADDRESS = re.compile(
    r"\b(?i:live[sd]?|living|moved|house|home|apartment|residence|residing|address)\b[^.?!\n]{0,30}?\b(?:at|on|was|is|into)\s+"
    r"(?P<address>" + _BARE_ADDRESS + r")"
    # "the 2109 Alvar home"; a question or an answer that is only an address ("2109 Alvar?")
    r"|\b(?P<address_before>" + NOT_A_YEAR + r"\d{3,5}\s+[A-Z][a-z]+)\s+(?:home|house|apartment|residence)\b"
    r"|^\s*(?P<address_alone>" + NOT_A_YEAR + r"\d{3,5}\s+(?:" + DIRECTION + r"\s+)?[A-Z][a-z]+)\s*[?.]?\s*$"
    # ... or that opens a turn: "3504 Mockingbird. And you are the wife of ...", "Of 602 Elsbeth?"
    r"|^\s*(?:(?:Of|At|On)\s+)?(?P<address_opens>" + NOT_A_YEAR + r"\d{3,5}\s+(?:" + DIRECTION + r"\s+)?"
    r"[A-Z][a-z]+)[?.](?:\s|$)")
# A local number of seven digits, or an old exchange's letters and five digits ("RI 1-3456"), where a call is spoken
# of: "He was calling from 384-3780", "my telephone number is 748-1234"; alone, "453-A" or "212-1212" may be
# anything.
_LOCAL_PHONE = re.compile(
    r"\b(?i:phone|telephone|call(?:s|ed|ing)?|dial(?:ed|led)?|numbers?|extension|exchange)\b[^.?!\n]{0,30}?"
    r"(?<![\w-])(?P<number>\d{3}-\d{4}|[A-Z]{2}\s?\d-\d{4})(?![\w-])"
    r"|(?<![\w-])(?P<exchange>[A-Z][A-Za-z]{1,9}\s\d-\d{4})(?![\w-])")
_DIGIT = re.compile(r"\d")
UK_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b")


def phone_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _PHONE_CANDIDATE.finditer(text):
        digits = sum(c.isdigit() for c in match.group())
        if 9 <= digits <= 15:
            groups = re.findall(r"\d+", match.group())
            if all(len(g) == 4 and 1800 <= int(g) <= 2099 for g in groups):
                continue  # a list of years
            start, end = match.start(), match.end()
            opened, closed = match.group().count("("), match.group().count(")")
            if closed > opened and start > 0 and text[start - 1] == "(":
                start -= 1
            elif opened > closed and text[end:end + 1] == ")":
                end += 1
            elif start > 0 and text[start - 1] == "(" and text[end:end + 1] == ")":
                start, end = start - 1, end + 1
            spans.append((start, end))
    for match in _LOCAL_PHONE.finditer(text):
        group = "number" if match.group("number") else "exchange"
        if not any(s <= match.start(group) < e for s, e in spans):
            spans.append(match.span(group))
    return sorted(spans)


def pii_edits(text: str) -> list[Edit]:
    """Edits replacing every e-mail address, phone number and street address with a bracketed label."""
    edits = [Edit(m.start(), m.end(), "[e-mail]", "pii", "email") for m in EMAIL.finditer(text)]
    if len(_DIGIT.findall(text)) >= 9:
        edits.extend(Edit(s, e, "[phone]", "pii", "phone") for s, e in phone_spans(text))
    edits.extend(Edit(m.start(), m.end(), "[address]", "pii", "street address") for m in STREET_ADDRESS.finditer(text))
    for home in HOME_ADDRESS.finditer(text):
        group = next(g for g in ("address", "address_before", "address_alone", "address_opens") if home.group(g))
        if not STREET_ADDRESS.match(text, home.start(group)):
            edits.append(Edit(home.start(group), home.end(group), "[address]", "pii", "street address"))
    edits.extend(Edit(m.start(), m.end(), "[postcode]", "pii", "postcode") for m in UK_POSTCODE.finditer(text))
    return edits


def has_contact_details(text: str) -> bool:
    return bool(EMAIL.search(text) or phone_spans(text))
