"""The shipped encoders' files: a missing one is named, with how to get it back."""

from __future__ import annotations

from pathlib import Path


def model_file(model_dir: Path, name: str, what: str, tool: str) -> Path:
    """`model_dir / name`; FileNotFoundError naming the file, the model (`what`) and the tool that rebuilds it."""
    path = model_dir / name
    if not path.exists():
        raise FileNotFoundError(f"{path}: the {what} is missing (reinstall the package, or rebuild it with {tool})")
    return path
