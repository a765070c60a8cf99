"""Building a chapter from the distilled history: the quotes with what they answered, the sections, the
commentary and the timeline (pipeline/chapters/draft.py holds the result)."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np

from ..nlp.critical import cue_words
from ..quotes.standalone import answer_index
from ..records import ANSWER, SHEET_QUOTE, UPDATE, UPDATE_QUOTE, Passage, Tags
from ..text.questions import asks_or_requests, question_asked
from ..text.segment import sentences
from . import commentary as cm
from .draft import COMMENTARY, CONTEXT, QUESTION, WRITERS, Chapter, ChapterQuote, Note, Row, Section, TimelineEntry
from .roles import role_group
from .sections import Item, heading, noun_counts, order, split, year_spoken_of
from .timeline import first_sentences, narrative

NARRATIVE_PARAGRAPHS = 8      # update texts a chapter without participants' words leads with


@dataclass
class HistoryView:
    """What the chapters stage knows of the whole history."""

    passages: dict[str, Passage]
    tags: dict[str, Tags]
    contexts: dict[str, str]
    members: dict[str, list[tuple[str, float]]]            # theme -> [(passage id, weight)]
    critical: set[str] = field(default_factory=set)         # quotes chosen as critical voices
    groups: dict[str, cm.GroupStats] = field(default_factory=dict)
    events: list[TimelineEntry] = field(default_factory=list)
    source_kind: str = "interview"
    idf: dict[str, float] = field(default_factory=dict)     # how rare each tag term is in the history
    nouns: Counter = field(default_factory=Counter)         # words the history uses after "the", "a", "their" ...
    uses: Counter = field(default_factory=Counter)          # every word's uses
    @classmethod
    def build(cls, passages, tags, contexts, members, critical) -> HistoryView:
        view = cls(passages, tags, contexts, members, set(critical))
        kinds: dict[str, int] = defaultdict(int)
        for p in passages.values():
            if p.quotable and p.kind in (ANSWER, SHEET_QUOTE, UPDATE_QUOTE):
                t = tags[p.id]
                view.groups.setdefault(role_group(p.role), cm.GroupStats()).add(p.doc, t.codes, t.tone_label, t.phrases)
                kinds[p.kind] += 1
            elif p.kind == UPDATE and p.date:
                text = narrative(p.text)
                if text:
                    view.events.append(TimelineEntry(p.date, text, p.id, p.section))
        view.events.sort(key=lambda e: (e.date, e.id))
        df = Counter(term for t in tags.values() for term in set(t.terms))
        view.idf = {term: math.log(len(tags) / n) for term, n in df.items()}
        view.nouns, view.uses = noun_counts(p.text for p in passages.values())
        view.source_kind = "interview" if kinds[ANSWER] >= max(kinds[UPDATE_QUOTE], kinds[SHEET_QUOTE]) else (
            "update" if kinds[UPDATE_QUOTE] else "source")
        return view

    def theme_groups(self, theme: str) -> dict[str, cm.GroupStats]:
        stats: dict[str, cm.GroupStats] = {}
        for pid, _ in self.members.get(theme, []):
            p, t = self.passages[pid], self.tags[pid]
            if p.quotable and p.kind in (ANSWER, SHEET_QUOTE, UPDATE_QUOTE):
                stats.setdefault(role_group(p.role), cm.GroupStats()).add(p.doc, t.codes, t.tone_label, t.phrases)
        return stats


SHORT_SENTENCE = 4       # words: "Let's see." says nothing about what came before, so the sentence before it joins


def _last_sentence(text: str, limit: int = 220) -> str:
    spans = sentences(text)
    first = len(spans) - 1
    while first > 0 and len(text[spans[first].start:spans[-1].end].split()) < SHORT_SENTENCE:
        first -= 1
    out = text[spans[first].start:spans[-1].end] if spans else text
    out = " ".join(out.split())
    return out if len(out) <= limit else "… " + out[-limit:].split(" ", 1)[-1]


def _shown_question(text: str) -> str | None:
    asked = question_asked(text)
    if asked:
        return asked
    words = " ".join(text.split())     # a remark the interviewee answered ("He sounds like an inspiring figure.")
    return words if 0 < len(words) <= 240 else None


class ChapterBuilder:
    def __init__(self, view: HistoryView, timeline_entries: int, timeline_min_weight: float):
        self.view = view
        self.timeline_entries = timeline_entries
        self.timeline_min_weight = timeline_min_weight

    # -- quotes and what they answered ------------------------------------------------------------------------------

    def quote(self, pid: str) -> ChapterQuote:
        p, t = self.view.passages[pid], self.view.tags[pid]
        asked, later, before = self.answered(pid)
        return ChapterQuote(pid, p.text, p.role or "participant", p.date, p.source, t.tone_label, t.tone,
                            role_group(p.role), p.doc, p.kind, pid in self.view.critical,
                            year_spoken_of(p.text, p.date if p.kind != ANSWER else None),
                            asked=asked, later=later, before=before)

    def answered(self, pid: str) -> tuple[str | None, bool, str | None]:
        """(the question an interview answer responded to, whether it comes later in the answer, the sentence
        just before it); (None, False, None) for other kinds. Chapters and validation packs show these."""
        p = self.view.passages[pid]
        if p.kind != ANSWER:
            return None, False, None
        context = self.view.contexts.get(p.context) if p.context else None
        asked = _shown_question(context) if context else None
        if answer_index(p) == 0:
            return asked, False, None
        previous = self.view.passages.get((p.meta.get("answer") or {}).get("previous") or "")
        return asked, True, _last_sentence(previous.text) if previous is not None else None

    def question_notes(self, pid: str) -> list[Note]:
        """What the quote answered, or where it comes from."""
        p = self.view.passages[pid]
        if p.kind == UPDATE_QUOTE:
            where = f"Quoted in the update of {p.date or 'an undated page'}" + (f" (“{p.section}”)" if p.section else "")
            if p.meta.get("speech") == "reported":
                return [Note(QUESTION, where + ": the update’s own words reporting what was said, not a verbatim quote.")]
            return [Note(QUESTION, where + ".")]
        if p.kind != ANSWER:
            return [Note(QUESTION, f"From a quote sheet ({p.source}).")]
        asked, later, before = self.answered(pid)
        if not later:
            if not asked:
                return [Note(QUESTION, "At the start of the interview, before any question was asked.")]
            return [Note(QUESTION, f"{'Asked' if asks_or_requests(asked) else 'After the interviewer said'}: “{asked}”")]
        if asked:
            lead = "Later in the answer to" if asks_or_requests(asked) else "Later in the answer after the interviewer said"
            notes = [Note(QUESTION, f"{lead}: “{asked}”")]
        else:
            notes = [Note(QUESTION, "Later in the interview’s opening answer, before any question was asked.")]
        if before is not None:
            notes.append(Note(CONTEXT, f"Just before: “{before}”"))
        return notes

    # -- the chapter -------------------------------------------------------------------------------------------------

    def build(self, theme: dict, selected: list[str]) -> Chapter:
        tid = theme["id"]
        title = theme["label"][:1].upper() + theme["label"][1:]
        terms = [e["label"] for e in theme["terms"]]
        quotes = [self.quote(pid) for pid in selected]
        if not quotes:
            return self._narrative_chapter(tid, title, terms)
        sections = self._sections(quotes, title, lambda q: self.question_notes(q.id))
        theme_groups = self.view.theme_groups(tid)
        self._comment(sections, quotes, theme_groups)
        years = sorted({q.year for q in quotes if q.year})
        closing = [Note(WRITERS, q) for q in cm.writers_questions(quotes, theme_groups, self.view.groups, years)]
        span = f" speaking of {years[0]} to {years[-1]}" if len(years) >= 2 else ""
        opening = (f"{len(quotes)} quotes from {cm.sources(len({q.doc for q in quotes}), self.view.source_kind)}{span}, "
                   f"in {len(sections)} section{'s' if len(sections) > 1 else ''}: " + "; ".join(s.heading for s in sections) + ".")
        return Chapter(tid, title, terms, sections, self._timeline(tid), opening, closing)

    def _sections(self, quotes: list[ChapterQuote], title: str, notes_for) -> list[Section]:
        items = [Item(q.text, self.view.tags[q.id].terms, q.year, _proper(self.view.tags[q.id])) for q in quotes]
        avoid = {w.lower() for w in re.findall(r"[A-Za-z]+", title)}
        groups = split(items)
        sections = []
        for group in groups:
            ordered = order(items, group)
            rows = [Row(notes_for(quotes[i]), quotes[i]) for i in ordered]
            sections.append(Section(heading([items[i] for i in group], [items[i] for i in range(len(items)) if i not in group],
                                            avoid, self.view.idf, self.view.nouns, self.view.uses), rows))
        def first_year(section: Section) -> int:
            years = [r.quote.year for r in section.rows if r.quote and r.quote.year]
            return min(years) if years else 10**4
        if all(first_year(s) < 10**4 for s in sections):
            sections.sort(key=first_year)
        return sections

    def _comment(self, sections: list[Section], quotes: list[ChapterQuote], theme_groups) -> None:
        """The historians' commentary, each note beside the quote it speaks of."""
        rows = [r for s in sections for r in s.rows]
        who = cm.who_speaks(quotes, theme_groups, self.view.groups, self.view.source_kind)
        if who:
            rows[0].notes.append(Note(COMMENTARY, who))
        compared = cm.roles_compared(theme_groups)
        if compared:
            target = sections[1].rows[0] if len(sections) > 1 else rows[min(1, len(rows) - 1)]
            target.notes.append(Note(COMMENTARY, compared))
        shown = [r.quote for r in rows if r.quote is not None]
        vectors = _word_vectors([q.text for q in shown])
        pair = cm.contrasting_pair(shown, lambda i, j: float(vectors[i] @ vectors[j]))
        if pair:
            rows[pair[1]].notes.append(Note(COMMENTARY, cm.contrast_note(shown[pair[0]], shown[pair[1]])))
        for row in rows:
            if row.quote is not None and row.quote.critical:
                words = ", ".join(f"“{w}”" for w in cue_words(row.quote.text)[:3])
                row.notes.append(Note(COMMENTARY, f"Offered as a critical voice: it speaks of {words or 'a problem'} and "
                                                  "reads as critical to the model; check it does to you."))
        months = sorted({q.date[:7] for q in shown if q.kind == UPDATE_QUOTE and q.date})
        if months and self.view.events:
            paragraphs = {self.view.passages[q.id].meta.get("paragraph") for q in shown}
            note = cm.events_same_months(months, self.view.events, {p for p in paragraphs if p})
            first_dated = next((r for r in rows if r.quote is not None and r.quote.kind == UPDATE_QUOTE and r.quote.date), rows[0])
            if note:
                first_dated.notes.append(Note(COMMENTARY, note))

    def _narrative_chapter(self, tid: str, title: str, terms: list[str]) -> Chapter:
        """A theme without participants' words: its update texts lead, as the historians' narrative."""
        members = sorted(self.view.members.get(tid, []), key=lambda m: (-m[1], m[0]))
        chosen = []
        for pid, _ in members:
            p = self.view.passages[pid]
            text = narrative(p.text) if p.kind == UPDATE else None
            if text:
                chosen.append(ChapterQuote(pid, text, p.section or "", p.date, p.source, self.view.tags[pid].tone_label,
                                           self.view.tags[pid].tone, "update text", p.doc, p.kind, False,
                                           int(p.date[:4]) if p.date else None, narrative=True))
            if len(chosen) == NARRATIVE_PARAGRAPHS:
                break
        chosen.sort(key=lambda q: (q.date or "", q.id))

        def notes(q: ChapterQuote) -> list[Note]:
            codes = self.view.tags[q.id].codes
            return [Note(COMMENTARY, "Tagged: " + ", ".join(codes) + ".")] if codes else []

        sections = self._sections(chosen, title, notes) if chosen else []
        dates = sorted(q.date for q in chosen if q.date)
        opening = ("No participant’s own words were found for this theme. It leads with the update texts, the "
                   f"historians’ narrative of it: {len(chosen)} paragraphs"
                   + (f" from {dates[0]} to {dates[-1]}" if dates else "") + ".")
        if sections:
            sections[0].rows[0].notes.insert(0, Note(COMMENTARY, "No quote: the right column holds the update texts "
                                                                 "(what the programme’s own pages said), not participants’ words."))
        closing = [Note(WRITERS, "Whose voices would tell this part of the story? Who could be interviewed for it?")]
        return Chapter(tid, title, terms, sections, [], opening, closing, narrative_only=True)

    def _timeline(self, tid: str) -> list[TimelineEntry]:
        entries = []
        for pid, weight in self.view.members.get(tid, []):
            p = self.view.passages[pid]
            if weight < self.timeline_min_weight or p.kind != UPDATE or not p.date:
                continue
            text = narrative(p.text)
            if text:
                entries.append(TimelineEntry(p.date, first_sentences(text), pid, p.section))
        entries.sort(key=lambda e: (e.date, e.id))
        if len(entries) > self.timeline_entries:
            step = len(entries) / self.timeline_entries
            entries = [entries[int(i * step)] for i in range(self.timeline_entries)]
        return entries


def _proper(tags: Tags) -> set[str]:
    """Places, organisations and acronyms found in a passage, lower-cased (what a heading may name)."""
    return {x.lower() for x in [*tags.places, *tags.organisations, *tags.acronyms]}


def _word_vectors(texts: list[str]) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(texts) < 2:
        return np.ones((len(texts), 1))
    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts).toarray()
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)
