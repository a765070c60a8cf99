"""Clean: ingest's records become quotable, private, de-duplicated passages, and a ledger of every change.

Two passes over the records (a re-iterable stream): the first learns how the history writes each word
(lower case means an ordinary word, not a name), who the interviewees and interviewers are, and every person the
history names, found by rules and spaCy's recogniser and resolved to one pseudonym each (pipeline/people); the
second cleans document by document, names replaced as a layer of edits so that the ledger has their offsets. Update pages lose their furniture and spam, and quoted speech in them becomes
quotes attributed to a role; interview turns are repaired, made private and cut into passages of a few
sentences; interviewer questions are kept as context. Whatever is removed or altered goes to removed.jsonl.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import groupby
from pathlib import Path
from typing import Any

from ..nlp.places import Gazetteer
from ..people.evidence import WordStats
from ..people.mentions import MentionFinder
from ..people.ner import CACHE_FILE, EntityCache, ModelMissing, Recogniser, Triggers, load_model, model_id
from ..people.registry import CONFIGURED, INTERVIEWEE, INTERVIEWER, PeopleRegistry, Person, load_people
from ..progress import progress_bar
from ..records import (
    ANSWER,
    QUESTION,
    SHEET_QUOTE,
    UPDATE,
    UPDATE_QUOTE,
    Context,
    Document,
    JsonlStream,
    JsonlWriter,
    Passage,
    Record,
    Removal,
    read_json,
    write_json,
)
from ..stage import Stage, StageContext, StageFailed
from ..text.answers import answer_pieces
from ..text.boilerplate import classify_page
from ..text.cleaner import Cleaned, TextCleaner
from ..text.duplicates import DuplicateIndex
from ..text.questions import answers_remark, asks, asks_back, is_remark
from ..text.segment import Segmenter, sentences, word_count
from ..text.speech import ROLE_WORDS, appositive_role, find_inline_speech, find_quotes, leading_role, role_repeats


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
            "surnames_alone": cleaner.mentions.surnames_alone,   # the privacy gate looks for these too
        })
        write_json(ctx.dir / "recogniser_kept.json", {
            "note": "For the learning-history team only: PERSON spans the recogniser found that the corpus evidence kept "
                    "as written (places, organisations, spacecraft, ordinary words). The privacy stage lists those "
                    "that reach reader-facing outputs in privacy/review.md.",
            "model": cleaner.model, "kept": cleaner.mentions.kept_list()})
        cleaner.cache.write(ctx.dir / CACHE_FILE)
        return cleaner.summary()


def _load_previous_pseudonyms(previous: Path | None) -> dict[str, Any]:
    if previous is None or not (previous / "pseudonyms.json").exists():
        return {}
    try:
        return read_json(previous / "pseudonyms.json").get("people", {})
    except (ValueError, AttributeError):
        return {}


def _quote_origin(cleaned: Cleaned, offset: int, start: int, end: int,
                  pronoun: tuple[int, int, int]) -> tuple[int | None, int | None]:
    """Record offsets of [start, end) of a quotation cut at `offset` from `cleaned`, whose pronoun [a, b) was
    replaced by `inserted` characters of role (all 0 when none was): the ledger keeps every name's offsets. None
    for an edit touching the role put in."""
    a, b, inserted = pronoun
    if inserted and end > a:
        if start < a + inserted:
            return None, None
        start, end = start - inserted + (b - a), end - inserted + (b - a)
    return cleaned.to_original(offset + start, offset + end)


class _HistoryCleaner:
    """The state of one clean run: people, names, duplicates, counts and the three output streams."""

    def __init__(self, ctx: StageContext, documents: dict[str, Document]):
        self.ctx = ctx
        self.documents = documents
        s = ctx.settings
        self.segmenter = Segmenter(s.min_words, s.max_words, s.max_sentences, s.target_words)
        self.min_words = s.min_words
        configured = ctx.read_config("people.yaml", load_people)
        self.gazetteer = ctx.read_config("gazetteer.yaml", Gazetteer.for_history)
        self.people = PeopleRegistry(configured, _load_previous_pseudonyms(ctx.previous))
        self.text_cleaner = TextCleaner()
        self.duplicates = DuplicateIndex(threshold=s.near_duplicate)
        self.speech_duplicates = DuplicateIndex(threshold=s.near_duplicate)   # speech quoted inside update paragraphs
        self.stats = WordStats()
        try:
            self.nlp = load_model(s.ner_model)
        except ModelMissing as exc:
            raise StageFailed(str(exc)) from None
        self.model = model_id(self.nlp)
        self.cache = EntityCache(self.model)
        self.cache.read(ctx.previous / CACHE_FILE if ctx.previous else None)
        self.mentions: MentionFinder                           # set by learn()
        self.out: tuple[JsonlWriter, JsonlWriter, JsonlWriter]  # passages, context, removed: set by run()
        self.counts: Counter = Counter()
        self.removed: Counter = Counter()
        self.kinds: Counter = Counter()
        self.long_single_sentences = 0
        self._sections: dict[str, str | None] = {}
        self._speakers: dict[tuple[str, str], Person] = {}       # (doc, speaker label) -> the person it is there

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
            if record.speaker and record.kind in (ANSWER, SHEET_QUOTE):
                self.people.register(record.speaker, INTERVIEWEE, record.doc, record.role)
            elif record.speaker and record.kind == QUESTION:
                self.people.register(record.speaker, INTERVIEWER, record.doc)
            texts.append((record.id, record.doc, record.text))
        proper = [w for name in list(self.gazetteer.organisations) + [p for p in self.gazetteer.places if " " in p]
                  for w in name.split()]
        recogniser = Recogniser(self.nlp, Triggers(self.stats, self.gazetteer.is_place, proper), self.cache)
        self.mentions = MentionFinder(self.stats, self.gazetteer, self.people, recogniser)
        self.mentions.learn(texts)
        self.recogniser_counts = dict(recogniser.counts)
        # spam is told by how this history writes, and never holds a name of its people
        self.text_cleaner.spam.fit([text for _, _, text in texts], names=self.mentions.name_words())

    @property
    def finder(self):
        return self.mentions.finder

    # -- names -------------------------------------------------------------------------------------------------

    def _name_edits(self, doc: str, record: str | None = None, base: Cleaned | None = None, shift: int = 0):
        """The names layer for one record (its recogniser spans mapped through `base` when the text was cut from an
        earlier cleaning)."""
        return self.mentions.edits(record, doc, base, shift)

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
                 person: str | None = None, context: str | None = None, meta: dict | None = None,
                 index: DuplicateIndex | None = None) -> bool:
        """Write a passage unless it duplicates an earlier one in `index` (then ledger it). True when written."""
        passage_id = f"{record.id}.{n}"
        original = (index or self.duplicates).check(passage_id, text) if word_count(text) >= 4 else None
        if original is not None:
            self._remove(record, "duplicate", text, start, end, None, f"duplicate of {original}")
            return False
        spans = sentences(text)
        words = word_count(text)
        self._emit(record, Passage(
            id=passage_id, record=record.id, doc=record.doc, source=record.source, kind=kind, text=text,
            role=role, speaker=speaker, person=person, organisation=record.organisation or (document.organisation if document else None),
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
        self.out[0].write(passage)

    def _section(self, heading: str | None) -> str | None:
        """The heading a passage sits under, cleaned like the passage (spam and names out)."""
        if not heading:
            return None
        if heading not in self._sections:
            self._sections[heading] = self.text_cleaner.clean(heading, names=self._name_edits("")).text or None
        return self._sections[heading]

    # -- documents --------------------------------------------------------------------------------------------

    def clean_document(self, document: Document | None, records: list[Record]) -> None:
        updates = [r for r in records if r.kind == UPDATE]
        if updates:
            self._clean_update_page(document, updates)
        last_question: str | None = None
        answer: list[Record] = []      # one speaker's turns since the last question (backchannels between them)
        remark: str | None = None      # a short comment since the last answer turn: a prompt if it is answered
        asked_back = False             # the interviewee's last turn asked the interviewer something
        for record in records:
            if record.kind == QUESTION:
                names = self._name_edits(record.doc, record.id)
                cleaned = self.text_cleaner.clean(record.text, spoken=True, names=names)
                self._ledger_edits(record, cleaned)
                if cleaned.text.strip():
                    self.out[1].write(Context(record.id, record.id, record.doc, record.source, cleaned.text, record.turn))
                    self.counts["context"] += 1
                    if asks(cleaned.text):     # "Right.", "Thank you." or the recording's slate keep the question before
                        self._clean_answer(document, answer, last_question)
                        answer, remark = [], None
                        last_question = record.id
                    elif asked_back:       # the interviewer answers "..., you mean?": a new answer follows
                        self._clean_answer(document, answer, last_question)
                        answer, remark = [], None
                    elif is_remark(cleaned.text):
                        remark = record.id
                asked_back = False
            elif record.kind == ANSWER:
                asked_back = asks_back(record.text)
                answered = remark is not None and answers_remark(record.text)
                if answer and (answer[-1].speaker != record.speaker or answered):
                    self._clean_answer(document, answer, last_question)
                    answer = []
                if answered:
                    last_question = remark
                answer.append(record)
                remark = None
            elif record.kind == SHEET_QUOTE:
                self._clean_sheet_quote(document, record)
        self._clean_answer(document, answer, last_question)

    def _attribution(self, record: Record, document: Document | None) -> tuple[str | None, str | None, str | None]:
        """(role, pseudonym, pseudonymous id) for an interviewee's words."""
        role = record.role or (document.role if document else None)
        speaker = ident = None
        if record.speaker:
            # one session's speaker label is one person to its end: a surname another person of the session comes
            # to share later ("Deponent Whaley") must not hand the witness's last answers to someone else
            person = self._speakers.get((record.doc, record.speaker))
            if person is None:
                person = self._speakers[record.doc, record.speaker] = self.people.resolve(record.speaker, record.doc)
            speaker, ident = (person.label if person.kind != CONFIGURED else None), person.ident
            if person.kind == CONFIGURED and person.role:
                role = person.role
            elif not role:
                role = person.role
        elif document and document.interviewees:
            person = self.people.resolve(document.interviewees[0], record.doc)
            speaker, ident = (person.label if person.kind != CONFIGURED else None), person.ident
            role = role or person.role
        return role or "interviewee", speaker, ident

    def _clean_sheet_quote(self, document: Document | None, record: Record) -> None:
        cleaned = self.text_cleaner.clean(record.text, spoken=False, names=self._name_edits(record.doc, record.id))
        self._ledger_edits(record, cleaned)
        role, speaker, ident = self._attribution(record, document)
        text = cleaned.text
        if not text.strip():
            return
        pieces = [(0, len(text), word_count(text), 0)] if word_count(text) <= self.segmenter.max_words else self.segmenter.segment(text)
        for n, (start, end, words, _) in enumerate(pieces, 1):
            piece = text[start:end]
            o_start, o_end = cleaned.to_original(start, end)
            if words < 3:
                self._remove(record, "too_short", piece, o_start, o_end, None, "under 3 words: not a quote on its own")
                continue
            self._passage(record, document, record.kind, piece, f"{n:02d}", o_start, o_end,
                          quotable=True, role=role, speaker=speaker, person=ident)

    def _clean_answer(self, document: Document | None, turns: list[Record], context: str | None) -> None:
        """One speaker's answer to one question (turns a backchannel split joined) cut into passages that know
        their place in the answer: meta["answer"] holds the passage's index, the words before it and the passage
        before it; meta["turns"] the later turns a passage runs into (record, start, end)."""
        parts: list[tuple[Record, Cleaned]] = []
        for record in turns:
            cleaned = self.text_cleaner.clean(record.text, spoken=True, names=self._name_edits(record.doc, record.id))
            self._ledger_edits(record, cleaned)
            if cleaned.text.strip():
                parts.append((record, cleaned))
        if not parts:
            return
        role, speaker, ident = self._attribution(parts[0][0], document)
        numbers: Counter = Counter()
        previous: str | None = None
        for piece in answer_pieces(self.segmenter, [c.text for _, c in parts]):
            record, cleaned = parts[piece.part]
            numbers[record.id] += 1
            o_start, o_end = cleaned.to_original(piece.start, piece.end)
            if piece.words < self.min_words:
                self._remove(record, "too_short", piece.text, o_start, o_end, None,
                             f"under {self.min_words} words: not a quote on its own")
                continue
            meta: dict[str, Any] = {"answer": {"index": piece.index, "words_before": piece.words_before, "previous": previous}}
            if piece.continued:
                meta["turns"] = [[parts[k][0].id, *parts[k][1].to_original(a, b)] for k, a, b in piece.continued]
            passage_id = f"{record.id}.{numbers[record.id]:02d}"
            if self._passage(record, document, record.kind, piece.text, f"{numbers[record.id]:02d}", o_start, o_end,
                             quotable=True, role=role, speaker=speaker, person=ident, context=context, meta=meta):
                previous = passage_id

    # -- update pages -------------------------------------------------------------------------------------------

    def _clean_update_page(self, document: Document | None, records: list[Record]) -> None:
        doc = records[0].doc
        headings = [bool(r.meta.get("heading")) for r in records]
        furniture = classify_page([r.text for r in records], headings)
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
                    self._update_list(document, list_run)
                    list_run = []
                continue
            if i in furniture:
                reason, detail = furniture[i]
                replacement = None
                if reason == "heading":
                    section = replacement = self._section(record.text)
                    named = self.text_cleaner.clean(record.text, names=self._name_edits(doc, record.id))
                    for start, end, edit in named.edits:
                        if edit.reason in ("name", "public_name"):
                            self._remove(record, edit.reason, record.text[start:end], start, end, edit.replacement, edit.detail)
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
        last_speaker: str | None = None
        for i, record in enumerate(records):
            maybe = first[i]
            if maybe is None:
                continue
            cleaned = maybe
            self._ledger_edits(record, cleaned)
            limit = len(cleaned.text)
            if i in lead_ins:
                block = lead_ins[i]
                role, _, _ = self._quote_role(block.who, doc)
                o_start = cleaned.to_original(block.lead_in_start, limit)[0] if block.lead_in_start else 0
                self._remove(record, "attribution", record.text[o_start:], o_start, len(record.text), f"[{role}]",
                             "who said the quotation below: kept as its attribution")
                if not block.lead_in_start:
                    continue
                limit = block.lead_in_start        # the paragraph's own sentences before "... Murray says:"
            elif i in in_quote:
                self._update_quote(document, record, cleaned, *in_quote[i])
                continue
            last_speaker = self._update_paragraph(document, record, cleaned, limit, last_speaker)

    def _update_paragraph(self, document: Document | None, record: Record, cleaned: Cleaned, limit: int,
                          last_speaker: str | None) -> str | None:
        """An update paragraph (its first `limit` characters) as narrative passages, and the speech inside it as
        quotes (pipeline/text/speech.py); returns the last person it quotes, for a "He said" further on."""
        speech, last_speaker = find_inline_speech(cleaned.text[:limit], self._is_person, last_speaker)
        whole = len(speech) == 1 and speech[0].end - speech[0].start >= 0.9 * len(cleaned.text[:limit].strip())
        if not whole:
            final = self.text_cleaner.clean(cleaned.text[:limit], names=self._name_edits(record.doc, record.id, cleaned))
            self._ledger_second_layer(record, cleaned, final)
            # A paragraph longer than a passage (a page saved as one line) is cut at sentence ends like a turn.
            pieces = [(0, len(final.text))] if word_count(final.text) <= self.segmenter.max_words else \
                [(a, b) for a, b, _, _ in self.segmenter.segment(final.text)]
            for n, (a, b) in enumerate(pieces, 1):
                start, end = cleaned.to_original(*final.to_original(a, b))
                self._passage(record, document, UPDATE, final.text[a:b], f"{n:02d}", start, end, quotable=False,
                              role=None, speaker=None)
        for k, found in enumerate(speech, 1):
            role, speaker, ident = self._quote_role(found.who, record.doc)
            text = cleaned.text[found.start:found.end]
            a = b = inserted = 0
            if found.pronoun:
                a, b = found.pronoun[0] - found.start, found.pronoun[1] - found.start
                o_start, o_end = cleaned.to_original(*found.pronoun)
                self._remove(record, "attribution", text[a:b], o_start, o_end, f"[{role}]",
                             "the pronoun standing for the speaker, replaced by who they are")
                text = f"{text[:a]}[{role}]{text[b:]}"
                inserted = len(role) + 2
            quote = self.text_cleaner.clean(text, names=self._name_edits(record.doc, record.id, cleaned, found.start))
            if whole:
                for start, end, edit in quote.edits:
                    origin = _quote_origin(cleaned, found.start, start, end, (a, b, inserted))
                    self._remove(record, edit.reason, text[start:end], origin[0], origin[1], edit.replacement or None,
                                 edit.detail)
            words = quote.text
            for start, end, role_only in reversed(role_repeats(words)):   # "Minister for X, [Minister for X]"
                self._remove(record, "attribution", words[start:end], None, None, role_only,
                             "the page's own words for the speaker, folded into the role that replaced their name")
                words = words[:start] + role_only + words[end:]
            o_start, o_end = cleaned.to_original(found.start, found.end)
            self._passage(record, document, UPDATE_QUOTE, words, f"s{k}", o_start, o_end, quotable=True,
                          role=role, speaker=speaker, person=ident, index=self.speech_duplicates,
                          meta={"quoted_in": "update", "speech": found.speech, "paragraph": f"{record.id}.01"})
        return last_speaker

    def _update_list(self, document: Document | None, items: list[Record]) -> None:
        """A list of short lines (the 13 pilots of an annex) as one passage, items joined by semicolons."""
        cleaned = [self.text_cleaner.clean(item.text, names=self._name_edits(item.doc, item.id)) for item in items]
        for item, item_cleaned in zip(items, cleaned, strict=True):
            self._ledger_edits(item, item_cleaned)
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


    def _quote_role(self, who: str, doc: str) -> tuple[str, str | None, str | None]:
        """The role a quotation is attributed to, the speaker's pseudonym where the role is not known, and the
        speaker's pseudonymous id (one validation pack per person, even when two share a role)."""
        matches = self.finder.find(who)
        if matches:
            name = matches[0].name
            person = self.people.resolve(name, doc)
            if person.kind == CONFIGURED and person.role:
                return person.role, None, person.ident
            role = appositive_role(who) or leading_role(who, who[matches[0].start:matches[0].end])
            return role or person.label, person.label, person.ident
        role = re.sub(r"^(?:the|our|a|an)\s+", "", who.strip(), flags=re.I)
        return role, None, None

    def _update_quote(self, document: Document | None, record: Record, cleaned: Cleaned, block, span) -> None:
        role, speaker, ident = self._quote_role(block.who, record.doc)
        q_start, q_end = span
        quote = self.text_cleaner.clean(cleaned.text[q_start:q_end], names=self._name_edits(record.doc, record.id, cleaned, q_start))
        if word_count(quote.text) < 3:
            return
        for _part, (p_start, p_end) in (("before", (0, q_start)), ("after", (q_end, len(cleaned.text)))):
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
                      role=role, speaker=speaker, person=ident, meta=meta)

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
            "names_by_rule": dict(sorted(self.mentions.rules.items())),
            "recogniser": self.recogniser_counts,
            "recogniser_model": self.model,
        }
