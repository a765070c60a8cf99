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
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..problems import InputError

KEYS = ("themes", "rename", "merge", "drop", "pin", "exclude")


@dataclass
class Overrides:
    themes: int | None = None
    rename: dict[str, str] = field(default_factory=dict)
    merge: list[list[str]] = field(default_factory=list)
    drop: list[str] = field(default_factory=list)
    pin: dict[str, str] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)

    def referenced_themes(self) -> set[str]:
        ids = set(self.rename) | set(self.drop) | set(self.pin.values())
        for group in self.merge:
            ids.update(group)
        return ids


def load_overrides(path: Path) -> Overrides:
    path = Path(path)
    if not path.exists():
        return Overrides()
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(f"not valid YAML: {getattr(exc, 'problem', None) or exc}", mark.line + 1 if mark else None)
    if data is None:
        return Overrides()
    if not isinstance(data, dict):
        raise InputError("expected a mapping with any of: " + ", ".join(KEYS), 1)
    lines = {key.value: key.start_mark.line + 1 for key, _ in root.value} if isinstance(root, yaml.MappingNode) else {}
    for key in data:
        if key not in KEYS:
            raise InputError(f"unknown key '{key}' (expected one of: {', '.join(KEYS)})", lines.get(key))

    def expect(key, kind, what):
        value = data.get(key)
        if value is not None and not isinstance(value, kind):
            raise InputError(f"'{key}' must be {what}", lines.get(key))
        return value

    themes = expect("themes", int, "a whole number of themes")
    if themes is not None and themes < 2:
        raise InputError("'themes' must be at least 2", lines.get("themes"))
    merge = expect("merge", list, "a list of [kept id, merged id, ...] lists") or []
    for group in merge:
        if not isinstance(group, list) or len(group) < 2:
            raise InputError("each 'merge' entry must list two or more theme ids", lines.get("merge"))
    return Overrides(
        themes=themes,
        rename={str(k): str(v) for k, v in (expect("rename", dict, "a mapping of theme id to label") or {}).items()},
        merge=[[str(i) for i in group] for group in merge],
        drop=[str(i) for i in (expect("drop", list, "a list of theme ids") or [])],
        pin={str(k): str(v) for k, v in (expect("pin", dict, "a mapping of passage id to theme id") or {}).items()},
        exclude=[str(i) for i in (expect("exclude", list, "a list of passage ids") or [])],
    )
