"""Corpus evidence about words: how the history writes each one, given names, and word lists.

A capitalised word is a name only against evidence. The history itself says most: a word it writes in lower case
("will", "grant", "guy") is an ordinary word; one it writes after "the" or "a" ("the Shuttle", "the Moon") is a
thing. Given names come from gender-guesser's list of 48,000 (read directly, offline). The lists below hold the
words that are never a person's name whatever the evidence: organisation and place words, months and feasts,
demonyms, and the spacecraft, programmes, centres and units that oral histories of spaceflight talk about.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

import simplemma
import wordfreq
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

ORG_WORDS = {
    "ltd", "llp", "llc", "co", "group's", "bros",
    "program", "programme", "project", "center", "centre", "office", "division", "branch", "directorate", "group", "team",
    "council", "councils", "agency", "department", "board", "committee", "service", "services", "society", "trust",
    "foundation", "institute", "university", "college", "school", "academy", "hospital", "library", "museum", "station",
    "base", "field", "laboratory", "lab", "corporation", "company", "inc", "plc", "partnership", "forum",
    "exchange", "network", "award", "awards", "report", "place", "street", "road", "avenue", "lane", "county", "city",
    "region", "district", "borough", "island", "islands", "river", "lake", "mountain", "valley", "beach", "park", "bay",
    "hall", "house", "building", "army", "navy", "force", "corps", "mission", "shuttle", "module", "space", "flight",
    "system", "systems", "centre's", "center's", "airport", "air", "high", "junior", "senior", "church", "cathedral",
    "act", "bill", "law", "treaty", "war", "day", "week", "prize", "medal", "fund", "bank", "press", "times", "post",
    "news", "magazine", "journal", "review", "institution", "commission", "authority", "administration", "ministry",
    "assembly", "parliament", "cabinet", "treasury", "government", "union", "association", "federation", "league",
    "club", "conference", "summit", "street's", "memorial", "monument", "bridge", "tower", "square", "gardens",
    "community", "communities", "aircraft", "aerospace", "airlines", "communications", "satellite", "industries",
    "electric", "motors", "dynamics", "technologies", "incorporated", "corp", "senate", "congress", "court", "facility", "facilities", "practice", "leadership", "learning", "history", "story", "stories", "update",
    "chamber", "chapel", "sentinel", "herald", "tribune", "gazette", "chronicle", "courier", "inquirer", "examiner",
    "line", "lines", "steamship", "railroad", "railway",        # "by Lykes Line"
    "bookstore", "bookshop", "drugstore", "barbershop", "dealership",    # "Victor Kamkin Bookstore, Inc."; not
    "mart", "market", "plaza", "barbecue",      # "Dallas Trade Mart?", "Austin Barbecue." (given names, and towns)
    #      "bakery" or "cafe": "You could have a Melissa Bakery", said to Melissa, names her
}
# Organisation words that are also surnames: a recognised full name may end with one ("Chul Park", "John [F.] Hall").
SURNAME_WORDS = {"park", "hall", "house", "field", "church", "bank", "banks", "lane", "law", "young", "press", "day"}
STOP_WORDS = ENGLISH_STOP_WORDS - {"bill"}   # scikit-learn's list has "bill"; here it is a name
# Offices: after a title they name no one ("Chief Justice", "Mr. Chairman", "Deputy Prime Minister").
OFFICE_WORDS = set("""
deputy director chief manager administrator engineer secretary chairman minister ministers prime premier counsel
reporter
""".split())
_PLACE_PREPOSITIONS = {"in", "at", "near", "into", "outside", "downtown", "throughout"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "our", "their", "his", "her", "my", "your", "its"}
PLACE_PREFIXES = {"st", "saint", "san", "santa", "fort", "camp", "mount", "lake", "port", "new", "cape", "el", "los", "las",
                  "downtown", "uptown", "midtown", "greater"}     # "Downtown Dallas" is a district, not a person
# What follows a street's own name: "Patton Street", "Jefferson Boulevard".
STREET_WORDS = {"street", "avenue", "boulevard", "road", "drive", "expressway", "freeway", "parkway", "highway"}
# Ordinary words that follow a given name without being a surname: "Pearl Harbor", "Berry Plan", "Gary Deputy",
# "Harry Hines Boulevard" (street words too, but for the surnames Street, Road and Drive).
NOT_SURNAMES = OFFICE_WORDS | (STREET_WORDS - {"street", "road", "drive"}) | set("""
harbor harbour hill hills plan mall point falls spring springs creek canyon heights ridge peak rock cove gulf sound cliff
strait coast shore desert forest plaza
""".split())
# Organisation words that are also what a man is called ("Junior High", and "Junior Jarman").
NICKNAME_WORDS = {"junior"}
# Words one calls anybody by ("Buddy, you'd better move"): a nickname made of one is not that person alone.
ADDRESS_WORDS = {"buddy", "bud", "pal", "mac", "sonny", "honey", "babe", "boss", "kid", "doc", "mister"}
PARTICLES = {"de", "van", "von", "der", "den", "da", "di", "du", "le", "la", "del", "bin", "al", "au"}   # "Port au Prince"
# Particles that are never a given name ("Al" Bean and "Van" Johnson are given names): "De Mohrenschildt" is a surname.
SURNAME_PARTICLES = PARTICLES - {"al", "van", "bin"}
MONTHS_DAYS = {
    "easter", "christmas", "halloween", "thanksgiving", "passover", "ramadan", "diwali", "lent", "advent", "hanukkah",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}
# Months that are also given names. The history decides which: "June was crying", "nursing June" and "June's birth
# certificate" name a girl; "in June", "June 13" and "May and June" are months; "May I ask" is the verb.
MONTH_GIVEN_NAMES = {"april", "may", "june", "august"}
_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# A month, not a person: after a preposition of time, a number or another month; before a number, "of 1962" or another month.
_DATE_BEFORE = re.compile(r"(?:\b(?:in|on|of|since|until|till|through|during|early|late|mid|last|next|this|every|each|by|"
                          r"between|from|the|around)|\d(?:st|nd|rd|th)?|" + _MONTHS + r"\s*(?:,|and|or|to|through|-|–))\s*$",
                          re.I)
_DATE_AFTER = re.compile(r"\s*,?\s*\d|\s+of\s+(?:\d|this|that|last|next)|\s*(?:,|and|or|to|through|-|–)\s*" + _MONTHS + r"\b"
                         r"|\s+(?:I|we|you|he|she|they|it|be|have|not)\b")
# What only a person is or does, just before or after the word.
_PERSON_BEFORE = re.compile(r"\b(?:daughter|son|baby|sister|brother|niece|nephew|granddaughter|grandson|child|nurs(?:e|ed|ing)|"
                            r"feed|fed|feeding|undress(?:ed|ing)?|dress(?:ed|ing)|bath(?:e|ed|ing)|hold(?:ing)?|held|"
                            r"hug(?:ged)?|kiss(?:ed)?|carr(?:y|ied|ying))\s*,?\s+$", re.I)
_PERSON_AFTER = re.compile(r"['’]s\s+(?:and\s+[^,.;]{1,30}?['’]s\s+)?(?:birth|bed|crib|clothes|diapers?|toys?|illness|room|father|mother)\b"
                           r"|\s+(?:(?:was|is)\s+(?:crying|born|sick|ill|asleep|sleeping|playing|\d+\s+(?:or\s+\d+\s+)?"
                           r"(?:months?|years?|weeks?)\s+old)|cried|cries|needed|needs|doesn['’]t|didn['’]t|went|walked|"
                           r"talked|slept|sleeps|played|plays|wanted|wants|said|says|loved|loves)\b|\s+and\s+(?:I|me)\b")
MONTH_WORD = re.compile(r"(?<![\w'’])(April|May|June|August)(?![\w])")


def month_as_date(before: str, after: str) -> bool:
    """A month's name used as a month: "in June", "June 13", "June of 1962", "May and June", "May I"."""
    return bool(_DATE_BEFORE.search(before) or _DATE_AFTER.match(after))


