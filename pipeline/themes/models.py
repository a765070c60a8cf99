"""Theme models behind one scikit-learn-style interface.

Settings live in __init__, learned state in attributes ending in "_", and every model has an explicit
random_state. `fit(data)` learns `components_` (themes x terms, each row a distribution over terms);
`transform(data)` gives each document a distribution over themes (a zero row where it has no known term).

- HybridThemes (the default): meaning and words. Sentence embeddings are smoothed over each passage's nearest
  neighbours in meaning (two steps of diffusion on a k-nearest-neighbour graph), clustered with k-means (the
  best of 16 starts: with 4, another random_state gave other themes, ARI .89 between seeds on M10), then
  refined by expectation-maximisation of a joint model: a von Mises-Fisher mixture on the embeddings and a
  mixture of unigrams on the terms, so the themes' word distributions (labels, coherence) come from the same
  model that sorts the passages. One theme per passage; no outlier bucket.
- MixtureThemes (words only): built for short texts such as quotes. Words are smoothed with their nearest
  neighbours by PPMI co-occurrence, so a 20-word passage borrows the company its words keep across the history;
  NMF on the smoothed TF-IDF gives a deterministic start; then expectation-maximisation of a mixture of
  unigrams (one theme per passage, which is how a distillation team sorts quotes) refines it.
- NMFThemes: scikit-learn NMF on TF-IDF, nndsvda start.
- GensimLDA: gensim's LdaModel (variational Bayes).

Seed terms (codebook codes marked `seed: true`) bias one theme each toward their terms: a Dirichlet prior on
the theme's term distribution for the mixture and gensim (`eta`), the starting factors for NMF.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linear_sum_assignment
from scipy.special import logsumexp
from sklearn.decomposition import NMF
from sklearn.preprocessing import normalize

from .data import ThemeData


class ThemeModel:
    """Base class: shared helpers; subclasses implement fit and transform."""

    name: ClassVar[str] = "base"
    components_: np.ndarray      # themes x terms, set by fit

    def __init__(self, n_themes: int = 10, random_state: int = 0, seed_terms: list[list[str]] | None = None):
        self.n_themes = n_themes
        self.random_state = random_state
        self.seed_terms = seed_terms or []

    def get_params(self) -> dict:
        return {k: v for k, v in vars(self).items() if not k.endswith("_") and not k.startswith("_")}

    def fit(self, data: ThemeData) -> ThemeModel:  # pragma: no cover - abstract
        raise NotImplementedError

    def transform(self, data: ThemeData) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def fit_transform(self, data: ThemeData) -> np.ndarray:
        return self.fit(data).transform(data)

    def _seed_indices(self, data: ThemeData) -> list[list[int]]:
        index = {term: i for i, term in enumerate(data.vocabulary)}
        return [[index[t] for t in terms if t in index] for terms in self.seed_terms][: self.n_themes]

    min_seed_lift: ClassVar[float] = 1.5

    def _match_seeds(self, components: np.ndarray, seeds: list[list[int]]) -> dict[int, int]:
        """seed number -> theme: each seed to the theme already leaning most toward its terms (one seed per
        theme), and only where that theme holds the seed's terms at least `min_seed_lift` times more than the
        themes on average; a seed the data does not support biases nothing."""
        rows = normalize(np.asarray(components, dtype=np.float64), norm="l1")
        average = rows.mean(axis=0)
        usable = [i for i, terms in enumerate(seeds) if terms]
        if not usable:
            return {}
        score = np.array([[rows[t, seeds[i]].sum() for t in range(rows.shape[0])] for i in usable])
        seed_rows, themes = linear_sum_assignment(-score)
        matched = {}
        for r, t in zip(seed_rows, themes, strict=True):
            i = usable[r]
            base = average[seeds[i]].sum()
            if base > 0 and rows[t, seeds[i]].sum() >= self.min_seed_lift * base:
                matched[int(i)] = int(t)
        return matched

    def top_terms(self, n: int = 10, data: ThemeData | None = None, relevance: float = 1.0) -> list[list[int]]:
        """Indices of each theme's top terms; relevance < 1 favours terms particular to the theme (pyLDAvis's lambda)."""
        phi = normalize(np.asarray(self.components_, dtype=np.float64), norm="l1") + 1e-12
        if relevance < 1.0 and data is not None:
            p = np.asarray(data.counts.sum(axis=0)).ravel() + 1.0
            p = p / p.sum()
            score = relevance * np.log(phi) + (1 - relevance) * np.log(phi / p)
        else:
            score = phi
        return [list(np.argsort(-row, kind="stable")[:n]) for row in score]

    def _quiet_nmf(self, nmf: NMF, matrix, **kwargs) -> NMF:
        """Fit NMF as a starting point: running out of iterations is expected there, not worth a warning."""
        import warnings

        from sklearn.exceptions import ConvergenceWarning

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            return nmf.fit(matrix, **kwargs)


def _sample_rows(data: ThemeData, limit: int) -> np.ndarray:
    """All rows, or an evenly spread deterministic subset of `limit` rows."""
    n = data.counts.shape[0]
    if n <= limit:
        return np.arange(n)
    return np.linspace(0, n - 1, limit).astype(int)


def _rows_to_distributions(weights: np.ndarray) -> np.ndarray:
    weights = np.clip(np.asarray(weights, dtype=np.float64), 0, None)
    sums = weights.sum(axis=1, keepdims=True)
    out = np.divide(weights, sums, out=np.zeros_like(weights), where=sums > 0)
    return out


class NMFThemes(ThemeModel):
    name = "nmf"

    def __init__(self, n_themes: int = 10, random_state: int = 0, seed_terms=None, max_iter: int = 400, seed_weight: float = 1.0):
        super().__init__(n_themes, random_state, seed_terms)
        self.max_iter = max_iter
        self.seed_weight = seed_weight

    def fit(self, data: ThemeData) -> NMFThemes:
        k = min(self.n_themes, min(data.tfidf.shape))
        seeds = self._seed_indices(data)
        if any(seeds):
            from sklearn.decomposition._nmf import _initialize_nmf

            W0, H0 = _initialize_nmf(data.tfidf, k, init="nndsvda", random_state=self.random_state)
            self.seed_themes_ = self._match_seeds(H0, seeds)
            # Anchor each matched seed: its terms start strong in its theme, and pseudo-passages made of its
            # terms alone (2% of the corpus each, times seed_weight) keep them there while NMF converges.
            n = data.tfidf.shape[0]
            copies = max(1, int(round(0.02 * n * self.seed_weight)))
            pseudo_rows, pseudo_w = [], []
            for s, t in self.seed_themes_.items():
                H0[t, seeds[s]] += self.seed_weight * H0.max()
                row = np.zeros(data.tfidf.shape[1])
                row[seeds[s]] = 1.0 / np.sqrt(len(seeds[s]))
                pseudo_rows.extend([row] * copies)
                w = np.zeros(k)
                w[t] = W0.max()
                pseudo_w.extend([w] * copies)
            matrix = sp.vstack([data.tfidf, sp.csr_matrix(np.array(pseudo_rows))]).tocsr() if pseudo_rows else data.tfidf
            W_start = np.vstack([W0, np.array(pseudo_w)]) if pseudo_w else W0
            self.model_ = self._quiet_nmf(NMF(k, init="custom", random_state=self.random_state, max_iter=self.max_iter),
                                          matrix, W=np.ascontiguousarray(W_start), H=np.ascontiguousarray(H0))
        else:
            self.seed_themes_ = {}
            self.model_ = self._quiet_nmf(NMF(k, init="nndsvda", random_state=self.random_state, max_iter=self.max_iter), data.tfidf)
        self.components_ = self.model_.components_
        return self

    def transform(self, data: ThemeData) -> np.ndarray:
        return _rows_to_distributions(self.model_.transform(data.tfidf))


def ppmi_neighbours(binary: sp.csr_matrix, neighbours: int = 30, contexts: int = 200) -> sp.csr_matrix:
    """Term x term similarity: cosine of PPMI co-occurrence profiles (each term's `contexts` strongest kept),
    each term's top `neighbours` kept."""
    co = (binary.T @ binary).tocsr().astype(np.float64)
    co.setdiag(0)
    co.eliminate_zeros()
    total = co.sum()
    if total == 0:
        return sp.csr_matrix(co.shape)
    row = np.asarray(co.sum(axis=1)).ravel()
    coo = co.tocoo()
    pmi = np.log((coo.data * total) / (row[coo.row] * row[coo.col]))
    keep = pmi > 0
    ppmi = _top_per_row(sp.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=co.shape), contexts)
    ppmi = normalize(ppmi)
    sim = (ppmi @ ppmi.T).tocsr()
    sim.setdiag(0)
    sim.eliminate_zeros()
    return _top_per_row(sim, neighbours)


