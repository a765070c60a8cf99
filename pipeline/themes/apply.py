"""Researchers' decisions (themes.yaml) applied to a fitted model's outputs, without refitting the model.

The model stage writes each passage's weight on every theme; this module merges, splits, drops and renames themes,
moves and excludes passages, then assigns each passage to its strongest theme, measures every passage's fit to its
theme, describes the themes a decision changed, flags problems and writes a themes.yaml snippet per theme. The
themes stage and `lh review` both call `apply_overrides`, so the review app and `make distil` give the same themes.

A split re-clusters only the theme's own passages into two (k-means on their sentence embeddings, or their TF-IDF
rows for the words-only models), with a fixed seed: the larger part keeps the id, the other takes the next free id.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.cluster import KMeans
from sklearn.preprocessing import normalize

from .data import ThemeData
from .describe import describe_themes, passage_fits, theme_flags, yaml_snippet
from .overrides import Overrides

ROUND = 6
Warn = Callable[[str, "int | None"], object]


@dataclass
class AppliedThemes:
    """The themes after the researchers' decisions, and each passage's place in them."""

    themes: list[dict]                                  # sorted by id, ready for themes.json
    rows: list[dict] = field(default_factory=list)      # per passage: id, doc, theme, weight, distribution, pinned, fit, weak_fit, excluded
    unassigned: int = 0
    excluded: int = 0


def _next_id(taken: set[str]) -> str:
    n = 1
    while f"T{n:02d}" in taken:
        n += 1
    return f"T{n:02d}"


def _split_rows(vectors: np.ndarray, random_state: int) -> np.ndarray:
    """Two clusters of the given rows (labels 0/1), deterministic for a seed."""
    return KMeans(n_clusters=2, n_init=4, random_state=random_state).fit_predict(vectors)


def apply_overrides(model: dict, distributions: list[dict], overrides: Overrides, data: ThemeData,  # noqa: C901 - the decisions in the order they apply
                    vectors: np.ndarray | None, vocabulary: dict[str, str], codes: list[list[str]],
                    terms: list[list[str]], threshold: float, warn: Warn, random_state: int = 0) -> AppliedThemes:
    """`distributions` rows follow `data.ids` (the model stage writes them in that order); `vectors` (optional)
    are the passages' embeddings in the same order. Warnings (a theme or passage this run does not have) go to
    `warn(message, line)`."""
    themes = {t["id"]: dict(t) for t in model["themes"]}
    ids = [t["id"] for t in model["themes"]]
    n = len(distributions)
    weights = np.zeros((n, len(ids)))
    column = {tid: c for c, tid in enumerate(ids)}
    for r, row in enumerate(distributions):
        for tid, w in row["weights"].items():
            weights[r, column[tid]] = w
    matrix = {tid: weights[:, column[tid]].copy() for tid in ids}
    row_of = {pid: r for r, pid in enumerate(data.ids)}
    changed: set[str] = set()

    for theme_id in sorted(overrides.referenced_themes() - set(themes) - set(overrides.split)):
        warn(f"theme {theme_id} is not in this run's themes (ignored where used)", overrides.line_of_theme(theme_id))
    for theme_id in sorted(set(overrides.split) - set(themes)):
        warn(f"split {theme_id}: not in this run's themes; not split", overrides.line_of_theme(theme_id))

    for number, group in enumerate(overrides.merge):
        present = [g for g in group if g in themes]
        if len(present) < 2:
            warn(f"merge {group}: needs two themes of this run, found {len(present)} ({', '.join(present) or 'none'}); "
                 "not merged", overrides.merge_lines[number])
            continue
        kept, *merged = present
        for other in merged:
            matrix[kept] = matrix[kept] + matrix.pop(other)
            themes[kept]["merged"] = themes[kept].get("merged", []) + [other]
            themes.pop(other)
        changed.add(kept)

    taken = set(ids) | {t for group in overrides.merge for t in group} | set(overrides.referenced_themes())
    for theme_id in overrides.split:
        if theme_id not in themes:
            continue
        stacked = np.vstack([matrix[t] for t in sorted(matrix)]).T
        primary = np.array(sorted(matrix))[stacked.argmax(axis=1)] if len(matrix) else np.array([])
        members = np.flatnonzero((primary == theme_id) & (stacked.max(axis=1) >= threshold))
        if len(members) < 8:
            warn(f"split {theme_id}: only {len(members)} passages, too few to split; not split", overrides.line_of_theme(theme_id))
            continue
        source = vectors[members] if vectors is not None else data.tfidf[members].toarray()
        labels = _split_rows(normalize(np.asarray(source, dtype=np.float64)), random_state)
        if (labels == 0).sum() < (labels == 1).sum():
            labels = 1 - labels                      # the larger part keeps the id
        new_id = _next_id(taken)
        taken.add(new_id)
        moved = members[labels == 1]
        matrix[new_id] = np.zeros(n)
        matrix[new_id][moved] = matrix[theme_id][moved]
        matrix[theme_id][moved] = 0.0
        themes[new_id] = {"id": new_id, "label": "", "model_label": "", "terms": [], "phrases": [], "coherence": 0.0,
                          "seed": None, "split_from": theme_id}
        themes[theme_id]["split_into"] = [theme_id, new_id]
        changed.update({theme_id, new_id})

    for theme_id in overrides.drop:
        if theme_id in themes:
            matrix.pop(theme_id)
            themes.pop(theme_id)

    order = sorted(matrix)
    stacked = np.vstack([matrix[t] for t in order]).T if order else np.zeros((n, 0))
    sums = stacked.sum(axis=1, keepdims=True)
    stacked = np.divide(stacked, sums, out=np.zeros_like(stacked), where=sums > 0)

    for pid in sorted(set(overrides.move) - set(row_of)):
        warn(f"moved passage {pid} is not in this run (ignored)", overrides.line_of_passage(pid))
    for pid in sorted(set(overrides.exclude) - set(row_of)):
        warn(f"excluded passage {pid} is not in this run (ignored)", overrides.line_of_passage(pid))
    excluded = set(overrides.exclude)
    chosen: list[str | None] = []
    for r, pid in enumerate(data.ids):
        best = int(stacked[r].argmax()) if order else 0
        theme = order[best] if order and stacked[r, best] >= threshold else None
        if overrides.move.get(pid) in matrix:
            theme = overrides.move[pid]
        if pid in excluded:
            theme = None
        chosen.append(theme)

    # The themes a decision changed are described afresh from their passages; the others keep the model's words.
    if changed & set(themes):
        final = [themes[t] for t in order]
        assigned_rows = [r for r, t in enumerate(chosen) if t is not None]      # unassigned and excluded passages describe nothing
        primary = np.array([order.index(t) for t in chosen if t is not None], dtype=int)
        fresh = [dict(t) for t in final]
        describe_themes(fresh, list(range(len(order))), data.rows(np.array(assigned_rows, dtype=int)), primary, vocabulary,
                        [codes[r] for r in assigned_rows], [terms[r] for r in assigned_rows])
        for theme, described in zip(final, fresh, strict=True):
            if theme["id"] in changed:
                theme.update({k: described[k] for k in ("label", "model_label", "label_terms", "label_coverage", "codes",
                                                          "label_coherence", "procedural_share") if k in described})
                if not theme.get("terms"):
                    theme["terms"] = [{"term": e["term"], "label": e["label"], "weight": e["coverage"]}
                                      for e in described.get("label_terms", []) if not e.get("code")]
                    theme["coherence"] = described.get("label_coherence", 0.0)
    for theme_id, label in overrides.rename.items():
        if theme_id in themes:
            themes[theme_id]["label"] = label
            themes[theme_id]["renamed"] = True
    for theme_id, text in overrides.notes.items():
        if theme_id in themes:
            themes[theme_id]["note"] = text

    fit_vectors = vectors if vectors is not None else stacked
    fit = passage_fits(normalize(np.asarray(fit_vectors, dtype=np.float64)), chosen, order)
    sizes: Counter = Counter()
    documents: dict[str, Counter] = {t: Counter() for t in order}
    fits: dict[str, list[tuple]] = {t: [] for t in order}
    rows = []
    for r, (pid, theme) in enumerate(zip(data.ids, chosen, strict=True)):
        distribution = {order[i]: round(float(w), ROUND) for i, w in enumerate(stacked[r]) if w >= 0.01}
        best = int(stacked[r].argmax()) if order else 0
        pinned = overrides.move.get(pid) in matrix
        score, weak, better = fit["fit"][r], fit["weak"][r], fit["better"][r]
        doc = distributions[r]["doc"]
        if theme is not None:
            sizes[theme] += 1
            documents[theme][doc] += 1
            fits[theme].append((score, weak, pid, better))
        rows.append({"id": pid, "doc": doc, "theme": theme, "weight": round(float(stacked[r, best]) if order else 0.0, ROUND),
                     "distribution": distribution, "pinned": pinned, "fit": None if theme is None else round(score, 4),
                     "weak_fit": bool(weak) and not pinned and theme is not None, "excluded": pid in excluded})
    weakest = {}
    for theme_id, items in fits.items():
        weak_items = sorted((s, pid, b) for s, w, pid, b in items if w)
        if weak_items:
            weakest[theme_id] = {"passage": weak_items[0][1], "fit": round(weak_items[0][0], 4), "better": weak_items[0][2]}
    ordered = []
    for theme_id in order:
        theme = themes[theme_id]
        theme["size"] = sizes.get(theme_id, 0)
        theme["flags"] = theme_flags(theme, fits[theme_id], n, documents)
        theme["yaml"] = yaml_snippet(theme, fit["nearest"].get(theme_id), weakest.get(theme_id), model["k"])
        theme.pop("vector", None)
        ordered.append(theme)
    unassigned = sum(1 for t in chosen if t is None) - len(excluded & set(row_of))
    return AppliedThemes(ordered, rows, unassigned, len(excluded & set(row_of)))


def summary_of(model: dict, applied: AppliedThemes, threshold: float) -> dict[str, Any]:
    """themes.json: the model's facts with the themes as decided."""
    kept = len(applied.rows) - applied.excluded
    return {
        **{k: v for k, v in model.items() if k != "themes"},
        "assign_threshold": threshold,
        "excluded": applied.excluded,
        "unassigned": applied.unassigned,
        "unassigned_share": round(applied.unassigned / max(1, kept), 4),
        "themes": applied.themes,
    }
