"""`lh bench`: end-to-end timings on the shipped corpus, scale runs, and theme quality against peers.

Writes outputs/bench/results.json and outputs/bench/results.md (the same table that is printed).
"""

from __future__ import annotations

import json
import math
import platform
import re
import shutil
import time
from dataclasses import asdict
from pathlib import Path

from ..config import ThemesSettings
from ..embed.cache import Encoder, embed_cached
from ..embed.encoder import SentenceEncoder
from ..embed.static import StaticEncoder
from ..evaluate import name_recall, spam_injection, tone_agreement
from ..manifest import library_versions
from ..records import JsonlStream, Passage, Tags, write_json
from . import peers as peer_models
from .scale import build_corpus, run_distil, sentence_pool


def _bag_of_words(text: str) -> str:
    """Raw text as the preprocessed benchmarks have it: lowercase word tokens, English stopwords dropped."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return " ".join(w for w in re.findall(r"[a-z][a-z0-9+#]*", text.lower()) if w not in ENGLISH_STOP_WORDS and len(w) > 1)


def _load_benchmark(folder: Path, limit: int | None, seed: int = 0, cache: Path | None = None, jobs: int = 1,
                    encoder: Encoder | None = None) -> peer_models.Dataset:
    """A labelled corpus (text, split, label); its sentence embeddings from the shipped encoder (or `encoder`),
    cached on disk by text hash in `cache` (outside the repository), so only the first run pays for them."""
    import random

    rows = [line.rstrip("\n").split("\t") for line in (folder / "corpus.tsv").read_text(encoding="utf-8").splitlines() if line.strip()]
    if limit and len(rows) > limit:
        rows = random.Random(seed).sample(rows, limit)
    raw = json.loads((folder / "metadata.json").read_text(encoding="utf-8")).get("raw", False)
    originals, labels = [r[0] for r in rows], [r[2] for r in rows]
    texts = [_bag_of_words(t) for t in originals] if raw else originals
    embeddings = None
    if cache is not None:
        encoder = encoder or _encoder(jobs)
        path = cache / f"{folder.name}{'' if isinstance(encoder, SentenceEncoder) else '-static'}.npy"
        embeddings, _ = embed_cached(originals, encoder, path, path)
    return peer_models.Dataset(folder.name, texts, labels, len(set(labels)), embeddings)


def _encoder(jobs: int) -> SentenceEncoder:
    """The encoder as the model stage sets it up (the default settings), so its cache serves the benchmark too."""
    defaults = ThemesSettings()
    return SentenceEncoder(batch_size=defaults.embed_batch, threads=jobs, max_tokens=defaults.embed_tokens)


# Our model choosing k itself on each labelled corpus: one range for all, wide enough for each gold k.
AUTO_K_RANGE = list(range(2, 31))


def theme_quality(corpus: Path, out: Path, seeds: int, jobs: int, dblp_limit: int, log=print,
                  interviews: peer_models.Dataset | None = None) -> tuple[list[dict], list[dict]]:
    """NMI at the gold k for every model on the labelled corpora (m10, dblp, and the held-out stackoverflow),
    and our model's automatic k against the gold k."""
    cache = out / "bench" / "embeddings"
    benchmarks = corpus / "_reference" / "benchmarks"
    datasets = [_load_benchmark(benchmarks / "m10", None, cache=cache, jobs=jobs),
                _load_benchmark(benchmarks / "dblp", dblp_limit, cache=cache, jobs=jobs),
                _load_benchmark(benchmarks / "stackoverflow", None, cache=cache, jobs=jobs)]
    quality, automatic = [], []
    for dataset in datasets + ([interviews] if interviews is not None else []):
        quality.extend(peer_models.evaluate(dataset, seeds=seeds, log=log))
    # The static encoder (setting embedder = "static"): what the fallback for very large corpora costs in quality.
    static_peers = {"ours (hybrid, static embeddings)": peer_models.ours, "static embeddings + k-means": peer_models.embeddings_kmeans}
    for folder, limit in (("m10", None), ("dblp", dblp_limit), ("stackoverflow", None)):
        dataset = _load_benchmark(benchmarks / folder, limit, cache=cache, jobs=jobs, encoder=StaticEncoder())
        quality.extend(peer_models.evaluate(dataset, seeds=seeds, peers=static_peers, log=log))
    for dataset in datasets:
        row = peer_models.automatic_k(dataset, AUTO_K_RANGE, jobs=jobs)
        log(f"  {dataset.name:<12} automatic k {row['auto_k']} (gold {row['gold_k']}), NMI {row.get('nmi')}")
        automatic.append(row)
    return quality, automatic


