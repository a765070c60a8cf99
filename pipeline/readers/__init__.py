"""One reader per input format; `read_input` picks the reader for a file's folder and extension."""

from __future__ import annotations

from ..history import INTERVIEWS, QUOTES, UPDATES, InputFile
from ..problems import ProblemLog
from .oral_history import read_oral_histories
from .quote_sheet import read_quote_sheet
from .transcript import read_transcript
from .update_text import read_update


def read_input(item: InputFile, rel: str, problems: ProblemLog):
    """[(Document, [Record, ...]), ...] for one input file; raises InputError when nothing in it is usable."""
    suffix = item.path.suffix.lower()
    if item.folder == INTERVIEWS:
        if suffix == ".json":
            return read_oral_histories(item.path, rel, problems)
        return read_transcript(item.path, rel, problems)
    if item.folder == QUOTES:
        return read_quote_sheet(item.path, rel, problems)
    if item.folder == UPDATES:
        return read_update(item.path, rel, problems)
    raise ValueError(f"no reader for {item.folder}")  # pragma: no cover - History classifies first


__all__ = ["read_input"]
