"""`lh bench`: end-to-end timings on the shipped corpus, scale runs, and theme quality against peers.

Writes outputs/bench/results.json and outputs/bench/results.md (the same table that is printed).
"""

from __future__ import annotations

import json
import math
import platform
import shutil
import time
from dataclasses import asdict
from pathlib import Path

from ..evaluate import spam_injection, tone_agreement
from ..manifest import library_versions
from ..records import JsonlStream, Tags, write_json
from . import peers as peer_models
from .scale import build_corpus, run_distil, sentence_pool


def _load_benchmark(folder: Path, limit: int | None, seed: int = 0) -> peer_models.Dataset:
    import random

    rows = [line.rstrip("\n").split("\t") for line in (folder / "corpus.tsv").read_text(encoding="utf-8").splitlines() if line.strip()]
    if limit and len(rows) > limit:
        rows = random.Random(seed).sample(rows, limit)
    texts, labels = [r[0] for r in rows], [r[2] for r in rows]
    return peer_models.Dataset(folder.name, texts, labels, len(set(labels)))


def _manifest_peak(out: Path, history: str) -> float:
    peaks = [json.loads(p.read_text()).get("peak_rss_mb", 0) for p in (out / history).glob("*/manifest.json")]
    return max(peaks or [0])


def bench(corpus: Path, out: Path, sizes: list[int], seeds: int, jobs: int, dblp_limit: int, log=print) -> dict:
    work = out / "bench"
    scratch = work / "work"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    results: dict = {"machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count(),
                                 "platform": platform.platform()}, "versions": library_versions(), "jobs": jobs}
    started = time.perf_counter()

    # 1. End to end on the shipped corpus, cold then warm.
    log("end to end on the shipped corpus")
    shipped = []
    for folder in sorted(p for p in corpus.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))):
        cold = run_distil(folder, scratch / "shipped", jobs)
        warm = run_distil(folder, scratch / "shipped", jobs)
        row = {"history": folder.name, "passages": cold["passages"], "cold_seconds": cold["seconds"],
               "warm_seconds": warm["seconds"], "warm_all_skipped": warm["stdout"].count("up to date (skipped)") == len(cold["stages"]),
               "peak_rss_mb": _manifest_peak(scratch / "shipped", folder.name), "stages": cold["stages"]}
        shipped.append(row)
        log(f"  {folder.name}: cold {row['cold_seconds']} s, warm {row['warm_seconds']} s, peak {row['peak_rss_mb']} MB")
    results["end_to_end"] = shipped

    # 2. Scale: corpora of re-sampled real sentences.
    log("scale")
    pool = sentence_pool(scratch / "shipped" / "public-service-oral-histories" / "ingest" / "records.jsonl")
    scale = []
    for size in sizes:
        history = build_corpus(scratch / "scale" / f"scale-{size}", size, pool)
        run = run_distil(history, scratch / "scale-out", jobs)
        row = {"target": size, "passages": run["passages"], "seconds": run["seconds"],
               "seconds_per_1k_passages": round(run["seconds"] / max(1, run["passages"]) * 1000, 2),
               "peak_rss_mb": _manifest_peak(scratch / "scale-out", history.name), "stages": run["stages"]}
        scale.append(row)
        log(f"  {size} target -> {row['passages']} passages: {row['seconds']} s, peak {row['peak_rss_mb']} MB")
    if len(scale) >= 2:
        a, b = scale[-2], scale[-1]
        results["growth_exponent"] = round(math.log(b["seconds"] / a["seconds"]) / math.log(b["passages"] / a["passages"]), 3)
        results["time_ratio_last_two"] = round(b["seconds"] / a["seconds"], 2)
    results["scale"] = scale

    # 3. Theme quality against peers, same documents, same run.
    log("theme quality against peers")
    datasets = [_load_benchmark(corpus / "_reference" / "benchmarks" / "m10", None),
                _load_benchmark(corpus / "_reference" / "benchmarks" / "dblp", dblp_limit)]
    tags = list(JsonlStream(scratch / "shipped" / "public-service-oral-histories" / "tag" / "tags.jsonl", Tags))
    themes = json.loads((scratch / "shipped" / "public-service-oral-histories" / "themes" / "themes.json").read_text())
    datasets.append(peer_models.Dataset("interviews", [" ".join(t.terms) for t in tags], None, themes["k"]))
    quality = []
    for dataset in datasets:
        quality.extend(peer_models.evaluate(dataset, seeds=seeds, log=log))
    results["quality"] = quality
    # 4. Spam: injected families found per family, tuning and held-out apart (figures only, never the chains).
    log("spam injection per family")
    families = {"tuning": corpus / "_reference" / "spam-families-tuning" / "spam_families.json",
                "held-out": corpus / "_reference" / "spam-families-heldout" / "spam_families.json",
                "held-out-2": corpus / "_reference" / "spam-families-heldout-2" / "spam_families.json"}
    histories = {name: [r["text"] for r in map(json.loads, (scratch / "shipped" / name / "ingest" / "records.jsonl").open(encoding="utf-8"))]
                 for name in ("public-service-oral-histories", "total-place")}
    spam = spam_injection.evaluate(histories, {k: p for k, p in families.items() if p.exists()})
    results["spam"] = {"markdown": spam_injection.markdown(spam),
                       "no_injection_texts_with_removals": spam["no_injection_texts_with_removals"],
                       "scores": {f"{k}/{n}": r.to_dict() for (k, n), r in spam["scores"].items()}}
    # 5. Tone labels against the hand labels.
    log("tone agreement with hand labels")
    labels = tone_agreement.read_labels(corpus / "_reference" / "tone-labels" / "tone_labels.jsonl")
    results["tone"] = [asdict(a) for a in tone_agreement.evaluate(labels)]
    results["peers_missing"] = sorted(set(peer_models.PEERS) - set(peer_models.available())) + ["BERTopic (not installed: needs torch)"]
    results["seconds_total"] = round(time.perf_counter() - started, 1)
    write_json(work / "results.json", results)
    table = markdown(results)
    (work / "results.md").write_text(table, encoding="utf-8")
    shutil.rmtree(scratch / "scale", ignore_errors=True)
    return results


