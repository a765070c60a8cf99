"""A validation pack: what one participant is sent to check the quotes of theirs a draft uses.

The pack's words are composed here once (cover note, each quote with where it came from, the question it
answered, the edits made, the three choices); Markdown, HTML and Word only lay them out (write.py), so the three
hold the same content. A participant never sees a pseudonym, a passage id or a removed name: each quote has a
short reference for the team ("T03-2": the second quote of chapter T03), which index.json maps to its passage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..config import ValidationSettings
from ..dates import written_date
from ..records import ANSWER, SHEET_QUOTE, UPDATE_QUOTE, Passage
from ..text.questions import asks_or_requests
from ..text.standalone import ELLIPSIS
from .edits import INTERVIEWER_NAME, NAME_REMOVED, YOUR_NAME, Edit, describe, entries_inside, is_pseudonym, plain_words

INTERVIEW, PUBLISHED, SHEET = "interview", "published", "quote sheet"
REPLY_WITHIN = "within four weeks of receiving this pack"
CHOICES = ("Approve: use it as it stands",
           "Change: use it with the changes I have written below",
           "Withdraw: please do not use this quote")
ROLE_CHOICES = ("Yes", "No: please describe me as written below")


@dataclass
class Cover:
    """The cover note, from history.toml's [validation] settings (defaults where a setting is absent)."""

    project: str
    contact: str
    reply_by: str                 # as a letter writes it ("1 July 2025"), or REPLY_WITHIN
    about: str
    use_of_quotes: str

    @classmethod
    def from_settings(cls, settings: ValidationSettings, title: str) -> Cover:
        reply = f"by {written_date(settings.reply_by)}" if settings.reply_by else REPLY_WITHIN
        return cls(settings.project or f"the learning history “{title}”", settings.contact, reply, settings.about,
                   settings.use_of_quotes)


@dataclass
class Line:
    """A labelled line shown with a quote ("You were asked", "…")."""

    label: str
    text: str
    quoted: bool = False          # the text is someone's words: shown in quotation marks


@dataclass
class PackQuote:
    ref: str                      # for the team ("T03-2"); index.json maps it to the passage
    passage: str
    text: str                     # the quote as the participant sees it (pseudonyms in plain words)
    source: str                   # where the words come from, one sentence
    origin: str                   # INTERVIEW, PUBLISHED or SHEET
    date: str | None              # ISO: the interview's date, or the published page's
    lines: list[Line]             # the question it answered, the sentence before, how the page reported it
    chapters: list[str]
    edits: list[Edit] = field(default_factory=list)

    @property
    def published(self) -> bool:
        return self.origin == PUBLISHED

    @property
    def unedited(self) -> str:
        """What the edits list says when there are none."""
        return "None: these are the words as the page printed them." if self.published else \
            "None: these are your words as they were transcribed." if self.origin == INTERVIEW else \
            "None: these are your words as they were written down."

    def paragraphs(self) -> list[str]:
        return [" ".join(p.split()) for p in re.split(r"\n\s*\n", self.text) if p.strip()]


@dataclass
class Section:
    """A part of the cover note: paragraphs, and lists of points among them."""

    heading: str
    blocks: list[str | list[str]]
    choices: tuple[str, ...] = ()      # boxes to tick
    space: str | None = None           # the label of a space to write in


