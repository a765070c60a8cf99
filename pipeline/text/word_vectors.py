"""Static word vectors: what a word is about, for words no spam corpus or history contains.

`pipeline/data/word_vectors.npz` holds a 64-dimensional vector for about 110,000 English words (every common
word of wordfreq's list and every word of the spam corpora), each embedded alone by all-MiniLM-L6-v2 and reduced
by PCA; `tools/build_word_vectors.py` builds it once (torch is needed there, never at run time).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import numpy as np

_FILE = "word_vectors.npz"


class WordVectors:
    """Unit-length vectors by word; `index` maps words to rows (-1 for a word without a vector)."""

    def __init__(self, words: list[str], vectors: np.ndarray):
        self.words = words
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        self.vectors = (vectors / norms).astype(np.float32)
        self._row = {w: i for i, w in enumerate(words)}

    @property
    def dimensions(self) -> int:
        return self.vectors.shape[1]

    def row(self, word: str) -> int:
        return self._row.get(word, -1)

    def index(self, words: list[str]) -> np.ndarray:
        get = self._row.get
        return np.fromiter((get(w, -1) for w in words), dtype=np.int64, count=len(words))


@lru_cache(maxsize=1)
def shipped_vectors() -> WordVectors:
    with resources.files("pipeline").joinpath("data", _FILE).open("rb") as handle:
        data = np.load(handle)
        words = str(data["words"]).split("\n")
        vectors = data["vectors"].astype(np.float32) * data["scales"][:, None]
    return WordVectors(words, vectors)
