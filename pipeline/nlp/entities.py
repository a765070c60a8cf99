"""Organisations, acronyms and roles named in a passage.

Acronyms are learned from the history itself wherever it spells one out: "Improvement and Development Agency
(IDeA)" teaches that IDeA is the Improvement and Development Agency, and every later "IDeA" is that organisation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..text.speech import ROLE_WORDS
from .places import Gazetteer

_EXPANSION = re.compile(
    r"((?:[A-Z][\w’'&\-]*\s+(?:(?:and|of|for|the|on|in|&)\s+)*){1,9}[A-Z][\w’'\-]*)\s*\(([A-Z][A-Za-z&]{1,9})\)"
)
_ACRONYM = re.compile(r"\b[A-Z][A-Za-z&]*[A-Z]\b")
_SMALL = {"and", "of", "for", "the", "on", "in", "&"}


def _initials_match(name: str, acronym: str) -> str | None:
    """The tail of `name` whose initials spell the acronym (case-insensitively, small words optional), or None."""
    words = name.split()
    letters = [c for c in acronym.upper() if c.isalpha()]
    for start in range(len(words)):
        tail = words[start:]
        if tail[0].lower() in _SMALL:
            continue
        big = [w for w in tail if w.lower() not in _SMALL]
        all_initials = [w[0].upper() for w in tail]
        if [w[0].upper() for w in big] == letters or all_initials == letters:
            return " ".join(tail)
        # Acronyms that keep more than initials ("IDeA": Improvement and Development Agency).
        if len(big) >= 2 and [w[0].upper() for w in big] == [c for c in acronym if c.isupper()]:
            return " ".join(tail)
    return None


def learn_acronyms(texts: Iterable[str]) -> dict[str, str]:
    """acronym -> expansion, for every "Full Name (ACR)" in the texts."""
    found: dict[str, str] = {}
    for text in texts:
        for match in _EXPANSION.finditer(text):
            expansion = _initials_match(match.group(1).strip(), match.group(2))
            if expansion and match.group(2) not in found:
                found[match.group(2)] = expansion
    return found


MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"}


def lower_case_words(texts: Iterable[str]) -> set[str]:
    """Words the history writes in lower case at least twice: "young", "summit" are words there, not places."""
    counts: dict[str, int] = {}
    for text in texts:
        for word in re.findall(r"\b[a-z][a-z]+\b", text):
            counts[word] = counts.get(word, 0) + 1
    return {w for w, c in counts.items() if c >= 2}


class EntityFinder:
    def __init__(self, gazetteer: Gazetteer, acronyms: dict[str, str], common_words: set[str] | None = None):
        self.gazetteer = gazetteer
        self.common_words = common_words or set()
        self.acronyms = dict(acronyms)
        for name, full in gazetteer.organisations.items():
            if name != full and _ACRONYM.fullmatch(name):
                self.acronyms.setdefault(name, full)
        names = sorted({full for full in gazetteer.organisations.values()} | set(self.acronyms.values()), key=len, reverse=True)
        self._org_names = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b") if names else None

    def organisations(self, text: str) -> tuple[list[str], dict[str, str]]:
        """Organisations named (full names), and the acronyms used with their expansions."""
        found: list[str] = []
        used: dict[str, str] = {}
        if self._org_names is not None:
            for match in self._org_names.finditer(text):
                if match.group() not in found:
                    found.append(match.group())
        for match in _ACRONYM.finditer(text):
            full = self.acronyms.get(match.group())
            if full:
                used[match.group()] = full
                if full not in found:
                    found.append(full)
        return found, used

    def places(self, text: str) -> list[str]:
        """Places named: the history's own gazetteer always; built-in ones unless they are ordinary words here."""
        found = []
        for place in self.gazetteer.find_places(text):
            local = self.gazetteer.places.get(place) == "local"
            if not local and (place in MONTHS or (" " not in place and place.lower() in self.common_words)):
                continue
            found.append(place)
        return found

    @staticmethod
    def roles(text: str, role: str | None) -> list[str]:
        roles = [role] if role else []
        for match in re.finditer(r"\[([^\]]{3,80})\]", text):
            inner = match.group(1)
            if ROLE_WORDS.search(inner) and inner not in roles:
                roles.append(inner)
        return roles