@dataclass
class Pack:
    person: str                   # the pseudonymous id the team sends it by (clean/pseudonyms.json)
    role: str | None              # how the draft attributes the quotes (None: a neutral label)
    name: str                     # file stem
    cover: Cover
    quotes: list[PackQuote]

    @property
    def published(self) -> bool:
        return any(q.published for q in self.quotes)

    @property
    def title(self) -> str:
        return f"Your words in {self.cover.project}"

    @property
    def shown_role(self) -> str:
        return self.role or "a neutral label (not your name)"

    def facts(self) -> list[tuple[str, str]]:
        """The cover's first lines: for whom, by when, to whom."""
        return [("Prepared for", self.role or "a participant"),
                ("Quotes to check", str(len(self.quotes))),
                ("Please reply", self.cover.reply_by),
                ("Reply to", self.cover.contact),
                ("Team reference", f"{self.person} (please keep it in your reply)")]

    def cover_sections(self) -> list[Section]:
        count = f"{len(self.quotes)} quote{'s' if len(self.quotes) != 1 else ''}"
        use = [self.cover.use_of_quotes,
               f"In the draft you are quoted as “{self.role}”." if self.role else
               "In the draft your words carry no name and no role: a neutral label stands in for you."]
        each = "For each, please" if len(self.quotes) != 1 else "Please"
        ask: list[str | list[str]] = [f"This pack holds {count} of yours that the draft uses. {each} tick one box:", list(CHOICES),
               "Where you choose a change, write it in the space under the quote. At the end of the pack you can tell "
               f"us whether “{self.shown_role}” is the right way to describe you.",
               f"Please reply {self.cover.reply_by}, to {self.cover.contact}."]
        return [Section("What a learning history is", [self.cover.about]),
                Section("Where these words come from", list(self._sources())),
                Section("How your words will be used", list(use)),
                Section("What we ask of you", ask),
                Section("How to read the quotes", ["We have edited your words only for length and clarity.", self._marks()])]

    def closing_sections(self) -> list[Section]:
        """After the quotes: the role, and anything else."""
        return [Section("Your role", [f"Is “{self.shown_role}” the right way to describe you?"], ROLE_CHOICES,
                        "How you would like to be described"),
                Section("Anything else", ["Is there anything else you would like us to know, about these quotes or "
                                          "about the history?"], (), "Anything else")]

    def _sources(self) -> list[str]:
        out = []
        interviews = {q.date or "" for q in self.quotes if q.origin == INTERVIEW}
        if interviews:
            dated = [w for w in (written_date(d) for d in sorted(interviews)) if w]
            out.append("The quotes below come from " + (f"your interview on {_join(dated)}" if dated else "your interview")
                       + ", as it was transcribed.")
        if self.published:
            iso = sorted({q.date[:7] for q in self.quotes if q.published and q.date})
            months = [w for w in (written_date(m, month_only=True) for m in iso) if w]
            out.append(("Some of the quotes below were not said to us in an interview: " if interviews else
                        "These words were not said to us in an interview: ")
                       + "they come from published documents that quoted you"
                       + (f" (update pages of {_join(months)})" if months else "")
                       + ". We would like to use them in the learning history, and ask you to check them first: "
                         "is each a fair record of what you said, and may we use it?")
        if any(q.origin == SHEET for q in self.quotes):
            out.append("Some of the quotes below come from a quote sheet: words of yours the team collected.")
        return out

    def _marks(self) -> list[str]:
        texts = " ".join(q.text + " " + " ".join(line.text for line in q.lines) for q in self.quotes)
        points = []
        if any(q.lines and not q.published for q in self.quotes):
            points.append("Above each quote is what the interviewer had just asked or said; for a quote from later in "
                          "a long answer, also the sentence you said just before it.")
        if ELLIPSIS in texts:
            points.append(f"{ELLIPSIS} marks words we left out: a filler such as “um” or “uh”, the rest of a long "
                          "sentence, or a short remark from the interviewer in the middle of your answer.")
        if YOUR_NAME in texts:
            points.append(f"{YOUR_NAME} marks where you said or were called by your own name: readers will not see it.")
        if NAME_REMOVED in texts:
            points.append(f"{NAME_REMOVED} marks where a person’s name was: no one is named in a learning history.")
        if INTERVIEWER_NAME in texts:
            points.append(f"{INTERVIEWER_NAME} marks where the interviewer’s name was.")
        source = "the page that printed your words" if all(q.published for q in self.quotes) else \
            "whoever transcribed your interview"
        points.append(f"Other words in square brackets were added by {source} (a full name, a date, a note such as "
                      "[laughs]) or by us (a person’s role where their name was, or a word or two that makes the quote "
                      "read on its own).")
        points.append("Under each quote we list every edit we made to your words.")
        example = self.quotes[0].ref if self.quotes else "T01-1"
        points.append(f"The reference beside each quote (such as “ref. {example}”) is for the team: please give it if you "
                      "write to us about that quote.")
        return points


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _source(p: Passage) -> tuple[str, str, str | None]:
    """Where the words come from, in a sentence; INTERVIEW, PUBLISHED or SHEET; and when."""
    if p.kind == UPDATE_QUOTE:
        month = written_date(p.date, month_only=True)
        heading = f", under the heading “{p.section}”" if p.section else ""
        return f"You were quoted in a published update page of {month or 'unknown date'}{heading}.", PUBLISHED, p.date
    when = written_date(p.date)
    if p.kind == SHEET_QUOTE:
        return "From a quote sheet: words of yours the team collected" + (f" ({when})." if when else "."), SHEET, p.date
    return (f"From your interview on {when}." if when else "From your interview."), INTERVIEW, p.date


def _asked_label(asked: str, later: bool) -> str:
    """How to introduce what the interviewer said: asked (a question or a request), or said (a remark)."""
    if asks_or_requests(asked):
        return "From later in your answer to" if later else "You were asked"
    return "From later in your answer after the interviewer said" if later else "The interviewer had just said"


def _lines(p: Passage, quote: dict, own: str | None) -> list[Line]:
    """The question the answer responded to (as the chapter shows it), or how the page reported the words."""
    if p.kind == UPDATE_QUOTE:
        if p.meta.get("speech") == "reported":
            return [Line("Please note", "the page reported what you said in its own words; this is not a word-for-word quote.")]
        return []
    if p.kind != ANSWER:
        return []
    asked = plain_words(quote["asked"], own) if quote.get("asked") else None
    if asked:
        lines = [Line(_asked_label(asked, bool(quote.get("later"))), asked, quoted=True)]
    else:
        where = "later in your opening answer" if quote.get("later") else "at the start of your interview"
        lines = [Line("Where", f"{where}, before any question was asked.")]
    if quote.get("later") and quote.get("before"):
        lines.append(Line("Just before, you said", plain_words(quote["before"], own), quoted=True))
    return lines


def build_quote(p: Passage, quote: dict, ref: str, chapters: list[str], ledger: dict[str, list[dict]]) -> PackQuote:
    """One quote as the participant sees it. `quote` is the chapter's record of it (chapters.json)."""
    own = p.person or p.speaker
    role = None if is_pseudonym(p.role) else p.role
    source, origin, date = _source(p)
    edits = describe(p, entries_inside(p, ledger), own, role)
    return PackQuote(ref, p.id, plain_words(p.text, own), source, origin, date, _lines(p, quote, own), chapters, edits)
