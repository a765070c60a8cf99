"""Stable theme ids: this run's themes are matched to the previous run's by their term distributions
(Hungarian assignment on cosine similarity), so "T03" means the same theme after the corpus grows or the
model is re-run. Unmatched themes get fresh ids; a match needs a cosine of at least `min_similarity`."""

from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment


def theme_id(n: int) -> str:
    return f"T{n:02d}"


def assign_ids(vectors: list[dict[str, float]], previous: list[dict[str, float]], previous_ids: list[str],
               min_similarity: float = 0.3) -> list[str]:
    """Ids for this run's themes, given each theme's {term: weight} and the previous run's."""
    ids: list[str | None] = [None] * len(vectors)
    if previous:
        terms = sorted({t for v in vectors + previous for t in v})
        index = {t: i for i, t in enumerate(terms)}

        def matrix(vs):
            m = np.zeros((len(vs), len(terms)))
            for r, v in enumerate(vs):
                for t, w in v.items():
                    m[r, index[t]] = w
            norms = np.linalg.norm(m, axis=1, keepdims=True)
            return np.divide(m, norms, out=np.zeros_like(m), where=norms > 0)

        similarity = matrix(vectors) @ matrix(previous).T
        rows, cols = linear_sum_assignment(-similarity)
        for r, c in zip(rows, cols, strict=True):
            if similarity[r, c] >= min_similarity:
                ids[r] = previous_ids[c]
    used = {i for i in ids if i} | set(previous_ids)
    n = 1
    for r in range(len(ids)):
        if ids[r] is None:
            while theme_id(n) in used:
                n += 1
            new_id = theme_id(n)
            ids[r] = new_id
            used.add(new_id)
    return ids  # type: ignore[return-value]
