"""How good a set of themes is: NPMI coherence, topic diversity, stability, agreement with gold labels."""

from __future__ import annotations

import itertools

import numpy as np
import scipy.sparse as sp
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score


def npmi(top_terms: list[list[int]], binary: sp.csr_matrix) -> list[float]:
    """NPMI of each theme's top terms, from document co-occurrence in `binary` (documents x terms)."""
    n = binary.shape[0]
    df = np.asarray(binary.sum(axis=0)).ravel()
    binary = binary.tocsc()
    scores = []
    for terms in top_terms:
        terms = list(terms)
        if len(terms) < 2:
            scores.append(0.0)
            continue
        sub = binary[:, terms]
        co = (sub.T @ sub).toarray()
        values = []
        for a, b in itertools.combinations(range(len(terms)), 2):
            joint = co[a, b] / n
            if joint <= 0:
                values.append(-1.0)
                continue
            pa, pb = df[terms[a]] / n, df[terms[b]] / n
            if joint >= 1.0:
                values.append(1.0)
                continue
            values.append(float(np.log(joint / (pa * pb)) / -np.log(joint)))
        scores.append(float(np.mean(values)))
    return scores


def diversity(top_terms: list[list[int]]) -> float:
    """Share of unique terms among all themes' top terms (1.0: no theme repeats another's terms)."""
    flat = [t for terms in top_terms for t in terms]
    return len(set(flat)) / len(flat) if flat else 0.0


def stability(labelings: list[np.ndarray]) -> float:
    """Mean pairwise adjusted Rand index of primary themes across runs."""
    pairs = list(itertools.combinations(range(len(labelings)), 2))
    if not pairs:
        return 1.0
    return float(np.mean([adjusted_rand_score(labelings[a], labelings[b]) for a, b in pairs]))


def agreement(gold, predicted) -> dict[str, float]:
    return {"nmi": float(normalized_mutual_info_score(gold, predicted)), "ari": float(adjusted_rand_score(gold, predicted))}
