"""The theme report as one self-contained HTML page and as Markdown. Every piece of corpus text is escaped."""

from __future__ import annotations

from html import escape
from typing import Any

from ..text.markdown import markdown_text as md
from .svg import bars, colour, heatmap, line_chart

TONE_NOTE = ("Tone labels (critical, supportive, neutral) come from a sentiment word list and agree with a careful "
             "reader on about two passages in three (lh check-tone): read a quote before citing it as a critical voice.")

CSS = """
body{font:15px/1.5 Georgia,'Times New Roman',serif;color:#222;margin:0;background:#fafafa}
main{max-width:1100px;margin:0 auto;padding:24px 32px;background:#fff}
h1{font-size:28px;margin:0 0 4px} h2{font-size:22px;border-bottom:2px solid #ddd;padding-bottom:4px;margin-top:36px}
h3{font-size:18px;margin:18px 0 6px} .muted{color:#666} nav a{margin-right:12px}
.facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px;margin:14px 0}
.fact{background:#f3f6f9;border-radius:6px;padding:8px 12px}.fact b{display:block;font-size:22px;font-family:Helvetica,Arial,sans-serif}
table{border-collapse:collapse;margin:8px 0;font-family:Helvetica,Arial,sans-serif;font-size:13px}
td,th{border-bottom:1px solid #e3e3e3;padding:4px 10px;text-align:left;vertical-align:top}
.theme{border-left:6px solid #ccc;padding:4px 0 10px 16px;margin:28px 0}
.terms span{display:inline-block;background:#eef3f8;border-radius:10px;padding:1px 8px;margin:2px;font-family:Helvetica,Arial,sans-serif;font-size:13px}
.terms span.phrase{background:#fdf0dc}
blockquote{margin:10px 0;padding:6px 12px;border-left:3px solid #bbb;background:#fcfcfc}
blockquote footer{font-size:13px;color:#555;font-family:Helvetica,Arial,sans-serif}
.tone-critical{color:#b30000}.tone-supportive{color:#1a7f37}
.row{display:flex;flex-wrap:wrap;gap:18px}
svg.chart{font-family:Helvetica,Arial,sans-serif;max-width:100%;height:auto}
.chart-title{font-size:13px;font-weight:bold;fill:#333}.tick{font-size:11px;fill:#444}.legend{font-size:11px;fill:#333}
.cell{font-size:10px}.axis{stroke:#999}
.scroll{overflow-x:auto}
code{font-size:12px;color:#555}
"""


def _facts(items: list[tuple[str, Any]]) -> str:
    return '<div class="facts">' + "".join(f'<div class="fact"><b>{escape(str(v))}</b>{escape(k)}</div>' for k, v in items) + "</div>"


