"""Export: the distillation as a REFI-QDA project, outputs/<history>/export/<history>.qdpx, so it opens in
NVivo, ATLAS.ti, MAXQDA or QualCoder with its sources, codes, themes and coded segments."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..export.refi_qda import build_project, write_qdpx
from ..records import Assignment, Document, JsonlStream, Passage, Tags, read_json
from ..stage import Stage, StageContext


class Export(Stage):
    name = "export"
    reads = {"ingest": ("documents.jsonl",), "clean": ("passages.jsonl",), "tag": ("tags.jsonl", "codebook.json"),
             "themes": ("themes.json", "assignments.jsonl")}
    example = "lh export corpus/total-place"
    summary = "Export sources, codes, themes and coded segments as a REFI-QDA project (.qdpx)."

    def run(self, ctx: StageContext) -> dict[str, Any]:
        documents = {d.doc: d for d in JsonlStream(ctx.input("ingest", "documents.jsonl"), Document)}
        tags = {t.id: t for t in JsonlStream(ctx.input("tag", "tags.jsonl"), Tags)}
        themes = {a.id: a.theme for a in JsonlStream(ctx.input("themes", "assignments.jsonl"), Assignment)}
        by_doc: dict[str, list[Passage]] = defaultdict(list)
        for passage in JsonlStream(ctx.input("clean", "passages.jsonl"), Passage):
            by_doc[passage.doc].append(passage)
        sources, segments = [], 0
        for doc, passages in by_doc.items():
            text, spans, position = [], [], 0
            for p in passages:
                keys = [f"code:{c}" for c in tags[p.id].codes if not tags[p.id].code_hits.get(c, [""])[0].startswith("(via")]
                if themes.get(p.id):
                    keys.append(f"theme:{themes[p.id]}")
                label = f"[{p.role or p.speaker or p.kind}] " if p.quotable else ""
                start = position + len(label)
                text.append(label + p.text)
                spans.append((start, start + len(p.text), keys, p.id))
                position += len(label) + len(p.text) + 2
                segments += 1
            document = documents.get(doc)
            title = f"{doc} ({document.role or document.kind})" if document else doc
            sources.append({"doc": doc, "title": title, "text": "\n\n".join(text), "segments": spans})
        codes = read_json(ctx.input("tag", "codebook.json"))
        theme_list = read_json(ctx.input("themes", "themes.json"))["themes"]
        project, files = build_project(ctx.history.name, codes, theme_list, sources)
        write_qdpx(ctx.dir / f"{ctx.history.name}.qdpx", project, files)
        (ctx.dir / "project.qde").write_bytes(project)
        return {"sources": len(sources), "codes": len(codes), "themes": len(theme_list), "segments": segments}
