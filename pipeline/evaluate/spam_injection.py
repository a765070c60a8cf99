"""How well the spam finder does on real text with spam injected the ways real pages get it.

Spam chains of seven families are dropped into sentences of real text (between two words) and onto lines of
their own. Recall is the share of injected spam words the finder removes; legitimate-word precision is the
share of removed words that were spam; retention is the share of the real words that survive.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from ..text.spam import SpamFinder

# Injected the way they appear on real spammed pages (many seen on the Total Place seed pages).
SPAM_CHAINS = {
    "pharmacy": [
        "buy cheap cialis online", "order viagra or levitra", "generic viagra no prescription", "deltasone without prescription",
        "mexico pharmacy generic viagra", "cheap xanax online overnight delivery", "buy amoxicillin online", "kamagra",
        "cialis 20mg price", "canadian pharmacy viagra", "buy tramadol online without prescription", "v1agra",
    ],
    "payday": [
        "payday loans no credit check", "self employed payday loans", "bad credit loans guaranteed approval",
        "cash advance loans online", "same day payday loans", "how to stop payday loan payments",
        "payday loans no credit check no guarantor no fees", "instant approval loans",
    ],
    "casino": [
        "online casino real money", "free spins no deposit bonus", "best online slots", "online poker for real money",
        "casino bonus codes", "bitcoin casino",
    ],
    "essay": [
        "buy essay online cheap", "write my essay for me", "custom essay writing service", "do my homework for me",
        "cheap essays online", "dissertation writing service",
    ],
    "replica": [
        "replica rolex watches for sale", "cheap louis vuitton outlet", "michael kors outlet online", "cheap nfl jerseys wholesale",
        "replica handbags", "canada goose outlet",
    ],
    "adult": ["live sex cams", "hot singles", "escort service", "adult dating", "xxx", "porn videos"],
    "crypto": ["bitcoin doubler", "crypto trading bot", "free bitcoin giveaway", "binary options signals", "crypto signals",
               "bitcoin investment platform"],
}

_WORD = re.compile(r"\S+")


@dataclass
class SpamScore:
    spam_words: int = 0
    spam_removed: int = 0
    legit_words: int = 0
    legit_removed: int = 0
    injections: int = 0
    false_alarm_texts: int = 0      # texts without injected spam where the finder removed something

    @property
    def recall(self) -> float:
        return self.spam_removed / self.spam_words if self.spam_words else 1.0

    @property
    def precision(self) -> float:
        removed = self.spam_removed + self.legit_removed
        return self.spam_removed / removed if removed else 1.0

    @property
    def retention(self) -> float:
        return 1 - self.legit_removed / self.legit_words if self.legit_words else 1.0

    def to_dict(self) -> dict:
        return {"injections": self.injections, "spam_words": self.spam_words, "legit_words": self.legit_words,
                "recall": round(self.recall, 4), "precision": round(self.precision, 4),
                "legit_retention": round(self.retention, 5), "false_alarm_texts": self.false_alarm_texts}


def inject(text: str, rng: random.Random) -> tuple[str, list[tuple[int, int]]]:
    """The text with one spam chain injected (inside a sentence or as its own line), and the spam's spans."""
    family = rng.choice(sorted(SPAM_CHAINS))
    chain = rng.choice(SPAM_CHAINS[family])
    words = list(_WORD.finditer(text))
    if len(words) < 6 or rng.random() < 0.3:
        cut = text.rfind("\n", 0, len(text)) if rng.random() < 0.5 else len(text)
        cut = max(cut, 0) if cut >= 0 else len(text)
        new = text[:cut] + "\n" + chain + "\n" + text[cut:]
        start = cut + 1
        return new, [(start, start + len(chain))]
    at = rng.randrange(2, len(words) - 1)
    pos = words[at].start()
    new = text[:pos] + chain + " " + text[pos:]
    return new, [(pos, pos + len(chain))]


def score(texts: list[str], seed: int = 0, finder: SpamFinder | None = None, inject_share: float = 0.5) -> SpamScore:
    """Inject spam into a share of the texts and score the finder on all of them."""
    finder = finder or SpamFinder()
    rng = random.Random(seed)
    result = SpamScore()
    for text in texts:
        injected: list[tuple[int, int]] = []
        if rng.random() < inject_share:
            text, injected = inject(text, rng)
            result.injections += 1
        found = [(s.start, s.end) for s in finder.find(text)]
        if found and not injected:
            result.false_alarm_texts += 1
        for match in _WORD.finditer(text):
            is_spam = any(s <= match.start() < e for s, e in injected)
            removed = any(s < match.end() and match.start() < e for s, e in found)
            if is_spam:
                result.spam_words += 1
                result.spam_removed += removed
            else:
                result.legit_words += 1
                result.legit_removed += removed
    return result
