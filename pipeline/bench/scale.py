"""Scale corpora built from real text, and timing the whole pipeline on them.

A scale corpus is an oral-history JSON file whose answers are re-sampled real sentences (from the 32
interviews' answers and the update pages), several to an answer, so passages are real prose without being
exact copies (which the cleaner would rightly drop as duplicates). Questions are re-sampled real questions.
"""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

from ..records import JsonlStream, Record
from ..text.segment import sentences


def sentence_pool(records_path: Path) -> tuple[list[str], list[str]]:
    """(answer sentences, questions) from an ingest records.jsonl."""
    answers, questions = [], []
    for record in JsonlStream(records_path, Record):
        text = record.text.replace("\\n", " ")
        if record.kind == "interviewer_question":
            if 3 <= len(text.split()) <= 60:
                questions.append(text)
        else:
            for s in sentences(text):
                piece = text[s.start:s.end]
                if 5 <= s.words <= 60:
                    answers.append(piece)
    return answers, questions


def build_corpus(folder: Path, passages: int, pool: tuple[list[str], list[str]], seed: int = 0) -> Path:
    """A history folder holding about `passages` quotable passages of re-sampled real sentences (an answer of
    two to four sentences is mostly one passage)."""
    answers, questions = pool
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "interviews").mkdir(exist_ok=True)
    dialogues = []
    made = 0
    n = 0
    while made < passages:
        n += 1
        turns = []
        for t in range(40):
            turns.append({"turn_id": 2 * t, "speaker": "Interviewer", "role": "elicitor", "utterance": rng.choice(questions)})
            answer = " ".join(rng.choice(answers) for _ in range(rng.randint(2, 4)))   # one passage, mostly
            turns.append({"turn_id": 2 * t + 1, "speaker": "Respondent", "role": "respondent", "utterance": answer})
            made += 1
            if made >= passages:
                break
        dialogues.append({"dialogue_id": f"scale-{n:05d}", "collection": "Scale corpus (re-sampled real sentences)",
                          "domain": "bench", "metadata": {"location_date": "Houston, Texas – 1 May 2000"},
                          "elicitors": ["Interviewer"], "respondents": ["Respondent"], "turns": turns})
    (folder / "interviews" / "scale.json").write_text(json.dumps(dialogues), encoding="utf-8")
    (folder / "history.toml").write_text(f'title = "Scale corpus, about {passages} passages"\n', encoding="utf-8")
    return folder


def run_distil(history: Path, out: Path, jobs: int = 2, extra: list[str] | None = None) -> dict:
    """Distil one history in a child process; per-stage seconds from the manifests, peak memory of the child."""
    t0 = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run([sys.executable, "-m", "pipeline", "distil", str(history), "--out", str(out), "--jobs", str(jobs),
                           "--no-progress"] + (extra or []), capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if done.returncode != 0:
        raise RuntimeError(f"distil failed for {history}: {done.stderr[-2000:]}")
    stages = {}
    for manifest in sorted((out / history.name).glob("*/manifest.json")):
        data = json.loads(manifest.read_text())
        stages[data["stage"]] = {"seconds": data["seconds"], "skipped": "up to date" in done.stdout and f"{data['stage']:<10} {history.name}  up to date" in done.stdout}
    passages = sum(1 for _ in open(out / history.name / "clean" / "passages.jsonl", encoding="utf-8"))
    return {"seconds": round(seconds, 2), "peak_rss_mb": round(max(peak, before) / 1024, 1), "passages": passages,
            "stages": {k: v["seconds"] for k, v in stages.items()}, "stdout": done.stdout}
