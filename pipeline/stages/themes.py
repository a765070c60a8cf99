"""Themes: the distillation day in software. Topic models over the tagged terms find the themes; k is chosen
by coherence and stability; ids stay stable across runs; researchers' overrides (themes.yaml) are applied.

Every passage gets a distribution over themes and a primary theme; it is left unassigned only when its
largest weight is below `assign_threshold` (or it has no term the model knows), and the share left
unassigned is reported. Two runs with the same settings write byte-identical themes.json and assignments.jsonl.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from ..nlp.codebook import load_codebook
from ..nlp.tokens import lemma, words
from ..records import Assignment, JsonlStream, JsonlWriter, Passage, Tags, read_json, write_json
from ..stage import Stage, StageContext, StageFailed
from ..themes.data import ThemeData, build
from ..themes.ids import assign_ids
from ..themes.models import MODELS, ThemeModel, ppmi_neighbours
from ..themes.overrides import Overrides, load_overrides
from ..themes.quality import npmi
from ..themes.select import ModelFactory, choose_k, score_k

ROUND = 6


class Themes(Stage):
    name = "themes"
    reads = {"tag": ("tags.jsonl", "vocabulary.json"), "clean": ("passages.jsonl",)}
    config_files = ("themes.yaml", "codebook.yaml")
    example = "lh themes corpus/public-service-oral-histories --themes 8"
    summary = "Find the themes: topic models, k by coherence and stability, stable ids, researchers' overrides."

    def run(self, ctx: StageContext) -> dict[str, Any]:
        s = ctx.settings
        overrides = ctx.read_config("themes.yaml", load_overrides)
        codebook = ctx.read_config("codebook.yaml", load_codebook)
        tags = list(JsonlStream(ctx.input("tag", "tags.jsonl"), Tags))
        excluded = set(overrides.exclude)
        kept = [t for t in tags if t.id not in excluded]
        if len(kept) < 4:
            raise StageFailed(f"{ctx.history.name}: only {len(kept)} passages: too few to find themes")
        data = build([t.id for t in kept], [t.terms for t in kept], min_df=s.min_df, max_df=s.max_df)
        vocabulary = read_json(ctx.input("tag", "vocabulary.json"))
        seeds = [_seed_terms(code.include, set(data.vocabulary)) for code in codebook.seeds]
        seed_names = [code.name for code in codebook.seeds]

        make_model = ModelFactory(s.model, random_state=s.random_state, seed_terms=seeds)
        if s.model == "mixture":   # the word similarities are computed once, before any worker starts
            neighbours = make_model(2).neighbours
            data.cached(("ppmi_neighbours", neighbours), lambda: ppmi_neighbours(data.binary, neighbours))

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
        written = self._write(ctx, tags, kept, data, themes, matrix, overrides, s.assign_threshold)
        ordered = sorted(themes, key=lambda t: t["id"])
        for theme in ordered:
            theme.pop("vector", None)
        chosen = next(sc for sc in scores if sc.k == k)
        summary = {
            "history": ctx.history.name,
            "model": s.model,
            "model_params": {key: value for key, value in model.get_params().items() if key != "seed_terms"},
            "k": k,
            "k_chosen_by": "fixed" if fixed else "max of mean NPMI + 0.5 x stability over k",
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
        write_json(ctx.dir / "k_scores.json", {"chosen": k, "scores": [sc.to_dict() for sc in scores]})
        return {"themes": len(ordered), "k": k, "passages": len(kept), "unassigned": written["unassigned"],
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
    def _write(ctx, tags, kept, data, themes, matrix, overrides: Overrides, threshold: float) -> dict[str, int]:
        ids = sorted(matrix)
        stacked = np.vstack([matrix[i] for i in ids]).T if ids else np.zeros((len(kept), 0))
        sums = stacked.sum(axis=1, keepdims=True)
        stacked = np.divide(stacked, sums, out=np.zeros_like(stacked), where=sums > 0)
        row = {passage_id: r for r, passage_id in enumerate(data.ids)}
        passages = {p.id: p for p in JsonlStream(ctx.input("clean", "passages.jsonl"), Passage)}
        sizes: Counter = Counter()
        unassigned = 0
        pinned_missing = [pid for pid in overrides.pin if pid not in row]
        for pid in pinned_missing:
            ctx.problems.warning(ctx.history.config_path("themes.yaml"), f"pinned passage {pid} is not in this run (ignored)")
        with JsonlWriter(ctx.dir / "assignments.jsonl") as out:
            for tag in tags:
                if tag.id not in row:
                    continue
                weights = stacked[row[tag.id]]
                distribution = {ids[i]: round(float(w), ROUND) for i, w in enumerate(weights) if w >= 0.01}
                best = int(weights.argmax()) if len(weights) else 0
                theme = ids[best] if len(weights) and weights[best] >= threshold else None
                pinned = overrides.pin.get(tag.id)
                if pinned in matrix:
                    theme = pinned
                if theme is None:
                    unassigned += 1
                else:
                    sizes[theme] += 1
                passage = passages.get(tag.id)
                out.write(Assignment(tag.id, tag.doc, passage.source if passage else "", theme,
                                     round(float(weights[best]) if len(weights) else 0.0, ROUND), distribution,
                                     pinned=pinned in matrix))
        for theme in themes:
            theme["size"] = sizes.get(theme["id"], 0)
        return {"unassigned": unassigned}


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
