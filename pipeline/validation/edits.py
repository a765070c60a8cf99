"""What a participant is told about the edits made to their words: pseudonyms in plain words, and every ledger
entry that falls inside a quote described in a sentence that never shows a removed name.

Readers of a chapter see "[Person 157]" where someone's name was; the person checking their own words sees
"[a name removed]", "[an interviewer's name]" or "[your name]" instead. "[your name]" only where clean resolved the
name to this person: a first name it kept apart ("John" beside "John Lee") stays "[a name removed]", which is
true either way. A role that replaced a name
("[Leader of Gateshead Council]") stays as it is: it is what readers will see, and it says who was meant.
Typographical repairs (a literal "\\n", a non-breaking space, a list bullet) are not edits to anyone's words and are
not listed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..people.registry import PSEUDONYM
from ..records import UPDATE_QUOTE, Passage
from ..text.standalone import ELLIPSIS

_LABEL = re.compile(r"(?:Person|Interviewee|Interviewer|Participant) \d+")
YOUR_NAME = "[your name]"
INTERVIEWER_NAME = "[an interviewer’s name]"
NAME_REMOVED = "[a name removed]"
NOT_EDITS = ("repair", "public_name")        # typography, and names kept by the team's choice: nothing to approve


def is_pseudonym(label: str | None) -> bool:
    """A pseudonymous label ("Person 12", "Interviewee 3") rather than a role."""
    return bool(label and _LABEL.fullmatch(label.strip()))


def plain_words(text: str, own: str | None) -> str:
    """Text with each pseudonym in plain words: the reader's own ("[your name]"), an interviewer's, anyone else's."""
    def say(match: re.Match) -> str:
        label = f"{match.group(1)} {match.group(2)}"
        if own and label == own:
            return YOUR_NAME
        return INTERVIEWER_NAME if match.group(1) == "Interviewer" else NAME_REMOVED
    return PSEUDONYM.sub(say, text)


@dataclass
class Edit:
    """One line of "Edits we made to your words", and the ledger entries (or passage joins) behind it."""

    kind: str                  # own_name, name, interviewer_name, name_to_role, filler, contact, spam, pronoun, ...
    text: str                  # what the participant reads
    ledger: list[list[Any]] = field(default_factory=list)   # [[record, start, end, reason], ...] in removed.jsonl
    turns: list[list[Any]] = field(default_factory=list)    # [[record, start, end], ...] joined across a remark


def spans(passage: Passage) -> list[tuple[str, int, int]]:
    """(record, start, end) of every piece of record text a passage is made from (an answer joined across a
    backchannel runs into later turns)."""
    out = [(passage.record, passage.start or 0, passage.end or 0)]
    out += [(record, start, end) for record, start, end in passage.meta.get("turns") or []]
    return out


def entries_inside(passage: Passage, ledger: dict[str, list[dict]]) -> list[dict]:
    """The ledger entries that changed this passage's words: those whose offsets overlap its spans, and those
    without offsets that place_unplaced gave it."""
    found = []
    for record, start, end in spans(passage):
        for entry in ledger.get(record, []):
            a, b = entry.get("start"), entry.get("end")
            if a is None or b is None:
                continue
            if (a < end and b > start) or (a == b and start <= a <= end):
                found.append(entry)
    found += [e for e in ledger.get(passage.record, []) if e.get("start") is None and e.get("passage") == passage.id]
    return [e for e in found if e["reason"] not in NOT_EDITS]


def place_unplaced(ledger: dict[str, list[dict]], passages: Iterable[Passage]) -> None:
    """Give each ledger entry clean could not place (speech quoted in an update, edited after it was cut out of its
    paragraph) the passage it belongs to, as entry["passage"]: the record's first quoted speech holding its
    replacement. Clean folds the page's words for a speaker into the role where the speaker is first named."""
    speech: dict[str, list[Passage]] = {}
    for p in passages:
        if p.kind == UPDATE_QUOTE:
            speech.setdefault(p.record, []).append(p)
    for record, entries in ledger.items():
        candidates = sorted(speech.get(record, []), key=lambda p: (p.start or 0, p.id))
        for entry in entries:
            if entry.get("start") is None and entry.get("replacement"):
                holder = next((p for p in candidates if entry["replacement"] in p.text), None)
                if holder is not None:
                    entry["passage"] = holder.id


def _key(entry: dict) -> list[Any]:
    return [entry["record"], entry.get("start"), entry.get("end"), entry["reason"]]


def _times(n: int, one: str, many: str) -> str:
    return one if n == 1 else many.format(n=n)


