"""One history's person mentions: rules and recogniser together, resolved to people, returned as edits.

Two passes, like the clean stage. `learn` reads every record once: the recogniser's entities (cached), the names
the rules find, the nicknames the transcribers expanded ("Al [Alan L.] Bean"), so that every person is known,
with one pseudonym, before a word is replaced. Then `edits` gives, for one record's text at the names layer of the
cleaner, an edit per mention: its offsets, its replacement and the rule that found it (the ledger's detail).

The recogniser's PERSON spans are filtered with corpus evidence before they count: a word the history writes in
lower case or after "the" ("the Moon", "the Shuttle"), a place, an organisation, a spacecraft, programme or centre
("Skylab", "Marshall"), a span followed by an organisation word ("Kennedy Space Center") is not a person. What the
filter keeps out is listed for the team (`kept`), never silently dropped.

A lone first or last name counts, inside an interview, for every person that interview names in full ("Max"
after "Max Faget"); names the recogniser found count there too wherever they recur. Public figures the team lists
in people.yaml are kept as written and ledgered as such.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import simplemma

from ..nlp.places import Gazetteer
from ..text.cleaner import Cleaned
from ..text.spans import Edit
from .evidence import (
    CENTRE_NAMES,
    DETERMINERS,
    MONTHS_DAYS,
    NAMED_AFTER_PEOPLE,
    NOT_NAMES,
    NOT_SURNAMES,
    OFFICE_WORDS,
    ORG_WORDS,
    PARTICLES,
    PLACE_PREFIXES,
    STOP_WORDS,
    SURNAME_WORDS,
    THINGS,
    WordStats,
    all_given_names,
    census_ranks,
    census_surnames,
    distinct_surname,
    first_names,
    given_org_words,
    plural_noun,
    stop_words_not_names,
)
from .finder import (
    ADHERENT,
    ANOTHER,
    EPONYM,
    NAMED,
    NAMED_AFTER_PEOPLE_RE,
    NAMED_AFTER_SOMEONE,
    NOT_INITIALS,
    PLACE_CALLED,
    SENTENCE_START,
    SPEAKS,
    SPELLED,
    TITLED,
    NameFinder,
    NameMatch,
    local_variants,
)
from .ner import Entity, Recogniser
from .registry import (
    CONFIGURED,
    INTERVIEWEE,
    INTERVIEWER,
    PSEUDONYM,
    PeopleRegistry,
    Person,
    edit_distance_one,
    name_key,
    not_her,
)
from .titles import TITLED_NOT_PEOPLE, WOMAN_TITLE_PATTERN, is_office_title, is_title, strip_title

RECOGNISED = "the recogniser's PERSON, kept by the corpus evidence"
RECOGNISED_HERE = "a name the recogniser found in this interview"
PUBLIC = "public_name"
_EXPANSION = re.compile(r"(?<![\w'’])([A-Z][a-z]+)\s+\[([A-Z][a-z]+)")
# Signs that a word is somebody: a title or "my friend" before it; "who", "said" or a family word after it.
_CUE_BEFORE = (r"\b(?:Mr|Mrs|Ms|Miss|Dr|Professor|Father|Sister|Brother|Uncle|Aunt)\.?\s+|"
               r"\b(?:my|our|his|her|their)\s+(?:friend|boss|colleague|counterpart|neighbou?r|host|teacher|student|"
               r"director|supervisor|sister|brother|mother|father|mom|dad|wife|husband|son|daughter|cousin)\s*,?\s+|"
               r"\b(?:[Tt]alk(?:ed|ing)?|[Ss]poke|[Ss]peaking)\s+(?:to|with)\s+|"  # "I talked to Asmat"
               r"\b(?:Well|Oh|Hey|Look|Listen),\s+(?=\S+,)|"                # "Well, Shep, I have two choices"
               r"\b(?:fellow|guy|man|woman|lady|gentleman|girl|boy|doctor)\s*,\s+")  # "another fellow, Horance Brown,"
_CUE_AFTER = (r"\s*,?\s+(?:who|whom|said|says|told|tells|asked|replied|and\s+I\b|and\s+me\b|was\s+(?:my|our|a|the)\b|"
              r"would\s+(?:say|tell|ask)|family\b|(?:is|was)\s+(?:his|her|my|their)\s+(?:first\s+|last\s+)?name\b)|"
              r"['’]s\s+(?:wife|husband|son|daughter|mother|father|family|house|home|office|job|friend)")
# "Glynn Lunney, G-l-y-n-n L-u-n-n-e-y"; "C. N. Dhority, (spelling) D-h-o-r-i-t-y"; "Perdue [spelling]. P-e-r-d-u-e".
_SPELLED = re.compile(r"[,:.]?(?:\s*[(\[]spell(?:ing|ed)[)\]][.,:]?)?\s+((?:[A-Za-z]-\s?){2,}[A-Za-z](?:\s+(?:[A-Za-z]-\s?){2,}[A-Za-z])*)\b")
_SPELLED_OUT = re.compile(r"(?<![\w-])(?:[A-Za-z]{1,2}-){3,}[A-Za-z]{1,2}(?!\w|-\w)")   # "H-a-r-t-en-s" too
_INITIALS_AND_SURNAME = re.compile(r"(?:[A-Z]\.\s?){1,3}([A-Z][a-z]*[A-Z]?[a-z]+(?:['’][A-Z][a-z]+)?)")
_REPLACED = re.compile(r"\[[^\[\]\n]{1,120}\]")
# The judge's reasons that only say a word is also an ordinary word: a recogniser's PERSON that is a part of a full
# name found in the history overrides them.
_ORDINARY_WORD = {"a word the history writes in lower case", "an English word, not a given name",
                  "a word the history writes after 'the' or 'a'"}
BESIDE = "a capitalised word joined by 'and' to a name, that is nothing else"
_JOINED_AFTER = re.compile(r"(?:['’]s)?\s*,?\s+(?:and|or|&)\s+([A-Z][a-z]{2,})\b(?!['’][a-z])")
_JOINED_BEFORE = re.compile(r"(?<![\w'’])([A-Z][a-z]{2,}),?\s+(?:and|or|&)\s+\[?$")
_QUOTED_NICKNAME = re.compile(r"[“\"]([A-Z][a-z]+)[”\"]\s*\[?\s*$")
_EDGE = "\"'“”‘’()[]{}.,;:!?—–-…*"


@dataclass
class Kept:
    """A recogniser PERSON the filter kept out (or a public figure kept by name): for the team's review."""

    text: str
    reason: str
    count: int = 0
    records: list[str] = field(default_factory=list)



