"""Theme quality against peers, in one run on one machine: our default model and the tools people would
otherwise use, each with its default settings, on the same documents.

For each dataset and model: NMI and ARI of primary themes against gold labels (where there are labels), NPMI
coherence of the top 10 terms (document co-occurrence in the same documents), topic diversity, stability
(mean pairwise ARI of primary themes over `seeds` seeds), the share left unassigned, and seconds per fit.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer, TfidfTransformer

from ..themes.data import ThemeData
from ..themes.models import MixtureThemes
from ..themes.quality import agreement, diversity, npmi, stability


@dataclass
class Dataset:
    name: str
    texts: list[str]           # space-separated terms
    labels: list[str] | None
    k: int


def _reference(texts: list[str]) -> tuple[CountVectorizer, object]:
    vectorizer = CountVectorizer(token_pattern=r"\S+", lowercase=False)
    counts = vectorizer.fit_transform(texts)
    return vectorizer, (counts > 0).astype(np.float64).tocsr()


def _top_indices(words_per_theme: list[list[str]], vocabulary: dict[str, int]) -> list[list[int]]:
    return [[vocabulary[w] for w in words if w in vocabulary][:10] for words in words_per_theme]


def ours(ds: Dataset, seed: int, threshold: float = 0.3):
    vectorizer = CountVectorizer(token_pattern=r"\S+", lowercase=False, min_df=2)
    counts = vectorizer.fit_transform(ds.texts).astype(np.float64).tocsr()
    data = ThemeData(list(range(len(ds.texts))), list(vectorizer.get_feature_names_out()), counts,
                     TfidfTransformer(sublinear_tf=True).fit_transform(counts).tocsr())
    model = MixtureThemes(ds.k, random_state=seed)
    distributions = model.fit_transform(data)
    labels = distributions.argmax(axis=1)
    unassigned = distributions.max(axis=1) < threshold
    words = [[data.vocabulary[i] for i in row] for row in model.top_terms(10)]
    return labels, words, float(unassigned.mean())


def _sklearn(ds: Dataset, model, vectorizer):
    X = vectorizer.fit_transform(ds.texts)
    W = model.fit_transform(X)
    vocab = vectorizer.get_feature_names_out()
    return W.argmax(axis=1), [[vocab[i] for i in np.argsort(-c)[:10]] for c in model.components_], 0.0


def sklearn_nmf(ds: Dataset, seed: int):
    from sklearn.decomposition import NMF

    return _sklearn(ds, NMF(ds.k, random_state=seed), TfidfVectorizer(token_pattern=r"\S+", lowercase=False))


def sklearn_lda(ds: Dataset, seed: int):
    from sklearn.decomposition import LatentDirichletAllocation

    return _sklearn(ds, LatentDirichletAllocation(ds.k, random_state=seed), CountVectorizer(token_pattern=r"\S+", lowercase=False))


def gensim_lda(ds: Dataset, seed: int):
    from gensim.corpora import Dictionary
    from gensim.models import LdaModel

    tokens = [t.split() for t in ds.texts]
    dictionary = Dictionary(tokens)
    corpus = [dictionary.doc2bow(t) for t in tokens]
    model = LdaModel(corpus, num_topics=ds.k, id2word=dictionary, random_state=seed)
    labels = np.array([max(model.get_document_topics(b, minimum_probability=0.0), key=lambda x: x[1])[0] if b else 0
                       for b in corpus])
    words = [[w for w, _ in model.show_topic(t, 10)] for t in range(ds.k)]
    return labels, words, 0.0


def tomotopy_lda(ds: Dataset, seed: int):
    import tomotopy as tp

    model = tp.LDAModel(k=ds.k, seed=seed)
    kept = []
    for i, text in enumerate(ds.texts):
        words = text.split()
        if words:
            model.add_doc(words)
            kept.append(i)
    model.train(1000, workers=1)
    labels = np.zeros(len(ds.texts), dtype=int)
    for i, doc in zip(kept, model.docs):
        labels[i] = int(np.argmax(doc.get_topic_dist()))
    words = [[w for w, _ in model.get_topic_words(t, 10)] for t in range(ds.k)]
    return labels, words, 0.0


PEERS: dict[str, Callable] = {"ours (mixture)": ours, "scikit-learn NMF": sklearn_nmf, "scikit-learn LDA": sklearn_lda,
                              "gensim LDA": gensim_lda, "tomotopy LDA": tomotopy_lda}


def available() -> dict[str, Callable]:
    peers = dict(PEERS)
    try:
        import tomotopy  # noqa: F401
    except ImportError:
        peers.pop("tomotopy LDA")
    return peers


def evaluate(ds: Dataset, seeds: int = 5, peers: dict[str, Callable] | None = None, log=print) -> list[dict]:
    vectorizer, binary = _reference(ds.texts)
    vocabulary = vectorizer.vocabulary_
    rows = []
    for name, fit in (peers or available()).items():
        labelings, coherence, diversities, unassigned, seconds, scores = [], [], [], [], [], []
        for seed in range(seeds):
            t0 = time.perf_counter()
            labels, words, left = fit(ds, seed)
            seconds.append(time.perf_counter() - t0)
            top = _top_indices(words, vocabulary)
            labelings.append(np.asarray(labels))
            coherence.append(float(np.mean(npmi(top, binary))))
            diversities.append(diversity(top))
            unassigned.append(left)
            if ds.labels is not None:
                scores.append(agreement(ds.labels, labels))
        row = {"dataset": ds.name, "model": name, "documents": len(ds.texts), "k": ds.k,
               "npmi": round(float(np.mean(coherence)), 4), "diversity": round(float(np.mean(diversities)), 4),
               "stability": round(stability(labelings), 4), "unassigned": round(float(np.mean(unassigned)), 4),
               "seconds": round(float(np.mean(seconds)), 3)}
        if scores:
            row["nmi"] = round(float(np.mean([s["nmi"] for s in scores])), 4)
            row["ari"] = round(float(np.mean([s["ari"] for s in scores])), 4)
        log(f"  {ds.name:<12} {name:<18} " + " ".join(f"{k} {v}" for k, v in row.items() if k in ("nmi", "npmi", "stability", "seconds")))
        rows.append(row)
    return rows
