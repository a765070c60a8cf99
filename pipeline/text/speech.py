"""Quoted speech in update texts: a person's words in quotation marks, with who said them.

    Margaret’s story: “I grew up in care ...”
    Eric Pickles, the Secretary of State, said:
    “I do not believe the arbitrary government regions ...”
    “... it was a multi-media election”. Emma Maier, Editor, Local Government Chronicle

Quotations without a person behind them (a report's summary, a press release, a manifesto) stay update
paragraphs: only speech attributed to a person or a role becomes a quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

OPEN_QUOTES = "“\""
_VERBS = r"(?:said|says|explains|explained|adds|added|writes|wrote|commented|comments|states|stated|told us|tells us|recalls|recalled|notes|noted|argues|argued|continues|continued)"
LEAD_IN = re.compile(r"^(?P<who>[^“”\"]{2,140}?),?\s+" + _VERBS + r"(?:\s+that)?\s*:\s*$", re.I)
STORY = re.compile(r"^(?P<who>[^“”\":]{1,60}?)['’]s story\s*:\s*", re.I)
INLINE_LEAD = re.compile(r"^(?P<who>[A-Z][^“”\":]{1,100}?),?\s+" + _VERBS + r"\s*:\s*(?=[“\"])", re.I)
_LEAD_TAIL = re.compile(r"[.!?”’]\s+(?P<lead>[A-Z][^.!?:]{1,140}:)\s*$")
TRAILING = re.compile(r"[”\"]\s*\.?\s+(?P<who>[A-Z][\w’'.\- ]{2,40},\s*[^“”\"]{2,120}?)\s*$")
ROLE_WORDS = re.compile(
    r"\b(?:secretary|minister|director|chief|executive|manager|editor|leader|chair|chairman|chairwoman|officer|"
    r"councillor|cllr|mayor|spokes(?:person|man|woman)|service user|resident|volunteer|parent|mother|father|teacher|"
    r"head|president|professor|adviser|advisor|coordinator|co-ordinator|commissioner|lead|member|worker|nurse|doctor|"
    r"gp|officer|principal|governor|founder|partner|consultant|analyst|researcher|historian|participant|story)\b",
    re.I,
)


@dataclass
class QuoteBlock:
    """A quotation spanning paragraphs first..last, the spans of the quoted words in each, and who said it."""

    first: int
    last: int
    who: str
    spans: dict[int, tuple[int, int]] = field(default_factory=dict)   # paragraph index -> (start, end) of quoted words
    lead_in: int | None = None       # index of a separate attribution paragraph
    lead_in_start: int = 0           # where the attribution starts in it (after sentences of its own: "... Murray says:")
    trailing: tuple[int, int] | None = None   # span of a trailing attribution inside the last paragraph
    story: bool = False


def appositive_role(who: str) -> str | None:
    """"Eric Pickles, the Secretary of State" -> "Secretary of State"; "X, Editor, Local Government Chronicle" -> "Editor, Local Government Chronicle"."""
    if "," in who:
        role = who.split(",", 1)[1].strip().rstrip(",")
        role = re.sub(r"^(?:the|our)\s+", "", role, flags=re.I)
        return role or None
    return None


def leading_role(who: str, name: str | None) -> str | None:
    """"Efficiency Exchange Programme Manager Gordon Murray" -> "Efficiency Exchange Programme Manager"."""
    if name and who.endswith(name):
        role = who[: -len(name)].strip().rstrip(",")
        if role and ROLE_WORDS.search(role):
            return re.sub(r"^(?:the|our)\s+", "", role, flags=re.I)
    return None


def _closing(text: str, start: int) -> int | None:
    """Offset just after the last closing quotation mark in text[start:], or None."""
    best = None
    for i in range(len(text) - 1, start - 1, -1):
        if text[i] in "”" or (text[i] == '"' and i > start):
            best = i
            break
    return best


def find_quotes(paragraphs: list[str], usable: list[bool], is_person) -> list[QuoteBlock]:
    """Quotation blocks attributed to a person; `is_person(who)` decides whether `who` names a person or role."""
    blocks: list[QuoteBlock] = []
    i = 0
    n = len(paragraphs)
    while i < n:
        if not usable[i]:
            i += 1
            continue
        text = paragraphs[i]
        lead_in = None
        who = None
        story = False
        begin = 0
        lead = LEAD_IN.match(text.strip())
        lead_start = 0
        tail = _LEAD_TAIL.search(text) if not lead else None
        if tail and LEAD_IN.match(tail.group("lead")):
            lead, lead_start = LEAD_IN.match(tail.group("lead")), tail.start("lead")
        if lead and i + 1 < n and usable[i + 1] and paragraphs[i + 1].lstrip()[:1] in OPEN_QUOTES:
            lead_in, who = i, lead.group("who").strip()
            i += 1
            text = paragraphs[i]
            begin = len(text) - len(text.lstrip())
        else:
            match = STORY.match(text) or INLINE_LEAD.match(text)
            if match and text[match.end():].lstrip()[:1] in OPEN_QUOTES:
                who = match.group("who").strip()
                story = bool(STORY.match(text))
                begin = match.end() + (len(text[match.end():]) - len(text[match.end():].lstrip()))
            elif text.lstrip()[:1] in OPEN_QUOTES:
                begin = len(text) - len(text.lstrip())
            else:
                i += 1
                continue
        # Walk to the paragraph that closes the quotation (at most 8 paragraphs).
        last = i
        trailing = None
        while True:
            body = paragraphs[last]
            close = _closing(body, begin + 1 if last == i else 0)
            tail = TRAILING.search(body)
            if tail:
                trailing = (tail.start("who"), tail.end("who"))
                if who is None:
                    who = tail.group("who").strip()
                break
            if close is not None and body[close + 1:].strip(" .,;") == "":
                break
            if last + 1 >= n or last - i >= 8 or not usable[last + 1]:
                break
            last += 1
        if who and is_person(who):
            block = QuoteBlock(i, last, who, lead_in=lead_in, trailing=trailing, story=story,
                               lead_in_start=lead_start if lead_in is not None else 0)
            for k in range(i, last + 1):
                body = paragraphs[k]
                s = begin if k == i else 0
                end = len(body)
                if k == last and trailing:
                    end = trailing[0]
                stripped_start = s + (len(body[s:end]) - len(body[s:end].lstrip()))
                if body[stripped_start:stripped_start + 1] in OPEN_QUOTES:
                    stripped_start += 1
                block.spans[k] = (stripped_start, _trim_end(body, stripped_start, end))
            blocks.append(block)
        i = last + 1
    return blocks


def _trim_end(body: str, start: int, end: int) -> int:
    """End of the quoted words: before the closing quotation mark and any space, keeping a final full stop."""
    segment = body[start:end].rstrip()
    stop = start + len(segment)
    if segment.endswith(("”.", "\".")):
        return stop - 2
    if segment.endswith(("”", "\"")):
        return stop - 1
    return stop


# -- speech inside running text ---------------------------------------------------------------------------------
#
#     Secretary of State Eric Pickles ... stated that ‘we are going to change the nature of the British Constitution’.
#     Although not a fan of the name, Eric sees Total Place as having ‘loosened the leash – now its time to let ...’.
#     Max Rashbrooke writing in the Guardian last week said ‘Buildings – and how they are run – will pay ...’.
#     He said the council building review ‘could free up much more than £35bn’.
#     Even if you contribute one sentence ..., adds Efficiency Exchange Programme Manager Gordon Murray, that ...
#
# A quotation of whole sentences becomes a quote of the speaker's words alone ("direct"); a fragment quoted inside
# the writer's sentence, and speech reported without quotation marks, become the whole sentence ("reported"), with
# a pronoun standing for the speaker ("He said ...") replaced by who they are.

_INLINE_VERBS = (r"(?:said|says|stated|states|told \w+|tells \w+|added|adds|explained|explains|argued|argues|warned|"
                 r"warns|noted|notes|commented|comments|described|describes|called|calls|sees|saw|believes|insisted|"
                 r"confirmed|confirms|claimed|admitted|wrote|writes|put it|(?:closing |opening )?(?:phrase|words|message) "
                 r"(?:was|were))")
_VERB_IN = re.compile(r"\b" + _INLINE_VERBS + r"\b", re.I)
_QUOTED = re.compile(r"[‘“\"](?P<words>[^“”\"‘]{3,}?)[’”\"](?![A-Za-z])")
_AFTER = re.compile(r"^[\s,.]*(?P<verb>said|says|adds|added|explains|explained)\s+(?P<who>[^,.;]{3,100})", re.I)
_REPORTED = re.compile(r"^(?P<who>[A-Z][^;:“”\"‘’]{1,100}?)\s+(?:" + _INLINE_VERBS + r"|spoke (?:in favour of|about|of|against))"
                       r"\s+(?:that\s+)?(?P<rest>[a-zA-Z].{10,})$")
_INVERTED = re.compile(r",\s*(?P<verb>adds|added|says|said|explains|explained)\s+(?P<who>[^,]{3,100}),\s*\S")
_PRONOUN = re.compile(r"\b(?:he|she|his|her)\b", re.I)
_SUBJECT_PRONOUN = re.compile(r"^(?:He|She)\b")
INLINE_MIN_WORDS = 4
DIRECT_MIN_WORDS = 8


@dataclass
class InlineSpeech:
    """Speech found inside a paragraph: the span that becomes the quote, who said it (as the page names them,
    or the person a pronoun stands for), "direct" or "reported", and the span of a pronoun to replace."""

    start: int
    end: int
    who: str
    speech: str
    pronoun: tuple[int, int] | None = None


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    from .segment import sentences

    return [(s.start, s.end) for s in sentences(text)]


def _word_total(text: str) -> int:
    return len(re.findall(r"[\w’'\-]+", text))


def _speaker(prefix: str, is_person, last: str | None) -> str | None:
    """Who a sentence's speech belongs to, from the words before the quotation or the speech verb: a person or
    role named there, else the last person named when a pronoun stands for them."""
    clause = prefix.rsplit(",", 1)[-1] if "," in prefix and not is_person(prefix.rsplit(",", 1)[0]) else prefix
    for candidate in (clause, prefix):
        if candidate.strip() and is_person(candidate):
            return candidate.strip()
    if last and _PRONOUN.search(prefix):
        return last
    return None


def find_inline_speech(text: str, is_person, last: str | None = None) -> tuple[list[InlineSpeech], str | None]:
    """Speech attributed to a person inside a paragraph of running text, and the last person it names (so a
    "He said" in the next paragraph can be resolved). Quotations without a person behind them are left alone."""
    found: list[InlineSpeech] = []
    spans = _sentence_spans(text)
    quoted_sentences: set[int] = set()
    for quote in _QUOTED.finditer(text):
        words = quote.group("words").strip()
        if _word_total(words) < INLINE_MIN_WORDS:
            continue
        first = next((k for k, (a, b) in enumerate(spans) if a <= quote.start() < b), None)
        final = next((k for k, (a, b) in enumerate(spans) if a < quote.end() <= b), first)
        if first is None or final is None or first in quoted_sentences:
            continue
        s_start, s_end = spans[first][0], spans[final][1]
        prefix = text[s_start:quote.start()]
        who = None
        verb = _VERB_IN.search(prefix)
        if verb:
            who = _speaker(prefix[:verb.start()] or prefix, is_person, last) or _speaker(prefix, is_person, last)
        after = _AFTER.match(text[quote.end():s_end])
        if who is None and after and is_person(after.group("who")):
            who = after.group("who").strip()
        if who is None:
            continue
        last = who
        quoted_sentences.update(range(first, final + 1))
        others = [q for q in _QUOTED.finditer(text, s_start, s_end) if q.start() != quote.start()]
        if words[:1].isupper() and _word_total(words) >= DIRECT_MIN_WORDS and not others:
            found.append(InlineSpeech(quote.start("words"), quote.end("words"), who, "direct"))
        else:
            found.append(InlineSpeech(s_start, s_end, who, "reported", _pronoun(text[s_start:s_end], s_start)))
    for k, (s_start, s_end) in enumerate(spans):
        sentence = text[s_start:s_end]
        if k in quoted_sentences or _QUOTED.search(sentence):
            continue
        reported = _REPORTED.match(sentence)
        inverted = _INVERTED.search(sentence)
        who = None
        if reported:
            who_text = reported.group("who")
            who = last if _SUBJECT_PRONOUN.match(who_text) else (who_text if is_person(who_text) else None)
            if who is not None and _word_total(reported.group("rest")) >= INLINE_MIN_WORDS:
                last = who
                found.append(InlineSpeech(s_start, s_end, who, "reported", _pronoun(sentence, s_start)))
                continue
        if inverted and is_person(inverted.group("who")):
            last = inverted.group("who").strip()
            found.append(InlineSpeech(s_start, s_end, last, "reported"))
    found.sort(key=lambda f: f.start)
    return found, last


def _pronoun(sentence: str, offset: int) -> tuple[int, int] | None:
    """The span of a sentence-opening "He"/"She" that stands for the speaker."""
    match = _SUBJECT_PRONOUN.match(sentence)
    return (offset + match.start(), offset + match.end()) if match else None


_BEFORE_ROLE = re.compile(r"((?:[A-Z][\w’'\-]*)(?:\s+(?:[A-Z][\w’'\-]*|of|for|the|and))*),?\s+\[([^\]]+)\]")


def role_repeats(text: str) -> list[tuple[int, int, str]]:
    """Spans where a page's own words for a speaker stand just before the role that replaced their name
    ("Secretary of State [Secretary of State for Communities and Local Government]"): (start, end, the role alone)."""
    found = []
    for match in _BEFORE_ROLE.finditer(text):
        words = match.group(1).split()
        role = match.group(2)
        for k in range(len(words)):
            if role.lower().startswith(" ".join(words[k:]).lower()):
                start = match.start(1) + len(" ".join(words[:k])) + (1 if k else 0)
                found.append((start, match.end(), f"[{role}]"))
                break
    return found
