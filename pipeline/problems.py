"""Problems with the user's input: one line each, naming the file (and line), never a traceback.

A stage collects problems instead of raising, so one bad file never loses the rest of the work.
The problems go to stderr as they happen and into the stage's manifest, where they are counted.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path

import click

ERROR = "error"
WARNING = "warning"
NOTE = "note"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input: `path:line: level: message`."""

    level: str
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.level}: {self.message}"

    def to_dict(self) -> dict:
        return asdict(self)


class InputError(Exception):
    """Raised by a reader when a whole file cannot be used; carries the line where there is one."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line

    def where(self, path) -> str:
        """`path:line`, or the path alone when there is no line."""
        return f"{path}:{self.line}" if self.line else f"{path}"


class ProblemLog:
    """Collects problems for one stage run and echoes each once to stderr."""

    def __init__(self, root: Path | None = None, echo: bool = True):
        self.root = root
        self.echo = echo
        self.items: list[Problem] = []

    def _rel(self, path: Path | str) -> str:
        path = Path(path)
        if self.root is not None:   # absolute, not resolved: a link is named as the link, not as its target
            try:
                return str(Path(os.path.abspath(path)).relative_to(Path(os.path.abspath(self.root)).parent))
            except ValueError:
                pass
        return str(path)

    def add(self, level: str, path: Path | str, message: str, line: int | None = None) -> Problem:
        problem = Problem(level, self._rel(path), message, line)
        self.items.append(problem)
        if self.echo:
            click.echo(str(problem), err=True)
        return problem

    def error(self, path, message, line=None) -> Problem:
        return self.add(ERROR, path, message, line)

    def warning(self, path, message, line=None) -> Problem:
        return self.add(WARNING, path, message, line)

    def note(self, path, message, line=None) -> Problem:
        return self.add(NOTE, path, message, line)

    def counts(self) -> dict[str, int]:
        counts = {ERROR: 0, WARNING: 0, NOTE: 0}
        for problem in self.items:
            counts[problem.level] += 1
        return counts

    def to_list(self) -> list[dict]:
        return [problem.to_dict() for problem in self.items]