def _top_per_row(matrix: sp.csr_matrix, n: int) -> sp.csr_matrix:
    """Keep each row's n largest entries (ties broken by column, so the result is deterministic)."""
    rows, cols, vals = [], [], []
    for i in range(matrix.shape[0]):
        start, end = matrix.indptr[i], matrix.indptr[i + 1]
        data, idx = matrix.data[start:end], matrix.indices[start:end]
        if len(data) > n:
            order = np.lexsort((idx, -data))[:n]
            data, idx = data[order], idx[order]
        rows.append(np.full(len(data), i))
        cols.append(idx)
        vals.append(data)
    if not rows:
        return sp.csr_matrix(matrix.shape)
    return sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=matrix.shape)


class MixtureThemes(ThemeModel):
    name = "mixture"

    def __init__(self, n_themes: int = 10, random_state: int = 0, seed_terms=None, neighbours: int = 10,
                 smoothing: float = 0.3, prior: float = 0.1, seed_prior: float = 0.01, iterations: int = 40,
                 start_sample: int = 20000):
        super().__init__(n_themes, random_state, seed_terms)
        self.neighbours = neighbours
        self.smoothing = smoothing
        self.prior = prior
        self.seed_prior = seed_prior
        self.iterations = iterations
        self.start_sample = start_sample

    def _smoothed_counts(self, data: ThemeData) -> sp.csr_matrix:
        return (data.counts + self.smoothing * (data.counts @ self.similarity_)).tocsr()

    def fit(self, data: ThemeData) -> MixtureThemes:
        k = min(self.n_themes, data.counts.shape[0])
        self.similarity_ = data.cached(("ppmi_neighbours", self.neighbours),
                                       lambda: ppmi_neighbours(data.binary[_sample_rows(data, self.start_sample)], self.neighbours))
        smoothed_tfidf = normalize(data.tfidf + data.tfidf @ self.similarity_)
        # The NMF start is fitted on at most `start_sample` passages; every passage then takes the start theme
        # it projects onto most. Both are linear in the corpus, so large histories cost in proportion.
        rows = _sample_rows(data, self.start_sample)
        start = self._quiet_nmf(NMF(k, init="nndsvda", random_state=self.random_state, max_iter=200, tol=1e-3),
                                smoothed_tfidf[rows])
        labels = np.asarray(smoothed_tfidf @ start.components_.T).argmax(axis=1)
        counts = self._smoothed_counts(data)
        prior = np.full((k, counts.shape[1]), self.prior)
        seeds = self._seed_indices(data)
        self.seed_themes_ = {}
        if any(seeds):
            self.seed_themes_ = self._match_seeds(start.components_, seeds)
            for s, t in self.seed_themes_.items():
                # Pseudo-counts worth `seed_prior` of an average theme's words, spread over the seed's terms.
                prior[t, seeds[s]] += self.seed_prior * float(counts.sum()) / k / len(seeds[s])
        n = counts.shape[0]
        resp = np.zeros((n, k))
        resp[np.arange(n), labels] = 1.0
        for _ in range(self.iterations):
            weights = (resp.sum(axis=0) + 1.0) / (n + k)
            phi = np.asarray(counts.T @ resp).T + prior
            phi /= phi.sum(axis=1, keepdims=True)
            log_lik = np.asarray(counts @ np.log(phi).T) + np.log(weights)
            new = np.exp(log_lik - logsumexp(log_lik, axis=1, keepdims=True))
            if np.abs(new - resp).max() < 1e-4:
                resp = new
                break
            resp = new
        self.weights_ = weights
        self.components_ = phi
        return self

    def transform(self, data: ThemeData) -> np.ndarray:
        counts = self._smoothed_counts(data)
        log_lik = np.asarray(counts @ np.log(self.components_).T) + np.log(self.weights_)
        resp = np.exp(log_lik - logsumexp(log_lik, axis=1, keepdims=True))
        resp[np.asarray(counts.sum(axis=1)).ravel() == 0] = 0.0
        return resp


