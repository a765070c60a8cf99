"""Clean: ingest's records become quotable, private, de-duplicated passages, and a ledger of every change.

Two passes over the records (a re-iterable stream): the first learns how the history writes each word
(lower case means an ordinary word, not a name) and who the interviewees and interviewers are; the second
cleans document by document. Update pages lose their furniture and spam, and quoted speech in them becomes
quotes attributed to a role; interview turns are repaired, made private and cut into passages of a few
sentences; interviewer questions are kept as context. Whatever is removed or altered goes to removed.jsonl.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import groupby
from pathlib import Path
from typing import Any

from ..history import History
from ..nlp.places import Gazetteer
from ..records import (ANSWER, QUESTION, SHEET_QUOTE, UPDATE, UPDATE_QUOTE, Context, Document, JsonlStream,
                       JsonlWriter, Passage, Record, Removal, read_json, write_json)
from ..stage import Stage, StageContext
from ..text.boilerplate import classify_page
from ..text.cleaner import Cleaned, TextCleaner
from ..text.duplicates import DuplicateIndex
from ..text.names import ORG_WORDS, PLACE_PREFIXES, STOP_WORDS, TITLES, NameFinder, WordStats, all_given_names, local_variants
from ..text.people import CONFIGURED, INTERVIEWEE, INTERVIEWER, PeopleRegistry, load_people
from ..text.segment import Segmenter, word_count, sentences
from ..text.spans import Edit
from ..text.speech import ROLE_WORDS, appositive_role, find_quotes, leading_role
from ..progress import progress_bar


class Clean(Stage):
    name = "clean"
    reads = ("ingest",)
    config_files = ("people.yaml", "gazetteer.yaml")
    example = "lh clean corpus/public-service-oral-histories --force"
    summary = "Remove spam, furniture and contact details; replace names by roles; cut turns into quotable passages."

    def run(self, ctx: StageContext) -> dict[str, Any]:
        ingest = ctx.upstream("ingest")
        records = JsonlStream(ingest / "records.jsonl", Record)
        documents = {d.doc: d for d in JsonlStream(ingest / "documents.jsonl", Document)}
        cleaner = _HistoryCleaner(ctx, documents)
        cleaner.learn(records)
        with JsonlWriter(ctx.dir / "passages.jsonl") as passages, JsonlWriter(ctx.dir / "context.jsonl") as context, \
                JsonlWriter(ctx.dir / "removed.jsonl") as removed:
            cleaner.out = (passages, context, removed)
            groups = groupby(records, key=lambda r: r.doc)
            for doc, doc_records in progress_bar(groups, "clean", ctx.progress, total=len(documents)):
                cleaner.clean_document(documents.get(doc), list(doc_records))
        write_json(ctx.dir / "pseudonyms.json", {
            "note": "For the learning-history team only: who each pseudonym or role stands for. Never publish this file.",
            "people": cleaner.people.to_json(),
        })
        return cleaner.summary()


def _asks(text: str) -> bool:
    """An interviewer's turn that asks or prompts something, not a backchannel ("Right.", "Oh, okay.")."""
    return "?" in text or word_count(text) >= 8


def _load_previous_pseudonyms(previous: Path | None) -> dict[str, Any]:
    if previous is None or not (previous / "pseudonyms.json").exists():
        return {}
    try:
        return read_json(previous / "pseudonyms.json").get("people", {})
    except (ValueError, AttributeError):
        return {}


