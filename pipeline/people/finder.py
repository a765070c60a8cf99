"""Rule-based name finding: who is known, and who else the text names, without a trained model.

Known people (interviewees, interviewers, people.yaml, names learned in the history) are matched by their full
names and, inside their own interview, by first or last name alone. Other names are found as runs of capitalised
words that start with a title ("Sir", "Cllr", "Dr") or a given name and go on with a surname-like word. Words the
history uses in lower case ("will", "grant"), organisation words ("Center", "Council") and places stop a match, so
"Johnson Space Center", "Will Total Place" and "Virginia Beach" are left alone. A first name on its own counts when
the history names that person in full elsewhere, or when the word is rare and clearly used as a name. Every match
says which rule found it, for the ledger.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import simplemma

from ..nlp.places import Gazetteer
from ..text.pii import DIRECTION, NOT_A_YEAR
from .evidence import (
    ADDRESS_WORDS,
    CAR_MAKES,
    CENTRE_NAMES,
    DENOMINATIONS,
    DOCUMENT_WORDS,
    MONTH_GIVEN_NAMES,
    MONTH_WORD,
    MONTHS_DAYS,
    NAMED_AFTER_PEOPLE,
    NICKNAME_WORDS,
    NOT_NAMES,
    NOT_SURNAMES,
    OFFICE_WORDS,
    ORG_WORDS,
    PARTICLES,
    PLACE_PREFIXES,
    SHORT_FORMS,
    STOP_WORDS,
    SURNAME_PARTICLES,
    SURNAME_WORDS,
    THINGS,
    WordStats,
    all_given_names,
    census_ranks,
    census_surnames,
    first_names,
    given_org_words,
    month_as_date,
    month_as_person,
    plural_noun,
)
from .titles import (
    ADDRESS_TITLES,
    KIN_TITLES,
    RANK_TITLES,
    SURNAME_TITLES,
    TITLE_PATTERN,
    TITLED_NOT_PEOPLE,
    TITLES,
    WORD_TITLES,
    before_a_surname,
    is_office_title,
)

# A capitalised word or an initial, perhaps in editorial brackets: O'Connor, McGill, Ross-Nazzal, DeBakey, [Faget].
# A quoted nickname counts only as the last word of a transcriber's expansion: 'Floyd [L. "Tommy"] Thompson'.
_CAP = r"\[?(?:(?:O['’]|D['’])?[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+)?|[A-Z]\.|[“\"][A-Z][a-z]+[”\"](?=\]))\]?"
# The space between two words of one name: a line break at most, never a blank line or a table's column gap
# ("Fidel Castro                                Irving" is a name and then a place in another column).
_WORD_SPACE = r"(?:[^\S\n]{1,2}|[^\S\n]?\n[^\S\n]?(?!\s))"
_SEQUENCE = re.compile(
    r"(?<![\w'’])(?:(?:" + TITLE_PATTERN + r")\.?" + _WORD_SPACE + r")?"
    + _CAP + r"(?:" + _WORD_SPACE + r"(?:(?:" + "|".join(sorted(PARTICLES)) + r")" + _WORD_SPACE + r")?" + _CAP + r"){0,4}(?:['’]s|(?<=s)['’])?(?![\w'’])"
)
# Words that make an office of an office title: "Vice President", "Lieutenant Governor".
_OFFICE_MODIFIERS = {"vice", "deputy", "lieutenant", "acting", "assistant", "associate", "former"}
# A capitalised word just before a short title with its full stop: the run of capitals would end at "As Mr".
_WORD_BEFORE_A_TITLE = re.compile(r"\b[A-Z][a-z]*\s+((?:Mr|Mrs|Ms|Dr)\.\s+[A-Z])")
# What a person's surname names after "the": "the Paine garage", "the Walker incident", "the Clinton administration",
# "the Zapruder film".
_A_PERSONS_THING = re.compile(
    r"\s+(?:family|families|home|house|residence|garage|apartment|household|car|children|kids|boys|girls|case|"
    r"incident|administration|affair|shooting|murder|assassination|trial|bullet|bullets|film|films|position|"
    r"testimony|statement|letter|letters|photograph|photographs|pictures)\b")
# A speaker label left in a turn's text: a title and a surname in capitals, then a full stop ("Chief Justice WARREN.",
# "*Mrs. OSWALD.").
_LABEL_IN_TEXT = re.compile(r"(?<![\w'’])(?P<title>(?:Mr|Mrs|Ms|Miss|Dr)\.?|Chief Justice|Senator|Representative|Secretary"
                            r"|Ambassador|Governor)\s+(?P<surname>(?:Mc|Mac|De|O')?[A-Z][A-Z'-]{2,})(?=\.(?:\s|$))")
# A rank in lower case, or several people's rank, before their surnames: "agents Odum and Peggs", "Secret Service
# agent Lawson", "Officers Hill and Walker"; the run of capitals sees neither ("agents" is in lower case) nor the
# second surname.
_RANK_BEFORE_SURNAMES = re.compile(
    r"(?<![\w'’])(?P<rank>(?:[Aa]gents|[Oo]fficers|[Dd]etectives|[Pp]atrolmen|[Dd]eputies|agent|officer|detective|patrolman"
    r"|inspector|sergeant|lieutenant))\s+(?P<surnames>[A-Z][a-z][\w'’-]+(?:(?:,\s+|,?\s+and\s+)[A-Z][a-z][\w'’-]+)*)\b")
# "the Harrises", "The Halls were", "the Gary Taylors": a family, when the singular is a surname of the history's people.
_FAMILY_PLURAL = re.compile(r"(?<![\w'’])[Tt]he\s+(?P<name>(?:[A-Z][a-z]+\s+)?(?P<surname>[A-Z][a-z]+?)(?:es|s))(?![\w'’])")
# A letter's salutation and signature, read into the record in capitals or not: "DEAR RUTH:", "Sincerely, MARINA."
_LETTER_NAME = re.compile(r"(?<![\w'’])(?:DEAR\s+(?P<to>[A-Z][A-Z'’-]{2,})(?=\s*[:,.])"
                          r"|(?:Sincerely|SINCERELY|Yours(?: (?:truly|sincerely|very truly))?|YOURS(?: TRULY)?|Love|LOVE"
                          r"|Affectionately|Respectfully|Cordially),?\s+(?:yours,?\s+)?(?P<from>[A-Z][A-Za-z'’-]{2,})(?=\s*[.,!]?\s*(?:$|\n|\\n|[\"”])))")
# What a family signs or is greeted by: no name ("Love, Mama.").
_KIN = {"mama", "mamma", "mom", "mommy", "mum", "mummy", "papa", "dad", "daddy", "mother", "father", "grandma",
        "grandpa", "granny", "nana", "auntie", "uncle", "aunt", "son", "daughter", "sis", "brother", "sister", "darling"}
# Initials that are no person's: "P. O. Box", "U. S. Army", "D. C. Transit", "A. M." and "P. M." hours.
NOT_INITIALS = {"P.O.", "U.S.", "D.C.", "A.M.", "P.M.", "U.N.", "S.S.", "N.W.", "N.E.", "S.W.", "S.E."}
_POSSESSIVE = re.compile(r"['’]s$|(?<=s)['’]$")         # "Faget's", "Sawyers’"
# A contraction after the word makes it another word ("Don’t", "Won't"); a possessive does not ("Don's").
_CONTRACTION = r"['’](?!(?:s|ll|d|ve|re)\b)[a-z]"        # "Don’t" is no name; "Dottie'll want that" is
# A name followed by an organisation word is part of the organisation's (or the building's) name.
_INSIDE_A_PROPER_NAME = re.compile(r"(?:['’]s)?\s+\[?(?:" + "|".join(sorted(w.capitalize() for w in ORG_WORDS if w.isalpha()))
                                   + r")\b")
# A surname with a lower-case particle: "von Braun", "Wernher von Braun", "Nicky de Beer".
_PARTICLE_NAME = re.compile(r"(?<![\w'’])(?:([A-Z][a-z]+)\s+)?((?:von|van|de|du|der|den|di|da|le|la|del)\s+([A-Z][a-z]+(?:-[A-Z][a-z]+)?))(?![\w'’])")
SENTENCE_START = re.compile(r"(?:^|[.!?:;“\"‘(\n]\s*|\n\s*[-*•\d.)]*\s*)$")

# After a word that opens a sentence, what shows it is somebody: "Guy said", "Norm and I went".
ACTS = re.compile(r"(?:['’]s\b|\s+(?:said|says|told|tells|asked|explained|replied|and\s+(?:I|me|he|she|we)\b))")
# A given name that is also a word opens a sentence as a name when a deed in the past follows: "Mark handled it",
# "Ed went back" (the word would need a determiner: "The mark left ...").
DEEDS = re.compile(ACTS.pattern + r"|\s+(?:went|came|left|took|got|gave|made|found|thought|knew|saw|wrote|drove|brought|"
                   r"became|began|felt|kept|met|sent|spent|flew|led|heard|ran|won|stood|[a-z]{3,}ed)\b")
# "a guy by the name of Capallni", "a fellow named Capallni": whatever capitalised word follows is a name.
# ... and "another local girl called Marlany": "a" or "another" and a person's noun before "called" ("a place called
# Hutchins" is no one; after "the", "called" is often the verb: "the agent called Washington").
NAMED_AS = re.compile(r"(?:\bby\s+the\s+name\s+of|\bnamed|\bname\s+(?:is|was)\]?|\bcalled\s+(?:him|her|me)\s+[“\"]?"
                      r"|\b(?:an?|another)\s+(?:[a-z]+\s+){0,2}(?:girl|boy|man|woman|guy|lady|fellow|gentleman|kid|child|chap"
                      r"|friend|colleague|counterpart|teacher|student|volunteer|worker)\s+called)\s*$", re.I)
# Among the 5,000 commonest census surnames: after a rank, "Officer Wise" is a man, "the Officer Training" is not.
COMMON_SURNAME = 5000
# "the attorney, Batter [phonetic] in Victoria": a transcriber marks how a name sounded ("call a Degussa [phonetic]":
# a firm, after an article). One space at most: "_Teep_ [phonetic]", a word in italics, reaches the finder with its
# underscores blanked.
_PHONETIC_AFTER = re.compile(r" ?[\[(](?:phonetic|ph|sp)[\])]", re.I)

# A business named after its owner ("Kreeger's Shop", "Jesse's Bar"): no person, unless the owner is one of the
# history's people ("Shep's Bar ... Shep was"): then the name would give the marker away, and it is replaced.
BUSINESS_WORDS = {"cafe", "café", "restaurant", "store", "shop", "bar", "grill", "inn", "motel", "hotel", "garage",
                  "bakery", "drugstore", "pharmacy", "tavern", "lounge", "diner", "barbershop", "bookstore"}
# What is named with a person's possessive: "Valentine's Day", "St. Mary's Hospital", "Guy's Hospital".
NAMED_AFTER_SOMEONE = {
    "day", "house", "hall", "building", "street", "road", "avenue", "park", "field", "island", "prize", "award", "law",
    "church", "cathedral", "college", "school", "university", "hospital", "facility", "center", "centre", "museum",
    "memorial", "bridge", "tower", "square", "gardens", "station", "airport", "lake", "river", "bay", "beach",
} | BUSINESS_WORDS
# After a word: what shows it is somebody even when it is also a place's name.
_SOMEBODY_AFTER = re.compile(r"\s*,?\s+(?:who|whom)\b|\s+(?:said|says|told|asked|replied)\b|\s*,\s+(?:my|his|her|our|their|your)\s+"
                             r"(?:(?:step|grand|half-)?(?:daughter|son|sister|brother|mother|father|wife|husband|child)|"
                             r"niece|nephew|aunt|uncle|cousin|friend|neighbou?r)\b")
# A US state as the Government Printing Office abbreviates it, after a town's name: "Toro, Calif.", "Metairie, La."
_STATE_ABBREVIATION_AFTER = re.compile(
    r",\s+(?:Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kans|Ky|La|Md|Mass|Mich|Minn|Miss|Mo|Mont|Nebr|Nev|Okla"
    r"|Oreg|Pa|Tenn|Tex|Va|Vt|Wash|Wis|Wyo|N\.\s?[HJYC]|N\.\s?(?:Mex|Dak)|R\.\s?I|S\.\s?C|S\.\s?Dak|W\.\s?Va)\.")
# Two capitalised words joined by hyphens just before: the word after them ends a firm's or a place's compound name
# ("Jaggars-Chiles-Stovall"); a double-barrelled surname ("Ross-Nazzal") is one word of the run and never split so.
_JOINED_BEFORE = re.compile(r"[A-Z][a-z]+-[A-Z][a-z]+-$")
# One more person after a name: "by Carter Hayden and Griffin on", "Mr. Smith or Jones." (not "and Griffin Smith").
_PARTNER_AFTER = re.compile(r"['’]?s?,?\s+(?:and|or)\s+([A-Z][a-z]+)(?![\w'’-])(?!\s+\[?[A-Z])")
# Kin and deposition words, which come before things as well as people: the words after them must be names.
_WEAK_TITLES = KIN_TITLES | {"counsel", "witness"}
# A firm of partners: "[Person 3] and Leach, Attorneys and Counselors-at-Law".
_PROFESSION_FIRM_AFTER = re.compile(r",?\s+(?:attorneys|lawyers|counselors|solicitors|architects|accountants)\b", re.I)
# A year after a determiner: the capitalised word after it is a make or a model ("a 1957 Ford", "his 1962 Comet").
_YEAR_BEFORE = re.compile(r"\b(?:[Aa]n?|[Tt]he|[Hh]is|[Hh]er|[Mm]y|[Oo]ur|[Tt]heir|[Yy]our|[Tt]his|[Tt]hat)\s+(?:19|20)\d\d\s+$")
# Who someone was: "It was Petrakis and some other guy", "it might have been Weir."
_IT_WAS_BEFORE = re.compile(r"\b(?:[Ii]t|[Tt]hat|[Tt]his)\s+(?:was|is|(?:might|may|could|must)\s+have\s+been)\s+$")
# "at X", "in X": where a word that names a place as well as a person is the place.
_AT_A_PLACE = re.compile(r"\b(?:at|in|near)\s+$")
# After "the X": things named after people, not the people ("the Wright brothers", "the Doppler effect").
EPONYM = re.compile(r"\s+(?:brothers|sisters|company|effect|law|principle|number|prize|award|scale|telescope|belt|belts)\b")

# The rules, as the ledger names them.
KNOWN = "a known name"
LOCAL = "first or last name of a person of this interview"
ANOTHER = "a given name before the first or last name of another person of this interview"
TITLED = "a title and a name"
FULL = "a given name and a surname"
LEARNED = "part of a full name found in the history"
LONE = "a given name used alone as a name"
NICKNAME = "a nickname before a name"
MIDDLE = "a middle initial or a transcriber's expansion between two capitalised words"
NAMED = ("a capitalised word after 'by the name of', 'named', 'called him' or 'a girl called', or before a transcriber's "
         "'[phonetic]'")
SPELLED = "a name spelled out letter by letter"
FAMILY = "a family called by its surname's plural ('the Harrises', 'the Gary Taylors')"
MONTH = "a month's name that names a person here (the history uses it so, or a full name of this history starts with it)"
PARTNER = "a surname joined by 'and' or 'or' to a person's name"
SPEAKS = ("a capitalised word the history never writes in lower case, saying or told, spoken to, with a person's "
          "illness, wife ..., an age, or beside somebody's relative, role or given name")
# "Hooter told me", "Bogomolov said"; a word spoken to at the opening of a quote: "“Pluto, how come”, "“Hey, Pluto,”".
_SPEAKS_AFTER = re.compile(r"\s+(?:said|says|told|tells|asked|replied|explained)\b")
# What only a person has: "because of Mengesha's illness" (the shipped interviews; no list knows the name).
_A_PERSONS_AFTER = re.compile(r"['’]s\s+(?:illness|sickness|death|funeral|grave|wedding|birthday|wife|husband|widow|"
                              r"son|daughter|mother|father|parents|children|kids|baby|sister|brother|family|girlfriend|"
                              r"boyfriend|fiancée?)\b")
# A greeting or thanks just before, inside quotes or not: "“Hey, Pluto,”", "good morning Tumisang!", "Thanks, Donna."
_GREETING_BEFORE = re.compile(r"\b(?:hey|hi|hello|thanks|thank you|good (?:morning|afternoon|evening|night)|goodbye|bye)"
                              r"\s*,?\s+$", re.I)
# A word spoken to between commas, after a lower-case word ("So we'll start with, Donna, am I correct"), or one of
# "X and I", "me and X": frames that only a person fills.
_ADDRESSED = re.compile(r"(?<![A-Z])[a-z]+\s*,\s*$")
_WITH_ME_AFTER = re.compile(r"\s+and\s+(?:I|me|myself)\b")
# Frames only a person fills, for a word no list knows (round 22, the shipped interviews' misses: "Dachi was three and
# Anano was seven", "Cece and my husband went to the launch"): an age given as a bare number after "was"/"is", joined
# by "and" to somebody's relative, after a role in somebody's life, or joined by "and" to a given name.
_AGE_AFTER = re.compile(r"\s+(?:was|is)\s+(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
                        r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|\d{1,2}(?![\d,.]\d))"
                        r"(?:\s+years?\s+old\b|\s+(?:and|at|when)\b|\s*[,.;]|\s*$)")
_RELATIVE_WORDS = (r"husband|wife|mom|mother|dad|father|son|daughter|brother|sister|kids|children|boyfriend|girlfriend|"
                   r"friend|cousin|aunt|uncle|grandmother|grandfather|fiancée?")
_RELATIVES = "(?:" + _RELATIVE_WORDS + ")"
_POSSESSOR = r"(?:[Mm]y|[Oo]ur|[Hh]is|[Hh]er|[Tt]heir)"        # "my husband", "Our cook"
_WITH_A_RELATIVE_AFTER = re.compile(r"\s+and\s+(?:my|his|her|our|their)\s+" + _RELATIVES + r"\b")
# "our cook, Ammina, spent": a person named after the part they play in somebody's life.
_A_ROLE_BEFORE = re.compile(r"\b" + _POSSESSOR + r"\s+(?:" + _RELATIVE_WORDS + r"|cook|driver|maid|nanny|"
                            r"teacher|neighbou?r|boss|counterpart|interpreter|translator|landlord|landlady|host|tutor|"
                            r"student|colleague|roommate|housekeeper|guard|servant)\s*,\s*$")
_PLURAL_DEEDS = r"(?:are|were|have|had|grew|went|came|said|told|lived|left|stayed|[a-z]{3,}ed)\b"
_PLURAL_DEED_AFTER = re.compile(r"\s+" + _PLURAL_DEEDS)
# "Ammina and Mohammed Tahir", "Luci and Lynda were": "and" and a given name before a surname or a verb.
_AND_A_GIVEN_NAME_AFTER = re.compile(r"\s+and\s+([A-Z][a-z]+)(?=\s+(?:[A-Z][a-z]+|" + _PLURAL_DEEDS + "))")
_WITH_A_RELATIVE_BEFORE = re.compile(r"\b" + _POSSESSOR + r"\s+" + _RELATIVES + r"\s+and\s+$")
# "the little town of Lancaster": what follows is a place, whoever else the history names Lancaster.
# A creed or a following ("Marxist", "Trotskyite"), never a surname unless the census has it.
ADHERENT = re.compile(r"(?:ist|ists|ism|isms|ite|ites)$")
# "a little city called Hutchins", "a store named Brown's": what follows names the place or the business.
PLACE_CALLED = re.compile(r"\b(?:city|town|village|place|county|street|suburb|community|district|neighbourhood|neighborhood"
                           r"|store|shop|company|firm|club|hotel|motel|cafe|café|restaurant|theatre|theater|bar|school|church)"
                           r"\s+(?:called|named|known\s+as)\s+$", re.I)
_PLACE_OF = re.compile(r"\b(?:town|city|village|county|state|province|parish|borough|suburb|township|hamlet)\s+of\s+$", re.I)
_TO_A_PLACE = re.compile(r"\b(?:in|at|to|from|near|of|into|downtown|around|through|outside|toward|towards)\s+$", re.I)
# A house number before a street's name: "1720 South Lamar", "3404 Lamar"; not "15 Lukas in first grade", a year.
_HOUSE_NUMBER_BEFORE = re.compile(r"\b(?:\d{1,5}\s+" + DIRECTION + r"|" + NOT_A_YEAR + r"\d{3,5})\s+$")
_ON_A_STREET = re.compile(r"\b(?:on|in|at|to|from|near|around|off|down|up|along|past)\s+$", re.I)
_WITH_ME_BEFORE = re.compile(r"\b(?:[Mm]e|I|[Mm]yself)\s+and\s+$")
_QUOTE_OPENS_BEFORE = re.compile(r"[“\"‘]\s*$")
_THING_BEFORE = re.compile(r"\b(?:[Tt]he|[Aa]n?)\s+$")
# Two words in capitals, or initials and one ("J. C. DAY"): where a known name may be printed in capitals.
_CAPITALS_RUN = re.compile(r"\b(?:[A-Z]{2,}[A-Z'’-]*\.?|[A-Z]\.)\s+(?:[A-Z]\.\s*)*[A-Z][A-Z'’-]+\b")
_INITIALS_CAPITALS = re.compile(r"(?<![\w.])((?:[A-Z]\.\s?){2,3})([A-Z][A-Z'’-]+)\b(?!\.\s?[A-Z]\b)")
_A_BEFORE = re.compile(r"\b[Aa]n?\s+$")
_NOUN_PHRASE_ENDS = re.compile(r"\s*(?:[,;:.?!)]|--|$|(?:or|and|who|whom|whose|that|was|is|had|has|at|in|on|from)\b)")
# Spoken to at the start of a sentence: "Rebecca, did you have any questions for Ed?", "“Ivy, you really should".
_SPOKEN_TO_AFTER = re.compile(r",\s+(?:did|do|does|can|could|would|will|are|were|have|what|how|why|when|where|you|your)\b")
# Japanese honorifics keep the name: "Mukai-san".
_ORG_RUN = re.compile(r"\s+(?:\[?[A-Z][\w'’]*\.?\]?\s+){0,3}\[?([A-Z][a-z]+)\b")
# Firms and products named after people, written with "and", "&", a hyphen or a space between the names ("Smith &
# Wesson", "Marks and Spencer", "Dr. Pepper"): no part of them is a person.
NAMED_AFTER_PEOPLE_RE = re.compile(r"\b(?:" + "|".join(
    r"(?:\s*(?:&|and)\s*|[\s-]+)".join(re.escape(w.capitalize()) + r"\.?" for w in phrase.split())
    for phrase in sorted(NAMED_AFTER_PEOPLE, key=len, reverse=True)) + r")(?!\w)", re.I)
_FIRM_AFTER = re.compile(r"(?:\s*(?:&|and)\s+(?:Co\b|Company|Sons|Son\b|Associates|Partners)|,?\s+(?:Inc|Ltd|Co|Corp|LLC)\b\.?(?!\w))")
_HONORIFIC = re.compile(r"-(?:san|sama|sensei|kun|chan)\b")


@dataclass
class NameMatch:
    start: int
    end: int
    name: str           # the name as written, title dropped
    title: str | None
    known: bool
    rule: str = KNOWN


@dataclass
class _Candidate:
    """A run of capitalised words being judged: its words (brackets and title off) and where it lies."""

    text: str           # the whole text
    start: int          # where the run starts (after a stray opening bracket)
    end: int            # where it ends (possessive and stray brackets off)
    written: str        # the run as written
    title: str | None
    words: list[str]
    nickname: bool = False

    @property
    def before(self) -> str:
        return self.text[max(0, self.start - 40):self.start]

    @property
    def next_text(self) -> str:
        return self.text[self.end:self.end + 20]

    @property
    def at_start(self) -> bool:
        return bool(SENTENCE_START.search(self.before))


class NameFinder:
    """Finds names of people in text. `known` maps full names (and aliases) to a canonical name."""

    def __init__(self, stats: WordStats, gazetteer: Gazetteer, known: dict[str, str] | None = None):
        self.stats = stats
        self.gazetteer = gazetteer
        self.first = first_names()
        self.known: dict[str, str] = dict(known or {})
        self.full_names: dict[str, str] = {}   # "john smith" -> canonical, learned as names are found
        self._learned_parts: set[str] = set()   # first and last words of the names learned
        self._name_parts: set[str] = set()      # the same, ordinary words too ("Buzz" of Buzz Aldrin)
        self._firsts_by_last: dict[str, set[str]] = {}
        self._known_re: re.Pattern | None = None
        self._capitals: tuple[re.Pattern, re.Pattern, dict[str, str]] | None = None
        self._local_re: dict[tuple[str, ...], re.Pattern] = {}
        self.label_surnames: set[str] = set()   # speaker labels' surnames ("Mr. DAY"), ordinary words included
        self.titled_surnames: set[str] = set()  # surnames the history writes after a title ("Mr. Cunningham")
        self.family_surnames: set[str] = set()  # surnames of the history's people, case folded: "the Harrises"

    # -- known names ------------------------------------------------------------------------------------------

    def add_known(self, name: str, canonical: str | None = None) -> None:
        self.known[name] = canonical or name
        self._known_re = None

    def _known_pattern(self):
        if self._known_re is None:
            variants = sorted(self.known, key=lambda v: (-len(v), v))
            if not variants:
                self._known_re = re.compile(r"(?!x)x")
            else:
                self._known_re = re.compile(r"(?<![\w'’])(?=[A-Z\[])(?:" + name_alternatives(variants) + r")(?![\w]|" + _CONTRACTION + ")")
        return self._known_re

    def _known_in_capitals(self) -> tuple[re.Pattern, dict[str, str]]:
        """The known full names as a signature or a heading prints them, in capitals ("FORREST V. SORRELS"), with
        the name each stands for; rebuilt whenever the known names change."""
        known = self._known_pattern()
        if self._capitals is None or self._capitals[0] is not known:
            upper = {" ".join(v.upper().split()): v for v in self.known if len(_name_parts(v)) > 1}
            pattern = re.compile(r"(?<![\w'’])(?:" + name_alternatives(sorted(upper, key=lambda v: (-len(v), v)))
                                 + r")(?![\w])") if upper else re.compile(r"(?!x)x")
            self._capitals = (known, pattern, upper)
        return self._capitals[1], self._capitals[2]

    def _local_pattern(self, local: dict[str, str]) -> re.Pattern:
        key = tuple(sorted(local))
        if key not in self._local_re:
            self._local_re[key] = re.compile(r"(?<![\w'’\[])(?:" + "|".join(
                re.escape(v) for v in sorted(local, key=lambda v: (-len(v), v))) + r")(?![\w\]]|" + _CONTRACTION + ")")
        return self._local_re[key]

    # -- finding ---------------------------------------------------------------------------------------------

    def find(self, text: str, local: dict[str, str] | None = None) -> list[NameMatch]:
        """Names in text. `local` adds variants known only here (the first and last names of the people of this
        interview, alone)."""
        text = text.replace("_", " ")       # "_Testimony of Roger Craig_": italics, not part of a word (same offsets)
        matches: list[NameMatch] = []
        taken: list[tuple[int, int]] = [m.span() for m in NAMED_AFTER_PEOPLE_RE.finditer(text)]  # "Smith and Wesson"
        for match in self._known_pattern().finditer(text):
            if self._overlaps(match.start(), match.end(), taken):
                continue
            end = match.end()
            if _INSIDE_A_PROPER_NAME.match(text, end) or before_an_org_word(text[end:end + 60]) \
                    or _JOINED_BEFORE.search(text, max(0, match.start() - 40), match.start()):
                continue                                  # "the Dolly Madison House": a building, not the person
            if text.count("[", match.start(), end) > text.count("]", match.start(), end) and text.startswith("]", end):
                end += 1                                  # "Buzz [Aldrin]"
            matches.append(NameMatch(match.start(), end, match.group(), None, True, KNOWN))
            taken.append((match.start(), end))
        self._take_capitals(text, matches, taken)
        if local:
            for match in self._local_pattern(local).finditer(text):
                if self._overlaps(match.start(), match.end(), taken):
                    continue
                found = self.lone_name(text, match.start(), match.end())
                if found and not self._overlaps(found.start, found.end, taken):
                    matches.append(found)
                    taken.append((found.start, found.end))
        self._titled_first(text, matches, taken)
        self._take_families(text, matches, taken)
        for match in _SEQUENCE.finditer(text):
            if self._overlaps(match.start(), match.end(), taken):
                continue
            found = self._judge(text, match)
            if found:
                matches.append(found)
                taken.append((found.start, found.end))
        for match in MONTH_WORD.finditer(text):
            if not self._overlaps(match.start(), match.end(), taken) and self._month_names_someone(text, match, taken):
                matches.append(NameMatch(match.start(), match.end(), match.group(), None, False, MONTH))
                taken.append(match.span())
        for match in _PARTICLE_NAME.finditer(text):
            if not self._overlaps(match.start(), match.end(), taken):
                found = self._rule_particle(text, match)
                if found:
                    matches.append(found)
                    taken.append((found.start, found.end))
        self._take_partners(text, matches, taken)
        matches = self._merge_adjacent(text, sorted(matches, key=lambda m: m.start))
        taken = [(m.start, m.end) for m in matches]
        for match in matches:
            self._take_brackets(text, match, taken)
            self._take_nickname(text, match, taken)
            self._take_brackets(text, match, taken)
            self._take_initials(text, match, taken)
        return matches

    def _take_capitals(self, text: str, matches: list[NameMatch], taken: list[tuple[int, int]]) -> None:
        """Known full names printed in capitals ("(S) FORREST V. SORRELS", a signature), as the names they are; and
        initials before a surname in capitals ("J. C. DAY"), as "J. C. Day" would be."""
        if not _CAPITALS_RUN.search(text):
            return
        pattern, names = self._known_in_capitals()
        for match in pattern.finditer(text):
            if not self._overlaps(match.start(), match.end(), taken):
                name = names.get(" ".join(match.group().split()), match.group())
                matches.append(NameMatch(match.start(), match.end(), name, None, True, KNOWN))
                taken.append(match.span())
        for match in _INITIALS_CAPITALS.finditer(text):
            initials, surname = match.group(1).split(), match.group(2)
            written = surname[0] + surname[1:].lower()
            if not self._overlaps(match.start(), match.end(), taken) and self._initials_and_surname(
                    _Candidate(text, match.start(), match.end(), match.group(), None, initials + [written])):
                matches.append(NameMatch(match.start(), match.end(), " ".join(initials + [written]), None, False, FULL))
                taken.append(match.span())

    _INITIALS_BEFORE = re.compile(r"(?<![\w.])((?:[A-Z]\.[ \t]*){1,3})$")

    def _take_initials(self, text: str, match: NameMatch, taken) -> None:
        """Initials right before a surname found alone belong to the name ("E. D. Brewer" where "Brewer" is the
        interview's own witness): left, they would name him to anyone who knows his initials."""
        if match.title or text[match.start:match.start + 1] in "[“\"":
            return
        before = self._INITIALS_BEFORE.search(text[max(0, match.start - 12):match.start])
        if not before or before.group(1).replace(" ", "").replace("\t", "") in NOT_INITIALS:
            return
        start = match.start - len(before.group(1))
        if re.search(r"\b[A-Z][A-Za-z]*[ \t]+$", text[max(0, start - 30):start]):
            return              # "Exhibit A. Brewer", "World War I. Brewer": a letter or numeral ends what went before
        if not self._overlaps(start, match.start, taken):
            match.start = start
            match.name = f"{before.group(1).strip()} {match.name}"

    def _titled_first(self, text: str, matches: list[NameMatch], taken: list[tuple[int, int]]) -> None:
        """Titled names the run of capitals would miss: a speaker label the printer left in the text ("Chief
        Justice WARREN. You take my word"), and a title after a capitalised word ("As Mr. Sorrels": the run would
        stop at "As Mr")."""
        for label in _LABEL_IN_TEXT.finditer(text):
            if not self._overlaps(label.start("surname"), label.end("surname"), taken):
                matches.append(NameMatch(label.start("surname"), label.end("surname"), label.group("surname"),
                                         label.group("title"), False, TITLED))
                taken.append((label.start("surname"), label.end("surname")))
        for letter in _LETTER_NAME.finditer(text):
            group = "to" if letter.group("to") else "from"
            start, end = letter.span(group)
            word = letter.group(group)
            written = word[0] + word[1:].lower()
            if written.lower() not in STOP_WORDS and written.lower() not in TITLES and written.lower() not in _KIN \
                    and not self.stats.ordinary(written) and not self.stats.written_as_a_place(written) \
                    and not self._overlaps(start, end, taken):
                matches.append(NameMatch(start, end, written, None, False, NAMED))
                taken.append((start, end))
        for rank in _RANK_BEFORE_SURNAMES.finditer(text):
            if re.search(r"\b[A-Z][\w'’.-]*[ \t]+$", text[max(0, rank.start() - 30):rank.start()]) \
                    and rank.group("rank")[0].isupper() and not SENTENCE_START.search(text[:rank.start()]):
                continue                    # "Military Reserve Officers Association": inside an organisation's name
            for surname in re.finditer(r"[A-Z][\w'’-]+", rank.group("surnames")):
                start, end = rank.start("surnames") + surname.start(), rank.start("surnames") + surname.end()
                if self._a_ranked_surname(surname.group()) and not re.match(r"[ \t]+[A-Z]", text[end:end + 2]) \
                        and not self._overlaps(start, end, taken):        # "agent Secret Service": no surname
                    matches.append(NameMatch(start, end, surname.group(), rank.group("rank").capitalize(), False, TITLED))
                    taken.append((start, end))
        for opener in _WORD_BEFORE_A_TITLE.finditer(text):
            match = _SEQUENCE.match(text, opener.start(1))
            if match and not self._overlaps(match.start(), match.end(), taken):
                found = self._judge(text, match)
                if found:
                    matches.append(found)
                    taken.append((found.start, found.end))

    def _take_families(self, text: str, matches: list[NameMatch], taken: list[tuple[int, int]]) -> None:
        """"the Harrises", "the Savages": a family the history's people name, though the plural is a word too."""
        if not self.family_surnames:
            return
        for family in _FAMILY_PLURAL.finditer(text):
            start, end = family.span("name")
            surname = family.group("surname")
            if surname.lower() not in self.family_surnames and not (
                    family.group(0).endswith("es") and surname.lower() + "e" in self.family_surnames):
                continue
            if self._overlaps(start, end, taken) or re.match(r"[ \t]+[A-Z]", text[end:end + 2]):
                continue                                   # "the Harris County" is no family
            matches.append(NameMatch(start, end, family.group("name"), None, False, FAMILY))
            taken.append((start, end))

    def _take_partners(self, text: str, matches: list[NameMatch], taken: list[tuple[int, int]]) -> None:
        """"interviewed by Carter Hayden and Griffin", "Mr. Smith and Jones": a surname joined by "and" or "or" to a
        person's name is another person's, when nothing else explains the word."""
        for match in matches:                         # grows as partners are found: "Hayden, Smith and Jones"
            # Only after a name that is surely a person's (a title, or a given name and a surname), never in a list
            # of places or firms ("to Rio de Janeiro or Salvador", "Here is Jackson, and Lamar", "Norma and Dominion").
            if match.rule in (FAMILY, MONTH) or not (match.title or match.rule == PARTNER or len(match.name.split()) > 1) \
                    or _TO_A_PLACE.search(text, max(0, match.start - 12), match.start):
                continue
            partner = _PARTNER_AFTER.match(text, match.end)
            if partner is None or self._overlaps(partner.start(1), partner.end(1), taken):
                continue
            word, after = partner.group(1), text[partner.end(1):partner.end(1) + 60]
            if (word.lower() in census_surnames() or word.lower() in self.first) and self._a_ranked_surname(word) \
                    and word.lower() not in NOT_NAMES and not before_an_org_word(after) and not self._in_a_place(after) \
                    and not self.stats.names_a_street(word) and not _PROFESSION_FIRM_AFTER.match(after):
                matches.append(NameMatch(partner.start(1), partner.end(1), word, None, False, PARTNER))
                taken.append(partner.span(1))

    def _a_ranked_surname(self, word: str) -> bool:
        """A word after "agents" that is a surname: not an ordinary word, a place, an organisation or a title."""
        lower = word.lower()
        if "-" in word:
            return all(self._a_ranked_surname(part) for part in word.split("-") if part)
        return not self.stats.ordinary(word) and not self.stats.written_as_a_place(word) \
            and (not self.gazetteer.is_place(word) or lower in census_surnames()) and lower not in ORG_WORDS \
            and lower not in TITLES and lower not in STOP_WORDS and lower not in MONTHS_DAYS and lower not in THINGS \
            and lower not in OFFICE_WORDS

    _GAP = re.compile(r"[ \t]*(?:[\[“”\"]|(?:[A-Z]\.)+|(?:von|van|de|du|der|den|da|di|del|le|la)\b)?"
                      r"(?:[ \t]*(?:[\]“”\"]|(?:[A-Z]\.)+|(?:von|van|de|du|der|den|da|di|del|le|la)\b))*[ \t]*")

    def _merge_adjacent(self, text: str, matches: list[NameMatch]) -> list[NameMatch]:
        """Parts of one name found apart are one match: "Virgil [I. “Gus”] Grissom", "[Dr. James C.] Jim Fletcher"."""
        merged: list[NameMatch] = []
        for match in matches:
            gap = text[merged[-1].end:match.start] if merged else ""
            if merged and not match.title and gap.strip() and self._GAP.fullmatch(gap) and not any(
                    w.lower().strip("[]“”\"") in ORG_WORDS or (self.gazetteer.is_place(w.strip("[]“”\""))
                                                                and w.lower().strip("[]“”\"") not in all_given_names())
                    for w in text[merged[-1].start:match.end].split()):
                last = merged[-1]
                last.end, last.known = match.end, last.known and match.known
                last.name = re.sub(r"[\[\]“”\"]", " ", text[last.start:last.end])
                last.name = " ".join(last.name.split())
                if last.title:
                    last.name = " ".join(last.name.split()[1:])
                last.rule = f"{last.rule}; {match.rule}" if match.rule != last.rule else last.rule
                continue
            merged.append(match)
        for match in merged:
            written = text[match.start:match.end]
            if written.count("]") > written.count("["):        # "James C.] Jim Fletcher": back to its "["
                opening = text.rfind("[", max(0, match.start - 20), match.start)
                if opening >= 0 and "]" not in text[opening:match.start]:
                    match.start = opening
        return merged

    _BRACKET_BEFORE = re.compile(r"\[(?:[A-Z][a-z]+\.?|(?:[A-Z]\.)+)(?:\s+(?:[A-Z][a-z]+\.?|(?:[A-Z]\.)+|“\w+”|\"\w+\"))*\]\s+$")
    _BRACKET_AFTER = re.compile(r"\s+\[(?:[A-Z][a-z]+\.?|(?:[A-Z]\.)+)(?:\s+(?:[A-Z][a-z]+\.?|(?:[A-Z]\.)+))*\]")
    _SUFFIX_AFTER = re.compile(r"(?:,?\s+\[?(?:Jr|Sr)\.?\]?|\s+\[(?:Jr|Sr)\.?\]|,?\s+I{2,3}\b|,?\s+\[I{2,3}\])")

    def _expands_a_name(self, words: list[str]) -> bool:
        """A transcriber's bracket that spells out a name: name words only, with a given name or an initial."""
        return bool(words) and all(self._name_word(w) for w in words) and any(
            w.lower() in all_given_names() or re.fullmatch(r"(?:[A-Z]\.)+", w) for w in words)

    def _take_brackets(self, text: str, match: NameMatch, taken) -> None:
        """The transcriber's expansion before a surname belongs to the name ("[James A.] McDivitt", "Bill [William
        B.] Lenoir": the nickname is then taken too), and so does a suffix after it ("Gordon [Jr.]", "Goldwater, Jr.")
        and an expansion after it where no surname follows ("with Max [Maxime A.]")."""
        before = self._BRACKET_BEFORE.search(text[max(0, match.start - 60):match.start])
        words = before.group().strip(" []").split() if before else []
        if before and not self._expands_a_name(words):
            before = None                       # "[Marshall Center Director] Wernher von Braun": not part of the name
        if before and not self._overlaps(match.start - len(before.group()), match.start, taken):
            match.start -= len(before.group())
            match.name = f"{before.group().strip()} {match.name}"
        after = self._SUFFIX_AFTER.match(text, match.end)
        if after and not self._overlaps(match.end, after.end(), taken):
            match.end = after.end()
        end = self.expansion_end(text, match.end)
        if not self._overlaps(match.end, end, taken):
            match.end = end                     # "with Max [Maxime A.]" where the surname never follows

    def expansion_end(self, text: str, end: int) -> int:
        """Where a transcriber's expansion right after a name ends ("Max [Maxime A.]"); `end` when there is none."""
        expansion = self._BRACKET_AFTER.match(text, end)
        return expansion.end() if expansion and self._expands_a_name(expansion.group().strip(" []").split()) else end

    def _take_nickname(self, text: str, match: NameMatch, taken) -> None:
        """A nickname just before a name belongs to it: "Milt [Milton A.] Silveira", "Deke Slayton", "Norm
        Thagard" (at a sentence start too, when the history names Norman E. Thagard), and so does a rare word
        before a full name ("Weyizero Salama Weet")."""
        before = re.search(r"(?<![\w'’\[])[“\"]?([A-Z][a-z]+)[”\"]?\s+$", text[max(0, match.start - 30):match.start])
        if not before or match.title:
            return
        if self._overlaps(match.start - len(before.group()), match.start, taken):
            return
        word, start = before.group(1), match.start - len(before.group())
        lower = word.lower()
        expansion = re.match(r"\[([A-Z][a-z]+)", text[match.start:])      # the transcriber expanded it
        if lower in TITLES or lower in STOP_WORDS or self.gazetteer.is_place(word) or (
                lower in ORG_WORDS and not expansion and lower not in SHORT_FORMS):
            return
        opens_sentence = bool(SENTENCE_START.search(text[:start]))
        if not opens_sentence and before.group().startswith(("“", "\"")) and not re.match(r"[”\"]", text[match.end:]):
            opens_sentence = True               # a quoted sentence: "Tell Dean--leave two men"; not a name in quotes,
            #                                     "Buck Rogers"
        # A word the history hardly writes, never in lower case, before a full name: "There was Weyizero Salama Weet".
        rare = (len(match.name.split()) > 1 and not opens_sentence and self.stats.capitalised(word) <= 3
                and not self.stats.lower.get(lower) and lower not in THINGS and lower not in NOT_NAMES
                and lower not in ORG_WORDS and lower not in MONTHS_DAYS)
        if (expansion and expansion.group(1).lower() in all_given_names() or self._short_for(word, match.name) or rare
                or (lower in all_given_names() or lower in SHORT_FORMS) and not (opens_sentence and self.stats.ordinary(word))):
            if not self._overlaps(start, match.start, taken):
                match.start, match.name = start, f"{word} {match.name}"
                match.rule = f"{match.rule}; {NICKNAME}"

    @staticmethod
    def _overlaps(start: int, end: int, taken) -> bool:
        return any(start < e and s < end for s, e in taken)

    # -- a lone name of a person of this interview --------------------------------------------------------------

    def lone_name(self, text: str, start: int, end: int) -> NameMatch | None:
        """A lone first or last name of a person of this interview counts unless it is part of a longer name or of
        an organisation's name ("Johnson Space Center", "Lockheed Martin", "Cape Kennedy"), or an ordinary word
        opening a sentence ("Will we ..."); after another given name it is another person ("Caldwell Johnson"
        when the interviewer is Sandra Johnson)."""
        before = text[max(0, start - 30):start]
        after = text[end:end + 30]
        word = text[start:end]
        prev_word = re.search(r"([A-Z][\w'’]*\.?)\s+$", before)
        next_word = re.match(r"\s+\[?([A-Z][\w'’\-]*)", after)
        hyphen_after = after.startswith("-") and not after.startswith("--")      # "--" is a printed dash
        if (hyphen_after and not _HONORIFIC.match(after)) or (before.endswith("-") and not before.endswith("--")):
            return None                              # "Wright-Patterson", "Apollo-Soyuz": part of a compound name
        if _AT_A_PLACE.search(before) and self.stats.names_a_place(word) and not re.match(r"['’]s\b", after) \
                and not self._learned(word) and not (next_word and next_word.group(1).lower() in DOCUMENT_WORDS):
            return None                              # "at Glenn" where the history writes "Glenn Research Center";
            #                                          but "in Pizzo Exhibit 453-A" is the witness's exhibit
        owner = re.match(r"['’]s\s+\[?([A-Z][a-z]+)\b", after)
        if owner and owner.group(1).lower() in NAMED_AFTER_SOMEONE and owner.group(1).lower() not in BUSINESS_WORDS:
            return None                              # "Valentine's Day": a day, a building or a prize named after someone
        if word.lower() in given_org_words() and re.match(r"\s+of\s+[A-Z]", after):
            return None                              # "the Bill of Rights"
        if re.search(r"\b(?:St|Ste|Saint|San|Santa)\.?\s+$", before):
            return None                              # "St. Nicholas": a church or a town named after a saint
        if next_word and len(next_word.group(1)) > 1 and next_word.group(1).lower() not in STOP_WORDS and \
                not re.match(r"\s+Commission\s+Exhibits?\b", after) and \
                next_word.group(1).lower() not in DOCUMENT_WORDS and (
                next_word.group(1).lower() in ORG_WORDS or next_word.group(1).lower() in NOT_SURNAMES
                or not self.stats.ordinary(next_word.group(1))):
            return None                          # "the Berry Plan", "Johnson Space Center"
        if self._in_a_place(after) or before_an_org_word(after) or _PLACE_OF.search(before) or PLACE_CALLED.search(before):
            return None                          # "Jackson, Mississippi", "the Lewis Research Center", "the town of Lancaster"
        if self._street_corner(before, after):
            return None                          # "at Commerce and Harwood": two streets
        if self._a_thing_here(word, before, after):
            return None                          # "a 1957 Ford", "he could have been a Cuban,", "the SOV"

        if prev_word:
            previous = prev_word.group(1)
            bare = previous.rstrip(".")
            if f"{bare} {word}".lower() in TITLED_NOT_PEOPLE:
                return None                      # "Uncle Sam", though the recogniser finds a Sam here
            opens = bool(SENTENCE_START.search(before[:prev_word.start()]))
            if not (bare.lower() in TITLES or (opens and self.stats.ordinary(bare)) or bare.lower() in STOP_WORDS):
                if len(bare) > 1 and self._another_person(previous, word, opens):
                    return NameMatch(start - len(prev_word.group()), end, f"{bare} {word}", None, False, ANOTHER)
                return None
        elif SENTENCE_START.search(before) and self.stats.ordinary(word) and not DEEDS.match(after):
            return None
        if re.search(r"\b(?:the|a|an)\s+$", before, re.I) and EPONYM.match(after):
            return None                          # "the Wright brothers", "the Doppler effect"
        return NameMatch(start, end, word, None, True, LOCAL)

    def _street_corner(self, before: str, after: str) -> bool:
        """Joined by "and" to a street's name: "at Commerce and Harwood", "Tenth and Patton", "Elm and Houston"."""
        street_before = re.search(r"\b([A-Z][a-z]+)\s+and\s+$", before)
        street_after = re.match(r"\s+and\s+([A-Z][a-z]+)\b", after)
        return any(m is not None and self.stats.names_a_street(m.group(1)) for m in (street_before, street_after))

    def _speaks_or_spoken_to(self, c: _Candidate) -> bool:
        """"Hooter told me", "“Hey, Pluto,”": a word nothing else explains, saying or told, spoken to, or in a frame
        only a person fills ("Dachi was three", "Cece and my husband"). Not "X and I": a language, a party or a verb
        fills it too ("English and I", "Republican and I", "Xeroxed and I")."""
        word = c.words[0]
        if not self._unknown_word(word) or c.written != word or re.search(r"\b(?:the|a|an|these|those)\s+$", c.before, re.I):
            return False                            # "the Filipinos asked": a group
        if _SPEAKS_AFTER.match(c.next_text) or (_GREETING_BEFORE.search(c.before) and re.match(r"\s*[,!?.]", c.next_text)):
            return True
        if _A_PERSONS_AFTER.match(c.next_text):
            return True
        if not _TO_A_PLACE.search(c.before) and (      # not "in Kvishkheti and my husband": a village
                _AGE_AFTER.match(c.next_text) or _WITH_A_RELATIVE_AFTER.match(c.next_text)
                or _WITH_A_RELATIVE_BEFORE.search(c.before) or (_A_ROLE_BEFORE.search(c.before) and c.next_text[:1] == ",")
                or self._joined_to_a_given_name(c)):
            return True
        if (_IT_WAS_BEFORE.search(c.before) and re.match(r"\s*(?:,|\.|--|$|\s+and\s+(?:some|another|this|that|the)\b)",
                                                           c.next_text)) or (re.search(r"\bwho\s+$", c.before) and re.match(
                                                               r"\s+(?:was|is)\b", c.next_text)):
            # "It was Petrakis and some other guy", "who Weir was": a surname or given name, never an English word,
            # nor a street's name ("It was Marsalis. Or Zangs.": Marsalis Avenue)
            return (word.lower() in census_surnames() or word.lower() in all_given_names()) \
                and not simplemma.is_known(word.lower(), lang="en") and not self.stats.names_a_street(word)
        # A quote opening on a word and a comma ("“Pluto, how come"): a name only when it is no English word
        # ("“Geez, you’re going to").
        return bool(_QUOTE_OPENS_BEFORE.search(c.before) and re.match(r",", c.next_text)
                    and not simplemma.is_known(word.lower(), lang="en") and not self._in_a_place(c.next_text))

    def _joined_to_a_given_name(self, c: _Candidate) -> bool:
        """"Ammina and Mohammed Tahir", "as Mohammed and Ammina grew older": joined by "and" to a common given name
        the history never writes in lower case, the two before a verb ("Luci and Lynda were"), or the name before a
        full name. Not "the Julian and Gregorian calendar", "Norma and Dominion, ": a noun or a list follows."""
        after = _AND_A_GIVEN_NAME_AFTER.match(c.next_text)
        before = re.search(r"\b([A-Z][a-z]+)\s+and\s+$", c.before) if _PLURAL_DEED_AFTER.match(c.next_text) else None
        return any(m is not None and m.group(1).lower() in self.first and not self.stats.ordinary(m.group(1))
                   and not self.gazetteer.is_place(m.group(1)) for m in (after, before))

    def _surname_like(self, word: str) -> bool:
        """A census surname the history never writes in lower case, and no country, organisation or plural noun:
        "Davis" of "June Davis"."""
        lower = word.lower()
        return (lower in census_surnames() and not self.stats.ordinary(word)
                and self.gazetteer.places.get(word) not in ("country", "region")
                and lower not in NOT_SURNAMES and lower not in ORG_WORDS and lower not in THINGS and not plural_noun(word))

    def _month_names_someone(self, text: str, match: re.Match, taken) -> bool:
        """"June" is the girl, not the month, outside a date ("in June", "June 13", "May and June") where this text
        says so ("nursing June"), the history says so twice, or the history names somebody June in full."""
        before, after = text[max(0, match.start() - 40):match.start()], text[match.end():match.end() + 60]
        if month_as_date(before, after):
            return False
        following = re.match(r"\s+(?=\[?[A-Z])", after)
        if following and not (self._overlaps(match.end() + following.end(), match.end() + following.end() + 1, taken)
                              or re.match(r"\[(?:Person|Interviewee|Interviewer) \d", after[following.end():])):
            return False                        # the first word of a longer name that the other rules judge
        word = match.group()
        return month_as_person(before, after) or self.stats.month_names_someone(word) or self._learned(word)

    def _unknown_word(self, word: str) -> bool:
        """A capitalised word that no list and no evidence explains: never in lower case in the history, not a
        given name, a place, a centre, a thing, a title or an organisation word."""
        lower = word.lower()
        return (len(word) > 2 and not word.isupper() and lower not in self.first and not self.stats.ordinary(word)
                and lower not in STOP_WORDS and lower not in TITLES and lower not in ORG_WORDS and lower not in THINGS
                and lower not in CENTRE_NAMES and lower not in MONTHS_DAYS and lower not in NOT_NAMES
                and not self.gazetteer.is_place(word) and not self.stats.names_a_place(word))

    def _in_a_place(self, after: str) -> bool:
        """Followed by a comma and a country or a state: "Jackson, Mississippi" and "Toro, Calif." are towns."""
        if _STATE_ABBREVIATION_AFTER.match(after):
            return True
        state = re.match(r",\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)", after)
        if state is None:
            return False
        word = state.group(1).split()[0]
        if word in self.titled_surnames or word in self.label_surnames or self._learned(word):
            return False                            # "Patterson, Nelson, Vaughn": a list of people ("R. C. Nelson")
        return any(self.gazetteer.places.get(name) in ("country", "region") for name in (state.group(1), state.group(1).split()[0]))

    def _another_person(self, previous: str, part: str, at_start: bool) -> bool:
        """A given name before the part ("Deke Slayton"), or a name-like capitalised word before a surname
        ("Caldwell Johnson" is not the interviewer Sandra Johnson); not "Lockheed Martin", "Cape Kennedy" or
        "St. Louis"."""
        bare = previous.rstrip(".")
        if bare.lower() in NICKNAME_WORDS and self._firsts_by_last.get(part.lower()) is not None:
            return True                             # "Junior Jarman", when the history names a Jarman in full
        if bare.lower() in ORG_WORDS or bare.lower() in PLACE_PREFIXES or previous.endswith("."):
            return False
        if bare.lower() in all_given_names() and not self.gazetteer.is_place(bare) and not (at_start and self.stats.ordinary(bare)):
            return True
        # A name-like word before a surname the history names in full, or a witness's label surname ("Cortlandt
        # Cunningham" where "Mr. CUNNINGHAM" testifies), or one it writes after a title ("Mr. Cunningham").
        # Not an English word opening a sentence ("Did Oswald say", "Fined Oswald $10?": questions open so often
        # that "Did" is more often capitalised than not).
        titled = part in self.titled_surnames and part.lower() not in ORG_WORDS and not self.stats.ordinary(part)
        return (part.lower() in self._firsts_by_last or part in self.label_surnames or titled) \
            and not self.stats.ordinary(bare) \
            and not self.gazetteer.is_place(bare) and not (at_start and simplemma.is_known(bare.lower(), lang="en"))

    # -- a run of capitalised words ----------------------------------------------------------------------------

    def _judge(self, text: str, match: re.Match) -> NameMatch | None:
        """Whether a run of capitalised words is a person's name, rule by rule."""
        candidate = self._candidate(text, match)
        if candidate is None or before_an_org_word(candidate.next_text):
            return None                             # "the John H. Glenn [Research Center", "Arthur D. Little [Inc."
        if _JOINED_BEFORE.search(candidate.before):
            return None                             # "Jaggars-Chiles-Stovall": the last of three joined names, a firm
        if len(candidate.words) > 1 and candidate.words[-2].lower() in _OFFICE_MODIFIERS and is_office_title(candidate.words[-1]):
            return None                             # "the then Vice President [Johnson]"; but "George Senator" is a man
        if not candidate.title and not (self._middle_evidence(candidate) or self._named_as(candidate)):
            opened = self._without_opener(candidate)
            if opened is not None and self._middle_evidence(opened):
                candidate = opened                  # "Sometimes Caldwell [C.] Johnson and I": the name after the opener
        if not candidate.title and (self._middle_evidence(candidate) or self._named_as(candidate)):
            name = " ".join(candidate.words)
            if len(candidate.words) > 1:
                self.learn(name)
            return NameMatch(candidate.start, candidate.end, name, None, False,
                             NAMED if self._named_as(candidate) else MIDDLE)
        if not candidate.title and len(candidate.words) == 1 and self._speaks_or_spoken_to(candidate):
            return NameMatch(candidate.start, candidate.end, candidate.words[0], None, False, SPEAKS)
        opened = self._after_an_opener(candidate)
        if opened is not None:
            return self._rule_lone(opened.words[0], opened.start, opened.end, True, opened.next_text, candidate.before)
        words = candidate.words
        if len(words) == 2 and words[0].lower() in MONTH_GIVEN_NAMES and self._surname_like(words[1]) \
                and not month_as_date("", candidate.next_text) and not candidate.title:
            self.learn(" ".join(words))             # "by June Davis": a month before a surname is her given name
            return NameMatch(candidate.start, candidate.end, " ".join(words), None, False, FULL)   # "June Davis"
        if not candidate.title and self._initials_and_surname(candidate):
            name = " ".join(candidate.words)
            return NameMatch(candidate.start, candidate.end, name, None, False, FULL)   # "J. C. Day", "A. J. Hidell"
        if not self._drop_non_names(candidate):
            return None
        words = candidate.words
        # Stop at an organisation word: "Dave Smith Council" is not a person. A first "Bill" is a name ("Bill
        # Nelson", "Bill" alone); a parliamentary bill comes last ("the Localism Bill").
        checked = words[1:] if words[0].lower() in given_org_words() else words
        if any(w.lower() in ORG_WORDS and not (before_a_surname(candidate.title) and w.lower() in SURNAME_WORDS)
               and not (candidate.title and w in self.label_surnames) for w in checked):
            return None                                   # but "Mr. Lane", "Mrs. Hall" are people
        if " ".join(w.lower() for w in words) in NAMED_AFTER_PEOPLE:
            return None                                   # "Mercedes Benz", "Martin Marietta"
        if len(words) == 2 and not candidate.title and words[0].lower() in CAR_MAKES \
                and words[1].lower() not in census_surnames() and words[1].lower() not in all_given_names():
            return None                                   # "a Ford Fairlane car": a make and a model
        if any(w.lower() in MONTHS_DAYS or (w.lower() in STOP_WORDS and len(w.rstrip(".")) > 1 and not (
                w.lower() in PARTICLES and i < len(words) - 1)) for i, w in enumerate(words)):   # but "De Mohrenschildt"
            return None
        if candidate.title:
            return self._rule_titled(candidate)
        if len(words) == 1:
            return self._rule_one_word(candidate)
        return self._rule_full(candidate)

    @staticmethod
    def _candidate(text: str, match: re.Match) -> _Candidate | None:
        """The run with its possessive off and its editorial brackets kept only where they open and close inside
        it ("[Faget]", "Owen [G.] Morris"), and its title apart."""
        written = _POSSESSIVE.sub("", match.group())
        lead = inner = 0
        while written.count("[") != written.count("]"):
            if written.startswith("[") and written.count("[") > written.count("]"):
                written, lead = written[1:], lead + 1
            elif written.count("]") > written.count("["):
                cut = written.rindex("]")
                inner = 1 if cut < len(written) - 1 else 0          # a stray "]" inside: the span keeps its length
                written = written[:cut] + written[cut + 1:]
                break
            else:
                written = written[:written.rfind("[")].rstrip()
        written = written.rstrip()
        if not written:
            return None
        start = match.start() + lead
        words = [w for w in (w.strip("[]") for w in written.split()) if w]
        inside = next((i for i, w in enumerate(words[1:], 1) if w.rstrip(".").lower() in TITLES), None)
        if inside is not None and inside < len(words) - 1:      # "So Congressman Carney": the name starts at the title
            cut = written.find(words[inside])
            written, start, words = written[cut:], start + cut, words[inside:]
        document = next((i for i, w in enumerate(words) if w.rstrip(".").lower() in DOCUMENT_WORDS), None)
        if document and words[document - 1] == "Commission":
            document -= 1               # "Pizzo Commission Exhibit 453-A": the Commission's exhibit, named for him
        if document is not None:        # "Price Exhibit No. 1": the run's name ends where the document begins
            begins = re.search(r"\[?\b" + re.escape(words[document]) + r"\b", written)
            written, words, inner = written[:begins.start() if begins else 0].rstrip(), words[:document], 0
        title = None
        if words and words[0].rstrip(".").lower() in TITLES:
            title, words = words[0], words[1:]
        if not words or not written:
            return None
        return _Candidate(text, start, start + len(written) + inner, written, title, words)

    def _without_opener(self, c: _Candidate) -> _Candidate | None:
        """The run without its first word when that is an ordinary word or a stop word (capitalised, it opens a
        sentence: "Sometimes Caldwell [C.] Johnson"), for the middle-initial rule; None when there is no such word."""
        first = c.written.split()[0]
        if len(c.words) < 4 or first != c.words[0] or first.lower() in all_given_names() or not (
                self.stats.ordinary(first) or first.lower() in STOP_WORDS):
            return None
        rest = c.written[len(first):]
        cut = len(first) + len(rest) - len(rest.lstrip())
        return _Candidate(c.text, c.start + cut, c.end, c.written[cut:], None, c.words[1:])

    def _after_an_opener(self, c: _Candidate) -> _Candidate | None:
        """"And Howard said", "But Donna went": a sentence's opening stop word before one given name, which is then
        judged as a sentence's first word (it needs a deed after it)."""
        if len(c.words) != 2 or c.title or not c.at_start or c.words[0].lower() not in STOP_WORDS \
                or c.words[1].lower() not in self.first or c.written.split()[0] != c.words[0]:
            return None
        cut = c.written.find(c.words[1], len(c.words[0]))
        if c.written[cut - 1:cut] == "[":
            return None
        return _Candidate(c.text, c.start + cut, c.end, c.written[cut:], None, c.words[1:])

    @staticmethod
    def _initials_and_surname(c: _Candidate) -> bool:
        """Two or more initials before one capitalised word write a person ("J. C. Day", "A. J. Hidell"), even when
        the word is an ordinary one; not a post office box, an organisation, a thing or a month."""
        *initials, last = c.words
        return (len(initials) >= 2 and all(re.fullmatch(r"[A-Z]\.", w) for w in initials)
                and "".join(initials) not in NOT_INITIALS and re.fullmatch(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?", last) is not None
                and (last.lower() not in ORG_WORDS or last.lower() in census_surnames())       # "Day", not "Army"
                and last.lower() not in THINGS and last.lower() not in MONTHS_DAYS
                and last.lower() not in STOP_WORDS and last.lower() not in TITLES and not plural_noun(last))

    def _drop_non_names(self, c: _Candidate) -> bool:
        """Drop leading capitalised words that are not names ("Yesterday John Smith"); a dropped given name before a
        learned surname is a nickname ("Deke Slayton"). False when nothing name-like is left."""
        if not c.title and 2 <= len(c.words) <= 3 and self._foreign_full_name(c):
            return True                             # "Mingesha Woltom McHale, who was another of our students"
        dropped: list[str] = []
        while c.words and not c.title and not self._given(c.words[0]) and not self._learned(c.words[0]):
            dropped.append(c.words[0])
            c.words = c.words[1:]
        if not c.words or (dropped and len(c.words) == 1 and not self._learned(c.words[0])):
            return False
        if dropped and dropped[-1].rstrip(".").lower() in PLACE_PREFIXES:
            return False                # "Fort Sam Houston", "Lake Charles", "Port Arthur": a place
        if dropped and len(c.words) == 1:
            # "Deke Slayton" is one name; "Lockheed Martin" or "Cape Kennedy" is not a person; "So Slayton said" is
            # the surname alone.
            word = dropped[-1]
            opens = len(dropped) == 1 and c.at_start
            if word.lower() in PARTICLES and word[0].isupper():
                c.words = [word] + c.words              # "told De Mohrenschildt": the particle is the name's
            elif word.lower() in all_given_names() and not self.stats.ordinary(word) and not self.gazetteer.is_place(word):
                c.words, c.nickname = [word] + c.words, True
            elif not (opens and (self.stats.ordinary(word) or word.lower() in STOP_WORDS)):
                return False
        if dropped and not c.title:
            first = c.written.find(c.words[0])
            c.start += max(0, first - (1 if first > 0 and c.written[first - 1] == "[" else 0))
        return True

    def _foreign_full_name(self, c: _Candidate) -> bool:
        """Given names no list knows before a census surname, and a frame only a person fills after them: "Mingesha
        Woltom McHale, who was another one of our young students". Each given word is one nothing explains
        (`_unknown_word`) and no English word; one or two of them. Without the frame, firms, shops and schools have
        this shape too ("for Merrill Lynch", "a store called Casa Roca", "Notre Dame")."""
        given, surname = c.words[:-1], c.words[-1]
        return (1 <= len(given) <= 2 and self._surname_like(surname) and surname.lower() not in self.first
                and bool(_SOMEBODY_AFTER.match(c.next_text) or _SPEAKS_AFTER.match(c.next_text))
                and all(self._unknown_word(w) and not simplemma.is_known(w.lower(), lang="en") for w in given))

    def _rule_titled(self, c: _Candidate) -> NameMatch | None:
        """"Dr. Faget", "Cllr Mick Henry"; not "President's Council" or "General Motors"."""
        name = " ".join(c.words)
        title = c.title or ""
        word_title = title.rstrip(".").lower() in WORD_TITLES
        last = c.words[-1].lower()
        labelled = c.words[-1] in self.label_surnames     # "Lieutenant Day" where "Mr. DAY" testifies
        if (last in ORG_WORDS and not (before_a_surname(title) and last in SURNAME_WORDS) and not labelled) \
                or (word_title and self.gazetteer.is_place(name) and name.lower() not in census_surnames()):
            return None                         # "General Motors"; but "Mr. Lane" and "Special Agent Duncan" are people
        if title.rstrip(".").lower() == "dear" and last in _KIN:
            return None                         # "Dear Mom"
        surname_title = title in ADDRESS_TITLES and last in SURNAME_TITLES     # "Dr. Bishop"
        if last in OFFICE_WORDS or (last.rstrip(".") in TITLES and not surname_title) or (word_title and (
                any(w.lower() in OFFICE_WORDS for w in c.words) or plural_noun(c.words[-1]))):
            return None                         # "Chief Justice", "Mr. Chairman", "Deputy Prime Minister", "Officer Holders"
        if word_title and self.stats.ordinary(c.words[-1]) and not labelled and not (
                before_a_surname(title) and (last in SURNAME_WORDS
                                             or census_ranks().get(last, COMMON_SURNAME) < COMMON_SURNAME)):
            return None                         # "General Electric"; but "Officer Day", "Officer Wise" are men
        if title.rstrip(".").lower() in _WEAK_TITLES and (f"{title} {name}".lower() in TITLED_NOT_PEOPLE or not all(
                w.lower() in census_surnames() or self._given(w) or self._learned(w)
                or (self._unknown_word(w) and not simplemma.is_known(w.lower(), lang="en")) for w in c.words)):
            return None                         # "Uncle Sam", "the Witness Statement"; but "Cousin Lil", "Counsel Jenner"
        if title.rstrip(".").lower() in RANK_TITLES:   # "Special Agent [Person 61]", not "Special [Person 61]"
            cut = c.written.find(c.words[0], len(title))
            return NameMatch(c.start + cut, c.end, name, title.rstrip("."), False, TITLED)
        return NameMatch(c.start, c.end, name, title.rstrip("."), False, TITLED)

    def _rule_one_word(self, c: _Candidate) -> NameMatch | None:
        """One capitalised word: not after "the" or a place prefix, nor inside a longer proper name."""
        previous = re.search(r"([\w'’]+)(\.?)[\s\[]+$", c.before)        # "New Year's Eve": "Year's" before it
        modifier = previous and previous.group(1).lower() == "the" and self._learned(c.words[0]) \
            and _A_PERSONS_THING.match(c.next_text)             # "the Paine garage"; not "the Hughes people"
        if previous and not modifier and (previous.group(1).lower() == "the" or previous.group(1).lower() in PLACE_PREFIXES):
            return None
        if self._in_a_place(c.next_text):
            return None                                  # "to Jackson, Mississippi"
        if previous and previous.group(1)[0].isupper() and not c.at_start and previous.group(1).lower() not in TITLES \
                and previous.group(1).lower() not in MONTHS_DAYS and not (
                    previous.group(1).lower() in STOP_WORDS and SENTENCE_START.search(c.before[:previous.start()])):
            return None  # "North Carolina", "Leicestershire CC": part of a longer proper name; not "But Botelho was"
        word = c.words[0]
        # A part of a full name stays a name here: the privacy gate finds it alone (in a heading) whatever its context.
        if _AT_A_PLACE.search(c.before) and not re.match(r"['’]s\b", c.next_text) and not self._learned(word) and (
                self.stats.names_a_place(word) or self.gazetteer.is_place(word)):
            return None                                  # "at Glenn and Langley": the centres; "in Dallas who"
        return self._rule_lone(word, c.start, c.end, c.at_start and c.written.lstrip("[").startswith(word), c.next_text,
                               c.before)

    def _rule_full(self, c: _Candidate) -> NameMatch | None:
        """A given name and a surname: "George Low", "Bill Hashell"; not "Virginia Beach", "Will Total Place",
        "Grant Thornton" or "Glenn Research Center"."""
        first, rest = c.words[0], c.words[1:]
        name = " ".join(c.words)
        if first.lower() in PARTICLES and len(rest) == 1 and self._learned(rest[0]):
            # "De Mohrenschildt" of George De Mohrenschildt; not "the Van Allen belt"
            return None if EPONYM.match(c.next_text) else NameMatch(c.start, c.end, name, None, False, FULL)
        if _THING_BEFORE.search(c.before) and not self._a_person_so_called(c):
            return None                                   # "the Pearl Harbor incident", "a group called the Young Marines"
        if self.gazetteer.is_place(name) or any(self.gazetteer.places.get(w) in ("country", "region") for w in rest):
            return None
        if any(self.gazetteer.places.get(" ".join(rest[i:])) in ("country", "region") for i in range(len(rest))):
            return None
        if not self._given(first) and not self._learned(first) and not c.nickname \
                and not self._foreign_full_name(c):
            return None
        if self.stats.names_a_place_here(name) or self.stats.names_an_institution(name):
            return None                                   # "the Oak Cliff branch" where the history writes "in Oak Cliff"
        if self.stats.ordinary(first):
            # An ambiguous first name needs an unmistakable surname.
            if any(self.stats.ordinary(w) or self.stats.lower.get(w.lower(), 0) for w in rest if len(w) > 2):
                return None
        last = rest[-1]
        if plural_noun(last):
            return None                                   # "Otis Elevators": a company
        if ADHERENT.search(last) and last.lower() not in census_surnames():
            return None                                   # "a true Karl Marxist", "a Lenin Marxist": a creed
        if last.lower() in NOT_SURNAMES:
            return None                                   # "Harry Hines Boulevard": a street
        if len(last) > 2 and self.stats.ordinary(last) and not self._plain_word_surname(first, rest, c.next_text):
            return None
        if last.isupper() and len(last) > 2:
            return None
        self.learn(name)
        return NameMatch(c.start, c.end, name, None, False, FULL)

    def _a_person_so_called(self, c: _Candidate) -> bool:
        """"questioning a Howard Leslie Brennan or": after "a", a given name, a census surname and nothing more of a
        noun phrase (a comma, "or", "who" ...) is a person the speaker knows only by name, not a thing."""
        return (bool(_A_BEFORE.search(c.before)) and len(c.words) >= 2 and self._given(c.words[0])
                and self._surname_like(c.words[-1]) and bool(_NOUN_PHRASE_ENDS.match(c.next_text)))

    def _rule_particle(self, text: str, match: re.Match) -> NameMatch | None:
        """"von Braun": a lower-case particle before a capitalised word that is not a place, an organisation or an
        ordinary word; a name-like capitalised word before it belongs to the name ("Wernher von Braun")."""
        surname = match.group(3)
        if self.gazetteer.is_place(match.group()) or self.gazetteer.is_place(match.group(2)):
            return None                             # "Rio de Janeiro", "Del Rio"
        if self.stats.ordinary(surname) or self.gazetteer.is_place(surname) or surname.lower() in ORG_WORDS \
                or surname.lower() in THINGS or re.match(r"\s+[A-Z]", text[match.end():match.end() + 2]):
            return None
        first = match.group(1)
        if first and not self.stats.ordinary(first) and first.lower() not in STOP_WORDS and not self.gazetteer.is_place(first) \
                and first.lower() not in TITLES:
            return NameMatch(match.start(), match.end(), match.group(), None, False, FULL)
        return NameMatch(match.start(2), match.end(), match.group(2), None, False, FULL)

    def _name_word(self, word: str) -> bool:
        """A word a transcriber's expansion of a name may hold: a given name, a title, an initial, a quoted nickname,
        or a capitalised word that is not an ordinary word, an organisation word, a thing or a place ("Pavlovich")."""
        lower = word.rstrip(".").lower()
        if lower in all_given_names() or lower in TITLES or re.fullmatch(r"(?:[A-Z]\.)+|[“\"]\w+[”\"]", word):
            return True
        return (bool(re.fullmatch(r"[A-Z][a-z]+", word)) and not self.stats.ordinary(word) and lower not in ORG_WORDS
                and lower not in THINGS and lower not in STOP_WORDS and not self.gazetteer.is_place(word))

    def _named_as(self, c: _Candidate) -> bool:
        """"a guy by the name of Capallni", "we called him "Toya"": one capitalised word after "by the name of",
        "named" or "called him"; or a given name (or a word nothing else explains) and one more word ("[her name is]
        Lisa Navy", "Her name is Debrework Zewdie")."""
        word = c.words[0]
        if 3 <= len(c.words) <= 5 and NAMED_AS.search(c.before) and any(w in PARTICLES for w in c.words[1:-1]):
            # "his name is Joaquin Martinez de Pinillos": a name with a lower-case particle, whatever its parts mean
            return ((word.lower() in self.first or self._unknown_word(word)) and not re.match(r"\s+[A-Z]", c.next_text)
                    and all(w in PARTICLES or (re.fullmatch(r"[A-Z][a-z]+", w) and w.lower() not in THINGS
                                               and w.lower() not in ORG_WORDS and not self.stats.ordinary(w))
                            for w in c.words[1:]))
        if len(c.words) == 2 and NAMED_AS.search(c.before):
            return ((word.lower() in self.first or self._unknown_word(word)) and not self.gazetteer.is_place(" ".join(c.words))
                    and c.words[1].lower() not in THINGS and not re.match(r"\s+[A-Z]", c.next_text))
        marked = bool(NAMED_AS.search(c.before)) or (
            bool(_PHONETIC_AFTER.match(c.next_text)) and bool(re.fullmatch(r"[A-Z][a-z]+", word))
            and not re.search(r"\b(?:a|an|the)\s+$", c.before, re.I))
        # "his name is Mitchell": a place's name too, but the frame says whose
        someones = bool(re.search(r"\b(?:his|her|whose)\s+(?:last\s+|first\s+|sur)?name\s+(?:is|was)\s*$", c.before, re.I))
        return (len(c.words) == 1 and marked and len(word) > 2 and not self.stats.ordinary(word)
                and (someones or not self.gazetteer.is_place(word)) and word.lower() not in THINGS
                and word.lower() not in ORG_WORDS)

    def _middle_evidence(self, c: _Candidate) -> bool:
        """"Carlisle [C.] Campbell", "Tommy [Thomas] Gold", "Harry S. Truman": a middle initial or a bracketed
        expansion between a name-like first word and a surname is a person, whatever the surname means."""
        if len(c.words) < 3 or re.search(r"\s[-–]?\s*$|^\s*[A-Z]", c.next_text[:3]):
            return False
        written = c.written.split()
        middle = written[1:-1]
        has = bool(middle) and all(re.fullmatch(r"\[?[A-Z]\.\]?", m) or (re.fullmatch(r"\[?[“\"]?[A-Z][a-z]+[”\"]?\]?", m)
                                   and "[" in m + written[1] and self._name_word(m.strip("[]"))) for m in middle) \
            and not written[0].startswith("[") and not written[-1].endswith("]") and (
                any("[" in m for m in middle) or any(re.fullmatch(r"[A-Z]\.", m) for m in middle))
        first, last = c.words[0], c.words[-1]
        # A surname that is also an organisation word ("John [F.] Hall") counts after a given name and an initial.
        surname_word = last.lower() in SURNAME_WORDS and first.lower() in all_given_names()
        if any(w.lower() in ORG_WORDS for w in (c.words[:-1] if surname_word else c.words)):
            return False
        return (has and not re.fullmatch(r"[A-Z]\.", first) and not re.fullmatch(r"[A-Z]\.?", last) and not self.stats.ordinary(first)
                and (first.lower() in all_given_names() or not self.gazetteer.is_place(first)
                     or all(re.fullmatch(r"\[?[A-Z]\.\]?", m) for m in middle)) and first.lower() not in STOP_WORDS
                and (last.lower() not in ORG_WORDS or surname_word) and last.lower() not in THINGS
                and first.lower() not in THINGS and last.lower() not in STOP_WORDS)      # not "the Saturn V. They"

    def learn(self, name: str) -> None:
        """Remember a full name: its parts are then matched alone (an ordinary word, "Low" of George Low, is not)."""
        self.full_names[name.lower()] = name
        parts = name.split()
        self._firsts_by_last.setdefault(parts[-1].lower(), set()).add(parts[0].lower())
        self._learned_parts.update(p.lower() for p in (parts[0], parts[-1]) if self.distinctive(p))
        self._name_parts.update(p.lower().strip("[]“”\"") for p in (parts[0], parts[-1]) if len(p.strip("[]“”\"")) > 1)

    def learn_part(self, word: str) -> None:
        """Remember a surname that names its person alone though no full name is known ("Mr. CUNNINGHAM")."""
        self._learned_parts.add(word.lower())
        self._name_parts.add(word.lower())

    def part_of_full_name(self, word: str) -> bool:
        """The first or last word of a full name found in the history, ordinary words included."""
        return word.lower() in self._name_parts

    @property
    def learned_parts(self) -> frozenset[str]:
        return frozenset(self._learned_parts)

    def distinctive(self, part: str) -> bool:
        """A first or last name that names its person alone: not an ordinary word, a thing, a centre, an
        organisation word, a nationality or language or a place ("Low" of George Low, "Marshall", "Houston", the
        "English" of a misread "Marina English" are not; nor is a town that is also a given name where the history
        writes it as a town: "in Dallas")."""
        lower = part.lower().strip("[].")
        if lower in NOT_NAMES and lower not in all_given_names():
            return False
        if lower in ADDRESS_WORDS:
            return False            # "Buddy" of "Buddy Walthers": alone, "Buddy, you'd better move" is anybody
        if self.gazetteer.is_place(part.strip("[]")) and self.stats.written_as_a_place(part.strip("[]")):
            return False
        if self.stats.names_a_street(part.strip("[]")) and lower not in all_given_names():
            return False            # "Houston" where Dallas has a Houston Street: alone, the street
        # A town of the built-in list that is also a census surname, and that the history never writes as a place,
        # is the surname ("Paine" of Ruth Paine).
        town_surname = self.gazetteer.places.get(part.strip("[]")) == "city" and lower in census_surnames()
        return (len(lower) > 1 and not self.stats.ordinary(part) and lower not in THINGS and lower not in CENTRE_NAMES
                and lower not in ORG_WORDS and lower not in STOP_WORDS and lower not in TITLES
                and (lower in all_given_names() or not self.gazetteer.is_place(part.strip("[]")) or town_surname))

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
                and not self.stats.written_as_a_place(first)              # the headline "Dallas Included"
                and rest[0].lower() not in ORG_WORDS and rest[0].lower() not in NOT_SURNAMES
                and not self.gazetteer.is_place(f"{first} {rest[0]}")
                and not re.match(r"\s*(?:[-–]\s*)?[A-Z]", next_text) and not re.match(r"['’]s\s+[A-Z]", next_text))

    def _learned(self, word: str) -> bool:
        """A part of a full name found in the history; a hyphenated pair of them too ("the Kraft-Griffin
        transition": both men)."""
        lower = word.lower()
        return lower in self._learned_parts or ("-" in lower and all(p in self._learned_parts for p in lower.split("-")))

    def _given(self, word: str) -> bool:
        """A frequent given name, or a hyphenated pair of given names whose first is frequent ("Jean-Loup",
        "Anne-Marie"; not "Mercedes-Benz")."""
        lower = word.lower()
        if lower in self.first:
            return True
        parts = lower.split("-")
        return len(parts) == 2 and parts[0] in self.first and parts[1] in all_given_names()

    @staticmethod
    def _a_thing_here(word: str, before: str, next_text: str) -> bool:
        """What the words around a capitalised word make a thing, whoever else it names: a make after a year ("a
        1957 Ford"), a nationality after "a" ("he could have been a Cuban,"), an acronym after "the" ("the SOV").
        Not "the Lerner shop": a business named after one of the history's people would give the marker away."""
        return bool(_YEAR_BEFORE.search(before)
                    or (_A_BEFORE.search(before) and simplemma.is_known(word.lower(), lang="en")
                        and re.match(r"\s*(?:[,.;:?!)]|$|\s(?:or|and|but)\b)", next_text))
                    or (word.isupper() and len(word) > 1 and re.search(r"\b[Tt]he\s+$", before)))

    def _person_frame(self, word: str, before: str, next_text: str) -> bool:
        """A given name that is also a town ("Donna", "Howard") in a frame only a person fills: spoken to ("with,
        Donna, am I", "good morning Tumisang!") or beside "I" or "me" ("Donna and I have known each other"). Never
        a country or a region, and never in a list of places ("Houston, Austin, Dallas")."""
        if self.gazetteer.places.get(word) in ("country", "region") or _TO_A_PLACE.search(before):
            return False                        # "in Dallas and I was in Abilene"
        if _WITH_ME_AFTER.match(next_text) or _WITH_ME_BEFORE.search(before):
            return True
        spoken_to = (_ADDRESSED.search(before) or _GREETING_BEFORE.search(before)) and re.match(r"\s*[,!?]", next_text)
        return bool(spoken_to) and not re.match(r"\s*,\s+[A-Z]", next_text)

    def _rule_lone(self, word: str, start: int, end: int, at_sentence_start: bool, next_text: str,
                   before: str = "") -> NameMatch | None:
        lower = word.lower()
        if word.isupper() or len(word) < 3 or (lower in ORG_WORDS and lower not in given_org_words()) or lower in THINGS \
                or (next_text.startswith("-") and not next_text.startswith("--") and not _HONORIFIC.match(next_text)):
            return None                         # "Wright-Patterson"; but "--" is a printed dash ("of Marina--even")
        following = re.match(r"\s+\[?([A-Z][\w'’]*)", next_text)
        if following and following.group(1).lower().rstrip(".") in ORG_WORDS or before_an_org_word(next_text) \
                or EPONYM.match(next_text) or _PLACE_OF.search(before):
            return None                         # "Lewis Research Center", "Reynolds number", "the town of Lancaster"
        if self._a_thing_here(word, before, next_text):
            return None                         # "a 1957 Ford", "he could have been a Cuban,", "the SOV"
        owner = re.match(r"['’]s\s+\[?([A-Z][a-z]+)\b", next_text)
        owned = owner.group(1).lower() if owner else ""
        if (owned in NAMED_AFTER_SOMEONE and not (owned in BUSINESS_WORDS and self._learned(word))) \
                or (lower in given_org_words() and re.match(r"\s+of\s+[A-Z]", next_text)):
            return None                         # "Valentine's Day", "Bill of Rights"; not "Shep's Bar" of a known Shep
        if self._street_corner(before, next_text) or _HOUSE_NUMBER_BEFORE.search(before):
            return None                         # "at Lamar and Elm", "1720 South Lamar": a street, whoever it names
        if self._learned(word):
            return NameMatch(start, end, word, None, False, LEARNED)
        if self.gazetteer.is_place(word) and not (lower in self.first and (
                _SOMEBODY_AFTER.match(next_text) or self._person_frame(word, before, next_text))):
            return None                         # a place, unless "who" or "said" follows ("George and Harvey, who")
        if not self._given(word) or (self.stats.ordinary(word) and not (at_sentence_start and DEEDS.match(next_text))):
            return None
        if (self.stats.names_a_street(word) and _ON_A_STREET.search(before)) or lower in DENOMINATIONS:
            return None                         # "a home out around Alvar" (Alvar Street); "a former Baptist who"
        # A given name used as a name: "Lorraine from Sure Start", "Margaret's story", "And Courtney taught";
        # a frequent word the history writes after "the" or "a" is a thing ("the Mir", "a Marine").
        if self.stats.capitalised(word) > 6 and self.stats.thing_like(word):
            return None
        if at_sentence_start and not DEEDS.match(next_text) and not re.match(r"\s+(?:was|is|and|had|has|from)\b", next_text) \
                and not _SPOKEN_TO_AFTER.match(next_text):
            return None
        return NameMatch(start, end, word, None, False, LONE)




def before_an_org_word(after: str) -> bool:
    """Followed by up to three capitalised words and an organisation word: "John H. Glenn [Research Center",
    "Lewis Research Center", "Haile Selassie I University": the name is part of the organisation's."""
    if _FIRM_AFTER.match(after):
        return True                 # "George Rose & Co.", "Smith and Sons, Inc."
    run = _ORG_RUN.match(after)
    return run is not None and run.group(1).lower() in ORG_WORDS


def _name_parts(name: str) -> list[str]:
    return [p for p in re.split(r"\s+", name.replace(".", ". ").strip()) if p]


_SEPARATOR = "\x00"


def name_alternatives(names: list[str]) -> str:
    """One regular expression for many names, as a trie (Python's re tries alternatives one by one: a trie keeps
    a long list fast). Words may be split by spaces or editorial brackets; a full stop is optional; ' matches ’."""
    trie: dict = {}
    for name in names:
        node = trie
        for part in _name_parts(name):
            node = node.setdefault(part, {})
        node[_SEPARATOR] = {}

    def word(part: str) -> str:
        return re.sub(r"['’]", "['’]", re.escape(part).replace(r"\.", r"\.?"))

    def build(node: dict) -> str:
        branches = [word(part) + (r"(?:[\s\[\]“”\"]+" + build(child) + ")" + ("?" if _SEPARATOR in child else "")
                                  if any(k != _SEPARATOR for k in child) else "")
                    for part, child in sorted(node.items(), key=lambda kv: (-len(kv[0]), kv[0])) if part != _SEPARATOR]
        body = "|".join(branches)
        return f"(?:{body})" if body else ""

    return build(trie)


def local_variants(full_name: str) -> list[str]:
    """First name, last name and "Mr/Ms/Dr Last" for a person named in full (a quoted nickname and a transcriber's
    brackets count: "Shorty" and "Powers" of "“Shorty” [John A.] Powers")."""
    plain = re.sub(r"[\[\]“”\"()]", " ", full_name).replace(",", " ")
    parts = [p for p in plain.split() if p.rstrip(".").isalpha() and len(p.rstrip(".")) > 1
             and p.rstrip(".").lower() not in ("jr", "sr")]
    variants = []
    if parts:
        if parts[0].lower() not in SURNAME_PARTICLES:
            variants.append(parts[0])           # not the "De" of "De Mohrenschildt" (but the "Al" of "Al Bean")
        if len(parts) > 1:
            variants.append(parts[-1])
            for title in ADDRESS_TITLES:
                variants.append(f"{title} {parts[-1]}")
            variants.append(f"{parts[0]} {parts[-1]}")
            if not parts[-1].endswith("s"):
                variants.append(f"{parts[-1]}s")          # "the Drydens", "the non-famous Korolevs"
                if len(parts) > 1 and parts[-2].lower() in PARTICLES:
                    variants.append(f"{parts[-2]} {parts[-1]}s")   # "the De Mohrenschildts", particle and all
        words = full_name.split()
        if len(words) == 3 and re.fullmatch(r"[A-Z]\.?", words[1]):
            variants.append(f"{words[0]} [{words[1].rstrip('.')}.] {words[2]}")   # "John [B.] Lee"
    return variants
