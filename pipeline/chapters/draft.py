"""A draft learning-history chapter: the theme's title, an opening timeline from the dated update texts, and
the quotes in the two-column form (the historians' prompts on the left, participants' words on the right).

The prompts are placeholders the writers replace; they point at what the quotes show (agreement, the critical
voices, the roles not heard) so a writer starts from the material rather than from a blank page.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class ChapterQuote:
    id: str
    text: str
    role: str
    date: str | None
    source: str
    tone: str
    question: str | None = None


@dataclass
class TimelineEntry:
    date: str
    text: str
    id: str


@dataclass
class Chapter:
    theme: str
    title: str
    terms: list[str]
    quotes: list[ChapterQuote]
    timeline: list[TimelineEntry] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.theme

    def opening(self) -> str:
        roles = Counter(q.role for q in self.quotes)
        dates = sorted(q.date for q in self.quotes if q.date)
        span = f" between {dates[0][:4]} and {dates[-1][:4]}" if dates and dates[0][:4] != dates[-1][:4] else ""
        return (f"This chapter draws on {len(self.quotes)} quotes from {len(roles)} roles{span}. "
                f"What the participants talk about here: {', '.join(self.terms[:6])}.")

    def rows(self) -> list[tuple[str, ChapterQuote | None]]:
        """(left column, right column) rows: a prompt beside each quote, then the closing prompts."""
        critical = [q for q in self.quotes if q.tone == "critical"]
        supportive = [q for q in self.quotes if q.tone == "supportive"]
        rows: list[tuple[str, ChapterQuote | None]] = []
        for i, quote in enumerate(self.quotes):
            prompt = []
            if quote.question:
                prompt.append(f"Asked: “{quote.question}”")
            if i == 0:
                prompt.append("[Historians: what is the story this chapter tells? Introduce it here.]")
            elif quote.tone == "critical":
                prompt.append("[Tagged critical (an automatic label: read it first): what did this participant see that others did not?]")
            elif i == len(self.quotes) // 2:
                prompt.append("[Where do the quotes so far agree? What does the next voice add?]")
            rows.append((" ".join(prompt), quote))
        closing = [
            "[What do these quotes agree on?]",
            f"[Where do they differ? The tone tags mark {len(critical)} critical and {len(supportive)} supportive quotes here.]",
            "[What is left unsaid: which roles, places or times are missing, and which question would you ask next?]",
        ]
        rows.extend((text, None) for text in closing)
        return rows
