"""Critical voices: passages where the speaker voices a problem, a frustration or a criticism of the work, the
programme, an organisation or a decision, found with high precision so a chapter's "critical voice" is one.

The tone label (pipeline/nlp/tone.py) calls a passage critical about half the time a reader would, and four word
rules and regressions over word counts scored .62, .72, .27 and .60 precision on four blind rounds
(corpus/_reference/tone-labels/README.md). This version reads meaning as well as words. A passage is a critical
voice when both hold:

- a cue: it uses a word of judgement (frustrated, bureaucracy, unfair, ...: JUDGEMENT) or of difficulty (problem,
  failed, worried, ...: DIFFICULTY), not negated just before ("no problem", "doesn't annoy"), and it is not a sad
  story (death or illness told with no word of judgement) nor an event told in a sentence more negative than
  EVENT_TONE (a riot, "increasingly horrible" deaths: version 8);
- confidence: a logistic regression over the passage's MiniLM sentence embedding (pipeline/embed), its cue counts
  and its VADER sentence tones (FEATURES) gives it a probability at or above the shipped threshold.

The coefficients (pipeline/data/critical_model.json) are fitted by `tools/fit_critical.py fit` from the labelled
passages; the threshold is calibrated on passages of interviews the model was never fitted on, read blind by other
readers (the most precise threshold there with at least 8 flags: .60 since version 8's event gate, .70 before it;
cross-validation on the fitting labels chose .86, which flagged almost nothing in new interviews and was no more
precise). On its blind round (round 8) version 8's flags were critical to the majority of three readers .825 of the
time (version 7's: .71 on round 7); one flag in five or six is still not, so a chapter offers the quote with its
reason and asks the writer to check it. Each flag says why:
its cue words, its probability, and how much the meaning and each named feature added to it (Assessment).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import asdict, dataclass, field
from functools import cached_property, lru_cache
from importlib.resources import files
from pathlib import Path

import numpy as np

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
# A negator up to four words before, in the same clause (no punctuation between): "never saw anyone gripe or complain".
_NEGATED = re.compile(r"(?:\b(?:not|no|never|nothing|nobody|neither|nor|without)|n[’']t)(?:\s+[\w’'-]+){0,4}\s+$", re.I)
SAD_STORY = re.compile(r"\b(?:died|dies|death|dead|cancer|killed|funeral|passed away|sick|illness|lost their lives|"
                       r"tragic|tragedy|grief|cried|crying|sobbing)\b", re.I)
# Conditionals and hypotheticals ("we might have been disappointed", "if it had failed"): a judgement not made.
HYPOTHETICAL = re.compile(r"\b(?:might|would|could|may|if|unless|whether|wonder)\b", re.I)

# VADER's compound score of a passage's most negative sentence below which it tells an event rather than voices a
# judgement (version 8; chosen on the independent readers' labels of rounds 5-7 and the calibration set).
EVENT_TONE = -0.6

# The named features, in the order the model's coefficients follow them (after the embedding's dimensions).
FEATURES = ("judgement_words", "difficulty_words", "lowest_tone", "mean_tone", "sad_story", "highest_tone",
            "last_tone", "negative_sentences", "log_words", "hypotheticals")
MODEL_FILE = Path(str(files("pipeline") / "data" / "critical_model.json"))


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, list[re.Pattern], list[re.Pattern]]:
    """Any cue at all (one pass, to skip most passages quickly), then each word of judgement and of difficulty."""
    def compile_all(words: tuple[str, ...]) -> list[re.Pattern]:
        return [re.compile(r"\b" + w + r"\b", re.I) for w in words]

    return re.compile(r"\b(?:" + "|".join(JUDGEMENT + DIFFICULTY) + r")\b", re.I), compile_all(JUDGEMENT), compile_all(DIFFICULTY)


def _first_unnegated(pattern: re.Pattern, text: str) -> str | None:
    """The pattern's first occurrence not negated just before ("not bothered", "no problem", "didn't fail")."""
    for match in pattern.finditer(text):
        if not _NEGATED.search(text[max(0, match.start() - 60):match.start()]):
            return match.group()
    return None


