"""A draft learning-history chapter a writer can start from: sections by sub-theme, each a two-column table with
the historians' commentary (drawn from the data) on the left and the participants' words on the right.

Each quote is shown under the question its turn answered, or marked as coming later in a long answer with the
sentence before it; a quote from an update says which update and whether it is reported speech. A theme with no
participants' words says so and leads with the update texts, the historians' narrative.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The kinds of note the left column holds (renderers style them apart).
QUESTION, CONTEXT, COMMENTARY, WRITERS = "question", "context", "commentary", "writers"


@dataclass
class Note:
    kind: str          # QUESTION (what the quote answered), CONTEXT (the words before it), COMMENTARY, WRITERS
    text: str


@dataclass
class ChapterQuote:
    """A participant's quote as a chapter shows it (or, in a chapter without quotes, an update text)."""

    id: str
    text: str
    role: str
    date: str | None
    source: str
    tone: str = "neutral"
    tone_score: float = 0.0
    group: str = "participant"
    doc: str = ""
    kind: str = "interviewee_turn"
    critical: bool = False
    year: int | None = None
    narrative: bool = False          # an update text shown as the historians' narrative, not a participant's words
    asked: str | None = None         # the question shown with it (interview answers), as the chapter shows it
    later: bool = False              # from later in a long answer: `before` is the sentence just before it
    before: str | None = None

    @property
    def attribution(self) -> str:
        who = f"update text{': ' + self.role if self.role else ''}" if self.narrative else self.role
        return f"— {who}{', ' + self.date if self.date else ''} [{self.id}]"


@dataclass
class Row:
    notes: list[Note]
    quote: ChapterQuote | None = None


@dataclass
class Section:
    heading: str
    rows: list[Row]


@dataclass
class TimelineEntry:
    date: str
    text: str
    id: str
    heading: str | None = None


@dataclass
class Chapter:
    theme: str
    title: str
    terms: list[str]
    sections: list[Section]
    timeline: list[TimelineEntry] = field(default_factory=list)
    opening: str = ""
    closing: list[Note] = field(default_factory=list)
    narrative_only: bool = False     # no participant's words: the update texts lead
    note: str | None = None          # the team's note on the theme (themes.yaml `notes:`)

    @property
    def slug(self) -> str:
        return self.theme

    @property
    def quotes(self) -> list[ChapterQuote]:
        """The participants' quotes (not the update texts of a narrative-only chapter)."""
        return [r.quote for s in self.sections for r in s.rows if r.quote is not None and not r.quote.narrative]

    def rows(self) -> list[tuple[Section, Row]]:
        return [(s, r) for s in self.sections for r in s.rows]
