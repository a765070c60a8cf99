"""How the chapters measure against issue #14: quotes that stand alone, the question each quote answered,
chapters that are never empty, timelines without furniture, and quote fidelity (every quote as rendered holds its
passage's words; every passage differs from the raw record text only where a mark shows it).

Shared by tests/test_outputs.py and tools/measure_chapters.py.
"""

from __future__ import annotations

import difflib
import html
import json
import re
from pathlib import Path

from ..text.standalone import inner_marks, points_back

# "[Person 88]’s": the possessive stays with its mark; "[[Person 21] became]": a name replaced inside the
# transcript's own editorial brackets is one mark
_TOKEN = re.compile(r"\[(?:[^\[\]]|\[[^\[\]]*\])*\](?:[’']s\b)?|…|[\w’'\-]+")
_FURNITURE = re.compile(r"\[(?:phone|email|e-mail)\]|\bcontact\b|^\W*thanks?\b|:\s*$|\bplease\b|www\.|https?://", re.I)


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _words(text: str) -> list[str]:
    return [t.lower().replace("’", "'") for t in _TOKEN.findall(text)]


def _raw(text: str) -> str:
    import ftfy

    text = text.replace("\\n", " ")
    return ftfy.fix_text(html.unescape(text), uncurl_quotes=False)


def unmarked_edits(raw: str, quote: str) -> list[str]:
    """Differences between the raw words and the quote's words that no bracket or ellipsis marks."""
    a, b = _words(_raw(raw)), _words(quote)
    problems = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        inserted = b[j1:j2]
        if inserted and all(t == "…" or t.startswith("[") for t in inserted):
            continue
        problems.append(f"{op}: {' '.join(a[i1:i2])!r} -> {' '.join(inserted)!r}")
    return problems


def raw_text(passage: dict, records: dict[str, dict]) -> str:
    """The record text a passage was cut from (and the later turns it runs into, joined by a space)."""
    raw = records[passage["record"]]["text"][passage["start"]:passage["end"]]
    for rid, start, end in passage["meta"].get("turns", []):
        raw += " " + records[rid]["text"][start:end]
    return raw


def _docx_text(path: Path) -> str:
    from docx import Document

    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def _normal(text: str) -> str:
    return " ".join(text.replace("\\", "").split())


_DOUBLED_MARK = re.compile(r"…\s*…|[—–]\s*…\s*[—–]|——")


def opens_inside_quotation(text: str) -> bool:
    """True when the text closes a quotation (”) before it opens one: it starts inside someone's reported words."""
    close, open_ = text.find("”"), text.find("“")
    return close >= 0 and (open_ < 0 or close < open_)


def measure(out: Path) -> dict:
    figures: dict = {}
    for history in sorted(p.name for p in out.iterdir() if (p / "chapters" / "chapters.json").exists()):
        folder = out / history
        chapters = json.loads((folder / "chapters" / "chapters.json").read_text(encoding="utf-8"))
        passages = {p["id"]: p for p in _read(folder / "clean" / "passages.jsonl")}
        records = {r["id"]: r for r in _read(folder / "ingest" / "records.jsonl")}
        rows = [(c, row) for c in chapters for s in c["sections"] for row in s["rows"]
                if row["quote"] and not row["quote"]["narrative"]]
        quotes = [row["quote"] for _, row in rows]
        strict = [q for q in quotes if points_back(q["text"])]
        not_shown = [q for q in strict if q["kind"] != "interviewee_turn"
                     or (passages[q["id"]]["meta"].get("answer") or {}).get("index", 0) > 0]
        first_notes = [row["notes"][0]["text"] if row["notes"] else "" for _, row in rows]
        asked = sum(n.startswith(("Asked:", "After the interviewer said:")) for n in first_notes)
        later = sum(n.startswith(("Later in the answer to:", "Later in the answer after the interviewer said:")) for n in first_notes)
        before_any = sum(n.startswith(("At the start of the interview", "Later in the interview’s opening answer")) for n in first_notes)
        update = sum(n.startswith(("Quoted in the update", "From a quote sheet")) for n in first_notes)
        just_before = sum(any(n["text"].startswith("Just before:") for n in row["notes"]) for _, row in rows)
        timeline = [e for c in chapters for e in c["timeline"]]
        furniture = [e["text"] for e in timeline if _FURNITURE.search(e["text"])]
        narrative_furniture = [row["quote"]["text"] for c in chapters for s in c["sections"] for row in s["rows"]
                               if row["quote"] and row["quote"]["narrative"] and _FURNITURE.search(row["quote"]["text"])]
        rendered = {"md": "", "html": "", "docx": ""}
        for c in chapters:
            rendered["md"] += (folder / "chapters" / f"{c['theme']}.md").read_text(encoding="utf-8")
            rendered["html"] += html.unescape((folder / "chapters" / f"{c['theme']}.html").read_text(encoding="utf-8"))
            rendered["docx"] += _docx_text(folder / "chapters" / f"{c['theme']}.docx")
        normal = {k: _normal(re.sub(r"<[^>]+>", " ", v)) for k, v in rendered.items()}
        missing_render = {k: [q["id"] for q in quotes
                              if any(_normal(p) not in normal[k] for p in re.split(r"\n\s*\n", passages[q["id"]]["text"]) if p.strip())]
                          for k in rendered}
        unmarked = {}
        fillers = 0
        for q in quotes:
            p = passages[q["id"]]
            raw = raw_text(p, records)
            problems = unmarked_edits(raw, p["text"])
            if problems:
                unmarked[q["id"]] = problems
            fillers += bool(re.search(r"\b(?:um+|uh+|erm)\b", _raw(raw), re.I))
        figures[history] = {
            "chapters": len(chapters),
            "chapters_with_quotes": sum(1 for c in chapters if not c["narrative_only"] and c["sections"]),
            "chapters_led_by_update_texts": sum(1 for c in chapters if c["narrative_only"] and c["sections"]),
            "empty_chapters": sum(1 for c in chapters if not c["sections"]),
            "sections": sum(len(c["sections"]) for c in chapters),
            "quotes": len(quotes), "distinct_quotes": len({q["id"] for q in quotes}),
            "open_pointing_back_strict": f"{len(strict)} ({len(strict) / max(1, len(quotes)):.0%})",
            "open_pointing_back_not_shown": f"{len(not_shown)} ({len(not_shown) / max(1, len(quotes)):.0%})",
            "opening_words_pointing_back": sorted(q["text"].split()[0] for q in strict),
            "shown_asked": asked, "shown_later_in_answer": later, "shown_before_any_question": before_any,
            "shown_update_or_sheet_source": update, "with_sentence_before": just_before,
            "without_question_or_mark": len(rows) - asked - later - before_any - update,
            "timeline_entries": len(timeline), "timeline_furniture": furniture, "narrative_furniture": narrative_furniture,
            "quotes_not_found_in_rendering": missing_render,
            "quotes_with_fillers_in_raw": fillers,
            "opening_inside_quotation": [q["id"] for q in quotes if opens_inside_quotation(q["text"])],
            "doubled_or_dashed_marks": [q["id"] for q in quotes if _DOUBLED_MARK.search(q["text"])],
            "quotes_with_3_or_more_inner_marks": [q["id"] for q in quotes if inner_marks(q["text"]) >= 3],
            "inner_marks_per_100_words": round(100 * sum(inner_marks(q["text"]) for q in quotes)
                                               / max(1, sum(len(q["text"].split()) for q in quotes)), 2),
            "quotes_with_unmarked_edits": len(unmarked), "unmarked": unmarked,
        }
    return figures
