"""The quote store: outputs/<history>/quotes/quotes.sqlite, every quotable passage with its theme, codes, role, place,
date and tone, and a full-text index (SQLite FTS5) over the words. `lh quotes` queries it."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STORE = "quotes.sqlite"      # in the select stage's folder
COLUMNS = ("id", "doc", "source", "kind", "role", "date", "theme", "theme_label", "weight", "tone", "tone_label",
           "codes", "places", "text", "context", "selected_rank")

SCHEMA = """
CREATE TABLE quotes (
    id TEXT PRIMARY KEY, doc TEXT, source TEXT, kind TEXT, role TEXT, date TEXT, theme TEXT, theme_label TEXT,
    weight REAL, tone REAL, tone_label TEXT, codes TEXT, places TEXT, text TEXT, context TEXT, selected_rank INTEGER
);
CREATE VIRTUAL TABLE quotes_fts USING fts5(text, content='quotes', content_rowid='rowid', tokenize='porter unicode61');
CREATE INDEX quotes_theme ON quotes(theme);
"""


def build(path: Path, rows: Iterable[dict]) -> int:
    """Write the store afresh (through a temporary file, replaced at the end)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    connection = sqlite3.connect(tmp)
    try:
        connection.executescript(SCHEMA)
        count = 0
        for row in rows:
            values = [json.dumps(row[c], ensure_ascii=False) if c in ("codes", "places") else row.get(c) for c in COLUMNS]
            connection.execute(f"INSERT INTO quotes ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})", values)
            count += 1
        connection.execute("INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild')")
        connection.commit()
    finally:
        connection.close()
    tmp.replace(path)
    return count


@dataclass
class QuoteQuery:
    theme: str | None = None
    code: str | None = None
    role: str | None = None
    place: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    tone: str | None = None
    text: str | None = None
    selected_only: bool = False
    limit: int = 50


def query(path: Path, q: QuoteQuery) -> list[dict]:
    """Quotes matching every filter given; full-text matches ranked by BM25, others by theme weight."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    where: list[str] = []
    params: list[Any] = []
    if q.theme:
        where.append("(quotes.theme = ? OR quotes.theme_label LIKE ?)")
        params += [q.theme, f"%{q.theme}%"]
    if q.code:
        where.append("EXISTS (SELECT 1 FROM json_each(quotes.codes) WHERE lower(value) = lower(?))")
        params.append(q.code)
    if q.role:
        where.append("quotes.role LIKE ?")
        params.append(f"%{q.role}%")
    if q.place:
        where.append("EXISTS (SELECT 1 FROM json_each(quotes.places) WHERE value LIKE ?)")
        params.append(f"%{q.place}%")
    if q.date_from:
        where.append("quotes.date >= ?")
        params.append(q.date_from)
    if q.date_to:
        where.append("quotes.date <= ?")
        params.append(q.date_to + "~")
    if q.tone:
        where.append("quotes.tone_label = ?")
        params.append(q.tone)
    if q.selected_only:
        where.append("quotes.selected_rank IS NOT NULL")
    if q.text:
        sql = ("SELECT quotes.* FROM quotes_fts JOIN quotes ON quotes.rowid = quotes_fts.rowid WHERE quotes_fts MATCH ?"
               + "".join(f" AND {w}" for w in where) + " ORDER BY bm25(quotes_fts) LIMIT ?")
        params = [_fts_query(q.text)] + params + [q.limit]
    else:
        sql = ("SELECT * FROM quotes" + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY selected_rank IS NULL, theme, selected_rank, weight DESC, id LIMIT ?")
        params.append(q.limit)
    try:
        rows = [dict(r) for r in connection.execute(sql, params)]
    finally:
        connection.close()
    for row in rows:
        row["codes"] = json.loads(row["codes"] or "[]")
        row["places"] = json.loads(row["places"] or "[]")
    return rows


def _fts_query(text: str) -> str:
    """Free text as an FTS5 query: quoted phrases kept, other words ANDed, so punctuation never breaks it."""
    import shlex

    try:
        parts = shlex.split(text)
    except ValueError:
        parts = text.split()
    return " ".join('"' + p.replace('"', '""') + '"' for p in parts if p.strip())
