"""Turn a Project Gutenberg text of a Warren Commission hearings volume into the oral-history JSON the pipeline reads.

The Hearings (GPO, 1964) are works of the US federal government, so in the public domain. Each "TESTIMONY OF ..."
heading starts a session: one witness questioned by the Commission and its counsel, in the printed form
"Mr. RANKIN. Question ..." / "Mrs. OSWALD. Answer ...". One session becomes one interview; the witness's turns are
the respondent's, every other speaker's (Commissioners, counsel, interpreters, the witness's own lawyer) are the
elicitor's. Speaker labels are kept exactly as printed (without the closing full stop).

A question or the oath printed with no speaker before a session's first label (once each in Volumes II and III) is a
questioner's turn labelled "The QUESTIONER (no label printed)", counted as `unlabelled_questions`.

Left out, and counted in each interview's metadata: the session heading and the paragraphs that only say who met
where ("The President's Commission met at ...", "Present were ...", "Also present were ..."), which are kept as
metadata; "Morning/Afternoon Session" headings; and paragraphs that are only a reporter's note in brackets
("(Brief recess.)", "(The document referred to was marked Commission Exhibit No. 1 ...)"). A paragraph without a
speaker label continues the turn before it. Text before the first session (foreword, contents) and after the last
(the transcriber's notes, the Gutenberg licence) is not read.

Usage: python tools/convert_warren_hearings.py GUTENBERG.txt OUT.json --volume 1 --ebook 44001
Deterministic: the same input gives the same bytes.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

_START = re.compile(r"^\*\*\* ?START OF (THIS|THE) PROJECT GUTENBERG", re.M)
_END_OF_HEARINGS = re.compile(r"^(Transcriber's Notes:|\*\*\* ?END OF (THIS|THE) PROJECT GUTENBERG)", re.M)
_DAY = re.compile(r"^_(?P<day>(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \w+ \d{1,2}, \d{4})_$")
_HEADING = re.compile(r"^TESTIMONY OF (?P<witness>.+?)(?P<resumed>,? RESUMED(?: IN (?:OPEN|EXECUTIVE) SESSION)?)?$")
_PART = re.compile(r"^(?:Morning|Afternoon|Evening) Session$")
# "The President's Commission met"; Volume VI's depositions open "The testimony of Dr. Charles J. Carrico was taken";
# Volume VIII's "The proceeding reconvened at 2 p.m.".
_MEETING = re.compile(r"^(?:The President's Commission (?:met|reconvened)\b|The proceedings? (?:was |were )?(?:reconvened|resumed)\b|(?:The )?(?:[Tt]estimony|[Dd]eposition) of .+ was taken\b)")
# Volumes VII and VIII add a sworn statement before the first question ("William J. Waldman, called as a witness
# herein, having been first duly sworn, was examined and testified as follows:"; "Edward Voebel, 4916 Canal Street,
# New Orleans, La., after first being duly sworn, testified as follows:"): part of the meeting record, not a turn.
_SWORN = re.compile(r"^[^?]{0,400}\btestified(?:,?\s+through\s+the\s+interpreters?(?:,\s+[^,?]{1,40})?)?,?\s+as follows:?$", re.S)
# Volume IV prints "Also present present were" once.
_PRESENT = re.compile(r"^(?:Also )?[Pp]resent (?:present )?(?:were|was)\b")
_OATH = re.compile(r"\b(?:right hand|solemnly swear)\b")
# "(A short recess was taken.)"; Volume V's "[NOTE.--The witness ... testified through the interpreters ...]".
_NOTE = re.compile(r"^(?:\(.*\)|\[(?:NOTE|Note).*\])\.?$", re.S)
# "The CHAIRMAN.", "Mr. RANKIN.", "Mrs. OSWALD.", "Mr. McKENZIE.", "Representative FORD.", "Senator COOPER.", Volume IV's "Governor CONNALLY.", Volume V's "Secretary RUSK." and "Ambassador THOMPSON." and the
# printer's variants "Mr OSWALD." / "MRS. OSWALD." / "THE CHAIRMAN." / "The Chairman." / "Mrs. OSWALD..". A surname
# must be in capitals, so that a sentence such as "Mr. Oswald said ..." is not taken for a label.
# Volume IX's "Mr. DE MOHRENSCHILDT": a particle printed apart.
_SURNAME = r"(?:(?:DE|DU|LE|VAN|VON) )?(?:Mc|Mac|De|Di|La|O')?[A-Z][A-Z'-]+"
_LABEL = re.compile(
    r"^(?P<label>(?:The|THE) (?:CHAIRMAN|Chairman)|(?:Mr|Mrs|Miss|Dr|MR|MRS|MISS|DR)\.? " + _SURNAME
    + r"|(?:Representative|Senator|Commander|Colonel|Major|General|Captain|Sergeant|Governor|Secretary|Ambassador|Agent"
    + r"|Chief|Lieutenant) " + _SURNAME + r")\.\.?\s+(?P<text>.*)$", re.S)
UNLABELLED = "The QUESTIONER (no label printed)"
_TITLE = re.compile(r"^(?:The |Mr\.? |Mrs\.? |Miss |Dr\.? |Representative |Senator |Commander |Colonel |Major |Maj\. Gen\. |Maj\. |General |Gen\. |Captain |Sergeant |Sgt\. |Governor |Gov\. |Secretary |Ambassador |Agent |Comdr\. |Lt\. Col\. "
                    r"|Assistant Chief |Chief |Capt\. |Lt\. |Lieutenant |Detective |Sheriff )",
                    re.I)
# The heading's abbreviations as the speaker labels spell them ("COMDR. JAMES J. HUMES" speaks as "Commander HUMES").
_TITLE_SPELLED = {"comdr": "commander", "lt. col": "colonel", "gov": "governor", "maj": "major", "sgt": "sergeant",
                  "maj. gen": "general", "gen": "general", "capt": "captain", "lt": "lieutenant",
                  "assistant chief": "chief"}
# Volume XII's police ranks: "CHIEF JESSE E. CURRY" speaks as "Mr. CURRY", "CAPT. W. B. FRAZIER" as "Captain FRAZIER"
# and "Mr. FRAZIER", "SGT. JAMES A. PUTNAM" as "Sergeant PUTNAM" and "Mr. PUTNAM", "ASSISTANT CHIEF CHARLES
# BATCHELOR" as "Chief BATCHELOR".
_ADDRESSED_AS_MR = {"chief", "captain", "lieutenant", "sergeant", "detective", "sheriff"}
# Labels of the Commission's members, never a witness's: "Representative FORD" questions the witness Declan P. Ford.
_MEMBER_TITLES = {"the", "representative", "senator"}
# What a heading adds after the name: "ROY H. KELLERMAN, SPECIAL AGENT, SECRET SERVICE"; "JAMES RICHARD WORRELL, JR.";
# Volume X's "PHILIP GERACI III".
# Volume VIII's "MRS. FRANK H. RAY (VALENTINA)": a wife's own given name after her husband's.
_OWN_NAME = re.compile(r"\s*\([^()]*\)$")
_DESCRIPTION = re.compile(r",\s+(?!(?:JR|SR)\.?$).*$")
_SUFFIX = re.compile(r",?\s+(?:JR|SR|II|III|IV)\.?$")
# Volume V's "THE HON. DEAN RUSK, SECRETARY OF STATE" testifies as "Secretary RUSK": the honorific is no title.
_HONOURABLE = re.compile(r"^(?:THE )?HON\.\s+", re.I)


def paragraphs(text: str) -> list[tuple[int, str]]:
    """(first line number, text) for each blank-line-separated paragraph, its lines joined with single spaces."""
    found: list[tuple[int, str]] = []
    lines: list[str] = []
    first = 0
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            if not lines:
                first = number
            lines.append(line.strip())
        elif lines:
            found.append((first, " ".join(lines)))
            lines = []
    if lines:
        found.append((first, " ".join(lines)))
    return found


def surname_key(label: str) -> tuple[str, str]:
    """'Mrs. OSWALD' and 'MRS. LEE HARVEY OSWALD' both give ('mrs', 'oswald'): title and surname, case folded."""
    label = _HONOURABLE.sub("", _SUFFIX.sub("", _DESCRIPTION.sub("", _OWN_NAME.sub("", label))))
    title = _TITLE.match(label)
    spelled = title.group(0).strip().rstrip(".").lower() if title else ""
    return (_TITLE_SPELLED.get(spelled, spelled), label.split()[-1].lower())


def witnesses(heading: str) -> list[str]:
    """The people a heading names: Volume V's "JOHN A. McCONE AND RICHARD M. HELMS" and Volume XI's "MRS. LEE HARVEY
    OSWALD, EDITH WHITWORTH, AND GERTRUDE HUNTER" testify together; one heading alone is one witness (a heading
    without " AND " may still carry a description after a comma: "ROY H. KELLERMAN, SPECIAL AGENT")."""
    if " AND " not in heading:
        return [heading]
    return [part for part in re.split(r",?\s+AND\s+|,\s+", heading) if part and not _SUFFIX.fullmatch(" " + part)]


def is_witness(speaker: str, witness: str) -> bool:
    """Whether a speaker label names the session's witness: same surname, and same title where the heading has one."""
    speaker_title, speaker_surname = surname_key(speaker)
    witness_title, witness_surname = surname_key(witness)
    if witness_title in _ADDRESSED_AS_MR:
        return speaker_surname == witness_surname and speaker_title in (witness_title, "mr")
    if witness_title:
        return speaker_surname == witness_surname and speaker_title == witness_title
    return speaker_surname == witness_surname and speaker_title not in _MEMBER_TITLES


