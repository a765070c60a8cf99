"""Who is who: roles from people.yaml and the interviews, and stable pseudonyms for everyone else.

people.yaml maps names to roles and wins over everything else:

    Sir Michael Bichard: chair of the high-level officials group
    Dorothy B. Lee:
      role: NASA aerospace engineer
      aliases: [Dottie]

Interviewees become "Interviewee 1", "Interviewee 2", ...; interviewers "Interviewer 1", ...; other people
named in the text "Person 1", ... The numbers persist from run to run (clean/pseudonyms.json seeds the next
run), so a pseudonym means the same person in every report and chapter. The mapping is for the team only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


from ..config import line_of, read_yaml
from ..problems import InputError

INTERVIEWEE, INTERVIEWER, NAMED, CONFIGURED = "interviewee", "interviewer", "named", "configured"
_LABELS = {INTERVIEWEE: "Interviewee", INTERVIEWER: "Interviewer", NAMED: "Person"}
_TITLE = re.compile(r"^(?:mr|mrs|ms|miss|dr|sir|dame|lord|lady|cllr|councillor|professor|prof|rev|president|senator|general|captain|congressman|congresswoman)\.?\s+", re.I)


def name_key(name: str) -> str:
    """A person's name reduced to compare: no brackets, titles, initials, possessives or case."""
    text = re.sub(r"[\[\]()]", " ", name)
    text = re.sub(r"['’]s\b", "", text)
    text = _TITLE.sub("", text.strip())
    words = [w for w in re.split(r"[\s,]+", text) if w and not re.fullmatch(r"[A-Za-z]\.?", w)]
    return " ".join(w.lower().strip(".") for w in words)


@dataclass
class Person:
    key: str
    label: str
    kind: str
    role: str | None = None
    names: set[str] = field(default_factory=set)   # every way the person was written
    docs: set[str] = field(default_factory=set)

    @property
    def first(self) -> str:
        return self.key.split()[0] if self.key else ""

    @property
    def last(self) -> str:
        return self.key.split()[-1] if self.key else ""

    def replacement(self) -> str:
        return f"[{self.role}]" if self.kind == CONFIGURED and self.role else f"[{self.label}]"

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "kind": self.kind, "role": self.role, "names": sorted(self.names), "docs": sorted(self.docs)}


def load_people(path: Path) -> dict[str, dict[str, Any]]:
    """people.yaml as {name: {"role": ..., "aliases": [...]}}; InputError names the line of a problem."""
    data = read_yaml(path)
    if data is None:
        return {}
    if isinstance(data, dict) and "people" in data and isinstance(data["people"], (list, dict)):
        data = data["people"]
    people: dict[str, dict[str, Any]] = {}
    if isinstance(data, list):
        for i, entry in enumerate(data):
            if not isinstance(entry, dict) or "name" not in entry:
                raise InputError(f"entry {i + 1} of the list needs a 'name'", line_of(data, i))
            people[str(entry["name"])] = {"role": entry.get("role"), "aliases": [str(a) for a in entry.get("aliases") or []]}
    elif isinstance(data, dict):
        for name, value in data.items():
            if isinstance(value, dict):
                people[str(name)] = {"role": value.get("role"), "aliases": [str(a) for a in value.get("aliases") or []]}
            elif value is None or isinstance(value, str):
                people[str(name)] = {"role": value, "aliases": []}
            else:
                raise InputError(f"'{name}': expected a role (text) or a mapping with 'role' and 'aliases'", line_of(data, name))
    else:
        raise InputError("expected a mapping of names to roles", line_of(data) or 1)
    return people


class PeopleRegistry:
    """Assigns each person one stable label; resolves partial names to people already seen."""

    def __init__(self, configured: dict[str, dict[str, Any]] | None = None, previous: dict[str, Any] | None = None):
        self.people: dict[str, Person] = {}
        self._by_token: dict[str, list[str]] = {}
        self._counters = {kind: 0 for kind in _LABELS}
        self._previous = {k: v for k, v in (previous or {}).items() if isinstance(v, dict)}
        for value in self._previous.values():
            match = re.match(r"(Interviewee|Interviewer|Person) (\d+)$", str(value.get("label", "")))
            if match:
                kind = {v: k for k, v in _LABELS.items()}[match.group(1)]
                self._counters[kind] = max(self._counters[kind], int(match.group(2)))
        self.configured_names: dict[str, str] = {}
        for name, entry in (configured or {}).items():
            person = self._create(name_key(name), CONFIGURED, entry.get("role"))
            person.names.add(name)
            self.configured_names[name] = person.key
            for alias in entry.get("aliases") or []:
                self.configured_names[alias] = person.key
                person.names.add(alias)
                self._index(name_key(alias), person.key)

    def _index(self, key: str, person_key: str) -> None:
        for token in key.split():
            bucket = self._by_token.setdefault(token, [])
            if person_key not in bucket:
                bucket.append(person_key)

    def _create(self, key: str, kind: str, role: str | None = None) -> Person:
        if kind == CONFIGURED:
            label = role or "a participant"
        elif key in self._previous and self._previous[key].get("kind") == kind:
            label = self._previous[key]["label"]
        else:
            self._counters[kind] += 1
            label = f"{_LABELS[kind]} {self._counters[kind]}"
        person = Person(key, label, kind, role)
        self.people[key] = person
        self._index(key, key)
        return person

    def register(self, name: str, kind: str, doc: str | None = None, role: str | None = None) -> Person:
        """The person for a full name, created when new. A configured person keeps its people.yaml role."""
        key = name_key(name)
        person = self.people.get(key) or self._match_configured(key)
        if person is None:
            person = self._create(key, kind, role)
        elif person.kind == NAMED and kind in (INTERVIEWEE, INTERVIEWER):
            # Named in passing first, interviewed later: the interview decides the label.
            del self.people[key]
            person = self._create(key, kind, role)
        if role and person.kind != CONFIGURED and not person.role:
            person.role = role
        person.names.add(name)
        if doc:
            person.docs.add(doc)
        return person

    def _match_configured(self, key: str) -> Person | None:
        for token in key.split()[-1:]:
            for candidate in self._by_token.get(token, ()):
                person = self.people[candidate]
                if person.kind == CONFIGURED and (person.key == key or key in {name_key(n) for n in person.names}):
                    return person
        return None

    def resolve(self, written: str, doc: str | None = None) -> Person:
        """The person a name found in text refers to: an exact name, then a first or last name seen before."""
        key = name_key(written)
        if not key:
            key = written.lower()
        if key in self.people:
            person = self.people[key]
        else:
            person = self._match_configured(key) or self._partial(key, doc)
            if person is None:
                person = self._create(key, NAMED)
        person.names.add(written)
        if doc:
            person.docs.add(doc)
        return person

    def _partial(self, key: str, doc: str | None) -> Person | None:
        tokens = key.split()
        if not tokens:
            return None
        first, last = tokens[0], tokens[-1]
        candidates = []
        for person_key in self._by_token.get(last, []) + self._by_token.get(first, []):
            person = self.people[person_key]
            if len(tokens) == 1 and tokens[0] in (person.first, person.last):
                candidates.append(person)
            elif len(tokens) > 1 and person.first == first and person.last == last:
                candidates.append(person)
        if not candidates:
            return None
        in_doc = [p for p in candidates if doc and doc in p.docs]
        pool = in_doc or candidates
        return pool[0] if len({p.key for p in pool}) == 1 else (in_doc[0] if in_doc else None)

    def to_json(self) -> dict[str, Any]:
        return {key: person.to_dict() for key, person in sorted(self.people.items())}
