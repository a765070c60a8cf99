"""The historians' column, drawn from the data: who speaks in a chapter and who does not, where the roles agree
or differ, a contrasting pair of quotes, the update texts' events of the same months, and a few questions for
the writer that only this chapter raises. Every sentence here counts or names something in the history, so no
two chapters say the same thing.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .roles import plural

MIN_GROUP_PASSAGES = 10     # a role group speaks "here" when it gives the theme this many passages
MISSING_SHARE = 0.02        # a group is a voice worth missing when it gives the history this share of passages
MIN_PAIR_SIMILARITY = 0.08  # two quotes are set beside each other only when their words' cosine reaches this
MIN_SHARED_WORDS = 2        # ... and they share this many content words (named in the note, so a reader can judge)
_WORD = re.compile(r"[a-z][a-z’'-]{3,}")
# Words of the transcript and its markers ("[Person 12]"), not of the subject.
_NOT_SUBJECT = frozenset({"person", "yeah", "okay", "really", "thing", "things", "know", "think", "just", "like",
                          "said", "going", "would", "could", "that’s", "it’s", "don’t", "didn’t", "that's", "it's",
                          "don't", "didn't", "there", "time", "well", "lot", "kind", "sort", "mean", "want",
                          "people", "pretty", "little", "good", "great", "year", "years", "sure", "right",
                          "actually", "come", "came", "went", "got", "remember", "probably", "maybe", "course"})


@dataclass
class GroupStats:
    """What one role group says within a theme (or the whole history): passages, sources, codes, tones, phrases."""

    passages: int = 0
    sources: set[str] = field(default_factory=set)
    codes: Counter = field(default_factory=Counter)
    tones: Counter = field(default_factory=Counter)
    phrases: Counter = field(default_factory=Counter)

    def add(self, doc: str, codes: list[str], tone: str, phrases: list[str]) -> None:
        self.passages += 1
        self.sources.add(doc)
        self.codes.update(codes)
        self.tones[tone] += 1
        self.phrases.update(phrases)

    def share(self, code: str) -> float:
        return self.codes[code] / self.passages if self.passages else 0.0

    def critical_share(self) -> float:
        return self.tones["critical"] / self.passages if self.passages else 0.0


def _pct(x: float) -> str:
    return f"{round(100 * x)}%"


def sources(n: int, kind: str) -> str:
    noun = {"interview": "interview", "update": "update page"}.get(kind, "source")
    return f"{n} {noun}{'' if n == 1 else 's'}"


def who_speaks(quotes: list, theme: dict[str, GroupStats], history: dict[str, GroupStats], source_kind: str) -> str:
    """Who the chapter's quotes come from, and the voices of the history they leave out."""
    if not quotes:
        return ""
    by_group: dict[str, list] = defaultdict(list)
    for q in quotes:
        by_group[q.group].append(q)
    parts = []
    for group, members in sorted(by_group.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        docs = {q.doc for q in members}
        parts.append(f"{group} ({len(members)} quote{'s' if len(members) > 1 else ''}, {sources(len(docs), source_kind)})")
    total = sum(s.passages for s in history.values()) or 1
    missing = []
    for group, stats in sorted(history.items(), key=lambda kv: -kv[1].passages):
        if group in by_group or stats.passages / total < MISSING_SHARE:
            continue
        here = theme.get(group, GroupStats()).passages
        missing.append(f"{group} ({sources(len(stats.sources), source_kind)} in the history; "
                       + (f"{here} of this theme’s passages)" if here else "none of this theme’s passages)"))
    text = f"Who speaks here ({sources(len({q.doc for q in quotes}), source_kind)}): " + "; ".join(parts) + "."
    if missing:
        text += " Not heard in these quotes: " + "; ".join(missing[:4]) + "."
    return text


def roles_compared(theme: dict[str, GroupStats], code_names: dict[str, str] | None = None) -> str:
    """Where the role groups that speak most in the theme agree and differ: their codes, tone and key phrases."""
    groups = sorted(((g, s) for g, s in theme.items() if s.passages >= MIN_GROUP_PASSAGES), key=lambda kv: -kv[1].passages)[:3]
    if not groups:
        return ""
    name = (code_names or {}).get
    lines = []
    for group, stats in groups:
        codes = [c for c, _ in stats.codes.most_common(2)]
        phrase = next((p.replace("_", " ") for p, _ in stats.phrases.most_common(1)), None)
        about = " and ".join(f"{name(c) or c} ({_pct(stats.share(c))})" for c in codes) or "no codebook code"
        lines.append(f"{plural(group)} ({stats.passages} passages here) speak most of {about}"
                     + (f", in phrases such as “{phrase}”" if phrase else "")
                     + f"; {_pct(stats.critical_share())} tagged critical")
    text = "Roles in this theme: " + ". ".join(lines) + "."
    if len(groups) >= 2:
        (a, sa), (b, sb) = groups[0], groups[1]
        codes = sorted(set(sa.codes) | set(sb.codes))
        if codes:
            gap_code = max(codes, key=lambda c: abs(sa.share(c) - sb.share(c)))
            gap = sa.share(gap_code) - sb.share(gap_code)
            if abs(gap) >= 0.05:
                more, less = (a, b) if gap > 0 else (b, a)
                text += (f" Where they differ most: {name(gap_code) or gap_code}, in {_pct(max(sa.share(gap_code), sb.share(gap_code)))} "
                         f"of the passages of {plural(more)} against {_pct(min(sa.share(gap_code), sb.share(gap_code)))} of those of {plural(less)}.")
            else:
                text += " They agree closely on what they speak of (no code differs by 5 points or more)."
    return text


def shared_words(first: str, second: str) -> list[str]:
    """Content words both quotes use, most used first: the evidence that they speak of the same thing."""
    def counts(text: str) -> Counter:
        return Counter(w for w in _WORD.findall(text.lower()) if w not in ENGLISH_STOP_WORDS and w not in _NOT_SUBJECT)

    a, b = counts(first), counts(second)
    return sorted(set(a) & set(b), key=lambda w: (-(a[w] + b[w]), w))


def contrasting_pair(quotes: list, similarity) -> tuple[int, int] | None:
    """Two quotes from different roles that share words and differ most in tone: (earlier, later) indices in
    `quotes`, or None. `similarity(i, j)` is the cosine of their words."""
    best = None
    for i in range(len(quotes)):
        for j in range(i + 1, len(quotes)):
            a, b = quotes[i], quotes[j]
            if a.group == b.group or len(shared_words(a.text, b.text)) < MIN_SHARED_WORDS:
                continue
            tone_gap = abs(a.tone_score - b.tone_score) + (0.5 if {a.tone, b.tone} == {"critical", "supportive"} else 0.0)
            score = tone_gap + similarity(i, j)
            if tone_gap >= 0.3 and similarity(i, j) >= MIN_PAIR_SIMILARITY and (best is None or score > best[0]):
                best = (score, i, j)
    return (best[1], best[2]) if best else None


def contrast_note(first, second) -> str:
    """Says what the two quotes share (their words) and how their tone differs, and where the tone comes from: a
    sentiment word list misreads irony and negation ("not a fan of the name, but ..."), so the writer judges."""
    a, b = _lean(first), _lean(second)
    if "critical" in (a, b) and a != b:
        how = "offered as a critical voice where the other is not" if b == "critical" else "where the other is offered as a critical voice"
    elif a != b:
        how = f"{b} in tone where the other is {a}, by a sentiment word list"
    else:
        how = f"{'more positive' if second.tone_score > first.tone_score else 'more negative'} in tone, by a sentiment word list"
    words = ", ".join(f"“{w}”" for w in shared_words(first.text, second.text)[:3])
    return (f"Set beside “{_opening(first.text)}” ({first.role}): {second.role}, also speaking of {words}, {how}. "
            f"Do they see the same thing differently?")


def _lean(quote) -> str:
    """How a quote leans, from its tone score (mean VADER sentence score), or "critical" for a critical voice."""
    if quote.critical:
        return "critical"
    return "negative" if quote.tone_score <= -0.2 else "positive" if quote.tone_score >= 0.2 else "even"


def _opening(text: str, words: int = 8) -> str:
    tokens = text.replace("\n", " ").split()
    return " ".join(tokens[:words]) + (" …" if len(tokens) > words else "")


def events_same_months(months: list[str], events: list, exclude: set[str], limit: int = 4) -> str:
    """The update texts' narrative of the same months as the chapter's dated quotes."""
    found, seen = [], set()
    for e in events:
        name = e.heading or _opening(e.text, 10)
        if e.date[:7] in months and e.id not in exclude and name not in seen:
            seen.add(name)
            found.append((e.date, name))
    if not found:
        return ""
    shown = "; ".join(f"{date} “{name}”" for date, name in found[:limit])
    more = f" (and {len(found) - limit} more headings)" if len(found) > limit else ""
    return f"In the same month{'s' if len(months) > 1 else ''} the updates report: {shown}{more}."


def writers_questions(quotes: list, theme: dict[str, GroupStats], history: dict[str, GroupStats],
                      years: list[int], code_names: dict[str, str] | None = None) -> list[str]:
    """Two or three questions only this chapter raises, each built on a count in it."""
    name = (code_names or {}).get
    questions = []
    heard = {q.group for q in quotes}
    total = sum(s.passages for s in history.values()) or 1
    absent = [(g, s) for g, s in sorted(history.items(), key=lambda kv: -kv[1].passages)
              if g not in heard and s.passages / total >= MISSING_SHARE]
    if absent:
        group, stats = absent[0]
        here = theme.get(group, GroupStats()).passages
        questions.append(f"No {group} is quoted here, though they give {here} of this theme’s passages: what would their account add?"
                         if here else f"No {group} speaks in this theme at all: is it a story they were not part of, or one "
                                      f"nobody asked them about?")
    groups = sorted(((g, s) for g, s in theme.items() if s.passages >= MIN_GROUP_PASSAGES), key=lambda kv: -kv[1].passages)
    if len(groups) >= 2:
        (a, sa), (b, sb) = groups[0], groups[1]
        if abs(sa.critical_share() - sb.critical_share()) >= 0.05:
            more, less = (a, b) if sa.critical_share() > sb.critical_share() else (b, a)
            questions.append(f"{plural(more)} sound more critical here than {plural(less)} "
                             f"({_pct(max(sa.critical_share(), sb.critical_share()))} of passages tagged critical against "
                             f"{_pct(min(sa.critical_share(), sb.critical_share()))}): what did they see that the others did not?")
        else:
            top_a = [c for c, _ in sa.codes.most_common(1)]
            top_b = [c for c, _ in sb.codes.most_common(1)]
            if top_a and top_a == top_b:
                questions.append(f"Both {plural(a)} and {plural(b)} speak most of {name(top_a[0]) or top_a[0]}: do they mean "
                                 f"the same thing by it?")
            elif top_a and top_b:
                questions.append(f"{plural(a)} speak most of {name(top_a[0]) or top_a[0]} here, {plural(b)} of "
                                 f"{name(top_b[0]) or top_b[0]}: is it one story told from two places?")
    if len(years) >= 2 and max(years) - min(years) >= 2:
        questions.append(f"These quotes speak of {min(years)} to {max(years)}: what changed between the first and the last?")
    critical = [q for q in quotes if q.critical]
    if not critical and quotes:
        questions.append("No quote here was found to be a critical voice with confidence: who, if anyone, disagreed?")
    return questions[:3]
