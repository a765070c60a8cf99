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
            block = QuoteBlock(i, last, who, lead_in=lead_in, trailing=trailing, story=story)
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
