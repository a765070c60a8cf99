"""Embeddings cached by text hash, so a re-run embeds only text it has not seen (pseudonym numbers left out).

The cache is one .npy file holding a structured array (key, vector): the key is a hash of the encoder's
fingerprint and the text, so vectors from another model are never reused. np.save writes the same bytes for the
same rows, and rows are kept sorted by key, so an unchanged corpus gives an unchanged file.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np

from ..people.registry import PSEUDONYM
from .encoder import SentenceEncoder
from .static import StaticEncoder

Encoder = SentenceEncoder | StaticEncoder

KEY_BYTES = 16


def _dtype(dimensions: int) -> np.dtype:
    # Keys as raw bytes (u1), not "S16": numpy strips trailing zero bytes from "S" strings.
    return np.dtype([("key", "u1", (KEY_BYTES,)), ("vector", "<f4", (dimensions,))])


# A pseudonym's number carries no meaning, and it depends on the order people were first met (a long-lived output
# folder keeps earlier numbers; a fresh clone numbers afresh): passages are embedded without it, so both give the
# same vectors and the same themes.


def meaning_text(text: str) -> str:
    """The text as it is embedded: "[Person 12]" is "[Person]"."""
    return PSEUDONYM.sub(r"[\1]", text)


def text_key(fingerprint: str, text: str) -> bytes:
    return hashlib.sha256(f"{fingerprint}\0{text}".encode()).digest()[:KEY_BYTES]


def read_cache(path: Path | None, dimensions: int) -> dict[bytes, np.ndarray]:
    """key -> vector; an unreadable or missing file, or one of another width, is an empty cache (it is only ever a
    shortcut)."""
    if path is None or not Path(path).exists():
        return {}
    try:
        rows = np.load(path, allow_pickle=False)
    except (OSError, ValueError):
        return {}
    if rows.dtype != _dtype(dimensions):
        return {}
    return {r["key"].tobytes(): r["vector"] for r in rows}


def write_cache(path: Path, vectors: dict[bytes, np.ndarray], dimensions: int) -> None:
    keys = sorted(vectors)
    rows = np.zeros(len(keys), dtype=_dtype(dimensions))
    for i, key in enumerate(keys):
        rows[i]["key"] = np.frombuffer(key, dtype=np.uint8)
        rows[i]["vector"] = vectors[key]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as handle:
        np.save(handle, rows, allow_pickle=False)
    os.replace(tmp, path)


def cached_vectors(texts: list[str], encoder: Encoder, path: Path) -> np.ndarray:
    """Vectors for `texts` from a cache written by embed_cached, without embedding anything (the themes stage reads
    the model stage's cache). KeyError when a text is missing: the cache does not belong to these texts."""
    cache = read_cache(path, encoder.dimensions)
    keys = [text_key(encoder.fingerprint, meaning_text(t)) for t in texts]
    absent = sum(1 for k in keys if k not in cache)
    if absent:
        raise KeyError(f"{path}: {absent} of {len(texts)} passages have no cached embedding")
    return (np.vstack([cache[k] for k in keys]) if keys else np.zeros((0, encoder.dimensions))).astype(np.float32)


def embed_cached(texts: list[str], encoder: Encoder, previous: Path | None, path: Path | None) -> tuple[np.ndarray, int]:
    """Vectors for `texts` (rows follow them) and how many were newly embedded. Vectors found in `previous`
    are reused; the ones in use are written to `path` (only those, so the cache does not grow without end)."""
    texts = [meaning_text(t) for t in texts]
    cache = read_cache(previous, encoder.dimensions)
    keys = [text_key(encoder.fingerprint, t) for t in texts]
    missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in cache}.items())
    if missing:
        fresh = encoder.encode([t for _, t in missing])
        cache.update({k: v for (k, _), v in zip(missing, fresh, strict=True)})
    out = np.vstack([cache[k] for k in keys]) if keys else np.zeros((0, encoder.dimensions), dtype=np.float32)
    if path is not None:
        write_cache(path, {k: cache[k] for k in set(keys)}, encoder.dimensions)
    return out.astype(np.float32), len(missing)
