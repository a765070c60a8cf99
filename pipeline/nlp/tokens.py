"""Words, lemmas and stems, offline: a regular-expression tokeniser, simplemma lemmas, Snowball stems.

Bracketed editorial text (pseudonyms such as "[Person 3]", "[Laughter]") is not the speaker's words and is
left out of the terms a passage contributes to themes.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|[A-Za-z]")
_BRACKETS = re.compile(r"\[[^\]\n]{0,80}\]")
# Words common in speech and in these pages that say nothing about a theme.
EXTRA_STOP = frozenset("""
yes yeah okay ok oh well really just like know think thing things lot lots kind sort mean guess said say says got get
getting gone go going went come came coming want wanted way ways time times year years day days did does doing done
make made making good great little big went new old also us one two three first second much many maybe probably
actually certainly course quite pretty sure right remember recall used use let would could should might must
people person interviewer interviewee laughter crosstalk inaudible unintelligible
back need needed tell told try tried trying look looked looking take took taken give gave given put start started
keep kept bring brought talk talked talking ask asked happen happened feel felt able end point fact question
somebody something anything everything nothing everybody anybody whatever basically especially particularly
obviously stuff different certain whole huh uh um gonna wanna real really thought saw see seen wasn isn didn don
doesn won wouldn couldn shouldn aren weren hasn haven hadn ll ve re let lets maybe anyway instance example
""".split())
# scikit-learn's list drops some words that carry meaning here ("third sector", "fire", "system", "bill").
KEEP = frozenset("third system fire bill interest amount detail empty full part top front back side call find found "
                 "move describe thick thin hundred sincere".split())
STOPWORDS = (frozenset(ENGLISH_STOP_WORDS) - KEEP) | EXTRA_STOP


def words(text: str) -> list[str]:
    """Word tokens as written (brackets left out)."""
    return [w.replace("’", "'") for w in _TOKEN.findall(_BRACKETS.sub(" ", text))]


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    import simplemma

    lower = word.lower().strip("'-")
    if lower.endswith("'s"):
        lower = lower[:-2]
    if "-" in lower:
        head, _, tail = lower.rpartition("-")
        if tail.endswith("s") and not tail.endswith("ss"):   # "cross-agencies" -> "cross-agency"; "place-based" stays
            tail = simplemma.lemmatize(tail, lang="en").lower()
        return f"{head}-{tail}"
    return simplemma.lemmatize(lower, lang="en").lower()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _stemmer().stem(word.lower())


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("english")


def is_content(lemma_: str) -> bool:
    """A word that can say what a passage is about: not a stop word, a contraction or a fragment."""
    return len(lemma_) > 2 and lemma_ not in STOPWORDS and "'" not in lemma_
