"""Report: what a researcher opens to review the distillation (outputs/<history>/report/index.html, one
self-contained file), with report.md for reading in a repository and report.json for other tools."""

from __future__ import annotations

from typing import Any

from ..records import write_json
from ..report.data import gather
from ..report.render import html_report, markdown_report
from ..stage import ALL, Stage, StageContext


class Report(Stage):
    name = "report"
    reads = {"ingest": ("documents.jsonl",), "clean": ALL, "tag": ("tags.jsonl", "codebook.json"),
             "themes": ("themes.json", "assignments.jsonl", "k_scores.json"), "select": ("selected.json",)}
    config_files = ("history.toml",)
    example = "lh report corpus/total-place && open outputs/total-place/report/index.html"
    summary = "Write the theme report: overview, themes with their quotes, charts and the cleaning audit."

    def run(self, ctx: StageContext) -> dict[str, Any]:
        data = gather(ctx)
        write_json(ctx.dir / "report.json", data)
        (ctx.dir / "index.html").write_text(html_report(data), encoding="utf-8")
        (ctx.dir / "report.md").write_text(markdown_report(data), encoding="utf-8")
        return {"themes": len(data["themes"]), "quotes_shown": sum(len(t["quotes"]) for t in data["themes"])}