def _with_themes_setting(history: Path, into: Path, line: str) -> Path:
    """A copy of a history folder whose history.toml adds one [themes] setting."""
    copy = into / history.name
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(history, copy)
    toml = copy / "history.toml"
    text = toml.read_text(encoding="utf-8") if toml.exists() else ""
    text = text.replace("[themes]\n", f"[themes]\n{line}\n", 1) if "[themes]\n" in text else f"{text}\n[themes]\n{line}\n"
    toml.write_text(text, encoding="utf-8")
    return copy


def _manifest_peak(out: Path, history: str) -> float:
    peaks = [json.loads(p.read_text()).get("peak_rss_mb", 0) for p in (out / history).glob("*/manifest.json")]
    return max(peaks or [0])


def _names(corpus: Path, shipped_out: Path, shipped: list[dict]) -> dict:
    """Clean's time and the recogniser's work per history (cold: no cache), and lh check-names on the dev labels."""
    rows = []
    for row in shipped:
        manifest = json.loads((shipped_out / row["history"] / "clean" / "manifest.json").read_text())
        rows.append({"history": row["history"], "clean_seconds": row["stages"].get("clean"),
                     "privacy_seconds": row["stages"].get("privacy"), "model": manifest["counts"].get("recogniser_model"),
                     **manifest["counts"].get("recogniser", {})})
    labels = corpus / "_reference" / "name-labels" / "name_labels_dev.jsonl"
    measured = {}
    if labels.exists():
        measured = name_recall.evaluate(name_recall.read_labels(labels), shipped_out)["all"].to_dict()
    return {"per_history": rows, "dev_labels": measured}


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
    oral = corpus / "public-service-oral-histories"
    if oral.exists():
        # 1a. The interviews again, cold, with the static encoder (the setting for very large corpora).
        history = _with_themes_setting(oral, scratch / "static", 'embedder = "static"')
        cold = run_distil(history, scratch / "static-out", jobs)
        results["end_to_end_static"] = {"history": oral.name, "passages": cold["passages"], "cold_seconds": cold["seconds"],
                                        "stages": cold["stages"]}
        log(f"  {oral.name} with embedder = static: cold {cold['seconds']} s")
    results["load_average"] = [round(x, 2) for x in __import__("os").getloadavg()]

    # 1b. People: the recogniser's share of the clean stage, and the names measured on the dev labels.
    results["names"] = _names(corpus, scratch / "shipped", shipped)

    # 1c. Review: seconds from a posted action to the page showing it, on the 32 interviews.
    log("review actions")
    from ..review.timing import time_actions
    results["review"] = time_actions(oral, scratch / "shipped", scratch / "review") if oral.exists() else []

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
    tags = list(JsonlStream(scratch / "shipped" / "public-service-oral-histories" / "tag" / "tags.jsonl", Tags))
    themes = json.loads((scratch / "shipped" / "public-service-oral-histories" / "themes" / "themes.json").read_text())
    history = scratch / "shipped" / "public-service-oral-histories"
    passages = {p.id: p.text for p in JsonlStream(history / "clean" / "passages.jsonl", Passage)}
    vectors, _ = embed_cached([passages.get(t.id, " ".join(t.terms)) for t in tags], _encoder(jobs),
                              history / "model" / "embeddings.npy", None)
    interviews = peer_models.Dataset("interviews", [" ".join(t.terms) for t in tags], None, themes["k"], vectors)
    results["quality"], results["automatic_k"] = theme_quality(corpus, out, seeds, jobs, dblp_limit, log, interviews)
    # 4. Spam: injected families found per family, tuning and held-out apart (figures only, never the chains).
    log("spam injection per family")
    reference = corpus / "_reference"
    families = {"tuning": reference / "spam-families-tuning" / "spam_families.json"}
    for folder in sorted(reference.glob("spam-families-heldout*"), key=lambda f: (len(f.name), f.name)):   # 2 before 10
        families[folder.name.removeprefix("spam-families-")] = folder / "spam_families.json"
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
    static = r.get("end_to_end_static")
    if static:
        slow = ", ".join(f"{k} {v:.1f}" for k, v in sorted(static["stages"].items(), key=lambda kv: -kv[1])[:3])
        lines += ["", f"With `embedder = \"static\"` (the fast encoder): {static['history']} cold in {static['cold_seconds']} s "
                  f"({static['passages']} passages; slowest stages {slow})."]
    if r.get("load_average"):
        lines += ["", f"Load average after the end-to-end runs (1, 5, 15 min): {', '.join(map(str, r['load_average']))}."]
    if r.get("names"):
        lines += ["", "## People's names (clean stage: rules and spaCy's recogniser, cold cache)", "",
                  "| history | clean s | privacy s | sentences | sent to the recogniser | from cache | model |",
                  "| --- | --- | --- | --- | --- | --- | --- |"]
        for row in r["names"]["per_history"]:
            lines.append(f"| {row['history']} | {row['clean_seconds']} | {row['privacy_seconds']} | {row.get('sentences')} "
                         f"| {row.get('sentences_run')} | {row.get('sentences_cached')} | {row.get('model')} |")
        dev = r["names"].get("dev_labels") or {}
        if dev:
            strict = dev["strict_recall"]
            lines += ["", "On the dev name labels: strict recall " + ", ".join(
                f"{g} {v['value']:.3f} ({v['hits']}/{v['n']})" for g, v in strict.items())
                      + f"; precision {dev['precision']['value']:.3f}; over-redaction {dev['over_redaction']['value']:.3f}."]
    if r.get("review"):
        lines += ["", "## lh review: an action until the page shows it (32 interviews)", "",
                  "| action | seconds to the page | stages run | error |", "| --- | --- | --- | --- |"]
        lines += [f"| {row['action']} | {row['seconds_to_page'] if row['seconds_to_page'] is not None else '–'} | "
                  f"{', '.join(row['stages_run'])} | {row['error'] or ''} |" for row in r["review"]]
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
    if r.get("automatic_k"):
        lines += ["", f"## Automatic k (ours, silhouette in embedding space, k in {AUTO_K_RANGE[0]}..{AUTO_K_RANGE[-1]})", "",
                  "| dataset | gold k | chosen k | at edge | NMI at chosen k | s |", "| --- | --- | --- | --- | --- | --- |"]
        for a in r["automatic_k"]:
            lines.append(f"| {a['dataset']} | {a['gold_k']} | {a['auto_k']} | {'yes' if a['at_edge'] else 'no'} | {a.get('nmi', '–')} | {a['seconds']} |")
    lines += ["", "Not measured: " + ", ".join(r["peers_missing"]) + "."]
    if r.get("spam"):
        lines += ["", "## Spam injected into the shipped corpus, per family (tuning vs held-out)", ""] + r["spam"]["markdown"]
    if r.get("tone"):
        lines += ["", "## Tone labels against hand labels (corpus/_reference/tone-labels)", ""]
        lines += tone_agreement.markdown([tone_agreement.Agreement(**a) for a in r["tone"]])
    return "\n".join(lines) + "\n"