@lru_cache(maxsize=4096)
def _cues(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words of judgement and of difficulty a passage uses, as it spells them (each pattern once)."""
    anything, judgement, difficulty = _patterns()
    if not anything.search(text):
        return (), ()
    found = [tuple(w for w in (_first_unnegated(p, text) for p in patterns) if w is not None)
             for patterns in (judgement, difficulty)]
    return found[0], found[1]


def judgement_words(text: str) -> list[str]:
    """The words of judgement a passage uses, as it spells them."""
    return list(_cues(text)[0])


def difficulty_words(text: str) -> list[str]:
    return list(_cues(text)[1])


def cue_words(text: str) -> list[str]:
    """The words of judgement, then of difficulty, a passage uses (for saying why it is a critical voice)."""
    judgement, difficulty = _cues(text)
    return [*judgement, *difficulty]


def sad_story(text: str) -> bool:
    """Death, illness or loss told with no word of judgement: a hardship, not a critical voice."""
    return bool(SAD_STORY.search(text)) and not judgement_words(text)


def told_as_an_event(text: str) -> bool:
    """A sentence as negative as EVENT_TONE: a riot, a death or a danger told as what happened. Readers who never
    saw the model called such flagged passages critical .63 of the time, the others .86 (tone-labels README)."""
    return min(ToneScorer().sentence_scores(text) or [0.0]) < EVENT_TONE


def has_cue(text: str) -> bool:
    """The gate before the model: a word of judgement or difficulty, not a sad story, not an event told."""
    return bool(cue_words(text)) and not sad_story(text) and not told_as_an_event(text)


def features(text: str, scorer: ToneScorer | None = None) -> list[float]:
    """FEATURES of one passage: cue counts (capped), VADER sentence tones, length and hypotheticals per sentence."""
    scores = (scorer or ToneScorer()).sentence_scores(text) or [0.0]
    return [float(min(3, len(judgement_words(text)))), float(min(4, len(difficulty_words(text)))), min(scores),
            sum(scores) / len(scores), float(sad_story(text)), max(scores), scores[-1],
            sum(1 for s in scores if s < -0.05) / len(scores), math.log1p(len(text.split())),
            len(HYPOTHETICAL.findall(text)) / len(scores)]


@dataclass(frozen=True)
class Assessment:
    """Why a passage is (or is not) a critical voice: the model's probability, the cue words, and what each part
    added to the log-odds ("meaning" is the embedding's share)."""

    probability: float
    cues: list[str]
    contributions: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"probability": round(self.probability, 4), "cues": self.cues,
                "contributions": {k: round(v, 3) for k, v in self.contributions.items()}}


@dataclass(frozen=True)
class CriticalVoice:
    """assess(texts) -> an Assessment per passage that passes the cue gate (None for the others);
    confidence(texts) -> the probability where it reaches the threshold, else 0; predict(texts) -> bools.

    `threshold` None means the shipped one. Embeddings come from `cache` (an embeddings.npy written by the model
    stage) where it holds them, else the encoder embeds the passage (one at a time, so a vector depends on its
    text only)."""

    threshold: float | None = None
    model_file: Path = MODEL_FILE
    cache: Path | None = None
    threads: int = 1

    @cached_property
    def model(self) -> FittedModel:
        return load_model(self.model_file)

    @property
    def cutoff(self) -> float:
        return float(self.model.threshold if self.threshold is None else self.threshold)

    def encoder(self):
        from ..embed.encoder import SentenceEncoder

        return SentenceEncoder(max_tokens=self.model.encoder_max_tokens, threads=self.threads)

    def assess(self, texts: list[str]) -> list[Assessment | None]:
        from ..embed.cache import embed_cached

        gated = [i for i, t in enumerate(texts) if has_cue(t)]
        out: list[Assessment | None] = [None] * len(texts)
        if not gated:
            return out
        vectors, _ = embed_cached([texts[i] for i in gated], self.encoder(), self.cache, None)
        scorer = ToneScorer()
        named = np.array([features(texts[i], scorer) for i in gated])
        parts = (np.hstack([vectors, named]) - self.model.mean_) / self.model.scale_ * self.model.coef_
        dims = vectors.shape[1]
        logits = parts.sum(axis=1) + self.model.intercept_
        for row, i in enumerate(gated):
            contributions = {"meaning": float(parts[row, :dims].sum())}
            contributions.update({name: float(parts[row, dims + k]) for k, name in enumerate(FEATURES)})
            out[i] = Assessment(float(1 / (1 + np.exp(-logits[row]))), cue_words(texts[i]), contributions)
        return out

    def confidence(self, texts: list[str]) -> list[float]:
        return [a.probability if a is not None and a.probability >= self.cutoff else 0.0 for a in self.assess(texts)]

    def predict(self, texts: list[str]) -> list[bool]:
        return [c > 0 for c in self.confidence(texts)]


@dataclass(frozen=True)
class FittedModel:
    """The fitted logistic regression (pipeline/data/critical_model.json): inputs are the embedding then FEATURES,
    standardised by mean_ and scale_."""

    threshold: float
    encoder_max_tokens: int
    intercept_: float
    coef_: np.ndarray
    mean_: np.ndarray
    scale_: np.ndarray


def load_model(path: Path) -> FittedModel:
    """The fitted model; a missing or damaged file is one clear error naming it."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        model = FittedModel(float(data["threshold"]), int(data["encoder_max_tokens"]), float(data["intercept"]),
                            *(np.asarray(data[key], dtype=np.float64) for key in ("coef", "mean", "scale")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path}: not a critical-voice model ({exc}); refit it with tools/fit_critical.py fit") from exc
    if list(data.get("features", [])) != list(FEATURES) or not (len(model.coef_) == len(model.mean_)
                                                                == len(model.scale_) > len(FEATURES)):
        raise ValueError(f"{path}: its features do not match pipeline/nlp/critical.py; refit it with "
                         f"tools/fit_critical.py fit")
    return model


def critical_voices(texts: dict[str, str], cache: Path | None = None, threads: int = 1, memo: Path | None = None,
                    memo_out: Path | None = None) -> dict[str, Assessment]:
    """{id: assessment} for the passages that are critical voices (probability at or above the threshold).

    An assessment depends only on the text, this module and the fitted model, so it is remembered by a hash of the
    three: `memo` (the last run's file, if any) is read and `memo_out` written, and a review action that re-runs
    select assesses only texts it has not seen (the cue patterns and tones take seconds over a whole history)."""
    ids = sorted(texts)
    voice = CriticalVoice(cache=cache, threads=threads)
    salt = hashlib.sha256(Path(__file__).read_bytes() + Path(voice.model_file).read_bytes()).hexdigest()
    keys = {i: hashlib.sha256((salt + "\0" + texts[i]).encode("utf-8")).hexdigest()[:32] for i in ids}
    known: dict[str, Assessment | None] = {}
    if memo is not None and memo.is_file():
        for line in memo.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            known[row["key"]] = Assessment(**row["assessment"]) if row["assessment"] is not None else None
    todo = sorted({keys[i] for i in ids} - set(known))
    by_key = {keys[i]: texts[i] for i in ids}
    known.update(zip(todo, voice.assess([by_key[k] for k in todo]), strict=True))
    if memo_out is not None:
        with memo_out.open("w", encoding="utf-8") as out:
            for key in sorted({keys[i] for i in ids}):
                a = known[key]
                out.write(json.dumps({"key": key, "assessment": None if a is None else asdict(a)}) + "\n")
    found = {i: known[keys[i]] for i in ids}
    return {i: a for i, a in found.items() if a is not None and a.probability >= voice.cutoff}
