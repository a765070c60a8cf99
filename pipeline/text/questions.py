"""What an interviewer's turn asks: the question a quote is shown under.

An interviewer's turn may be a backchannel ("Right.", "I think that's right, yes."), a pleasantry or the slate
that opens a recording ("Today is May 5, 1999. This oral history ... Thanks again for taking time this morning."),
or a question or prompt, often after some of those. `question_asked` returns the part that asks (the last
question, or a prompt such as "Tell us about ..."), with slates and pleasantries left out, or None when the turn
asks nothing; a turn that asks nothing never becomes the question a quote answered.
"""

from __future__ import annotations

import re

from .segment import sentences, word_count

_SLATE = re.compile(
    r"^\W*(?:and\s+|so\s+|okay,?\s+|um,?\s+)*(?:today is|today’s date is|this is\b|this (?:oral history|interview)|"
    r"the interview(?:er)? is|interviewer is|we are (?:at|here|in)|we’re (?:at|here)|we're (?:at|here)|our guest is|"
    r"my name is|i'?m based|i’m based|i am (?:assisting|interviewing|speaking)|i'?m (?:interviewing|speaking with)|"
    r"i’m (?:interviewing|speaking with)|i was a peace corps volunteer|in preparation for|the information recorded|"
    r"this information recorded|we'?re documenting|we’re documenting|we'?re speaking|we’re speaking|as \w+ mentioned|"
    r"again,? i'?m|again,? i’m)",
    re.I)
_SLATE_WORDS = re.compile(r"\b(?:oral history (?:project|session)|is being (?:conducted|held)|assisted by|"
                          r"history office|be transcribed|got the recording|voice slate|for the record|misspell\w*|spelling)\b", re.I)
_PLEASANTRY = re.compile(
    r"\b(?:thank(?:s| you)|appreciate|glad to have you|pleasure to have you|good (?:morning|afternoon|evening)|"
    r"welcome|nice to (?:meet|see)|schedule is|we know your|for (?:agreeing|coming|joining|participating|meeting|"
    r"taking the time)|along the way|let the conversation|where the conversation|get started)\b", re.I)
_SMALL_QUESTION = re.compile(r"^\W*(?:is this on|how does that sound|are you ready|can you hear|shall we|ready|"
                             r"is that (?:ok|okay|all right)|does that make sense|you know\?|right\?|okay\?)|\b(?:before we (?:begin|start)|"
                             r"questions (?:for me|that i can answer)|any questions)\b", re.I)
_PROMPT_VERB = re.compile(r"\b(?:tell|describe|share|sharing|talk|walk|explain|discuss|ask|asking)\b", re.I)
_THANKS = re.compile(r"\bthank", re.I)
_PROMPT = re.compile(r"\b(?:tell|describe|share|sharing|talk|walk|explain|give|start|begin|discuss|"
                     r"let'?s|let’s|i'?d like|i’d like|i want(?:ed)? to ask|could you|would you|can you|if you would)\b",
                     re.I)


def _asks(sentence: str) -> bool:
    return sentence.rstrip(" ”\"’')]").endswith("?")


def _skipped(sentence: str) -> bool:
    """A sentence of the recording's slate, a pleasantry or a question about the recording itself."""
    if _asks(sentence):
        return bool(_SMALL_QUESTION.search(sentence) or _SLATE_WORDS.search(sentence))
    if _SLATE.match(sentence) or _SLATE_WORDS.search(sentence):
        return True
    if _THANKS.search(sentence):
        return True
    return bool(_PLEASANTRY.search(sentence)) and not _PROMPT_VERB.search(sentence)


def question_asked(text: str, limit: int = 240) -> str | None:
    """The part of an interviewer's turn that asks or prompts, or None when it only acknowledges, greets or slates.

    The last question (with the sentence before it when it is short: "Why?"), else the last prompt ("Tell us
    about ..."), else the last two sentences of a statement of 8 words or more ("I imagine people on the ground
    were holding their breath."). Cut at the front, at a word, to `limit` characters."""
    spans = [text[s.start:s.end] for s in sentences(text)] or [text]
    kept = [s for s in spans if not _skipped(s)]
    if not kept:
        return None
    asks = [i for i, s in enumerate(kept) if _asks(s)]
    prompts = [i for i, s in enumerate(kept) if _PROMPT.search(s)]
    if asks:
        last = asks[-1]
        first = last - 1 if last > 0 and word_count(kept[last]) < 8 else last
    elif prompts:
        last = first = prompts[-1]
    elif sum(word_count(s) for s in kept) >= 8:
        last = len(kept) - 1
        first = max(0, last - 1)
    else:
        return None
    out = " ".join(" ".join(s.split()) for s in kept[first:last + 1])
    return out if len(out) <= limit else "… " + out[-limit:].split(" ", 1)[-1]


def asks(text: str) -> bool:
    """An interviewer's turn that asks or prompts something, not a backchannel, a pleasantry or the slate."""
    return question_asked(text) is not None


_ANSWER_WORDS = frozenset(("yes", "no", "yeah", "yep", "nope", "oh", "well", "right", "sure", "absolutely", "exactly",
                           "definitely", "true", "indeed", "really", "certainly", "correct", "ah"))
_BACKCHANNEL_WORDS = 3


def is_remark(text: str) -> bool:
    """A short comment that is more than a backchannel ("He sounds like quite an inspiring figure."): a prompt
    when the interviewee answers it, a backchannel when they carry on."""
    return not asks(text) and word_count(text) > _BACKCHANNEL_WORDS and not all(_skipped(text[s.start:s.end]) for s in sentences(text))


def answers_remark(text: str) -> bool:
    """An interviewee's turn that opens by answering what was just said ("Oh, yes, absolutely.")."""
    match = re.match(r"\W*([A-Za-z]+)", text)
    return match is not None and match.group(1).lower() in _ANSWER_WORDS


_ASKING_BACK_WORDS = 25


def asks_back(text: str) -> bool:
    """An interviewee's short turn that asks the interviewer something ("Between the Peace Corps and the CIA, you
    mean?"): the interviewer's reply is not a backchannel inside one answer, so the answer ends there."""
    return _asks(text.strip()) and word_count(text) <= _ASKING_BACK_WORDS


_REQUEST = re.compile(r"\b(?:tell|talk|describe|explain|share|walk (?:me|us) through|ask(?:ed)? you|"
                      r"(?:could|would|can) you|if you (?:could|would))\b", re.I)
_BROKEN_OFF_QUESTION = re.compile(r"^\W*(?:did|do|does|is|are|was|were|can|could|would|will|have|has|what|why|how|"
                                  r"when|where|who|which)\b.*[—–-]\W*$", re.I | re.S)


def asks_or_requests(shown: str) -> bool:
    """Whether what an interviewer said, as shown above a quote, is a question or a request ("Tell us about ...");
    a remark ("I imagine people on the ground were holding their breath.") is neither, and calling it a question
    would puzzle the reader."""
    return (shown.rstrip("”’\"' )").endswith("?") or bool(_REQUEST.search(shown))
            or bool(_BROKEN_OFF_QUESTION.match(shown)))       # "Did they want to keep you there or just—"
