"""One answer, however the transcript splits it: an interviewee's turns between two questions, joined and cut into
passages that know where they sit in the answer.

Interviewers say "Right." or "I think that's right, yes." while the interviewee is still answering; the transcript
then holds the answer as two turns, and the second can open mid-list ("Hispanic group and so forth."). The turns
of one speaker between two questions are joined: at a sentence end with a paragraph break (the break marks where
the interviewer spoke; their words are kept as context, not quoted), inside a sentence with " … " (words left out).
The joined answer is cut by the segmenter, so a passage can run across the interjection.
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


def joiner(before: str, after: str) -> str:
    """How two parts of one answer are joined: a paragraph break between sentences, an ellipsis inside one."""
    if _ENDS_SENTENCE.search(before) and _OPENS_SENTENCE.match(after):
        return PARAGRAPH_JOIN
    return OMISSION_JOIN


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
    offsets: list[int] = []
    for text in texts:
        if joined:
            joined += joiner(joined, text)
        offsets.append(len(joined))
        joined += text
    bounds = [(o, o + len(t)) for o, t in zip(offsets, texts, strict=True)]
    pieces: list[AnswerPiece] = []
    words_before = 0
    for index, cut in enumerate(segmenter.pieces(joined)):
        spans = [(k, max(a, cut.start) - a, min(b, cut.end) - a) for k, (a, b) in enumerate(bounds)
                 if a < cut.end and cut.start < b]
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
