"""Spam inside real pages, recognised by what it is rather than by which words it uses.

Spam is dropped into scraped pages as a few words in the middle of a real sentence or on a line of its own. No
list of words keeps up with it, so every word is described by evidence that does not depend on its family
(`spam_features`: commercial language learned from labelled spam corpora and carried to unseen words by word
vectors, foreignness to the page and the history, broken sentences, odd case, line shape) and a small neural
network (`pipeline/data/spam_model.json`) turns that into the probability that the word was put there by a
spammer. The network was trained by `pipeline.evaluate.spam_training` on thousands of fragments cut from the spam
messages of the corpora and injected into real text the two ways pages get them; the hand-written spam families
only set the decoding thresholds (`tools/tune_spam_thresholds.py`) or check it. A second network, trained where
each fragment lands once, speaks for spam a history holds only once; a word's probability is the higher.

Words such as "pharmacy", "loans", "quotes", "insurance" or "online" are legitimate alone in public-service text,
so a span goes only when its words are likely spam and at least two kinds of evidence fire on it (commercial,
foreign, breaks, own line, a web address the page did not put there, the first finder's anchors, or the network
itself when it is all but certain of the span's words on average), one of them other than the network: each kind
fires when the span is beyond what the real words of the training texts show. A sentence is broken when the
span's edges attach to nothing or when the words either side join once it is gone. An address (`web_address`) is as
likely spam as a seed word and joins the run around it across a short gap, but never starts a span alone: pages
link to real sites in ordinary sentences. Spans are runs of likely-spam words, the smallest that cover them, so
the host sentence keeps its words; a line goes whole only when spam covers most of it.

Interviews the finder never saw hold rare words (surnames, places, spacecraft, foreign phrases) and titles set on a
line of their own, so the evidence is read with care: a word's commercial weight counts only as far as the corpus
counts behind it go (`spam_features.commercial_weight`), a word the history writes as a name elsewhere is neither
commercial nor oddly capitalised, and a line the sentence runs through is not a line of its own.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np
from threadpoolctl import ThreadpoolController

from .page_model import FUNCTION_WORDS, PageModel, TextView
from .spam_anchors import TOKEN, AnchorFinder
from .spam_features import EDITORIAL, FEATURES, NUMBER, WORD_COLUMNS, FeatureBuilder, Tokens, WordTable
from .spam_lexicon import CommercialLexicon, shipped_lexicon
from .word_vectors import WordVectors, shipped_vectors

SIGNALS = ("anchor", "commercial", "foreign", "breaks", "own line", "web", "network")


@dataclass(frozen=True)
class SpamSpan:
    start: int
    end: int
    text: str
    whole_line: bool = False
    signals: tuple[str, ...] = ()


def _forward(X: np.ndarray, mean: np.ndarray, scale: np.ndarray, layers: tuple[tuple[np.ndarray, np.ndarray], ...]) -> np.ndarray:
    h = (X - mean) / scale
    for i, (W, b) in enumerate(layers):
        h = h @ W + b
        if i < len(layers) - 1:
            h = np.maximum(h, 0.0)
    return 1.0 / (1.0 + np.exp(-np.clip(h[:, 0], -30, 30)))


def _layers_json(layers: tuple[tuple[np.ndarray, np.ndarray], ...]) -> list[dict]:
    return [{"W": W.round(5).tolist(), "b": b.round(5).tolist()} for W, b in layers]


def _layers_from(data: list[dict]) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    return tuple((np.array(layer["W"]), np.array(layer["b"])) for layer in data)


@dataclass(frozen=True)
class LoneNetwork:
    """A second network over the same features, trained where each spam fragment lands in a history once at most.
    The first learned from fragments that repeat across a history, as a campaign's spam does, and leans on that:
    with each hand-written chain landing once, its span recall fell from .80 to .74 (held-out set 4)."""

    mean: np.ndarray
    scale: np.ndarray
    layers: tuple[tuple[np.ndarray, np.ndarray], ...]

    def probabilities(self, X: np.ndarray) -> np.ndarray:
        return _forward(X, self.mean, self.scale, self.layers)

    def to_json(self) -> dict:
        return {"mean": self.mean.round(6).tolist(), "scale": self.scale.round(6).tolist(), "layers": _layers_json(self.layers)}

    @classmethod
    def from_json(cls, data: dict) -> LoneNetwork:
        return cls(np.array(data["mean"]), np.array(data["scale"]), _layers_from(data["layers"]))


@dataclass(frozen=True)
class TokenModel:
    """A small network over FEATURES (standardised), the semantic projection that predicts a word's spam
    log-odds from its vector, and the thresholds that turn word probabilities and evidence into spans. With a
    `lone` network, a word's probability is the higher of the two networks'."""

    mean: np.ndarray
    scale: np.ndarray
    layers: tuple[tuple[np.ndarray, np.ndarray], ...]
    semantic_weights: np.ndarray
    semantic_bias: float
    thresholds: dict[str, float] = field(default_factory=dict)
    lone: LoneNetwork | None = None

    def probabilities(self, X: np.ndarray, lone: bool = True) -> np.ndarray:
        probs = _forward(X, self.mean, self.scale, self.layers)
        return probs if not lone or self.lone is None or not len(X) else np.maximum(probs, self.lone.probabilities(X))

    def threshold(self, name: str) -> float:
        return self.thresholds[name]

    def to_json(self) -> dict:
        data = {"features": list(FEATURES), "mean": self.mean.round(6).tolist(), "scale": self.scale.round(6).tolist(),
                "layers": _layers_json(self.layers),
                "semantic": {"weights": self.semantic_weights.round(6).tolist(), "bias": round(self.semantic_bias, 6)},
                "thresholds": {k: round(v, 5) for k, v in self.thresholds.items()}}
        if self.lone is not None:
            data["lone_network"] = self.lone.to_json()
        return data

    @classmethod
    def from_json(cls, data: dict) -> TokenModel:
        if data["features"] != list(FEATURES):
            raise ValueError("spam model: its features are not the finder's (retrain with pipeline.evaluate.spam_training)")
        lone = LoneNetwork.from_json(data["lone_network"]) if "lone_network" in data else None
        return cls(np.array(data["mean"]), np.array(data["scale"]), _layers_from(data["layers"]),
                   np.array(data["semantic"]["weights"]), float(data["semantic"]["bias"]), dict(data["thresholds"]), lone)


@lru_cache(maxsize=1)
def _threadpools() -> ThreadpoolController:
    """The process's thread pools, looked up once (a lookup per text costs milliseconds)."""
    return ThreadpoolController()