def convert(text: str, volume: int, ebook: str, source_name: str) -> list[dict]:
    """The sessions of one hearings volume as interviews."""
    text = text.replace("\r\n", "\n")
    start = _START.search(text)
    if not start:
        raise ValueError("no '*** START OF THIS PROJECT GUTENBERG' line")
    body_start = text.count("\n", 0, start.end())
    body = text[start.end():]
    end = _END_OF_HEARINGS.search(body)
    if end:
        body = body[:end.start()]
    interviews: list[dict] = []
    day: str | None = None
    part: str | None = None
    session: dict | None = None
    for line, paragraph in paragraphs(body):
        line += body_start
        if (match := _DAY.match(paragraph)):
            day, part = match.group("day"), None
            continue
        if _PART.match(paragraph):
            part = paragraph
            continue
        if (match := _HEADING.match(paragraph)):
            session = {"witness": match.group("witness"), "resumed": bool(match.group("resumed")), "day": day,
                       "part": part, "first_line": line, "last_line": line, "meeting": [], "present": [],
                       "notes_left_out": 0, "turns": []}
            interviews.append(session)
            part = None
            continue
        if session is None:
            continue
        session["last_line"] = line
        if not session["turns"] and (_MEETING.match(paragraph) or _SWORN.match(paragraph)):
            session["meeting"].append(paragraph)
        elif not session["turns"] and _PRESENT.match(paragraph):
            session["present"].append(paragraph)
        elif _NOTE.match(paragraph):
            session["notes_left_out"] += 1
        elif (match := _LABEL.match(paragraph)):
            session["turns"].append({"speaker": match.group("label"), "paragraphs": [match.group("text")]})
        elif session["turns"]:
            session["turns"][-1]["paragraphs"].append(paragraph)
        elif paragraph.endswith("?") or _OATH.search(paragraph):
            # Volume II prints the opening question to Peter Paul Gregory with no speaker, Volume III the oath put to
            # Harold Norman: a questioner's turn, under a label that says so, counted in the metadata.
            session["turns"].append({"speaker": UNLABELLED, "paragraphs": [paragraph]})
            session["unlabelled"] = session.get("unlabelled", 0) + 1
        else:
            raise ValueError(f"{source_name}, line {line}: text before the first speaker of a session: "
                             f"{paragraph[:60]!r}")
    place_of_day: dict[str | None, str] = {}
    for session in interviews:
        if any("Washington, D.C." in m for m in session["meeting"]):
            place_of_day.setdefault(session["day"], "Washington, D.C.")
        session["place"] = place_of_day.get(session["day"])
    # A heading that names several witnesses ("... KELLERMAN, WILLIAM ROBERT GREER, CLINTON J. HILL, AND RUFUS
    # WAYNE YOUNGBLOOD") only announces the sessions under it: it has no turns of its own.
    interviews = [s for s in interviews if s["turns"] or " AND " not in s["witness"]]
    return [as_interview(number, session, volume, ebook, source_name)
            for number, session in enumerate(interviews, 1)]


