"""Sentence embeddings, offline: all-MiniLM-L6-v2 as int8 ONNX (pipeline/data/minilm), run with onnxruntime and
tokenizers (no torch at run time); its static model2vec distillation for very large corpora (pipeline/data/
static-minilm, setting embedder = "static"); and a cache keyed by text hash so a re-run embeds only new text."""
