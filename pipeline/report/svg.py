"""Small inline SVG charts for the report: no JavaScript, no network, readable when printed.

Every label passes through html.escape; colours come from one palette so a theme keeps its colour everywhere.
"""

from __future__ import annotations

from html import escape

PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f",
           "#bcbd22", "#393b79", "#637939", "#843c39", "#7b4173", "#3182bd", "#e6550d"]


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def _fmt(x: float) -> str:
    return f"{x:.1f}"


def line_chart(series: dict[str, list[float]], xs: list[str], title: str, colours: dict[str, str],
               width: int = 760, height: int = 260, percent: bool = False) -> str:
    """Lines over categorical x positions (e.g. months), with a legend."""
    left, right, top, bottom = 48, 170, 28, 48
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for vs in series.values() for v in vs] or [0.0]
    y_max = max(values) or 1.0
    y_min = min(0.0, min(values))
    span = (y_max - y_min) or 1.0

    def x(i: int) -> float:
        return left + (plot_w * i / max(1, len(xs) - 1) if len(xs) > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h - (v - y_min) / span * plot_h

    parts = [f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
             f'<text x="{left}" y="16" class="chart-title">{escape(title)}</text>',
             f'<line x1="{left}" y1="{_fmt(y(y_min))}" x2="{left + plot_w}" y2="{_fmt(y(y_min))}" class="axis"/>',
             f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" class="axis"/>']
    for frac in (0.0, 0.5, 1.0):
        v = y_min + span * frac
        label = f"{v:.0%}" if percent else f"{v:.2f}"
        parts.append(f'<text x="{left - 6}" y="{_fmt(y(v) + 4)}" class="tick" text-anchor="end">{label}</text>')
    step = max(1, len(xs) // 12)
    for i, label in enumerate(xs):
        if i % step == 0 or i == len(xs) - 1:
            parts.append(f'<text x="{_fmt(x(i))}" y="{top + plot_h + 16}" class="tick" text-anchor="middle">{escape(label)}</text>')
    for n, (name, vs) in enumerate(series.items()):
        c = colours.get(name, colour(n))
        points = " ".join(f"{_fmt(x(i))},{_fmt(y(v))}" for i, v in enumerate(vs))
        if len(vs) > 1:
            parts.append(f'<polyline points="{points}" fill="none" stroke="{c}" stroke-width="2"/>')
        for i, v in enumerate(vs):
            parts.append(f'<circle cx="{_fmt(x(i))}" cy="{_fmt(y(v))}" r="3" fill="{c}"><title>{escape(name)} {escape(xs[i])}: {v:.3f}</title></circle>')
        ly = top + 14 * n
        parts.append(f'<rect x="{left + plot_w + 12}" y="{ly}" width="10" height="10" fill="{c}"/>')
        parts.append(f'<text x="{left + plot_w + 26}" y="{ly + 9}" class="legend">{escape(name[:22])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def heatmap(rows: list[str], columns: list[str], values: list[list[float]], title: str, cell: int = 22,
            row_label_width: int = 210, column_label_height: int = 160, percent_of_row: bool = False) -> str:
    """A matrix as shaded cells; numbers shown in cells; rows and columns labelled."""
    width = row_label_width + cell * len(columns) + 20
    height = 24 + column_label_height + cell * len(rows) + 10
    flat = [v for r in values for v in r] or [0]
    v_max = max(flat) or 1
    parts = [f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
             f'<text x="4" y="16" class="chart-title">{escape(title)}</text>']
    top = 24 + column_label_height
    for j, name in enumerate(columns):
        cx = row_label_width + j * cell + cell / 2
        parts.append(f'<text transform="translate({_fmt(cx + 4)},{top - 6}) rotate(-60)" class="tick">{escape(name[:28])}</text>')
    for i, name in enumerate(rows):
        cy = top + i * cell
        parts.append(f'<text x="{row_label_width - 6}" y="{cy + cell * 0.68:.1f}" class="tick" text-anchor="end">{escape(name[:34])}</text>')
        for j, v in enumerate(values[i]):
            shade = v / v_max if v_max else 0
            fill = f"rgba(31,119,180,{0.08 + 0.92 * shade:.3f})" if v else "#f4f4f4"
            text_fill = "#fff" if shade > 0.55 else "#222"
            cx = row_label_width + j * cell
            parts.append(f'<rect x="{cx}" y="{cy}" width="{cell - 1}" height="{cell - 1}" fill="{fill}"><title>{escape(name)} × {escape(columns[j])}: {v:g}</title></rect>')
            if v:
                shown = f"{v:.0f}" if not percent_of_row else f"{v:.0%}"
                parts.append(f'<text x="{cx + cell / 2 - 0.5:.1f}" y="{cy + cell * 0.68:.1f}" class="cell" fill="{text_fill}" text-anchor="middle">{shown}</text>')
    parts.append("</svg>")
    return "".join(parts)


def bars(items: list[tuple[str, float]], title: str, width: int = 420, bar_colour: str = "#1f77b4", label_width: int = 230) -> str:
    """Horizontal bars with their values."""
    row = 18
    height = 24 + row * len(items) + 6
    v_max = max([v for _, v in items] or [1]) or 1
    plot = width - label_width - 50
    parts = [f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
             f'<text x="4" y="16" class="chart-title">{escape(title)}</text>']
    for i, (name, v) in enumerate(items):
        y = 24 + i * row
        w = plot * v / v_max
        short = name if len(name) <= 36 else name[:35] + "…"
        parts.append(f'<text x="{label_width - 6}" y="{y + 12}" class="tick" text-anchor="end">{escape(short)}<title>{escape(name)}</title></text>')
        parts.append(f'<rect x="{label_width}" y="{y + 2}" width="{_fmt(max(w, 1))}" height="{row - 5}" fill="{bar_colour}"><title>{escape(name)}: {v:g}</title></rect>')
        parts.append(f'<text x="{_fmt(label_width + w + 4)}" y="{y + 12}" class="tick">{v:g}</text>')
    parts.append("</svg>")
    return "".join(parts)