def as_interview(number: int, session: dict, volume: int, ebook: str, source_name: str) -> dict:
    turns, elicitors, respondents = [], [], []
    for turn_id, turn in enumerate(session["turns"]):
        speaker = turn["speaker"]
        answers = any(is_witness(speaker, witness) for witness in witnesses(session["witness"]))
        names = respondents if answers else elicitors
        if speaker not in names:
            names.append(speaker)
        turns.append({"turn_id": turn_id, "speaker": speaker, "role": "respondent" if answers else "elicitor",
                      "utterance": "\n\n".join(turn["paragraphs"])})
    if not respondents:
        raise ValueError(f"{source_name}, line {session['first_line']}: no turn of the witness "
                         f"{session['witness']!r} was found")
    place = session["place"]  # an afternoon session's "reconvened" line names no place: the morning's holds
    date = session["day"].split(", ", 1)[1] if session["day"] else None
    metadata = {
        "collection": "warren-commission-hearings",
        "collection_title": f"Hearings Before the President's Commission on the Assassination of President "
                            f"Kennedy, Volume {volume} (US Government Printing Office, 1964)",
        "subtitle_interviewee": session["witness"],
        "session": ("resumed" if session["resumed"] else "first") + (f", {session['part']}" if session["part"] else ""),
        "day": session["day"],
        "meeting": session["meeting"],
        "present": session["present"],
        "notes_left_out": session["notes_left_out"],
        **({"unlabelled_questions": session["unlabelled"]} if session.get("unlabelled") else {}),
        "source_file": source_name,
        "source_lines": f"{session['first_line']}-{session['last_line']}",
        "document_link": f"https://www.gutenberg.org/ebooks/{ebook}",
    }
    if date:
        metadata["location_date"] = f"{place} – {date}" if place else date
    return {"dialogue_id": f"warren-commission-hearings-v{volume:02d}-{number:02d}", "metadata": metadata,
            "domain": "testimony", "elicitors": elicitors, "respondents": respondents, "turns": turns}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="the Gutenberg plain-text file (e.g. 44001-8.txt)")
    parser.add_argument("out", type=Path, help="the JSON file to write")
    parser.add_argument("--volume", type=int, required=True, help="the hearings volume number (1 to 15)")
    parser.add_argument("--ebook", required=True, help="the Project Gutenberg ebook number")
    args = parser.parse_args(argv)
    try:
        text = args.source.read_bytes().decode("latin-1")
        interviews = convert(text, args.volume, args.ebook, args.source.name)
    except (OSError, ValueError) as exc:
        print(f"convert_warren_hearings: {exc}", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(interviews, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    turns = sum(len(i["turns"]) for i in interviews)
    print(f"{len(interviews)} interviews, {turns} turns -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