_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]*")


@lru_cache(maxsize=1)
def shipped_model() -> TokenModel:
    return TokenModel.from_json(json.loads((resources.files("pipeline") / "data" / "spam_model.json").read_text(encoding="utf-8")))


@dataclass
class Scored:
    """Texts' tokens (joined), features, evidence and word probabilities."""

    tokens: Tokens
    X: np.ndarray
    parts: dict[str, np.ndarray]
    probs: np.ndarray
    view: TextView | None = None      # the history's word pairs, for how the words either side of a span join
    first: np.ndarray | None = None   # the first network's probabilities alone (its certainty is evidence)


class SpamFinder:
    """Finds spam spans. `fit` learns the history's own usage (word and pair counts, its overall topic) and
    scores all its texts at once; unfitted, only commercial language, line shape and anchors speak (enough for
    word soups in tests, too little for real pages)."""

    def __init__(self, whole_line_share: float = 0.6, max_gap: int = 2, model: TokenModel | None = None,
                 lexicon: CommercialLexicon | None = None, vectors: WordVectors | None = None, anchors: bool = True,
                 chunk: int = 500, commercial_words: int = 2):
        self.whole_line_share = whole_line_share
        self.commercial_words = commercial_words    # commercial words a line the sentence runs through needs
        self.max_gap = max_gap                  # weak words bridged between two likely-spam words
        self.model = model
        self.lexicon = lexicon
        self.vectors = vectors
        self.anchors = anchors
        self.chunk = chunk                      # texts scored together
        self._anchor_finder = AnchorFinder()
        self._builder: FeatureBuilder | None = None
        self._found: dict[str, list[SpamSpan]] = {}
        self._word_peak: dict[str, float] = {}
        self._case_texts: dict[str, tuple[int, int]] = {}
        self.names_: frozenset[str] = frozenset()

    @property
    def token_model(self) -> TokenModel:
        return self.model or shipped_model()

    def _table(self) -> WordTable:
        model = self.token_model
        return WordTable(self.lexicon or shipped_lexicon(), self.vectors or shipped_vectors(),
                         model.semantic_weights, model.semantic_bias)

    def fit(self, texts: Iterable[str], score: bool = True, names: Iterable[str] = ()) -> SpamFinder:
        """Learn the history from its texts and (with `score`) find the spam in each of them now, at once. `names`:
        the words of the people the history names; a span holding one is a name in a sentence, not spam."""
        texts = list(texts)
        self.names_ = frozenset(names)
        table = self._table()
        builder = FeatureBuilder(table, PageModel(), None)
        tokens = builder.tokens(texts)
        kept = ~tokens.editorial
        words = tokens.words
        builder.page = PageModel().fit([[words[i] for i in range(tokens.bounds[t], tokens.bounds[t + 1]) if kept[i]]
                                        for t in range(len(texts))])
        # the history's topic: the mean vector of its content words, each use counted
        counts = Counter(w for w, k in zip(words, kept, strict=False) if k)
        vocabulary = sorted(counts)
        static = table.words.gather(vocabulary)
        content = (static[:, WORD_COLUMNS.index("function")] == 0) & (static[:, WORD_COLUMNS.index("number")] == 0) \
            & (static[:, WORD_COLUMNS.index("row")] >= 0)
        rows = static[content, WORD_COLUMNS.index("row")].astype(np.int64)
        uses = np.array([counts[w] for w, keep in zip(vocabulary, content, strict=False) if keep], dtype=np.float64)
        total = uses @ table.vectors.vectors[rows] if rows.size else np.zeros(table.vectors.dimensions)
        norm = np.linalg.norm(total)
        builder.history_centroid = total / norm if norm > 0 else None
        self._builder = builder
        self._case_texts = _case_texts(tokens)
        self._found = {}
        self._word_peak = {}
        if score:
            for at in range(0, len(texts), self.chunk):
                batch = texts[at:at + self.chunk]
                scored = self.score_tokens(tokens.select(at, at + len(batch)))
                for i, text in enumerate(batch):
                    self._found[text] = self.spans(text, scored, i)
                self._remember_peaks(scored)
        return self

    def _feature_builder(self) -> FeatureBuilder:
        if self._builder is None:
            self._builder = FeatureBuilder(self._table(), PageModel(), None)
        return self._builder

    def score(self, texts: list[str]) -> Scored:
        return self.score_tokens(self._feature_builder().tokens(texts))

    def score_tokens(self, tokens: Tokens) -> Scored:
        # the arrays are small: BLAS threads would only wait for each other (on a busy machine, for seconds)
        with _threadpools().limit(limits=1, user_api="blas"):
            return self._score_tokens(tokens)

    def _score_tokens(self, tokens: Tokens) -> Scored:
        X, parts, view = self._feature_builder().build(tokens)
        model = self.token_model
        first = model.probabilities(X, lone=False) if len(tokens) else np.zeros(0)
        probs = np.maximum(first, model.lone.probabilities(X)) if model.lone is not None and len(tokens) else first.copy()
        probs[tokens.editorial] = 0.0
        first[tokens.editorial] = 0.0
        return Scored(tokens, X, parts, probs, view, first)

    # -- finding ----------------------------------------------------------------------------------------------

    def find(self, text: str) -> list[SpamSpan]:
        found = self._found.get(text)
        if found is None:
            found = []
            if text.strip() and not self._quiet(text):
                found = self.spans(text, self.score([text]), 0)
        if self.names_:
            # "mark that "George S. De Mohrenschildt Exhibit No. 1"": a rare name beside a document word reads as
            # foreign and commercial, and cutting it would leave half a name in the quote; a name at the edge of a
            # span is taken off it and the spam beside it still goes
            found = [kept for span in found if (kept := _without_names(span, self.names_)) is not None]
        if self.anchors:
            found = _merge(found, self._anchor_finder.find(text))
        return found

    def _remember_peaks(self, scored: Scored) -> None:
        """The highest probability each word that could seed a span reached, by word and by word with its two
        neighbours, for `_quiet`."""
        peak = self._word_peak
        words = scored.tokens.words
        weak = (scored.parts["function"] + scored.parts["number"]) > 0
        probs = scored.probs.tolist()
        for i in np.flatnonzero(~weak).tolist():
            p = probs[i]
            for key in (words[i], _trigram(words, i)):
                if p > peak.get(key, -1.0):
                    peak[key] = p

    def _quiet(self, text: str) -> bool:
        """True when every word of the text that could seed a span, with the same neighbours, stayed far below a
        seed in the fitted history (an editor's brackets, such as a replaced name, aside): a cleaned text's
        second look costs nothing. Words met in another context are judged by their highest probability
        anywhere; words the history never had are not quiet."""
        if not self._word_peak:
            return False
        floor = self.token_model.threshold("seed") / 2
        peak = self._word_peak
        normal = self._feature_builder().normal
        words = [normal(m.group()) for m in TOKEN.finditer(EDITORIAL.sub(" ", text))]
        for i, word in enumerate(words):
            if word in FUNCTION_WORDS or NUMBER.match(word):
                continue
            p = peak.get(_trigram(words, i))
            if p is None:
                p = peak.get(word, 1.0)
            if p >= floor:
                return False
        return True

    def spans(self, text: str, scored: Scored, which: int = 0) -> list[SpamSpan]:
        """The spam spans of text number `which` of a scored batch."""
        model = self.token_model
        part = scored.tokens.of(which)
        network = scored.probs[part]
        if not len(network):
            return []
        weak = scored.parts["function"][part] + scored.parts["number"][part]
        seeds = (network >= model.threshold("seed")) & (weak == 0)
        if not seeds.any():
            return []
        # a foreign address is as likely spam as a seed, but only joins a run that the network starts: pages link
        # to real sites in ordinary sentences ("you can read the minutes at www.facebook.com/ourcouncil"), and an
        # address is odd in any sentence, so alone it would look foreign and break it
        web = scored.tokens.web[part]
        probs = np.where(web, np.maximum(network, model.threshold("seed")), network)
        first = scored.first[part] if scored.first is not None else network
        certain = np.where(web, np.maximum(first, model.threshold("seed")), first)
        tokens = scored.tokens
        base = part.start
        result: list[SpamSpan] = []
        lines = tokens.lines[part]
        editorial = tokens.editorial[part]
        words = tokens.words
        for line in np.unique(lines[seeds]):
            members = np.flatnonzero(lines == line)
            chosen = []
            for j, k in self._runs(probs[members], weak[members], seeds[members], web[members]):
                a, b = members[j], members[k - 1] + 1
                while b - 1 > a and b < members[-1] + 1 and words[base + b - 1] in _NEVER_LAST:
                    b -= 1          # "... Rates Online the launch": a phrase does not end on "the" in mid-line
                if b < len(editorial) and editorial[b] and lines[b] == line:
                    continue        # an editor's bracket right after the words expands them: they are the speaker's
                signals = self._signals(scored, base + a, base + b, base + members[0], base + members[-1] + 1, text, part)
                sure = probs[a:b].mean()
                if certain[a:b].mean() >= model.thresholds.get("network", 2.0):
                    # the first network is all but certain of every word on average (the lone network, trained
                    # where spam never repeats, is sure of lone titles such as "Endeavour" too)
                    signals += ("network",)
                needed = 3 if (weak[a:b] == 0).sum() <= 2 else 2   # one or two words ("a", "of" aside) need more
                if len(signals) >= needed and sure >= model.threshold("span"):
                    chosen.append((a, b, signals))
            if not chosen:
                continue
            covered = sum(b - a for a, b, _ in chosen)
            starts, ends = tokens.starts[part], tokens.ends[part]
            if covered >= self.whole_line_share * len(members) and len(members) <= 40:
                start, end = _line_bounds(text, int(starts[members[0]]))
                merged = tuple(s for s in SIGNALS if any(s in sig for _, _, sig in chosen))
                result.append(SpamSpan(start, end, text[start:end], True, merged))
            else:
                for a, b, signals in chosen:
                    start, end = int(starts[a]), int(ends[b - 1])
                    result.append(SpamSpan(start, end, text[start:end], False, signals))
        return result

    def _runs(self, probs: np.ndarray, weak: np.ndarray, seeds: np.ndarray, web: np.ndarray) -> list[tuple[int, int]]:
        """Runs of likely-spam words: seeds, grown over likely neighbours and short gaps of weak words, and over any
        short gap to a foreign address ("... no prescription needed at pillz-4u.biz")."""
        model = self.token_model
        n = len(probs)
        inside = seeds.copy()
        extend = probs >= model.threshold("extend")
        changed = True
        while changed:
            grown = inside.copy()
            grown[1:] |= inside[:-1] & extend[1:]
            grown[:-1] |= inside[1:] & extend[:-1]
            changed = bool((grown != inside).any())
            inside = grown
        positions = np.flatnonzero(inside | web)
        for left, right in zip(positions[:-1], positions[1:], strict=False):       # bridge short gaps between spam words
            if not (inside[left] or inside[right]) or right - left > self.max_gap + 1:
                continue
            if weak[left + 1:right].all() or web[left] or web[right]:
                inside[left:right + 1] = True
        runs, start = [], None
        for i in range(n + 1):
            if i < n and inside[i]:
                start = i if start is None else start
            elif start is not None:
                runs.append((start, i))
                start = None
        return runs

    def _signals(self, scored: Scored, a: int, b: int, line_start: int, line_end: int, text: str,
                 part: slice) -> tuple[str, ...]:
        """The kinds of evidence that fire on tokens a..b-1, each against a threshold set from the real words of
        the training texts (`spam_training.signal_thresholds`).

        A line the sentence runs through (an italicised title set on a line of its own, a line that stops at
        "the") is a phrase of that sentence, not a line of its own, and, like a heading, is commercial only when
        `commercial_words` of its words are: one rare word in a title is not what spam looks like. Words the
        history writes as names elsewhere carry no commercial evidence and their capitals are not odd, nor are
        the capitals of a name that starts before the span ("Chief Of Public Information")."""
        model = self.token_model
        parts = scored.parts
        tokens = scored.tokens
        content = (parts["function"][a:b] == 0) & (parts["number"][a:b] == 0)
        capital = (parts["upper"][a:b] + parts["title_mid"][a:b]) > 0
        names = np.array([bool(c) and self._history_name(tokens, i, part) for i, c in zip(range(a, b), capital, strict=True)])
        whole_line = a == line_start and b == line_end
        phrase = whole_line and _sentence_runs_through(text, tokens, a, b)
        fired = []
        if content.any():
            commercial = np.where(names, 0.0, commercial_evidence(parts)[a:b])[content]
            needed = min(self.commercial_words, int(content.sum())) if phrase else 1
            if (commercial >= model.threshold("commercial")).sum() >= needed:
                fired.append("commercial")
            local = parts["coh_local"][a:b][content].mean()
            history = parts["coh_history"][a:b][content].mean()
            if local <= model.threshold("foreign_local") or history <= model.threshold("foreign_history"):
                fired.append("foreign")
        if line_start < a and b < line_end:
            odd = capital & ~names
            if _name_before(parts["title_mid"], tokens.words, a, line_start):
                run = int(np.argmin(capital)) if not capital.all() else len(capital)
                odd[:run] = False                    # the name began before the span
            drop = -(parts["attach_left"][a] + parts["attach_right"][b - 1])
            # the edges attach to nothing, and the words either side join once the span is gone
            rejoined = drop + _join(scored, a - 1, b)
            if drop >= model.threshold("breaks") or odd.mean() >= 0.5 or rejoined >= model.thresholds.get("rejoin", 2.0):
                fired.append("breaks")
        if whole_line and parts["own_line"][a] > 0 and not phrase:
            fired.append("own line")
        if tokens.web[a:b].any():
            fired.append("web")
        return tuple(fired)

    def _history_name(self, tokens: Tokens, i: int, part: slice) -> bool:
        """True when the other texts of the history write this word capitalised in mid-sentence, in at least
        `NAME_TEXTS` texts and (nearly) never in lower case there: a name or place of the history's own."""
        word = tokens.words[i]
        capital, lower = self._case_texts.get(word, (0, 0))
        if capital < NAME_TEXTS:
            return False
        own = [j for j in range(part.start, part.stop) if tokens.words[j] == word and not tokens.sentence_start[j]]
        capital -= any(tokens.surfaces[j][:1].isupper() for j in own)
        lower -= any(tokens.surfaces[j][:1].islower() for j in own)
        return capital >= NAME_TEXTS and lower * NAME_SHARE <= capital


