"""Spam inside real pages, recognised by what it is rather than by which words it uses.

Spam is dropped into scraped pages as a few words in the middle of a real sentence or on a line of its own.
No list of words keeps up with it, so every word is described by evidence that does not depend on its family,
and a small logistic model (`pipeline/data/spam_model.json`, trained on the tuning families only) weighs it:

- commercial: the word and the pair it makes with its neighbour are far more common in real spam than in
  legitimate text or general English (log-odds learned from three public labelled corpora, `spam_lexicon`);
- foreign: the word is rarer in this history than general English would predict, and is not echoed elsewhere
  in the text (`page_model`);
- breaks: the words either side belong together in the history's own usage while the word attaches to
  neither, so removing it leaves a more fluent sentence; oddly capitalised in mid-sentence;
- own line: a short line of its own that is not a sentence;
- anchor: it grows from a word or phrase that is spam wherever it appears (`spam_anchors`, the first finder).

Words such as "pharmacy", "loans", "quotes", "insurance" or "online" are legitimate alone in public-service
text, so a span goes only when two of these signals fire (or an anchor): the span's words must be likely spam
under the model and the span must be spam-like in two ways. Spans are runs of likely-spam words, the smallest
that cover them, so the host sentence keeps its words; a line goes whole only when spam covers most of it.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable

from .page_model import FUNCTION_WORDS, PageModel, english_frequency
from .spam_anchors import TOKEN, AnchorFinder, lines, normal_token
from .spam_lexicon import CommercialLexicon, shipped_lexicon, terms

SIGNALS = ("anchor", "commercial", "foreign", "breaks", "own line")
_SENTENCE_END = re.compile(r"[.?!…:;\"”)\]]\s*$")
_ENDS_SENTENCE = re.compile(r"[.?!:;\"“”]$")
_NUMBER = re.compile(r"^[#$£€]?\d[\d,.]*(?:%|k|x|mg|mcg|ml)?$")
_EDITORIAL = re.compile(r"\[[^\]\n]{0,120}\]|<[^>\n]{0,300}>|\b(?:https?://|www\.)\S+")   # "[Laughter]", links

# What each word is described by; the model's weights are named after these.
BASE = ("spam_vs_ham", "spam_vs_english", "rarity", "zipf", "echoed", "weak", "unknown", "odd_case", "pair_spam")
NEIGHBOUR = ("spam_vs_ham", "spam_vs_english", "rarity", "echoed", "weak", "odd_case")
RELATIONAL = ("attach_left", "attach_right", "bridge", "line_start", "line_end", "own_line")
FEATURES = (BASE + tuple(f"prev_{f}" for f in NEIGHBOUR) + tuple(f"next_{f}" for f in NEIGHBOUR)
            + tuple(f"prev2_{f}" for f in NEIGHBOUR) + tuple(f"next2_{f}" for f in NEIGHBOUR) + RELATIONAL)
GROUPS = {
    "commercial": ("spam_vs_ham", "spam_vs_english", "pair_spam"),
    "foreign": ("rarity", "zipf", "echoed", "unknown"),
    "breaks": ("attach_left", "attach_right", "bridge", "odd_case"),
}


def _group_of(feature: str) -> str | None:
    base = feature.split("_", 1)[1] if feature.startswith(("prev_", "next_", "prev2_", "next2_")) else feature
    return next((g for g, names in GROUPS.items() if base in names), None)


@dataclass(frozen=True)
class SpamSpan:
    start: int
    end: int
    text: str
    whole_line: bool = False
    signals: tuple[str, ...] = ()


@dataclass(frozen=True)
class TokenModel:
    """Logistic weights over FEATURES, each signal group's mean contribution on real words, and the thresholds
    that turn word probabilities into spans."""

    weights: dict[str, float]
    intercept: float
    baselines: dict[str, float]
    seed: float = 0.5          # a span needs a word at least this likely
    extend: float = 0.2        # and takes in neighbours at least this likely
    span: float = 0.5          # and its words' mean probability
    group: float = 1.0         # a signal fires when its group adds this much (logit) per word over real words'
    breaks: float = 2.0        # or the sentence reads this much better without the span (log units)

    def logit(self, x: dict[str, float]) -> float:
        if x.get("skipped"):
            return -30.0
        return self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in x.items())


    def contributions(self, x: dict[str, float]) -> dict[str, float]:
        """Each signal group's share of the word's logit, over its mean share on real words."""
        added = dict.fromkeys(GROUPS, 0.0)
        for k, v in x.items():
            group = _group_of(k)
            if group is not None:
                added[group] += self.weights.get(k, 0.0) * v
        return {g: added[g] - self.baselines.get(g, 0.0) for g in GROUPS}


@lru_cache(maxsize=1)
def shipped_model() -> TokenModel:
    data = json.loads((resources.files("pipeline") / "data" / "spam_model.json").read_text(encoding="utf-8"))
    return TokenModel(data["weights"], data["intercept"], data["baselines"], **data["thresholds"])


def _clip(x: float, lo: float, hi: float) -> float:
    return lo if x < lo else hi if x > hi else x


class SpamFinder:
    """Finds spam spans. `fit` learns the history's own usage; unfitted, only commercial language, line shape
    and anchors speak (enough for word soups in tests, too little for real pages)."""

    def __init__(self, whole_line_share: float = 0.6, max_gap: int = 2, model: TokenModel | None = None):
        self.whole_line_share = whole_line_share
        self.max_gap = max_gap                  # weak words bridged between two likely-spam words
        self.model = model
        self._anchors = AnchorFinder()
        self._page = PageModel()
        self._words: dict[tuple[str, bool], dict[str, float]] = {}

    def fit(self, texts: Iterable[str]) -> "SpamFinder":
        self._page = PageModel().fit(texts)
        self._words = {}
        return self

    @property
    def lexicon(self) -> CommercialLexicon:
        return shipped_lexicon()

    @property
    def token_model(self) -> TokenModel:
        return self.model or shipped_model()

    # -- features ---------------------------------------------------------------------------------------------

    def _word(self, word: str, echoed: bool) -> dict[str, float]:
        key = (word, echoed)
        found = self._words.get(key)
        if found is None:
            found = self._words[key] = self._describe(word, echoed)
        return found

    def _describe(self, word: str, echoed: bool) -> dict[str, float]:
        weak = word in FUNCTION_WORDS or bool(_NUMBER.match(word)) or not word
        english = english_frequency(word)
        if weak:
            return {"weak": 1.0, "zipf": (math.log10(english) + 9) / 7}
        rarity = 0.0 if echoed else _clip(self._page.rarity(word), -3.0, 6.0)
        return {
            "spam_vs_ham": _clip(self.lexicon.log_odds(word, english), -3.0, 4.0),
            "spam_vs_english": _clip(self.lexicon.over_english(word, english), -3.0, 5.0),
            "rarity": rarity,
            "zipf": (math.log10(english) + 9) / 7,
            "echoed": 1.0 if echoed else 0.0,
            "unknown": 1.0 if english <= 1e-8 and self._page.rarity(word) >= 0 else 0.0,
        }

    def line_features(self, line: str, own, own_pairs, several_lines: bool,
                      window: int | None = None) -> tuple[list, list[dict[str, float]]]:
        """The line's tokens (start, end, word) and each one's features. With `window`, only words within that
        many of a word whose own evidence could make it spam are described in full (the rest: {"weak": 1})."""
        tokens = [(m.start(), m.end(), normal_token(m.group()), m.group()) for m in TOKEN.finditer(line)]
        n = len(tokens)
        editorial = [(m.start(), m.end()) for m in _EDITORIAL.finditer(line)]
        base = []
        for i, (start, _, word, surface) in enumerate(tokens):
            if any(a <= start < b for a, b in editorial):      # an editor's words or a link: not the page's prose
                base.append({"weak": 1.0, "zipf": 1.0})
                continue
            x = dict(self._word(word, own.get(word, 0) > 1))
            after_end = i == 0 or _ENDS_SENTENCE.search(tokens[i - 1][3]) is not None
            odd = (surface[:1].isupper() and not after_end) or (len(surface) > 1 and surface.isupper() and surface.isalpha())
            x["odd_case"] = 1.0 if odd else 0.0
            if i > 0 and not x.get("weak"):
                pair = f"{tokens[i - 1][2]} {word}"
                x["pair_spam"] = _clip(self.lexicon.log_odds(pair, 1e-7), 0.0, 4.0)
            base.append(x)
        page = self._page
        short_line = n <= 12 and several_lines and not _SENTENCE_END.search(line)
        wanted = range(n)
        if window is not None and not short_line:
            near = set()
            for i, x in enumerate(base):
                if self._suspect(x):
                    near.update(range(max(0, i - window), min(n, i + window + 1)))
            wanted = near
        features = []
        for i in range(n):
            if i not in wanted:
                features.append({"weak": 1.0, "skipped": 1.0})
                continue
            x = dict(base[i])
            for offset, name in ((-1, "prev"), (1, "next"), (-2, "prev2"), (2, "next2")):
                k = i + offset
                if 0 <= k < n:
                    for f in NEIGHBOUR:
                        v = base[k].get(f, 0.0)
                        if v:
                            x[f"{name}_{f}"] = v
            word = tokens[i][2]
            if i > 0:
                x["attach_left"] = _clip(page.association(tokens[i - 1][2], word, own, own_pairs), -6.0, 6.0) / 6
            else:
                x["line_start"] = 1.0
            if i + 1 < n:
                x["attach_right"] = _clip(page.association(word, tokens[i + 1][2], own, own_pairs), -6.0, 6.0) / 6
            else:
                x["line_end"] = 1.0
            if 0 < i < n - 1:
                x["bridge"] = _clip(page.association(tokens[i - 1][2], tokens[i + 1][2], own, own_pairs), -6.0, 6.0) / 6
            if short_line:
                x["own_line"] = 1.0
            features.append(x)
        return tokens, features

    @staticmethod
    def _suspect(x: dict[str, float]) -> bool:
        """A word worth a closer look: cheap to tell, and lines with none are skipped."""
        return not x.get("weak") and (x.get("rarity", 0) >= 1.0 or x.get("spam_vs_ham", 0) >= 0.7
                                      or x.get("spam_vs_english", 0) >= 2.0 or x.get("unknown", 0) > 0)

    # -- finding ----------------------------------------------------------------------------------------------

    def find(self, text: str) -> list[SpamSpan]:
        own, own_pairs = PageModel.own_counts(terms(text))
        several = "\n" in text.strip()
        spans: list[SpamSpan] = []
        for line_start, line in lines(text):
            spans.extend(self._find_in_line(line, line_start, own, own_pairs, several))
        return _merge(spans, self._anchors.find(text))

    def probabilities(self, line: str, own, own_pairs, several_lines: bool,
                      window: int | None = None) -> tuple[list, list[float], list[dict]]:
        tokens, features = self.line_features(line, own, own_pairs, several_lines, window)
        model = self.token_model
        probs = [1 / (1 + math.exp(-_clip(model.logit(x), -30, 30))) for x in features]
        return tokens, probs, features

    def _find_in_line(self, line: str, offset: int, own, own_pairs, several_lines: bool) -> list[SpamSpan]:
        quick = [self._word(normal_token(m.group()), False) for m in TOKEN.finditer(line)]
        if not any(self._suspect(x) for x in quick):
            return []
        tokens, probs, features = self.probabilities(line, own, own_pairs, several_lines, window=4)
        model = self.token_model
        n = len(tokens)
        runs = self._runs(probs, features, model)
        association: dict[tuple[int, int], float] = {}

        def attach(u: int, v: int) -> float:
            if (u, v) not in association:
                association[u, v] = _clip(self._page.association(tokens[u][2], tokens[v][2], own, own_pairs), -6.0, 6.0)
            return association[u, v]

        def breaks(j: int, k: int) -> float:
            if 0 < j and k < n:
                return attach(j - 1, k) - attach(j - 1, j) - attach(k - 1, k)
            if 0 < j:
                return -attach(j - 1, j)
            if k < n:
                return -attach(k - 1, k)
            return 0.0

        spans = []
        for j, k in runs:
            j, k = self._edges(j, k, n, probs, features, breaks)
            content = [probs[i] for i in range(j, k) if not features[i].get("weak")]
            if not content or sum(content) / len(content) < model.span:
                continue
            signals = self._signals(line, features, j, k, n, breaks(j, k), several_lines)
            if len(signals) >= 2:
                spans.append((j, k, signals))
        if not spans:
            return []
        covered = sum(k - j for j, k, _ in spans)
        if covered >= self.whole_line_share * n and n <= 40:
            merged = tuple(s for s in SIGNALS if any(s in sig for _, _, sig in spans))
            return [SpamSpan(offset, offset + len(line), line, True, merged)]
        return [SpamSpan(offset + tokens[j][0], offset + tokens[k - 1][1], line[tokens[j][0]:tokens[k - 1][1]], False, sig)
                for j, k, sig in spans]

    def _runs(self, probs: list[float], features: list[dict], model: TokenModel) -> list[tuple[int, int]]:
        """Runs of likely-spam words: from each seed, out over likely neighbours and short gaps of weak words."""
        n = len(probs)
        inside = [p >= model.seed and not x.get("weak") for p, x in zip(probs, features)]
        changed = True
        while changed:
            changed = False
            for i in range(n):
                if inside[i]:
                    continue
                near = (i > 0 and inside[i - 1]) or (i + 1 < n and inside[i + 1])
                if near and probs[i] >= model.extend:
                    inside[i] = changed = True
        for i in range(n):          # bridge weak words between two spam words
            if inside[i] or not features[i].get("weak"):
                continue
            left = next((k for k in range(i - 1, max(-1, i - 1 - self.max_gap), -1) if not features[k].get("weak")), None)
            right = next((k for k in range(i + 1, min(n, i + 1 + self.max_gap)) if not features[k].get("weak")), None)
            if left is not None and right is not None and inside[left] and inside[right]:
                inside[i] = True
        runs, start = [], None
        for i in range(n + 1):
            if i < n and inside[i]:
                start = i if start is None else start
            elif start is not None:
                j, k = start, i
                while j < k and features[j].get("weak"):
                    j += 1
                while k > j and features[k - 1].get("weak") and probs[k - 1] < model.seed:
                    k -= 1
                if k > j:
                    runs.append((j, k))
                start = None
        return runs

    def _edges(self, j: int, k: int, n: int, probs, features, breaks) -> tuple[int, int]:
        """Move each edge of a run by up to two words to where the sentence breaks most cleanly: the smallest
        span whose removal leaves the words either side belonging together."""
        best = (breaks(j, k), j, k)
        for dj in (-2, -1, 0, 1):
            for dk in (-1, 0, 1, 2):
                a, b = j + dj, k + dk
                if a < 0 or b > n or b - a < 1 or (a, b) == (j, k):
                    continue
                added = [i for i in range(a, b) if not j <= i < k]
                if any(probs[i] < 0.02 and not features[i].get("weak") for i in added):
                    continue
                score = breaks(a, b) - 0.5 * abs(dj) - 0.5 * abs(dk)
                if score > best[0]:
                    best = (score, a, b)
        return best[1], best[2]

    def _signals(self, line, features, j, k, n, breaks, several_lines) -> tuple[str, ...]:
        model = self.token_model
        added = dict.fromkeys(GROUPS, 0.0)
        for x in features[j:k]:
            for g, v in model.contributions(x).items():
                added[g] += v / (k - j)
        fired = [g for g in ("commercial", "foreign") if added[g] >= model.group]
        if added["breaks"] >= model.group or (0 < j and k < n and breaks >= model.breaks):
            fired.append("breaks")
        if j == 0 and k == n and n <= 12 and several_lines and not _SENTENCE_END.search(line):
            fired.append("own line")
        return tuple(fired)


def _merge(found: list[SpamSpan], anchored) -> list[SpamSpan]:
    """The finder's spans and the anchor spans, overlapping ones joined (their signals too)."""
    spans = list(found) + [SpamSpan(a.start, a.end, a.text, a.whole_line, ("anchor",)) for a in anchored]
    spans.sort(key=lambda s: (s.start, -s.end))
    merged: list[SpamSpan] = []
    for span in spans:
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            end = max(last.end, span.end)
            text = last.text + span.text[last.end - span.start:] if span.end > last.end else last.text
            signals = tuple(s for s in SIGNALS if s in last.signals or s in span.signals)
            merged[-1] = SpamSpan(last.start, end, text, last.whole_line or span.whole_line, signals)
        else:
            merged.append(span)
    return merged
