"""One answer, however the transcript splits it: an interviewee's turns between two questions, joined and cut into
passages that know where they sit in the answer.

Interviewers say "Right." or "I think that's right, yes." while the interviewee is still answering; the transcript
then holds the answer as two turns, and the second can open mid-list ("Hispanic group and so forth."). The turns
of one speaker between two questions are joined: at a sentence end with a paragraph break (the break marks where
the interviewer spoke; their words are kept as context, not quoted), inside a sentence with " … " (words left out).
Marks the transcript already made at the break are not doubled: a sentence broken off with a dash and taken up
with one ("a story—" / "——there's a story") loses both dashes for the one ellipsis, and a part that already ends
or opens with an ellipsis gets no second one. The joined answer is cut by the segmenter, so a passage can run
across the interjection.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .segment import Segmenter
from .standalone import ELLIPSIS

PARAGRAPH_JOIN = "\n\n"
OMISSION_JOIN = f" {ELLIPSIS} "
_ENDS_SENTENCE = re.compile(r"[.!?…][”\"’')\]]*\s*$")
_OPENS_SENTENCE = re.compile(r"^[\s“\"‘'(\[]*(?:[A-Z0-9]|I\b)")


_BROKEN_OFF = re.compile(r"[ \t]*[—–]+[ \t]*$")
_TAKEN_UP = re.compile(r"^[ \t]*[—–]+[ \t]*")
_MARKED = re.compile(r"^[\s“\"‘']*…|…[”\"’']*\s*$")


def joiner(before: str, after: str) -> str:
    """How two parts of one answer are joined: a paragraph break between sentences, an ellipsis inside one, a
    space where a part already carries the ellipsis."""
    if _ENDS_SENTENCE.search(before) and _OPENS_SENTENCE.match(after.lstrip(ELLIPSIS)):
        return PARAGRAPH_JOIN
    if _MARKED.search(before) or _MARKED.search(after):
        return " "
    return OMISSION_JOIN


def _trim_dashes(texts: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each part once the dashes of a sentence broken off and taken up across a break are cut."""
    bounds = [(0, len(t)) for t in texts]
    for k in range(1, len(texts)):
        cut_before, taken_up = _BROKEN_OFF.search(texts[k - 1]), _TAKEN_UP.match(texts[k])
        if cut_before and taken_up and cut_before.start() > bounds[k - 1][0] and taken_up.end() < len(texts[k]):
            bounds[k - 1] = (bounds[k - 1][0], min(bounds[k - 1][1], cut_before.start()))
            bounds[k] = (taken_up.end(), bounds[k][1])
    return bounds


@dataclass
class AnswerPiece:
    """A passage of a joined answer: where it starts (turn `part`, offsets into that turn's text), the parts of
    later turns it runs into, its text, and its place in the answer."""

    part: int
    start: int
    end: int
    text: str
    words: int
    sentences: int
    index: int                    # 0 for the passage that opens the answer
    words_before: int             # words of the answer before this passage
    continued: list[tuple[int, int, int]] = field(default_factory=list)   # (part, start, end) in later turns


def answer_pieces(segmenter: Segmenter, texts: list[str]) -> list[AnswerPiece]:
    """The passages of an answer given as the cleaned texts of its turns (non-empty, in order)."""
    joined = ""
    bounds: list[tuple[int, int]] = []        # where each part sits in the joined answer
    shifts: list[int] = []                    # characters cut from the start of each part (a dash taken up)
    for text, (start, end) in zip(texts, _trim_dashes(texts), strict=True):
        part = text[start:end]
        if joined:
            joined += joiner(joined, part)
        bounds.append((len(joined), len(joined) + len(part)))
        shifts.append(start)
        joined += part
    pieces: list[AnswerPiece] = []
    words_before = 0
    for index, cut in enumerate(segmenter.pieces(joined)):
        spans = [(k, max(a, cut.start) - a + shifts[k], min(b, cut.end) - a + shifts[k])
                 for k, (a, b) in enumerate(bounds) if a < cut.end and cut.start < b]
        text = joined[cut.start:cut.end]
        if cut.opens_mid_sentence:
            text = f"{ELLIPSIS} {text}"
        if cut.ends_mid_sentence:
            text = f"{text} {ELLIPSIS}"
        first = spans[0]
        pieces.append(AnswerPiece(first[0], first[1], first[2], text, cut.words, cut.sentences, index, words_before,
                                  continued=spans[1:]))
        words_before += cut.words
    return pieces
