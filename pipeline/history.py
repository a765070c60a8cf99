"""A history folder: the unit of input. What it holds, which files each stage reads, and its settings.

    corpus/<history>/
        interviews/   .txt .md .docx transcripts, .json oral-history files
        quotes/       .csv quote sheets
        updates/      .txt .md .html dated update texts
        history.toml  title and per-stage settings          codebook.yaml  people.yaml
        themes.yaml   researchers' theme overrides          gazetteer.yaml places and organisations

A folder with none of the three subfolders is read as updates: every .txt file in it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .problems import InputError

INTERVIEWS, QUOTES, UPDATES = "interviews", "quotes", "updates"
INPUT_FOLDERS = (INTERVIEWS, QUOTES, UPDATES)
EXTENSIONS = {
    INTERVIEWS: (".txt", ".md", ".docx", ".json"),
    QUOTES: (".csv",),
    UPDATES: (".txt", ".md", ".html", ".htm"),
}
CONFIG_FILES = ("history.toml", "codebook.yaml", "people.yaml", "themes.yaml", "gazetteer.yaml")
DOCUMENTATION_PREFIXES = ("readme", "licence", "license", "provenance", "notice")


class HistoryNotFound(Exception):
    """The path given is not a history folder; the message says what was expected."""


@dataclass(frozen=True)
class InputFile:
    """A file in a history folder and what we will do with it."""

    path: Path
    folder: str | None          # INTERVIEWS, QUOTES, UPDATES, or None when not read as input
    disposition: str            # "input", "config", "documentation" or "skipped"
    reason: str | None = None   # why a file is skipped

    def relative_to(self, root: Path) -> str:
        return self.path.relative_to(root).as_posix()


def _is_documentation(path: Path) -> bool:
    return path.name.lower().startswith(DOCUMENTATION_PREFIXES)


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith((".", "~$")) for part in path.relative_to(root).parts)


class History:
    """A history folder on disk."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        if not self.path.exists():
            raise HistoryNotFound(f"{self.path}: no such history folder")
        if not self.path.is_dir():
            raise HistoryNotFound(f"{self.path}: not a folder (a history is a folder of interviews/, quotes/, updates/)")
        self.name = self.path.resolve().name
        self._settings: dict[str, Any] | None = None

    def __repr__(self) -> str:
        return f"History({str(self.path)!r})"

    @property
    def is_plain_folder(self) -> bool:
        """True when the folder has none of the input subfolders: its .txt files are updates."""
        return not any((self.path / name).is_dir() for name in INPUT_FOLDERS)

    def config_path(self, name: str) -> Path:
        return self.path / name

    def files(self) -> list[InputFile]:
        """Every file in the folder with what ingest will do with it, in a stable order."""
        found: list[InputFile] = []
        for path in sorted(p for p in self.path.rglob("*") if p.is_file()):
            if _is_hidden(path, self.path):
                continue
            found.append(self._classify(path))
        return found

    def _classify(self, path: Path) -> InputFile:
        rel = path.relative_to(self.path)
        if len(rel.parts) == 1:
            if path.name in CONFIG_FILES:
                return InputFile(path, None, "config")
            if _is_documentation(path):
                return InputFile(path, None, "documentation")
            if self.is_plain_folder:
                if path.suffix.lower() == ".txt":
                    return InputFile(path, UPDATES, "input")
                return InputFile(path, None, "skipped", f"unknown extension '{path.suffix or path.name}': a folder without interviews/, quotes/ or updates/ is read for its .txt files")
            return InputFile(path, None, "skipped", "not in interviews/, quotes/ or updates/")
        folder = rel.parts[0]
        if folder not in INPUT_FOLDERS:
            if self.is_plain_folder:
                return InputFile(path, None, "skipped", f"in a subfolder '{folder}/' that is not interviews/, quotes/ or updates/")
            return InputFile(path, None, "skipped", f"'{folder}/' is not interviews/, quotes/ or updates/")
        if _is_documentation(path):
            return InputFile(path, None, "documentation")
        if path.suffix.lower() not in EXTENSIONS[folder]:
            allowed = ", ".join(EXTENSIONS[folder])
            return InputFile(path, None, "skipped", f"unknown extension '{path.suffix or '(none)'}' in {folder}/ (expected {allowed})")
        return InputFile(path, folder, "input")

    def read_config(self, name: str, loader):
        """loader(path of config file `name`); its InputError comes back naming the file (and line)."""
        path = self.config_path(name)
        try:
            return loader(path)
        except InputError as exc:
            raise InputError(f"{exc.where(path)}: {exc.message}") from None

    def inputs(self) -> list[InputFile]:
        return [f for f in self.files() if f.disposition == "input"]

    # -- settings ---------------------------------------------------------------------------------------------

    def settings(self) -> dict[str, Any]:
        """history.toml as a dict ({} when absent); InputError names the line of a syntax error."""
        if self._settings is None:
            path = self.config_path("history.toml")
            if not path.exists():
                self._settings = {}
            else:
                try:
                    self._settings = tomllib.loads(path.read_text(encoding="utf-8"))
                except tomllib.TOMLDecodeError as exc:
                    line = getattr(exc, "lineno", None)
                    message = getattr(exc, "msg", str(exc))
                    raise InputError(f"not valid TOML: {message}", line)
                except UnicodeDecodeError:
                    raise InputError("not UTF-8 text")
        return self._settings

    @property
    def title(self) -> str:
        try:
            title = self.settings().get("title")
        except InputError:
            title = None
        return str(title) if title else self.name.replace("-", " ").replace("_", " ").title()

    def stage_settings(self, stage: str, defaults: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        """Defaults overridden by history.toml's [stage] table; returns (settings, unknown keys)."""
        section = self.settings().get(stage, {})
        if not isinstance(section, dict):
            raise InputError(f"[{stage}] must be a table of settings")
        merged = dict(defaults)
        unknown = []
        for key, value in section.items():
            if key in defaults:
                merged[key] = value
            else:
                unknown.append(key)
        return merged, unknown


def find_histories(corpus: Path | str) -> list[History]:
    """The history folders under a corpus folder, skipping names that start with '_' or '.'."""
    corpus = Path(corpus)
    if not corpus.is_dir():
        raise HistoryNotFound(f"{corpus}: no such corpus folder")
    return [History(p) for p in sorted(corpus.iterdir()) if p.is_dir() and not p.name.startswith(("_", "."))]


def looks_like_history(path: Path) -> bool:
    """A history folder has an input subfolder, a history.toml, or .txt files of its own."""
    path = Path(path)
    if any((path / name).is_dir() for name in INPUT_FOLDERS) or (path / "history.toml").exists():
        return True
    return any(p.suffix.lower() == ".txt" for p in path.iterdir() if p.is_file())
