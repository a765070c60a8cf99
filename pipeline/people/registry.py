"""Who is who: roles from people.yaml and the interviews, and stable pseudonyms for everyone else.

people.yaml maps names to roles and wins over everything else; `public` lists the public figures the team keeps
by name (nobody is kept unless listed):

    Sir Michael Bichard: chair of the high-level officials group
    Dorothy B. Lee:
      role: NASA aerospace engineer
      aliases: [Dottie]
    public: [John F. Kennedy, Wernher von Braun]

Interviewees become "Interviewee 1", "Interviewee 2", ...; interviewers "Interviewer 1", ...; other people
named in the text "Person 1", ... The numbers persist from run to run (clean/pseudonyms.json seeds the next
run), so a pseudonym means the same person in every report and chapter. The mapping is for the team only.

One person, one pseudonym, however the history writes them: "Dotty [Dorothy B.] Lee", "Dottie" and "Dorothy B.
Lee" are one person; so are "Max", "Max Faget" and "Maxime A. Faget" in one interview, and "Brian O’Connor" in
Bryan O'Connor's own interview. Two names are the same person when their surnames agree and their given names
are compatible: the same, one short for the other ("Chris"/"Christopher"), a usual nickname ("Bob"/"Robert"),
a nickname the transcriber expanded in brackets, or a one-letter misspelling ("Brian"/"Bryan"); differing middle
initials ("George H. W. Bush", "George W. Bush") keep two people apart. A lone first name no one in its interview
answers to stays that interview's own person: two interviews' "Bob"s are not linked. Where several people of an
interview answer to it, its interviewee does ("Hey, John" in John B. Lee's interview); a lone given name joins
someone the history calls by an office ("President Kennedy") only right after their name in the same turn, so a
wife's "John" is not the President. "Johnsons" is not a longer "John".
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import line_of, read_yaml
from ..problems import InputError
from .evidence import NICKNAMES, SURNAME_PARTICLES, first_names, men_only_names
from .evidence import SHORT_FORMS as _SHORT_FORMS
from .titles import WOMAN_TITLE_PATTERN, is_title, strip_title

# What a name is replaced by: "[Person 12]", "[Interviewee 3]" (the kind, then the number).
PSEUDONYM = re.compile(r"\[(Person|Interviewee|Interviewer|Participant) (\d+)\]")

INTERVIEWEE, INTERVIEWER, NAMED, CONFIGURED = "interviewee", "interviewer", "named", "configured"
_LABELS = {INTERVIEWEE: "Interviewee", INTERVIEWER: "Interviewer", NAMED: "Person"}
PUBLIC_KEY = "public"
# What turns a given name into a surname: "Johnsons" and "Jacksons" are not a longer "John" or "Jack".
_SURNAME_ENDINGS = frozenset({"s", "son", "sons", "sen"})

def name_key(name: str) -> str:
    """A person's name reduced to compare: no brackets, titles, initials, possessives, suffixes or case."""
    text = re.sub(r"[\[\]()“”\"]", " ", name).replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    text = strip_title(text.strip())
    words = [w for w in re.split(r"[\s,]+", text) if w and not re.fullmatch(r"[A-Za-z]\.?|[JS]r\.?|I{2,3}", w)]
    return " ".join(w.lower().strip(".") for w in words)


def given_words(words: Sequence[str]) -> list[str]:
    """The given names of a name's words (case folded): all but the last, without a surname's particle. "De
    Mohrenschildt" has none: it is a surname, and "George De Mohrenschildt" and "Jeanne De Mohrenschildt" share no
    given name "de" (which had made one person of a whole family)."""
    return [w for w in words[:-1] if w not in SURNAME_PARTICLES]


def person_name_words(pseudonyms: Path) -> frozenset[str]:
    """The words of the names of the history's people who are not public (clean/pseudonyms.json)."""
    people = json.loads(pseudonyms.read_text(encoding="utf-8")).get("people", {}) if pseudonyms.exists() else {}
    return frozenset(word for person in people.values() if isinstance(person, dict) and not person.get("public")
                     for name in person.get("names", []) for word in name_key(str(name)).split() if len(word) > 2)