class GensimLDA(ThemeModel):
    name = "lda"

    def __init__(self, n_themes: int = 10, random_state: int = 0, seed_terms=None, passes: int = 10,
                 iterations: int = 100, seed_prior: float = 0.02):
        super().__init__(n_themes, random_state, seed_terms)
        self.passes = passes
        self.iterations = iterations
        self.seed_prior = seed_prior

    @staticmethod
    def _bow(data: ThemeData):
        counts = data.counts.tocsr()
        return [list(zip(counts.indices[counts.indptr[i]:counts.indptr[i + 1]].tolist(),
                         counts.data[counts.indptr[i]:counts.indptr[i + 1]].astype(int).tolist(), strict=True))
                for i in range(counts.shape[0])]

    def fit(self, data: ThemeData) -> GensimLDA:
        from gensim.corpora import Dictionary
        from gensim.models import LdaModel

        k = self.n_themes
        dictionary = Dictionary.from_corpus([[(i, 1)] for i in range(len(data.vocabulary))],
                                            id2word=dict(enumerate(data.vocabulary)))
        eta = None
        seeds = self._seed_indices(data)
        if any(seeds):
            eta = np.full((k, len(data.vocabulary)), 1.0 / k)
            self.seed_themes_ = {}
            for t, terms in enumerate(seeds):
                if terms:
                    # Pseudo-counts worth `seed_prior` of an average topic's words, spread over the seed's terms.
                    eta[t, terms] += self.seed_prior * float(data.counts.sum()) / k / len(terms)
                    self.seed_themes_[t] = t
        self.model_ = LdaModel(self._bow(data), num_topics=k, id2word=dictionary, random_state=self.random_state,
                               passes=self.passes, iterations=self.iterations, eta=eta, alpha="symmetric")
        self.components_ = self.model_.get_topics()
        return self

    def transform(self, data: ThemeData) -> np.ndarray:
        out = np.zeros((data.counts.shape[0], self.n_themes))
        for i, bow in enumerate(self._bow(data)):
            if bow:
                for t, p in self.model_.get_document_topics(bow, minimum_probability=0.0):
                    out[i, t] = p
        return out


