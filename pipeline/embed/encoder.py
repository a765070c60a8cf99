"""The sentence encoder: all-MiniLM-L6-v2 exported to ONNX with int8 dynamic quantisation (tools/export_minilm.py).

It does what sentence-transformers does for this model, without torch: WordPiece tokens (tokenizer.json, at most
256 by default, 128 in the themes stage), the transformer, mean pooling over real tokens, L2 normalisation.
`threads` is onnxruntime's intra-op thread count.

Texts are embedded one at a time by default (batch_size 1): int8 dynamic quantisation scales activations over the
whole batch, so in a batch a text's vector moved by up to .015 in cosine with its batch mates; alone it depends on
the text only, which is what a cache keyed by text needs. On 2 busy cores batches were no faster.
"""

from __future__ import annotations

import hashlib
from functools import cached_property
from importlib.resources import files
from pathlib import Path

import numpy as np

from ..config import EMBEDDERS
from .files import model_file
from .static import StaticEncoder

MODEL_DIR = Path(str(files("pipeline") / "data" / "minilm"))
MODEL_FILE = "model.int8.onnx"
DIMENSIONS = 384


class SentenceEncoder:
    """Embeds texts as L2-normalised float32 vectors (rows follow the texts given)."""

    dimensions = DIMENSIONS

    def __init__(self, model_dir: Path | str = MODEL_DIR, batch_size: int = 1, threads: int = 1, max_tokens: int = 256):
        self.model_dir = Path(model_dir)
        self.batch_size = batch_size
        self.threads = threads
        self.max_tokens = max_tokens

    @cached_property
    def fingerprint(self) -> str:
        """Hash of the model and tokenizer files and of the settings that change a vector: cached vectors from
        another model, token limit or batch size are never reused."""
        digest = hashlib.sha256()
        for name in (MODEL_FILE, "tokenizer.json"):
            digest.update(self._path(name).read_bytes())
        digest.update(f"max_tokens={self.max_tokens}".encode())
        if self.batch_size > 1:
            digest.update(f"batch_size={self.batch_size}".encode())
        return digest.hexdigest()[:16]

    def _path(self, name: str) -> Path:
        return model_file(self.model_dir, name, "sentence-embedding model", "tools/export_minilm.py")

    @cached_property
    def _tokenizer(self):
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(self._path("tokenizer.json")))
        tokenizer.enable_truncation(max_length=self.max_tokens)
        tokenizer.no_padding()
        return tokenizer

    @cached_property
    def _session(self):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, self.threads)
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        return ort.InferenceSession(str(self._path(MODEL_FILE)), options, providers=["CPUExecutionProvider"])

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        if not texts:
            return out
        session = self._session         # the model first: a missing model is named before its tokenizer
        encodings = self._tokenizer.encode_batch([t if t.strip() else "." for t in texts])
        order = sorted(range(len(texts)), key=lambda i: (len(encodings[i].ids), i))
        for start in range(0, len(order), self.batch_size):
            batch = order[start:start + self.batch_size]
            width = max(len(encodings[i].ids) for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, i in enumerate(batch):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            hidden = session.run(None, {"input_ids": ids, "attention_mask": mask,
                                              "token_type_ids": np.zeros_like(ids)})[0]
            summed = (hidden * mask[:, :, None]).sum(axis=1)
            pooled = summed / np.clip(mask.sum(axis=1, keepdims=True), 1, None)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[batch] = pooled / np.clip(norms, 1e-12, None)
        return out


def make_encoder(embedder: str = "minilm", batch_size: int = 1, threads: int = 1,
                 max_tokens: int = 256) -> SentenceEncoder | StaticEncoder:
    """The encoder a history's settings name: the transformer (minilm, the default) or its static distillation
    (static: about 100 times faster, clusters worse; for very large corpora)."""
    if embedder == "static":
        return StaticEncoder()
    if embedder != "minilm":
        raise ValueError(f"unknown embedder {embedder!r}: expected one of {', '.join(EMBEDDERS)}")
    return SentenceEncoder(batch_size=batch_size, threads=threads, max_tokens=max_tokens)