def _join(scored: Scored, left: int, right: int) -> float:
    """How strongly token `left` is followed by token `right` in the history's usage (log ratio / 6, clipped, as
    the edges' attachment is): the words either side of a span, were it cut."""
    if scored.view is None:
        return 0.0
    return float(np.clip(scored.view.association(np.array([left]), np.array([right]))[0], -6.0, 6.0) / 6.0)


def _is_name(word: str, names: frozenset[str]) -> bool:
    return bool(_CAPITALISED.fullmatch(word)) and (word in names or word.capitalize() in names)    # "DEAR RUTH"


def _without_names(span: SpamSpan, names: frozenset[str]) -> SpamSpan | None:
    """The span with the history's names (and the small words beside them) taken off its edges; None when a name
    is inside it, or fewer than two other words are left."""
    words = list(_WORD.finditer(span.text))
    named = [_is_name(m.group(), names) for m in words]
    if not any(named):
        return span
    small = [named[i] or words[i].group().lower() in FUNCTION_WORDS for i in range(len(words))]
    first = next((i for i, s in enumerate(small) if not s), len(words))
    last = next((i for i in range(len(words) - 1, -1, -1) if not small[i]), -1)
    if first > last or any(named[first:last + 1]) or sum(not small[i] for i in range(first, last + 1)) < 2:
        return None         # "DEAR RUTH:": one word beside the name is the name's frame, not spam
    start, end = span.start + words[first].start(), span.start + words[last].end()
    return SpamSpan(start, end, span.text[words[first].start():words[last].end()], False, span.signals)


