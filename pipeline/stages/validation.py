"""Validation: for each participant, every quote of theirs a draft chapter uses, in a pack they can answer
(outputs/<history>/validation/<pack>.md, .html, .docx; index.json for the team).

One pack per person, not per role: two service users quoted in one update get a pack each, so nobody is sent
another's story. Packs are named and addressed by pseudonymous id and role, never by name: the team looks the
person up in clean/pseudonyms.json when sending. A cover note from history.toml's [validation] settings says
what a learning history is, how the quotes will be used, to whom and by when to reply. Each quote shows where it
came from ("your interview on ...", or the published page that quoted the person), the question it answered as
the chapter shows it, the edits made (from clean's ledger, in plain words) and the choice to approve, change or
withdraw it. index.json maps each quote's short reference to its passage and each edit to its ledger entries.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict
from typing import Any

from ..records import ANSWER, JsonlStream, Passage, read_json, write_json
from ..stage import Stage, StageContext
from ..validation.edits import is_pseudonym, place_unplaced
from ..validation.pack import Cover, Pack, build_quote
from ..validation.write import docx, html, markdown


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "participant"


def _in_order(label: str) -> list[Any]:
    """A sort key that puts "Interviewee 2" before "Interviewee 10"."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", label)]


def chapter_quotes(chapters: list[dict]) -> dict[str, tuple[str, dict, list[str]]]:
    """passage id -> (its reference, the chapter's record of it, the titles of the chapters using it). The reference
    is the first chapter using it and its place there ("T03-2": the second quote of chapter T03)."""
    found: dict[str, tuple[str, dict, list[str]]] = {}
    for chapter in chapters:
        n = 0
        for section in chapter["sections"]:
            for row in section["rows"]:
                quote = row.get("quote")
                if not quote or quote.get("narrative"):
                    continue
                n += 1
                if quote["id"] in found:
                    found[quote["id"]][2].append(chapter["title"])
                else:
                    found[quote["id"]] = (f"{chapter['theme']}-{n}", quote, [chapter["title"]])
    return found


def _unnamed(p: Passage, ref: str) -> str:
    """Whom to send a quote nobody is named for: an interview's unnamed interviewee is one person (one pack for
    all their quotes); a quote of unknown speaker from elsewhere is sent on its own."""
    return f"the interviewee of {p.doc}" if p.kind == ANSWER else f"unattributed quote {ref}"


class Validation(Stage):
    name = "validation"
    reads = {"chapters": ("chapters.json", "used_quotes.json"), "clean": ("passages.jsonl", "removed.jsonl")}
    config_files = ("history.toml",)
    example = "lh validation corpus/public-service-oral-histories"
    summary = "Write a validation pack per participant (Markdown, HTML, Word): cover note, quotes, edits, choices."

    def run(self, ctx: StageContext) -> dict[str, Any]:
        used = read_json(ctx.input("chapters", "used_quotes.json"))
        shown = chapter_quotes(read_json(ctx.input("chapters", "chapters.json")))
        stream = JsonlStream(ctx.input("clean", "passages.jsonl"), Passage)
        passages = {p.id: p for p in stream if p.id in used}
        records = {record for p in passages.values() for record in [p.record] + [t[0] for t in p.meta.get("turns") or []]}
        ledger: dict[str, list[dict]] = defaultdict(list)
        for entry in JsonlStream(ctx.input("clean", "removed.jsonl")):
            if entry["record"] in records:
                ledger[entry["record"]].append(entry)
        place_unplaced(ledger, (p for p in stream if p.record in records))
        cover = Cover.from_settings(ctx.settings, ctx.history.title)
        by_person: dict[tuple[str, str | None], list[str]] = defaultdict(list)
        for pid in used:
            p = passages[pid]
            who = p.person or p.speaker or _unnamed(p, shown[pid][0])
            by_person[(who, p.role)].append(pid)
        index: list[dict[str, Any]] = []
        counts = {"edits_listed": 0, "published_packs": 0}
        for (who, role), pids in sorted(by_person.items(), key=lambda item: (_in_order(item[0][0]), item[0][1] or "")):
            name = _slug(f"{who}-{role}" if role and who != role else who)
            pids.sort(key=lambda pid: (passages[pid].date or "", pid))
            quotes = [build_quote(passages[pid], shown[pid][1], shown[pid][0], shown[pid][2], ledger) for pid in pids]
            pack = Pack(who, None if is_pseudonym(role) else role, name, cover, quotes)
            (ctx.dir / f"{name}.md").write_text(markdown(pack), encoding="utf-8")
            (ctx.dir / f"{name}.html").write_text(html(pack), encoding="utf-8")
            docx(pack, ctx.dir / f"{name}.docx")
            counts["edits_listed"] += sum(len(q.edits) for q in quotes)
            counts["published_packs"] += int(pack.published)
            index.append({"participant": who, "role": role, "file": f"{name}.md",
                          "files": [f"{name}.md", f"{name}.html", f"{name}.docx"], "published": pack.published,
                          "quotes": [q.passage for q in quotes], "refs": {q.ref: q.passage for q in quotes},
                          "edits": {q.ref: [asdict(e) for e in q.edits] for q in quotes}})
        write_json(ctx.dir / "index.json", index)
        return {"packs": len(index), "quotes": sum(len(i["quotes"]) for i in index), **counts}
