"""The records that pass between stages, defined in one place.

Every stage reads and writes JSON Lines: one record per line, UTF-8, keys as named here. Streams are
re-iterable (gensim's corpus idiom), so a stage can make two passes over its input without holding it all.

    ingest  -> Record      outputs/<history>/ingest/records.jsonl    (+ documents.jsonl: one Document per source)
    clean   -> Passage     outputs/<history>/clean/passages.jsonl    quotable and readable passages
               Context     outputs/<history>/clean/context.jsonl     interviewer questions, kept as context
               Removal     outputs/<history>/clean/removed.jsonl     the ledger: every removed or altered span
    tag     -> Tags        outputs/<history>/tag/tags.jsonl          keyed by passage id
    model   -> model.json, distributions.jsonl (each passage's weight on every theme), k_scores.json, embeddings.npy
    themes  -> Assignment  outputs/<history>/themes/assignments.jsonl (the model with themes.yaml applied)
               (themes.json holds a list of Theme dicts, below; k_scores.json the k curve)

themes.json: history, model, embedder (hybrid: minilm or static), model_params, k, k_range [min, max], k_at_edge, k_chosen_by, k_kept_from_previous_run
(true where the last run's k was kept because it is still within one standard error of the best), flags (history-wide:
"k_at_edge", "seed_without_theme"; each {"flag", "detail"}), unmatched_seeds, embedded (passages embedded this run;
the rest came from the cache), coherence_npmi, stability, diversity, assign_threshold, passages, excluded,
unassigned, unassigned_share, vocabulary, seeded_codes, themes. Each theme:
    id, label, model_label     label terms joined by " · " (label is the researcher's name after a rename)
    label_terms                [{term, label, passages, coverage, lift}]: the passages of the theme using the term,
                               that share ("in 38% of its passages") and its lift over the whole history; an entry
                               with "code": true is a codebook code leading the label of a theme no term covers
    label_coverage             the first label term's coverage
    codes                      [{code, passages, coverage, lift}]: codebook codes over-represented in the theme
    terms, phrases             the model's top terms ({term, label, weight}) and the key phrases among them
    size, coherence (NPMI of the top terms), label_coherence, seed, procedural_share, sources_share, weak_fits
    flags                      [{flag, detail}]: negative_coherence, low_coherence, one_source, procedural,
                               weak_fits, thin_label
    yaml                       a themes.yaml snippet (rename, merge, split, drop, pin, exclude), lines commented
k_scores.json: chosen, criterion ("silhouette" or "npmi+stability" or "fixed"), range, at_edge, kept_previous, scores: [{k, npmi,
stability, diversity, score, silhouette (hybrid model), chosen}].
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar

# Kinds of record. Ingest produces the first four; clean adds UPDATE_QUOTE for quoted speech in updates.
ANSWER = "interviewee_turn"
QUESTION = "interviewer_question"
SHEET_QUOTE = "quote_sheet_quote"
UPDATE = "update_paragraph"
UPDATE_QUOTE = "update_quote"
# Kinds whose passages are participants' words: the only ones chapters may quote.
QUOTE_KINDS = (ANSWER, SHEET_QUOTE, UPDATE_QUOTE)

# Kinds of source document.
INTERVIEW = "interview"
QUOTE_SHEET = "quote_sheet"
UPDATE_TEXT = "update"


class _Record:
    """Shared JSON plumbing: to_dict drops nothing, from_dict ignores keys it does not know."""

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}  # type: ignore[arg-type]  # subclasses are dataclasses

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
        names = cls._field_names()
        return cls(**{k: v for k, v in data.items() if k in names})

    @classmethod
    def _field_names(cls) -> frozenset:
        cached = cls.__dict__.get("_names")
        if cached is None:
            cached = frozenset(f.name for f in fields(cls))  # type: ignore[arg-type]
            cls._names = cached  # type: ignore[attr-defined]
        return cached


@dataclass
class Document(_Record):
    """One source document: an interview, an update page, a quote sheet."""

    doc: str                      # stable document id, unique within the history
    source: str                   # path relative to the history folder ("#id" appended inside multi-interview files)
    kind: str                     # INTERVIEW, QUOTE_SHEET or UPDATE_TEXT
    title: str | None = None
    interviewees: list[str] = field(default_factory=list)
    interviewers: list[str] = field(default_factory=list)
    role: str | None = None       # the interviewee's role, where known
    organisation: str | None = None
    place: str | None = None
    date: str | None = None       # ISO date (YYYY-MM-DD, or YYYY-MM / YYYY when that is all that is known)
    encoding: str = "utf-8"
    sha256: str | None = None
    records: int = 0
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Record(_Record):
    """One unit of raw material as ingest found it: a speaker turn, a quote-sheet row, an update paragraph."""

    id: str                       # "<doc>/t0005" (turn), "<doc>/r0012" (sheet row), "<doc>/p0031" (paragraph)
    doc: str
    source: str                   # path relative to the history folder
    kind: str                     # ANSWER, QUESTION, SHEET_QUOTE, UPDATE or UPDATE_QUOTE
    text: str                     # exactly as in the source (after decoding)
    speaker: str | None = None    # the name as the source gives it; clean replaces names with roles
    role: str | None = None
    organisation: str | None = None
    place: str | None = None
    date: str | None = None
    date_end: str | None = None
    section: str | None = None    # nearest heading above an update paragraph
    turn: int | None = None       # turn number within an interview
    line: int | None = None       # 1-based line in the source file, where the source has lines
    start: int | None = None      # character offsets of `text` in the decoded source (or in the turn's utterance)
    end: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Passage(_Record):
    """A cleaned, private, quotable unit: what researchers read and writers quote."""

    id: str                       # "<record id>.<n>": stable while the record's text is unchanged
    record: str                   # the ingest record it came from
    doc: str
    source: str
    kind: str
    text: str
    role: str | None = None       # attribution: a role, never a name
    speaker: str | None = None    # a stable pseudonym ("Interviewee 3") where a role is not known
    person: str | None = None     # the speaker's stable pseudonymous id ("Interviewee 3", "Participant 4"), never a name
    organisation: str | None = None
    place: str | None = None
    date: str | None = None
    date_end: str | None = None
    section: str | None = None
    turn: int | None = None
    start: int | None = None      # offsets into the record's text
    end: int | None = None
    context: str | None = None    # id of the Context (interviewer question) this passage answers
    quotable: bool = False        # participants' words, within length bounds
    words: int = 0
    sentences: int = 0
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Context(_Record):
    """An interviewer's question, cleaned, kept so a quote can be shown with what it answered."""

    id: str
    record: str
    doc: str
    source: str
    text: str
    turn: int | None = None
    role: str | None = "interviewer"