_NEVER_LAST = frozenset({"a", "an", "the", "and", "or", "of"})    # words a phrase cannot end on
_WORD = re.compile(r"[\w'’-]+")


def _name_before(title_mid: np.ndarray, words: list[str], a: int, line_start: int) -> bool:
    """True when the capitalised words right before token a (in mid-sentence, on its line) include one that is
    not a function word: a name such as "Chief Of" goes on into the span ("I" alone does not)."""
    i = a - 1
    while i >= line_start and title_mid[i] > 0:
        if words[i] not in FUNCTION_WORDS:
            return True
        i -= 1
    return False


NAME_TEXTS = 2      # other texts that must write a word capitalised in mid-sentence before it counts as a name
NAME_SHARE = 10     # ... and lower case at most once for so many capitalised texts


def _case_texts(tokens: Tokens) -> dict[str, tuple[int, int]]:
    """Per word, in how many texts it is written capitalised in mid-sentence and in how many in lower case."""
    capital: set[tuple[str, int]] = set()
    lower: set[tuple[str, int]] = set()
    words, surfaces, text_ids = tokens.words, tokens.surfaces, tokens.text_ids.tolist()
    for i in np.flatnonzero(~tokens.sentence_start & ~tokens.editorial).tolist():
        first = surfaces[i][:1]
        if first.isupper():
            capital.add((words[i], text_ids[i]))
        elif first.islower():
            lower.add((words[i], text_ids[i]))
    capitals = Counter(w for w, _ in capital)
    lowers = Counter(w for w, _ in lower)
    return {w: (capitals[w], lowers[w]) for w in capitals}