def initials(name: str) -> str:
    """The middle initials written in a name ("George H. W. Bush" -> "HW")."""
    words = re.sub(r"[\[\]()]", " ", name).split()
    return "".join(w.replace(".", "") for w in words[1:-1] if re.fullmatch(r"[A-Z]\.?|(?:[A-Z]\.)+", w))


def edit_distance_one(a: str, b: str) -> bool:
    """Equal, or one letter inserted, deleted or changed."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


# A long form and its usual short forms ("harrison" -> "jack", after Harrison "Jack" Schmitt): a lone long form is
# not a person of the interview known by the short one ("Harrison" alone is a surname, not Jack Ruby).
_LONG_FOR: dict[str, set[str]] = {full: set(shorts.split()) for full, shorts in NICKNAMES.items()}


def compatible_given(a: str, b: str, learned: dict[str, set[str]] | None = None, spelling: bool = True) -> bool:
    """Whether two given names can name the same person (`spelling`: a one-letter misspelling too)."""
    if a == b:
        return True
    if b in _SHORT_FORMS.get(a, ()) or (learned and (b in learned.get(a, ()) or a in learned.get(b, ()))):
        return True
    short, long = sorted((a, b), key=len)
    if len(short) >= 3 and long.startswith(short) and long[len(short):] not in _SURNAME_ENDINGS \
            and (long in first_names() or len(long) - len(short) <= 2):
        return True                 # "Chris" and "Christopher", "Hoot" and "Hooter"; not "Ken" and "Kennedy"
    return spelling and len(short) >= 4 and a[0] == b[0] and edit_distance_one(a, b)


_WOMAN = re.compile(r"\s*" + WOMAN_TITLE_PATTERN + r"\s")


def _lone_key(key: str, written: str, doc: str | None) -> str:
    """The key of a lone name its interview does not resolve: the interview's own person, and a "Mrs." or "Miss"
    apart from a "Dr." or "Mr." of the same surname ("Dr. Dryden" and "Mrs. Dryden" are two people)."""
    return f"{key}|{doc}" + ("|mrs" if _WOMAN.match(written) else "")


def not_her(written: str, person: Person | None) -> bool:
    """A "Mrs.", "Ms." or "Miss" is not a man the history names in full ("Miss Hill" is not Clinton J. Hill), nor
    someone it only ever calls by another title ("President Kennedy and Mrs. Kennedy" are two people)."""
    if person is None or not _WOMAN.match(written):
        return False
    if person.givens and person.full:
        # The first given name decides: a middle name ("Bowden" of John Bowden Connally) is often a surname.
        first = person.first
        return first in men_only_names() if first in person.givens else all(g in men_only_names() for g in person.givens)
    titled = [n for n in person.names if is_title(n.split()[0])] if person.names else []
    return bool(titled) and not any(_WOMAN.match(n) for n in person.names)


def not_him(written: str, person: Person | None) -> bool:
    """A "Mr." is not a witness the history only ever calls "Mrs." ("Mr. De Mohrenschildt" in his wife's session)."""
    if person is None or not re.match(r"Mr\b\.?", written):
        return False
    titled = [n for n in person.names if is_title(n.split()[0])]
    return bool(titled) and all(_WOMAN.match(n) for n in titled)


@dataclass
class PeopleConfig:
    """people.yaml: configured people (name -> role and aliases) and the public figures kept by name."""

    people: dict[str, dict[str, Any]] = field(default_factory=dict)
    public: list[str] = field(default_factory=list)


@dataclass
class Person:
    key: str
    label: str
    kind: str
    role: str | None = None
    names: set[str] = field(default_factory=set)   # every way the person was written
    docs: set[str] = field(default_factory=set)
    ident: str = ""                                 # a stable pseudonymous id, also for configured people
    public: bool = False                            # kept by name: the team lists them in people.yaml
    givens: set[str] = field(default_factory=set)   # the given names of every way the person was written
    middles: set[str] = field(default_factory=set)  # the middle initials written with the name

    @property
    def given(self) -> list[str]:
        words = self.key.split("|")[0].split()
        return given_words(words) if self.full else words

    @property
    def first(self) -> str:
        return self.key.split("|")[0].split()[0] if self.key else ""

    @property
    def last(self) -> str:
        return self.key.split("|")[0].split()[-1] if self.key else ""

    @property
    def full(self) -> bool:
        """Named in full somewhere (a given name and a surname)."""
        return bool(given_words(self.key.split("|")[0].split()))

    def replacement(self) -> str:
        return f"[{self.role}]" if self.kind == CONFIGURED and self.role else f"[{self.label}]"

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "id": self.ident, "kind": self.kind, "role": self.role, "public": self.public,
                "names": sorted(self.names), "docs": sorted(self.docs)}


