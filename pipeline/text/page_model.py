"""How a history writes: its words and word pairs against general English, so a span can be told apart as
foreign to the page (rare in the history) or as breaking the sentence it sits in (the words either side of it
belong together; its edges attach to nothing).

Counts are over the history's own texts (spam included, as read); when a text is scored its own counts are left
out, so an injected chain does not vouch for itself. General English frequencies come from `wordfreq`. Lookups
are vectorised: words become integer ids and word pairs int64 keys searched in one sorted array.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import lru_cache

import numpy as np

# Words too common to say anything about a page's topic (and never spam on their own).
FUNCTION_WORDS = frozenset("""
a an the and or but if of to in on at by for from with without into onto over under about as is are was were be
been being am do does did have has had i me my we our us you your he him his she her it its they them their this
that these those there here what which who whom whose when where why how not no so than then too very can could
will would shall should may might must just also only all any some each every both either neither more most such
own same other up down out off again further once s t don't i'm it's that's there's we're you're they're
""".split())


@lru_cache(maxsize=1)
def _english() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en", wordlist="best")


def english_frequency(word: str) -> float:
    """The word's share of running English text (wordfreq), with a floor for words it does not know."""
    return _english().get(word, 1e-8)


class PageModel:
    """Word and word-pair counts of a history, with leave-one-out lookups for the text being scored."""

    def __init__(self, pair_weight: float = 2.0, history_weight: float = 0.5):
        self.pair_weight = pair_weight          # pseudo-count of the unigram prior in a pair's probability
        self.history_weight = history_weight    # share of the history (vs English) in a word's probability

    def fit(self, token_lists: Iterable[list[str]]) -> PageModel:
        ids: dict[str, int] = {}
        all_ids = []
        pair_keys = []
        for tokens in token_lists:
            row = np.fromiter((ids.setdefault(t, len(ids)) for t in tokens), dtype=np.int64, count=len(tokens))
            all_ids.append(row)
        self.ids_ = ids
        size = max(1, len(ids))
        self.size_ = size
        for row in all_ids:
            if len(row) > 1:
                pair_keys.append(row[:-1] * size + row[1:])
        flat = np.concatenate(all_ids) if all_ids else np.zeros(0, np.int64)
        self.counts_ = np.bincount(flat, minlength=size).astype(np.float64)
        keys = np.concatenate(pair_keys) if pair_keys else np.zeros(0, np.int64)
        self.pair_keys_, self.pair_counts_ = np.unique(keys, return_counts=True)
        self.total_ = max(1, int(flat.size))
        english = _english()
        words = sorted(ids, key=ids.__getitem__)
        self.english_ = np.array([english.get(w, 1e-8) for w in words] or [1e-8], dtype=np.float64)
        return self

    @property
    def fitted(self) -> bool:
        return hasattr(self, "ids_")

    def lookup(self, tokens: list[str]) -> np.ndarray:
        get = self.ids_.get
        return np.fromiter((get(t, -1) for t in tokens), dtype=np.int64, count=len(tokens))

    def text_view(self, ids: np.ndarray, english: np.ndarray, text_ids: np.ndarray) -> TextView:
        return TextView(self, ids, english, text_ids)


def _own(keys: np.ndarray, known: np.ndarray) -> np.ndarray:
    """How often each known key occurs among the known keys (0 where unknown)."""
    out = np.zeros(len(keys))
    if known.any():
        unique, inverse, counts = np.unique(keys[known], return_inverse=True, return_counts=True)
        out[known] = counts[inverse]
    return out


class TextView:
    """Texts (tokens joined, `text_ids` saying whose) seen against the history with each text's own counts
    left out: word rates, rarity and how strongly two words attach, as arrays over the tokens."""

    def __init__(self, model: PageModel, ids: np.ndarray, english: np.ndarray, text_ids: np.ndarray):
        self.model = model
        self.ids = ids
        self.english = english
        self.text_ids = text_ids
        known = ids >= 0
        safe = np.where(known, ids, 0)
        own = _own(text_ids * model.size_ + ids, known)
        self.other = np.where(known, np.maximum(model.counts_[safe] - own, 0.0), 0.0)   # uses elsewhere in the history
        self.rate = model.history_weight * self.other / model.total_ + (1 - model.history_weight) * english
        # each text's own adjacent pairs, to leave out of the history's pair counts
        n = len(ids)
        self._own_keys = np.zeros(0, np.int64)
        if n > 1:
            adjacent = known[:-1] & known[1:] & (text_ids[:-1] == text_ids[1:])
            keys = (text_ids[:-1] * model.size_ + ids[:-1]) * model.size_ + ids[1:]
            self._own_keys, self._own_counts = np.unique(keys[adjacent], return_counts=True)

    def rarity(self) -> np.ndarray:
        """log(expected / observed) uses of each word in the rest of the history, expected from English: above 0
        when the history uses the word less than English at large would."""
        expected = self.english * self.model.total_
        return np.log((expected + 0.5) / (self.other + 0.5))

    def association(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """log P(right | left) / P(right) for token index pairs (of the same text): how much more likely the
        right word is after the left one than anywhere, the text's own pairs left out."""
        model = self.model
        li, ri = self.ids[left], self.ids[right]
        known = (li >= 0) & (ri >= 0)
        keys = np.where(known, li * model.size_ + ri, -1)
        pair = np.zeros(len(keys))
        if model.pair_keys_.size and known.any():
            at = np.minimum(np.searchsorted(model.pair_keys_, keys), model.pair_keys_.size - 1)
            hit = known & (model.pair_keys_[at] == keys)
            pair[hit] = model.pair_counts_[at[hit]]
        if self._own_keys.size and known.any():
            own_keys = self.text_ids[left] * model.size_ * model.size_ + keys
            at = np.minimum(np.searchsorted(self._own_keys, own_keys), self._own_keys.size - 1)
            hit = known & (self._own_keys[at] == own_keys)
            pair[hit] -= self._own_counts[at[hit]]
        pair = np.maximum(pair, 0.0)
        prior = self.rate[right]
        first = self.other[left]
        conditional = (pair + model.pair_weight * prior) / (first + model.pair_weight)
        return np.log(conditional / np.maximum(prior, 1e-12))


def zipf(frequency: float) -> float:
    return math.log10(max(frequency, 1e-9)) + 9