_BREAK = re.compile(r"\n|\\n")
_WORDS_AFTER = re.compile(r"[^\W_]")
_CONTINUES = re.compile(r"(?:\s|\\n)+(?:[a-z]|[.,;:?!)\]”’])")


def _sentence_runs_through(text: str, tokens: Tokens, a: int, b: int) -> bool:
    """True when the sentence goes on across the line of tokens a..b-1: the line stops at a hyphen, or what
    follows it starts in lower case or with the sentence's closing punctuation, or the line stops at a function
    word and words follow it (the last line of a text has no sentence to run on into)."""
    after = text[int(tokens.ends[b - 1]):]
    found = _BREAK.search(after)
    tail, rest = (after[:found.start()], after[found.start():]) if found else (after, "")
    if tokens.surfaces[b - 1].endswith("-") or tail.rstrip().endswith("-") or _CONTINUES.match(rest):
        return True
    return tokens.words[b - 1] in FUNCTION_WORDS and bool(_WORDS_AFTER.search(rest.replace("\\n", " ")))


def _trigram(words: list[str], i: int) -> str:
    return f"{words[i - 1] if i else ''} {words[i]} {words[i + 1] if i + 1 < len(words) else ''}"


def commercial_evidence(parts: dict[str, np.ndarray]) -> np.ndarray:
    """Per word, its commercial evidence: spam against legitimate messages and spam against English (as its
    vector predicts it, updated by the corpus counts), each weighed by the counts behind it
    (`spam_features.commercial_weight`)."""
    return parts["commercial"]


def _line_bounds(text: str, position: int) -> tuple[int, int]:
    """The line (real or literal "\\n" break) around a position, without its break."""
    view = text.replace("\\n", " \n")
    start = view.rfind("\n", 0, position) + 1
    end = view.find("\n", position)
    end = len(view) if end < 0 else end
    while end > start and view[end - 1] == " ":
        end -= 1
    while start < end and view[start] == " ":
        start += 1
    return start, end


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
