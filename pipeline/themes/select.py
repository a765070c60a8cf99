"""Choosing the number of themes: every k in a range is fitted and scored by NPMI coherence of its top terms
and by stability (how far the themes survive refitting on random 80% subsamples); the scores for every k
go into the outputs. The chosen k maximises  mean NPMI + stability_weight x stability."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial

import numpy as np
from sklearn.metrics import adjusted_rand_score

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

    def to_dict(self) -> dict:
        return {"k": self.k, "npmi": round(self.npmi, 4), "stability": round(self.stability, 4),
                "diversity": round(self.diversity, 4), "score": round(self.score, 4)}


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
    return KScore(k, coherence, stability, diversity(top), coherence + stability_weight * stability), model


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
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(partial(_score_one, make_model, data, kwargs), ks))
    else:
        results = [score_k(make_model, data, k, **kwargs) for k in ks]
    scores = [r[0] for r in results]
    models = {r[0].k: r[1] for r in results}
    best = max(scores, key=lambda s: (round(s.score, 6), -s.k))
    return best.k, scores, models


def _score_one(make_model, data: ThemeData, kwargs: dict, k: int):
    return score_k(make_model, data, k, **kwargs)
