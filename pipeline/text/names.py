"""People's names: who is known (interviewees, interviewers, people.yaml) and who else is named in the text.

Learning histories attribute by role, never by name. Known people are matched by their full names and, inside
their own interview, by first or last name alone. Other names are found without a trained model: a run of
capitalised words that starts with a title ("Sir", "Cllr", "Dr") or a first name (from gender-guesser's list of
48,000 given names) and goes on with a surname-like word. Words the history uses in lower case ("will",
"grant"), organisation words ("Center", "Council") and places stop a match, so "Johnson Space Center",
"Will Total Place" and "Virginia Beach" are left alone. A first name on its own counts when the history names
that person in full elsewhere, or when the word is rare and clearly used as a name.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..nlp.places import Gazetteer

TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "cllr", "councillor", "professor", "prof", "rev",
    "reverend", "father", "captain", "capt", "colonel", "col", "general", "gen", "senator", "sen", "president",
    "governor", "gov", "judge", "justice", "admiral", "commander", "lieutenant", "lt", "sergeant", "sgt", "mayor",
    "baroness", "baron", "congressman", "congresswoman", "ambassador", "astronaut",
}
ORG_WORDS = {
    "ltd", "llp", "llc", "co", "group's",
    "program", "programme", "project", "center", "centre", "office", "division", "branch", "directorate", "group", "team",
    "council", "councils", "agency", "department", "board", "committee", "service", "services", "society", "trust",
    "foundation", "institute", "university", "college", "school", "academy", "hospital", "library", "museum", "station",
    "base", "field", "laboratory", "lab", "corporation", "company", "inc", "ltd", "plc", "partnership", "forum",
    "exchange", "network", "award", "awards", "report", "place", "street", "road", "avenue", "lane", "county", "city",
    "region", "district", "borough", "island", "islands", "river", "lake", "mountain", "valley", "beach", "park", "bay",
    "hall", "house", "building", "army", "navy", "force", "corps", "mission", "shuttle", "module", "space", "flight",
    "system", "systems", "centre's", "center's", "airport", "air", "high", "junior", "senior", "church", "cathedral",
    "act", "bill", "law", "treaty", "war", "day", "week", "prize", "medal", "fund", "bank", "press", "times", "post",
    "news", "magazine", "journal", "review", "institution", "commission", "authority", "administration", "ministry",
    "assembly", "parliament", "cabinet", "treasury", "government", "union", "association", "federation", "league",
    "club", "conference", "summit", "street's", "memorial", "monument", "bridge", "tower", "square", "gardens",
    "community", "communities", "practice", "leadership", "learning", "history", "story", "stories", "update",
}
STOP_WORDS = ENGLISH_STOP_WORDS - {"bill"}   # scikit-learn's list has "bill"; here it is a name
# Ordinary words that follow a given name without being a surname: "Pearl Harbor", "Berry Plan", "Gary Deputy".
NOT_SURNAMES = set("""
harbor harbour hill hills plan mall point falls spring springs creek canyon heights ridge peak rock cove gulf sound
strait coast shore desert forest plaza deputy director chief manager administrator engineer secretary chairman
""".split())
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "our", "their", "his", "her", "my", "your", "its"}
PLACE_PREFIXES = {"st", "saint", "san", "santa", "fort", "mount", "lake", "port", "new", "cape", "el", "los", "las"}
PARTICLES = {"de", "van", "von", "der", "den", "da", "di", "du", "le", "la", "del", "bin", "al"}
MONTHS_DAYS = {
    "easter", "christmas", "halloween", "thanksgiving", "passover", "ramadan", "diwali", "lent", "advent", "hanukkah",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|[A-Za-z]")
# A capitalised word or an initial, perhaps in editorial brackets: O'Connor, McGill, Ross-Nazzal, DeBakey, [Faget].
_CAP = r"\[?(?:(?:O['’]|D['’])?[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+)?|[A-Z]\.)\]?"
_SEQUENCE = re.compile(
    r"(?<![\w'’])(?:(?:" + "|".join(sorted((t.capitalize() for t in TITLES), key=len, reverse=True)) + r")\.?\s+)?"
    + _CAP + r"(?:\s+(?:(?:" + "|".join(PARTICLES) + r")\s+)?" + _CAP + r"){0,3}(?:['’]s)?(?![\w'’])"
)
_NOT_WORDS = re.compile(r"\S+@\S+|(?:https?://|www\.)\S+")
_POSSESSIVE = re.compile(r"['’]s$")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;“\"‘(\n]\s*|\n\s*[-*•\d.)]*\s*)$")


# Capitalised words that are not given names though the name list has them: demonyms, faiths, interjections.
NOT_NAMES = set("""
american british english german french russian soviet japanese chinese indian african european italian spanish irish
scottish welsh dutch swedish korean mexican canadian australian christian catholic protestant muslim jewish islam
hindu buddhist lord god okay hey boy sure amen
""".split())


def _frequency(columns: str) -> int:
    """The highest per-country frequency in a nam_dict.txt line (1..13, hexadecimal digits)."""
    best = 0
    for char in columns:
        if char.isdigit():
            best = max(best, int(char))
        elif char in "ABCD":
            best = max(best, 10 + "ABCD".index(char))
    return best


def _given_names(min_frequency: int, unisex: bool) -> set[str]:
    """Given names, lower-cased, from gender-guesser's nam_dict.txt (read directly: faster than its Detector)."""
    path = resources.files("gender_guesser") / "data" / "nam_dict.txt"
    names = set()
    with path.open("r", encoding="iso-8859-1") as handle:
        for line in handle:
            if line.startswith("#") or len(line) < 31 or line[0] == "=" or (not unisex and line[:2] == "? "):
                continue
            name = line[3:29].strip()
            if name.isalpha() and name.isascii() and len(name) > 1 and _frequency(line[30:85]) >= min_frequency:
                names.add(name.lower())
    return names


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Names with a frequency of 3 or more (on the file's 1..13 scale) in some country, of known gender: the rare
    entries are where "Apollo", "Okay" and "Houston" hide."""
    return frozenset(_given_names(3, unisex=False) - STOP_WORDS - MONTHS_DAYS - NOT_NAMES - {"will", "may", "an", "long", "art"})


@lru_cache(maxsize=1)
def all_given_names() -> frozenset[str]:
    """Every given name in the list, rare ones and nicknames too ("Deke", "Buzz", "Milt"): only used next to
    a name already found, where "Buzz [Person 3]" can only be a first name."""
    return frozenset(_given_names(0, unisex=True) - STOP_WORDS - MONTHS_DAYS - NOT_NAMES - PLACE_PREFIXES)


@dataclass
class NameMatch:
    start: int
    end: int
    name: str           # the name as written, title dropped
    title: str | None
    known: bool


class WordStats:
    """How often a history writes a word in lower case and capitalised: lower case means an ordinary word."""

    def __init__(self):
        self.lower: Counter = Counter()
        self.capital: Counter = Counter()
        self.determined: Counter = Counter()   # capitalised right after "the", "a", "his" ...: a thing, not a person

    def add(self, text: str) -> None:
        previous = ""
        for word in _WORD.findall(_NOT_WORDS.sub(" ", text)):
            if word[0].islower():
                self.lower[word] += 1
            elif not word.isupper() or len(word) == 1:
                self.capital[word.lower()] += 1
                if previous in DETERMINERS:
                    self.determined[word.lower()] += 1
            previous = word.lower()

    def ordinary(self, word: str) -> bool:
        """True when the history uses the word in lower case at least as often as a quarter of its capitals."""
        w = word.lower().rstrip("'’s")
        lower = self.lower.get(w, 0) + self.lower.get(word.lower(), 0)
        return lower >= 2 and lower * 4 >= self.capital.get(w, 0)

    def capitalised(self, word: str) -> int:
        return self.capital.get(word.lower(), 0)

    def thing_like(self, word: str) -> bool:
        """Written after a determiner at least one time in five: "the Mir", "a Marine"."""
        return self.determined.get(word.lower(), 0) * 5 >= max(1, self.capital.get(word.lower(), 0))


def _name_parts(name: str) -> list[str]:
    return [p for p in re.split(r"\s+", name.replace(".", ". ").strip()) if p]


class NameFinder:
    """Finds names of people in text. `known` maps full names (and aliases) to a canonical name."""

    def __init__(self, stats: WordStats, gazetteer: Gazetteer, known: dict[str, str] | None = None):
        self.stats = stats
        self.gazetteer = gazetteer
        self.first = first_names()
        self.known: dict[str, str] = dict(known or {})
        self.full_names: dict[str, str] = {}   # "john smith" -> canonical, learned as names are found
        self._learned_parts: set[str] = set()   # first and last words of the names learned
        self._firsts_by_last: dict[str, set[str]] = {}
        self._known_re = None

    # -- known names ------------------------------------------------------------------------------------------

    def add_known(self, name: str, canonical: str | None = None) -> None:
        self.known[name] = canonical or name
        self._known_re = None

    def _known_pattern(self):
        if self._known_re is None:
            variants = sorted(self.known, key=len, reverse=True)
            if not variants:
                self._known_re = re.compile(r"(?!x)x")
            else:
                alternatives = "|".join(
                    r"\s+".join(re.escape(p).replace(r"\.", r"\.?") for p in _name_parts(v)) for v in variants
                )
                self._known_re = re.compile(r"(?<![\w'’])(?:" + alternatives + r")(?![\w])")
        return self._known_re

    def _canonical(self, written: str) -> str:
        key = re.sub(r"\s+", " ", written.replace(".", ". ")).replace(" .", ".").strip()
        for variant, canonical in self.known.items():
            if re.sub(r"\s+", " ", variant.replace(".", ". ")).strip().replace(". ", " ").replace(".", "") == key.replace(". ", " ").replace(".", ""):
                return canonical
        return written

    # -- finding ---------------------------------------------------------------------------------------------

    def find(self, text: str, local: dict[str, str] | None = None) -> list[NameMatch]:
        """Names in text. `local` adds variants known only here (an interviewee's first name in their interview)."""
        matches: list[NameMatch] = []
        taken: list[tuple[int, int]] = []
        for match in self._known_pattern().finditer(text):
            matches.append(NameMatch(match.start(), match.end(), match.group(), None, True))
            taken.append((match.start(), match.end()))
        if local:
            pattern = re.compile(r"(?<![\w'’])(?:" + "|".join(re.escape(v) for v in sorted(local, key=len, reverse=True)) + r")(?![\w])")
            for match in pattern.finditer(text):
                if self._overlaps(match.start(), match.end(), taken):
                    continue
                if self._lone_ok(text, match.start(), match.end()):
                    matches.append(NameMatch(match.start(), match.end(), match.group(), None, True))
                    taken.append((match.start(), match.end()))
        for match in _SEQUENCE.finditer(text):
            if self._overlaps(match.start(), match.end(), taken):
                continue
            found = self._judge(text, match)
            if found:
                matches.append(found)
                taken.append((found.start, found.end))
        matches.sort(key=lambda m: m.start)
        for match in matches:
            self._take_nickname(text, match, taken)
        return matches

    def _take_nickname(self, text: str, match: NameMatch, taken) -> None:
        """A nickname just before a name belongs to it: "Milt [Milton A.] Silveira", "Deke Slayton", "Norm
        Thagard" (at a sentence start too, when the history names Norman E. Thagard)."""
        before = re.search(r"(?<![\w'’\[])([A-Z][a-z]+)\s+$", text[max(0, match.start - 30):match.start])
        if not before or match.title:
            return
        word, start = before.group(1), match.start - len(before.group())
        lower = word.lower()
        if lower in TITLES or lower in STOP_WORDS or lower in ORG_WORDS or self.gazetteer.is_place(word):
            return
        expansion = re.match(r"\[([A-Z][a-z]+)", text[match.start:])      # the transcriber expanded it
        opens_sentence = bool(_SENTENCE_START.search(text[:start]))
        if (expansion and expansion.group(1).lower() in all_given_names() or self._short_for(word, match.name)
                or lower in all_given_names() and not (opens_sentence and self.stats.ordinary(word))):
            if not self._overlaps(start, match.start, taken):
                match.start, match.name = start, f"{word} {match.name}"

    @staticmethod
    def _overlaps(start: int, end: int, taken) -> bool:
        return any(start < e and s < end for s, e in taken)

    def _lone_ok(self, text: str, start: int, end: int) -> bool:
        """A lone first or last name counts unless it is part of a longer name or an organisation's name."""
        before = text[max(0, start - 30):start]
        after = text[end:end + 30]
        prev_word = re.search(r"([A-Z][\w'’]*\.?)\s+$", before)
        next_word = re.match(r"\s+([A-Z][\w'’\-]*)", after)
        if prev_word and not _SENTENCE_START.search(before[: prev_word.start()]) and prev_word.group(1).lower().strip(".") not in TITLES:
            return False
        if prev_word and len(prev_word.group(1).rstrip(".")) == 1:
            return False
        if next_word and (next_word.group(1).lower() in ORG_WORDS or next_word.group(1)[0].isupper() and not self.stats.ordinary(next_word.group(1))):
            return False
        return True

    def _judge(self, text: str, match: re.Match) -> NameMatch | None:
        written = _POSSESSIVE.sub("", match.group())
        # Editorial brackets belong to the name only when they open and close inside it: "[Faget]", "Owen [G.] Morris".
        lead = 0
        while written.count("[") != written.count("]"):
            if written.startswith("[") and written.count("[") > written.count("]"):
                written, lead = written[1:], lead + 1
            elif written.count("]") > written.count("["):
                written = written[: written.rindex("]")] + written[written.rindex("]") + 1:]
                break
            else:
                cut = written.rfind("[")
                written = written[:cut].rstrip()
        written = written.rstrip()
        start = match.start() + lead
        match_end = start + len(written)
        if not written:
            return None
        words = [w.strip("[]") for w in written.split()]
        words = [w for w in words if w]
        title = None
        if words[0].rstrip(".").lower() in TITLES:
            title = words[0]
            words = words[1:]
        # Drop leading capitalised words that are not names ("Yesterday John Smith").
        dropped: list[str] = []
        nickname = False
        while words and not title and words[0].lower() not in self.first and not self._learned(words[0]):
            dropped.append(words[0])
            words = words[1:]
        if not words or (dropped and len(words) == 1 and not self._learned(words[0])):
            return None
        if dropped and len(words) == 1:
            # A learned surname after a dropped word: "Deke Slayton" (a nickname) is one name; "Lockheed Martin" or
            # "Cape Kennedy" is not a person; "So Slayton said" is the surname alone.
            word = dropped[-1]
            opens = len(dropped) == 1 and bool(_SENTENCE_START.search(text[max(0, start - 40):start]))
            if word.lower() in all_given_names() and not self.stats.ordinary(word) and not self.gazetteer.is_place(word):
                words, nickname = [word] + words, True
            elif not (opens and (self.stats.ordinary(word) or word.lower() in STOP_WORDS)):
                return None
        # Stop the name at an organisation word or a place: "Dave Smith Council" -> "Dave Smith". A first "Bill"
        # is a name ("Bill Nelson"); a parliamentary bill comes last ("the Localism Bill").
        if any(word.lower() in ORG_WORDS for word in (words[1:] if len(words) > 1 and words[0] == "Bill" else words)):
            return None
        offset = start + max(0, written.find(words[0]) - (1 if written[max(0, written.find(words[0]) - 1)] == "[" else 0)) if not title else start
        name_text = " ".join(words)
        end = match_end
        before = text[max(0, start - 40):start]
        at_start = bool(_SENTENCE_START.search(before))
        next_text = text[match_end:match_end + 20]
        if any(w.lower() in MONTHS_DAYS for w in words):
            return None
        if title:
            if words[-1].lower() in ORG_WORDS or self.gazetteer.is_place(name_text):
                return None
            if title.rstrip(".").lower() in ("president", "general", "governor", "judge", "justice", "father", "captain", "astronaut") and self.stats.ordinary(words[-1]):
                return None
            return NameMatch(match.start(), end, name_text, title.rstrip("."), False)
        first, rest = words[0], words[1:]
        if not rest:
            previous = re.search(r"(\w+)(\.?)\s+$", before)
            if previous and (previous.group(1).lower() == "the" or previous.group(1) in ("St", "Saint", "San", "Santa", "Fort", "Mount", "Lake", "Port", "New")):
                return None
            if previous and previous.group(1)[0].isupper() and not at_start and previous.group(1).lower() not in TITLES:
                return None  # "North Carolina", "Leicestershire CC": part of a longer proper name
            return self._judge_lone(first, offset, end, at_start and written.startswith(first), next_text)
        if self.gazetteer.is_place(name_text) or any(self.gazetteer.places.get(w) in ("country", "region") for w in rest):
            return None
        if any(self.gazetteer.places.get(" ".join(rest[i:])) in ("country", "region") for i in range(len(rest))):
            return None
        if first.lower() not in self.first and not self._learned(first) and not nickname:
            return None
        if self.stats.ordinary(first):
            # "Will Total Place", "Grant Thornton": an ambiguous first name needs an unmistakable surname.
            if any(self.stats.ordinary(w) or self.stats.lower.get(w.lower(), 0) for w in rest if len(w) > 2):
                return None
        last = rest[-1]
        if len(last) > 2 and self.stats.ordinary(last) and not self._plain_word_surname(first, rest, next_text):
            return None
        if last.isupper() and len(last) > 2:
            return None
        self.full_names[name_text.lower()] = name_text
        parts = name_text.split()
        self._firsts_by_last.setdefault(parts[-1].lower(), set()).add(parts[0].lower())
        # Parts learned here are then matched alone; an ordinary word ("Low" of George Low) is not.
        self._learned_parts.update(p.lower() for p in (parts[0], parts[-1]) if not self.stats.ordinary(p))
        return NameMatch(offset, end, name_text, None, False)

    def _short_for(self, word: str, name: str) -> bool:
        """"Norm" before "Thagard" when the history names Norman E. Thagard."""
        if len(word) < 3:
            return False
        last = name.split()[-1].lower()
        firsts = self._firsts_by_last.get(last, set()) | {k.split()[0].lower() for k in self.known
                                                          if len(k.split()) > 1 and k.split()[-1].lower() == last}
        return any(first.startswith(word.lower()) for first in firsts)

    def _plain_word_surname(self, first: str, rest: list[str], next_text: str) -> bool:
        """"George Low", "Ed White", "Sally Ride": a surname that is also an ordinary word counts after a given name
        the history never writes in lower case, when no capitalised word follows ("Glenn Research Center",
        "Georgia Air Force") and neither word is a place or an organisation word."""
        return (len(rest) == 1 and first.lower() in self.first and not self.stats.ordinary(first)
                and self.gazetteer.places.get(first) not in ("country", "region", "local")
                and rest[0].lower() not in ORG_WORDS and rest[0].lower() not in NOT_SURNAMES
                and not self.gazetteer.is_place(f"{first} {rest[0]}")
                and not re.match(r"\s*(?:[-–]\s*)?[A-Z]", next_text) and not re.match(r"['’]s\s+[A-Z]", next_text))

    def _learned(self, word: str) -> bool:
        return word.lower() in self._learned_parts

    def _judge_lone(self, word: str, start: int, end: int, at_sentence_start: bool, next_text: str) -> NameMatch | None:
        lower = word.lower()
        if word.isupper() or len(word) < 3 or lower in ORG_WORDS:
            return None
        following = re.match(r"\s+([A-Z][\w'’]*)", next_text)
        if following and following.group(1).lower().rstrip(".") in ORG_WORDS:
            return None
        if self._learned(word):
            return NameMatch(start, end, word, None, False)
        if self.gazetteer.is_place(word):
            return None
        if lower not in self.first or self.stats.ordinary(word):
            return None
        # A given name used as a name: "Lorraine from Sure Start", "Margaret's story", "And Courtney taught";
        # a frequent word the history writes after "the" or "a" is a thing ("the Mir", "a Marine").
        if self.stats.capitalised(word) > 6 and self.stats.thing_like(word):
            return None
        if at_sentence_start and not re.match(r"(?:['’]s\b|\s+(?:said|says|told|explains|asked|was|is|and|had|has|from))", next_text):
            return None
        return NameMatch(start, end, word, None, False)


def local_variants(full_name: str) -> list[str]:
    """First name, last name and "Mr/Ms/Dr Last" for a person named in full."""
    parts = [p for p in full_name.replace(",", " ").split() if p.rstrip(".").isalpha() and len(p.rstrip(".")) > 1]
    variants = []
    if parts:
        variants.append(parts[0])
        if len(parts) > 1:
            variants.append(parts[-1])
            for title in ("Mr.", "Mrs.", "Ms.", "Dr.", "Mr", "Mrs", "Ms", "Dr", "Miss"):
                variants.append(f"{title} {parts[-1]}")
            variants.append(f"{parts[0]} {parts[-1]}")
        words = full_name.split()
        if len(words) == 3 and re.fullmatch(r"[A-Z]\.?", words[1]):
            variants.append(f"{words[0]} [{words[1].rstrip('.')}.] {words[2]}")   # "John [B.] Lee"
    return variants


def collect_stats(texts: Iterable[str]) -> WordStats:
    stats = WordStats()
    for text in texts:
        stats.add(text)
    return stats
