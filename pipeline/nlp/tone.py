"""Tone: a sentiment score per passage (VADER) and a critical / supportive / neutral label.

VADER scores a whole paragraph close to +1 or -1 as soon as it holds a few charged words, so the score here is
the mean of its sentences' compound scores, and the label looks at its most charged sentences too. Its lexicon is tuned for social media; words that carry no
judgement in public-service and engineering talk ("care" in "social care", "vulnerable families", "kind of",
"support" as a noun of service) are neutralised and a few words of institutional criticism are added. The four
thresholds were set on the 40 `dev` passages of corpus/_reference/tone-labels/; `lh check-tone` scores the rest
(510 passages: 66% agreement, against 62% for always answering neutral). Learned classifiers over the same
scores, other lexicons or sentence embeddings did no better on a blind sample (see that folder's README).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..text.segment import sentences

TONE_LABELS = ("critical", "neutral", "supportive")

NEUTRALISED = ("care", "cares", "caring", "vulnerable", "kind", "support", "supports", "supported", "help", "helps",
               "helped", "pretty", "like", "please", "thank", "thanks", "sure", "well", "fine", "free", "interest",
               "interested", "interesting", "important", "share", "shared", "value", "engage", "engagement", "drugs",
               "critical", "launch", "welcome", "yeah", "ok", "okay", "no", "want", "ready", "special", "play")
ADDED = {"bureaucracy": -1.5, "bureaucratic": -1.5, "silo": -1.2, "silos": -1.2, "duplication": -1.2, "barrier": -1.3,
         "barriers": -1.3, "hinder": -1.5, "interfere": -1.4, "inefficient": -1.8, "arbitrary": -1.2, "wasting": -1.5,
         "detriment": -1.8, "stuck": -1.3, "wrong": -1.8, "depressing": -2.0, "complaining": -1.5, "difficult": -1.2,
         "weird": -1.0, "unfortunately": -1.4, "kooky": -1.0, "died": -2.0, "stark": -1.2, "cuts": -1.0,
         "complain": -1.5, "bankruptcy": -1.5, "challenging": -1.0, "fighting": -1.5, "enormous": -0.5,
         "glad": 2.0, "enjoyed": 2.2, "forward": 0.6, "enhanced": 1.5, "benefits": 1.2, "supportive": 1.8, "best": 2.0,
         "flourish": 1.8, "bold": 1.3, "cohesive": 1.3, "joined-up": 1.2, "excellent": 2.5, "proud": 2.0,
         "cool": 1.3, "improve": 1.5, "outstanding": 2.4, "riveting": 1.2}


@lru_cache(maxsize=1)
def _analyser():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyser = SentimentIntensityAnalyzer()
    for word in NEUTRALISED:
        analyser.lexicon.pop(word, None)
    analyser.lexicon.update(ADDED)
    return analyser


@dataclass(frozen=True)
class ToneScorer:
    """score(text) -> (mean sentence compound, label).

    Critical: some sentence is clearly negative and the passage leans negative. Supportive: some sentence is
    clearly positive and the passage leans positive. Anything else is neutral (description, narrative, mixed).
    """

    critical_sentence: float = -0.3
    critical_mean: float = -0.1
    supportive_sentence: float = 0.5
    supportive_mean: float = 0.2

    def sentence_scores(self, text: str) -> list[float]:
        analyser = _analyser()
        parts = [text[s.start:s.end] for s in sentences(text)] or [text]
        return [analyser.polarity_scores(part)["compound"] for part in parts]

    def label_scores(self, scores: list[float]) -> str:
        if not scores:
            return "neutral"
        mean = sum(scores) / len(scores)
        if min(scores) <= self.critical_sentence and mean <= self.critical_mean:
            return "critical"
        if max(scores) >= self.supportive_sentence and mean >= self.supportive_mean:
            return "supportive"
        return "neutral"

    def __call__(self, text: str) -> tuple[float, str]:
        scores = self.sentence_scores(text)
        mean = sum(scores) / len(scores) if scores else 0.0
        return round(mean, 4), self.label_scores(scores)