def _one_letter_apart(a: str, b: str) -> bool:
    """One letter changed, not the first."""
    return a != b and len(a) == len(b) and a[0] == b[0] and edit_distance_one(a, b)


def _join_spelling_variants(local: dict[str, str]) -> None:
    """A name found only alone that one letter turns into part of a full name of this interview is that person,
    spelled another way by the transcriber ("Mengesha's illness" beside "Mingesha Woltom McHale"). Long words only."""
    full_names = {name for name in local.values() if len(name.split()) > 1}
    for variant in [v for v in local if v.isalpha() and len(v) >= 6 and local[v] == v]:
        twins = {name for name in full_names if any(_one_letter_apart(variant, word) for word in name.split())}
        if len(twins) == 1:
            local[variant] = twins.pop()


class NerFilter:
    """Whether a recogniser PERSON span is a person, by the history's own evidence. Returns (span, reason)."""

    def __init__(self, stats: WordStats, gazetteer: Gazetteer):
        self.stats = stats
        self.gazetteer = gazetteer
        self.first = first_names()
        self.given = all_given_names()

    def _opens_a_sentence(self, text: str, start: int, word: str) -> bool:
        """An English word, no common given name, that the history mostly writes in lower case and not as a thing,
        opening a sentence before a name ("Fined Oswald $10?", "Probably Marina was", ""Tell Dean--leave two men"):
        not part of the name. Not after an abbreviated title ("Capt. Will Fritz"), a word the history never writes
        in lower case ("Norm Glover"), a people's adjective ("Russian Lan.") or a thing's word ("Infant Jesus")."""
        lower = word.lower()
        return (bool(SENTENCE_START.search(text, max(0, start - 3), start))
                and not re.search(r"\b(?:[A-Z][a-z]{0,3}|[A-Z])\.\s*$", text[max(0, start - 8):start])
                and lower not in self.first and (lower in MONTHS_DAYS or (
                    self.stats.ordinary(word) and not self.stats.thing_like(word) and simplemma.is_known(lower, lang="en"))))

    def trim(self, text: str, entity: Entity) -> tuple[int, int]:
        """The entity without a title, a possessive or punctuation at its edges; brackets kept when balanced."""
        start, end = entity.start, entity.end
        gap = re.search(r"[^\S\n]{3,}|\n\s*\n|--", text[start:end])
        if gap:                                     # a table's column gap or a blank line ends a name (finder._WORD_SPACE),
            end = start + gap.start()               # and so does a printed dash ("Forrest V. Sorrels"--started)
        while start < end and text[start] in _EDGE and not (text[start] == "[" and "]" in text[start:end]):
            start += 1
        while end > start and (text[end - 1] in _EDGE and not (text[end - 1] == "]" and "[" in text[start:end - 1])
                               and not (text[end - 1] == "." and re.search(r"\b[A-Z]\.$", text[start:end]))):
            end -= 1
        possessive = re.search(r"['’]s?$", text[start:end])
        if possessive:
            end -= len(possessive.group())
        title = re.match(r"(\w+)\.?\s+", text[start:end])
        if title and is_title(title.group(1)):
            start += title.end()
        opener = re.match(r"([A-Z][a-z]+)\s+(?=[A-Z\[])", text[start:end])
        if opener and (opener.group(1).lower() in stop_words_not_names() or self._opens_a_sentence(text, start, opener.group(1))):
            start += opener.end()                   # "Toward Patton?", "And Junior", "Fined Oswald $10?"
        return start, end

    def _inside_a_longer_name(self, text: str, end: int) -> str | None:
        """Why a span ending at `end` is part of a longer proper name ("Kennedy Space Center", "Valentine's Day")."""
        owner = re.match(r"['’]s\s+([A-Z][a-z]+)\b", text[end:end + 30])
        if owner and owner.group(1).lower() in NAMED_AFTER_SOMEONE:
            return "a day, a building or a prize named after someone (Valentine's Day)"
        after = re.match(r"\s+([A-Z][\w'’\-]*)", text[end:end + 30])
        if after and (after.group(1).lower() in ORG_WORDS or (not self.stats.ordinary(after.group(1))
                                                              and after.group(1).lower() not in STOP_WORDS)):
            return "part of a longer proper name (an organisation or a place)"
        return None

    def judge(self, text: str, start: int, end: int, votes: dict[str, Counter] | None = None) -> str | None:
        """None when the span is a person; else why not. `votes`: the recogniser's labels for each text across the
        history (it calls "Lockheed" an organisation more often than a person, so "Lockheed Martin" is not one)."""
        span = text[start:end]
        words = [w.strip("[]") for w in span.split() if w.strip("[]")]
        # A surname that can only be a surname ends a person's name ("Story Musgrave", "Fuller Torrey", "that Chic
        # Dambach"): what its first word is elsewhere, or a determiner-like "that" before it, does not undo that.
        surname_last = len(words) > 1 and words[0][:1].isupper() and distinct_surname(words[-1], self.stats)
        for part in [span] + (span.split()[:1] if len(span.split()) > 1 and not surname_last else []):
            counts = (votes or {}).get(part.strip("[]"))
            # A first word is judged on two votes or more: "Chul" once called a place does not undo "Chul Park".
            if counts and counts["PERSON"] * 2 < sum(counts.values()) and (part == span or sum(counts.values()) > 1):
                return "the recogniser calls it (or a word of it) something else more often than a person"
        shape = _not_a_name_shape(span, words) or _creed_or_place(text, start, words)
        if shape:
            return shape
        lower = [w.lower().strip(".") for w in words]
        if self.gazetteer.is_place(span) or span in self.gazetteer.organisations or self.stats.names_an_institution(span) or (len(words) > 1 and (
                lower[0] in PLACE_PREFIXES or (lower[0] in PARTICLES and words[0][0].isupper())
                or lower[-1] in NOT_SURNAMES or (self.gazetteer.is_place(words[0]) and lower[0] not in self.given))):
            return "a place or an organisation"
        if any(w in THINGS for w in lower) or " ".join(lower) in NAMED_AFTER_PEOPLE or (len(words) > 1 and plural_noun(words[-1])):
            return "a spacecraft, programme, heavenly body, unit, or a company named after people"
        # An organisation word ends no recognised full name, except one that is also a surname ("Chul Park").
        # A given name that is also an organisation word ("Bill") is a name unless it ends a longer span ("Localism Bill").
        org = [w for i, w in enumerate(lower[:-1] if len(lower) > 1 and lower[-1] in SURNAME_WORDS else lower)
               if w in ORG_WORDS and not (w in given_org_words() and (len(lower) == 1 or i < len(lower) - 1))
               and not (surname_last and len(lower) == 2 and i == 0)]
        if org or lower[-1] in NOT_NAMES or any(w in MONTHS_DAYS for w in lower):
            return "an organisation word, a demonym or a date"
        longer = self._inside_a_longer_name(text, end)
        if longer:
            return longer
        before = re.search(r"(\w+)\s+$", text[max(0, start - 20):start])
        if before and before.group(1).lower() in DETERMINERS and not (surname_last and before.group(1).lower() == "that") \
                and (len(words) > 1 or EPONYM.match(text, end)
                                                                  or self.stats.thing_like(words[0])
                                                                  or lower[0] in given_org_words()):
            return "written after a determiner: a thing or a group"
        if before and before.group(1)[0].isupper() and before.group(1).lower() not in STOP_WORDS and \
                before.group(1).lower() not in MONTHS_DAYS and not is_title(before.group(1)) and \
                not SENTENCE_START.search(text[:max(0, start - 20) + before.start()]):     # not "one Christmas Johnny"
            return "part of a longer proper name (an organisation or a place)"
        if len(words) == 1:
            word = words[0]
            if lower[0] in CENTRE_NAMES:
                return "a centre's name, alone"
            if self.gazetteer.is_place(word):
                return "a place"
            titled = re.search(r"(\w+)\.?\s+$", text[max(0, start - 20):start])
            if self.stats.names_a_street(word) and not (titled and is_title(titled.group(1))):
                return "a street's name (the history writes it before 'Street' or 'Avenue')"
            if self.stats.ordinary(word) and lower[0] not in self.first:
                return "a word the history writes in lower case"
            if lower[0] not in self.given and simplemma.is_known(lower[0], lang="en"):
                return "an English word, not a given name"
            if self.stats.capitalised(word) >= 3 and self.stats.thing_like(word) and lower[0] not in self.first:
                return "a word the history writes after 'the' or 'a'"
            if lower[0] in STOP_WORDS or len(word) < 2:
                return "a stop word"
        elif all(self.stats.ordinary(w) for w in words if len(w) > 2):
            return "words the history writes in lower case"
        elif self.gazetteer.is_place(words[0]) and all(self.stats.ordinary(w) for w in words[1:]):
            return "a place and a word the history writes in lower case"      # the headline "Dallas Included"
        return None


