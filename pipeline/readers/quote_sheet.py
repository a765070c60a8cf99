"""Quote sheets: CSV with a `text` column and optional interview, speaker, role, place, date.

These are what a learning-history team keeps in a spreadsheet during interviews: one quote per row.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..dates import parse_date
from ..problems import InputError, ProblemLog
from ..records import QUOTE_SHEET, SHEET_QUOTE, Document, Record
from ..textfile import read_text

COLUMNS = ("text", "interview", "speaker", "role", "organisation", "place", "date", "id")
ALIASES = {"quote": "text", "organization": "organisation", "interviewee": "speaker", "source": "interview"}


def _dialect(sample: str):
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        return csv.excel


MAX_CELL_CHARS = 1_000_000     # Python's csv refuses cells over 131,072 characters unless told otherwise


def read_quote_sheet(path: Path, rel: str, problems: ProblemLog):
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CELL_CHARS))
    decoded = read_text(path)
    text = decoded.text
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text[:4096]))
    try:
        header = next(reader)
    except csv.Error as exc:
        raise InputError(f"not valid CSV: {exc}", reader.line_num or 1) from None
    except StopIteration:
        raise InputError("empty file") from None
    names = [ALIASES.get(h.strip().lower(), h.strip().lower()) for h in header]
    if "text" not in names:
        shown = ", ".join(h.strip() for h in header) or "(none)"
        raise InputError(f"no 'text' column (columns: {shown})", 1)
    doc = path.stem
    records = []
    previous_line = reader.line_num
    row_number = 0
    while True:
        start_line = previous_line + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:     # one bad row (an over-long cell, a stray quote) costs that row only
            problems.warning(path, f"row skipped: not valid CSV ({exc})", start_line)
            if reader.line_num == previous_line:
                break
            previous_line = reader.line_num
            continue
        previous_line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        row_number += 1
        if len(row) != len(names):
            problems.warning(path, f"row has {len(row)} fields but the header has {len(names)}; read by position", start_line)
        values = {name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(names)}
        quote = values.get("text", "")
        if not quote:
            problems.warning(path, "empty 'text' cell; row skipped", start_line)
            continue
        record_id = f"{doc}/r{row_number:04d}"
        records.append(Record(
            id=record_id, doc=doc, source=rel, kind=SHEET_QUOTE, text=quote, speaker=values.get("speaker") or None,
            role=values.get("role") or None, organisation=values.get("organisation") or None,
            place=values.get("place") or None, date=parse_date(values.get("date")) if values.get("date") else None,
            line=start_line, turn=row_number,
            meta={k: v for k, v in values.items() if k not in COLUMNS and v} | ({"interview": values["interview"]} if values.get("interview") else {}),
        ))
    if not records:
        raise InputError("no rows with text")
    document = Document(doc=doc, source=rel, kind=QUOTE_SHEET, title=path.stem, encoding=decoded.encoding)
    return [(document, records)]
