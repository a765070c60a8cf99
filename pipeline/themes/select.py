"""Choosing the number of themes: every k in a range is fitted and scored by NPMI coherence of its top terms
and by stability (how far the themes survive refitting on random 80% subsamples); the scores for every k
go into the outputs (k_scores.json), the chosen k marked, with a flag when it sits at an end of the range.

For a model that reads embeddings (hybrid) the chosen k maximises the silhouette of its themes in the diffused
embedding space (cosine; on an evenly spread sample of at most `silhouette_sample` passages): how much closer a
passage is to its own theme than to the next. On the two labelled benchmarks it peaked within 2 of the gold k,
where NPMI + stability overshot and the eigengap of the neighbour graph was flat. For the words-only models it
maximises  mean NPMI + stability_weight x stability."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from multiprocessing import get_context

import numpy as np
from sklearn.metrics import adjusted_rand_score, silhouette_score

from .data import ThemeData
from .models import MODELS, ThemeModel
from .quality import diversity, npmi


@dataclass
class KScore:
    k: int
    npmi: float
    stability: float
    diversity: float
    score: float
    silhouette: float | None = None

    def to_dict(self) -> dict:
        out = {"k": self.k, "npmi": round(self.npmi, 4), "stability": round(self.stability, 4),
               "diversity": round(self.diversity, 4), "score": round(self.score, 4)}
        if self.silhouette is not None:
            out["silhouette"] = round(self.silhouette, 4)
        return out


CRITERIA = {"silhouette": "max of the themes' silhouette in the diffused embedding space over k",
            "npmi+stability": "max of mean NPMI + 0.5 x stability over k"}


def criterion(scores: list[KScore]) -> str:
    return "silhouette" if scores and all(s.silhouette is not None for s in scores) else "npmi+stability"


def at_edge(k: int, ks: list[int]) -> bool:
    """A chosen k at either end of a range of several: the best may lie outside the range."""
    return len(ks) > 1 and k in (min(ks), max(ks))


def embedding_silhouette(model: ThemeModel, data: ThemeData, labels: np.ndarray, sample: int = 3000) -> float | None:
    if not hasattr(model, "diffused") or data.embeddings is None or len(set(labels.tolist())) < 2:
        return None
    z = model.diffused(data)
    rows = np.arange(len(labels)) if len(labels) <= sample else np.linspace(0, len(labels) - 1, sample).astype(int)
    if len(set(labels[rows].tolist())) < 2:
        return None
    return float(silhouette_score(z[rows], labels[rows], metric="cosine"))


def primary(distributions: np.ndarray) -> np.ndarray:
    labels = distributions.argmax(axis=1)
    labels[distributions.sum(axis=1) == 0] = -1
    return labels


def score_k(make_model, data: ThemeData, k: int, subsamples: int = 2, fraction: float = 0.8,
            random_state: int = 0, stability_weight: float = 0.5) -> tuple[KScore, ThemeModel]:
    model: ThemeModel = make_model(k)
    full = primary(model.fit_transform(data))
    top = model.top_terms(10)
    coherence = float(np.mean(npmi(top, data.binary)))
    rng = np.random.RandomState(random_state + k)
    n = data.counts.shape[0]
    agreements = []
    for _ in range(subsamples):
        rows = np.sort(rng.choice(n, size=max(2, int(n * fraction)), replace=False))
        sub_model = make_model(k)
        sub = primary(sub_model.fit_transform(data.rows(rows)))
        agreements.append(adjusted_rand_score(full[rows], sub))
    stability = float(np.mean(agreements)) if agreements else 1.0
    return KScore(k, coherence, stability, diversity(top), coherence + stability_weight * stability,
                  embedding_silhouette(model, data, full)), model


class ModelFactory:
    """Makes a model for a given k (picklable, so k values can be scored in worker processes)."""

    def __init__(self, name: str, **params):
        self.name = name
        self.params = params

    def __call__(self, k: int) -> ThemeModel:
        return MODELS[self.name](n_themes=k, **self.params)


def choose_k(make_model, data: ThemeData, ks: list[int], jobs: int = 1, **kwargs) -> tuple[int, list[KScore], dict[int, ThemeModel]]:
    """Score every k (in `jobs` processes) and pick the best."""
    if jobs > 1 and len(ks) > 1:
        # Fresh worker processes: a forked child hangs in OpenMP (scikit-learn's k-means) if the parent used it.
        with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn")) as pool:
            results = list(pool.map(partial(_score_one, make_model, data, kwargs), ks))
    else:
        results = [score_k(make_model, data, k, **kwargs) for k in ks]
    scores = [r[0] for r in results]
    models = {r[0].k: r[1] for r in results}
    if criterion(scores) == "silhouette":
        best = max(scores, key=lambda s: (round(s.silhouette, 6), -s.k))
    else:
        best = max(scores, key=lambda s: (round(s.score, 6), -s.k))
    return best.k, scores, models


def _score_one(make_model, data: ThemeData, kwargs: dict, k: int):
    return score_k(make_model, data, k, **kwargs)
