"""Interview transcripts as text (.txt, .md) or Word (.docx): `Speaker Name: text` turns.

A turn runs until the next speaker line. `Q:`/`A:` (and Interviewer/Interviewee/Respondent) are accepted.
Optional YAML front matter names the interview: id, interviewee, role, organisation, place, date, interviewers.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

from ..dates import parse_date
from ..problems import InputError, ProblemLog
from ..records import ANSWER, INTERVIEW, QUESTION, Document, Record
from ..textfile import DecodedText, line_of, read_text
from .frontmatter import as_list, split_front_matter

_NAME_WORD = r"(?:[A-Z][\w'’.\-]*|de|van|von|der|den|la|le|du|da|di|del|bin|al|Mc\w+)"
SPEAKER_LINE = re.compile(
    r"^[ \t]*(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?[\])]?[ \t]+)?"       # optional timestamp
    r"(?:\*\*)?(?P<speaker>" + _NAME_WORD + r"(?:[ \t]+" + _NAME_WORD + r"){0,4})(?:\*\*)?"
    r"[ \t]*:(?:\*\*)?(?:[ \t]+(?P<text>.*)|[ \t]*)$",
    re.M,
)
INTERVIEWER_LABELS = {"q", "int", "interviewer", "question", "i"}
INTERVIEWEE_LABELS = {"a", "answer", "interviewee", "respondent", "r"}
# Labels that open a line like a speaker but are headings or fields.
NOT_SPEAKERS = {
    "note", "notes", "date", "time", "location", "place", "subject", "re", "tel", "telephone", "phone", "email",
    "e-mail", "contact", "category", "posted", "source", "title", "summary", "background", "action", "recommendation",
    "recommendations", "tags", "transcript", "audio", "recording", "duration", "file", "page", "see", "also", "ps",
    "nb", "update", "updates", "agenda", "item", "present", "apologies", "minutes", "interview", "www", "http", "https",
    "warning", "example", "for example", "key", "theme", "themes", "question", "answer",
}


def _norm(label: str) -> str:
    return re.sub(r"\s+", " ", label.strip().strip("*").rstrip(".")).lower()


def _name_keys(name: str) -> set[str]:
    """A person's name and its first and last words, lowercased, to match speaker labels."""
    words = [w for w in re.split(r"\s+", name.strip()) if w]
    keys = {_norm(name)}
    if words:
        keys.add(words[0].lower())
        keys.add(words[-1].lower())
    return keys


def parse_turns(body: str, body_start: int, full_text: str, interviewers: list[str], interviewees: list[str]):
    """Split a transcript body into (speaker, text, start, end, line, is_question) turns."""
    matches = []
    for match in SPEAKER_LINE.finditer(body):
        label = _norm(match.group("speaker"))
        if label in NOT_SPEAKERS and label not in INTERVIEWER_LABELS | INTERVIEWEE_LABELS:
            continue
        matches.append(match)
    if not matches:
        return [], None
    interviewer_keys = set().union(*(_name_keys(n) for n in interviewers)) if interviewers else set()
    interviewee_keys = set().union(*(_name_keys(n) for n in interviewees)) if interviewees else set()
    turns: list[list[Any]] = []     # [speaker, text, start, end, line, is_question]
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(body)
        text_start = match.start("text") if match.group("text") is not None else match.end()
        text = body[text_start:end].strip()
        lead = len(body[text_start:end]) - len(body[text_start:end].lstrip())
        start = body_start + text_start + lead
        speaker = match.group("speaker").strip().strip("*")
        turns.append([speaker, text, start, start + len(text), line_of(full_text, body_start + match.start()), None])
    labels = Counter(_norm(t[0]) for t in turns)
    for turn in turns:
        label = _norm(turn[0])
        if label in INTERVIEWER_LABELS or label in interviewer_keys:
            turn[5] = True
        elif label in INTERVIEWEE_LABELS or label in interviewee_keys:
            turn[5] = False
    if any(t[5] is None for t in turns) and not interviewers:
        # No interviewers named: the speaker whose turns most often end in a question mark asks the questions.
        unknown = {l for l in labels if l not in INTERVIEWEE_LABELS and l not in interviewee_keys}
        if len(labels) >= 2 and unknown:
            def question_share(label):
                own = [t for t in turns if _norm(t[0]) == label]
                return sum(t[1].rstrip().endswith("?") for t in own) / len(own)
            asker = max(sorted(unknown), key=question_share)
            if question_share(asker) > 0:
                for turn in turns:
                    if turn[5] is None:
                        turn[5] = _norm(turn[0]) == asker
    preamble = body[: matches[0].start()].strip()
    return [tuple(t[:5]) + (bool(t[5]),) for t in turns], preamble or None


