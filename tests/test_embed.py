"""The shipped sentence encoders: the transformer close to sentence-transformers' torch vectors, its static
distillation equal to model2vec's, no torch at run time, and a cache that embeds only text it has not seen."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from pipeline.embed.cache import embed_cached, read_cache
from pipeline.embed.encoder import SentenceEncoder, make_encoder
from pipeline.embed.static import StaticEncoder

REFERENCE = Path(__file__).parent / "data" / "minilm_reference.json"


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return SentenceEncoder(threads=2)


@pytest.fixture(scope="module")
def passages() -> list[str]:
    """Real passages: the first answers of the shipped Total Place pages, as clean writes them."""
    from conftest import TOTAL_PLACE
    texts = []
    for path in sorted((TOTAL_PLACE / "updates").iterdir()):
        texts.extend(p.strip() for p in path.read_text(encoding="utf-8", errors="replace").split("\n\n") if len(p.split()) > 8)
    return texts[:60]


def test_embeddings_match_sentence_transformers(encoder):
    """Reference vectors were computed once with torch and sentence-transformers (tools/export_minilm.py)."""
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    vectors = encoder.encode(reference["sentences"])
    cosines = (vectors * np.asarray(reference["vectors"])).sum(axis=1)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # int8 weights: every sentence within .97 (the shortest, a thank-you, moves most), the mean above .99.
    assert cosines.min() >= 0.97, cosines
    assert cosines.mean() >= 0.99, cosines


def test_a_vector_depends_on_its_text_only(encoder, passages):
    """Not on the texts embedded with it, nor their order: what a cache keyed by text needs."""
    together = encoder.encode(passages[:20])
    alone = np.vstack([encoder.encode([t]) for t in passages[:20][::-1]])[::-1]
    assert np.allclose(together, alone, atol=1e-6)


def test_meaning_is_closer_than_unrelated_text(encoder):
    a, b, c = encoder.encode(["The council pooled its budget with the health service.",
                              "Local agencies combined their funding for public services.",
                              "The rocket engine was tested on the stand in Mississippi."])
    assert a @ b > a @ c + 0.2


def test_no_torch_at_run_time():
    code = ("import sys; from pipeline.embed.encoder import make_encoder; "
            "[make_encoder(e).encode(['a sentence']) for e in ('minilm', 'static')]; "
            "print(sorted({'torch', 'model2vec'} & set(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_cache_embeds_only_new_text(encoder, passages, tmp_path):
    first_path, second_path = tmp_path / "first.npy", tmp_path / "second.npy"
    vectors, embedded = embed_cached(passages[:40], encoder, None, first_path)
    assert embedded == len(set(passages[:40]))
    again, embedded = embed_cached(passages[:40], encoder, first_path, second_path)
    assert embedded == 0 and np.array_equal(vectors, again)
    assert first_path.read_bytes() == second_path.read_bytes()
    grown, embedded = embed_cached(passages[:45], encoder, second_path, second_path)
    assert embedded == len(set(passages[40:45]) - set(passages[:40]))
    assert np.array_equal(grown[:40], vectors)
    assert len(read_cache(second_path, encoder.dimensions)) == len(set(passages[:45]))


def test_pseudonym_numbers_do_not_change_a_passage_s_vector(encoder, passages, tmp_path):
    """A fresh clone numbers people afresh; a long-lived output folder keeps earlier numbers: same themes either way."""
    path = tmp_path / "cache.npy"
    written = [f"I worked for [Person {n}] and [Interviewee 3] on it. " + text for n, text in enumerate(passages[:5], 40)]
    renumbered = [f"I worked for [Person {n}] and [Interviewee 9] on it. " + text for n, text in enumerate(passages[:5], 7)]
    vectors, embedded = embed_cached(written, encoder, None, path)
    again, embedded = embed_cached(renumbered, encoder, path, None)
    assert embedded == 0 and np.array_equal(vectors, again)
    assert not np.array_equal(vectors, embed_cached(passages[:5], encoder, None, None)[0])   # the words still count


def test_a_broken_cache_is_ignored_not_fatal(encoder, passages, tmp_path):
    path = tmp_path / "broken.npy"
    path.write_bytes(b"not a numpy file")
    vectors, embedded = embed_cached(passages[:5], encoder, path, path)
    assert embedded == len(set(passages[:5])) and vectors.shape == (5, 384)


def test_a_missing_model_names_the_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="model.int8.onnx: the sentence-embedding model is missing"):
        SentenceEncoder(tmp_path).encode(["text"])


# -- the static encoder (setting embedder = "static") ---------------------------------------------------------------

STATIC_REFERENCE = Path(__file__).parent / "data" / "static_reference.json"


def test_static_embeddings_match_model2vec():
    """Reference vectors are model2vec's own StaticModel.encode of the distilled model (tools/distil_static.py); the
    pipeline computes them in numpy without model2vec."""
    reference = json.loads(STATIC_REFERENCE.read_text(encoding="utf-8"))
    vectors = StaticEncoder().encode(reference["sentences"])
    cosines = (vectors * np.asarray(reference["vectors"])).sum(axis=1)
    assert vectors.shape == (len(reference["sentences"]), 256)
    assert cosines.min() >= 0.999, cosines


def test_static_vectors_depend_on_their_text_only_and_keep_meaning(passages):
    encoder = StaticEncoder()
    together = encoder.encode(passages[:20])
    alone = np.vstack([encoder.encode([t]) for t in passages[:20][::-1]])[::-1]
    assert np.allclose(together, alone, atol=1e-6)
    a, b, c = encoder.encode(["The council pooled its budget with the health service.",
                              "Local agencies combined their funding for public services.",
                              "The rocket engine was tested on the stand in Mississippi."])
    assert a @ b > a @ c + 0.1


def test_the_cache_never_serves_one_encoder_s_vectors_to_the_other(encoder, passages, tmp_path):
    path = tmp_path / "cache.npy"
    minilm, _ = embed_cached(passages[:5], encoder, None, path)
    static, embedded = embed_cached(passages[:5], make_encoder("static"), path, path)
    assert embedded == 5 and minilm.shape == (5, 384) and static.shape == (5, 256)
    assert make_encoder("minilm").fingerprint != make_encoder("static").fingerprint


def test_a_missing_static_model_names_the_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="vectors.npy: the static embedding model is missing"):
        StaticEncoder(tmp_path).encode(["text"])