def _entry(name: str, value: Any, data: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        aliases = value.get("aliases") or []
        if not isinstance(aliases, list):
            raise InputError(f"'{name}': aliases must be a list of names", line_of(value, "aliases") or line_of(data, name))
        return {"role": value.get("role"), "aliases": [str(a) for a in aliases]}
    if value is None or isinstance(value, str):
        return {"role": value, "aliases": []}
    raise InputError(f"'{name}': expected a role (text) or a mapping with 'role' and 'aliases'", line_of(data, name))


def load_people(path: Path) -> PeopleConfig:
    """people.yaml as configured people and public figures; InputError names the line of a problem."""
    data = read_yaml(path)
    config = PeopleConfig()
    if data is None:
        return config
    if isinstance(data, dict) and PUBLIC_KEY in data:
        public = data[PUBLIC_KEY]
        if not isinstance(public, list) or not all(isinstance(p, str) and p.strip() for p in public):
            raise InputError("'public' must be a list of names, e.g. public: [John F. Kennedy]", line_of(data, PUBLIC_KEY))
        config.public = [p.strip() for p in public]
        data = {k: v for k, v in data.items() if k != PUBLIC_KEY} if len(data) > 1 else {}
    if isinstance(data, dict) and "people" in data and isinstance(data["people"], (list, dict)):
        data = data["people"]
    if isinstance(data, list):
        for i, entry in enumerate(data):
            if not isinstance(entry, dict) or "name" not in entry:
                raise InputError(f"entry {i + 1} of the list needs a 'name'", line_of(data, i))
            config.people[str(entry["name"])] = _entry(str(entry["name"]), entry, data)
    elif isinstance(data, dict):
        for name, value in data.items():
            config.people[str(name)] = _entry(str(name), value, data)
    else:
        raise InputError("expected a mapping of names to roles", line_of(data) or 1)
    return config


class PeopleRegistry:
    """Assigns each person one stable label; resolves variants, nicknames and partial names to people seen."""

    def __init__(self, configured: PeopleConfig | None = None, previous: dict[str, Any] | None = None):
        configured = configured or PeopleConfig()
        self.people: dict[str, Person] = {}
        self._by_token: dict[str, list[str]] = {}
        self._learned_nicknames: dict[str, set[str]] = {}
        self._by_doc: dict[str, list[str]] = {}
        self._interviewees: dict[str, list[str]] = {}   # doc -> the people interviewed in it
        self._office: set[str] = set()                  # names written after an office title ("President Kennedy")
        # Uncommon surnames several interviews write after a title, of nobody named in full: one person wherever
        # they are written alone ("Captain Fritz" in nine depositions is one man, not nine)
        self.history_wide: set[str] = set()
        self._counters = {kind: 0 for kind in _LABELS}
        self._participants = 0
        self._previous = {k: v for k, v in (previous or {}).items() if isinstance(v, dict)}
        for value in self._previous.values():
            match = re.match(r"(Interviewee|Interviewer|Person) (\d+)$", str(value.get("label", "")))
            if match:
                kind = {v: k for k, v in _LABELS.items()}[match.group(1)]
                self._counters[kind] = max(self._counters[kind], int(match.group(2)))
        for name, entry in configured.people.items():
            person = self._create(name_key(name), CONFIGURED, entry.get("role"))
            self.add_name(person, name)
            for alias in entry.get("aliases") or []:
                self.add_name(person, alias)
                self._index(name_key(alias), person.key)
                self._learn_nickname(alias, person)
        self.public_names = list(configured.public)
        for name in configured.public:
            person = self.people.get(name_key(name)) or self._create(name_key(name), NAMED)
            person.public = True
            self.add_name(person, name)

    # -- creating -----------------------------------------------------------------------------------------------

    def _index(self, key: str, person_key: str) -> None:
        for token in key.split("|")[0].split():
            bucket = self._by_token.setdefault(token, [])
            if person_key not in bucket:
                bucket.append(person_key)

    def add_name(self, person: Person, name: str, doc: str | None = None) -> None:
        """Another way the person is written (in `doc`)."""
        person.names.add(name)
        if initials(name):
            person.middles.add(initials(name))
        words = name_key(name).split()
        if given_words(words):
            person.givens.update(given_words(words))
        elif len(words) == 1 and words[0] != person.last:
            person.givens.add(words[0])          # a lone first name or nickname ("Dottie")
        if doc and doc not in person.docs:
            person.docs.add(doc)
            self._by_doc.setdefault(doc, []).append(person.key)

    def _create(self, key: str, kind: str, role: str | None = None) -> Person:
        if kind == CONFIGURED:
            label = role or "a participant"
            self._participants += 1
            ident = f"Participant {self._participants}"
        elif key in self._previous and self._previous[key].get("kind") == kind:
            label = ident = self._previous[key]["label"]
        else:
            self._counters[kind] += 1
            label = ident = f"{_LABELS[kind]} {self._counters[kind]}"
        person = Person(key, label, kind, role, ident=ident)
        person.givens.update(person.given)
        self.people[key] = person
        self._index(key, key)
        return person

    def _learn_nickname(self, written: str, person: Person) -> None:
        """"Dottie" for Dorothy, "Milt [Milton A.] Silveira": a short form the history itself gives."""
        first = name_key(written).split()
        if first and person.given and first[0] != person.given[0]:
            self._learned_nicknames.setdefault(first[0], set()).add(person.given[0])
            self._learned_nicknames.setdefault(person.given[0], set()).add(first[0])

    def learn_expansion(self, nickname: str, given: str) -> None:
        """The transcriber's expansion "Al [Alan L.] Bean" teaches that Al is short for Alan here."""
        a, b = nickname.lower(), given.lower()
        if a != b:
            self._learned_nicknames.setdefault(a, set()).add(b)
            self._learned_nicknames.setdefault(b, set()).add(a)

    def register(self, name: str, kind: str, doc: str | None = None, role: str | None = None) -> Person:
        """The person for a full name, created when new. A configured person keeps its people.yaml role. A speaker
        known only by a title and a surname is that interview's own person: "Mrs. OSWALD" heads the sessions of two
        women, and one validation pack for both would show each the other's words."""
        key = name_key(name)
        if doc and not given_words(key.split()) and kind in (INTERVIEWEE, INTERVIEWER) and key not in self.people:
            key = _lone_key(key, name, doc)     # "Mr. GERACI" and his mother, "Mrs. GERACI", answer in one session
        person = self.people.get(key) or self._same_person(key, initials(name), doc, kinds=(CONFIGURED,))
        if person is None:
            person = self._create(key, kind, role)
        elif person.kind == NAMED and kind in (INTERVIEWEE, INTERVIEWER):
            # Named in passing first, interviewed later: the interview decides the label.
            del self.people[person.key]
            names, docs = person.names, person.docs
            person = self._create(key, kind, role)
            for old in sorted(names):
                self.add_name(person, old)
            for old_doc in sorted(docs):
                self.add_name(person, name, old_doc)
        if role and person.kind != CONFIGURED and not person.role:
            person.role = role
        self.add_name(person, name, doc)
        if doc and kind == INTERVIEWEE and person.key not in self._interviewees.setdefault(doc, []):
            self._interviewees[doc].append(person.key)
        return person

    def mark_office(self, written: str) -> None:
        """The text calls this name by an office ("President Kennedy", "Senator John Glenn")."""
        key = name_key(written)
        if key:
            self._office.add(key)

    def _by_first_name(self, token: str, person: Person) -> bool:
        """Whether a lone word may name this person by a given name away from their full name: not someone the
        history calls by an office ("John" in a wife's story is not President John F. Kennedy; right after
        "Congressman Luhan", "Manuel" is him: `named_just_before` decides that)."""
        if token == person.last:
            return True
        return person.key.split("|")[0] not in self._office and person.last not in self._office

    # -- resolving ----------------------------------------------------------------------------------------------

    def resolve(self, written: str, doc: str | None = None, named_just_before: Sequence[Person] = ()) -> Person:
        """The person a name found in text refers to: a lone first or last name of someone the same text has just
        named (`named_just_before`, most recent last: "a chap named Bob [Robert O.] Piland. Bob called me"
        is one man in an interview that names three Bobs), an exact name, a variant of a person seen (same surname,
        compatible given names), a lone first or last name of a person of this interview, or a new person."""
        key = name_key(written) or written.lower()
        tokens = key.split()
        lone = not given_words(tokens)          # a first or last name alone ("De Mohrenschildt" too)
        word = tokens[-1] if tokens else key
        if lone:
            recent = next((p for p in reversed(named_just_before) if word == p.last or word in p.givens), None)
            if recent is not None and not self._by_first_name(word, recent) and any(
                    word in self.people[k].givens for k in self._interviewees.get(doc or "", ()) if k in self.people):
                recent = None           # "Hey, John" in John B. Lee's interview, after President John F. Kennedy
            if recent is not None and not not_her(written, recent):
                self.add_name(recent, written, doc)
                return recent
        person = self.people.get(key)
        if not_her(written, person):
            person = None
        middle = initials(written)
        if person is not None and middle and person.middles and middle not in person.middles and len(tokens) > 1:
            key = " ".join(tokens[:-1] + [middle.lower(), tokens[-1]])      # "George W. Bush" beside "George H. W. Bush"
            person = self.people.get(key)
        if person is None and not lone:
            person = self._same_person(key, initials(written), doc)
        if person is None and lone:
            speaker = self._session_speaker(key, written, doc)
            if speaker is not None and _WOMAN.match(written) and any(n.lower() == written.lower() for n in speaker.names):
                self.add_name(speaker, written, doc)    # "Mrs. De Mohrenschildt" in her own session: the witness,
                return speaker                          # not the husband that session names in full
            # after initials or a title the word is a surname ("W. J. Harrison", "Mr. Harrison"), never a given
            # name that a short form makes compatible ("Harrison" Schmitt was "Jack": W. J. Harrison is not Jack Ruby)
            surname = bool(re.match(r"\s*(?:\[?[A-Z]\.\]?\s*)+\S", written)) or (
                len(written.split()) > 1 and is_title(written.split()[0]))
            person = self._partial(word, doc, surname)
            if not_her(written, person):
                person = None
            speaker = self._session_speaker(key, written, doc)
            if not_her(written, speaker) or not_him(written, speaker):
                speaker = None          # "Mrs. Connally" in the governor's session is his wife, and the reverse
            if person is not None and speaker is not None and self._surname_of_several(word):
                person = None           # "Dr. WOOD" in his own session, which names his son Charles Wood too
            fallback = self.people.get(self._lone_key(key, written, doc))
            person = person or speaker or (None if not_him(written, fallback) else fallback)
        if person is None:
            new_key = key if not lone or doc is None else self._lone_key(key, written, doc)
            person = self._create(new_key + ("|mr" if new_key in self.people else ""), NAMED)
        self.add_name(person, written, doc)
        return person

    def _lone_key(self, key: str, written: str, doc: str | None) -> str:
        """The interview's key for a lone name, or the history's for a surname one person carries throughout."""
        return _lone_key(key, written, "*" if key in self.history_wide else doc)

    def _session_speaker(self, key: str, written: str, doc: str | None) -> Person | None:
        """The interviewee or interviewer a session knows only by title and surname ("Mrs. Oswald" in her own)."""
        speaker = self.people.get(_lone_key(key, written, doc)) or self.people.get(f"{key}|{doc}")
        return speaker if speaker is not None and speaker.kind in (INTERVIEWEE, INTERVIEWER) else None

    def _surname_of_several(self, last: str) -> bool:
        """More than one person of the history is named in full with this surname (a family: Homer, Theresa and
        Charles Wood)."""
        full = {k for k in self._by_token.get(last, ()) if (p := self.people.get(k)) is not None and p.full and p.last == last}
        return len(full) > 1

    def _same_person(self, key: str, middle: str, doc: str | None, kinds: tuple[str, ...] | None = None) -> Person | None:
        """A person already seen with this surname and compatible given names (one in this interview first)."""
        tokens = key.split()
        given, last = given_words(tokens), tokens[-1]
        if not given:
            return None
        found = []
        for person_key in self._by_token.get(last, ()):
            person = self.people.get(person_key)
            if person is None or person.last != last or not person.full or (kinds and person.kind not in kinds):
                continue
            if middle and person.middles and middle not in person.middles:
                continue                          # "George H. W. Bush" and "George W. Bush" are two people
            if any(compatible_given(g, h, self._learned_nicknames) for g in given for h in person.givens):
                found.append(person)
        if not found:
            return None
        in_doc = [p for p in found if doc and doc in p.docs]
        pool = in_doc or found
        return pool[0] if len({p.key for p in pool}) == 1 or in_doc else None

    def _partial(self, token: str, doc: str | None, surname: bool = False) -> Person | None:
        """A lone first or last name: the one person of this interview it names (its interviewee when several
        do: "Hey, John" in John B. Lee's interview), else the one in the history. `surname`: written as one."""
        candidates = []
        for person_key in self._by_token.get(token, []):
            person = self.people.get(person_key)
            if person is not None and person.full and token in ((person.last,) if surname else (person.first, person.last)) \
                    and self._by_first_name(token, person):
                candidates.append(person)
        if doc and len(token) > 2 and not surname:
            for person_key in self._by_doc.get(doc, ()):
                person = self.people.get(person_key)
                if person is not None and person.full and person not in candidates and self._by_first_name(token, person) \
                        and any(compatible_given(token, g, self._learned_nicknames, spelling=False)
                                and g not in _LONG_FOR.get(token, ()) for g in person.givens):
                    candidates.append(person)
        if not candidates:
            return None
        in_doc = [p for p in candidates if doc and doc in p.docs]
        if in_doc:
            exact = [p for p in in_doc if token in (p.first, p.last)]
            pool = exact or in_doc
            if len(pool) > 1:
                pool = [p for p in pool if p.key in self._interviewees.get(doc or "", ())]
            return pool[0] if len(pool) == 1 else None
        return candidates[0] if len(candidates) == 1 else None

    def keys_in(self, doc: str) -> list[str]:
        """The people a document names, in the order first seen."""
        return list(self._by_doc.get(doc, ()))

    def to_json(self) -> dict[str, Any]:
        return {key: person.to_dict() for key, person in sorted(self.people.items())}