def html_report(data: dict[str, Any]) -> str:
    m, c = data["model"], data["counts"]
    colours = {t["label"]: colour(i) for i, t in enumerate(data["themes"])}
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>{escape(data['title'])}: theme report</title>",
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<style>{CSS}</style></head><body><main>",
           f"<h1>{escape(data['title'])}</h1>",
           f"<p class=\"muted\">{escape(data['description'])} Theme report for the history <code>{escape(data['history'])}</code>.</p>",
           '<nav><a href="#overview">Overview</a><a href="#charts">Charts</a><a href="#themes">Themes</a><a href="#audit">Cleaning audit</a></nav>',
           '<h2 id="overview">Overview</h2>',
           _facts([("sources", c["sources"]), ("passages", c["passages"]), ("quotable passages", c["quotes"]),
                   ("interviewer questions kept as context", c["context_questions"]), ("cleaning changes logged", c["removed"]),
                   ("themes", m["k"]), ("coherence (NPMI)", f"{m['coherence_npmi']:.3f}"), ("stability (ARI)", f"{m['stability']:.2f}"),
                   ("unassigned", f"{m['unassigned_share']:.1%}")]),
           f"<p>Model <b>{escape(m['model'])}</b>, k = {m['k']} ({escape(m['k_chosen_by'])}); vocabulary {m['vocabulary']} terms; "
           f"topic diversity {m['diversity']:.2f}. A passage is left unassigned when its strongest theme weighs under "
           f"{m['assign_threshold']}: {m['unassigned']} passages.</p>",
           f"<p class=\"muted\">{TONE_NOTE}</p>",
           "<table><tr><th>Theme</th><th>Label</th><th>Passages</th><th>Share</th><th>Coherence</th><th>Seeded by code</th></tr>"]
    for t in data["themes"]:
        out.append(f'<tr><td><a href="#theme-{escape(t["id"])}">{escape(t["id"])}</a></td><td>{escape(t["label"])}</td>'
                   f'<td>{t["size"]}</td><td>{t["share"]:.1%}</td><td>{t["coherence"]:.3f}</td><td>{escape(t["seed"] or "")}</td></tr>')
    out.append("</table>")

    out.append('<h2 id="charts">Charts</h2>')
    if data["periods"]:
        series = {t["label"]: [t["over_time"].get(p, 0.0) for p in data["periods"]] for t in data["themes"]}
        out.append(line_chart(series, data["periods"], f"Theme prevalence by {data['period']} (share of that {data['period']}'s passages)",
                              colours, percent=True))
    sources = data["sources"]
    matrix = [[next((s["passages"] for s in t["sources"] if s["doc"] == src["doc"]), 0) for src in sources] for t in data["themes"]]
    out.append('<div class="scroll">' + heatmap([f'{t["id"]} {t["label"]}' for t in data["themes"]], [s["label"] for s in sources],
                                               matrix, "Themes × sources (passages)") + "</div>")
    if data["codebook"]:
        code_matrix = [[next((c["passages"] for c in t["codes"] if c["code"] == code), 0) for code in data["codebook"]] for t in data["themes"]]
        out.append('<div class="scroll">' + heatmap([f'{t["id"]} {t["label"]}' for t in data["themes"]], data["codebook"], code_matrix,
                                                   "Themes × codes (passages with both; top codes per theme)") + "</div>")
    ks = [s["k"] for s in data["k_scores"]]
    if len(ks) > 1:
        out.append(line_chart({"coherence (NPMI)": [s["npmi"] for s in data["k_scores"]],
                               "stability (ARI)": [s["stability"] for s in data["k_scores"]]},
                              [str(k) for k in ks], f"Coherence and stability against k (chosen k = {m['k']})",
                              {"coherence (NPMI)": "#d62728", "stability (ARI)": "#1f77b4"}))

    out.append('<h2 id="themes">Themes</h2>')
    for i, t in enumerate(data["themes"]):
        out.append(f'<section class="theme" id="theme-{escape(t["id"])}" style="border-color:{colour(i)}">')
        out.append(f'<h3>{escape(t["id"])} · {escape(t["label"])}</h3>')
        extra = f' Model label: “{escape(t["model_label"])}”.' if t.get("model_label") and t["model_label"] != t["label"] else ""
        merged = f' Merged from {escape(", ".join(t["merged"]))}.' if t["merged"] else ""
        out.append(f'<p class="muted">{t["size"]} passages ({t["share"]:.1%}); coherence {t["coherence"]:.3f}; tone '
                   + ", ".join(f'{escape(k)} {v}' for k, v in t["tone"].items()) + f".{extra}{merged}</p>")
        out.append('<p class="terms">' + "".join(
            f'<span class="{"phrase" if "_" in e["term"] else ""}" title="weight {e["weight"]:.4f}">{escape(e["label"])}</span>' for e in t["terms"]) + "</p>")
        out.append('<div class="row">')
        if t["codes"]:
            out.append(bars([(c["code"], c["passages"]) for c in t["codes"]], "Codes that co-occur"))
        if t["roles"]:
            out.append(bars([(r["role"], r["quotes"]) for r in t["roles"]], "Quotable passages by role", bar_colour="#2ca02c"))
        out.append(bars([(s["label"], s["passages"]) for s in t["sources"][:8]], "Top sources", bar_colour="#9467bd"))
        out.append("</div>")
        if t["quotes"]:
            out.append(f"<p><b>{len(t['quotes'])} most representative quotes</b></p>")
            for q in t["quotes"]:
                out.append(f'<blockquote>{escape(q["text"])}<footer>— {escape(q["role"])}, {escape(q["date"] or "undated")}, '
                           f'<span class="tone-{escape(q["tone"])}">{escape(q["tone"])}</span>, '
                           f'<code>{escape(q["id"])}</code></footer></blockquote>')
        else:
            out.append('<p class="muted">No participants’ quotes in this theme: its passages are update texts.</p>')
        out.append("</section>")

    out.append('<h2 id="audit">Cleaning audit</h2>')
    out.append('<p>Every removed or altered span is in the ledger <a href="../clean/removed.jsonl">clean/removed.jsonl</a> '
               '(source, offsets, reason, text). Kept passages: <a href="../clean/passages.jsonl">clean/passages.jsonl</a>. '
               'Names and contact details are counted here but not shown.</p>')
    out.append("<table><tr><th>Reason</th><th>Changes</th><th>Examples</th></tr>")
    for reason, n in sorted(data["counts"]["removed_by_reason"].items(), key=lambda kv: -kv[1]):
        examples = "" if reason in data["private_reasons"] else "<br>".join(
            f'<code>{escape(e["record"])}</code> {escape(e["text"])}' + (f' <span class="muted">({escape(e["detail"])})</span>' if e["detail"] else "")
            for e in data["removed_examples"].get(reason, []))
        out.append(f"<tr><td>{escape(reason)}</td><td>{n}</td><td>{examples}</td></tr>")
    out.append("</table></main></body></html>")
    return "\n".join(out)