@dataclass
class Removal(_Record):
    """One entry of the cleaning ledger: what was removed or altered, where, and why."""

    record: str
    source: str
    reason: str                   # spam, boilerplate, heading, duplicate, pii, too_short, ...
    text: str                     # the removed or original text
    start: int | None = None      # offsets into the record's text
    end: int | None = None
    replacement: str | None = None
    detail: str | None = None     # e.g. "duplicate of <passage id>", "email", "phone"
    signals: list[str] | None = None   # spam only: the evidence that fired ("commercial", "foreign", "breaks", ...)


@dataclass
class Tags(_Record):
    """What the tag stage knows about one passage."""

    id: str                       # passage id
    doc: str
    codes: list[str] = field(default_factory=list)
    code_hits: dict[str, list[str]] = field(default_factory=dict)   # code -> the terms that matched
    places: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    acronyms: dict[str, str] = field(default_factory=dict)
    tone: float = 0.0             # VADER compound, -1 .. 1
    tone_label: str = "neutral"   # critical, supportive or neutral
    phrases: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)   # lemmas with key phrases joined by "_": the themes stage's input
    date: str | None = None
    date_end: str | None = None


@dataclass
class Assignment(_Record):
    """A passage's theme distribution and its primary theme (None when below the assignment weight).

    fit: how well the passage fits its theme (cosine of its embedding to the theme's centre; for words-only models
    its weight); weak_fit: closer in meaning to another theme, or in the theme's lowest tenth: select never picks
    it as representative."""

    id: str
    doc: str
    source: str
    theme: str | None
    weight: float
    distribution: dict[str, float] = field(default_factory=dict)
    pinned: bool = False
    fit: float | None = None
    weak_fit: bool = False
    excluded: bool = False        # themes.yaml `exclude:`: in no theme and never quoted


R = TypeVar("R", bound=_Record)


class JsonlStream:
    """A re-iterable stream over a JSON Lines file; yields dicts, or records when given a record type."""

    def __init__(self, path: Path | str, record_type: type[R] | None = None):
        self.path = Path(path)
        self.record_type = record_type

    def __iter__(self) -> Iterator:
        with open(self.path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    data = json.loads(line)
                    yield self.record_type.from_dict(data) if self.record_type else data

    def __len__(self) -> int:
        with open(self.path, encoding="utf-8") as handle:
            return sum(1 for line in handle if line.strip())


def dumps(record: _Record | dict) -> str:
    data = record.to_dict() if isinstance(record, _Record) else record
    return json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))


class JsonlWriter:
    """Writes records to `path` through a temporary file, replaced atomically on close."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._tmp = self.path.with_name(self.path.name + ".tmp")
        self._handle = open(self._tmp, "w", encoding="utf-8")
        self.count = 0

    def write(self, record: _Record | dict) -> None:
        self._handle.write(dumps(record))
        self._handle.write("\n")
        self.count += 1

    def close(self) -> None:
        if not self._handle.closed:
            self._handle.close()
            os.replace(self._tmp, self.path)

    def abort(self) -> None:
        if not self._handle.closed:
            self._handle.close()
        self._tmp.unlink(missing_ok=True)

    def __enter__(self) -> JsonlWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def write_json(path: Path | str, data: Any) -> None:
    """Write JSON atomically, keys in a stable order, so equal content gives equal bytes."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def read_json(path: Path | str) -> Any:
    return json.loads(Path(path).read_text(encoding="utf-8"))


ZIP_DATE = (2010, 1, 1, 0, 0, 0)   # one date for every zip member, so equal content gives equal bytes


def write_zip(path: Path | str, members: Iterable[tuple[str, bytes]]) -> None:
    """Write a zip file atomically: members deflated, in the order given, all dated ZIP_DATE."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w") as archive:
        for name, data in members:
            archive.writestr(zipfile.ZipInfo(name, date_time=ZIP_DATE), data, compress_type=zipfile.ZIP_DEFLATED)
    os.replace(tmp, path)


def save_docx(document: Any, path: Path | str) -> None:
    """Save a python-docx Document so the same document gives the same bytes (python-docx dates members now)."""
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as source:
        write_zip(path, [(info.filename, source.read(info)) for info in source.infolist()])
