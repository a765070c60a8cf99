"""Privacy: the gate before anything is published, and the team's review list (outputs/<history>/privacy/).

Reads every reader-facing output (chapters, quote CSVs and store, validation packs, report, REFI-QDA export) and
fails, naming the file and the name, when a name the pipeline knows is in any of them. Writes review.md for the
team only: who the pipeline found (pseudonym, how written, how often, where), which of them the team might list as
public figures in people.yaml, and the recogniser's PERSON hits the corpus evidence kept as written that do reach
reader-facing outputs.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ..nlp.places import Gazetteer
from ..people.evidence import WordStats
from ..people.finder import NameFinder, name_alternatives
from ..people.gate import KnownNames, paragraphs, reader_texts, scan
from ..records import JsonlStream, Record, read_json, write_json
from ..render.safe import md_inline
from ..stage import Stage, StageContext, StageFailed

SHOWN = 20


class Privacy(Stage):
    name = "privacy"
    reads = ("ingest", "clean", "select", "report", "chapters", "validation", "export")
    config_files = ("gazetteer.yaml",)
    example = "lh privacy corpus/total-place"
    summary = "Fail if a known name reaches any reader-facing output; list people and the recogniser's hits for review."

    def run(self, ctx: StageContext) -> dict[str, Any]:
        stats = WordStats()
        for record in JsonlStream(ctx.upstream("ingest") / "records.jsonl", Record):
            stats.add(record.text)
        gazetteer = ctx.read_config("gazetteer.yaml", Gazetteer.for_history)
        clean = ctx.upstream("clean")
        pseudonyms = read_json(clean / "pseudonyms.json")
        people = pseudonyms.get("people", {})
        known = KnownNames(people, NameFinder(stats, gazetteer), pseudonyms.get("surnames_alone", ()))
        for stage in ("select", "report", "chapters", "validation", "export"):
            ctx.upstream(stage)                    # declared reads: the folders scanned below
        leaks = scan(ctx.out_root, known)
        if leaks:
            lines = [f"{leak.file}: {leak.name!r} (…{leak.context}…)" for leak in leaks[:SHOWN]]
            more = f" and {len(leaks) - SHOWN} more" if len(leaks) > SHOWN else ""
            raise StageFailed(f"privacy gate: {len(leaks)} known name(s) in reader-facing outputs{more}:\n"
                              + "\n".join(lines))
        kept = read_json(clean / "recogniser_kept.json").get("kept", []) if (clean / "recogniser_kept.json").exists() else []
        hits = _recogniser_hits(ctx, kept)
        mentions = _mentions(clean)
        (ctx.dir / "review.md").write_text(_review(ctx.history.name, people, mentions, hits, known), encoding="utf-8")
        files = sorted({f.split(":")[0] for f, _ in reader_texts(ctx.out_root)})
        parts = len(known.finder.learned_parts)
        write_json(ctx.dir / "gate.json", {"files_scanned": files, "full_names_checked": len(known.full),
                                           "name_parts_checked": parts, "leaks": 0})
        return {"files_scanned": len(files), "full_names_checked": len(known.full), "name_parts_checked": parts,
                "leaks": 0, "recogniser_hits_in_outputs": sum(h["count"] for h in hits)}


def _mentions(clean) -> Counter:
    """How many times each person's name was replaced (the ledger's detail starts with the person's id)."""
    counts: Counter = Counter()
    for entry in JsonlStream(clean / "removed.jsonl"):
        if entry.get("reason") in ("name", "public_name") and entry.get("detail"):
            counts[entry["detail"].split(":")[0]] += 1
    return counts


def _recogniser_hits(ctx: StageContext, kept: list[dict]) -> list[dict]:
    """The recogniser's PERSON spans kept as written that reach reader-facing outputs, with where."""
    by_text = {k["text"]: k for k in kept if k["text"].strip()}
    if not by_text:
        return []
    pattern = re.compile(r"(?<![\w'’])(?=[A-Z\[])(?:" + name_alternatives(sorted(by_text)) + r")(?![\w])")
    exact = {re.sub(r"\s+", " ", t): t for t in by_text}
    where: dict[str, Counter] = {}
    memo: dict[str, list[str | None]] = {}
    for file, paragraph in paragraphs(reader_texts(ctx.out_root)):
        if paragraph not in memo:
            memo[paragraph] = [exact.get(re.sub(r"\s+", " ", m.group())) for m in pattern.finditer(paragraph)]
        for text in memo[paragraph]:
            if text is not None:
                where.setdefault(text, Counter())[file.split(":")[0]] += 1
    hits = [{"text": t, "reason": by_text[t]["reason"], "count": sum(c.values()), "files": sorted(c)}
            for t, c in where.items()]
    return sorted(hits, key=lambda h: (-h["count"], h["text"]))


def _review(history: str, people: dict, mentions: Counter, hits: list[dict], known: KnownNames) -> str:
    lines = [f"# Privacy review: {md_inline(history)}", "",
             "**For the learning-history team only: this file names people. Never publish it.**", "",
             f"The gate found no known name in any reader-facing output ({len(known.full)} full names and "
             f"{len(known.finder.learned_parts)} first or last names checked).", "",
             "## People the pipeline found", "",
             "Everyone below is replaced by the pseudonym or role shown. A public figure is kept by name only when the "
             "team lists them in people.yaml (`public: [Name, ...]`); the pipeline never keeps a name on its own.", "",
             "| pseudonym or role | kind | written as | replaced | interviews | public |", "| --- | --- | --- | ---: | ---: | --- |"]
    rows = sorted(people.values(), key=lambda p: (-mentions.get(p.get("id") or p.get("label"), 0), p.get("label", "")))
    for person in rows:
        ident = person.get("id") or person.get("label")
        names = "; ".join(md_inline(n) for n in person.get("names", [])[:6])
        shown = person.get("label") if person.get("kind") != "configured" else f"{person.get('role')} ({ident})"
        lines.append(f"| {md_inline(str(shown))} | {person.get('kind')} | {names} | {mentions.get(ident, 0)} "
                     f"| {len(person.get('docs', []))} | {'listed' if person.get('public') else ''} |")
    lines += ["", "## The recogniser's PERSON hits kept as written that reach reader-facing outputs", "",
              "The recogniser (spaCy) called these a person; the corpus evidence kept them as written, for the reason "
              "shown. Check each: a real person's name here is a leak to fix (add the person to people.yaml).", ""]
    if hits:
        lines += ["| text | why kept | times in outputs | files |", "| --- | --- | ---: | --- |"]
        for hit in hits:
            files = ", ".join(hit["files"][:4]) + (" …" if len(hit["files"]) > 4 else "")
            lines.append(f"| {md_inline(hit['text'])} | {md_inline(hit['reason'])} | {hit['count']} | {md_inline(files)} |")
    else:
        lines.append("None.")
    return "\n".join(lines) + "\n"
