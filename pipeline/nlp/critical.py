"""Critical voices: passages where the speaker voices a problem, a frustration or a criticism of the work, the
programme, an organisation or a decision, found with high precision so a chapter's "critical voice" is one.

The tone label (pipeline/nlp/tone.py) calls a passage critical about half the time a reader would; a chapter
that reserves a slot for a critical voice needs better than that. The rule: a passage is a critical voice when it
uses a word of judgement (frustrated, complained, bureaucracy, a waste of time, unfair, blamed, ...: JUDGEMENT),
leans negative (mean VADER sentence score at most MAX_MEAN_TONE) with a clearly negative sentence (at most
MAX_MIN_TONE), and is not a sad story (death, illness or loss told with no word of judgement). Words of difficulty
alone (problem, failed, pressure, worried) are not enough: engineers use them for puzzles they solved.

How it was reached (corpus/_reference/tone-labels/README.md): three logistic regressions over word counts and
tone scored .62, .72 and .27 precision on three successive blind samples; each sample's labels then became
development data. This rule was frozen after them and measured on a fourth blind sample.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .tone import ToneScorer

JUDGEMENT = (
    r"frustrat\w*", r"complain\w*", r"disappoint\w*", r"critici[sz]\w*", r"bureaucra\w*", r"ridiculous",
    r"obscene", r"absurd", r"nonsense", r"angry", r"annoy\w*", r"never (?:really )?approved",
    r"dissatisf\w*", r"down the drain", r"inefficien\w*", r"(?:work(?:ing|s)? in|operat\w* in|across|between|break(?:ing)? down|organi[sz]ational) silos",
    r"silo mentality", r"over-?centrali[sz]ed", r"unrealistic",
    r"hard to work with", r"touchy", r"poorly (?:managed|run|handled|designed)", r"underfunded",
    r"bad (?:decisions?|implementation|management|idea)", r"wrong (?:decision|recommendation|approach)",
    r"should(?:n’t|n't) have", r"no foresight",
    r"lack(?:ed|s)? (?:of )?(?:leadership|foresight|support|funding|communication|direction|interest)",
    r"(?:didn’t|didn't) (?:listen|care)", r"pushback", r"resent\w*", r"unfair\w*", r"discriminat\w*", r"sexis\w*",
    r"racis\w*", r"fought", r"turf", r"red tape", r"waste of (?:money|time|resources)", r"wasted", r"detriment\w*",
    r"misguided", r"blam(?:e|ed|ing)", r"incompeten\w*", r"arrogan\w*", r"short-?sighted", r"budget cuts?",
    r"cut(?:s|ting)? (?:us )?back", r"command and control", r"democratic deficit", r"lacks democratic",
    r"not (?:efficient|effective)", r"(?:couldn’t|couldn't) take it", r"hatred", r"visceral", r"out of touch",
    r"too much (?:paperwork|bureaucracy|politics)", r"politics", r"abused?",
)
# Words of difficulty, and judgement words that also name everyday or technical things ("a typing mistake", "radiation
# upsets", "interfere with the experiment", "a joke", "I got stupid", "missile silos").
DIFFICULTY = (
    r"problems?", r"difficult(?:y|ies)?", r"struggl\w*", r"troubles?", r"challeng(?:e|es|ing)", r"concern(?:s|ed)?",
    r"worr(?:y|ied|ies)", r"risks?", r"danger\w*", r"unfortunately", r"(?:didn’t|didn't|doesn’t|doesn't|wasn’t|wasn't) work",
    r"not going to work", r"fail(?:ed|ure|s)?", r"pressure", r"unstable", r"stuck", r"hard time", r"wrong", r"bad",
    r"worse", r"worst", r"terribl[ey]", r"horribl[ey]", r"awful(?! lot)", r"mistakes?", r"interfer\w*", r"bothered",
    r"a mess", r"mess(?:ed)? up", r"silly", r"stupid", r"(?:such|a) joke", r"upset\w*", r"confus(?:ed|ion|ing)",
)
_NEGATED = re.compile(r"(?:\b(?:not|no|never|nothing|without)|n[’']t)\W+(?:\w+\W+){0,2}$", re.I)
SAD_STORY = re.compile(r"\b(?:died|dies|death|dead|cancer|killed|funeral|passed away|sick|illness|lost their lives|"
                       r"tragic|tragedy|grief|cried|crying|sobbing)\b", re.I)

MAX_MEAN_TONE = 0.0
MAX_MIN_TONE = -0.4


@lru_cache(maxsize=1)
def _patterns() -> tuple[list[re.Pattern], list[re.Pattern]]:
    def compile_all(words: tuple[str, ...]) -> list[re.Pattern]:
        return [re.compile(r"\b" + w + r"\b", re.I) for w in words]

    return compile_all(JUDGEMENT), compile_all(DIFFICULTY)


def _found(pattern: re.Pattern, text: str) -> bool:
    """The pattern occurs, and not negated just before ("not bothered", "no problem", "didn't fail")."""
    return any(not _NEGATED.search(text[max(0, m.start() - 40):m.start()]) for m in pattern.finditer(text))


def features(text: str, scorer: ToneScorer | None = None) -> list[float]:
    """Words of judgement and of difficulty found (distinct, not negated), the lowest and the mean sentence tone."""
    judgement, difficulty = _patterns()
    scores = (scorer or ToneScorer()).sentence_scores(text) or [0.0]
    return [float(sum(1 for p in judgement if _found(p, text))), float(sum(1 for p in difficulty if _found(p, text))),
            min(scores), sum(scores) / len(scores)]


def sad_story(text: str) -> bool:
    """Death, illness or loss told with no word of judgement: a hardship, not a critical voice."""
    judgement, _ = _patterns()
    return bool(SAD_STORY.search(text)) and not any(_found(p, text) for p in judgement)


@dataclass(frozen=True)
class CriticalVoice:
    """confidence(texts) -> 0 when a passage is not a critical voice, else how strongly it is one (words of
    judgement and difficulty, and how negative it is), for choosing among several; predict(texts) -> bools."""

    max_mean_tone: float = MAX_MEAN_TONE
    max_min_tone: float = MAX_MIN_TONE

    def confidence(self, texts: list[str]) -> list[float]:
        scorer = ToneScorer()
        out = []
        for text in texts:
            judgement, difficulty, low, mean = features(text, scorer)
            critical = judgement >= 1 and mean <= self.max_mean_tone and low <= self.max_min_tone and not sad_story(text)
            out.append(round(judgement + 0.5 * difficulty - low - mean, 4) if critical else 0.0)
        return out

    def predict(self, texts: list[str]) -> list[bool]:
        return [c > 0 for c in self.confidence(texts)]


def critical_voices(texts: dict[str, str], mean_tones: dict[str, float]) -> dict[str, float]:
    """{id: confidence} for the passages that are critical voices. `mean_tones` (the tag stage's mean sentence
    tone) spares scoring passages that lean positive, which the rule never flags."""
    ids = [i for i in sorted(texts) if mean_tones.get(i, 0.0) <= MAX_MEAN_TONE]
    confidence = CriticalVoice().confidence([texts[i] for i in ids])
    return {i: c for i, c in zip(ids, confidence, strict=True) if c > 0}


def judgement_words(text: str) -> list[str]:
    """The words of judgement a passage uses, as it spells them (for saying why it is a critical voice)."""
    judgement, _ = _patterns()
    found = []
    for pattern in judgement:
        for match in pattern.finditer(text):
            if not _NEGATED.search(text[max(0, match.start() - 40):match.start()]):
                found.append(match.group())
                break
    return found
