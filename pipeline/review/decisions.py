"""Decisions written to a history's themes.yaml, one at a time, with a log that can undo any of them.

The review app and a researcher's hand edits share the file: each decision is read from disk again under a lock,
changed in place (ruamel.yaml keeps the researcher's comments and order), checked with the same loader the
pipeline uses, and written atomically, with a comment line saying when and what. themes.log.jsonl beside it lists
every decision with what it replaced, so undoing one (even an old one) takes exactly that decision back out.
"""

from __future__ import annotations

import fcntl
import io
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..problems import InputError
from ..themes.overrides import THEME_ID, load_overrides

THEMES_FILE = "themes.yaml"
LOG_FILE = "themes.log.jsonl"
LOCK_FILE = ".themes.yaml.lock"

# op -> (where in themes.yaml, how): "map" sets key=value in a mapping; "list" appends to a list.
OPERATIONS = {
    "rename": ("rename", "map"),
    "note": ("notes", "map"),
    "move": ("move", "map"),
    "merge": ("merge", "list"),
    "split": ("split", "list"),
    "drop": ("drop", "list"),
    "exclude": ("exclude", "list"),
    "pin_quote": ("quotes.pin", "list"),
    "exclude_quote": ("quotes.exclude", "list"),
    "critical": ("quotes.critical", "list"),
    "not_critical": ("quotes.not_critical", "list"),
}
DESCRIBE = {
    "rename": "rename {key} to “{value}”", "note": "note on {key}", "move": "move {key} to {value}",
    "merge": "merge {value[1]} into {value[0]}", "split": "split {value}", "drop": "drop {value}",
    "exclude": "exclude passage {value} from every theme", "pin_quote": "pin quote {value}",
    "exclude_quote": "leave quote {value} out of the representatives", "critical": "mark {value} a critical voice",
    "not_critical": "mark {value} not a critical voice",
}


class DecisionError(Exception):
    """A decision that cannot be written (bad id, an impossible combination): the message says why."""


@dataclass(frozen=True)
class Decision:
    op: str
    key: str | None = None       # for map operations: the theme or passage id
    value: Any = None            # the new label, note, theme id; or the list item

    def describe(self) -> str:
        return DESCRIBE[self.op].format(key=self.key, value=self.value)


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


