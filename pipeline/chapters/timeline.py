"""The update texts in a chapter: only their narrative (what happened, was decided, was said), never the page's
furniture ("please contact ... on [phone]", "Thanks.", "Read the full article.", lead-ins ending in ":").

A paragraph is narrative when, with its furniture sentences set aside (calls to action, links, thanks,
questions, lead-ins ending in ":"), at least MIN_WORDS words of whole sentences remain, and it is not a fragment
of a list (opening in lower case, or ending in ";"). Its furniture sentences are left out of what a chapter shows.
"""

from __future__ import annotations

import re

from ..text.segment import sentences, word_count

MIN_WORDS = 12
_FURNITURE = re.compile(
    r"\b(?:please|click|visit (?:the|our|their)|view (?:them|it|the \w+) here|read (?:the full|more)|full (?:article|document|"
    r"report) is|on (?:their|the|our) website|website address|get in touch|contact|sign up|register|book (?:your|a) place|"
    r"download|follow this link|link here|find a link|you can (?:see|view|read|find)|let us know|send us|do send|"
    r"newsletter|forum|facebook|twitter|this invitation|invitation is|venues?|registration)\b|www\.|https?://|"
    r"\[(?:phone|email|e-mail)\]|here\.?$", re.I)
_ASIDE = re.compile(r"\[[^\]]*\]|\([^)]*\)")
_THANKS = re.compile(r"^\W*(?:thanks|thank you|many thanks|once again,? many thanks|lastly|have a busy)\b", re.I)
_ENUMERATION = re.compile(r"^\s*(?:\d{1,3}|[ivx]{1,5}|[a-z])[.)]\s+")


def narrative(text: str) -> str | None:
    """The narrative sentences of an update paragraph (furniture sentences left out), or None when the paragraph
    is furniture, a fragment of a list, a lead-in to a list or a question."""
    body = _ENUMERATION.sub("", text).strip()
    if not body or body[:1].islower() or body.rstrip("”\"’' ")[-1:] == ";":
        return None
    kept = []
    for span in sentences(body):
        sentence = body[span.start:span.end]
        if _FURNITURE.search(sentence) or _THANKS.match(sentence) or sentence.rstrip("”\"’' ").endswith((":", "?", "…")):
            continue
        kept.append(sentence)
    out = " ".join(kept)
    # a list of who attended ("[Role] (Role, Place; Party)") is not narrative: count the words outside brackets
    return out if word_count(out) >= MIN_WORDS and word_count(_ASIDE.sub(" ", out)) >= MIN_WORDS // 2 else None


_EMPHASIS = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")


def first_sentences(text: str, n: int = 2, limit: int = 320) -> str:
    """The first n sentences, cut at a word to `limit` characters, without the page's Markdown emphasis
    ("**paragraphs 16 and 17**" showed its asterisks in the HTML and Word chapters)."""
    spans = sentences(text)[:n]
    out = text[spans[0].start:spans[-1].end] if spans else text
    out = _EMPHASIS.sub(r"\1", out)
    return out if len(out) <= limit else out[:limit].rsplit(" ", 1)[0] + " …"
