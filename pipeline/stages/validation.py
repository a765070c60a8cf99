"""Validation: for each interviewee, every quote of theirs used in any chapter, with the question it answered
and where it is used, ready to send for approval (outputs/<history>/validation/).

Packs are named and addressed by pseudonym and role, never by name: the team looks the person up in
clean/pseudonyms.json when sending.
"""

from __future__ import annotations

import re
from collections import defaultdict
from html import escape
from typing import Any

from ..records import Context, JsonlStream, Passage, read_json, write_json
from ..stage import Stage, StageContext


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "participant"


class Validation(Stage):
    name = "validation"
    after = ("chapters",)
    summary = "Write a validation pack per interviewee: their quotes used in chapters, with context."

    def run(self, ctx: StageContext) -> dict[str, Any]:
        used = read_json(ctx.upstream("chapters") / "used_quotes.json")
        themes = {t["id"]: t["label"] for t in read_json(ctx.upstream("themes") / "themes.json")["themes"]}
        passages = {p.id: p for p in JsonlStream(ctx.upstream("clean") / "passages.jsonl", Passage)}
        contexts = {c.id: c.text for c in JsonlStream(ctx.upstream("clean") / "context.jsonl", Context)}
        by_person: dict[tuple[str, str], list[str]] = defaultdict(list)
        for pid in used:
            p = passages[pid]
            who = p.speaker or p.role or "participant"
            by_person[(who, p.role or "participant")].append(pid)
        index = []
        for (who, role), pids in sorted(by_person.items()):
            name = _slug(f"{who}-{role}" if who != role else who)
            pids.sort()
            lines = [f"# Validation pack: {who}" + (f" ({role})" if who != role else ""), "",
                     "These are the passages of your interview that the draft learning history quotes. Please check each one:",
                     "is it what you meant, may we use it, and is the role we attribute it to right?", ""]
            html_rows = []
            for n, pid in enumerate(pids, 1):
                p = passages[pid]
                question = contexts.get(p.context) if p.context else None
                where = ", ".join(f"chapter {t} ({themes.get(t, t)})" for t in used[pid])
                lines += [f"## Quote {n} `{pid}`", ""]
                if question:
                    lines += [f"*The question:* {' '.join(question.split())}", ""]
                lines += [f"> {' '.join(p.text.split())}", "", f"*Attributed to:* {role}. *Used in:* {where}. *Source:* {p.source}",
                          "", "- [ ] Approved as it stands   - [ ] Approved with changes (below)   - [ ] Please do not use", "",
                          "Changes:", "", ""]
                html_rows.append(f"<h2>Quote {n} <code>{escape(pid)}</code></h2>"
                                 + (f"<p><i>The question:</i> {escape(question)}</p>" if question else "")
                                 + f"<blockquote>{escape(p.text)}</blockquote><p><i>Attributed to:</i> {escape(role)}. "
                                 f"<i>Used in:</i> {escape(where)}.</p><p>☐ Approved ☐ Approved with changes ☐ Do not use</p>")
            (ctx.dir / f"{name}.md").write_text("\n".join(lines), encoding="utf-8")
            (ctx.dir / f"{name}.html").write_text(
                f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Validation pack: {escape(who)}</title></head>'
                f'<body style="font:15px/1.5 Georgia,serif;max-width:800px;margin:24px auto"><h1>Validation pack: {escape(who)}</h1>'
                f"<p>{escape(role)}</p>{''.join(html_rows)}</body></html>", encoding="utf-8")
            index.append({"participant": who, "role": role, "file": f"{name}.md", "quotes": pids})
        write_json(ctx.dir / "index.json", index)
        return {"packs": len(index), "quotes": sum(len(i["quotes"]) for i in index)}
