"""Does a passage stand alone? Words that point back to something said before, and where a thought starts.

A quote that opens with "And the third was ..." or "He did ..." leans on words the reader is not shown. The
segmenter avoids starting a passage with such a sentence (it extends the passage backwards instead), and quote
selection prefers passages that open cleanly. Only the opening word is judged: a pronoun (he, they, it, that,
these ...), a conjunction or connective (and, so, but, because, then, also ...), or an answer word (yes, no,
well, oh, yeah) that answers something said before.
"""

from __future__ import annotations

import re

POINTING_BACK = frozenset((
    # conjunctions and connectives
    "and", "so", "but", "or", "nor", "because", "then", "also", "plus", "anyway", "however", "still", "therefore",
    "thus", "otherwise", "besides", "instead", "meanwhile", "afterwards", "which", "whereas", "though", "although",
    # pronouns and determiners that need an antecedent
    "he", "she", "it", "they", "him", "her", "his", "its", "them", "their", "theirs", "this", "that", "these",
    "those", "such", "both",
    # answer words and discourse markers that answer something said before
    "well", "yes", "no", "yeah", "yep", "oh", "now", "right", "okay", "ok", "sure", "exactly", "absolutely",
))

_FIRST_WORD = re.compile(r"[A-Za-z][A-Za-z’'\-]*")
_STAGE_DIRECTION = re.compile(r"^\s*\[(?:laughter|laughs|laughing|pause|inaudible|unclear|crosstalk|coughs?)\]\s*", re.I)
_CONTRACTION = re.compile(r"[’'](?:s|re|ll|d|ve|m)$", re.I)
ELLIPSIS = "…"


def opening_word(text: str) -> str:
    """The first word of a text in lower case, past a leading ellipsis, quotation marks and stage directions
    ("[Laughter]"); contractions lose their ending ("That’s" -> "that"). Empty when there is no word."""
    rest = text.lstrip(" \t\n" + ELLIPSIS + ".“\"‘'(—–-")
    while True:
        stripped = _STAGE_DIRECTION.sub("", rest, count=1)
        if stripped == rest:
            break
        rest = stripped.lstrip(" \t\n" + ELLIPSIS + ".“\"‘'(—–-")
    if rest.startswith("["):       # "[Person 3] said ...": a name the cleaner replaced, not a pointing word
        return "[name]"
    match = _FIRST_WORD.match(rest)
    if not match:
        return ""
    return _CONTRACTION.sub("", match.group().lower())


def points_back(text: str) -> bool:
    """True when the text opens with a word that refers to, or answers, something said before it."""
    return opening_word(text) in POINTING_BACK


def starts_mid_sentence(text: str) -> bool:
    """True when the text opens inside a sentence: marked with a leading ellipsis, or starting in lower case."""
    stripped = text.lstrip(" \t\n“\"‘'(")
    return stripped.startswith(ELLIPSIS) or bool(stripped[:1].islower())


def inner_marks(text: str) -> int:
    """Ellipses inside the text (words or fillers left out), not counting one that opens or closes it: a quote
    with several reads choppily."""
    return text.strip().strip(ELLIPSIS + " ").count(ELLIPSIS)
