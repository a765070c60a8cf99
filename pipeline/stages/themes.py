"""Themes: the distillation day in software. The default model reads meaning (sentence embeddings of the
cleaned passages, cached by text hash in embeddings.npy so a re-run embeds only new text) and words (the tagged
terms); k is chosen by the themes' silhouette in embedding space (coherence and stability for the words-only
models); ids stay stable across runs; researchers' overrides (themes.yaml) are applied.

Each theme is described so a researcher can trust it or fix it: label terms that are both frequent in the theme
and distinctive of it (with the passage count behind each), the codebook codes it matches, quality flags (a k at
the edge of its range, low coherence, one source dominating, procedural talk, many weak fits, seed codes that
found no theme) and a themes.yaml snippet to rename, merge, split, drop, pin or exclude. Every passage gets a fit
to its theme (cosine to the theme's centre in meaning); weak fits are marked so select never shows them first.

Every passage gets a distribution over themes and a primary theme; it is left unassigned only when its
largest weight is below `assign_threshold` (or it has no term the model knows), and the share left
unassigned is reported. Two runs with the same settings write byte-identical themes.json and assignments.jsonl.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.preprocessing import normalize

from ..embed.cache import embed_cached
from ..embed.encoder import SentenceEncoder
from ..nlp.codebook import load_codebook
from ..nlp.tokens import lemma, words
from ..records import Assignment, JsonlStream, JsonlWriter, Passage, Tags, read_json, write_json
from ..stage import Stage, StageContext, StageFailed
from ..themes.data import ThemeData, build
from ..themes.ids import assign_ids
from ..themes.describe import describe_themes, passage_fits, theme_flags, yaml_snippet
from ..themes.models import ThemeModel, ppmi_neighbours
from ..themes.overrides import Overrides, load_overrides
from ..themes.quality import npmi
from ..themes.select import CRITERIA, ModelFactory, at_edge, choose_k, criterion, score_k

ROUND = 6


class Themes(Stage):
    name = "themes"
    reads = {"tag": ("tags.jsonl", "vocabulary.json"), "clean": ("passages.jsonl",)}
    config_files = ("themes.yaml", "codebook.yaml")
    example = "lh themes corpus/public-service-oral-histories --themes 8"
    summary = "Find the themes: sentence meaning and words, k by silhouette, stable ids, labels, flags, researchers' overrides."

    def run(self, ctx: StageContext) -> dict[str, Any]:
        s = ctx.settings
        overrides = ctx.read_config("themes.yaml", load_overrides)
        codebook = ctx.read_config("codebook.yaml", load_codebook)
        tags = list(JsonlStream(ctx.input("tag", "tags.jsonl"), Tags))
        excluded = set(overrides.exclude)
        kept = [t for t in tags if t.id not in excluded]
        if len(kept) < 4:
            raise StageFailed(f"{ctx.history.name}: only {len(kept)} passages: too few to find themes")
        passages = {p.id: p for p in JsonlStream(ctx.input("clean", "passages.jsonl"), Passage)}
        embeddings, embedded = None, 0
        if s.model == "hybrid":
            texts = [passages[t.id].text if t.id in passages else " ".join(t.terms) for t in kept]
            previous_cache = ctx.previous / "embeddings.npy" if ctx.previous is not None else None
            encoder = SentenceEncoder(batch_size=s.embed_batch, threads=ctx.jobs, max_tokens=s.embed_tokens)
            embeddings, embedded = embed_cached(texts, encoder, previous_cache, ctx.dir / "embeddings.npy")
        data = build([t.id for t in kept], [t.terms for t in kept], min_df=s.min_df, max_df=s.max_df,
                     embeddings=embeddings)
        vocabulary = read_json(ctx.input("tag", "vocabulary.json"))
        seeds = [_seed_terms(code.include, set(data.vocabulary)) for code in codebook.seeds]
        seed_names = [code.name for code in codebook.seeds]

        make_model = ModelFactory(s.model, random_state=s.random_state, seed_terms=seeds)
        if s.model == "mixture":   # the word similarities are computed once, before any worker starts
            neighbours = make_model(2).neighbours
            data.cached(("ppmi_neighbours", neighbours), lambda: ppmi_neighbours(data.binary, neighbours))
        if s.model == "hybrid":    # so are the diffused embeddings
            make_model(2).diffused(data)

        fixed = s.k or overrides.themes
        n = len(kept)
        if fixed:
            ks = [int(fixed)]
        else:
            upper = max(2, min(s.k_max, n // 8))
            ks = list(range(min(s.k_min, upper), upper + 1))
        if len(ks) == 1:
            result, model = score_k(make_model, data, ks[0], subsamples=s.subsamples, random_state=s.random_state)
            k, scores = ks[0], [result]
        else:
            # k is chosen on at most `select_sample` passages (evenly spread), then fitted on all of them.
            sample = data if n <= s.select_sample else data.rows(np.linspace(0, n - 1, s.select_sample).astype(int))
            k, scores, models = choose_k(make_model, sample, ks, jobs=ctx.jobs, subsamples=s.subsamples,
                                         random_state=s.random_state)
            model = models[k] if sample is data else make_model(k).fit(data)
        distributions = model.transform(data)
        themes, columns = self._describe(model, data, distributions, vocabulary, s.top_terms, seed_names)
        describe_themes(themes, columns, data, distributions.argmax(axis=1), vocabulary, [t.codes for t in kept],
                        [t.terms for t in kept])
        previous = _previous_themes(ctx.previous)
        if previous:
            ids = assign_ids([t["vector"] for t in themes], [p["vector"] for p in previous], [p["id"] for p in previous])
        else:
            order = sorted(range(len(themes)), key=lambda i: (-themes[i]["size"], i))
            ids = [None] * len(themes)
            for rank, i in enumerate(order, 1):
                ids[i] = f"T{rank:02d}"
        for theme, theme_id in zip(themes, ids):
            theme["id"] = theme_id
        matrix = {theme["id"]: distributions[:, c] for theme, c in zip(themes, columns)}
        themes, matrix = self._apply_overrides(ctx, overrides, themes, matrix)
        written = self._write(ctx, tags, kept, data, themes, matrix, overrides, s.assign_threshold, passages)
        ordered = sorted(themes, key=lambda t: t["id"])
        chosen = next(sc for sc in scores if sc.k == k)
        edge = not fixed and at_edge(k, ks)
        unmatched = [name for i, (name, terms) in enumerate(zip(seed_names, seeds))
                     if terms and i not in getattr(model, "seed_themes_", {})]
        unmatched += [name for name, terms in zip(seed_names, seeds) if not terms]
        flags = []
        if edge:
            flags.append({"flag": "k_at_edge", "detail": f"k = {k} is at the {'low' if k == min(ks) else 'high'} end of "
                          f"the range {min(ks)}-{max(ks)}: the best k may lie outside it (set k_min/k_max or 'themes:')"})
        for name in unmatched:
            flags.append({"flag": "seed_without_theme", "detail": f"seed code '{name}' produced no theme "
                          f"(its terms are {'not in the vocabulary' if not seeds[seed_names.index(name)] else 'not concentrated in any theme'})"})
        neighbours_of = written["nearest"]
        for theme in ordered:
            theme["flags"] = theme_flags(theme, written["fits"].get(theme["id"], []), len(kept), written["documents"])
            theme["yaml"] = yaml_snippet(theme, neighbours_of.get(theme["id"]), written["weakest"].get(theme["id"]), k)
            theme.pop("vector", None)
        summary = {
            "history": ctx.history.name,
            "model": s.model,
            "model_params": {key: value for key, value in model.get_params().items() if key != "seed_terms"},
            "k": k,
            "k_range": [min(ks), max(ks)],
            "k_at_edge": edge,
            "k_chosen_by": "fixed" if fixed else CRITERIA[criterion(scores)],
            "flags": flags,
            "unmatched_seeds": unmatched,
            "embedded": embedded,
            "coherence_npmi": round(chosen.npmi, 4),
            "stability": round(chosen.stability, 4),
            "diversity": round(chosen.diversity, 4),
            "assign_threshold": s.assign_threshold,
            "passages": len(tags),
            "excluded": len(tags) - len(kept),
            "unassigned": written["unassigned"],
            "unassigned_share": round(written["unassigned"] / max(1, len(kept)), 4),
            "vocabulary": len(data.vocabulary),
            "seeded_codes": [name for name, terms in zip(seed_names, seeds) if terms],
            "themes": ordered,
        }
        write_json(ctx.dir / "themes.json", summary)
        write_json(ctx.dir / "k_scores.json", {"chosen": k, "criterion": "fixed" if fixed else criterion(scores),
                                               "range": [min(ks), max(ks)], "at_edge": edge,
                                               "scores": [dict(sc.to_dict(), chosen=sc.k == k) for sc in scores]})
        return {"themes": len(ordered), "k": k, "passages": len(kept), "embedded": embedded, "unassigned": written["unassigned"],
                "unassigned_share": summary["unassigned_share"], "npmi": summary["coherence_npmi"],
                "stability": summary["stability"]}

    # -- describing themes ---------------------------------------------------------------------------------------

    @staticmethod
    def _describe(model: ThemeModel, data: ThemeData, distributions: np.ndarray, vocabulary: dict[str, str],
                  top_n: int, seed_names: list[str]) -> tuple[list[dict], list[int]]:
        top = model.top_terms(top_n, data, relevance=0.8)
        probable = model.top_terms(40, data, relevance=0.8)
        share = np.asarray(data.binary.sum(axis=0)).ravel() / max(1, data.binary.shape[0])
        frequent = np.asarray(data.binary.sum(axis=0)).ravel() >= 3
        coherence = npmi([t[:10] for t in top], data.binary)
        phi = np.asarray(model.components_, dtype=np.float64)
        phi = phi / phi.sum(axis=1, keepdims=True)
        primary = distributions.argmax(axis=1)
        has_terms = distributions.sum(axis=1) > 0
        seed_of = {t: seed_names[s] for s, t in getattr(model, "seed_themes_", {}).items() if s < len(seed_names)}
        owner = phi.argmax(axis=0)     # a word labels only the theme that uses it most ("work" is in several)
        themes, columns = [], []
        for c, terms in enumerate(top):
            entries = [{"term": data.vocabulary[i], "label": vocabulary.get(data.vocabulary[i], data.vocabulary[i].replace("_", " ")),
                        "weight": round(float(phi[c, i]), ROUND)} for i in terms]
            phrases = [e["label"] for e in entries if "_" in e["term"]]
            # The label: the theme's most relevant terms (probable and particular to it) that are neither rare nor
            # in a fifth of all passages nor another theme's more, a key phrase first where one is among them.
            usable = [i for i in probable[c] if frequent[i] and share[i] < 0.2] or list(probable[c])
            own = [i for i in usable if owner[i] == c]
            candidates = own + [i for i in usable if i not in own] if len(own) >= 3 else usable
            surface = [vocabulary.get(data.vocabulary[i], data.vocabulary[i].replace("_", " ")) for i in candidates]
            label_phrases = [f for i, f in zip(candidates, surface) if "_" in data.vocabulary[i]]
            label_terms = (label_phrases[:1] + [f for f in surface if f not in label_phrases[:1]])[:3]
            themes.append({
                "id": None,
                "label": " · ".join(label_terms),
                "model_label": " · ".join(label_terms),
                "terms": entries,
                "phrases": phrases,
                "size": int(((primary == c) & has_terms).sum()),
                "coherence": round(coherence[c], 4),
                "seed": seed_of.get(c),
                "vector": {e["term"]: e["weight"] for e in entries},
            })
            columns.append(c)
        return themes, columns

    # -- overrides -----------------------------------------------------------------------------------------------

    @staticmethod
    def _apply_overrides(ctx: StageContext, overrides: Overrides, themes: list[dict], matrix: dict[str, np.ndarray]):
        path = ctx.history.config_path("themes.yaml")
        by_id = {t["id"]: t for t in themes}
        for theme_id in sorted(overrides.referenced_themes() - set(by_id)):
            ctx.problems.warning(path, f"theme {theme_id} is not in this run's themes (ignored where used)",
                                 overrides.line_of_theme(theme_id))
        for number, group in enumerate(overrides.merge):
            present = [g for g in group if g in by_id]
            if len(present) < 2:
                ctx.problems.warning(path, f"merge {group}: needs two themes of this run, found "
                                     f"{len(present)} ({', '.join(present) or 'none'}); not merged", overrides.merge_lines[number])
                continue
            kept, *merged = present
            for other in merged:
                matrix[kept] = matrix[kept] + matrix.pop(other)
                by_id[kept]["merged"] = by_id[kept].get("merged", []) + [other]
                by_id[kept]["size"] += by_id[other]["size"]
                by_id.pop(other)
        for theme_id in overrides.drop:
            if theme_id in by_id:
                matrix.pop(theme_id)
                by_id.pop(theme_id)
        for theme_id, label in overrides.rename.items():
            if theme_id in by_id:
                by_id[theme_id]["label"] = label
                by_id[theme_id]["renamed"] = True
        return list(by_id.values()), matrix

    # -- writing -------------------------------------------------------------------------------------------------

    @staticmethod
    def _write(ctx, tags, kept, data, themes, matrix, overrides: Overrides, threshold: float, passages) -> dict[str, Any]:
        ids = sorted(matrix)
        stacked = np.vstack([matrix[i] for i in ids]).T if ids else np.zeros((len(kept), 0))
        sums = stacked.sum(axis=1, keepdims=True)
        stacked = np.divide(stacked, sums, out=np.zeros_like(stacked), where=sums > 0)
        row = {passage_id: r for r, passage_id in enumerate(data.ids)}
        pinned_missing = [pid for pid in overrides.pin if pid not in row]
        for pid in pinned_missing:
            ctx.problems.warning(ctx.history.config_path("themes.yaml"), f"pinned passage {pid} is not in this run (ignored)")
        rows = [row[t.id] for t in tags if t.id in row]
        chosen: list[str | None] = []
        for tag in tags:
            if tag.id not in row:
                continue
            weights = stacked[row[tag.id]]
            best = int(weights.argmax()) if len(weights) else 0
            theme = ids[best] if len(weights) and weights[best] >= threshold else None
            if overrides.pin.get(tag.id) in matrix:
                theme = overrides.pin[tag.id]
            chosen.append(theme)
        # Fit: cosine to the theme's centre in meaning (embeddings), or the theme's weight for words-only models.
        vectors = data.embeddings[rows] if data.embeddings is not None else stacked[rows]
        fit = passage_fits(normalize(np.asarray(vectors, dtype=np.float64)), chosen, ids)
        sizes: Counter = Counter()
        documents: dict[str, Counter] = {i: Counter() for i in ids}
        fits: dict[str, list[tuple[float, bool, str]]] = {i: [] for i in ids}
        unassigned = 0
        with JsonlWriter(ctx.dir / "assignments.jsonl") as out:
            for n, tag in enumerate(t for t in tags if t.id in row):
                weights = stacked[row[tag.id]]
                distribution = {ids[i]: round(float(w), ROUND) for i, w in enumerate(weights) if w >= 0.01}
                best = int(weights.argmax()) if len(weights) else 0
                theme, pinned = chosen[n], overrides.pin.get(tag.id) in matrix
                score, weak, better = fit["fit"][n], fit["weak"][n], fit["better"][n]
                if theme is None:
                    unassigned += 1
                else:
                    sizes[theme] += 1
                    documents[theme][tag.doc] += 1
                    fits[theme].append((score, weak, tag.id, better))
                passage = passages.get(tag.id)
                out.write(Assignment(tag.id, tag.doc, passage.source if passage else "", theme,
                                     round(float(weights[best]) if len(weights) else 0.0, ROUND), distribution,
                                     pinned=pinned, fit=None if theme is None else round(score, 4),
                                     weak_fit=bool(weak) and not pinned))
        for theme in themes:
            theme["size"] = sizes.get(theme["id"], 0)
        weakest = {}
        for theme_id, items in fits.items():
            weak_items = sorted((s, pid, b) for s, w, pid, b in items if w)
            if weak_items:
                weakest[theme_id] = {"passage": weak_items[0][1], "fit": round(weak_items[0][0], 4), "better": weak_items[0][2]}
        return {"unassigned": unassigned, "fits": fits, "documents": documents, "nearest": fit["nearest"],
                "weakest": weakest}


def _seed_terms(include: list[str], vocabulary: set[str]) -> list[str]:
    """A seed code's terms as the themes stage's terms: its phrases where learned, else their words."""
    terms: list[str] = []
    for term in include:
        lemmas = [lemma(w) for w in words(term)]
        joined = "_".join(lemmas)
        if joined in vocabulary:
            terms.append(joined)
        else:
            terms.extend(l for l in lemmas if l in vocabulary)
    return sorted(set(terms))


def _previous_themes(previous: Path | None) -> list[dict]:
    if previous is None or not (previous / "themes.json").exists():
        return []
    try:
        data = read_json(previous / "themes.json")
        return [{"id": t["id"], "vector": {e["term"]: e["weight"] for e in t["terms"]}} for t in data["themes"]]
    except (ValueError, KeyError, TypeError):
        return []
