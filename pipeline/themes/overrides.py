"""Researchers' decisions about the themes, in the history folder's themes.yaml. They refer to theme ids, which
stay stable from run to run. Hand edits and `lh review` write the same file; the themes and select stages read it.

    themes: 8                    # fix the number of themes (the only key that refits the model)
    rename:
      T03: Pooled budgets and the Treasury
    merge:
      - [T04, T09]               # T09 is folded into T04
    split: [T05]                 # T05 becomes two themes (its passages re-clustered; the smaller part gets a new id)
    drop: [T12]                  # its passages go to their next theme
    move:                        # a passage to another theme (`pin:` is read the same way)
      jsc-oral-history-00311/t0055.03: T02
    exclude: [002_eba7d54934955ec5/p0031.01]    # a passage in no theme, never quoted
    quotes:
      pin: [jsc-oral-history-00311/t0055.03]    # always among its theme's representative quotes
      exclude: [jsc-oral-history-00311/t0060.01]   # never chosen as a representative quote (it stays in its theme)
      critical: [..]             # offered as the theme's critical voice
      not_critical: [..]         # never offered as a critical voice
    notes:
      T03: "The Treasury thread runs through every pilot; check with the finance directors."

Every problem names its line. Operations that cannot be carried out (a merge of a theme with itself, an id that
is not a theme id, a theme both merged and dropped) are errors here; ids that are well formed but not among this
run's themes are warned about, with the line, when the themes stage applies them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..config import LineDict, LineList, line_of, read_yaml
from ..problems import InputError

KEYS = ("themes", "rename", "merge", "split", "drop", "move", "pin", "exclude", "quotes", "notes")
QUOTE_KEYS = ("pin", "exclude", "critical", "not_critical")
THEME_ID = re.compile(r"^T\d{2,3}$")


@dataclass
class Overrides:
    themes: int | None = None
    rename: dict[str, str] = field(default_factory=dict)
    merge: list[list[str]] = field(default_factory=list)
    split: list[str] = field(default_factory=list)
    drop: list[str] = field(default_factory=list)
    move: dict[str, str] = field(default_factory=dict)          # passage id -> theme id
    exclude: list[str] = field(default_factory=list)
    quotes: dict[str, list[str]] = field(default_factory=lambda: {key: [] for key in QUOTE_KEYS})
    notes: dict[str, str] = field(default_factory=dict)
    merge_lines: list[int | None] = field(default_factory=list)
    theme_lines: dict[str, int | None] = field(default_factory=dict)   # first line each theme id is named on
    passage_lines: dict[str, int | None] = field(default_factory=dict)

    @property
    def pin(self) -> dict[str, str]:
        """The passages moved to a theme (the older name of `move`)."""
        return self.move

    def referenced_themes(self) -> set[str]:
        ids = set(self.rename) | set(self.drop) | set(self.split) | set(self.move.values()) | set(self.notes)
        for group in self.merge:
            ids.update(group)
        return ids

    def line_of_theme(self, theme_id: str) -> int | None:
        return self.theme_lines.get(theme_id)

    def line_of_passage(self, passage_id: str) -> int | None:
        return self.passage_lines.get(passage_id)


def _theme_id(value, line: int | None, where: str) -> str:
    text = str(value).strip()
    if not THEME_ID.match(text):
        raise InputError(f"{where}: '{text}' is not a theme id (T01, T02, ...)", line)
    return text


def _text(value, line: int | None, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{where} must be text", line)
    return value.strip()


def load_overrides(path: Path) -> Overrides:  # noqa: C901 - one check per key, read top to bottom
    data = read_yaml(path)
    if data is None:
        return Overrides()
    if not isinstance(data, dict):
        raise InputError("expected a mapping with any of: " + ", ".join(KEYS), line_of(data) or 1)
    for key in data:
        if key not in KEYS:
            raise InputError(f"unknown key '{key}' (expected one of: {', '.join(KEYS)})", line_of(data, key))

    def expect(container, key, kind, what):
        value = container.get(key)
        if value is not None and (not isinstance(value, kind) or isinstance(value, bool)):
            raise InputError(f"'{key}' must be {what}", line_of(container, key))
        return value

    found = Overrides()
    lines = found.theme_lines

    def note(theme_id: str, line: int | None) -> str:
        lines.setdefault(theme_id, line)
        return theme_id

    def passage(value, line: int | None) -> str:
        text = str(value).strip()
        found.passage_lines.setdefault(text, line)
        return text

    themes = expect(data, "themes", int, "a whole number of themes")
    if themes is not None and not 2 <= themes <= 200:
        raise InputError(f"'themes' must be from 2 to 200, not {themes}", line_of(data, "themes"))
    found.themes = themes
    merge = expect(data, "merge", list, "a list of [kept id, merged id, ...] lists") or LineList()
    for i, group in enumerate(merge):
        line = line_of(merge, i)
        if not isinstance(group, list) or len(group) < 2:
            raise InputError("each 'merge' entry must list two or more theme ids", line)
        ids = [note(_theme_id(g, line, "merge"), line) for g in group]
        twice = sorted({g for g in ids if ids.count(g) > 1})
        if twice:
            raise InputError(f"merge {ids}: names {', '.join(twice)} more than once (a theme cannot merge with itself)", line)
        found.merge.append(ids)
        found.merge_lines.append(line)
    merged_away = [g for group in found.merge for g in group[1:]]
    for theme_id in sorted({g for g in merged_away if merged_away.count(g) > 1}):
        raise InputError(f"{theme_id} is merged into two themes", lines.get(theme_id))
    rename = expect(data, "rename", dict, "a mapping of theme id to label") or LineDict()
    for key, label in rename.items():
        line = line_of(rename, key)
        found.rename[note(_theme_id(key, line, "rename"), line)] = " ".join(_text(label, line, f"rename {key}: the new label").split())
    for key in ("drop", "split"):
        values = expect(data, key, list, "a list of theme ids") or LineList()
        for i, value in enumerate(values):
            getattr(found, key).append(note(_theme_id(value, line_of(values, i), key), line_of(values, i)))
    in_merge = {g for group in found.merge for g in group}
    for key in ("drop", "split"):
        both = sorted(set(getattr(found, key)) & in_merge)
        if both:
            raise InputError(f"{', '.join(both)} is both merged and {'dropped' if key == 'drop' else 'split'}: choose one",
                             lines.get(both[0]))
    both = sorted(set(found.drop) & set(found.split))
    if both:
        raise InputError(f"{', '.join(both)} is both dropped and split: choose one", lines.get(both[0]))
    if data.get("move") is not None and data.get("pin") is not None:
        raise InputError("'move' and 'pin' say the same thing: use 'move'", line_of(data, "pin"))
    key = "move" if data.get("move") is not None else "pin"
    move = expect(data, key, dict, "a mapping of passage id to theme id") or LineDict()
    for passage_id, theme_id in move.items():
        line = line_of(move, passage_id)
        found.move[passage(passage_id, line)] = note(_theme_id(theme_id, line, f"{key} {passage_id}"), line)
    exclude = expect(data, "exclude", list, "a list of passage ids") or LineList()
    found.exclude = [passage(value, line_of(exclude, i)) for i, value in enumerate(exclude)]
    quotes = expect(data, "quotes", dict, "a mapping with any of: " + ", ".join(QUOTE_KEYS)) or LineDict()
    for quote_key in quotes:
        if quote_key not in QUOTE_KEYS:
            raise InputError(f"quotes: unknown key '{quote_key}' (expected one of: {', '.join(QUOTE_KEYS)})", line_of(quotes, quote_key))
        values = expect(quotes, quote_key, list, "a list of passage ids") or LineList()
        found.quotes[quote_key] = [passage(value, line_of(values, i)) for i, value in enumerate(values)]
    both = sorted(set(found.quotes["critical"]) & set(found.quotes["not_critical"]))
    if both:
        raise InputError(f"quotes: {both[0]} is both critical and not_critical", found.passage_lines.get(both[0]))
    notes = expect(data, "notes", dict, "a mapping of theme id to a note") or LineDict()
    for key, text in notes.items():
        line = line_of(notes, key)
        found.notes[note(_theme_id(key, line, "notes"), line)] = _text(text, line, f"notes {key}: the note")
    return found
