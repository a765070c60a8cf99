"""A history's codebook (codebook.yaml): deductive codes matched on stems, so "budget" finds "budgets".

    codes:
      place-based budgets:
        description: Pooling budgets across agencies in a place.
        include: [place-based budget, pooled budget, single budget]
        exclude: [budget speech]
        parent: counting
        seed: true          # the themes stage biases a theme toward this code's terms

A term is one or more words; it matches where its words' stems appear in that order in a passage (with at
most one word between them, so "pooled the budgets" matches "pooled budget"). A passage gets a code when an
include term matches and no exclude term does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import line_of, read_yaml
from ..problems import InputError
from .tokens import stem, words


@dataclass
class Code:
    name: str
    description: str = ""
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    parent: str | None = None
    seed: bool = False
    line: int | None = None

    def __post_init__(self):
        self._include = [tuple(stem(w) for w in words(t)) for t in self.include]
        self._exclude = [tuple(stem(w) for w in words(t)) for t in self.exclude]

    def matches(self, stems: list[str]) -> list[str]:
        """The include terms found in a passage's stems (none when an exclude term is found)."""
        if any(_find(stems, t) for t in self._exclude if t):
            return []
        return [term for term, key in zip(self.include, self._include, strict=True) if key and _find(stems, key)]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "description": self.description, "include": self.include, "exclude": self.exclude,
                "parent": self.parent, "seed": self.seed}


def _find(stems: list[str], key: tuple[str, ...]) -> bool:
    if len(key) == 1:
        return key[0] in stems
    first = key[0]
    for i, s in enumerate(stems):
        if s != first:
            continue
        position = i
        for part in key[1:]:
            window = stems[position + 1:position + 3]
            if part not in window:
                break
            position = position + 1 + window.index(part)
        else:
            return True
    return False


@dataclass
class Codebook:
    codes: list[Code] = field(default_factory=list)
    path: Path | None = None

    def __len__(self) -> int:
        return len(self.codes)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.codes]

    def tag(self, text: str) -> dict[str, list[str]]:
        """code name -> matched terms, for every code (and its parents) found in text."""
        stems = [stem(w) for w in words(text)]
        found: dict[str, list[str]] = {}
        by_name = {c.name: c for c in self.codes}
        for code in self.codes:
            hits = code.matches(stems)
            if hits:
                found[code.name] = hits
                parent = code.parent
                while parent and parent in by_name and parent not in found:
                    found[parent] = [f"(via {code.name})"]
                    parent = by_name[parent].parent
        return found

    @property
    def seeds(self) -> list[Code]:
        return [c for c in self.codes if c.seed]


def load_codebook(path: Path) -> Codebook:
    """Read codebook.yaml; InputError names the line of any problem. A missing or empty file is an empty codebook."""
    path = Path(path)
    root = read_yaml(path)
    if root is None:
        return Codebook([], path if path.exists() else None)
    if not isinstance(root, dict):
        raise InputError("expected a mapping with a 'codes:' key", line_of(root) or 1)
    for key in root:
        if key != "codes":
            raise InputError(f"unknown key '{key}' (expected 'codes')", line_of(root, key))
    codes_node = root.get("codes")
    if codes_node is None or codes_node == "":
        return Codebook([], path)
    if not isinstance(codes_node, dict):
        raise InputError("'codes' must be a mapping of code names to their definitions", line_of(root, "codes"))
    codes: list[Code] = []
    allowed = {"description", "include", "exclude", "parent", "seed"}
    for name, value in codes_node.items():
        line = line_of(codes_node, name)
        if not isinstance(value, dict):
            raise InputError(f"code '{name}': expected a mapping with 'include' terms", line)
        for field_name in value:
            if field_name not in allowed:
                raise InputError(f"code '{name}': unknown field '{field_name}' (expected one of: {', '.join(sorted(allowed))})",
                                 line_of(value, field_name))
            if field_name in ("include", "exclude") and not isinstance(value[field_name], list):
                raise InputError(f"code '{name}': '{field_name}' must be a list of terms", line_of(value, field_name))
        include = [str(t) for t in value.get("include") or []]
        if not include:
            raise InputError(f"code '{name}': needs at least one 'include' term", line)
        codes.append(Code(str(name), str(value.get("description") or ""), include, [str(t) for t in value.get("exclude") or []],
                          value.get("parent"), bool(value.get("seed", False)), line))
    names = {c.name for c in codes}
    for code in codes:
        if code.parent is not None and code.parent not in names:
            raise InputError(f"code '{code.name}': parent '{code.parent}' is not a code", code.line)
    return Codebook(codes, path)
