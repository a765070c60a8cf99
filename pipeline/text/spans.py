"""Edits to a text as spans (start, end, replacement, reason), applied at once with a map back to the original.

Every cleaning step finds spans in the original text; `apply_edits` resolves overlaps (the earlier, then
longer, span wins), builds the edited text, and keeps for every edited character its original offset, so a
passage cut from the edited text still points into the source.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: str
    reason: str          # spam, pii, boilerplate, repair, disfluency, ...
    detail: str | None = None
    signals: tuple[str, ...] = ()    # for spam: the evidence that fired (commercial, foreign, breaks, ...)


@dataclass
class EditedText:
    original: str
    text: str
    origin: list[int] | None      # origin[i] = offset in `original` of text[i]; None when nothing changed
    applied: list[Edit]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the edited span [start, end)."""
        if self.origin is None:
            return start, end
        if start >= len(self.origin):
            return len(self.original), len(self.original)
        last = max(start, min(end, len(self.origin)) - 1)
        return self.origin[start], self.origin[last] + 1

    def from_original(self, start: int, end: int) -> tuple[int, int]:
        """Edited offsets of the original span [start, end) (empty where it was removed)."""
        if self.origin is None:
            return start, end
        return bisect_left(self.origin, start), bisect_left(self.origin, end)


def _resolve(edits: list[Edit]) -> list[Edit]:
    """Non-overlapping edits in order: on overlap the one starting first (then the longer) is kept."""
    ordered = sorted(edits, key=lambda e: (e.start, -(e.end - e.start)))
    kept: list[Edit] = []
    for edit in ordered:
        if edit.end <= edit.start and not edit.replacement:
            continue
        if kept and edit.start < kept[-1].end:
            continue
        kept.append(edit)
    return kept


def apply_edits(text: str, edits: list[Edit]) -> EditedText:
    if not edits:
        return EditedText(text, text, None, [])
    kept = _resolve(edits)
    pieces: list[str] = []
    origin: list[int] = []
    position = 0
    for edit in kept:
        pieces.append(text[position:edit.start])
        origin.extend(range(position, edit.start))
        if edit.replacement:
            pieces.append(edit.replacement)
            origin.extend([edit.start] * len(edit.replacement))
        position = edit.end
    pieces.append(text[position:])
    origin.extend(range(position, len(text)))
    return EditedText(text, "".join(pieces), origin, kept)


def removal_with_space(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span to be removed by one neighbouring space, so no double space is left behind."""
    if end < len(text) and text[end] == " " and (start == 0 or text[start - 1] in " \n\t(“\"‘"):
        return start, end + 1
    if start > 0 and text[start - 1] == " ":
        return start - 1, end
    return start, end
