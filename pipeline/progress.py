"""Progress bars for long stages: shown on a terminal, silent in CI and logs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")


def progress_bar(items: Iterable[T], description: str, enabled: bool | None = None, total: int | None = None) -> Iterable[T]:
    """Wrap an iterable in tqdm; `enabled=None` shows the bar only when stderr is a terminal."""
    disable = None if enabled is None else not enabled
    return tqdm(items, desc=description, total=total, disable=disable, leave=False, unit=" items", dynamic_ncols=True)
