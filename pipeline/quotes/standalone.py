"""Whether a quote stands alone where it is shown: it opens on words that point back to something not shown, or
reads choppily (several "…" marks) or like a list of blanks (several "[Person N]" markers).

A passage that opens an answer is shown under the question it answers, so an opening "Well," or "He" leans on
words the reader sees; later in a long answer the same opening leans on words the reader does not see.
"""

from __future__ import annotations

import re

from ..records import Passage
from ..text.standalone import inner_marks, points_back

SHOWN_PENALTY = 0.2    # share of the full penalty when the question it answers is shown above it
CHOPPY_FROM = 2        # one mark of words left out reads naturally; from two, each costs a third, up to the whole


def answer_index(passage: Passage) -> int:
    """0 for a passage that opens its answer (or is not part of an interview answer), else its place in it."""
    return int((passage.meta.get("answer") or {}).get("index", 0))


def dangling(passage: Passage) -> float:
    """1.0 when the passage opens pointing back to words not shown, SHOWN_PENALTY when it opens an answer and
    points back only to the question shown with it, 0.0 when it opens cleanly."""
    if not points_back(passage.text):
        return 0.0
    return 1.0 if answer_index(passage) > 0 or passage.kind != "interviewee_turn" else SHOWN_PENALTY


# A transcriber's note that the interview broke off ("[ANSWERS ANOTHER PHONE CALL.]", "[SOUND CUTS OUT]"); not
# "[LAUGHS]", and not an acronym in brackets ("[FCOD]").
_INTERRUPTED = re.compile(r"\[(?:INTERRUPTION|CROSSTALK|INAUDIBLE|PAUSE|BREAK|(?=[A-Z .]*[A-Z]{5})[A-Z]{2,}(?: [A-Z]{2,})+\.?)\]")


def choppiness(passage: Passage) -> float:
    """0.0 for a passage with at most one ellipsis inside it, rising by a third for each further one to 1.0: a
    quote broken by several omitted fillers or interjections reads choppily and is worth less to a writer. One where
    the transcriber notes the interview broke off ("[ANSWERS ANOTHER PHONE CALL.] Sorry about that") is 1.0."""
    if _INTERRUPTED.search(passage.text):
        return 1.0
    return _ramp(inner_marks(passage.text), CHOPPY_FROM)


_PERSON_MARKER = re.compile(r"\[Person \d+\]")
CROWDED_FROM = 3       # two people named in a quote read naturally; from three, it reads like a list of blanks


def crowding(passage: Passage) -> float:
    """0.0 for a passage with at most two "[Person N]" markers, rising by a third for each further one to 1.0: a
    quote full of names taken out ("[Person 2] and [Person 140] co-chaired ...") tells a reader little."""
    return _ramp(len(_PERSON_MARKER.findall(passage.text)), CROWDED_FROM)


def _ramp(count: int, start: int) -> float:
    """0.0 below `start`, then a third more for each one from `start` on, up to 1.0."""
    return min(1.0, max(0, count - start + 1) / 3)
