"""Theme quality against peers, in one run on one machine: our default model (hybrid: embeddings and words),
the words-only mixture it replaced, plain sentence embeddings + k-means, and the tools people would otherwise use
(NMF, LDA, tomotopy's LDA and its short-text PTModel), each with its default settings, on the same documents.
Embeddings come from the shipped encoder, cached on disk by text hash (Dataset.embeddings).

For each dataset and model: NMI and ARI of primary themes against gold labels (where there are labels), NPMI
coherence of the top 10 terms (document co-occurrence in the same documents), topic diversity, stability
(mean pairwise ARI of primary themes over `seeds` seeds), the share left unassigned, and seconds per fit.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer, TfidfVectorizer

from ..themes.data import ThemeData
from ..themes.models import HybridThemes, MixtureThemes
from ..themes.quality import agreement, diversity, npmi, stability


@dataclass
class Dataset:
    name: str
    texts: list[str]           # space-separated terms
    labels: list[str] | None
    k: int
    embeddings: np.ndarray | None = None    # rows follow texts (sentence embeddings of the original text)
    theme_data: ThemeData | None = field(default=None, repr=False)   # built once, shared by our models' seeds


def _reference(texts: list[str]) -> tuple[CountVectorizer, object]:
    vectorizer = CountVectorizer(token_pattern=r"\S+", lowercase=False)
    counts = vectorizer.fit_transform(texts)
    return vectorizer, (counts > 0).astype(np.float64).tocsr()


def _top_indices(words_per_theme: list[list[str]], vocabulary: dict[str, int]) -> list[list[int]]:
    return [[vocabulary[w] for w in words if w in vocabulary][:10] for words in words_per_theme]


def theme_data(ds: Dataset) -> ThemeData:
    """The documents as the themes stage sees them: counts and TF-IDF over terms in two or more documents."""
    vectorizer = CountVectorizer(token_pattern=r"\S+", lowercase=False, min_df=2)
    counts = vectorizer.fit_transform(ds.texts).astype(np.float64).tocsr()
    return ThemeData([str(i) for i in range(len(ds.texts))], list(vectorizer.get_feature_names_out()), counts,
                     TfidfTransformer(sublinear_tf=True).fit_transform(counts).tocsr(), embeddings=ds.embeddings)


def _run_ours(model, ds: Dataset, threshold: float):
    if ds.theme_data is None:      # shared by seeds, so the diffused embeddings are computed once
        ds.theme_data = theme_data(ds)
    data = ds.theme_data
    distributions = model.fit_transform(data)
    labels = distributions.argmax(axis=1)
    unassigned = distributions.max(axis=1) < threshold
    words = [[data.vocabulary[i] for i in row] for row in model.top_terms(10)]
    return labels, words, float(unassigned.mean())


def ours(ds: Dataset, seed: int, threshold: float = 0.3):
    return _run_ours(HybridThemes(ds.k, random_state=seed), ds, threshold)


def old_mixture(ds: Dataset, seed: int, threshold: float = 0.3):
    return _run_ours(MixtureThemes(ds.k, random_state=seed), ds, threshold)


def class_tfidf_words(texts: list[str], labels: np.ndarray, n: int = 10) -> list[list[str]]:
    """Each cluster's top words by class-based TF-IDF (BERTopic's c-TF-IDF): term frequency in the cluster times
    log(1 + average words per cluster / the term's frequency overall)."""
    vectorizer = CountVectorizer(token_pattern=r"\S+", lowercase=False)
    counts = vectorizer.fit_transform(texts)
    k = int(labels.max()) + 1
    per_class = np.asarray(np.eye(k)[labels].T @ counts)
    tf = per_class / np.clip(per_class.sum(axis=1, keepdims=True), 1, None)
    idf = np.log(1 + per_class.sum() / k / np.clip(per_class.sum(axis=0), 1, None))
    vocab = vectorizer.get_feature_names_out()
    return [[vocab[i] for i in np.argsort(-row, kind="stable")[:n]] for row in tf * idf]


def embeddings_kmeans(ds: Dataset, seed: int):
    from sklearn.cluster import KMeans

    labels = KMeans(ds.k, n_init=10, random_state=seed).fit_predict(ds.embeddings)
    return labels, class_tfidf_words(ds.texts, labels), 0.0


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


def _tomotopy(model, ds: Dataset):
    """Train a tomotopy model on the non-empty texts; each text's label is its most probable topic."""
    kept = []
    for i, text in enumerate(ds.texts):
        tokens = text.split()
        if tokens:
            model.add_doc(tokens)
            kept.append(i)
    model.train(1000, workers=1)
    labels = np.zeros(len(ds.texts), dtype=int)
    for i, doc in zip(kept, model.docs, strict=True):
        labels[i] = int(np.argmax(doc.get_topic_dist()))
    words = [[w for w, _ in model.get_topic_words(t, 10)] for t in range(ds.k)]
    return labels, words, 0.0


def tomotopy_lda(ds: Dataset, seed: int):
    import tomotopy as tp

    return _tomotopy(tp.LDAModel(k=ds.k, seed=seed), ds)


def tomotopy_pt(ds: Dataset, seed: int):
    """tomotopy's pseudo-document topic model for short texts (Zuo et al. 2016), its default 10 x k pseudo-documents."""
    import tomotopy as tp

    return _tomotopy(tp.PTModel(k=ds.k, seed=seed), ds)


PEERS: dict[str, Callable] = {"ours (hybrid)": ours, "embeddings + k-means": embeddings_kmeans,
                              "old mixture (words only)": old_mixture, "scikit-learn NMF": sklearn_nmf,
                              "scikit-learn LDA": sklearn_lda, "gensim LDA": gensim_lda, "tomotopy LDA": tomotopy_lda,
                              "tomotopy PTModel": tomotopy_pt}
NEEDS_EMBEDDINGS = ("ours (hybrid)", "embeddings + k-means")


def available(embeddings: bool = True) -> dict[str, Callable]:
    peers = dict(PEERS)
    try:
        import tomotopy  # noqa: F401
    except ImportError:
        peers.pop("tomotopy LDA")
        peers.pop("tomotopy PTModel")
    if not embeddings:
        for name in NEEDS_EMBEDDINGS:
            peers.pop(name)
    return peers


def automatic_k(ds: Dataset, ks: list[int], jobs: int = 1, sample: int = 3000, seed: int = 0) -> dict:
    """Our model choosing k itself (as the themes stage does, on at most `sample` documents), scored at that k."""
    from ..themes.select import ModelFactory, at_edge, choose_k, criterion

    data = theme_data(ds)
    n = len(ds.texts)
    sample_data = data if n <= sample else data.rows(np.linspace(0, n - 1, sample).astype(int))
    make_model = ModelFactory("hybrid", random_state=seed)
    probe = make_model(2)
    assert isinstance(probe, HybridThemes)
    probe.diffused(sample_data)
    t0 = time.perf_counter()
    k, scores, _ = choose_k(make_model, sample_data, ks, jobs=jobs, subsamples=1, random_state=seed)
    labels = make_model(k).fit_transform(data).argmax(axis=1)
    row = {"dataset": ds.name, "gold_k": ds.k, "auto_k": k, "range": [min(ks), max(ks)], "at_edge": at_edge(k, ks),
           "criterion": criterion(scores), "seconds": round(time.perf_counter() - t0, 1),
           "curve": [s.to_dict() for s in scores]}
    if ds.labels is not None:
        row.update({key: round(v, 4) for key, v in agreement(ds.labels, labels).items()})
    return row


def evaluate(ds: Dataset, seeds: int = 5, peers: dict[str, Callable] | None = None, log=print) -> list[dict]:
    vectorizer, binary = _reference(ds.texts)
    vocabulary = vectorizer.vocabulary_
    rows = []
    for name, fit in (peers or available(ds.embeddings is not None)).items():
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
