"""How often the tone labels agree with passages labelled by hand (corpus/_reference/tone-labels/).

Agreement is the share of passages given the same label; Cohen's kappa discounts what chance would give; the
"always neutral" share is the floor any labeller must beat. Passages whose `split` is "dev" were used to set the
tone thresholds, so only the others count as held out. Passages read twice (`second_reading`) give the
labeller's agreement with itself, a ceiling for what a machine can be expected to match.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..nlp.tone import TONE_LABELS as LABELS
from ..nlp.tone import ToneScorer
from ..problems import InputError
from .labels import numbered_rows


@dataclass(frozen=True)
class Agreement:
    name: str
    n: int
    agreement: float
    low: float                 # 95% interval (normal approximation)
    high: float
    kappa: float
    always_neutral: float
    precision: dict[str, float]
    recall: dict[str, float]

    def row(self) -> str:
        per_class = ", ".join(f"{c} P {self.precision[c]:.2f} R {self.recall[c]:.2f}" for c in LABELS)
        return (f"| {self.name} | {self.n} | {self.agreement:.1%} ({self.low:.1%}–{self.high:.1%}) | {self.kappa:.2f} "
                f"| {self.always_neutral:.1%} | {per_class} |")


def read_labels(path: Path) -> list[dict]:
    """One JSON object per line with "text" and "label" (optional: "passage", "history", "split", "sample",
    "second_reading"). Raises InputError naming the line of the first bad row."""
    rows = []
    for number, row in numbered_rows(path):
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not row["text"].strip():
            raise InputError("each line needs a JSON object with a non-empty 'text'", number)
        for key in ("label", "second_reading"):
            if (key == "label" or key in row) and row.get(key) not in LABELS:
                raise InputError(f"{key} {row.get(key)!r} is not one of: {', '.join(LABELS)}", number)
        row.setdefault("passage", f"line {number}")
        row.setdefault("history", "unnamed")
        rows.append(row)
    if not rows:
        raise InputError("no labelled passages in it")
    return rows


def agreement(name: str, truth: list[str], predicted: list[str]) -> Agreement:
    n = len(truth)
    agree = sum(t == p for t, p in zip(truth, predicted, strict=True)) / n
    margin = 1.96 * math.sqrt(agree * (1 - agree) / n)
    t_counts, p_counts = Counter(truth), Counter(predicted)
    chance = sum(t_counts[c] * p_counts[c] for c in LABELS) / (n * n)
    kappa = (agree - chance) / (1 - chance) if chance < 1 else 0.0
    hits = Counter(t for t, p in zip(truth, predicted, strict=True) if t == p)
    return Agreement(name, n, agree, max(0.0, agree - margin), min(1.0, agree + margin), kappa,
                     t_counts["neutral"] / n,
                     {c: hits[c] / p_counts[c] if p_counts[c] else 0.0 for c in LABELS},
                     {c: hits[c] / t_counts[c] if t_counts[c] else 0.0 for c in LABELS})


def evaluate(rows: list[dict], label: Callable[[str], str] | None = None) -> list[Agreement]:
    """Agreement on the held-out labels (overall, per sample, per history) and the labeller's self-agreement."""
    if label is None:
        scorer = ToneScorer()
        label = lambda text: scorer(text)[1]  # noqa: E731 - a one-line adapter
    predicted = {id(row): label(row["text"]) for row in rows}
    held_out = [row for row in rows if row.get("split") != "dev"]
    groups = [("held out, all", held_out)]
    samples = sorted({r["sample"] for r in held_out if "sample" in r})
    if len(samples) > 1:
        groups += [(f"held out, sample {s}", [r for r in held_out if r.get("sample") == s]) for s in samples]
    if len({r["history"] for r in rows}) > 1:
        groups += [(f"held out, {h}", [r for r in held_out if r["history"] == h]) for h in sorted({r["history"] for r in rows})]
    groups.append(("dev (thresholds set here)", [r for r in rows if r.get("split") == "dev"]))
    results = [agreement(name, [r["label"] for r in group], [predicted[id(r)] for r in group])
               for name, group in groups if group]
    twice = [r for r in rows if r.get("second_reading")]
    if twice:
        results.append(agreement("hand labels read twice (labeller vs itself)", [r["label"] for r in twice],
                                 [r["second_reading"] for r in twice]))
    return results


def markdown(results: list[Agreement]) -> list[str]:
    return ["| labels | n | agreement (95% interval) | kappa | always neutral | per class |",
            "| --- | ---: | --- | ---: | ---: | --- |"] + [r.row() for r in results]
