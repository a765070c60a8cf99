"""How a history writes: its words and word pairs, against general English, so a span can be told apart as
foreign to the page ("rare in the history and unrelated to the paragraph") or as breaking the sentence it sits
in ("the words either side of it belong together; the span's edges attach to nothing").

Counts are over the history's own texts (spam included, as read). When a text is scored its own counts are
left out, so an injected chain does not vouch for itself. General English frequencies come from `wordfreq`.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache
from typing import Iterable

from .spam_lexicon import terms

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
        self._rarity: dict[str, float] = {}

    def fit(self, texts: Iterable[str]) -> "PageModel":
        words: Counter = Counter()
        pairs: Counter = Counter()
        for text in texts:
            tokens = terms(text)
            words.update(tokens)
            pairs.update(zip(tokens, tokens[1:]))
        self.words_ = words
        self.pairs_ = pairs
        self.total_ = max(1, sum(words.values()))
        self._rarity = {}
        return self

    @property
    def fitted(self) -> bool:
        return hasattr(self, "words_")

    @staticmethod
    def own_counts(tokens: list[str]) -> tuple[Counter, Counter]:
        return Counter(tokens), Counter(zip(tokens, tokens[1:]))

    def probability(self, word: str, own: Counter) -> float:
        """P(word) on this page: the history's rate (this text left out) mixed with English."""
        english = english_frequency(word)
        if not self.fitted:
            return english
        count = self.words_.get(word, 0) - own.get(word, 0)
        return self.history_weight * max(count, 0) / self.total_ + (1 - self.history_weight) * english

    def association(self, left: str, right: str, own: Counter, own_pairs: Counter) -> float:
        """log P(right | left) / P(right): how much more likely `right` is after `left` than anywhere."""
        if not self.fitted:
            return 0.0
        prior = self.probability(right, own)
        pair = self.pairs_.get((left, right), 0) - own_pairs.get((left, right), 0)
        first = self.words_.get(left, 0) - own.get(left, 0)
        conditional = (max(pair, 0) + self.pair_weight * prior) / (max(first, 0) + self.pair_weight)
        return math.log(conditional / prior)

    def rarity(self, word: str) -> float:
        """log(expected / observed) uses of the word in the rest of the history, expected from its English
        frequency: above 0 when the history uses it less than English at large would (foreign to these pages)."""
        if not self.fitted:
            return 0.0
        value = self._rarity.get(word)
        if value is None:
            observed = max(0, self.words_.get(word, 0) - 1)
            expected = english_frequency(word) * self.total_
            value = self._rarity[word] = math.log((expected + 0.5) / (observed + 0.5))
        return value
