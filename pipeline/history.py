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

import os
from dataclasses import dataclass
from pathlib import Path

from .config import HistorySettings, read_history_settings
from .problems import InputError

INTERVIEWS, QUOTES, UPDATES = "interviews", "quotes", "updates"
INPUT_FOLDERS = (INTERVIEWS, QUOTES, UPDATES)
EXTENSIONS = {
    INTERVIEWS: (".txt", ".md", ".docx", ".json"),
    QUOTES: (".csv",),
    UPDATES: (".txt", ".md", ".html", ".htm"),
}
CONFIG_FILES = ("history.toml", "codebook.yaml", "people.yaml", "themes.yaml", "themes.log.jsonl", "gazetteer.yaml")
DOCUMENTATION_PREFIXES = ("readme", "licence", "license", "provenance", "notice")


class HistoryNotFound(Exception):
    """The path given is not a history folder; the message says what was expected."""


@dataclass(frozen=True)
class InputFile:
    """A file in a history folder and what we will do with it."""

    path: Path
    folder: str | None          # INTERVIEWS, QUOTES, UPDATES, or None when not read as input
    disposition: str            # "input", "config", "documentation", "skipped" or "refused"
    reason: str | None = None   # why a file is skipped or refused

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
        self._settings: HistorySettings | None = None

    def __repr__(self) -> str:
        return f"History({str(self.path)!r})"

    @property
    def is_plain_folder(self) -> bool:
        """True when the folder has none of the input subfolders: its .txt files are updates."""
        return not any((self.path / name).is_dir() for name in INPUT_FOLDERS)

    def config_path(self, name: str) -> Path:
        return self.path / name

    def config_problem(self, name: str) -> str | None:
        """Why a config file present in the folder may not be read (a link leaving the folder), or None."""
        path = self.config_path(name)
        return _link_problem(path, self.path.resolve()) if path.is_symlink() else None

    def files(self) -> list[InputFile]:
        """Every file in the folder with what ingest will do with it, in a stable order.

        Links are followed only when they stay inside the history folder; a link that leaves it, a broken link
        and a looping link are each listed as refused, with the reason, so nothing vanishes without a word."""
        found: list[InputFile] = []
        root = self.path.resolve()
        for folder, dirnames, filenames in os.walk(self.path, followlinks=False):
            here = Path(folder)
            dirnames.sort()
            for name in list(dirnames):
                path = here / name
                if _is_hidden(path, self.path):
                    dirnames.remove(name)
                elif path.is_symlink():
                    dirnames.remove(name)
                    found.append(InputFile(path, None, "refused", _link_problem(path, root) or
                                           "a link to a folder: link the files, or move the folder into the history"))
            for name in sorted(filenames):
                path = here / name
                if _is_hidden(path, self.path):
                    continue
                if path.is_symlink():
                    problem = _link_problem(path, root)
                    if problem:
                        found.append(InputFile(path, None, "refused", problem))
                        continue
                if not path.is_file():
                    found.append(InputFile(path, None, "refused", "not a regular file"))
                    continue
                found.append(self._classify(path))
        return sorted(found, key=lambda f: f.path.relative_to(self.path).parts)

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
        refused = self.config_problem(name)
        if refused:
            raise InputError(f"{path}: {refused}")
        try:
            return loader(path)
        except InputError as exc:
            raise InputError(f"{exc.where(path)}: {exc.message}") from None

    def inputs(self) -> list[InputFile]:
        return [f for f in self.files() if f.disposition == "input"]

    # -- settings ---------------------------------------------------------------------------------------------

    def settings(self) -> HistorySettings:
        """history.toml, checked (pipeline.config); SettingsError lists every problem as file:line: key: why."""
        if self._settings is None:
            refused = self.config_problem("history.toml")
            if refused:
                raise InputError(f"{self.config_path('history.toml')}: {refused}")
            self._settings = read_history_settings(self.config_path("history.toml"))
        return self._settings

    @property
    def title(self) -> str:
        try:
            title = self.settings().title
        except InputError:
            title = None
        return title or self.name.replace("-", " ").replace("_", " ").title()


def _link_problem(path: Path, root: Path) -> str | None:
    """Why a symbolic link in a history folder is not followed: broken, looping, or leading outside the folder."""
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        return f"broken link (to {os.readlink(path)})"
    except (RuntimeError, OSError) as exc:
        if isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == 40:
            return "a link that loops back on itself"
        return f"unreadable link: {exc}"
    if target != root and root not in target.parents:
        return f"a link to {target}, outside the history folder: refused"
    return None


def find_histories(corpus: Path | str) -> list[History]:
    """The history folders under a corpus folder, skipping names that start with '_' or '.'."""
    corpus = Path(corpus)
    if not corpus.is_dir():
        raise HistoryNotFound(f"{corpus}: no such corpus folder")
    return [History(p) for p in sorted(corpus.iterdir()) if p.is_dir() and not p.name.startswith(("_", "."))]
