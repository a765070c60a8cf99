"""Ingest: the shipped corpus in full, small real excerpts, and every kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import TOTAL_PLACE, read_jsonl, run

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def test_shipped_seed_pages_are_byte_copies():
    for path in sorted((TOTAL_PLACE / "updates").glob("*.txt")):
        shared = SEEDS / path.name
        if shared.exists():
            assert path.read_bytes() == shared.read_bytes(), path.name
    assert len(list((TOTAL_PLACE / "updates").glob("*.txt"))) == 5


def test_shipped_corpus_gives_every_page_and_every_turn(distilled):
    tp = read_jsonl(distilled / "total-place" / "ingest" / "documents.jsonl")
    assert len(tp) == 5
    oral_docs = read_jsonl(distilled / "public-service-oral-histories" / "ingest" / "documents.jsonl")
    assert len(oral_docs) == 32
    records = read_jsonl(distilled / "public-service-oral-histories" / "ingest" / "records.jsonl")
    assert len(records) == 5112
    assert {r["kind"] for r in records} == {"interviewee_turn", "interviewer_question"}
    manifest = json.loads((distilled / "public-service-oral-histories" / "ingest" / "manifest.json").read_text())
    assert manifest["counts"]["turns"] == 5112
    assert set(manifest) >= {"inputs", "settings", "versions", "counts", "seconds", "outputs"}


def test_update_dates_come_from_headings_and_posted_lines(distilled):
    records = read_jsonl(distilled / "total-place" / "ingest" / "records.jsonl")
    by_text = {r["text"]: r for r in records}
    heading = next(r for r in records if r["text"] == "Weekly update 32: 26 January 2010")
    assert heading["date"] == "2010-01-26"
    following = records[records.index(heading) + 1:]
    assert next(r for r in following if not r["meta"].get("heading"))["date"] == "2010-01-26"
    posted = by_text["Posted on February 23rd, 2010"]
    assert posted["date"] == "2010-02-23"
    assert all(r["date"] for r in records), "every seed paragraph sits under a dated heading or posted line"


def test_record_offsets_point_into_the_source(distilled):
    for record in read_jsonl(distilled / "total-place" / "ingest" / "records.jsonl")[:80]:
        source = (TOTAL_PLACE / record["source"]).read_text(encoding="utf-8")
        assert source[record["start"]:record["end"]] == record["text"]


def _write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


GOOD_TRANSCRIPT = """---
interviewee: Alex Morgan
role: chief executive
date: 2010-03-04
---
Interviewer: What changed when the pilot began?
Alex Morgan: We stopped counting our own budgets and started counting the place. It was hard at first, because
every agency had its own way of doing it.
"""


def test_a_transcript_with_front_matter(history, tmp_path):
    _write(history / "interviews" / "alex.md", GOOD_TRANSCRIPT)
    result = run("ingest", history, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    records = read_jsonl(tmp_path / "out" / "history" / "ingest" / "records.jsonl")
    assert [r["kind"] for r in records] == ["interviewer_question", "interviewee_turn"]
    answer = records[1]
    assert answer["role"] == "chief executive" and answer["date"] == "2010-03-04"
    assert "every agency" in answer["text"]


def test_bad_inputs_each_get_one_line_and_the_rest_is_read(history, tmp_path):
    _write(history / "interviews" / "good.md", GOOD_TRANSCRIPT)
    _write(history / "interviews" / "empty.txt", b"")
    _write(history / "interviews" / "binary.txt", b"\x00\x01\x02\x03binary\x00")
    _write(history / "interviews" / "notes.pdf", b"%PDF-1.4")
    _write(history / "interviews" / "broken.json", '[{"dialogue_id": 1,\n')
    _write(history / "interviews" / "prose.txt", "Just some prose with no speakers at all.\n")
    _write(history / "quotes" / "sheet.csv", "speaker,role\nA,B\n")
    result = run("ingest", history, "--out", tmp_path / "out")
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert "history/interviews/empty.txt: error: empty file" in lines
    assert "history/interviews/binary.txt: error: binary file, not text" in lines
    assert "history/interviews/notes.pdf: warning: skipped: unknown extension '.pdf' in interviews/ (expected .txt, .md, .docx, .json)" in lines
    assert any(l.startswith("history/interviews/broken.json:2: error: not valid JSON") for l in lines)
    assert "history/interviews/prose.txt: error: no speaker lines: expected turns as 'Speaker Name: text' or 'Q:'/'A:'" in lines
    assert any(l.startswith("history/quotes/sheet.csv:1: error:") and "'text'" in l for l in lines)
    assert "Traceback" not in result.output
    manifest = json.loads((tmp_path / "out" / "history" / "ingest" / "manifest.json").read_text())
    counts = manifest["counts"]
    assert counts["files_read"] == 1 and counts["files_failed"] == 5 and counts["files_skipped"] == 1
    assert {f["file"] for f in counts["failed"]} == {"interviews/empty.txt", "interviews/binary.txt", "interviews/broken.json",
                                                      "interviews/prose.txt", "quotes/sheet.csv"}


def test_nothing_usable_is_exit_1(history, tmp_path):
    _write(history / "interviews" / "empty.txt", b"")
    result = run("ingest", history, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "nothing usable" in result.stderr


def test_legacy_encodings_are_read(history, tmp_path):
    _write(history / "updates" / "cp1252.txt", "Weekly update 3: 26 January 2010\n\nThe caf\xe9 \x93pilot\x94 met.\n".encode("latin-1"))
    _write(history / "updates" / "utf16.txt", "Weekly update 4: 2 February 2010\n\nPooled budgets were agreed.\n".encode("utf-16"))
    _write(history / "updates" / "latin1.txt", "Weekly update 5: 9 February 2010\n\nThe r\xe9sum\xe9 of the day.\n".encode("latin-1"))
    result = run("ingest", history, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    texts = {r["text"]: r for r in read_jsonl(tmp_path / "out" / "history" / "ingest" / "records.jsonl")}
    assert "The café “pilot” met." in texts
    assert texts["Pooled budgets were agreed."]["date"] == "2010-02-02"
    assert "The résumé of the day." in texts
    docs = {d["source"]: d for d in read_jsonl(tmp_path / "out" / "history" / "ingest" / "documents.jsonl")}
    assert docs["updates/utf16.txt"]["encoding"].startswith("utf-16")
    assert docs["updates/cp1252.txt"]["encoding"] == "cp1252"


def test_malformed_csv_rows_are_named_by_line(history, tmp_path):
    _write(history / "quotes" / "sheet.csv", 'text,role\n"We pooled the budgets at last",chief executive\nshort row with,too,many,fields\n')
    result = run("ingest", history, "--out", tmp_path / "out")
    assert result.exit_code == 0
    assert "history/quotes/sheet.csv:3: warning: row has 4 fields but the header has 2; read by position" in result.stderr.splitlines()


def test_duplicate_ids_are_renamed_with_a_warning(history, tmp_path):
    _write(history / "interviews" / "a.md", GOOD_TRANSCRIPT.replace("interviewee:", "id: alex\ninterviewee:"))
    _write(history / "interviews" / "b.md", GOOD_TRANSCRIPT.replace("interviewee:", "id: alex\ninterviewee:"))
    result = run("ingest", history, "--out", tmp_path / "out")
    assert result.exit_code == 0
    assert "history/interviews/b.md: warning: duplicate id 'alex' (already used by interviews/a.md); read as 'alex~2'" in result.stderr.splitlines()
    docs = [d["doc"] for d in read_jsonl(tmp_path / "out" / "history" / "ingest" / "documents.jsonl")]
    assert docs == ["alex", "alex~2"]


def test_a_plain_folder_of_txt_files_is_read_as_updates(history, tmp_path):
    _write(history / "note.txt", "Weekly update 9: 2 March 2010\n\nThe place-based budget was agreed by all partners.\n")
    result = run("ingest", history, "--out", tmp_path / "out")
    assert result.exit_code == 0
    records = read_jsonl(tmp_path / "out" / "history" / "ingest" / "records.jsonl")
    assert records[-1]["kind"] == "update_paragraph" and records[-1]["date"] == "2010-03-02"


def test_second_run_skips_and_says_so(history, tmp_path):
    _write(history / "interviews" / "alex.md", GOOD_TRANSCRIPT)
    assert run("ingest", history, "--out", tmp_path / "out").exit_code == 0
    again = run("ingest", history, "--out", tmp_path / "out")
    assert "ingest     history  up to date (skipped)" in again.output
    _write(history / "interviews" / "alex.md", GOOD_TRANSCRIPT + "Interviewer: And then?\n")
    third = run("ingest", history, "--out", tmp_path / "out")
    assert "done in" in third.output


def test_checking_upstream_stages_leaves_their_files_alone(history, tmp_path):
    """Make sees a stage as done when its manifest is newer than its inputs: re-running a later stage must not
    make earlier stages' manifests newer than finished stages."""
    _write(history / "interviews" / "alex.md", GOOD_TRANSCRIPT)
    out = tmp_path / "out"
    assert run("clean", history, "--out", out).exit_code == 0
    ingest_manifest = out / "history" / "ingest" / "manifest.json"
    before = ingest_manifest.stat().st_mtime_ns
    again = run("clean", history, "--out", out)
    assert again.output.splitlines() == ["clean      history  up to date (skipped)"]
    assert ingest_manifest.stat().st_mtime_ns == before
