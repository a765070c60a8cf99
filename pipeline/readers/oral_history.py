"""Oral-history interviews as JSON: a list of `{dialogue_id, metadata, elicitors, respondents, turns[...]}`.

The schema is that of the public-domain collections shipped in corpus/public-service-oral-histories
(NASA JSC, JFK Library Returned Peace Corps Volunteers, National Archives NPRC).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..dates import parse_date
from ..problems import InputError, ProblemLog
from ..records import ANSWER, INTERVIEW, QUESTION, Document, Record
from ..textfile import read_text

# The interviewee's organisation by collection, where the collection says it.
COLLECTION_ORGANISATIONS = {
    "jsc_oral_history": "NASA",
    "returned_peace_corps_volunteers": "Peace Corps",
    "nprc_oral_histories": "National Archives",
}
_PEACE_CORPS = re.compile(
    r"served as an? Peace Corps volunteer in (?:the )?(?P<place>[A-Z][\w .'’-]*?)\s+from\s+(?:\w+\s+)?(?P<y1>\d{4})\s+to\s+(?:\w+\s+)?(?P<y2>\d{4})"
    r"(?:\s+as\s+(?:an?\s+)?(?P<job>[^.(;]+))?",
    re.I,
)
_LOCATION_DATE = re.compile(r"^(?P<place>.*?)\s*[–—-]\s*(?P<date>[^–—-]*\d{4})\s*$")


def _role_and_place(metadata: dict[str, Any], collection: str) -> tuple[str | None, str | None]:
    """The interviewee's role and the place their story is set, where the metadata tells."""
    description = str(metadata.get("description") or "")
    match = _PEACE_CORPS.search(description)
    if match:
        job = (match.group("job") or "").strip().rstrip(",")
        place = match.group("place").strip()
        role = f"Peace Corps volunteer, {place} {match.group('y1')}–{match.group('y2')}"
        if job and len(job.split()) <= 6:
            role += f" ({job})"
        return role, place
    if collection == "nprc_oral_histories":
        return "National Archives staff member", metadata.get("places")
    return None, metadata.get("places")


def _date_and_place(metadata: dict[str, Any]) -> tuple[str | None, str | None]:
    location_date = metadata.get("location_date")
    if location_date:
        match = _LOCATION_DATE.match(str(location_date))
        if match:
            return parse_date(match.group("date")), match.group("place").strip(" ,") or None
        return parse_date(str(location_date)), None
    date = parse_date(metadata.get("dates_of_materials") or metadata.get("date"))
    return date, metadata.get("location_of_interview")


def read_oral_histories(path: Path, rel: str, problems: ProblemLog):
    """Yield (Document, records) for each interview in the file; bad interviews are warned about and skipped."""
    decoded = read_text(path)
    try:
        data = json.loads(decoded.text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg} (column {exc.colno})", exc.lineno) from None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise InputError("expected a list of interviews, each with 'turns'")
    results = []
    for index, interview in enumerate(data):
        if not isinstance(interview, dict):
            problems.warning(path, f"interview {index}: not an object; skipped")
            continue
        doc = str(interview.get("dialogue_id") or f"{path.stem}-{index:03d}")
        turns = interview.get("turns")
        if not isinstance(turns, list) or not turns:
            problems.warning(path, f"interview {index} ({doc}): no 'turns' list; skipped")
            continue
        metadata: dict[str, Any] = interview["metadata"] if isinstance(interview.get("metadata"), dict) else {}
        collection = str(interview.get("collection") or "")
        elicitors = [str(n) for n in interview.get("elicitors") or []]
        respondents = [str(n) for n in interview.get("respondents") or []]
        if not respondents and metadata.get("interviewee_name"):
            respondents = [str(metadata["interviewee_name"])]
        if not respondents and metadata.get("subtitle_interviewee"):
            respondents = [str(metadata["subtitle_interviewee"])]
        role, story_place = _role_and_place(metadata, collection)
        date, place = _date_and_place(metadata)
        organisation = COLLECTION_ORGANISATIONS.get(collection)
        source = f"{rel}#{doc}"
        document = Document(
            doc=doc, source=source, kind=INTERVIEW, title=interview.get("title") or metadata.get("item_link_text"),
            interviewees=respondents, interviewers=elicitors, role=role, organisation=organisation,
            place=story_place or place, date=date, encoding=decoded.encoding,
            meta={"collection": metadata.get("collection") or collection, "category": metadata.get("category"),
                  "interview_place": place, "link": metadata.get("document_link") or metadata.get("item_link") or metadata.get("file_url")},
        )
        records = []
        for position, turn in enumerate(turns):
            if not isinstance(turn, dict) or not isinstance(turn.get("utterance"), str):
                problems.warning(path, f"interview {doc}, turn {position}: no 'utterance' text; skipped")
                continue
            speaker = str(turn.get("speaker") or "")
            turn_role = turn.get("role")
            if turn_role not in ("elicitor", "respondent"):
                turn_role = "elicitor" if speaker in elicitors else "respondent"
            number = turn.get("turn_id", position)
            number = number if isinstance(number, int) else position
            is_question = turn_role == "elicitor"
            text = turn["utterance"]
            if not text.strip():
                continue
            records.append(Record(
                id=f"{doc}/t{number:04d}", doc=doc, source=source, kind=QUESTION if is_question else ANSWER, text=text,
                speaker=speaker or None, role="interviewer" if is_question else role,
                organisation=None if is_question else organisation, place=document.place, date=date, turn=number,
                start=0, end=len(text), meta={"timestamp": turn["timestamp"]} if turn.get("timestamp") else {},
            ))
        if not records:
            problems.warning(path, f"interview {doc}: no usable turns; skipped")
            continue
        if not any(r.kind == ANSWER for r in records):
            problems.warning(path, f"interview {doc}: only interviewer turns ({len(records)}): nothing to quote; "
                                   "the questions are kept as context")
        results.append((document, records))
    if not results:
        raise InputError("no usable interviews in the file")
    return results
