"""Sentence embeddings, offline: all-MiniLM-L6-v2 as int8 ONNX (pipeline/data/minilm), run with onnxruntime and
tokenizers (no torch at run time), and a cache keyed by text hash so a re-run embeds only new text."""
