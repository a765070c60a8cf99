"""The fast encoder for very large corpora (setting `embedder = "static"`): a model2vec distillation of
all-MiniLM-L6-v2 (tools/distil_static.py), one fixed 256-dimension vector per word piece.

A text's vector is the mean of its word pieces' vectors (no special tokens, unknown pieces left out, at most
512 pieces), L2-normalised: what model2vec's `StaticModel.encode` does, in numpy, so the pipeline needs neither
model2vec nor torch. About 100 times faster than the transformer, and it clusters worse (`make bench` gives both),
so it is a setting, not the default. A vector depends on its text only.
"""

from __future__ import annotations

import hashlib
import json
from functools import cached_property
from importlib.resources import files
from pathlib import Path

import numpy as np

from .files import model_file

STATIC_DIR = Path(str(files("pipeline") / "data" / "static-minilm"))


class StaticEncoder:
    """Embeds texts as L2-normalised float32 vectors (rows follow the texts given)."""

    def __init__(self, model_dir: Path | str = STATIC_DIR):
        self.model_dir = Path(model_dir)

    def _path(self, name: str) -> Path:
        return model_file(self.model_dir, name, "static embedding model", "tools/distil_static.py")

    @cached_property
    def fingerprint(self) -> str:
        """Hash of the vectors, tokenizer and settings: cached vectors of another model are never reused."""
        digest = hashlib.sha256(b"static")
        for name in ("vectors.npy", "tokenizer.json", "config.json"):
            digest.update(self._path(name).read_bytes())
        return digest.hexdigest()[:16]

    @cached_property
    def _config(self) -> dict:
        return json.loads(self._path("config.json").read_text(encoding="utf-8"))

    @cached_property
    def _vectors(self) -> np.ndarray:
        return np.load(self._path("vectors.npy"), allow_pickle=False).astype(np.float32)

    @property
    def dimensions(self) -> int:
        return int(self._vectors.shape[1])

    @cached_property
    def _tokenizer(self):
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(self._path("tokenizer.json")))
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=int(self._config.get("max_length") or 512))
        return tokenizer

    @cached_property
    def _unknown(self) -> int | None:
        token = getattr(self._tokenizer.model, "unk_token", None)
        return self._tokenizer.token_to_id(token) if token else None

    def encode(self, texts: list[str]) -> np.ndarray:
        vectors = self._vectors           # the model first: a missing model is named before its tokenizer
        out = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
        if not texts:
            return out
        for row, encoding in enumerate(self._tokenizer.encode_batch(list(texts), add_special_tokens=False)):
            ids = [i for i in encoding.ids if i != self._unknown]
            if ids:
                out[row] = vectors[ids].mean(axis=0)
        if self._config.get("normalize", True):
            out /= np.linalg.norm(out, axis=1, keepdims=True) + 1e-32
        return out