def nearest_neighbours(embeddings: np.ndarray, anchors: np.ndarray, neighbours: int, chunk: int = 2000) -> sp.csr_matrix:
    """rows x anchors: each row's `neighbours` most similar anchors (cosine, clipped at 0; a row is never its own
    neighbour). Linear in the rows for a fixed number of anchors; ties broken by anchor order (deterministic)."""
    n, m = embeddings.shape[0], len(anchors)
    keep = min(neighbours, max(1, m - 1))
    anchor_vectors = embeddings[anchors]
    position = np.full(n, -1)
    position[anchors] = np.arange(m)
    rows, cols, vals = [], [], []
    for start in range(0, n, chunk):
        sim = embeddings[start:start + chunk] @ anchor_vectors.T
        own = position[start:start + chunk]
        inside = np.flatnonzero(own >= 0)
        sim[inside, own[inside]] = -np.inf
        top = np.argpartition(-sim, keep - 1, axis=1)[:, :keep]
        order = np.lexsort((top, -np.take_along_axis(sim, top, axis=1)), axis=1)
        idx = np.take_along_axis(top, order, axis=1)
        rows.append(np.repeat(np.arange(start, start + sim.shape[0]), keep))
        cols.append(idx.ravel())
        vals.append(np.clip(np.take_along_axis(sim, idx, axis=1).ravel(), 0, None))
    return sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(n, m))


def diffuse(embeddings: np.ndarray, neighbours: int = 30, steps: int = 2, anchors: int = 20000) -> np.ndarray:
    """Each embedding averaged with its nearest neighbours' (weighted by similarity, itself included), `steps`
    times: noise in one short passage is smoothed by the passages that mean the same. Neighbours are taken among
    at most `anchors` evenly spread passages, so the cost stays linear in the corpus."""
    x = normalize(np.asarray(embeddings, dtype=np.float64))
    n = x.shape[0]
    if n < 3 or steps <= 0:
        return x
    anchor_rows = np.arange(n) if n <= anchors else np.linspace(0, n - 1, anchors).astype(int)
    graph = nearest_neighbours(x, anchor_rows, neighbours)
    anchor_graph = graph[anchor_rows]
    z = x[anchor_rows]
    for _ in range(steps - 1):    # diffuse among the anchors, then once from every passage
        z = normalize(z + anchor_graph @ z)
    return normalize(x + graph @ z)


