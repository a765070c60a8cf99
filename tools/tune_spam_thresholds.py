#!/usr/bin/env python3
"""Choose the spam finder's span thresholds on the TUNING families (a developer step, after
`python -m pipeline.evaluate.spam_training`), and write them into the model file.

The network is trained on spam-corpus fragments only; how sure it must be before a span goes, and how far beyond
the histories' real words each kind of evidence must be, are chosen here: the tuning families
(corpus/_reference/spam-families-tuning/) are injected into both histories (seed 7, as `spam_injection` does) and
every combination of the grid is decoded; the one with the highest span recall and no false alarm on the
histories with nothing injected (at most `--max-quiet` texts) is written. Signal thresholds are percentiles of the
real words of the uninjected histories (`spam_training.LEVELS`). No held-out family is read.

    python tools/tune_spam_thresholds.py pipeline/data/spam_model.json outputs/*/ingest/records.jsonl --write
"""

import argparse
import itertools
import json
import random
from pathlib import Path

from pipeline.evaluate.spam_injection import TUNING_FAMILIES, inject_some, load_families
from pipeline.evaluate.spam_training import Chunk, Simulated, decode_scores, labels_of, real_values, signal_thresholds
from pipeline.text.spam import SpamFinder, TokenModel

GRID = {"seed": (0.8, 0.95), "extend": (0.1,), "span": (0.6, 0.7, 0.8)}


def simulated(texts, spans, model):
    finder = SpamFinder(model=model, anchors=False).fit(texts, score=False)
    chunks = []
    for at in range(0, len(texts), 1000):
        scored = finder.score(texts[at:at + 1000])
        chunks.append(Chunk(texts[at:at + 1000], spans[at:at + 1000], scored, labels_of(scored, spans[at:at + 1000])))
    return Simulated(finder, chunks)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("model", type=Path)
    parser.add_argument("records", nargs="+", type=Path)
    parser.add_argument("--max-quiet", type=int, default=1)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    data = json.loads(args.model.read_text(encoding="utf-8"))
    model = TokenModel.from_json(data)
    families = load_families(TUNING_FAMILIES)
    injected, quiet = [], []
    for path in args.records:
        texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        rng = random.Random(7)
        rows = inject_some(texts, rng, families, 0.5)
        new, spans = [text for text, _, _ in rows], [span for _, span, _ in rows]
        injected.append(simulated(new, spans, model))
        quiet.append(simulated(texts, [None] * len(texts), model))
    values = real_values(quiet)
    best = None
    for level in ("loose", "medium", "strict"):
        signals = signal_thresholds(values, level)
        for seed, extend, span in itertools.product(GRID["seed"], GRID["extend"], GRID["span"]):
            trial = {**signals, "seed": seed, "extend": extend, "span": span}
            candidate = TokenModel(model.mean, model.scale, model.layers, model.semantic_weights, model.semantic_bias, trial)
            found = decode_scores(injected, candidate)
            alarms = decode_scores(quiet, candidate)["false_alarm_texts"]
            print(level, seed, extend, span, found, "quiet false alarms", alarms, flush=True)
            key = (alarms <= args.max_quiet, -alarms if alarms > args.max_quiet else 0, found["span_recall"])
            if best is None or key > best[0]:
                best = (key, trial, {**found, "quiet_false_alarm_texts": alarms, "level": level})
    print("chosen", best[1], best[2])
    if args.write:
        data["thresholds"] = {k: round(v, 5) for k, v in best[1].items()}
        data["thresholds_chosen_on"] = {"families": "tuning (corpus/_reference/spam-families-tuning)", "seed": 7,
                                        "max_quiet_false_alarm_texts": args.max_quiet, "result": best[2]}
        args.model.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
