"""Small inline SVG charts for the report: no JavaScript, no network, readable when printed.

Every label passes through html.escape (the report template marks the finished SVG as trusted). Widths are
computed from the labels, so nothing is clipped; a label too long to show whole ends in "…" and keeps its full
text in a tooltip. Colours come from one palette so a theme keeps its colour everywhere.
"""

from __future__ import annotations

from html import escape

PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f",
           "#bcbd22", "#393b79", "#637939", "#843c39", "#7b4173", "#3182bd", "#e6550d"]
CHAR_WIDTH = 6.3          # px per character of the 11px tick font, a little generous


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def _fmt(x: float) -> str:
    return f"{x:.1f}"


def _fit(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _text_width(label: str) -> float:
    return len(label) * CHAR_WIDTH


def _open(width: float, height: float, title: str) -> list[str]:
    return [f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {_fmt(width)} {_fmt(height)}" '
            f'width="{_fmt(width)}" height="{_fmt(height)}" xmlns="http://www.w3.org/2000/svg">',
            f'<text x="4" y="16" class="chart-title">{escape(title)}</text>']


def line_chart(series: dict[str, list[float]], xs: list[str], title: str, colours: dict[str, str],
               width: int = 760, height: int = 240, percent: bool = False, mark: int | None = None,
               mark_label: str = "") -> str:
    """Lines over categorical x positions (months, k), a legend below with every label whole, and an optional
    dashed marker at x index `mark` (the chosen k)."""
    left, right, top, bottom = 48, 24, 28, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for vs in series.values() for v in vs] or [0.0]
    y_max = max(values) or 1.0
    y_min = min(0.0, min(values))
    span = (y_max - y_min) or 1.0
    legend_rows = _legend_rows(list(series), width - left)
    total_h = height + 16 * len(legend_rows) + 6

    def x(i: int) -> float:
        return left + (plot_w * i / max(1, len(xs) - 1) if len(xs) > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h - (v - y_min) / span * plot_h

    parts = _open(width, total_h, title)
    parts += [f'<line x1="{left}" y1="{_fmt(y(y_min))}" x2="{left + plot_w}" y2="{_fmt(y(y_min))}" class="axis"/>',
              f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" class="axis"/>']
    for frac in (0.0, 0.5, 1.0):
        v = y_min + span * frac
        label = f"{v:.0%}" if percent else f"{v:.2f}"
        parts.append(f'<text x="{left - 6}" y="{_fmt(y(v) + 4)}" class="tick" text-anchor="end">{label}</text>')
    step = max(1, len(xs) // 12)
    for i, label in enumerate(xs):
        if i % step == 0 or i == len(xs) - 1:
            parts.append(f'<text x="{_fmt(x(i))}" y="{top + plot_h + 16}" class="tick" text-anchor="middle">{escape(label)}</text>')
    if mark is not None and 0 <= mark < len(xs):
        parts.append(f'<line x1="{_fmt(x(mark))}" y1="{top}" x2="{_fmt(x(mark))}" y2="{top + plot_h}" stroke="#444" '
                     f'stroke-dasharray="4 3"/><text x="{_fmt(x(mark) + 4)}" y="{top + 10}" class="tick">{escape(mark_label)}</text>')
    for n, (name, vs) in enumerate(series.items()):
        c = colours.get(name, colour(n))
        points = " ".join(f"{_fmt(x(i))},{_fmt(y(v))}" for i, v in enumerate(vs))
        if len(vs) > 1:
            parts.append(f'<polyline points="{points}" fill="none" stroke="{c}" stroke-width="2"/>')
        for i, v in enumerate(vs):
            parts.append(f'<circle cx="{_fmt(x(i))}" cy="{_fmt(y(v))}" r="3" fill="{c}"><title>{escape(name)} {escape(xs[i])}: {v:.3f}</title></circle>')
    ly = height + 4
    for row in legend_rows:
        lx = float(left)
        for name in row:
            c = colours.get(name, colour(list(series).index(name)))
            parts.append(f'<rect x="{_fmt(lx)}" y="{ly}" width="10" height="10" fill="{c}"/>')
            parts.append(f'<text x="{_fmt(lx + 14)}" y="{ly + 9}" class="legend">{escape(name)}</text>')
            lx += 14 + _text_width(name) + 18
        ly += 16
    parts.append("</svg>")
    return "".join(parts)


def _legend_rows(names: list[str], width: float) -> list[list[str]]:
    rows: list[list[str]] = [[]]
    used = 0.0
    for name in names:
        need = 14 + _text_width(name) + 18
        if rows[-1] and used + need > width:
            rows.append([])
            used = 0.0
        rows[-1].append(name)
        used += need
    return rows if rows[0] else []


def heatmap(rows: list[str], columns: list[str], values: list[list[float]], title: str, cell: int = 22,
            note: str = "") -> str:
    """A matrix as shaded cells with the number in every non-zero cell (a blank cell is a zero); rows and columns
    labelled whole up to 48 characters."""
    row_labels = [_fit(r, 48) for r in rows]
    column_labels = [_fit(c, 40) for c in columns]
    row_label_width = max([_text_width(r) for r in row_labels] or [40]) + 12
    column_label_height = max([_text_width(c) for c in column_labels] or [40]) * 0.87 + 12    # rotated -60 degrees
    width = row_label_width + cell * len(columns) + column_label_height * 0.5 + 20
    top = 24 + column_label_height
    height = top + cell * len(rows) + (26 if note else 10)
    flat = [v for r in values for v in r] or [0]
    v_max = max(flat) or 1
    parts = _open(width, height, title)
    for j, name in enumerate(column_labels):
        cx = row_label_width + j * cell + cell / 2
        parts.append(f'<text transform="translate({_fmt(cx + 4)},{_fmt(top - 6)}) rotate(-60)" class="tick">{escape(name)}'
                     f'<title>{escape(columns[j])}</title></text>')
    for i, name in enumerate(row_labels):
        cy = top + i * cell
        parts.append(f'<text x="{_fmt(row_label_width - 6)}" y="{cy + cell * 0.68:.1f}" class="tick" text-anchor="end">{escape(name)}'
                     f'<title>{escape(rows[i])}</title></text>')
        for j, v in enumerate(values[i]):
            shade = v / v_max if v_max else 0
            fill = f"rgba(31,119,180,{0.08 + 0.92 * shade:.3f})" if v else "#f4f4f4"
            text_fill = "#fff" if shade > 0.55 else "#222"
            cx = row_label_width + j * cell
            parts.append(f'<rect x="{_fmt(cx)}" y="{cy}" width="{cell - 1}" height="{cell - 1}" fill="{fill}"><title>{escape(rows[i])} × '
                         f'{escape(columns[j])}: {v:g}</title></rect>')
            if v:
                shown = f"{v:.0f}" if v >= 1 else f"{v:.1f}"
                size = ' style="font-size:8px"' if len(shown) > 3 else ""
                parts.append(f'<text x="{cx + cell / 2 - 0.5:.1f}" y="{cy + cell * 0.68:.1f}" class="cell" fill="{text_fill}" '
                             f'text-anchor="middle"{size}>{shown}</text>')
    if note:
        parts.append(f'<text x="4" y="{_fmt(height - 8)}" class="tick">{escape(note)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def bars(items: list[tuple[str, float]], title: str, bar_colour: str = "#1f77b4", plot: int = 160) -> str:
    """Horizontal bars with their values; labels whole up to 44 characters."""
    row = 18
    labels = [_fit(name, 44) for name, _ in items]
    label_width = max([_text_width(label) for label in labels] or [40]) + 12
    width = max(label_width + plot + 50, _text_width(title) + 12)
    height = 24 + row * len(items) + 6
    v_max = max([v for _, v in items] or [1]) or 1
    parts = _open(width, height, title)
    for i, ((name, v), label) in enumerate(zip(items, labels, strict=True)):
        y = 24 + i * row
        w = plot * v / v_max
        parts.append(f'<text x="{_fmt(label_width - 6)}" y="{y + 12}" class="tick" text-anchor="end">{escape(label)}<title>{escape(name)}</title></text>')
        parts.append(f'<rect x="{_fmt(label_width)}" y="{y + 2}" width="{_fmt(max(w, 1))}" height="{row - 5}" fill="{bar_colour}"><title>{escape(name)}: {v:g}</title></rect>')
        parts.append(f'<text x="{_fmt(label_width + w + 4)}" y="{y + 12}" class="tick">{v:g}</text>')
    parts.append("</svg>")
    return "".join(parts)