class HybridThemes(ThemeModel):
    name = "hybrid"

    def __init__(self, n_themes: int = 10, random_state: int = 0, seed_terms=None, neighbours: int = 30,
                 diffusion_steps: int = 2, n_init: int = 16, word_weight: float = 1.0, concentration_scale: float = 1.0,
                 prior: float = 0.1, seed_prior: float = 0.05, iterations: int = 30):
        super().__init__(n_themes, random_state, seed_terms)
        self.neighbours = neighbours
        self.diffusion_steps = diffusion_steps
        self.n_init = n_init
        self.word_weight = word_weight
        self.concentration_scale = concentration_scale
        self.prior = prior
        self.seed_prior = seed_prior
        self.iterations = iterations

    def diffused(self, data: ThemeData) -> np.ndarray:
        """The data's diffused embeddings. Computed once for a corpus and shared with its subsamples (rows()), so
        choosing k does not rebuild the neighbour graph for every fit."""
        if data.embeddings is None:
            raise ValueError("the hybrid theme model needs sentence embeddings (ThemeData.embeddings)")
        key = ("diffused", self.neighbours, self.diffusion_steps)
        cached = data.cache.get(key)
        if cached is not None:
            index, vectors = cached
            rows = [index.get(i) for i in data.ids]
            if None not in rows and len(data.ids) <= len(index):
                return vectors[rows]
        vectors = diffuse(data.embeddings, self.neighbours, self.diffusion_steps)
        if cached is None or len(data.ids) > len(cached[0]):
            data.cache[key] = ({i: r for r, i in enumerate(data.ids)}, vectors)
        return vectors

    def _log_likelihood(self, z: np.ndarray, counts: sp.csr_matrix) -> np.ndarray:
        return (np.log(self.weights_) + self.concentration_ * (z @ self.centroids_.T)
                + self.word_weight * np.asarray(counts @ np.log(self.components_).T))

    def fit(self, data: ThemeData) -> HybridThemes:
        from sklearn.cluster import KMeans

        z = self.diffused(data)
        n, k = z.shape[0], min(self.n_themes, z.shape[0])
        labels = KMeans(k, n_init=self.n_init, random_state=self.random_state).fit_predict(z)
        counts = data.counts
        prior = np.full((k, counts.shape[1]), self.prior)
        seeds = self._seed_indices(data)
        self.seed_themes_ = {}
        if any(seeds):
            start = np.asarray(counts.T @ np.eye(k)[labels]).T + self.prior
            self.seed_themes_ = self._match_seeds(start, seeds)
            for s, t in self.seed_themes_.items():
                # Pseudo-counts worth `seed_prior` of an average theme's words, spread over the seed's terms.
                prior[t, seeds[s]] += self.seed_prior * float(counts.sum()) / k / len(seeds[s])
        resp = np.eye(k)[labels]
        dimensions = z.shape[1]
        for _ in range(self.iterations):
            sizes = resp.sum(axis=0)
            self.weights_ = (sizes + 1.0) / (n + k)
            sums = (z.T @ resp).T   # (z.T @ resp) runs far faster than resp.T @ z on the BLAS here
            lengths = np.linalg.norm(sums, axis=1, keepdims=True)
            self.centroids_ = sums / np.clip(lengths, 1e-12, None)
            # vMF concentration (Banerjee et al.'s approximation), one for all themes, weighted by theme size.
            rbar = np.clip(lengths.ravel() / np.clip(sizes, 1e-9, None), 1e-3, 0.999)
            kappa = rbar * (dimensions - rbar ** 2) / (1 - rbar ** 2)
            self.concentration_ = self.concentration_scale * float(np.average(kappa, weights=sizes + 1e-9))
            phi = np.asarray(counts.T @ resp).T + prior
            self.components_ = phi / phi.sum(axis=1, keepdims=True)
            log_lik = self._log_likelihood(z, counts)
            new = np.exp(log_lik - logsumexp(log_lik, axis=1, keepdims=True))
            converged = np.abs(new - resp).max() < 1e-4
            resp = new
            if converged:
                break
        return self

    def transform(self, data: ThemeData) -> np.ndarray:
        log_lik = self._log_likelihood(self.diffused(data), data.counts)
        return np.exp(log_lik - logsumexp(log_lik, axis=1, keepdims=True))


MODELS: dict[str, type[ThemeModel]] = {m.name: m for m in (HybridThemes, MixtureThemes, NMFThemes, GensimLDA)}