class _HistoryCleaner:
    """The state of one clean run: people, names, duplicates, counts and the three output streams."""

    def __init__(self, ctx: StageContext, documents: dict[str, Document]):
        self.ctx = ctx
        self.documents = documents
        history: History = ctx.history
        s = ctx.settings
        self.segmenter = Segmenter(s.min_words, s.max_words, s.max_sentences, s.target_words)
        self.min_words = s.min_words
        configured = ctx.read_config("people.yaml", load_people)
        self.gazetteer = ctx.read_config("gazetteer.yaml", Gazetteer.for_history)
        self.people = PeopleRegistry(configured, _load_previous_pseudonyms(ctx.previous))
        self.text_cleaner = TextCleaner()
        self.duplicates = DuplicateIndex(threshold=s.near_duplicate)
        self.stats = WordStats()
        self.finder: NameFinder | None = None
        self._surnames: set[str] = set()          # surnames of the people of the interview being written
        self.out: tuple[JsonlWriter, JsonlWriter, JsonlWriter] | None = None
        self.counts: Counter = Counter()
        self.removed: Counter = Counter()
        self.kinds: Counter = Counter()
        self.long_single_sentences = 0
        self._sections: dict[str, str | None] = {}
        self._buffer: list | None = None

    # -- pass 1 -----------------------------------------------------------------------------------------------

    def learn(self, records: JsonlStream) -> None:
        """How the history writes each word, and who speaks in it."""
        for document in self.documents.values():
            for name in document.interviewees:
                self.people.register(name, INTERVIEWEE, document.doc, document.role)
            for name in document.interviewers:
                self.people.register(name, INTERVIEWER, document.doc)
        texts = []
        for record in records:
            self.stats.add(record.text)
            texts.append(record.text)
            if record.speaker and record.kind in (ANSWER, SHEET_QUOTE):
                self.people.register(record.speaker, INTERVIEWEE, record.doc, record.role)
            elif record.speaker and record.kind == QUESTION:
                self.people.register(record.speaker, INTERVIEWER, record.doc)
        known: dict[str, str] = {}
        for person in self.people.people.values():
            for name in sorted(person.names):
                if len(name.split()) > 1 or person.kind == CONFIGURED:
                    known[name] = name
        self.finder = NameFinder(self.stats, self.gazetteer, known)
        self.text_cleaner.spam.fit(texts)          # spam is told by how this history writes

    # -- names -------------------------------------------------------------------------------------------------

    def _local_names(self, doc: str) -> dict[str, str]:
        """First and last names of the people of this interview, matched alone only here."""
        local: dict[str, str] = {}
        for person in self.people.people.values():
            if doc in person.docs and person.kind in (INTERVIEWEE, INTERVIEWER, CONFIGURED):
                for name in sorted(person.names):
                    for variant in local_variants(name):
                        if variant.split()[-1].lower() not in ("mr", "mrs", "ms", "dr") and not self.stats.ordinary(variant.split()[-1]):
                            local[variant] = name
        return local

    def _name_edits(self, doc: str, local: dict[str, str]):
        def edits(text: str) -> list[Edit]:
            found = []
            for match in self.finder.find(text, local):
                person = self.people.resolve(local.get(match.name, match.name), doc)
                person.names.add(match.name)
                found.append(Edit(match.start, match.end, person.replacement(), "name", person.label))
            return found
        return edits

    # -- output helpers ------------------------------------------------------------------------------------------

    def _remove(self, record: Record, reason: str, text: str, start: int | None, end: int | None,
                replacement: str | None = None, detail: str | None = None, signals: tuple[str, ...] = ()) -> None:
        self.removed[reason] += 1
        self.out[2].write(Removal(record.id, record.source, reason, text, start, end, replacement, detail, list(signals) or None))

    def _ledger_edits(self, record: Record, cleaned: Cleaned) -> None:
        for start, end, edit in cleaned.edits:
            self._remove(record, edit.reason, cleaned.original[start:end], start, end, edit.replacement or None, edit.detail, edit.signals)

    def _passage(self, record: Record, document: Document | None, kind: str, text: str, n: str,
                 start: int, end: int, *, quotable: bool, role: str | None, speaker: str | None,
                 context: str | None = None, meta: dict | None = None) -> bool:
        """Write a passage unless it duplicates an earlier one (then ledger it). True when written."""
        passage_id = f"{record.id}.{n}"
        original = self.duplicates.check(passage_id, text) if word_count(text) >= 4 else None
        if original is not None:
            self._remove(record, "duplicate", text, start, end, None, f"duplicate of {original}")
            return False
        spans = sentences(text)
        words = word_count(text)
        self._emit(record, Passage(
            id=passage_id, record=record.id, doc=record.doc, source=record.source, kind=kind, text=text,
            role=role, speaker=speaker, organisation=record.organisation or (document.organisation if document else None),
            place=record.place or (document.place if document else None), date=record.date, date_end=record.date_end,
            section=self._section(record.section), turn=record.turn, start=start, end=end, context=context, quotable=quotable,
            words=words, sentences=len(spans), meta=meta or {},
        ))
        self.counts["passages"] += 1
        self.counts["quotable"] += quotable
        self.kinds[kind] += 1
        if quotable and len(spans) == 1 and words > self.segmenter.max_words:
            self.long_single_sentences += 1
        return True

    def _emit(self, record: Record, passage: Passage) -> None:
        if self._buffer is not None:
            self._buffer.append((record, passage))
        else:
            self.out[0].write(passage)

    def _section(self, heading: str | None) -> str | None:
        """The heading a passage sits under, cleaned like the passage (spam and names out)."""
        if not heading:
            return None
        if heading not in self._sections:
            self._sections[heading] = self.text_cleaner.clean(heading, names=self._name_edits("", {})).text or None
        return self._sections[heading]

    # -- documents --------------------------------------------------------------------------------------------

    def clean_document(self, document: Document | None, records: list[Record]) -> None:
        updates = [r for r in records if r.kind == UPDATE]
        if updates:
            self._clean_update_page(document, updates)
        last_question: str | None = None
        local = self._local_names(records[0].doc) if records else {}
        names = self._name_edits(records[0].doc, local) if records else None
        self._buffer = []
        for record in records:
            if record.kind == QUESTION:
                cleaned = self.text_cleaner.clean(record.text, spoken=True, names=names)
                self._ledger_edits(record, cleaned)
                if cleaned.text.strip():
                    self._buffer.append((record, Context(record.id, record.id, record.doc, record.source, cleaned.text, record.turn)))
                    self.counts["context"] += 1
                    if _asks(cleaned.text):
                        last_question = record.id      # "Hmm." or "Right." keeps the question before it
            elif record.kind in (ANSWER, SHEET_QUOTE):
                self._clean_answer(document, record, names, last_question)
        self._flush(records[0].doc if records else "")

    def _flush(self, doc: str) -> None:
        """Write the document's passages and questions, after one last sweep for lone first or last names of
        people this interview names in full somewhere ("Bill" after "Bill Smith")."""
        buffered, self._buffer = self._buffer, None
        parts: dict[str, str] = {}
        self._surnames = set()
        for person in self.people.people.values():
            if doc in person.docs and len(person.key.split()) >= 2:
                for part in (person.first, person.last):
                    if len(part) > 2 and part.isalpha():
                        parts[part[0].upper() + part[1:]] = person.replacement()
                self._surnames.add(person.last[:1].upper() + person.last[1:])
        # The word before a part is captured too: it may be the part's own first name ("Deke Slayton").
        pattern = re.compile(r"(?:(?<![\w\[’'])([A-Z][a-z]+\.?)(\s+))?(?<![\w\[’'])("
                             + "|".join(map(re.escape, sorted(parts, key=len, reverse=True))) + r")(?![\w\]])") if parts else None
        for record, item in buffered:
            if pattern is not None:
                item.text = pattern.sub(lambda m: self._lone_name(record, m, parts), item.text)
            self.out[1 if isinstance(item, Context) else 0].write(item)

    def _lone_name(self, record: Record, match: re.Match, parts: dict[str, str]) -> str:
        """What a lone first or last name becomes: the person's pseudonym; with a given name before it, another
        person's ("Caldwell Johnson" when the interviewer is Sandra Johnson); left alone inside the name of a
        place or an organisation ("Johnson Space Center", "Lockheed Martin", "Cape Kennedy")."""
        previous, space, word = match.group(1), match.group(2) or "", match.group(3)
        text = match.string
        start = match.start(1) if previous else match.start(3)
        before = text[:start].rstrip()
        at_start = not before or before[-1] in ".!?\"“:;(\n"
        following = re.match(r"\s+([A-Z][\w'’\-]*)", text[match.end():])
        if following and len(following.group(1)) > 1 and following.group(1).lower() not in STOP_WORDS and (
                following.group(1).lower() in ORG_WORDS or not self.stats.ordinary(following.group(1))):
            return match.group()                       # "Johnson Space Center"
        kept = f"{previous}{space}" if previous else ""
        if previous:
            bare = previous.rstrip(".")
            if bare.lower() in TITLES or (at_start and self.stats.ordinary(bare)) or bare.lower() in STOP_WORDS:
                pass                                   # "Dr. Johnson", "So Johnson said"
            elif self._first_name_of_another(previous, word, at_start):
                person = self.people.resolve(f"{bare} {word}", record.doc)
                person.names.add(f"{bare} {word}")
                self._remove(record, "name", f"{previous}{space}{word}", None, None, person.replacement(),
                             "a given name and the first or last name of a person this interview names in full")
                return person.replacement()
            else:
                return match.group()                   # "Lockheed Martin", "Cape Kennedy"
        elif at_start and self.stats.ordinary(word):
            return match.group()                       # "Will we ...": an ordinary word opening a sentence
        self._remove(record, "name", word, None, None, parts[word], "first or last name of a person this interview names in full")
        return kept + parts[word]

    def _first_name_of_another(self, previous: str, part: str, at_start: bool) -> bool:
        """A given name before the part ("Deke Slayton"), or any capitalised word before a surname ("Caldwell
        Johnson" is not the interviewer Sandra Johnson); not "Lockheed Martin", "Cape Kennedy" or "St. Louis"."""
        bare = previous.rstrip(".")
        if bare.lower() in ORG_WORDS:
            return False
        if bare.lower() in all_given_names() and not self.gazetteer.is_place(bare) and not (at_start and self.stats.ordinary(bare)):
            return True
        return (part in self._surnames and bare.lower() not in PLACE_PREFIXES and not previous.endswith(".")
                and not self.stats.ordinary(bare))

    def _attribution(self, record: Record, document: Document | None) -> tuple[str | None, str | None]:
        """(role, pseudonym) for an interviewee's words."""
        role = record.role or (document.role if document else None)
        speaker = None
        if record.speaker:
            person = self.people.resolve(record.speaker, record.doc)
            speaker = person.label if person.kind != CONFIGURED else None
            if person.kind == CONFIGURED and person.role:
                role = person.role
            elif not role:
                role = person.role
        elif document and document.interviewees:
            person = self.people.resolve(document.interviewees[0], record.doc)
            speaker = person.label if person.kind != CONFIGURED else None
            role = role or person.role
        return role or "interviewee", speaker

    def _clean_answer(self, document: Document | None, record: Record, names, context: str | None) -> None:
        cleaned = self.text_cleaner.clean(record.text, spoken=record.kind == ANSWER, names=names)
        self._ledger_edits(record, cleaned)
        role, speaker = self._attribution(record, document)
        text = cleaned.text
        if not text.strip():
            return
        sheet = record.kind == SHEET_QUOTE
        pieces = [(0, len(text), word_count(text), 0)] if sheet and word_count(text) <= self.segmenter.max_words else self.segmenter.segment(text)
        for n, (start, end, words, _) in enumerate(pieces, 1):
            piece = text[start:end]
            o_start, o_end = cleaned.to_original(start, end)
            if words < (3 if sheet else self.min_words):
                self._remove(record, "too_short", piece, o_start, o_end, None,
                             f"under {self.min_words} words: not a quote on its own")
                continue
            self._passage(record, document, record.kind, piece, f"{n:02d}", o_start, o_end,
                          quotable=True, role=role, speaker=speaker, context=context if record.kind == ANSWER else None)

    # -- update pages -------------------------------------------------------------------------------------------

    def _clean_update_page(self, document: Document | None, records: list[Record]) -> None:
        doc = records[0].doc
        headings = [bool(r.meta.get("heading")) for r in records]
        furniture = classify_page([r.text for r in records], headings)
        names = self._name_edits(doc, {})
        # Layer 1 only first: quoted speech is found before names are replaced, so "who said it" is readable.
        first: list[Cleaned | None] = []
        section: str | None = None
        list_run: list[Record] = []
        for i, record in enumerate(records):
            if furniture.get(i, ("",))[0] == "list":
                record.section = section
                list_run.append(record)
                first.append(None)
                if furniture.get(i + 1, ("",))[0] != "list":
                    self._update_list(document, list_run, names)
                    list_run = []
                continue
            if i in furniture:
                reason, detail = furniture[i]
                replacement = None
                if reason == "heading":
                    section = replacement = self._section(record.text)
                self._remove(record, reason, record.text, 0, len(record.text), replacement, detail)
                first.append(None)
                continue
            record.section = section
            cleaned = self.text_cleaner.clean(record.text, markdown=record.source.endswith(".md"))
            if not cleaned.text.strip():
                self._ledger_edits(record, cleaned)
                first.append(None)
                continue
            first.append(cleaned)
        usable = [c is not None for c in first]
        texts = [c.text if c is not None else "" for c in first]
        blocks = find_quotes(texts, usable, self._is_person)
        in_quote: dict[int, tuple[Any, tuple[int, int]]] = {}
        lead_ins: dict[int, Any] = {}
        for block in blocks:
            for k, span in block.spans.items():
                in_quote[k] = (block, span)
            if block.lead_in is not None:
                lead_ins[block.lead_in] = block
        for i, record in enumerate(records):
            cleaned = first[i]
            if cleaned is None:
                continue
            self._ledger_edits(record, cleaned)
            if i in lead_ins:
                role, _ = self._quote_role(lead_ins[i].who, doc)
                self._remove(record, "attribution", record.text, 0, len(record.text), f"[{role}]",
                             "who said the quotation below: kept as its attribution")
                continue
            if i in in_quote:
                self._update_quote(document, record, cleaned, *in_quote[i], names)
                continue
            final = self.text_cleaner.clean(cleaned.text, names=names)
            self._ledger_second_layer(record, cleaned, final)
            # A paragraph longer than a passage (a page saved as one line) is cut at sentence ends like a turn.
            pieces = [(0, len(final.text))] if word_count(final.text) <= self.segmenter.max_words else \
                [(a, b) for a, b, _, _ in self.segmenter.segment(final.text)]
            for n, (a, b) in enumerate(pieces, 1):
                start, end = cleaned.to_original(*final.to_original(a, b))
                self._passage(record, document, UPDATE, final.text[a:b], f"{n:02d}", start, end, quotable=False,
                              role=None, speaker=None)

    def _update_list(self, document: Document | None, items: list[Record], names) -> None:
        """A list of short lines (the 13 pilots of an annex) as one passage, items joined by semicolons."""
        cleaned = [self.text_cleaner.clean(item.text, names=names) for item in items]
        for item, text in zip(items, cleaned):
            self._ledger_edits(item, text)
        parts = [c.text for c in cleaned if c.text.strip()]
        if not parts:
            return
        text = "; ".join(parts)
        self._passage(items[0], document, UPDATE, text, "01", 0, len(items[0].text), quotable=False, role=None,
                      speaker=None, meta={"list_items": [item.id for item in items]})

    def _ledger_second_layer(self, record: Record, cleaned: Cleaned, final: Cleaned) -> None:
        for start, end, edit in final.edits:
            o_start, o_end = cleaned.to_original(start, end)
            self._remove(record, edit.reason, record.text[o_start:o_end], o_start, o_end, edit.replacement or None, edit.detail, edit.signals)

    def _is_person(self, who: str) -> bool:
        if self.finder.find(who) or ROLE_WORDS.search(who):
            return True
        words = who.split()
        return len(words) == 1 and words[0].lower() in self.finder.first   # "Margaret's story:"


    def _quote_role(self, who: str, doc: str) -> tuple[str, str | None]:
        """The role a quotation is attributed to, and the speaker's pseudonym where the role is not known."""
        matches = self.finder.find(who)
        if matches:
            name = matches[0].name
            person = self.people.resolve(name, doc)
            if person.kind == CONFIGURED and person.role:
                return person.role, None
            role = appositive_role(who) or leading_role(who, who[matches[0].start:matches[0].end])
            return role or person.label, person.label
        role = re.sub(r"^(?:the|our|a|an)\s+", "", who.strip(), flags=re.I)
        return role, None

    def _update_quote(self, document: Document | None, record: Record, cleaned: Cleaned, block, span, names) -> None:
        role, speaker = self._quote_role(block.who, record.doc)
        q_start, q_end = span
        quote = self.text_cleaner.clean(cleaned.text[q_start:q_end], names=names)
        if word_count(quote.text) < 3:
            return
        for part, (p_start, p_end) in (("before", (0, q_start)), ("after", (q_end, len(cleaned.text)))):
            leftover = cleaned.text[p_start:p_end]
            if leftover.strip(" “”\"‘’.,:;"):
                o_start, o_end = cleaned.to_original(p_start, p_end)
                self._remove(record, "attribution", leftover, o_start, o_end, f"[{role}]",
                             "words around the quotation: who said it and how")
        for start, end, edit in quote.edits:
            o_start, o_end = cleaned.to_original(q_start + start, q_start + end)
            self._remove(record, edit.reason, record.text[o_start:o_end], o_start, o_end, edit.replacement or None, edit.detail, edit.signals)
        o_start, o_end = cleaned.to_original(q_start, q_end)
        meta = {"quoted_in": "update", "story": block.story}
        self._passage(record, document, UPDATE_QUOTE, quote.text, "q1", o_start, o_end, quotable=True,
                      role=role, speaker=speaker, meta=meta)

    def summary(self) -> dict[str, Any]:
        return {
            "passages": self.counts["passages"],
            "quotable": self.counts["quotable"],
            "context_questions": self.counts["context"],
            "removed": sum(self.removed.values()),
            "removed_by_reason": dict(sorted(self.removed.items())),
            "passages_by_kind": dict(sorted(self.kinds.items())),
            "long_single_sentences": self.long_single_sentences,
            "people": len(self.people.people),
        }
