"""Real spam language to train on: fragments cut automatically from the spam messages of the labelled corpora,
and real text to inject them into.

The finder must recognise spam families nobody wrote down, so its training positives are not hand-written
chains but thousands of 1–9 word fragments of real spam (mail, SMS and YouTube comments), injected into real
text the two ways the evaluation (and real pages) put them: between two words of a sentence, or on a line of
their own. Messages are split into two folds by a checksum of their text; the finder's commercial evidence for
fragments of one fold is learned from the other fold only, so it is no stronger in training than on spam the
corpora never held.
"""

from __future__ import annotations

import html
import random
import re
import zlib
from pathlib import Path

from ..text.page_model import FUNCTION_WORDS

SMS = Path("corpus") / "_reference" / "spam-corpus" / "SMSSpamCollection"
YOUTUBE = Path("corpus") / "_reference" / "spam-corpus" / "youtube"
# Fragment lengths (words) and how often each is drawn: mostly the 2–6 words of a dropped-in chain.
LENGTHS = (1, 2, 3, 4, 5, 6, 7, 8, 9)
LENGTH_WEIGHTS = (0.05, 0.14, 0.2, 0.2, 0.15, 0.1, 0.07, 0.05, 0.04)
_SEGMENT = re.compile(r"[^.!?\n\r;:|()\[\]{}<>\"“”]+")
_SKIP = re.compile(r"https?:|www\.|/|\\|@|=|_|\*|\.\w{2,3}$|^\W+$")
_STRIP = ".,'’‘-–—!?*#~^`"


def fold_of(text: str) -> int:
    """0 or 1, from a checksum of the text (no dependence on the hash seed)."""
    return zlib.crc32(text.encode("utf-8", "replace")) % 2


def segments(text: str) -> list[list[str]]:
    """A message's runs of plain words: split at sentence punctuation, links, addresses and markup."""
    out = []
    for match in _SEGMENT.finditer(html.unescape(text)):
        run: list[str] = []
        for raw in match.group().split():
            word = raw.strip(_STRIP)
            if not word or len(word) > 20 or _SKIP.search(word) or not any(c.isalnum() for c in word):
                if len(run) >= 1:
                    out.append(run)
                run = []
                continue
            run.append(word)
        if run:
            out.append(run)
    return out


def is_content(word: str) -> bool:
    lower = word.lower()
    return len(lower) >= 3 and lower.isalpha() and lower not in FUNCTION_WORDS


def cut_fragments(text: str, rng: random.Random, per_message: int = 3) -> list[str]:
    """Up to `per_message` fragments of a spam message, each inside one run of words and holding a content word."""
    runs = [r for r in segments(text) if any(is_content(w) for w in r)]
    found: list[str] = []
    for _ in range(per_message * 3):
        if not runs or len(found) >= per_message:
            break
        run = rng.choice(runs)
        length = min(len(run), rng.choices(LENGTHS, LENGTH_WEIGHTS)[0])
        start = rng.randrange(0, len(run) - length + 1)
        words = run[start:start + length]
        if any(is_content(w) for w in words):
            found.append(" ".join(words))
    return found


def lee_texts() -> list[str]:
    """Gensim's bundled Lee background corpus: 300 real news articles (real host text of another kind)."""
    from gensim.test.utils import datapath

    return [line.strip() for line in Path(datapath("lee_background.cor")).read_text(encoding="latin-1").splitlines() if line.strip()]
