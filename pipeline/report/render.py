"""The theme report as one self-contained HTML page (templates/report.html, autoescaped) and as Markdown (every\npiece of corpus text through pipeline.render.safe)."""

from __future__ import annotations

from typing import Any

from ..render import render, trusted_svg
from ..render.safe import md_blockquote, md_code, md_inline
from .data import MAX_SOURCE_COLUMNS
from .svg import bars, colour, heatmap, line_chart

TONE_NOTE = ("Tone labels (critical, supportive, neutral) come from a sentiment word list and agree with a careful "
             "reader on about two passages in three (lh check-tone): read a quote before citing it as a critical voice.")



def source_matrix(themes: list[dict], sources: list[dict], limit: int = MAX_SOURCE_COLUMNS) -> tuple[list[str], list[list[float]], str]:
    """Theme × source passage counts; beyond `limit` sources the smallest are summed into one "other" column."""
    totals = {s["doc"]: sum(next((x["passages"] for x in t["sources"] if x["doc"] == s["doc"]), 0) for t in themes) for s in sources}
    shown = sources if len(sources) <= limit else sorted(sources, key=lambda s: (-totals[s["doc"]], s["doc"]))[: limit - 1]
    shown_docs = {s["doc"] for s in shown}
    shown = [s for s in sources if s["doc"] in shown_docs]          # keep the sources' own order
    rest = [s["doc"] for s in sources if s["doc"] not in shown_docs]
    columns = [s["label"] for s in shown] + ([f"other ({len(rest)} sources)"] if rest else [])
    matrix = []
    for t in themes:
        counts = {x["doc"]: x["passages"] for x in t["sources"]}
        matrix.append([counts.get(s["doc"], 0) for s in shown] + ([sum(counts.get(d, 0) for d in rest)] if rest else []))
    note = f"The {len(rest)} sources with fewest passages are summed in the last column." if rest else ""
    return columns, matrix, note


def html_report(data: dict[str, Any]) -> str:
    m, c = data["model"], data["counts"]
    colours = {t["label"]: colour(i) for i, t in enumerate(data["themes"])}
    facts = [("sources", c["sources"]), ("passages", c["passages"]), ("quotable passages", c["quotes"]),
             ("interviewer questions kept as context", c["context_questions"]), ("cleaning changes logged", c["removed"]),
             ("themes", m["k"]), ("coherence (NPMI)", f"{m['coherence_npmi']:.3f}"), ("stability (ARI)", f"{m['stability']:.2f}"),
             ("unassigned", f"{m['unassigned_share']:.1%}")]
    charts = []
    if data["periods"]:
        series = {t["label"]: [t["over_time"].get(p, 0.0) for p in data["periods"]] for t in data["themes"]}
        charts.append(line_chart(series, data["periods"], f"Theme prevalence by {data['period']} (share of that {data['period']}'s passages)",
                                 colours, percent=True))
    rows = [f'{t["id"]} {t["label"]}' for t in data["themes"]]
    columns, matrix, note = source_matrix(data["themes"], data["sources"])
    charts.append(heatmap(rows, columns, matrix, "Themes × sources (passages)", note=note))
    if data["codebook"]:
        code_matrix = [[next((c["passages"] for c in t["codes"] if c["code"] == code), 0) for code in data["codebook"]] for t in data["themes"]]
        charts.append(heatmap(rows, data["codebook"], code_matrix, "Themes × codes (passages with both)"))
    ks = [s["k"] for s in data["k_scores"]]
    if len(ks) > 1:
        curves = {"coherence (NPMI)": [s["npmi"] for s in data["k_scores"]],
                  "stability (ARI)": [s["stability"] for s in data["k_scores"]]}
        if all(s.get("silhouette") is not None for s in data["k_scores"]):
            curves = {"silhouette (chooses k)": [s["silhouette"] for s in data["k_scores"]], **curves}
        charts.append(line_chart(curves, [str(k) for k in ks], f"Scores against k (chosen k = {m['k']})",
                                 {"silhouette (chooses k)": "#2ca02c", "coherence (NPMI)": "#d62728", "stability (ARI)": "#1f77b4"},
                                 mark=ks.index(m["k"]) if m["k"] in ks else None, mark_label=f"chosen k = {m['k']}"))
    theme_charts = []
    for t in data["themes"]:
        row = []
        if t["codes"]:
            row.append(bars([(x["code"], x["passages"]) for x in t["codes"]], "Codes that co-occur"))
        if t["roles"]:
            row.append(bars([(r["role"], r["quotes"]) for r in t["roles"]], "Quotable passages by role", bar_colour="#2ca02c"))
        row.append(bars([(s["label"], s["passages"]) for s in t["sources"][:8]], "Top sources", bar_colour="#9467bd"))
        theme_charts.append([trusted_svg(chart) for chart in row])
    removed = sorted(data["counts"]["removed_by_reason"].items(), key=lambda kv: -kv[1])
    return render("report.html", data=data, m=m, facts=facts, tone_note=TONE_NOTE, charts=[trusted_svg(x) for x in charts],
                  period_note=data.get("period_note", ""),
                  theme_charts=theme_charts, colours=[colour(i) for i in range(len(data["themes"]))], removed=removed)