def _group(entries: Iterable[dict], own: str | None) -> tuple[dict[str, list[dict]], dict[str, list[dict]], dict[str, list[dict]]]:
    """Ledger entries by what the participant is told: (kinds, names replaced by each role, other reasons)."""
    groups: dict[str, list[dict]] = {}
    roles: dict[str, list[dict]] = {}
    other: dict[str, list[dict]] = {}
    for entry in entries:
        reason, replacement = entry["reason"], (entry.get("replacement") or "").strip()
        ident = (entry.get("detail") or "").split(":")[0].strip()
        if reason == "name" and own and ident == own:
            groups.setdefault("own_name", []).append(entry)
        elif reason == "name" and is_pseudonym(replacement.strip("[]")):
            kind = "interviewer_name" if replacement.startswith("[Interviewer ") else "name"
            groups.setdefault(kind, []).append(entry)
        elif reason == "name":
            roles.setdefault(replacement, []).append(entry)
        elif reason == "disfluency":
            groups.setdefault("filler", []).append(entry)
        elif reason == "pii" or reason == "boilerplate" and entry.get("detail") == "contact details":
            groups.setdefault("contact", []).append(entry)
        elif reason == "attribution":
            groups.setdefault("pronoun" if "pronoun" in (entry.get("detail") or "") else "attribution", []).append(entry)
        else:
            other.setdefault(reason, []).append(entry)
    return groups, roles, other


def describe(passage: Passage, entries: Iterable[dict], own: str | None, role: str | None) -> list[Edit]:
    """The edits made to one quote, in plain words, grouped by kind; removed names are never shown."""
    groups, roles, other = _group(entries, own)
    edits: list[Edit] = []

    def add(kind: str, text: str, found: list[dict]) -> None:
        edits.append(Edit(kind, text, [_key(e) for e in found]))

    if "own_name" in groups:
        found = groups["own_name"]
        shown = "your role" if role and not is_pseudonym(role) else "a neutral label"
        add("own_name", _times(len(found), f"Your own name was taken out; readers will see {shown} in its place.",
                               f"Your own name was taken out ({{n}} times); readers will see {shown} in its place."), found)
    if "name" in groups:
        found = groups["name"]
        add("name", _times(len(found), f"A person’s name was taken out, shown here as {NAME_REMOVED}.",
                           f"People’s names were taken out ({{n}} places), shown here as {NAME_REMOVED}."), found)
    if "interviewer_name" in groups:
        found = groups["interviewer_name"]
        add("interviewer_name", _times(len(found), f"The interviewer’s name was taken out, shown here as {INTERVIEWER_NAME}.",
                                       f"Interviewers’ names were taken out ({{n}} places), shown here as {INTERVIEWER_NAME}."), found)
    for replacement, found in sorted(roles.items()):
        add("name_to_role", _times(len(found), f"A person’s name was replaced by their role or a description: {replacement}.",
                                   f"A person’s name was replaced by their role or a description: {replacement} "
                                   f"({{n}} places)."), found)
    if "filler" in groups:
        found = groups["filler"]
        words = sorted({(e.get("detail") or "").lower() for e in found if e.get("detail")})
        said = " and ".join(f"“{w}”" for w in words[:3]) or "fillers"
        add("filler", _times(len(found), f"A filler ({said}) was taken out, shown as “{ELLIPSIS}”.",
                             f"Fillers ({said}) were taken out in {{n}} places, shown as “{ELLIPSIS}”."), found)
    if "contact" in groups:
        found = groups["contact"]
        what = sorted({(e.get("detail") or "contact details") for e in found})
        what = ["contact details" if w == "contact details" else w for w in what]
        add("contact", f"Contact details were taken out ({', '.join(what)}).", found)
    if "pronoun" in groups:
        found = groups["pronoun"]
        add("pronoun", "A word standing for you (such as “he” or “she”) was replaced by your role, so the quote "
                       "reads on its own.", found)
    if "attribution" in groups:
        found = groups["attribution"]
        add("attribution", "The page’s own description of you, written next to your role, was folded into the role.", found)
    if "spam" in other:
        found = other.pop("spam")
        add("spam", "Text that was not yours (advertising inserted into the web page) was taken out.", found)
    for reason, found in sorted(other.items()):
        add(reason, f"Words were taken out ({reason.replace('_', ' ')}).", found)
    turns = [list(t) for t in passage.meta.get("turns") or []]
    if turns:
        edits.append(Edit("join", _times(len(turns), "Your answer ran on after a short remark from the interviewer "
                                                     "(such as “Right.”); we joined the two parts, with a new paragraph "
                                                     f"or, where the remark came mid-sentence, “{ELLIPSIS}”.",
                                         "Your answer ran on after short remarks from the interviewer; we joined the "
                                         f"parts, with a new paragraph or “{ELLIPSIS}”."), turns=turns))
    cut = _cut_ends(passage, groups.get("filler", []))
    if cut:
        edits.append(Edit("cut", cut))
    return edits


def _cut_ends(passage: Passage, fillers: list[dict]) -> str | None:
    """Where the quote starts or ends inside a long sentence (the segmenter's "…"), not at a filler."""
    text = passage.text.strip()
    at_start = any(e["record"] == passage.record and e.get("start") == passage.start for e in fillers)
    at_end = any(e.get("end") == passage.end for e in fillers)
    opens = text.startswith(ELLIPSIS) and not at_start
    closes = text.endswith(ELLIPSIS) and not at_end
    if opens and closes:
        return f"The quote starts and ends partway through long sentences, marked “{ELLIPSIS}”."
    if opens:
        return f"The quote starts partway through a long sentence, marked “{ELLIPSIS}”."
    if closes:
        return f"The quote ends partway through a long sentence, marked “{ELLIPSIS}”."
    return None
