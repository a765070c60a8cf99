"""One text's cleaning, as layers of edits that keep a map back to the source.

Layer 1 works on the text as read: mojibake, entities, invisible characters, literal "\\n", fillers, spam and
contact details. Layer 2 replaces people's names (it needs layer 1's text, so spam does not hide a name).
Layer 3 tidies the whitespace the first two left. A passage cut from the final text maps back through all
three to offsets in the record's own text, and every edit is reported so the stage can ledger it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .pii import pii_edits
from .repair import filler_edits, fix_mojibake, repair_edits
from .spam import SpamFinder
from .spans import Edit, EditedText, apply_edits, removal_with_space

_RUN_OF_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_PUNCT = re.compile(r"[ \t]+(?=[,.;:!?])")
_PARAGRAPH_BREAK = re.compile(r"[ \t]*\n(?:[ \t]*\n)+[ \t]*")
_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")
_EMPTY_BRACKETS = re.compile(r"\s*\(\s*\)|\s*\[\s*\]")
_BULLET = re.compile(r"^[ \t]*(?:[-*•–][ \t]+)", re.M)


def whitespace_edits(text: str) -> list[Edit]:
    """Edits that leave single spaces, no space before punctuation and paragraphs as one blank line."""
    edits: list[Edit] = []
    lead = len(text) - len(text.lstrip())
    if lead:
        edits.append(Edit(0, lead, "", "whitespace"))
    trail = len(text.rstrip())
    if trail < len(text) and trail >= lead:
        edits.append(Edit(trail, len(text), "", "whitespace"))
    for match in _PARAGRAPH_BREAK.finditer(text, lead, trail):
        edits.append(Edit(match.start(), match.end(), "\n\n", "whitespace"))
    for match in _LINE_BREAK.finditer(text, lead, trail):
        if text[match.start():match.end()] != "\n" or not _inside_break(text, match.start()):
            edits.append(Edit(match.start(), match.end(), " ", "whitespace"))
    for match in _RUN_OF_SPACES.finditer(text, lead, trail):
        edits.append(Edit(match.start(), match.end(), " ", "whitespace"))
    for match in _SPACE_BEFORE_PUNCT.finditer(text, lead, trail):
        edits.append(Edit(match.start(), match.end(), "", "whitespace"))
    for match in _EMPTY_BRACKETS.finditer(text, lead, trail):
        edits.append(Edit(match.start(), match.end(), "", "whitespace"))
    return [e for e in edits if text[e.start:e.end] != e.replacement]


def _inside_break(text: str, position: int) -> bool:
    """True when the newline at `position` is part of a paragraph break (a blank line next to it)."""
    before = text[:position].rstrip(" \t")
    after = text[position + 1:].lstrip(" \t")
    return before.endswith("\n") or after.startswith("\n")


@dataclass
class Cleaned:
    """The cleaned text, the edits made (in the original's offsets where they can be mapped) and the layers."""

    original: str
    text: str
    layers: list[EditedText] = field(default_factory=list)
    edits: list[tuple[int, int, Edit]] = field(default_factory=list)   # (original start, original end, edit)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        for layer in reversed(self.layers):
            start, end = layer.to_original(start, end)
        return start, end

    def from_original(self, start: int, end: int) -> tuple[int, int] | None:
        """Offsets in the text so far of the original span [start, end); None when nothing of it is left."""
        for layer in self.layers:
            start, end = layer.from_original(start, end)
        return (start, end) if start < end else None


# The names layer: given the text after layer 1 and the Cleaned so far (to map source offsets into that text).
NameEdits = Callable[[str, Cleaned], list[Edit]]


class TextCleaner:
    """Cleans one text at a time; holds what is shared across a run (the spam finder, fitted on the history
    by the clean stage so it knows how the history writes)."""

    max_rounds = 4

    def __init__(self, spam: SpamFinder | None = None):
        self.spam = spam or SpamFinder()

    def first_layer_edits(self, text: str, *, spoken: bool = False, markdown: bool = False) -> list[Edit]:
        edits = repair_edits(text, markdown=markdown)
        if not spoken:
            edits.extend(Edit(m.start(), m.end(), "", "repair", "list bullet") for m in _BULLET.finditer(text))
        if spoken:
            edits.extend(filler_edits(text))
        for span in self.spam.find(text):
            if span.whole_line:
                start, end = span.start, span.end
            else:
                start, end = removal_with_space(text, span.start, span.end)
            edits.append(Edit(start, end, "", "spam", "whole line" if span.whole_line else "inside a sentence", span.signals))
        edits.extend(pii_edits(text))
        return edits

    def clean(self, text: str, *, spoken: bool = False, markdown: bool = False, names: NameEdits | None = None) -> Cleaned:
        result = Cleaned(text, text)
        # One round almost always suffices; a repair can expose more (mojibake under an invisible character),
        # so rounds repeat until nothing changes, which makes cleaning idempotent.
        for _ in range(self.max_rounds):
            before = result.text
            fixed = fix_mojibake(result.text)
            if fixed is not None:
                self._layer(result, [Edit(0, len(result.text), fixed, "repair", "mojibake (wrongly decoded characters)")])
            self._layer(result, self.first_layer_edits(result.text, spoken=spoken, markdown=markdown))
            if names is not None:
                self._layer(result, names(result.text, result))
            self._layer(result, whitespace_edits(result.text))
            if result.text == before:
                break
        return result

    def _layer(self, result: Cleaned, edits: list[Edit]) -> None:
        if not edits:
            return
        layer = apply_edits(result.text, edits)
        if layer.origin is None:
            return
        earlier = list(result.layers)
        for edit in layer.applied:
            start, end = edit.start, edit.end
            for previous in reversed(earlier):
                start, end = previous.to_original(start, end) if end > start else (previous.to_original(start, start + 1)[0],) * 2
            if edit.reason != "whitespace":
                result.edits.append((start, end, edit))
        result.layers.append(layer)
        result.text = layer.text
