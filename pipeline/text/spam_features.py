"""What the spam finder knows about each word of a text, as one numeric row per token. Nothing here names a
spam family; every value says something any spam would show:

- commercial: the word's log-odds of spam against legitimate messages in three labelled corpora and its rate in
  spam against general English (`spam_lexicon`), and that rate predicted from its static vector (`word_vectors`),
  so words no corpus holds ("ethereum", "keto") are judged by what they mean;
- foreign: the word is rare in this history against general English, and its vector is far from the paragraph
  around it and from the history as a whole;
- breaks: the words either side attach to each other in the history's usage but not to the word; the word is
  capitalised in mid-sentence or in capitals;
- shape: numbers, prices, l33t spellings, a short line of its own that is not a sentence.

Each token also sees its neighbours' values (two either side, within its line), so a run of ordinary words
("place your bets now") can be told by what surrounds it. Many texts are described at once (one array over all
their tokens, each text's own counts left out of the history's), which is what makes cleaning a history fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .page_model import FUNCTION_WORDS, PageModel, TextView, english_frequency, zipf
from .spam_anchors import TOKEN, normal_token
from .spam_lexicon import CommercialLexicon
from .web_address import foreign_addresses
from .word_vectors import WordVectors

_GAP_MARK = re.compile(r"[.?!…\n\"“‘]")
_LINE_END_SENTENCE = re.compile(r"[.?!…:;\"”)\]]\s*$")
NUMBER = re.compile(r"^[#$£€]?\d[\d,.]*(?:%|k|x|mg|mcg|ml)?$")
_PRICE = re.compile(r"[$£€%]|^\d+(?:k|x|mg|mcg|ml)$")
_MIXED = re.compile(r"[a-z][0-9@$]|[0-9@$][a-z]", re.I)
_URLISH = re.compile(r"(?:https?://|www\.|\.com\b|\.net\b|\.org\b|@)", re.I)
EDITORIAL = re.compile(r"\[[^\]\n]{0,120}\]|<[^>\n]{0,300}>|\b(?:https?://|www\.)\S+")   # "[Laughter]", links

WORD_FEATURES = ("lex", "lex_english", "vspam", "zipf", "novec", "unknown", "function", "number", "price", "mixed",
                 "urlish", "upper", "title_mid", "rarity", "coh_local", "coh_history")
NEIGHBOUR_FEATURES = ("lex", "lex_english", "vspam", "function", "upper", "title_mid", "rarity", "coh_local",
                      "coh_history", "zipf")
OFFSETS = (-2, -1, 1, 2)
CONTEXT_FEATURES = ("attach_left", "attach_right", "bridge", "line_start", "line_end", "own_line", "line_words",
                    "near_vspam", "near_odd", "sentence_start")
FEATURES = (WORD_FEATURES + tuple(f"{o:+d}_{f}" for o in OFFSETS for f in NEIGHBOUR_FEATURES)
            + tuple(f"{o:+d}_outside" for o in OFFSETS) + CONTEXT_FEATURES)
INDEX = {name: i for i, name in enumerate(FEATURES)}
_SEPARATOR = "\n\n"


@dataclass
class Tokens:
    """The word tokens of one or more texts, joined: offsets inside their own text, which text, surface and
    normal form, line (unique across texts), whether an editor's bracket or one of the page's own links holds it
    (never the page's prose), whether it is part of a web address the page did not put there (`web_address`),
    whether it starts a sentence, and whether its line ends like a sentence."""

    text_ids: np.ndarray
    bounds: np.ndarray            # token index where each text starts (and one past the last)
    starts: np.ndarray
    ends: np.ndarray
    surfaces: list[str]
    words: list[str]
    lines: np.ndarray
    editorial: np.ndarray
    sentence_start: np.ndarray
    line_has_end: np.ndarray
    several_lines: np.ndarray     # per token: its text has more than one line with words
    web: np.ndarray               # per token: part of a foreign web address or link markup

    def __len__(self) -> int:
        return len(self.words)

    def of(self, text: int) -> slice:
        return slice(int(self.bounds[text]), int(self.bounds[text + 1]))

    def select(self, first: int, last: int) -> Tokens:
        """The tokens of texts first..last-1, numbered from 0."""
        a, b = int(self.bounds[first]), int(self.bounds[last])
        return Tokens(self.text_ids[a:b] - first, self.bounds[first:last + 1] - a, self.starts[a:b], self.ends[a:b],
                      self.surfaces[a:b], self.words[a:b], self.lines[a:b], self.editorial[a:b],
                      self.sentence_start[a:b], self.line_has_end[a:b], self.several_lines[a:b], self.web[a:b])


def tokenize(texts: list[str], normal: dict[str, str] | None = None) -> Tokens:
    """Word tokens of the texts; literal "\\n" (as in the oral-history JSON) counts as a line break."""
    views = [t.replace("\\n", " \n") for t in texts]
    offsets = np.zeros(len(views) + 1, dtype=np.int64)
    if views:
        offsets[1:] = np.cumsum([len(v) + len(_SEPARATOR) for v in views])
    view = _SEPARATOR.join(views) + _SEPARATOR
    matches = list(TOKEN.finditer(view))
    n = len(matches)
    starts = np.fromiter((m.start() for m in matches), dtype=np.int64, count=n)
    ends = np.fromiter((m.end() for m in matches), dtype=np.int64, count=n)
    surfaces = [m.group() for m in matches]
    cache = normal if normal is not None else {}
    words = []
    for s in surfaces:
        w = cache.get(s)
        if w is None:
            w = cache[s] = normal_token(s)
        words.append(w)
    text_ids = np.searchsorted(offsets, starts, side="right") - 1
    bounds = np.searchsorted(text_ids, np.arange(len(views) + 1))
    breaks = np.array([m.start() for m in re.finditer("\n", view)], dtype=np.int64)
    lines = np.searchsorted(breaks, starts)
    editorial = np.zeros(n, dtype=bool)
    for m in EDITORIAL.finditer(view):
        a, b = np.searchsorted(starts, [m.start(), m.end()])
        editorial[a:b] = True
    web = np.zeros(n, dtype=bool)
    for start, end in foreign_addresses(view):
        a, b = np.searchsorted(starts, [start, end])
        web[a:b] = True
    editorial &= ~web
    sentence_start = np.ones(n, dtype=bool)
    if n > 1:
        marks = np.array([m.start() for m in _GAP_MARK.finditer(view)], dtype=np.int64)
        sentence_start[1:] = np.searchsorted(marks, starts[1:]) > np.searchsorted(marks, ends[:-1])
    # per line: does it end like a sentence (after its last word)
    line_ids, last = np.unique(lines[::-1], return_index=True)
    last = n - 1 - last
    line_end_pos = np.append(breaks, len(view))[line_ids]
    ends_sentence = np.array([bool(_LINE_END_SENTENCE.search(view[ends[i]:e].rstrip(" "))) or
                              bool(_LINE_END_SENTENCE.search(surfaces[i][-1:])) for i, e in zip(last, line_end_pos, strict=False)], dtype=bool)
    line_has_end = ends_sentence[np.searchsorted(line_ids, lines)] if n else np.zeros(0, bool)
    first_line = lines[np.minimum(bounds[:-1], max(n - 1, 0))] if n else np.zeros(0, np.int64)
    last_line = lines[np.maximum(bounds[1:] - 1, 0)] if n else np.zeros(0, np.int64)
    several = (last_line > first_line)[text_ids] if n else np.zeros(0, bool)
    return Tokens(text_ids, bounds, starts - offsets[text_ids], ends - offsets[text_ids], surfaces, words, lines,
                  editorial, sentence_start, line_has_end, several, web)


class _RowCache:
    """Rows of numbers computed once per key and gathered for many keys at once."""

    def __init__(self, width: int, compute):
        self.compute = compute
        self.ids: dict[str, int] = {}
        self.matrix = np.zeros((1024, width))

    def gather(self, keys: list[str]) -> np.ndarray:
        ids = self.ids
        missing = [k for k in dict.fromkeys(keys) if k not in ids]
        if missing:
            start = len(ids)
            if start + len(missing) > len(self.matrix):
                grown = np.zeros((2 * (start + len(missing)), self.matrix.shape[1]))
                grown[:start] = self.matrix[:start]
                self.matrix = grown
            for i, key in enumerate(missing):
                ids[key] = start + i
                self.matrix[start + i] = self.compute(key)
        get = ids.__getitem__
        return self.matrix[np.fromiter((get(k) for k in keys), dtype=np.int64, count=len(keys))]


WORD_COLUMNS = ("lex", "lex_english", "zipf", "novec", "unknown", "function", "number", "english", "row", "vspam",
                "commercial")
COUNT_PRIOR = 10.0    # messages: corpus evidence from fewer messages than this is trusted less than it says
SURFACE_COLUMNS = ("upper", "capital", "price", "mixed", "urlish")


def _surface(surface: str) -> tuple[float, ...]:
    return (float(len(surface) > 1 and surface.isupper() and surface.isalpha()), float(surface[:1].isupper()),
            float(bool(_PRICE.search(surface))), float(bool(_MIXED.search(surface)) and not surface.isdigit()),
            float(bool(_URLISH.search(surface))))


class WordTable:
    """Static facts about each word (commercial log-odds, English frequency, vector row, spam rate predicted
    from the vector) and each surface form (case, prices, l33t), cached."""

    def __init__(self, lexicon: CommercialLexicon, vectors: WordVectors, semantic_weights: np.ndarray, semantic_bias: float):
        self.lexicon = lexicon
        self.vectors = vectors
        self.semantic_weights = semantic_weights
        self.semantic_bias = semantic_bias
        self.words = _RowCache(len(WORD_COLUMNS), self._describe)
        self.surfaces = _RowCache(len(SURFACE_COLUMNS), _surface)

    def _describe(self, word: str) -> tuple[float, ...]:
        english = english_frequency(word)
        function = word in FUNCTION_WORDS
        number = bool(NUMBER.match(word))
        row = self.vectors.row(word)
        if function or number or not word:
            lex = lex_english = vspam = commercial = 0.0
        else:
            lex = float(np.clip(self.lexicon.log_odds(word, english), -3.0, 4.0))
            lex_english = float(np.clip(self.lexicon.over_english(word, english), -3.0, 5.0))
            vspam = float(self.vectors.vectors[row] @ self.semantic_weights + self.semantic_bias) if row >= 0 else 0.0
            commercial = commercial_weight(lex, lex_english, vspam, self.lexicon.spam.get(word, 0),
                                           self.lexicon.ham.get(word, 0))
        return (lex, lex_english, zipf(english) / 8.0, 1.0 if row < 0 else 0.0, 1.0 if english <= 1e-8 else 0.0,
                1.0 if function else 0.0, 1.0 if number else 0.0, english, float(row), vspam, commercial)


def commercial_weight(lex: float, over_english: float, vspam: float, spam_count: int, ham_count: int,
                      prior: float = COUNT_PRIOR) -> float:
    """A word's commercial evidence for the finder's "commercial" signal, each source weighed by the corpus
    counts behind it rather than the largest of three noisy values taken (the largest of three is large for
    rare words by chance: a surname four spam messages happened to hold, a word only its vector judges).

    - against legitimate messages: its log-odds, shrunk toward 0 as if `prior` messages said nothing;
    - against English: the rate the word's vector predicts (`vspam`, worth `prior` messages) updated by the
      rate its spam messages show, a Bayesian mean; it counts only as far as legitimate messages do not use
      the word as much as spam does (lex < 0): then its excess over English is the language of messages
      ("msg", "phone", "information"), not of spam, and the more messages say so, the less it counts."""
    n = spam_count + ham_count
    against_legitimate = lex * n / (n + prior)
    over = (prior * vspam + spam_count * over_english) / (prior + spam_count)
    return max(against_legitimate, over)


def _shift(values: np.ndarray, offset: int, lines: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows of values[i + offset] where that token is on the same line as i (else 0), and where it is not."""
    n = len(values)
    out = np.zeros_like(values)
    outside = np.ones(n, dtype=bool)
    k = abs(offset)
    if n > k:
        same = lines[k:] == lines[:-k]
        mask = same[:, None] if values.ndim == 2 else same
        if offset > 0:
            np.multiply(values[k:], mask, out=out[:-k])
            outside[:-k] = ~same
        else:
            np.multiply(values[:-k], mask, out=out[k:])
            outside[k:] = ~same
    return out, outside


def _text_sums(values: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """Per text, the sum of its rows."""
    sums = np.zeros((len(bounds) - 1,) + values.shape[1:], dtype=np.float64)
    filled = np.flatnonzero(bounds[1:] > bounds[:-1])
    if filled.size:
        sums[filled] = np.add.reduceat(values, bounds[:-1][filled], axis=0, dtype=np.float64)
    return sums


def _near_sum(values: np.ndarray, radius: int, text_ids: np.ndarray) -> np.ndarray:
    """Sum of rows within `radius` positions either side (the row itself included), inside each row's text."""
    total = values.copy()
    for offset in range(1, radius + 1):
        after = _shift(values, offset, text_ids)[0]
        after += _shift(values, -offset, text_ids)[0]
        total += after
    return total


class FeatureBuilder:
    """Builds the FEATURES matrix of texts against a fitted history (its counts, its overall topic)."""

    def __init__(self, table: WordTable, page: PageModel, history_centroid: np.ndarray | None, exclusion_radius: int = 4):
        self.table = table
        self.page = page
        self.history_centroid = history_centroid
        self.exclusion_radius = exclusion_radius          # the paragraph around a word: its text, less this window
        self._normal: dict[str, str] = {}

    def tokens(self, texts: list[str]) -> Tokens:
        return tokenize(texts, self._normal)

    def normal(self, surface: str) -> str:
        word = self._normal.get(surface)
        if word is None:
            word = self._normal[surface] = normal_token(surface)
        return word

    def build(self, tokens: Tokens) -> tuple[np.ndarray, dict[str, np.ndarray], TextView | None]:
        """The tokens' feature rows, the named evidence the finder reads, and the history's view of these texts
        (for how well the words either side of a span would join once it is gone)."""
        n = len(tokens)
        X = np.zeros((n, len(FEATURES)), dtype=np.float64)
        if n == 0:
            return X, {name: np.zeros(0) for name in ("vspam", "lex", "lex_english", "commercial", "rarity", "coh_local", "coh_history", "function",
                                                      "number", "upper", "title_mid", "attach_left", "attach_right",
                                                      "own_line", "editorial")}, None
        static = self.table.words.gather(tokens.words)
        lex, lex_english, zipf_norm, novec, unknown, function, number, english, rows_f, vspam, commercial = static.T
        rows = rows_f.astype(np.int64)
        editorial = tokens.editorial
        upper, capital, price, mixed, urlish = self.table.surfaces.gather(tokens.surfaces).T
        title_mid = ((capital > 0) & ~tokens.sentence_start & (upper == 0)).astype(np.float64)
        weak = (function > 0) | (number > 0)
        # foreignness: rarity in the history, distance from the paragraph and from the history as a whole
        view = None
        rarity = np.zeros(n)
        if self.page.fitted:
            view = self.page.text_view(self.page.lookup(tokens.words), english, tokens.text_ids)
            rarity = np.clip(view.rarity(), -3.0, 6.0)
            rarity[weak] = 0.0
        has_vec = rows >= 0
        own = np.zeros((n, self.table.vectors.dimensions), dtype=np.float32)
        own[has_vec] = self.table.vectors.vectors[rows[has_vec]]
        content = own * (~weak & ~editorial)[:, None]
        context = _text_sums(content, tokens.bounds)[tokens.text_ids] - _near_sum(content, self.exclusion_radius, tokens.text_ids)
        norms = np.sqrt(np.einsum("ij,ij->i", context, context))
        scored = has_vec & ~weak
        coh_local = np.where(scored & (norms > 0), np.einsum("ij,ij->i", own, context) / np.maximum(norms, 1e-9), 0.0)
        coh_history = (own @ self.history_centroid.astype(np.float32)).astype(np.float64) if self.history_centroid is not None else np.zeros(n)
        coh_history[~scored] = 0.0
        word = {"lex": lex, "lex_english": lex_english, "vspam": vspam, "zipf": zipf_norm, "novec": novec,
                "unknown": unknown, "function": function, "number": number, "price": price, "mixed": mixed,
                "urlish": urlish, "upper": upper, "title_mid": title_mid, "rarity": rarity,
                "coh_local": coh_local, "coh_history": coh_history}
        for name in WORD_FEATURES:
            X[:, INDEX[name]] = word[name]
        lines = tokens.lines
        neighbour = np.column_stack([word[name] for name in NEIGHBOUR_FEATURES])
        width = len(NEIGHBOUR_FEATURES)
        for offset in OFFSETS:
            shifted, outside = _shift(neighbour, offset, lines)
            at = INDEX[f"{offset:+d}_{NEIGHBOUR_FEATURES[0]}"]
            X[:, at:at + width] = shifted
            X[:, INDEX[f"{offset:+d}_outside"]] = outside
        # breaks: how the words either side attach, to the word and to each other
        same_prev = np.zeros(n, dtype=bool)
        same_prev[1:] = lines[1:] == lines[:-1]
        same_next = np.zeros(n, dtype=bool)
        same_next[:-1] = lines[:-1] == lines[1:]
        attach_left = np.zeros(n)
        attach_right = np.zeros(n)
        bridge = np.zeros(n)
        if view is not None and n > 1:
            idx = np.arange(n)
            pair = np.clip(view.association(idx[:-1], idx[1:]), -6.0, 6.0) / 6.0
            attach_left[1:] = np.where(same_prev[1:], pair, 0.0)
            attach_right[:-1] = np.where(same_next[:-1], pair, 0.0)
            if n > 2:
                both = same_prev[1:-1] & same_next[1:-1]
                bridge[1:-1] = np.where(both, np.clip(view.association(idx[:-2], idx[2:]), -6.0, 6.0) / 6.0, 0.0)
        X[:, INDEX["attach_left"]] = attach_left
        X[:, INDEX["attach_right"]] = attach_right
        X[:, INDEX["bridge"]] = bridge
        X[:, INDEX["line_start"]] = ~same_prev
        X[:, INDEX["line_end"]] = ~same_next
        line_ids, line_sizes = np.unique(lines, return_counts=True)
        words_in_line = line_sizes[np.searchsorted(line_ids, lines)]
        X[:, INDEX["line_words"]] = np.log1p(words_in_line) / 4.0
        own_line = ((words_in_line <= 12) & ~tokens.line_has_end & tokens.several_lines).astype(np.float64)
        X[:, INDEX["own_line"]] = own_line
        pair2 = np.column_stack([vspam, upper + title_mid])
        near = [_shift(pair2, o, lines)[0] for o in (-3, -2, -1, 1, 2, 3)]
        X[:, INDEX["near_vspam"]] = np.max([v[:, 0] for v in near], axis=0)
        X[:, INDEX["near_odd"]] = np.sum([v[:, 1] for v in near], axis=0) / 6.0
        X[:, INDEX["sentence_start"]] = tokens.sentence_start
        X[editorial] = 0.0
        return X, {"vspam": vspam, "lex": lex, "lex_english": lex_english, "commercial": commercial, "rarity": rarity, "coh_local": coh_local, "coh_history": coh_history,
                   "function": function, "number": number, "upper": upper, "title_mid": title_mid,
                   "attach_left": attach_left, "attach_right": attach_right, "own_line": own_line,
                   "editorial": editorial.astype(np.float64)}, view