def month_as_person(before: str, after: str) -> bool:
    """A month's name in a frame only a person fills: "nursing June", "June was crying", "June's birth certificate"."""
    return not month_as_date(before, after) and bool(_PERSON_BEFORE.search(before) or _PERSON_AFTER.match(after))


WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|[A-Za-z]")
NOT_WORDS = re.compile(r"\S+@\S+|(?:https?://|www\.)\S+")


# Capitalised words that are not given names though the name list has them: demonyms, faiths, interjections.
# Churches a person belongs to, capitalised as names are: "a former Baptist who".
DENOMINATIONS = {"baptist", "baptists", "methodist", "methodists", "lutheran", "lutherans", "presbyterian",
                 "presbyterians", "mormon", "mormons", "quaker", "quakers", "anglican", "anglicans", "episcopalian",
                 "pentecostal", "adventist", "evangelical", "orthodox"}
NOT_NAMES = set("""
american british english german french russian soviet japanese chinese indian african european italian spanish irish
scottish welsh dutch swedish korean mexican canadian australian christian catholic protestant muslim jewish islam
hindu buddhist lord god okay hey boy sure amen geez jeez gosh golly wow whoa yikes shucks darn heck phew oops
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
def men_only_names() -> frozenset[str]:
    """Given names the list gives only to men ("Clinton", "John"): a "Mrs." or "Miss" of that surname is someone
    else ("Miss Hill" is not the agent Clinton J. Hill; "Mrs. Kennedy" is not John F. Kennedy)."""
    path = resources.files("gender_guesser") / "data" / "nam_dict.txt"
    men: set[str] = set()
    women: set[str] = set()
    with path.open("r", encoding="iso-8859-1") as handle:
        for line in handle:
            if line.startswith("#") or len(line) < 31 or line[0] == "=":
                continue
            name = line[3:29].strip().lower()
            code = line[:2].strip()
            (men if code in ("M", "1M") else women).add(name)
    return frozenset(men - women)


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Names with a frequency of 3 or more (on the file's 1..13 scale) in some country, of known gender: the rare
    entries are where "Apollo", "Okay" and "Houston" hide."""
    return frozenset(_given_names(3, unisex=False) - STOP_WORDS - MONTHS_DAYS - NOT_NAMES - {"will", "may", "an", "long", "art"})


@lru_cache(maxsize=1)
def given_org_words() -> frozenset[str]:
    """Organisation words that are also frequent given names ("Bill"): alone, not after "the" or a capitalised
    word ("the Localism Bill"), they are the given name."""
    return frozenset(w for w in ORG_WORDS if w in first_names())


@lru_cache(maxsize=1)
def all_given_names() -> frozenset[str]:
    """Every given name in the list, rare ones and nicknames too ("Deke", "Buzz", "Milt"): only used next to
    a name already found, where "Buzz [Person 3]" can only be a first name."""
    return frozenset(_given_names(0, unisex=True) - STOP_WORDS - MONTHS_DAYS - NOT_NAMES - PLACE_PREFIXES)


@lru_cache(maxsize=1)
def stop_words_not_names() -> frozenset[str]:
    """Stop words no list gives as a given name ("toward", "and"; not "will" or "bill"): the recogniser's span may
    open with one ("Toward Patton?")."""
    return frozenset(STOP_WORDS - _given_names(0, unisex=True))


@lru_cache(maxsize=1)
def census_surnames() -> frozenset[str]:
    """The US Census Bureau's 88,799 surnames (1990), lower-cased: see pipeline/data/census_surnames.README.md."""
    return frozenset(census_ranks())


@lru_cache(maxsize=1)
def _org_run_pattern() -> re.Pattern:
    """Capitalised words right before an organisation word, separated by spaces only."""
    words = sorted((w.capitalize() for w in ORG_WORDS if w.isalpha() and len(w) > 1), key=len, reverse=True)
    return re.compile(r"\b((?:[A-Z][a-z]+[ \t]+){1,4})(?:" + "|".join(words) + r")\b")


@lru_cache(maxsize=1)
def census_ranks() -> dict[str, int]:
    """Each census surname's place in the list, most frequent first ("smith" 0)."""
    path = resources.files("pipeline") / "data" / "census_surnames.txt"
    with path.open("r", encoding="utf-8") as handle:
        return {name: rank for rank, name in enumerate(line.strip() for line in handle if line.strip())}


def plural_noun(word: str) -> bool:
    """A plural of an English word that is no surname ("Elevators", "Motors", "Airlines"): it ends a company's or a
    group's name, never a person's ("Otis Elevators"; but "Rogers", "Edwards" are surnames)."""
    lower = word.lower()
    return (len(lower) > 4 and lower.endswith("s") and not lower.endswith("ss") and lower not in census_surnames()
            and simplemma.is_known(lower, lang="en") and simplemma.is_known(lower[:-1], lang="en"))


def distinct_surname(word: str, stats: WordStats) -> bool:
    """A surname that can only be a surname: in the census list, not an English word ("Musgrave", "Redd", "Shriver";
    not "Story", "Park", "Powers"), and never written in lower case by the history."""
    lower = word.lower().strip("[].").removesuffix("'s").removesuffix("’s")
    if len(lower) < 3 or lower not in census_surnames() or stats.ordinary(lower) or lower in THINGS or lower in ORG_WORDS:
        return False
    return not simplemma.is_known(lower, lang="en") or wordfreq.zipf_frequency(lower, "en") < 3.0


# A hearing's own documents, which a record of depositions capitalises every time: the name before one is a person's
# ("Price Exhibit No. 1" is Mr. Price's exhibit), the word itself never is.
DOCUMENT_WORDS = {"exhibit", "exhibits", "deposition"}
# Spacecraft, programmes, heavenly bodies and units: capitalised, person-like to a recogniser, never a person here.
THINGS = set("""
apollo gemini mercury skylab shuttle spacelab moon mars earth sun venus jupiter saturn soyuz mir salyut vostok voskhod
sputnik orion challenger columbia enterprise discovery atlantis endeavour hubble ranger surveyor viking voyager pioneer
mariner agena titan atlas redstone delta centaur freedom constellation artemis gateway kibo zarya zvezda unity destiny
mach kelvin fahrenheit celsius doppler montessori
""".split()) | DOCUMENT_WORDS
# Companies, brands and buildings named after people: a given name and a surname, never a person here.
NAMED_AFTER_PEOPLE = set("""
mercedes benz|martin marietta|rolls royce|harley davidson|hewlett packard|procter gamble|johnson johnson|ernst young
|black decker|dolly madison|lockheed martin|mcdonnell douglas|pratt whitney|marks spencer|sears roebuck|wright brothers
|smith wesson|dr pepper|lord taylor|neiman marcus|sanger harris|abercrombie fitch|barnes noble
""".replace("\n", "").split("|"))
# Makes of car, which are given names or surnames too ("Ford", "Lincoln", "Dodge"): before a model that is no name,
# a car ("a Ford Fairlane car").
CAR_MAKES = set("""
ford chevrolet chevy buick pontiac dodge plymouth oldsmobile cadillac mercury lincoln chrysler rambler studebaker
packard hudson nash desoto edsel jeep volkswagen
""".split())
# NASA centres and places named after people: a lone word here is the place unless a given name or a title is with it.
CENTRE_NAMES = set("""
marshall goddard langley ames glenn johnson kennedy dryden stennis wallops edwards lewis ellington vandenberg
""".split())


# Usual English short forms of given names (both directions are looked up).
NICKNAMES = {
    "robert": "bob bobby rob robbie bert", "william": "bill billy will willie", "richard": "dick rick ricky rich",
    "james": "jim jimmy jamie", "john": "jack johnny", "edward": "ed eddie ted ned", "michael": "mike mick mickey",
    "david": "dave davy", "joseph": "joe joey", "thomas": "tom tommy", "alan": "al", "albert": "al bert",
    "alfred": "al alf fred", "peter": "pete", "charles": "chuck charlie chas", "dorothy": "dottie dotty dot",
    "kenneth": "ken kenny", "lawrence": "larry", "gerald": "jerry gerry", "jerome": "jerry", "walter": "walt",
    "isaac": "ike", "stuart": "stu", "milton": "milt", "norman": "norm", "russell": "rusty russ",
    "anthony": "tony", "ronald": "ron ronnie", "philip": "phil", "clifford": "cliff", "douglas": "doug",
    "daniel": "dan danny", "donald": "don donnie", "steven": "steve", "stephen": "steve", "samuel": "sam",
    "benjamin": "ben", "andrew": "andy", "nicholas": "nick", "elizabeth": "liz beth betty", "susan": "sue",
    "katherine": "kate kathy", "catherine": "cathy kate", "margaret": "peggy meg maggie", "jennifer": "jenny jen",
    "rebecca": "becky", "sandra": "sandy", "patricia": "pat patty", "patrick": "pat", "frederick": "fred",
    "henry": "hank harry", "jeffrey": "jeff", "gregory": "greg", "matthew": "matt", "christopher": "chris",
    "timothy": "tim", "eugene": "gene", "virgil": "gus", "guion": "guy", "harrison": "jack", "franklin": "frank",
    "francis": "frank", "raymond": "ray", "leonard": "len leo", "vincent": "vince", "gordon": "gordo",
}
SHORT_FORMS: dict[str, set[str]] = {}   # a given name -> its usual short and long forms
for _full, _shorts in NICKNAMES.items():
    for _short in _shorts.split():
        SHORT_FORMS.setdefault(_full, set()).add(_short)
        SHORT_FORMS.setdefault(_short, set()).add(_full)


class WordStats:
    """How often a history writes a word in lower case and capitalised: lower case means an ordinary word."""

    def __init__(self):
        self.lower: Counter = Counter()
        self.capital: Counter = Counter()
        self.determined: Counter = Counter()   # capitalised right after "the", "a", "his" ...: a thing, not a person
        self.before_org: Counter = Counter()   # capitalised in a run that ends with an organisation word ("Garber Facility")
        self.org_runs: Counter = Counter()     # the whole run before an organisation word ("Warren Easton High")
        self.month_person: Counter = Counter()  # a month's name in a frame only a person fills ("June was crying")
        self.placed: Counter = Counter()        # capitalised right after "in", "at", "near" ...: "in Dallas"
        self.placed_runs: Counter = Counter()   # two capitalised words or more after one: "in Oak Cliff"
        self.street: Counter = Counter()        # alone before a street word: "Patton Street", "Jefferson Boulevard"

    def add(self, text: str) -> None:
        for org in _org_run_pattern().finditer(text):      # "Warren Easton High School", only spaces between
            self.org_runs[" ".join(org.group(1).lower().split())] += 1
        for month in MONTH_WORD.finditer(text):
            if month_as_person(text[max(0, month.start() - 40):month.start()], text[month.end():month.end() + 60]):
                self.month_person[month.group().lower()] += 1
        previous = ""
        run: list[str] = []                     # the capitalised words just before this one
        placed_run = False                      # that run began right after "in", "at" ...
        for word in WORD.findall(NOT_WORDS.sub(" ", text)):
            if word[0].islower():
                self.lower[word] += 1
                run = []
            elif not word.isupper() or len(word) == 1:
                self.capital[word.lower()] += 1
                if previous in DETERMINERS:
                    self.determined[word.lower()] += 1
                elif previous in _PLACE_PREPOSITIONS:
                    self.placed[word.lower()] += 1
                if run and word.lower() in ORG_WORDS and word.lower() not in SURNAME_WORDS:
                    self.before_org.update(run)  # "Glenn Research Center": Glenn and Research
                if len(run) == 1 and word.lower() in STREET_WORDS:
                    self.street[run[0]] += 1
                placed_run = previous in _PLACE_PREPOSITIONS if not run else placed_run
                run.append(word.lower())
                if placed_run and len(run) > 1:
                    self.placed_runs[" ".join(run)] += 1
            else:
                run = []
            previous = word.lower()

    def names_a_place(self, word: str) -> bool:
        """Written before an organisation word somewhere ("the Garber Facility", "Glenn Research Center"): after
        "at" or "in" the word alone is that place ("at Garber", "at Glenn and Langley")."""
        return self.before_org.get(word.lower(), 0) > 0

    def written_as_a_place(self, word: str) -> bool:
        """Written after "in", "at" or "near" at least three times and one time in five: "in Dallas". A town that is
        also a given name is then the town when it stands alone."""
        placed = self.placed.get(word.lower(), 0)
        return placed >= 3 and placed * 5 >= self.capital.get(word.lower(), 0)

    def names_a_street(self, word: str) -> bool:
        """Written alone before "Street", "Avenue" ... at least twice: "Patton Street". Alone, the recogniser's
        "Patton" is then the street ("Tenth and Patton")."""
        return self.street.get(word.lower(), 0) >= 2

    def names_an_institution(self, name: str) -> bool:
        """A name the history writes before an organisation word and, alone, after "at" or "in": "Warren Easton" of
        "Warren Easton High School" and "at Warren Easton" is the school."""
        run = " ".join(name.lower().split())
        return " " in run and self.placed_runs.get(run, 0) >= 1 and any(
            self.org_runs[run + extra] for extra in ("", " high", " junior", " senior", " junior high"))

    def names_a_place_here(self, name: str) -> bool:
        """A run of capitalised words the history writes after "in", "at" or "near" twice or more: "in Oak Cliff"."""
        return self.placed_runs.get(name.lower(), 0) >= 2

    def ordinary(self, word: str) -> bool:
        """True when the history uses the word in lower case at least as often as a quarter of its capitals."""
        w = word.lower().rstrip("'’s")
        lower = self.lower.get(w, 0) + self.lower.get(word.lower(), 0)
        return lower >= 2 and lower * 4 >= self.capital.get(w, 0)

    def month_names_someone(self, word: str) -> bool:
        """A month's name the history uses as a person's at least twice ("June was crying", "nursing June")."""
        return self.month_person.get(word.lower(), 0) >= 2

    def capitalised(self, word: str) -> int:
        return self.capital.get(word.lower(), 0)

    def thing_like(self, word: str) -> bool:
        """Written after a determiner at least one time in five: "the Mir", "a Marine"."""
        capital = self.capital.get(word.lower(), 0)
        return capital >= 3 and self.determined.get(word.lower(), 0) * 5 >= capital


def collect_stats(texts: Iterable[str]) -> WordStats:
    stats = WordStats()
    for text in texts:
        stats.add(text)
    return stats
