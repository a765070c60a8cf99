"""Key phrases: multi-word terms learned from the history itself, so "place-based budget" and "third sector" stay
one term everywhere downstream.

Candidate phrases come from runs of content words (a stop word or punctuation ends a run, so "pooled the
budgets" never becomes "pooled budget"). gensim's Phrases scores adjacent pairs by normalised PMI over the
whole history, twice, so three-word terms can form. Terms from the codebook are always phrases.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator

from .tokens import is_content, lemma

_CHUNK_BREAK = re.compile(r"[.,;:!?()\[\]\"“”‘’—–]|\s-\s|\n")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|[A-Za-z]")
_BRACKETS = re.compile(r"\[[^\]\n]{0,80}\]")


def chunks(text: str) -> Iterator[list[tuple[str, str]]]:
    """Runs of (lemma, surface) content words, broken at punctuation and stop words."""
    for piece in _CHUNK_BREAK.split(_BRACKETS.sub(" . ", text)):
        run: list[tuple[str, str]] = []
        for word in _WORD.findall(piece):
            word = word.replace("’", "'")
            lem = lemma(word)
            if is_content(lem):
                run.append((lem, word))
            else:
                if run:
                    yield run
                run = []
        if run:
            yield run


class PhraseModel:
    """Learns key phrases from a stream of texts; `apply` joins them with '_' in a lemma sequence."""

    def __init__(self, min_count: int = 3, threshold: float = 0.35, forced: Iterable[str] = (), max_phrases: int = 2000):
        self.min_count = min_count
        self.threshold = threshold
        self.forced = list(forced)
        self.max_phrases = max_phrases

    def fit(self, texts: Iterable[str]) -> PhraseModel:
        from gensim.models.phrases import Phrases

        runs = [[lem for lem, _ in run] for text in texts for run in chunks(text)]
        bigram = Phrases(runs, min_count=self.min_count, threshold=self.threshold, scoring="npmi", delimiter="_")
        frozen_bi = bigram.freeze()
        once = [frozen_bi[run] for run in runs]
        trigram = Phrases(once, min_count=self.min_count, threshold=self.threshold, scoring="npmi", delimiter="_")
        frozen_tri = trigram.freeze()
        counts: Counter = Counter()
        for run in once:
            for token in frozen_tri[run]:
                if "_" in token:
                    counts[token] += 1
        self.phrases_ = {p: c for p, c in counts.most_common(self.max_phrases) if c >= self.min_count}
        for term in self.forced:
            key = "_".join(lemma(w) for w in _WORD.findall(term))
            if "_" in key:
                self.phrases_.setdefault(key, 0)
        self._by_length = sorted(({tuple(p.split("_")) for p in self.phrases_}), key=len, reverse=True)
        self._first: dict[str, list[tuple[str, ...]]] = {}
        for parts in self._by_length:
            self._first.setdefault(parts[0], []).append(parts)
        return self

    def apply(self, lemmas: list[str]) -> list[str]:
        """Greedy longest match of known phrases over a lemma sequence."""
        out: list[str] = []
        i = 0
        while i < len(lemmas):
            for parts in self._first.get(lemmas[i], ()):
                if tuple(lemmas[i:i + len(parts)]) == parts:
                    out.append("_".join(parts))
                    i += len(parts)
                    break
            else:
                out.append(lemmas[i])
                i += 1
        return out

    def terms(self, text: str) -> tuple[list[str], list[tuple[str, str]]]:
        """(terms, [(term, surface form)]): the passage's content lemmas with key phrases joined."""
        terms: list[str] = []
        surfaces: list[tuple[str, str]] = []
        for run in chunks(text):
            lemmas = [lem for lem, _ in run]
            joined = self.apply(lemmas)
            position = 0
            for term in joined:
                width = term.count("_") + 1
                surface = " ".join(word for _, word in run[position:position + width])
                terms.append(term)
                surfaces.append((term, surface))
                position += width
        return terms, surfaces
