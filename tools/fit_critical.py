#!/usr/bin/env python3
"""Measure the critical-voice rule (pipeline/nlp/critical.py) on labelled passages, and draw and score blind samples.

    .venv/bin/python tools/fit_critical.py evaluate
        Precision and recall of the rule on corpus/_reference/tone-labels/tone_labels.jsonl (its "critical" label)
        and on each blind round already labelled (critical_blind_<n>.jsonl: the reader's "critical"). Every round
        but the last was development data for the rule as it stands; see that folder's README.

    .venv/bin/python tools/fit_critical.py draw --out outputs --seed 7304 --flagged 40 --near 15 --others 5 \
            > corpus/_reference/tone-labels/critical_blind_4_unlabelled.jsonl
        A blind sample: `--flagged` passages the frozen rule calls critical voices, `--near` near misses (a word of
        judgement, or two of difficulty, in a passage the rule does not flag) and `--others` it does not, drawn at
        random from the quotable passages of every distilled history under --out, leaving out every passage
        labelled before (tone labels and earlier rounds); shuffled together, with no sign of which is which. The
        reader fills in each line's "critical" (true/false) by the criteria in the folder's README.

    .venv/bin/python tools/fit_critical.py score corpus/_reference/tone-labels/critical_blind_4.jsonl
        Precision of the rule's flags against the reader's labels (the rule is run again on each text).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.nlp.critical import CriticalVoice, features, sad_story  # noqa: E402

FOLDER = ROOT / "corpus" / "_reference" / "tone-labels"
LABELS = FOLDER / "tone_labels.jsonl"


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _rounds() -> list[Path]:
    return sorted(p for p in FOLDER.glob("critical_blind_*.jsonl") if "unlabelled" not in p.name)


def _seen() -> set[str]:
    """Every text labelled so far (tone labels and every blind round): a new draw leaves them out."""
    return {r["text"] for path in [LABELS, *_rounds()] for r in _read(path)}


def _precision(name: str, texts: list[str], truth: list[bool]) -> None:
    flags = CriticalVoice().predict(texts)
    hits = sum(1 for f, t in zip(flags, truth, strict=True) if f and t)
    print(f"{name:32s} {len(texts):5d} passages, {sum(truth):4d} critical; rule flags {sum(flags):3d}: "
          f"precision {hits / max(1, sum(flags)):.2f}, recall {hits / max(1, sum(truth)):.2f}")


def evaluate() -> None:
    rows = _read(LABELS)
    _precision("tone labels (critical)", [r["text"] for r in rows], [r["label"] == "critical" for r in rows])
    for path in _rounds():
        rows = _read(path)
        _precision(path.name, [r["text"] for r in rows], [bool(r["critical"]) for r in rows])


def _quotable(out: Path) -> list[dict]:
    labelled = _seen()
    rows = []
    for passages in sorted(out.glob("*/clean/passages.jsonl")):
        for line in passages.read_text(encoding="utf-8").splitlines():
            passage = json.loads(line)
            if passage["quotable"] and passage["text"] not in labelled:
                rows.append({"passage": passage["id"], "history": passages.parent.parent.name, "text": passage["text"]})
    return rows


def draw(out: Path, seed: int, flagged: int, others: int, near: int) -> None:
    rows = _quotable(out)
    flags = CriticalVoice().predict([r["text"] for r in rows])
    generator = random.Random(seed)
    yes = [r for r, f in zip(rows, flags, strict=True) if f]
    no = [r for r, f in zip(rows, flags, strict=True) if not f]
    close = [r for r in no if (lambda f: f[0] >= 1 or f[1] >= 2)(features(r["text"]))]
    rest = [r for r in no if r not in close]
    sample = (generator.sample(yes, min(flagged, len(yes))) + generator.sample(close, min(near, len(close)))
              + generator.sample(rest, min(others, len(rest))))
    generator.shuffle(sample)
    for row in sample:
        print(json.dumps({**row, "critical": None}, ensure_ascii=False))


def score(path: Path) -> None:
    rows = _read(path)
    flags = CriticalVoice().predict([r["text"] for r in rows])
    flagged = [r for r, f in zip(rows, flags, strict=True) if f]
    hits = sum(1 for r in flagged if r["critical"])
    others = [r for r, f in zip(rows, flags, strict=True) if not f]
    print(f"{len(rows)} passages labelled blind; the rule flags {len(flagged)}; the reader calls {hits} of them critical: "
          f"precision {hits / max(1, len(flagged)):.2f}")
    print(f"not flagged: {len(others)}, of which the reader calls {sum(1 for r in others if r['critical'])} critical; "
          f"sad stories (never flagged): {sum(1 for r in rows if sad_story(r['text']))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("evaluate")
    d = commands.add_parser("draw")
    d.add_argument("--out", type=Path, default=ROOT / "outputs")
    d.add_argument("--seed", type=int, default=7304)
    d.add_argument("--flagged", type=int, default=40)
    d.add_argument("--near", type=int, default=15, help="near misses mixed in, so flagged passages do not stand out")
    d.add_argument("--others", type=int, default=5)
    s = commands.add_parser("score")
    s.add_argument("labels", type=Path)
    args = parser.parse_args()
    if args.command == "evaluate":
        evaluate()
    elif args.command == "draw":
        draw(args.out, args.seed, args.flagged, args.others, args.near)
    else:
        score(args.labels)


if __name__ == "__main__":
    main()