def markdown_report(data: dict[str, Any]) -> str:
    """report.md: every piece of text that comes from the corpus or the config goes through md_inline/md_code."""
    m, c = data["model"], data["counts"]
    md = md_inline
    removed = ", ".join(f"{md(k)} {v}" for k, v in sorted(c["removed_by_reason"].items()))
    lines = [f"# {md(data['title'])}: theme report", "", md(data["description"]), "",
             f"- Sources: {c['sources']}; passages: {c['passages']}; quotable: {c['quotes']}; interviewer questions kept as context: {c['context_questions']}",
             f"- Cleaning changes logged: {c['removed']} ({removed})",
             f"- Model: {md(m['model'])}, k = {m['k']} ({md(m['k_chosen_by'])}); coherence (NPMI) {m['coherence_npmi']:.3f}; "
             f"stability {m['stability']:.2f}; diversity {m['diversity']:.2f}",
             f"- Unassigned (strongest theme under {m['assign_threshold']}): {m['unassigned']} ({m['unassigned_share']:.1%})",
             f"- {TONE_NOTE}", ""]
    lines += [f"**Warning:** {md(w)}" for w in data.get("warnings", [])] + ([""] if data.get("warnings") else [])
    lines += ["| k | NPMI | stability | diversity |", "| --- | --- | --- | --- |"]
    lines += [f"| {s['k']} | {s['npmi']:.3f} | {s['stability']:.2f} | {s['diversity']:.2f} |" for s in data["k_scores"]]
    lines += ["", "## Themes", "", "| id | label | passages | share | coherence |", "| --- | --- | --- | --- | --- |"]
    lines += [f"| {md(t['id'], True)} | {md(t['label'], True)} | {t['size']} | {t['share']:.1%} | {t['coherence']:.3f} |" for t in data["themes"]]
    for flag in m.get("flags", []):
        lines.insert(lines.index("## Themes"), f"**{md(flag['flag'].replace('_', ' '))}:** {md(flag['detail'])}\n")
    for t in data["themes"]:
        lines += ["", f"### {md(t['id'])} · {md(t['label'])}", ""]
        if t.get("note"):
            lines += [f"**Team note:** {md(t['note'])}", ""]
        lines += [f"- **{md(f['flag'].replace('_', ' '))}:** {md(f['detail'])}" for f in t.get("flags", [])]
        if t.get("label_terms"):
            lines += ["", "Label terms: " + "; ".join(
                f"{md(e['label'])} ({'a code, ' if e.get('code') else ''}in {e['passages']} of its passages, {e['coverage']:.0%})"
                for e in t["label_terms"])]
        lines += ["",
                  "Terms: " + ", ".join(md(e["label"]) for e in t["terms"]),
                  "", "Codes: " + (", ".join(f"{md(x['code'])} ({x['passages']})" for x in t["codes"]) or "none"),
                  "", "Sources: " + ", ".join(f"{md(s['label'])} ({s['passages']})" for s in t["sources"][:8]), ""]
        for q in t["quotes"]:
            lines += md_blockquote(q["text"])
            lines += [">", f"> — {md(q['role'])}, {md(q['date'] or 'undated')}, {md(q['tone'])} {md_code(q['id'])}", ""]
    lines += ["## Cleaning audit", "", "See `clean/removed.jsonl` for every change.", "", "| reason | changes |", "| --- | --- |"]
    lines += [f"| {md(k, True)} | {v} |" for k, v in sorted(c["removed_by_reason"].items(), key=lambda kv: -kv[1])]
    return "\n".join(lines) + "\n"
