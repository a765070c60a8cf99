"""Researchers' overrides in themes.yaml; they refer to theme ids, which stay stable from run to run.

    themes: 8                    # optional: fix the number of themes
    rename:
      T03: Pooled budgets and the Treasury
    merge:
      - [T04, T09]               # T09 is folded into T04
    drop: [T12]                  # its passages go to their next theme
    pin:
      jsc-oral-history-00311/t0055.03: T02
    exclude: [002_eba7d54934955ec5/p0031.01]

Every problem names its line. Operations that cannot be carried out (a merge of a theme with itself, an id
that is not a theme id) are errors here; ids that are well formed but not among this run's themes are warned
about, with the line, when the themes stage applies the overrides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..config import LineDict, LineList, line_of, read_yaml
from ..problems import InputError

KEYS = ("themes", "rename", "merge", "drop", "pin", "exclude")
THEME_ID = re.compile(r"^T\d{2,3}$")


@dataclass
class Overrides:
    themes: int | None = None
    rename: dict[str, str] = field(default_factory=dict)
    merge: list[list[str]] = field(default_factory=list)
    drop: list[str] = field(default_factory=list)
    pin: dict[str, str] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    merge_lines: list[int | None] = field(default_factory=list)
    theme_lines: dict[str, int | None] = field(default_factory=dict)   # first line each theme id is named on

    def referenced_themes(self) -> set[str]:
        ids = set(self.rename) | set(self.drop) | set(self.pin.values())
        for group in self.merge:
            ids.update(group)
        return ids

    def line_of_theme(self, theme_id: str) -> int | None:
        return self.theme_lines.get(theme_id)


def _theme_id(value, line: int | None, where: str) -> str:
    text = str(value).strip()
    if not THEME_ID.match(text):
        raise InputError(f"{where}: '{text}' is not a theme id (T01, T02, ...)", line)
    return text


def load_overrides(path: Path) -> Overrides:
    data = read_yaml(path)
    if data is None:
        return Overrides()
    if not isinstance(data, dict):
        raise InputError("expected a mapping with any of: " + ", ".join(KEYS), line_of(data) or 1)
    for key in data:
        if key not in KEYS:
            raise InputError(f"unknown key '{key}' (expected one of: {', '.join(KEYS)})", line_of(data, key))

    def expect(key, kind, what):
        value = data.get(key)
        if value is not None and (not isinstance(value, kind) or isinstance(value, bool)):
            raise InputError(f"'{key}' must be {what}", line_of(data, key))
        return value

    found = Overrides()
    lines = found.theme_lines

    def note(theme_id: str, line: int | None) -> str:
        lines.setdefault(theme_id, line)
        return theme_id

    themes = expect("themes", int, "a whole number of themes")
    if themes is not None and not 2 <= themes <= 200:
        raise InputError(f"'themes' must be from 2 to 200, not {themes}", line_of(data, "themes"))
    found.themes = themes
    merge = expect("merge", list, "a list of [kept id, merged id, ...] lists") or LineList()
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
    rename = expect("rename", dict, "a mapping of theme id to label") or LineDict()
    for key, label in rename.items():
        line = line_of(rename, key)
        if not isinstance(label, str) or not label.strip():
            raise InputError(f"rename {key}: the new label must be text", line)
        found.rename[note(_theme_id(key, line, "rename"), line)] = " ".join(label.split())
    drop = expect("drop", list, "a list of theme ids") or LineList()
    for i, value in enumerate(drop):
        found.drop.append(note(_theme_id(value, line_of(drop, i), "drop"), line_of(drop, i)))
    both = sorted(set(found.drop) & set(g for group in found.merge for g in group))
    if both:
        raise InputError(f"{', '.join(both)} is both merged and dropped: choose one", lines.get(both[0]))
    pin = expect("pin", dict, "a mapping of passage id to theme id") or LineDict()
    for passage, theme_id in pin.items():
        line = line_of(pin, passage)
        found.pin[str(passage)] = note(_theme_id(theme_id, line, f"pin {passage}"), line)
    exclude = expect("exclude", list, "a list of passage ids") or LineList()
    found.exclude = [str(i) for i in exclude]
    return found
