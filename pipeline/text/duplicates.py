"""Exact and near-duplicate passages: keep the first, record the others as its duplicates.

Exact duplicates are found by a hash of the passage's words. Near duplicates share most of their word
5-grams: an inverted index over a fixed sample of each passage's 5-gram hashes (one in four, chosen by hash,
so two copies sample the same 5-grams) finds candidates without comparing every pair.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict

_WORD = re.compile(r"\w+")


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


class DuplicateIndex:
    def __init__(self, shingle: int = 5, threshold: float = 0.8, sample: int = 4, max_postings: int = 200):
        self.shingle = shingle
        self.max_postings = max_postings
        self.threshold = threshold
        self.sample = sample
        self._exact: dict[int, str] = {}
        self._postings: dict[int, list[int]] = defaultdict(list)
        self._ids: list[str] = []
        self._sizes: list[int] = []

    def _shingles(self, words: list[str]) -> set[int]:
        k = self.shingle
        grams = {_hash(" ".join(words[i:i + k])) for i in range(len(words) - k + 1)}
        if len(grams) <= 4 * self.sample:
            return grams
        return {g for g in grams if g % self.sample == 0} or grams

    def check(self, passage_id: str, text: str) -> str | None:
        """The id of an earlier passage this one duplicates, or None (and the passage is remembered)."""
        words = [w.lower() for w in _WORD.findall(text)]
        if not words:
            return None
        exact = _hash(" ".join(words))
        if exact in self._exact:
            return self._exact[exact]
        if len(words) < self.shingle + 3:
            self._exact[exact] = passage_id
            return None
        grams = self._shingles(words)
        overlaps: Counter = Counter()
        for gram in grams:
            postings = self._postings.get(gram, ())
            if len(postings) > self.max_postings:
                continue   # a stock phrase shared by hundreds of passages says nothing about duplication
            for other in postings:
                overlaps[other] += 1
        for other, shared in overlaps.most_common(5):
            size = self._sizes[other]
            jaccard = shared / (len(grams) + size - shared)
            containment = shared / len(grams)
            if jaccard >= self.threshold or containment >= 0.95:
                self._exact[exact] = self._ids[other]
                return self._ids[other]
        self._exact[exact] = passage_id
        index = len(self._ids)
        self._ids.append(passage_id)
        self._sizes.append(len(grams))
        for gram in grams:
            self._postings[gram].append(index)
        return None