@contextmanager
def locked(history: Path) -> Iterator[None]:
    """One writer at a time for a history's decisions (two browser tabs, or the app and a script)."""
    with open(history / LOCK_FILE, "a+", encoding="utf-8") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _load(path: Path) -> tuple[CommentedMap, str]:
    """The decisions, and the file's text when it holds only comments (an example themes.yaml), kept as a header."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    data = _yaml().load(text) if text.strip() else None
    if data is None:
        return CommentedMap(), text
    if not isinstance(data, CommentedMap):
        raise DecisionError(f"{path}: expected a mapping of decisions")
    return data, ""


def _container(data: CommentedMap, where: str, kind: str, create: bool) -> Any:
    *parents, last = where.split(".")
    node = data
    for part in parents:
        if part not in node:
            if not create:
                return None
            node[part] = CommentedMap()
        node = node[part]
    if last not in node or node[last] is None:
        if not create:
            return None
        node[last] = CommentedMap() if kind == "map" else CommentedSeq()
    return node[last]


def _stamp(data: CommentedMap, where: str, text: str) -> None:
    """A comment line above the top-level key that changed: when, and what."""
    top = where.split(".")[0]
    data.yaml_set_comment_before_after_key(top, before=text, indent=0)


def _write(path: Path, data: CommentedMap, header: str = "") -> None:
    buffer = io.StringIO()
    if data:
        _yaml().dump(data, buffer)
    text = (header.rstrip("\n") + "\n" if header.strip() else "") + buffer.getvalue()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    try:
        load_overrides(tmp)          # the pipeline must accept what the app writes
    except InputError as exc:
        tmp.unlink(missing_ok=True)
        raise DecisionError(f"{path.name} would not be valid ({exc.message}, line {exc.line}): not written") from None
    os.replace(tmp, path)


def apply(history: Path, decision: Decision, when: datetime | None = None) -> dict:
    """Write one decision to history/themes.yaml and log it; returns the log entry."""
    if decision.op not in OPERATIONS:
        raise DecisionError(f"unknown decision '{decision.op}'")
    where, kind = OPERATIONS[decision.op]
    when = when or datetime.now()
    path = history / THEMES_FILE
    with locked(history):
        data, header = _load(path)
        node = _container(data, where, kind, create=True)
        if kind == "map":
            before = node.get(decision.key)
            node[decision.key] = decision.value
        else:
            item = decision.value
            if isinstance(decision.value, list):        # a merge pair reads best on one line: [T04, T09]
                item = CommentedSeq(decision.value)
                item.fa.set_flow_style()
            if item in node:
                raise DecisionError(f"{decision.describe()}: already in {path.name}")
            before = None
            node.append(item)
        _stamp(data, where, f"{when:%Y-%m-%d %H:%M} lh review: {decision.describe()}")
        _write(path, data, header)
        entry = {"n": _next_number(history), "time": f"{when:%Y-%m-%d %H:%M:%S}", "op": decision.op, "key": decision.key,
                 "value": decision.value, "before": before, "undone": False, "text": decision.describe()}
        _append_log(history, entry)
    return entry


def undo(history: Path, number: int, when: datetime | None = None) -> dict:
    """Take decision `number` back out of themes.yaml (restoring what it replaced), and log the undo."""
    when = when or datetime.now()
    path = history / THEMES_FILE
    with locked(history):
        entries = read_log(history)
        entry = next((e for e in entries if e["n"] == number), None)
        if entry is None or entry["op"] == "undo":
            raise DecisionError(f"no decision {number} in {LOG_FILE}")
        if entry["undone"]:
            raise DecisionError(f"decision {number} is already undone")
        where, kind = OPERATIONS[entry["op"]]
        data, header = _load(path)
        node = _container(data, where, kind, create=False)
        if kind == "map":
            if node is not None and entry["key"] in node:
                if entry["before"] is None:
                    del node[entry["key"]]
                else:
                    node[entry["key"]] = entry["before"]
        elif node is not None and entry["value"] in node:
            node.remove(entry["value"])
        _prune(data, where)
        if where.split(".")[0] in data:
            _stamp(data, where, f"{when:%Y-%m-%d %H:%M} lh review: undid {entry['text']}")
        _write(path, data, header)
        undo_entry = {"n": _next_number(history), "time": f"{when:%Y-%m-%d %H:%M:%S}", "op": "undo", "key": None,
                      "value": number, "before": None, "undone": False, "text": f"undo {number}: {entry['text']}"}
        _append_log(history, undo_entry)
    return undo_entry


def _prune(data: CommentedMap, where: str) -> None:
    """Drop a key left empty by an undo (and `quotes` when it holds nothing)."""
    parts = where.split(".")
    for depth in range(len(parts), 0, -1):
        parent = data
        for part in parts[:depth - 1]:
            parent = parent.get(part, {})
        key = parts[depth - 1]
        if key in parent and not parent[key]:
            del parent[key]


def read_log(history: Path) -> list[dict]:
    """Every logged decision, oldest first, with `undone` set for those taken back."""
    path = history / LOG_FILE
    if not path.exists():
        return []
    entries = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    undone = {e["value"] for e in entries if e["op"] == "undo"}
    for entry in entries:
        entry["undone"] = entry["n"] in undone
    return entries


def _next_number(history: Path) -> int:
    return max((e["n"] for e in read_log(history)), default=0) + 1


def _append_log(history: Path, entry: dict) -> None:
    with open(history / LOG_FILE, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry, ensure_ascii=False) + "\n")


def check_theme(theme_id: str, known: set[str]) -> str:
    if not THEME_ID.match(theme_id or "") or theme_id not in known:
        raise DecisionError(f"'{theme_id}' is not a theme of this history")
    return theme_id
