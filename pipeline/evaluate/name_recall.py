"""How many hand-labelled person names the pipeline really replaced (`lh check-names`).

The labels (corpus/_reference/name-labels/) mark person-name spans by class (private, interviewee, public) and
person-like non-names (`not_person`) as character offsets into ingest records. What the pipeline did is read from
its own ledger, outputs/<history>/clean/removed.jsonl: every name replacement is recorded there with its offsets
into the same record text. So this measures the cleaned outputs, not a re-run of the finder.

- strict recall: every letter of the labelled span lies inside a name replacement;
- lenient recall: at least one letter does;
- a name that lies wholly inside text the clean stage removed for another reason (spam, furniture, a quotation's
  attribution, a passage too short to quote) never reaches a reader: it counts as covered, and is counted apart;
- a public name the team lists in people.yaml (`public: [...]`) is kept on purpose: it counts as covered, apart;
- precision: of the name replacements that overlap a labelled window, the share that overlap a labelled name.
  A replacement of a `not_person` span (a place, a company, a spacecraft) and one of an unlabelled word both count
  against it, and are shown apart;
- over-redaction: the share of `not_person` spans that a name replacement touches.

Every rate has a 95% Wilson interval. Rates are over names (every labelled name lies in a "cap" window, so the
3:1 cap:plain draw does not bias them).
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import InputError
from .labels import numbered_rows

CLASSES = ("private", "interviewee", "public")
# Ledger reasons whose text never reaches a reader (the span is dropped, or replaced by something that is not it).
DROPPED = ("spam", "boilerplate", "attribution", "too_short", "pii")


def wilson(hits: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of a proportion."""
    if n == 0:
        return 0.0, 1.0
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass
class Rate:
    hits: int = 0
    n: int = 0

    @property
    def value(self) -> float:
        return self.hits / self.n if self.n else 0.0

    def cell(self) -> str:
        low, high = wilson(self.hits, self.n)
        return f"{self.value:.3f} ({low:.2f}–{high:.2f})" if self.n else "–"


@dataclass
class Miss:
    history: str
    record: str
    text: str
    cls: str
    lenient: bool
    context: str


@dataclass
class NameScores:
    strict: dict[str, Rate] = field(default_factory=lambda: defaultdict(Rate))
    lenient: dict[str, Rate] = field(default_factory=lambda: defaultdict(Rate))
    dropped: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    kept_public: int = 0
    precision: Rate = field(default_factory=Rate)
    false_not_person: list[str] = field(default_factory=list)
    false_unlabelled: list[str] = field(default_factory=list)
    over_redaction: Rate = field(default_factory=Rate)
    misses: list[Miss] = field(default_factory=list)
    windows: int = 0

    def to_dict(self) -> dict:
        groups = list(self.strict)
        return {
            "windows": self.windows,
            "strict_recall": {g: {"hits": self.strict[g].hits, "n": self.strict[g].n, "value": round(self.strict[g].value, 4)} for g in groups},
            "lenient_recall": {g: {"hits": self.lenient[g].hits, "n": self.lenient[g].n, "value": round(self.lenient[g].value, 4)} for g in groups},
            "precision": {"hits": self.precision.hits, "n": self.precision.n, "value": round(self.precision.value, 4)},
            "over_redaction": {"hits": self.over_redaction.hits, "n": self.over_redaction.n, "value": round(self.over_redaction.value, 4)},
            "covered_by_other_removals": dict(self.dropped),
            "public_kept_by_list": self.kept_public,
        }


def read_labels(path: Path) -> list[dict]:
    """Label rows (the format of corpus/_reference/name-labels/); InputError names the line of a bad row."""
    rows = []
    for number, row in numbered_rows(path):
        if not isinstance(row, dict) or not all(isinstance(row.get(k), str) for k in ("history", "record", "text")) \
                or not all(isinstance(row.get(k), int) for k in ("start", "end")):
            raise InputError("each line needs 'history', 'record', 'text', 'start' and 'end'", number)
        for key in ("names", "not_person"):
            spans = row.get(key, [])
            if not isinstance(spans, list) or not all(isinstance(s, dict) and isinstance(s.get("start"), int)
                                                      and isinstance(s.get("end"), int) for s in spans):
                raise InputError(f"'{key}' must be a list of spans with 'start' and 'end'", number)
            for span in spans:
                if key == "names" and span.get("class") not in CLASSES:
                    raise InputError(f"name {span.get('text')!r} has class {span.get('class')!r}, not one of: "
                                     f"{', '.join(CLASSES)}", number)
                if not row["start"] <= span["start"] < span["end"] <= row["end"]:
                    raise InputError(f"{key} span {span.get('text')!r} lies outside its window", number)
        row["_line"] = number
        rows.append(row)
    if not rows:
        raise InputError("no labelled windows in it")
    return rows


def _letters(text: str, start: int, end: int) -> list[int]:
    return [i for i in range(start, end) if text[i].isalnum()]