def markdown(r: dict) -> str:
    lines = ["# Benchmark", "", f"Python {r['machine']['python']}, {r['machine']['cpus']} CPUs, --jobs {r['jobs']}; "
             f"whole benchmark {r.get('seconds_total', '?')} s.", "", "## End to end (shipped corpus)", "",
             "| history | passages | cold s | warm s (all skipped?) | peak MB | slowest stages |", "| --- | --- | --- | --- | --- | --- |"]
    for row in r["end_to_end"]:
        slow = ", ".join(f"{k} {v:.1f}" for k, v in sorted(row["stages"].items(), key=lambda kv: -kv[1])[:3])
        lines.append(f"| {row['history']} | {row['passages']} | {row['cold_seconds']} | {row['warm_seconds']} ({'yes' if row['warm_all_skipped'] else 'no'}) | {row['peak_rss_mb']} | {slow} |")
    lines += ["", "## Scale (re-sampled real sentences)", "", "| target | passages | seconds | s per 1k passages | peak MB | ingest | clean | tag | themes | select | other |",
              "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for row in r["scale"]:
        s = row["stages"]
        other = sum(v for k, v in s.items() if k not in ("ingest", "clean", "tag", "themes", "select"))
        lines.append(f"| {row['target']} | {row['passages']} | {row['seconds']} | {row['seconds_per_1k_passages']} | {row['peak_rss_mb']} | "
                     + " | ".join(f"{s.get(k, 0):.1f}" for k in ("ingest", "clean", "tag", "themes", "select")) + f" | {other:.1f} |")
    if "growth_exponent" in r:
        lines += ["", f"Growth exponent (last two sizes): {r['growth_exponent']}; time ratio {r['time_ratio_last_two']}."]
    lines += ["", "## Theme quality against peers (mean over seeds; stability = mean pairwise ARI over seeds)", "",
              "| dataset | model | docs | k | NMI | ARI | NPMI | diversity | stability | unassigned | s per fit |",
              "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for q in r["quality"]:
        lines.append(f"| {q['dataset']} | {q['model']} | {q['documents']} | {q['k']} | {q.get('nmi', '–')} | {q.get('ari', '–')} | "
                     f"{q['npmi']} | {q['diversity']} | {q['stability']} | {q['unassigned']:.1%} | {q['seconds']} |")
    lines += ["", "Not measured: " + ", ".join(r["peers_missing"]) + "."]
    if r.get("spam"):
        lines += ["", "## Spam injected into the shipped corpus, per family (tuning vs held-out)", ""] + r["spam"]["markdown"]
    if r.get("tone"):
        lines += ["", "## Tone labels against hand labels (corpus/_reference/tone-labels)", ""]
        lines += tone_agreement.markdown([tone_agreement.Agreement(**a) for a in r["tone"]])
    return "\n".join(lines) + "\n"
