"""Hand-label files: one JSON object per line, read with the line number so a bad row is named."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ..problems import InputError


def numbered_rows(path: Path) -> Iterator[tuple[int, object]]:
    """(line number, parsed value) for every non-blank line; InputError names the line that is not JSON."""
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON ({exc.msg})", number) from None