class MentionFinder:
    """Finds and resolves the person mentions of one history; gives the cleaner its name edits."""

    def __init__(self, stats: WordStats, gazetteer: Gazetteer, people: PeopleRegistry,
                 recogniser: Recogniser | None = None):
        self.stats = stats
        self.gazetteer = gazetteer
        self.people = people
        self.recogniser = recogniser
        self.filter = NerFilter(stats, gazetteer)
        self.finder = NameFinder(stats, gazetteer, {})
        self.entities: dict[str, list[Entity]] = {}
        self.accepted: dict[str, list[tuple[int, int, str]]] = {}   # record id -> recogniser names kept (raw offsets)
        self.kept: dict[str, Kept] = {}
        self._ordinary: defaultdict[str, list[tuple[int, int, str]]] = defaultdict(list)   # kept as ordinary words
        self.votes: dict[str, Counter] = {}                          # entity text -> the recogniser's labels for it
        self.local: dict[str, dict[str, str]] = {}                   # doc -> variant -> canonical name
        self.rules: Counter = Counter()
        self.replacements: set[str] = set()                          # what names were replaced by ("[Person 3]")
        self.surnames_alone: list[str] = []                          # surnames that name their person alone anywhere
        self._found_names: set[str] = set()                          # every name the first pass found

    # -- pass 1 -------------------------------------------------------------------------------------------------

    def learn(self, records: Iterable[tuple[str, str, str]]) -> None:  # noqa: C901 - one pass, steps in reading order
        """Read every (record id, doc, text): entities, names, nicknames; every person known before cleaning."""
        records = list(records)
        known: dict[str, str] = {}
        for person in self.people.people.values():
            for name in sorted(person.names):
                if len(name.split()) > 1 or person.kind == CONFIGURED:
                    known[name] = name
                if len(name_key(name).split()) > 1:
                    self.finder.learn(" ".join(name_key(name).title().split()))
        self.finder.known.update(known)
        self.finder._known_re = None
        if self.recogniser is not None:
            self.entities = self.recogniser.entities((rid, text) for rid, _, text in records)
        for entities in self.entities.values():
            for entity in entities:
                self.votes.setdefault(entity.text, Counter())[entity.label] += 1
        by_doc: dict[str, list[str]] = {}
        doc_text: dict[str, list[str]] = {}
        titled: dict[str, set[str]] = {}               # surnames this interview writes after "Mr.", "Dr.", "Agent" ...
        for rid, doc, text in records:
            doc_text.setdefault(doc, []).append(text)
            for expansion in _EXPANSION.finditer(text):
                self.people.learn_expansion(expansion.group(1), expansion.group(2))
            for match in self.finder.find(text):
                self._found_names.add(match.name)
                if is_office_title(match.title):
                    self.people.mark_office(match.name)
                if match.rule == TITLED and len(name_key(match.name).split()) == 1:
                    titled.setdefault(doc, set()).add(strip_title(match.name))
                elif (initialled := _INITIALS_AND_SURNAME.fullmatch(match.name)) is not None:
                    titled.setdefault(doc, set()).add(initialled.group(1))     # "M. N. McDonald", then "McDonald"
                if len(name_key(match.name).split()) > 1:
                    self.people.resolve(match.name, doc)        # lone names wait until every full name is known
                elif match.rule in (NAMED, SPEAKS) and match.name.lower() not in self.filter.first:
                    self.people.resolve(match.name, doc)        # "we called him "Toya"": Toya wherever the interview says it
            self._recognised(rid, text)
        self._need_a_sign(records, doc_text)
        for rid, doc, text in records:
            for start, _, name in self.accepted.get(rid, ()):
                if len(name_key(name).split()) > 1:
                    person = self.people.resolve(name, doc)
                    nickname = _QUOTED_NICKNAME.search(text, max(0, start - 40), start)
                    if nickname:                # "“Shorty” [John A.] Powers": "Shorty" alone is him in this interview
                        self.people.add_name(person, f"{nickname.group(1)} {name_key(name).split()[-1].title()}", doc)
                by_doc.setdefault(doc, []).append(name)
        for doc, names in by_doc.items():
            # A name the recogniser found counts wherever it recurs in the interview, when it found it in at least
            # half of the places the word is written capitalised ("Lockheed" once of ten is not a person).
            written = "\n".join(doc_text[doc])
            for name, count in sorted(Counter(names).items()):
                total = len(re.findall(r"(?<![\w'’])" + re.escape(name) + r"(?![\w])", written))
                if len(name.split()) > 1 or count * 2 >= total:
                    self.local.setdefault(doc, {})[name] = name
        # A surname an interview writes after a title is that person alone there too ("Mr. Sorrels", then "Sorrels");
        # a witness's or questioner's speaker label ("Mr. CUNNINGHAM") in every interview of the history: another
        # session's "Cunningham fired three shots" names him. (Titled surnames stay in their interview: the NASA
        # histories' "Dr. Dryden" is the man, another interview's "Dryden" the centre.)
        labelled = speaker_label_surnames(self.people.people.values())
        self.finder.label_surnames = labelled             # "Lieutenant Day" where "Mr. DAY" testifies
        self.finder.titled_surnames = set().union(*titled.values())     # "Cortlandt Cunningham" where "Mr. Cunningham"
        alone = {s for s in set().union(labelled, *titled.values()) if surname_alone(s, self.stats, self.gazetteer)}
        # A surname two interviews write after a title or initials ("Officer McDonald" in one, "M. N. McDonald" in
        # another) is a person the whole history talks about: "Hutson, McDonald, Lyons" names him in a third.
        titled_in = Counter(s for surnames in titled.values() for s in surnames)
        everywhere = {s for s, n in titled_in.items() if n >= 2 and s.lower() not in CENTRE_NAMES}
        # ... and, an uncommon surname of nobody named in full, one person throughout ("Captain Fritz")
        self.people.history_wide = {s.lower() for s in everywhere & alone
                                    if census_ranks().get(s.lower(), UNCOMMON_SURNAME) >= UNCOMMON_SURNAME}
        for doc in sorted({doc for _, doc, _ in records}):
            for surname in sorted((titled.get(doc, set()) | labelled | everywhere) & alone):
                self.local.setdefault(doc, {}).setdefault(surname, surname)
            for surname in sorted(titled.get(doc, set()) | labelled | everywhere):
                plural = family_plural(surname, self.stats, self.gazetteer)
                if plural:                          # "Mrs. Hall", then "at the Halls": the family, where "Hall" alone may be a hall
                    self.local.setdefault(doc, {}).setdefault(plural, surname)
        self.surnames_alone = sorted(labelled & alone)     # replaced in every interview: the privacy gate checks them
        for doc in sorted({doc for _, doc, _ in records}):
            self.local[doc] = self._build_local(doc)
        self._given_before_titled(doc_text, titled)
        for person in self.people.people.values():          # every full name is known everywhere in the history
            if person.full and not person.public:
                for name in person.names:
                    if len(name_key(name).split()) > 1:
                        self.finder.known[name] = name
                        plain = [w for w in re.sub(r"[\[\]“”\"()]", " ", name).split() if not re.fullmatch(r"[A-Z]\.", w)]
                        while len(plain) > 2 and is_title(plain[0]):
                            plain = plain[1:]
                        if len(plain) > 1:
                            self.finder.known[f"{plain[0]} {plain[-1]}"] = name     # "Caldwell [C.] Johnson" -> "Caldwell Johnson"
        self.finder._known_re = None
        learn_parts(((sorted(p.names), p.public) for p in self.people.people.values() if p.full), self.finder)
        self.finder.family_surnames = ({p.last for p in self.people.people.values() if p.full and not p.public}
                                       | {s.lower() for s in set().union(labelled, *titled.values())}) - NOT_NAMES
        self._ordinary_words_that_name()

    def name_words(self) -> set[str]:
        """The distinctive words of every name the history gives a person (no titles, ordinary words, places or
        organisation words): the spam finder leaves a span holding one alone."""
        written = {name for person in self.people.people.values() for name in person.names}
        written |= {name for local in self.local.values() for name in local} | self._found_names
        words = set()
        for name in written:
            for word in re.sub(r"[\[\]“”\"(),]", " ", name).split():
                word = re.sub(r"['’]s$", "", word)
                lower = word.lower()
                if len(word) > 2 and word[0].isupper() and not is_title(word) and lower not in STOP_WORDS \
                        and lower not in ORG_WORDS and lower not in THINGS and not self.stats.ordinary(word) \
                        and not self.gazetteer.is_place(word):
                    words.add(word)
        return words

    def _ordinary_words_that_name(self) -> None:
        """A recogniser's PERSON that is an ordinary word is still a name when it is the first or last word of a full
        name the history gives ("against Buzz, and then Neil" where the history names Buzz Aldrin)."""
        for rid, spans in sorted(self._ordinary.items()):
            for start, end, word in spans:
                if self.finder.part_of_full_name(word.strip("[]")):
                    self.accepted.setdefault(rid, []).append((start, end, word))
                    kept = self.kept.get(word)
                    if kept is not None:
                        kept.count -= 1
                        if kept.count <= 0:
                            del self.kept[word]


    def _recognised(self, rid: str, text: str) -> list[tuple[int, int]]:
        """The recogniser's PERSON spans in a record that the evidence keeps; the rest are listed as kept."""
        found = []
        for entity in self.entities.get(rid, ()):
            if entity.label != "PERSON":
                continue
            start, end = self.filter.trim(text, entity)
            reason = self.filter.judge(text, start, end, self.votes) if end > start else "empty"
            if reason in _ORDINARY_WORD:
                self._ordinary[rid].append((start, end, text[start:end]))       # looked at again once names are known
            if reason is None:
                found.append((start, end))
            else:
                self._keep(entity.text, reason, rid)
        self.accepted[rid] = [(s, e, text[s:e]) for s, e in found]
        return found

    def _given_before_titled(self, doc_text: dict[str, list[str]], titled: dict[str, set[str]]) -> None:
        """"I, Cortlandt Cunningham, Special Agent" in a session that says "Mr. Cunningham": a name-like word before
        a surname the interview writes after a title names a person in full. Learnt before cleaning, so that the
        full name is known everywhere, in capitals too ("(S) CORTLANDT CUNNINGHAM")."""
        for doc in sorted(titled):
            surnames = sorted(titled[doc], key=lambda s: (-len(s), s))
            pattern = re.compile(r"(?<![\w'’])[A-Z][a-z]+\s+(" + "|".join(map(re.escape, surnames)) + r")(?![\w'’-])")
            for text in doc_text.get(doc, ()):
                for hit in pattern.finditer(text):
                    if re.search(r"[A-Z][\w'’.]*\s+$", text[max(0, hit.start() - 30):hit.start()]):
                        continue                    # "George Jefferson Applin": inside a longer name
                    match = self.finder.lone_name(text, hit.start(1), hit.end(1))
                    if match is not None and match.rule == ANOTHER:
                        self.people.resolve(match.name, doc)

    def _need_a_sign(self, records: list[tuple[str, str, str]], doc_text: dict[str, list[str]]) -> None:
        """A recogniser name with no given name and no middle initial in it ("Kvansah", "Rtveli", "Facebook
        Messenger") counts only when its interview shows somewhere that it is somebody: a title, "my friend" or
        "talked to" before it, "who", "said", "would say" or "family" after it, a possessive family word after it,
        or it is spoken to ("Well, Shep, ...")."""
        doc_of = {rid: doc for rid, doc, _ in records}
        verdict: dict[tuple[str, str], bool] = {}
        for rid, spans in self.accepted.items():
            doc = doc_of.get(rid, "")
            kept = []
            for start, end, name in spans:
                if any(w.lower().strip("[]") in self.filter.given for w in name.split()) or re.search(
                        r"\w\s+\[?[A-Z]\.\]?\s+\w", name) or distinct_surname(name.split()[-1], self.stats):
                    # a given name, a middle initial ("DeElroy E.] Beeler") or a surname that is nothing else ("Gilruth")
                    kept.append((start, end, name))
                    continue
                if (doc, name) not in verdict:
                    # A name of two words is somebody when a word of it that is no English word is shown to be
                    # ("Asuni is his name" for "Tolani Asuni"; not "Heart" for "the Purple Heart").
                    parts = [w for w in name.split() if len(w) > 2 and not simplemma.is_known(w.lower(), lang="en")]
                    forms = "|".join(re.escape(f) for f in [name] + (parts if len(name.split()) > 1 else []))
                    cue = re.compile(r"(?:" + _CUE_BEFORE + r")(?:" + forms + r")(?![\w])(?:" + _CUE_AFTER + r")?|"
                                     r"(?<![\w'’])(?:" + forms + r")(?:" + _CUE_AFTER + r")")
                    verdict[(doc, name)] = any(cue.search(t) for t in doc_text.get(doc, ()))
                if verdict[(doc, name)]:
                    kept.append((start, end, name))
                else:
                    self._keep(name, "no sign in its interview that it is somebody (and no given name in it)", rid)
            self.accepted[rid] = kept

    def _keep(self, text: str, reason: str, record: str) -> None:
        kept = self.kept.setdefault(text, Kept(text, reason))
        kept.count += 1
        if len(kept.records) < 5 and record:
            kept.records.append(record)

    def _doc_local(self, doc: str) -> dict[str, str]:
        return self.local.get(doc, {})

    def _build_local(self, doc: str) -> dict[str, str]:
        """First and last names (and "Mr. Last") of every person this interview names in full, matched alone here;
        a variant two people share maps to itself, for the registry to decide."""
        owners: dict[str, set[str]] = {}
        local: dict[str, str] = dict(self.local.get(doc, {}))
        for key in self.people.keys_in(doc):
            person = self.people.people.get(key)
            if person is None:
                continue
            for name in sorted(person.names):
                words = name_key(name).split()
                variants = local_variants(name) if len(words) > 1 else ([name] if len(name) > 2 and name[0].isupper() else [])
                for variant in variants:
                    if not_her(variant, person):
                        continue        # "Mrs. Connally" in the governor's session is his wife, not John B. Connally
                    last = variant.split()[-1]
                    lower = last.lower()
                    if len(variant.split()) == 1 and self.gazetteer.is_place(variant) and self.stats.written_as_a_place(variant):
                        continue        # "Dallas" of a calendar's "Dallas Junie": where the history writes it, the town
                    if is_title(last) or lower in STOP_WORDS or lower in MONTHS_DAYS or lower in THINGS or \
                            (lower in ORG_WORDS and not (len(variant.split()) == 1 and lower in given_org_words())) or \
                            len(last) < (3 if self.stats.ordinary(last) else 2):
                        continue
                    owners.setdefault(variant, set()).add(person.key)
                    local.setdefault(variant, name)
            if person.kind in (INTERVIEWEE, INTERVIEWER, CONFIGURED) and person.full and not person.public:
                initials = f"{person.first[0].upper()}. {person.last[0].upper()}."      # "J. D." written by Jo Dibella herself
                if initials.replace(" ", "") not in NOT_INITIALS:
                    owners.setdefault(initials, set()).add(person.key)
                    local.setdefault(initials, max(sorted(person.names), key=len))
        for variant, keys in owners.items():
            if len(keys) > 1:
                local[variant] = variant
        _join_spelling_variants(local)
        return local

    def _canonical(self, match: NameMatch, doc: str) -> str:
        return self._doc_local(doc).get(match.name, match.name) if match.rule.startswith("first or last") else match.name

    # -- pass 2 -------------------------------------------------------------------------------------------------

    def edits(self, record_id: str | None, doc: str, base: Cleaned | None = None, shift: int = 0):
        """The names layer for one record: a function of the text at that layer (and the Cleaned so far), giving
        one edit per mention. The recogniser's spans are in the record's offsets: they are mapped through `base`
        (an earlier cleaning the text was cut from, at `shift`) and the layers so far."""
        local = self._doc_local(doc)
        raw_names = self.accepted.get(record_id, []) if record_id else []
        public_seen: set[tuple[int, int]] = set()

        def to_current(cleaned: Cleaned, start: int, end: int) -> tuple[int, int] | None:
            if base is not None:
                mapped = base.from_original(start, end)
                if mapped is None or mapped[0] < shift:
                    return None
                start, end = mapped[0] - shift, mapped[1] - shift
            return cleaned.from_original(start, end)

        def name_edits(text: str, cleaned: Cleaned) -> list[Edit]:
            found: list[Edit] = []
            # What an earlier round already replaced ("[Person 12]", "[a NASA engineer]") is not looked at again.
            taken: list[tuple[int, int]] = [m.span() for m in _REPLACED.finditer(text)
                                            if m.group() in self.replacements or PSEUDONYM.fullmatch(m.group())]
            taken += [m.span() for m in NAMED_AFTER_PEOPLE_RE.finditer(text)]     # "Smith and Wesson": no one

            def add(start: int, end: int, person: Person, rule: str) -> None:
                taken.append((start, end))
                if person.public:
                    origin = cleaned.to_original(start, end)
                    if origin in public_seen:
                        return
                    public_seen.add(origin)
                found.append(self._edit(text, start, end, person, rule))

            named_here: list[tuple[Person, int]] = []   # people this text has named so far, and where
            for match in self.finder.find(text, local):
                if any(match.start < e and s < match.end for s, e in taken):
                    continue
                canonical = self._canonical(match, doc)
                woman = _WOMAN_TITLE.search(text, max(0, match.start - 6), match.start) or \
                    _WOMAN_TITLE.match(text, match.start, match.end)
                if woman and len(name_key(match.name).split()) == 1:
                    canonical = f"{woman.group(1)} {strip_title(match.name)}"   # "Mrs. Kennedy" is not President Kennedy
                person = self.people.resolve(canonical, doc, [p for p, _ in named_here])
                if match.name != canonical:
                    self.people.add_name(person, match.name, doc)
                if person.full and (len(name_key(canonical).split()) > 1 or name_key(canonical) == person.last):
                    named_here.append((person, match.end))
                add(match.start, match.end, person, match.rule)
                spelled = _SPELLED.match(text, match.end)            # "Glynn Lunney, G-l-y-n-n L-u-n-n-e-y"
                if spelled and not any(spelled.start(1) < e and s < spelled.end(1) for s, e in taken):
                    add(spelled.start(1), spelled.end(1), person, SPELLED)
            for start, end, name in raw_names:
                span = to_current(cleaned, start, end)
                if span is None or text[span[0]:span[1]] != name or any(span[0] < e and s < span[1] for s, e in taken):
                    continue
                end = self.finder.expansion_end(text, span[1])          # the recogniser's "Max" of "Max [Maxime A.]"
                if any(span[1] < e and s < end for s, e in taken):
                    end = span[1]
                before = [p for p, named_end in named_here if named_end <= span[0]]
                add(span[0], end, self.people.resolve(name, doc, before), RECOGNISED)
            late = [(s, e, text[s:e], BESIDE) for edit in found for s, e in self._beside(text, edit.start, edit.end)]
            late += [(s, e, word, SPELLED) for s, e, word in self._spelled_out(text, local)]
            for start, end, name, rule in late:
                if not any(start < e and s < end for s, e in taken):
                    add(start, end, self.people.resolve(name, doc), rule)
            return found

        return name_edits

    def _spelled_out(self, text: str, local: dict[str, str]) -> list[tuple[int, int, str]]:
        """Names spelled out letter by letter, where the written name may already be gone (taken out by another
        layer or rule): the letters still name the person ("Detective [...], (spelling) D-h-o-r-i-t-y")."""
        found = []
        for spelled in _SPELLED_OUT.finditer(text):
            letters = re.sub(r"[-\s]", "", spelled.group())
            word = letters.capitalize()
            if self.finder.part_of_full_name(word) or word in self.finder.label_surnames or word in local \
                    or (letters == word and self._spelled_name(word) and _spelled_as_a_name(text, spelled, word)):
                found.append((spelled.start(), spelled.end(), word))
        return found

    def _spelled_name(self, word: str) -> bool:
        """A word a witness spells as a name is written, capital first ("M-o-h-r-e-n-s-k-u-l-d", "Z-h-a-n-a",
        "P-o-n-d-e-r-s"), that no one knows, is still a name; unless it is a place or an ordinary word of the
        history. (Spelled in capitals, "M-A-N-D-I-N-K-A", "S-M-E-A-T", it is as often a language, a town or an
        acronym: only a known name counts then.)"""
        place = self.gazetteer.is_place(word) or self.stats.written_as_a_place(word) or word in self.gazetteer.organisations
        return len(word) > 2 and not place and not self.stats.ordinary(word) \
            and word.lower() not in STOP_WORDS and word.lower() not in ORG_WORDS

    def _beside(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """Capitalised words joined by "and" or "or" to a name just found, that nothing explains as anything but a
        name: "Ammina and Mohammed Tahir", "Mohammed and Ammina"."""
        spans = []
        after = _JOINED_AFTER.match(text, end)
        if after:
            spans.append(after.span(1))
        before = _JOINED_BEFORE.search(text, max(0, start - 40), start)
        if before:
            spans.append(before.span(1))
        return [(s, e) for s, e in spans if self._could_be_a_name(text, s, e)]

    def _could_be_a_name(self, text: str, start: int, end: int) -> bool:
        word = text[start:end]
        lower = word.lower()
        if re.match(r"\s*(?:[-–]\s*)?\[?[A-Z]", text[end:end + 3]) or SENTENCE_START.search(text[:start]):
            return False                        # part of a longer name, or a sentence's opening word
        if not (lower in self.filter.given or not simplemma.is_known(lower, lang="en")):
            return False
        votes = self.votes.get(word, Counter())
        if sum(votes.values()) >= 3 and votes["PERSON"] * 4 < sum(votes.values()):
            return False                        # "Boeing and Lockheed": the recogniser calls it an organisation
        return self.filter.judge(text, start, end) is None

    def _edit(self, text: str, start: int, end: int, person: Person, rule: str) -> Edit:
        self.rules[rule.split(";")[0]] += 1
        if person.public:
            return Edit(start, end, text[start:end], PUBLIC, f"{person.ident}: a public figure people.yaml lists")
        self.replacements.add(person.replacement())
        if text[start - 1:start] == "[" and text[end:end + 1] == "]":
            start, end = start - 1, end + 1     # the transcriber's "[Faget]" reads "[Person 3]", not "[[Person 3]]"
        return Edit(start, end, person.replacement(), "name", f"{person.ident}: {rule}")

    def kept_list(self) -> list[dict]:
        return [{"text": k.text, "reason": k.reason, "count": k.count, "records": k.records}
                for k in sorted(self.kept.values(), key=lambda k: (-k.count, k.text))]


# A woman's title just before a name, or opening it: the registry keeps her apart from a man of that surname.
_WOMAN_TITLE = re.compile(r"\b(" + WOMAN_TITLE_PATTERN + r")\s+(?=\S*$|\[?[A-Z])")


def _not_a_name_shape(span: str, words: list[str]) -> str | None:
    """Why a span cannot be a name by its shape alone; None when it can."""
    if not words or "\n" in span or "\\n" in span:
        return "not a name's shape"
    if any(ch.isdigit() for ch in span) or all(w.isupper() and len(w) > 1 for w in words):
        return "a number or an acronym"
    if not any(w[0].isupper() for w in words):
        return "no capitalised word"
    if all(is_title(w) or w.lower() in OFFICE_WORDS for w in words):
        return "a title or an office without a name"                    # "Chief Justice", "Mr. Chairman"
    if any(w[0].islower() and w.lower() not in PARTICLES and w.lower() not in ("y", "e", "dos", "das", "do", "ter")
           for w in words[1:-1]):
        return "two names with a word between them"                     # "tell Chief Curry what Ruby had told you"
    return None


def _creed_or_place(text: str, start: int, words: list[str]) -> str | None:
    """Why a recognised span is no person: a creed ("a Lenin Marxist"), what a place or business is called, or a
    byword ("Uncle Sam")."""
    before = text[max(0, start - 20):start].split()
    if before and f"{before[-1]} {' '.join(words)}".lower() in TITLED_NOT_PEOPLE:
        return "a kin word and a name that name no one (Uncle Sam)"
    if len(words) > 1 and ADHERENT.search(words[-1]) and words[-1].lower() not in census_surnames():
        return "a creed or a following ('a Lenin Marxist'), not a surname"
    if PLACE_CALLED.search(text, max(0, start - 40), start):
        return "the name of a place or a business ('a little city called Hutchins')"
    return None


# Among the 250 commonest census surnames, two people of one history may well share a surname.
UNCOMMON_SURNAME = 250


# Words before a spelling that say it spells a place, a ship or a firm: "a base in Japan. I-o-w-a-k-o-n-n-i".
_THING_SPELLED = re.compile(r"\b(?:base|town|city|village|street|avenue|road|island|river|county|country|place|ship|"
                            r"destroyer|carrier|company|firm|store|shop|school|church|hotel|club|studios?|battery)\b", re.I)
_STREET_OR_FIRM_AFTER = re.compile(r"\s*(?:\[spelling\]|\(spelling\))?\s*(?:&|and\s+[A-Z]|(?:" + "|".join(
    sorted(w.capitalize() for w in ORG_WORDS if w.isalpha())) + r")\b|Co\b|Inc\b)")


def _spelled_as_a_name(text: str, spelled: re.Match, word: str) -> bool:
    """An unknown word spelled out is a name only where nothing says it is a street, a ship, a firm or a place:
    "1804 Lear [spelling] L-e-a-r Street", "the USS Cone ... C-o-n-e", "Vitalic Battery Co. [spelling]
    V-i-t-a-l-i-c", "Keitz & Herndon Film Studios--K-e-i-t-z"."""
    if _STREET_OR_FIRM_AFTER.match(text, spelled.end()) or _THING_SPELLED.search(text, max(0, spelled.start() - 60), spelled.start()):
        return False
    for written in re.finditer(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", text[max(0, spelled.start() - 120):spelled.start()]):
        at = max(0, spelled.start() - 120) + written.start()
        if re.search(r"\b(?:USS|SS|HMS|USNS)\s+$", text[max(0, at - 6):at]) or _STREET_OR_FIRM_AFTER.match(text, at + len(word)):
            return False
    return True


def surname_alone(surname: str, stats: WordStats, gazetteer: Gazetteer) -> bool:
    """A surname written after a title is that person alone too, unless the history also uses the word as an
    ordinary word, a place, a street or a thing ("Mr. Price" and "the price")."""
    lower = surname.lower()
    # A town of the built-in list that is a census surname, and that the history never writes as a place, is the
    # surname ("Officer Walker"), as a learned part is; so is a region's name the history never writes after "in",
    # "at" or "near" ("Lieutenant Cornwall", "R. C. Nelson": "with Cornwall and I", "asked Nelson could he").
    kind = gazetteer.places.get(surname)
    town_surname = lower in census_surnames() and (kind == "city" or (kind == "region" and not stats.placed.get(lower)))
    return len(surname) > 2 and surname[:1].isupper() and " " not in surname and not stats.ordinary(surname) \
        and lower not in STOP_WORDS and lower not in MONTHS_DAYS and lower not in THINGS and lower not in ORG_WORDS \
        and (not gazetteer.is_place(surname) or town_surname) and not stats.written_as_a_place(surname) \
        and not stats.names_a_street(surname)


def family_plural(surname: str, stats: WordStats, gazetteer: Gazetteer) -> str | None:
    """A titled surname's plural names the family ("the Mellers", "the Halls"), unless the plural is an ordinary
    word, a plural noun ("the Prices", "the Fords"), a place or an organisation word."""
    if len(surname) < 3 or surname.endswith("s") or " " in surname or not surname[:1].isupper():
        return None
    plural = surname + "s"
    lower = plural.lower()
    if stats.ordinary(plural) or plural_noun(plural) or gazetteer.is_place(plural) or lower in ORG_WORDS \
            or lower in THINGS or lower in STOP_WORDS:
        return None
    return plural


def label_case(surname: str) -> str:
    """A speaker label's surname as prose writes it: "CUNNINGHAM" -> "Cunningham", "McCLOY" -> "McCloy"."""
    return re.sub(r"[A-Z]{2,}", lambda m: m.group()[0] + m.group()[1:].lower(), surname)


def speaker_label_surnames(people: Iterable[Person]) -> set[str]:
    """The surnames of witnesses and questioners known by a speaker label ("Mr. CUNNINGHAM", "Mr. McCLOY"): each is
    that person in every interview of the history."""
    return {label_case(strip_title(name)) for p in people if p.kind in (INTERVIEWEE, INTERVIEWER) and not p.public
            for name in p.names if len(name_key(name).split()) == 1 and re.search(r"[A-Z]{2}", strip_title(name))}


def learn_parts(people: Iterable[tuple[list[str], bool]], finder: NameFinder) -> None:
    """Every person named in full (names, public) is then found by first or last name alone anywhere in the
    history (a distinctive part only): the privacy gate looks for exactly these."""
    for names, public in people:
        if public:
            continue
        for name in sorted(names):
            words = [w for w in re.sub(r"[\[\]“”\"()]", " ", name).split() if not re.fullmatch(r"[A-Z]\.", w)]
            if len(name_key(name).split()) > 1 and words and not is_title(words[0]):
                finder.learn(" ".join(words))