class _Ledger:
    """One history's clean outputs: record texts, name replacements and other removals by record."""

    def __init__(self, outputs: Path, history: str):
        folder = Path(outputs) / history
        records, removed = folder / "ingest" / "records.jsonl", folder / "clean" / "removed.jsonl"
        for path in (records, removed):
            if not path.exists():
                raise FileNotFoundError(path)
        self.texts: dict[str, str] = {}
        with open(records, encoding="utf-8") as handle:
            for line in handle:
                data = json.loads(line)
                self.texts[data["id"]] = data["text"]
        self.names: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        self.dropped: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        self.kept_public: dict[str, list[tuple[int, int]]] = defaultdict(list)
        with open(removed, encoding="utf-8") as handle:
            for line in handle:
                entry = json.loads(line)
                if entry.get("start") is None or entry.get("end") is None:
                    continue
                span = (entry["start"], entry["end"], entry.get("detail") or entry["reason"])
                if entry["reason"] == "name":
                    self.names[entry["record"]].append(span)
                elif entry["reason"] == "public_name":
                    self.kept_public[entry["record"]].append((entry["start"], entry["end"]))
                elif entry["reason"] in DROPPED:
                    self.dropped[entry["record"]].append(span)


def evaluate(rows: list[dict], outputs: Path) -> dict[str, NameScores]:
    """Scores per history and for all rows together ("all")."""
    ledgers: dict[str, _Ledger] = {}
    results: dict[str, NameScores] = defaultdict(NameScores)
    for row in rows:
        history = row["history"]
        if history not in ledgers:
            ledgers[history] = _Ledger(outputs, history)
        ledger = ledgers[history]
        text = ledger.texts.get(row["record"])
        if text is None:
            raise InputError(f"no record {row['record']} in {history}'s ingest output", row["_line"])
        if text[row["start"]:row["end"]] != row["text"]:
            raise InputError(f"the window's text differs from record {row['record']} as ingested", row["_line"])
        replaced = ledger.names.get(row["record"], [])
        covered = {i for s, e, _ in replaced for i in range(s, e)}
        dropped = {i for s, e, _ in ledger.dropped.get(row["record"], []) for i in range(s, e)}
        public = {i for s, e in ledger.kept_public.get(row["record"], []) for i in range(s, e)}
        for scores in (results[history], results["all"]):
            scores.windows += 1
            for span in row.get("names", []):
                cls, letters = span["class"], _letters(text, span["start"], span["end"])
                by_name = sum(i in covered for i in letters)
                by_drop = sum(i in covered or i in dropped for i in letters)
                kept = cls == "public" and bool(letters) and all(i in public for i in letters)
                strict = by_drop == len(letters) or kept
                lenient = by_drop > 0 or kept
                if strict and by_name < len(letters) and not kept:
                    scores.dropped[cls] += 1
                scores.kept_public += bool(kept)
                for group in (cls, "private+interviewee" if cls != "public" else None, "all names"):
                    if group:
                        scores.strict[group].n += 1
                        scores.strict[group].hits += strict
                        scores.lenient[group].n += 1
                        scores.lenient[group].hits += lenient
                if not strict:
                    context = text[max(row["start"], span["start"] - 50):min(row["end"], span["end"] + 50)]
                    scores.misses.append(Miss(history, row["record"], span["text"], cls, lenient, context.replace("\n", " ")))
            names = row.get("names", [])
            for span in row.get("not_person", []):
                scores.over_redaction.n += 1
                scores.over_redaction.hits += any(i in covered for i in range(span["start"], span["end"]))
            for start, end, detail in replaced:
                if end <= row["start"] or start >= row["end"]:
                    continue
                scores.precision.n += 1
                if any(start < s["end"] and s["start"] < end for s in names):
                    scores.precision.hits += 1
                elif any(start < s["end"] and s["start"] < end for s in row.get("not_person", [])):
                    scores.false_not_person.append(f"{text[start:end]} ({detail}) in {row['record']}")
                else:
                    scores.false_unlabelled.append(f"{text[start:end]} ({detail}) in {row['record']}")
    return dict(results)


GROUPS = ("private", "interviewee", "public", "private+interviewee", "all names")


def markdown(results: dict[str, NameScores], misses: int = 0) -> list[str]:
    lines = ["| labels | class | names | strict recall (95% interval) | lenient recall (95% interval) |",
             "| --- | --- | ---: | --- | --- |"]
    order = ["all"] + sorted(k for k in results if k != "all")
    for key in order:
        scores = results[key]
        for group in GROUPS:
            if group in scores.strict and scores.strict[group].n:
                lines.append(f"| {key} | {group} | {scores.strict[group].n} | {scores.strict[group].cell()} "
                             f"| {scores.lenient[group].cell()} |")
    lines += ["", "| labels | windows | replacements in windows | precision (95% interval) | of which not_person "
              "| of which unlabelled | not_person spans | over-redacted (95% interval) | covered by other removals "
              "| public kept by list |",
              "| --- | ---: | ---: | --- | ---: | ---: | ---: | --- | ---: | ---: |"]
    for key in order:
        s = results[key]
        lines.append(f"| {key} | {s.windows} | {s.precision.n} | {s.precision.cell()} | {len(s.false_not_person)} "
                     f"| {len(s.false_unlabelled)} | {s.over_redaction.n} | {s.over_redaction.cell()} "
                     f"| {sum(s.dropped.values())} | {s.kept_public} |")
    if misses:
        everything = results["all"]
        lines += ["", f"Names not wholly replaced ({len(everything.misses)}; first {misses}):", ""]
        for miss in everything.misses[:misses]:
            lines.append(f"- {miss.cls}{' (part replaced)' if miss.lenient else ''}: {miss.text!r} in {miss.record}: "
                         f"…{miss.context}…")
        wrong = everything.false_not_person + everything.false_unlabelled
        lines += ["", f"Replacements that hit no labelled name ({len(wrong)}):", ""]
        lines += [f"- {w}" for w in wrong[:misses]]
    return lines
