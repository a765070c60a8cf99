#!/usr/bin/env python3
"""Choose the spam finder's span thresholds on the TUNING families, or on families files whose blind runs are done
(`--families`), a developer step after `python -m pipeline.evaluate.spam_training` (and `spam_finetune`), and
write them into the model file.

The network is trained on spam-corpus fragments only; how sure it must be before a span goes, and how far beyond
the histories' real words each kind of evidence must be, are chosen here: the tuning families
(corpus/_reference/spam-families-tuning/) are injected into both histories (seed 7, as `spam_injection` does) and
every combination of the grid is decoded; the one with the highest span recall and no false alarm on the
histories with nothing injected (at most `--max-quiet` texts; texts that hold spam already, found by the anchor
lists, as the seed pages do, are not counted) is written. Signal thresholds are percentiles of the real words of
the uninjected histories (`spam_training.LEVELS`). No family file is read but those given.

    python tools/tune_spam_thresholds.py pipeline/data/spam_model.json outputs/*/ingest/records.jsonl --write
    python tools/tune_spam_thresholds.py pipeline/data/spam_model.json outputs/*/ingest/records.jsonl \
        --families TUNING.json HELD_OUT.json HELD_OUT_2.json --levels medium --max-quiet 0 --write
"""

import argparse
import dataclasses
import itertools
import json
import random
from pathlib import Path

from pipeline.evaluate.spam_injection import TUNING_FAMILIES, inject_some, load_families
from pipeline.evaluate.spam_training import Chunk, Simulated, decode_scores, labels_of, real_values, signal_thresholds
from pipeline.text.spam import SpamFinder, TokenModel
from pipeline.text.spam_anchors import AnchorFinder

GRID = {"seed": (0.8, 0.95), "extend": (0.1,), "span": (0.6, 0.7, 0.8), "network": (2.0,)}
# with --network: the network's certainty may count as a kind of evidence (2.0: never)
NETWORK_GRID = {"seed": (0.9, 0.95), "extend": (0.1,), "span": (0.55, 0.6, 0.7), "network": (0.96, 0.98, 2.0)}


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
    parser.add_argument("--families", nargs="+", type=Path, default=[TUNING_FAMILIES],
                        help="families files to choose on (each injected apart, seed 7); default the tuning families")
    parser.add_argument("--levels", nargs="+", default=["loose", "medium", "strict"], choices=["loose", "medium", "strict"])
    parser.add_argument("--network", action="store_true", help="try letting the network's certainty count as evidence")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    data = json.loads(args.model.read_text(encoding="utf-8"))
    model = TokenModel.from_json(data)
    anchors = AnchorFinder()
    injected, quiet, alarm_texts = [], [], []
    for path in args.records:
        texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        for families_file in args.families:
            rng = random.Random(7)
            rows = inject_some(texts, rng, load_families(families_file), 0.5)
            new, spans = [text for text, _, _ in rows], [span for _, span, _ in rows]
            injected.append(simulated(new, spans, model))
        quiet.append(simulated(texts, [None] * len(texts), model))
        clean = [text for text in texts if not anchors.find(text)]
        alarm_texts.append(simulated(clean, [None] * len(clean), model))
    values = real_values(quiet)
    grid = NETWORK_GRID if args.network else GRID
    best = None
    for level in args.levels:
        signals = signal_thresholds(values, level)
        for seed, extend, span, network in itertools.product(grid["seed"], grid["extend"], grid["span"], grid["network"]):
            trial = {**signals, "seed": seed, "extend": extend, "span": span, "network": network}
            candidate = dataclasses.replace(model, thresholds=trial)
            found = decode_scores(injected, candidate)
            alarms = decode_scores(alarm_texts, candidate)["false_alarm_texts"]
            print(level, seed, extend, span, network, found, "quiet false alarms", alarms, flush=True)
            key = (alarms <= args.max_quiet, -alarms if alarms > args.max_quiet else 0, found["span_recall"])
            if best is None or key > best[0]:
                best = (key, trial, {**found, "quiet_false_alarm_texts": alarms, "level": level})
    print("chosen", best[1], best[2])
    if args.write:
        data["thresholds"] = {k: round(v, 5) for k, v in best[1].items()}
        data["thresholds_chosen_on"] = {"families": [str(p) for p in args.families], "seed": 7,
                                        "max_quiet_false_alarm_texts": args.max_quiet, "result": best[2]}
        args.model.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
