"""Validation: for each interviewee, every quote of theirs used in any chapter, with the question it answered
and where it is used, ready to send for approval (outputs/<history>/validation/).

Packs are named and addressed by pseudonym and role, never by name: the team looks the person up in
clean/pseudonyms.json when sending.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from ..records import Context, JsonlStream, Passage, read_json, write_json
from ..render import render
from ..render.safe import md_blockquote, md_code, md_inline
from ..stage import Stage, StageContext


def _markdown(who: str, role: str, quotes: list[dict]) -> str:
    heading = f"# Validation pack: {md_inline(who)}" + (f" ({md_inline(role)})" if who != role else "")
    lines = [heading, "",
             "These are the passages of your interview that the draft learning history quotes. Please check each one:",
             "is it what you meant, may we use it, and is the role we attribute it to right?", ""]
    for n, q in enumerate(quotes, 1):
        lines += [f"## Quote {n} {md_code(q['id'])}", ""]
        if q["question"]:
            lines += [f"*The question:* {md_inline(q['question'])}", ""]
        lines += md_blockquote(q["text"])
        lines += ["", f"*Attributed to:* {md_inline(role)}. *Used in:* {md_inline(q['where'])}. *Source:* {md_inline(q['source'])}",
                  "", "- [ ] Approved as it stands   - [ ] Approved with changes (below)   - [ ] Please do not use", "",
                  "Changes:", "", ""]
    return "\n".join(lines)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "participant"


class Validation(Stage):
    name = "validation"
    reads = {"chapters": ("used_quotes.json",), "themes": ("themes.json",), "clean": ("passages.jsonl", "context.jsonl")}
    example = "lh validation corpus/public-service-oral-histories"
    summary = "Write a validation pack per interviewee: their quotes used in chapters, with context."

    def run(self, ctx: StageContext) -> dict[str, Any]:
        used = read_json(ctx.input("chapters", "used_quotes.json"))
        themes = {t["id"]: t["label"] for t in read_json(ctx.input("themes", "themes.json"))["themes"]}
        passages = {p.id: p for p in JsonlStream(ctx.input("clean", "passages.jsonl"), Passage)}
        contexts = {c.id: c.text for c in JsonlStream(ctx.input("clean", "context.jsonl"), Context)}
        by_person: dict[tuple[str, str], list[str]] = defaultdict(list)
        for pid in used:
            p = passages[pid]
            who = p.speaker or p.role or "participant"
            by_person[(who, p.role or "participant")].append(pid)
        index = []
        for (who, role), pids in sorted(by_person.items()):
            name = _slug(f"{who}-{role}" if who != role else who)
            pids.sort()
            quotes = []
            for pid in pids:
                p = passages[pid]
                quotes.append({"id": pid, "text": p.text, "source": p.source,
                               "question": contexts.get(p.context) if p.context else None,
                               "where": ", ".join(f"chapter {t} ({themes.get(t, t)})" for t in used[pid])})
            (ctx.dir / f"{name}.md").write_text(_markdown(who, role, quotes), encoding="utf-8")
            (ctx.dir / f"{name}.html").write_text(render("validation.html", who=who, role=role, quotes=quotes), encoding="utf-8")
            index.append({"participant": who, "role": role, "file": f"{name}.md", "quotes": pids})
        write_json(ctx.dir / "index.json", index)
        return {"packs": len(index), "quotes": sum(len(i["quotes"]) for i in index)}