def _docx_text(path: Path) -> str:
    """Paragraphs of a Word file, one per line; two-column tables read as `Speaker: text`."""
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as exc:  # pragma: no cover - python-docx is a dependency
        raise InputError(f"python-docx is not installed: {exc}") from None
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"not a readable .docx file ({type(exc).__name__}: {exc})") from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells]
            if len(cells) >= 2 and cells[0] and cells[1]:
                lines.append(f"{cells[0]}: {' '.join(cells[1:])}")
    return "\n".join(lines)


def read_transcript(path: Path, rel: str, problems: ProblemLog, doc_id: str | None = None):
    """Yield one (Document, records) for a transcript file; raise InputError when it has no turns."""
    if path.suffix.lower() == ".docx":
        decoded = DecodedText(_docx_text(path), "docx")
        if not decoded.text.strip():
            raise InputError("empty document")
    else:
        decoded = read_text(path)
    text = decoded.text
    front = split_front_matter(text)
    if front.problem:
        problems.warning(path, f"{front.problem}; read without it", front.problem_line)
    meta = front.data
    interviewees = as_list(meta.get("interviewee") or meta.get("interviewees"))
    interviewers = as_list(meta.get("interviewers") or meta.get("interviewer"))
    body = text[front.body_start:]
    turns, preamble = parse_turns(body, front.body_start, text, interviewers, interviewees)
    if not turns:
        raise InputError("no speaker lines: expected turns as 'Speaker Name: text' or 'Q:'/'A:'", None)
    if preamble:
        problems.warning(path, f"text before the first speaker line is not part of any turn ({len(preamble.split())} words, kept out)", front.body_line)
    doc = str(meta.get("id") or doc_id or path.stem)
    date = parse_date(str(meta["date"])) if meta.get("date") else None
    role = str(meta["role"]) if meta.get("role") else None
    organisation = meta.get("organisation") or meta.get("organization")
    place = meta.get("place")
    if not interviewees:
        interviewees = sorted({t[0] for t in turns if not t[5] and _norm(t[0]) not in INTERVIEWEE_LABELS})
    document = Document(
        doc=doc, source=rel, kind=INTERVIEW, title=str(meta["title"]) if meta.get("title") else None, interviewees=interviewees,
        interviewers=interviewers or sorted({t[0] for t in turns if t[5] and _norm(t[0]) not in INTERVIEWER_LABELS}),
        role=role, organisation=str(organisation) if organisation else None, place=str(place) if place else None,
        date=date, encoding=decoded.encoding,
        meta={k: v for k, v in meta.items() if k not in {"id", "interviewee", "interviewees", "interviewers", "interviewer", "role", "organisation", "organization", "place", "date", "title"}},
    )
    records = []
    for number, (speaker, turn_text, start, end, line, is_question) in enumerate(turns):
        if not turn_text:
            continue
        records.append(Record(
            id=f"{doc}/t{number:04d}", doc=doc, source=rel, kind=QUESTION if is_question else ANSWER, text=turn_text,
            speaker=speaker, role=("interviewer" if is_question else role), organisation=None if is_question else document.organisation,
            place=document.place, date=date, turn=number, line=line, start=start, end=end,
        ))
    if records and not any(r.kind == ANSWER for r in records):
        problems.warning(path, f"only interviewer turns ({len(records)}): nothing to quote; the questions are kept as context "
                               "(is the interviewee named as an interviewer in the front matter?)")
    return [(document, records)]
