"""YAML front matter at the top of a .txt/.md file, between two `---` lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..config import parse_yaml
from ..problems import InputError

_OPEN = re.compile(r"\A---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)


@dataclass
class FrontMatter:
    data: dict[str, Any] = field(default_factory=dict)
    body_start: int = 0          # offset of the first character after the front matter
    body_line: int = 1           # 1-based line number of that character
    problem: str | None = None   # why the front matter could not be read, if it could not
    problem_line: int | None = None


def split_front_matter(text: str) -> FrontMatter:
    """Parse front matter if the text opens with it; a broken block is reported, not fatal."""
    opened = _OPEN.match(text)
    if not opened:
        return FrontMatter()
    closed = _CLOSE.search(text, opened.end())
    if not closed:
        return FrontMatter(problem="front matter opened with '---' is never closed", problem_line=1)
    block = text[opened.end():closed.start()]
    body_start = closed.end()
    if text.startswith("\r\n", body_start):
        body_start += 2
    elif text.startswith("\n", body_start):
        body_start += 1
    body_line = text.count("\n", 0, body_start) + 1
    try:
        data = parse_yaml(block, first_line=2) or {}     # line 1 is the opening '---'
    except InputError as exc:
        return FrontMatter({}, body_start, body_line, f"front matter: {exc.message}", exc.line or 1)
    if not isinstance(data, dict):
        return FrontMatter({}, body_start, body_line, "front matter is not a mapping of keys to values", 2)
    return FrontMatter({str(k).lower(): v for k, v in data.items()}, body_start, body_line)


def as_list(value: Any) -> list[str]:
    """A YAML value that may be a string, a comma-separated string or a list, as a list of strings."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in str(value).split(",") if part.strip()]
