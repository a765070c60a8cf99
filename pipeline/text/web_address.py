"""Web addresses a page did not put there: what a spammer leaves wherever the rest of the spam is phrased.

Spam in scraped pages nearly always carries an address, and no word list has to know its family to see one:
a link or a bare domain ("rxmedsdirect24.net", "Www.homejobs-now.com"), one spelt out to dodge filters
("bestassignmentexperts dot com"), a short link ("bit.ly/3xYz") or forum and HTML link markup
("[url=...]...[/url]", "<a href=...>"). Public-service pages link to public bodies and charities, so an
address whose host is a public body's, a university's or a UK charity's (`OFFICIAL_SUFFIXES`) is the page's
own and is never spam evidence.
"""

from __future__ import annotations

import re

# Hosts under these are the page's own references, never a spammer's: public bodies, the NHS, universities,
# schools, the police, UK charities and the like.
OFFICIAL_SUFFIXES = (".gov", ".gov.uk", ".nhs.uk", ".ac.uk", ".sch.uk", ".police.uk", ".parliament.uk", ".mod.uk",
                     ".org.uk", ".edu", ".mil", ".int", ".gov.au", ".gc.ca", ".europa.eu")

_TLD = (r"com|net|org|info|biz|co|io|me|ly|cc|tv|us|uk|eu|de|ru|cn|in|xyz|top|site|online|store|shop|club|pro|app|"
        r"live|win|bet|vip|link|click|today|world|life|fun|space|website|tech|bid|loan|casino|poker|porn|sex|"
        r"dating|health|pharmacy|ws|to|gg|ai|ca|au|nz|ie|fr|es|it|nl|pl|su|asia|mobi|name")
_HOST = rf"(?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.)+(?:{_TLD})\b"
ADDRESS = re.compile(
    rf"\[/?(?:url|link|img)\b[^\]\n]{{0,200}}\]"                         # forum link markup: [url=...] [/url]
    rf"|</?a\b[^>\n]{{0,300}}>"                                            # HTML link markup: <a href=...> </a>
    rf"|\bhttps?://[^\s\]\[<>\"]+"                                         # a link
    rf"|\bwww\.[^\s\]\[<>\"]+"                                             # www. without the scheme
    rf"|\b[a-z0-9][a-z0-9\-]*\s*(?:\(dot\)|\[dot\]|\sdot\s)\s*(?:{_TLD})\b"    # an address spelt out
    rf"|(?<![\w@.\-]){_HOST}(?:/[^\s\]\[<>\"]*)?",                         # a bare domain (not an e-mail's)
    re.IGNORECASE)
_TITLED_END = re.compile(r"\.[A-Z][a-z]+\b")     # "program.It": a missing space, not a domain
_HOST_IN = re.compile(rf"(?:https?://)?(?:www\.)?({_HOST}|[a-z0-9][a-z0-9.\-]*\.[a-z]{{2,}})", re.IGNORECASE)


def is_official(address: str) -> bool:
    """True when the address's host (if it names one) is a public body's, a university's or a charity's."""
    found = _HOST_IN.search(address.replace("[dot]", ".").replace("(dot)", "."))
    if not found:
        return False
    host = found.group(1).lower().rstrip(".")
    return host.endswith(OFFICIAL_SUFFIXES)


def foreign_addresses(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the web addresses and link markup in `text` that are not the page's own."""
    return [(m.start(), m.end()) for m in ADDRESS.finditer(text)
            if not is_official(m.group()) and not _missing_space(m.group())]


def _missing_space(found: str) -> bool:
    """True for "program.It" or "there.To": two words run together at a full stop, which no address is written
    as (addresses come in lower case, in capitals, or with only their first letter capitalised)."""
    return "/" not in found and bool(_TITLED_END.search(found)) and not found.lower().startswith("www.")
