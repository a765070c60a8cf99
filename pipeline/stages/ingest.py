"""Ingest: every input file of a history folder becomes Records of one schema (pipeline.records).

Bad files are reported one line each and skipped; the rest are read. The manifest counts what was read,
what was skipped and why. The stage fails only when no file gave a usable record.
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..history import History, InputFile
from ..problems import ERROR, InputError, ProblemLog
from ..progress import progress_bar
from ..readers import read_input
from ..records import ANSWER, QUESTION, Document, JsonlWriter, Record
from ..stage import Stage, StageContext, StageFailed
from ..textfile import one_line, without_controls


def _read_one(item: InputFile, root: Path):
    """Read one file in isolation: (rel, results or None, problems). Safe to run in a worker process."""
    rel = item.relative_to(root)
    problems = ProblemLog(root, echo=False)
    try:
        results = read_input(item, rel, problems)
    except InputError as exc:
        problems.error(item.path, exc.message, exc.line)
        results = None
    return rel, results, problems.items


class Ingest(Stage):
    name = "ingest"
    summary = "Read every interview, quote sheet and update into records of one schema."
    example = "lh ingest corpus/total-place"

    def history_inputs(self, history: History) -> list[Path]:
        return [f.path for f in history.files() if f.disposition in ("input", "skipped")]

    def input_digests(self, history: History) -> dict[str, str]:
        """Every file it reads, and every link it refuses (by its reason), so adding a bad link re-runs ingest."""
        digests = super().input_digests(history)
        for item in history.files():
            if item.disposition == "refused":
                digests[f"{history.name}/{item.relative_to(history.path)}"] = f"refused: {item.reason}"
        return digests

    @staticmethod
    def _not_read(ctx: StageContext, files: list[InputFile]) -> list[dict]:
        """Report every file that is skipped or refused, one line each; listed in the manifest with the reason."""
        listed = []
        for item in files:
            if item.disposition in ("skipped", "refused"):
                ctx.problems.warning(item.path, f"{item.disposition}: {item.reason}")
                listed.append({"file": item.relative_to(ctx.history.path), "reason": item.reason,
                               "disposition": item.disposition})
        return listed

    def run(self, ctx: StageContext) -> dict:
        history = ctx.history
        files = history.files()
        not_read = self._not_read(ctx, files)
        skipped = [f for f in not_read if f["disposition"] == "skipped"]
        refused = [f for f in not_read if f["disposition"] == "refused"]
        inputs = [f for f in files if f.disposition == "input"]
        if not inputs:
            raise StageFailed(f"{history.path}: nothing to read: no interviews/, quotes/ or updates/ files (and no .txt files)")

        if ctx.jobs > 1 and len(inputs) > 1:
            with ProcessPoolExecutor(max_workers=ctx.jobs) as pool:
                results = list(pool.map(_read_one, inputs, [history.path] * len(inputs)))
        else:
            results = [_read_one(item, history.path) for item in progress_bar(inputs, "ingest", ctx.progress)]

        kinds: Counter = Counter()
        doc_ids: dict[str, str] = {}
        documents = records = dated = 0
        failed = []
        with JsonlWriter(ctx.dir / "records.jsonl") as out, JsonlWriter(ctx.dir / "documents.jsonl") as docs_out:
            for rel, file_results, file_problems in results:
                for problem in file_problems:
                    ctx.problems.add(problem.level, history.path / rel, problem.message, problem.line)
                if file_results is None:
                    failed.append({"file": rel, "reason": next((p.message for p in file_problems if p.level == ERROR), "unreadable")})
                    continue
                for document, doc_records in file_results:
                    if document.doc in doc_ids:
                        new_id = _unique(document.doc, doc_ids)
                        ctx.problems.warning(history.path / rel, f"duplicate id '{document.doc}' (already used by {doc_ids[document.doc]}); read as '{new_id}'")
                        for record in doc_records:
                            record.id = new_id + record.id[len(document.doc):]
                            record.doc = new_id
                        document.doc = new_id
                    doc_ids[document.doc] = rel
                    seen_ids: set[str] = set()
                    _harmless(document, doc_records)
                    for record in doc_records:
                        if record.id in seen_ids:
                            record.id = _unique(record.id, seen_ids)
                        seen_ids.add(record.id)
                        out.write(record)
                        kinds[record.kind] += 1
                        dated += record.date is not None
                    records += len(doc_records)
                    documents += 1
                    document.records = len(doc_records)
                    docs_out.write(document)
        if records == 0:
            raise StageFailed(f"{history.path}: nothing usable: every input file had an error ({len(failed)} files)")
        return {
            "files_read": len(inputs) - len(failed),
            "files_failed": len(failed),
            "files_skipped": len(skipped),
            "files_refused": len(refused),
            "documents": documents,
            "records": records,
            "turns": kinds[ANSWER] + kinds[QUESTION],
            "dated_records": dated,
            "by_kind": dict(sorted(kinds.items())),
            "failed": failed,
            "skipped": skipped,
            "refused": refused,
        }


def _harmless(document: Document, records: list[Record]) -> None:
    """Control characters out of everything a record carries (a vertical tab in a Word cell breaks XML and Word
    outputs downstream): line-like ones become newlines in text, and short fields are put on one line."""
    for field_name in ("title", "role", "organisation", "place"):
        setattr(document, field_name, one_line(getattr(document, field_name)))
    document.interviewees = [n for n in (one_line(v) for v in document.interviewees) if n]
    document.interviewers = [n for n in (one_line(v) for v in document.interviewers) if n]
    for record in records:
        record.text = without_controls(record.text)
        for field_name in ("speaker", "role", "organisation", "place", "section"):
            setattr(record, field_name, one_line(getattr(record, field_name)))


def _unique(name: str, taken) -> str:
    n = 2
    while f"{name}~{n}" in taken:
        n += 1
    return f"{name}~{n}"
