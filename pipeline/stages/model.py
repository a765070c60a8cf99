"""Model: the theme model fitted to the history, before any researcher's decision is applied (the themes stage
applies themes.yaml to these outputs, which is cheap, so a rename or merge never refits).

The default model reads meaning (sentence embeddings of the cleaned passages, cached by text hash in
embeddings.npy so a re-run embeds only new text) and words (the tagged terms); k is chosen by the themes' silhouette
in embedding space (coherence and stability for the words-only models); ids stay stable across runs. Each theme is
described so a researcher can trust it or fix it: label terms that are both frequent in the theme and distinctive of
it (with the passages behind each), the codes it matches, its coherence and how much of it is procedural talk.

Outputs: model.json (the themes, k and how it was chosen), distributions.jsonl (each passage's weight on every
theme), k_scores.json (the score curve), embeddings.npy (the cache). Two runs with the same inputs and settings
write the same bytes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import numpy as np

from ..embed.cache import embed_cached
from ..embed.encoder import make_encoder
from ..nlp.codebook import load_codebook
from ..nlp.tokens import lemma, words
from ..problems import InputError
from ..records import JsonlStream, JsonlWriter, Passage, Tags, read_json, write_json
from ..stage import Stage, StageContext, StageFailed
from ..themes.data import ThemeData, build
from ..themes.describe import describe_themes
from ..themes.ids import assign_ids
from ..themes.models import HybridThemes, MixtureThemes, ThemeModel, ppmi_neighbours
from ..themes.overrides import load_overrides
from ..themes.quality import npmi
from ..themes.select import CRITERIA, ModelFactory, at_edge, choose_k, criterion, one_standard_error, score_k

ROUND = 6
EMBEDDINGS = "embeddings.npy"


class Model(Stage):
    name = "model"
    settings_table = "themes"        # the themes' settings live in history.toml's [themes] table
    reads = {"tag": ("tags.jsonl", "vocabulary.json"), "clean": ("passages.jsonl",)}
    config_files = ("themes.yaml", "codebook.yaml")
    example = "lh model corpus/public-service-oral-histories --themes 8"
    summary = "Fit the theme model: sentence meaning and words, k by silhouette, stable ids, labels (before overrides)."

    def input_digests(self, history) -> dict[str, str]:
        """Of themes.yaml only `themes:` (a fixed k) changes the model; every other decision is applied by the themes
        stage to these outputs, so a rename, merge or split never refits."""
        digests = super().input_digests(history)
        try:
            fixed = history.read_config("themes.yaml", load_overrides).themes     # None when absent
        except InputError as exc:
            fixed = f"unreadable: {exc.message}"
        digests[f"{history.name}/themes.yaml"] = hashlib.sha256(f"themes: {fixed}".encode()).hexdigest()
        return digests

    def run(self, ctx: StageContext) -> dict[str, Any]:
        s = ctx.settings
        overrides = ctx.read_config("themes.yaml", load_overrides)
        codebook = ctx.read_config("codebook.yaml", load_codebook)
        tags = list(JsonlStream(ctx.input("tag", "tags.jsonl"), Tags))
        if len(tags) < 4:
            raise StageFailed(f"{ctx.history.name}: only {len(tags)} passages: too few to find themes")
        passages = {p.id: p for p in JsonlStream(ctx.input("clean", "passages.jsonl"), Passage)}
        embeddings, embedded = None, 0
        if s.model == "hybrid":
            texts = passage_texts(tags, passages)
            previous_cache = ctx.previous / EMBEDDINGS if ctx.previous is not None else None
            encoder = make_encoder(s.embedder, batch_size=s.embed_batch, threads=ctx.jobs, max_tokens=s.embed_tokens)
            embeddings, embedded = embed_cached(texts, encoder, previous_cache, ctx.dir / EMBEDDINGS)
        data = build([t.id for t in tags], [t.terms for t in tags], min_df=s.min_df, max_df=s.max_df, embeddings=embeddings)
        vocabulary = read_json(ctx.input("tag", "vocabulary.json"))
        seeds = [_seed_terms(code.include, set(data.vocabulary)) for code in codebook.seeds]
        seed_names = [code.name for code in codebook.seeds]

        make_model = ModelFactory(s.model, random_state=s.random_state, seed_terms=seeds)
        probe = make_model(2)
        if isinstance(probe, MixtureThemes):   # the word similarities are computed once, before any worker starts
            neighbours = probe.neighbours
            data.cached(("ppmi_neighbours", neighbours), lambda: ppmi_neighbours(data.binary, neighbours))
        if isinstance(probe, HybridThemes):    # so are the diffused embeddings
            probe.diffused(data)

        fixed = s.k or overrides.themes
        n = len(tags)
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
                                         random_state=s.random_state, previous_k=_previous_k(ctx.previous))
            model = models[k] if sample is data else make_model(k).fit(data)
        distributions = model.transform(data)
        themes, columns = self._describe(model, data, distributions, vocabulary, s.top_terms, seed_names)
        describe_themes(themes, columns, data, distributions.argmax(axis=1), vocabulary, [t.codes for t in tags],
                        [t.terms for t in tags])
        previous = _previous_themes(ctx.previous)
        if previous:
            ids = assign_ids([t["vector"] for t in themes], [p["vector"] for p in previous], [p["id"] for p in previous])
        else:
            order = sorted(range(len(themes)), key=lambda i: (-themes[i]["size"], i))
            rank_of = {i: rank for rank, i in enumerate(order, 1)}
            ids = [f"T{rank_of[i]:02d}" for i in range(len(themes))]
        for theme, theme_id in zip(themes, ids, strict=True):
            theme["id"] = theme_id
        chosen = next(sc for sc in scores if sc.k == k)
        chosen_by = "fixed" if fixed else CRITERIA[criterion(scores)]
        first_run_k = one_standard_error(scores).k if not fixed and criterion(scores) == "silhouette" else k
        kept = first_run_k != k
        if kept:
            chosen_by = (f"kept from the previous run: k = {k} is still within one standard error of the best "
                         f"silhouette (a first run would take k = {first_run_k})")
        edge = not fixed and at_edge(k, ks)
        unmatched = [name for i, (name, terms) in enumerate(zip(seed_names, seeds, strict=True))
                     if terms and i not in getattr(model, "seed_themes_", {})]
        unmatched += [name for name, terms in zip(seed_names, seeds, strict=True) if not terms]
        flags = []
        if edge:
            flags.append({"flag": "k_at_edge", "detail": f"k = {k} is at the {'low' if k == min(ks) else 'high'} end of "
                          f"the range {min(ks)}-{max(ks)}: the best k may lie outside it (set k_min/k_max or 'themes:')"})
        for name in unmatched:
            flags.append({"flag": "seed_without_theme", "detail": f"seed code '{name}' produced no theme "
                          f"(its terms are {'not in the vocabulary' if not seeds[seed_names.index(name)] else 'not concentrated in any theme'})"})
        column_of = {theme["id"]: c for theme, c in zip(themes, columns, strict=True)}
        order = sorted(column_of)
        sums = distributions.sum(axis=1, keepdims=True)
        normalised = np.divide(distributions, sums, out=np.zeros_like(distributions, dtype=np.float64), where=sums > 0)
        with JsonlWriter(ctx.dir / "distributions.jsonl") as out:
            for r, tag in enumerate(tags):
                out.write({"id": tag.id, "doc": tag.doc,
                           "weights": {tid: round(float(normalised[r, column_of[tid]]), ROUND) for tid in order
                                       if normalised[r, column_of[tid]] >= 1e-4}})
        write_json(ctx.dir / "model.json", {
            "history": ctx.history.name,
            "model": s.model,
            "embedder": s.embedder if s.model == "hybrid" else None,
            "model_params": {key: value for key, value in model.get_params().items() if key != "seed_terms"},
            "k": k,
            "k_range": [min(ks), max(ks)],
            "k_at_edge": edge,
            "k_chosen_by": chosen_by,
            "k_kept_from_previous_run": kept,
            "flags": flags,
            "unmatched_seeds": unmatched,
            "embedded": embedded,
            "coherence_npmi": round(chosen.npmi, 4),
            "stability": round(chosen.stability, 4),
            "diversity": round(chosen.diversity, 4),
            "passages": len(tags),
            "vocabulary": len(data.vocabulary),
            "seeded_codes": [name for name, terms in zip(seed_names, seeds, strict=True) if terms],
            "themes": sorted(themes, key=lambda t: t["id"]),
        })
        write_json(ctx.dir / "k_scores.json", {"chosen": k, "criterion": "fixed" if fixed else criterion(scores),
                                               "range": [min(ks), max(ks)], "at_edge": edge, "kept_previous": kept,
                                               "scores": [dict(sc.to_dict(), chosen=sc.k == k) for sc in scores]})
        return {"themes": len(themes), "k": k, "passages": len(tags), "embedded": embedded,
                "npmi": round(chosen.npmi, 4), "stability": round(chosen.stability, 4)}

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
            entries: list[dict[str, Any]] = [{"term": data.vocabulary[i], "label": vocabulary.get(data.vocabulary[i], data.vocabulary[i].replace("_", " ")),
                        "weight": round(float(phi[c, i]), ROUND)} for i in terms]
            phrases = [e["label"] for e in entries if "_" in e["term"]]
            # The label: the theme's most relevant terms (probable and particular to it) that are neither rare nor
            # in a fifth of all passages nor another theme's more, a key phrase first where one is among them.
            usable = [i for i in probable[c] if frequent[i] and share[i] < 0.2] or list(probable[c])
            own = [i for i in usable if owner[i] == c]
            candidates = own + [i for i in usable if i not in own] if len(own) >= 3 else usable
            surface = [vocabulary.get(data.vocabulary[i], data.vocabulary[i].replace("_", " ")) for i in candidates]
            label_phrases = [f for i, f in zip(candidates, surface, strict=True) if "_" in data.vocabulary[i]]
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


def passage_texts(tags: list[Tags], passages: dict[str, Passage]) -> list[str]:
    """The text each tagged passage is embedded by (its terms where the passage is gone)."""
    return [passages[t.id].text if t.id in passages else " ".join(t.terms) for t in tags]


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


def _previous_k(previous: Path | None) -> int | None:
    """The k the last run chose itself (not one the team fixed), to keep while the data still supports it."""
    if previous is None or not (previous / "k_scores.json").exists():
        return None
    try:
        data = read_json(previous / "k_scores.json")
        return int(data["chosen"]) if data.get("criterion") == "silhouette" else None
    except (ValueError, KeyError, TypeError):
        return None


def _previous_themes(previous: Path | None) -> list[dict]:
    if previous is None or not (previous / "model.json").exists():
        return []
    try:
        data = read_json(previous / "model.json")
        return [{"id": t["id"], "vector": {e["term"]: e["weight"] for e in t["terms"]}} for t in data["themes"]]
    except (ValueError, KeyError, TypeError):
        return []