def markdown_report(data: dict[str, Any]) -> str:
    m, c = data["model"], data["counts"]
    lines = [f"# {data['title']}: theme report", "", data["description"], "",
             f"- Sources: {c['sources']}; passages: {c['passages']}; quotable: {c['quotes']}; interviewer questions kept as context: {c['context_questions']}",
             f"- Cleaning changes logged: {c['removed']} (" + ", ".join(f"{k} {v}" for k, v in sorted(c['removed_by_reason'].items())) + ")",
             f"- Model: {m['model']}, k = {m['k']} ({m['k_chosen_by']}); coherence (NPMI) {m['coherence_npmi']:.3f}; stability {m['stability']:.2f}; diversity {m['diversity']:.2f}",
             f"- Unassigned (strongest theme under {m['assign_threshold']}): {m['unassigned']} ({m['unassigned_share']:.1%})",
             f"- {TONE_NOTE}", "",
             "| k | NPMI | stability | diversity |", "| --- | --- | --- | --- |"]
    lines += [f"| {s['k']} | {s['npmi']:.3f} | {s['stability']:.2f} | {s['diversity']:.2f} |" for s in data["k_scores"]]
    lines += ["", "## Themes", "", "| id | label | passages | share | coherence |", "| --- | --- | --- | --- | --- |"]
    lines += [f"| {t['id']} | {md(t['label'])} | {t['size']} | {t['share']:.1%} | {t['coherence']:.3f} |" for t in data["themes"]]
    for t in data["themes"]:
        lines += ["", f"### {t['id']} · {md(t['label'])}", "",
                  "Terms: " + ", ".join(md(e["label"]) for e in t["terms"]),
                  "", "Codes: " + (", ".join(f"{x['code']} ({x['passages']})" for x in t["codes"]) or "none"),
                  "", "Sources: " + ", ".join(f"{s['label']} ({s['passages']})" for s in t["sources"][:8]), ""]
        for q in t["quotes"]:
            lines += [f"> {md(q['text'])}", ">", f"> — {md(q['role'])}, {q['date'] or 'undated'}, {q['tone']} `{q['id']}`", ""]
    lines += ["## Cleaning audit", "", "See `clean/removed.jsonl` for every change.", "", "| reason | changes |", "| --- | --- |"]
    lines += [f"| {k} | {v} |" for k, v in sorted(c["removed_by_reason"].items(), key=lambda kv: -kv[1])]
    return "\n".join(lines) + "\n"
