"""The document-term data the theme models share, built from the tag stage's terms (lemmas and key phrases)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer


def _identity(tokens):
    return tokens


@dataclass
class ThemeData:
    """Counts and TF-IDF over a filtered vocabulary; rows follow `ids`. `embeddings` (optional, rows follow `ids`)
    are the passages' sentence embeddings, L2-normalised, for the models that read meaning as well as words."""

    ids: list[str]
    vocabulary: list[str]
    counts: sp.csr_matrix
    tfidf: sp.csr_matrix
    # Term-level results (word similarities) shared by every model fitted on this data or a subsample of it:
    # a subsample keeps the whole history's view of which words keep company.
    cache: dict = field(default_factory=dict, repr=False)
    embeddings: np.ndarray | None = field(default=None, repr=False)

    def cached(self, key, compute):
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]

    @property
    def binary(self) -> sp.csr_matrix:
        return (self.counts > 0).astype(np.float64).tocsr()

    def rows(self, index) -> ThemeData:
        """The same vocabulary over a subset of documents (for subsample stability)."""
        index = np.asarray(index)
        embeddings = None if self.embeddings is None else self.embeddings[index]
        return ThemeData([self.ids[i] for i in index], self.vocabulary, self.counts[index], self.tfidf[index], self.cache,
                         embeddings)

    def empty_rows(self) -> np.ndarray:
        return np.asarray(self.counts.sum(axis=1)).ravel() == 0


def build(ids: list[str], documents: list[list[str]], min_df: int | float = 2, max_df: float = 0.4,
          max_features: int | None = 20000, embeddings: np.ndarray | None = None) -> ThemeData:
    """Filter the vocabulary (rare and near-ubiquitous terms, numbers) and weight it."""
    n = len(documents)
    if isinstance(min_df, int):
        min_df = min(min_df, max(1, n // 2))
    vectorizer = CountVectorizer(analyzer=_identity, min_df=min_df, max_df=max_df if n >= 20 else 1.0,
                                 max_features=max_features, dtype=np.float64)
    documents = [[t for t in doc if not t.replace("_", "").isdigit()] for doc in documents]
    try:
        counts = vectorizer.fit_transform(documents).tocsr()
    except ValueError:   # no term survives the filter: fall back to every term
        vectorizer = CountVectorizer(analyzer=_identity, dtype=np.float64)
        counts = vectorizer.fit_transform(documents).tocsr()
    vocabulary = list(vectorizer.get_feature_names_out())
    tfidf = TfidfTransformer(sublinear_tf=True).fit_transform(counts).tocsr()
    return ThemeData(ids, vocabulary, counts, tfidf, embeddings=embeddings)
