"""Themes: the fitted model (the model stage) with the researchers' decisions in themes.yaml applied: renames,
merges, splits, drops, moved and excluded passages, notes. Cheap, so a decision made on a distillation day (by hand
or in `lh review`) shows in seconds and never refits the model.

Every passage gets a distribution over themes and a primary theme; it is left unassigned only when its largest
weight is below `assign_threshold` (or it has no term the model knows), and the share left unassigned is reported.
Each theme carries its label terms with their coverage, matched codes, quality flags, a themes.yaml snippet and the
researchers' note. Two runs with the same inputs write byte-identical themes.json and assignments.jsonl.
"""

from __future__ import annotations

from typing import Any

from ..embed.cache import cached_vectors
from ..embed.encoder import make_encoder
from ..records import Assignment, JsonlStream, JsonlWriter, Passage, Tags, read_json, write_json
from ..stage import Stage, StageContext, StageFailed
from ..themes.apply import apply_overrides, summary_of
from ..themes.data import build
from ..themes.overrides import load_overrides
from .model import EMBEDDINGS, passage_texts


class Themes(Stage):
    name = "themes"
    reads = {"model": ("model.json", "distributions.jsonl", "k_scores.json", EMBEDDINGS),
             "tag": ("tags.jsonl", "vocabulary.json"), "clean": ("passages.jsonl",)}
    config_files = ("themes.yaml",)
    example = "lh themes corpus/public-service-oral-histories"
    summary = "Apply the researchers' decisions (themes.yaml) to the fitted themes: rename, merge, split, drop, move, exclude, notes."

    def run(self, ctx: StageContext) -> dict[str, Any]:
        s = ctx.settings
        overrides = ctx.read_config("themes.yaml", load_overrides)
        model = read_json(ctx.input("model", "model.json"))
        distributions = list(JsonlStream(ctx.input("model", "distributions.jsonl")))
        tags = {t.id: t for t in JsonlStream(ctx.input("tag", "tags.jsonl"), Tags)}
        passages = {p.id: p for p in JsonlStream(ctx.input("clean", "passages.jsonl"), Passage)}
        ids = [row["id"] for row in distributions]
        missing = [pid for pid in ids if pid not in tags]
        if missing:
            raise StageFailed(f"model/distributions.jsonl names passages the tag stage does not have ({missing[0]}, ...): "
                              "run the model stage again (lh model --force)")
        ordered = [tags[pid] for pid in ids]
        data = build(ids, [t.terms for t in ordered], min_df=s.min_df, max_df=s.max_df)
        vectors = None
        if model.get("model") == "hybrid":
            encoder = make_encoder(s.embedder, batch_size=s.embed_batch, max_tokens=s.embed_tokens)
            vectors = cached_vectors(passage_texts(ordered, passages), encoder, ctx.input("model", EMBEDDINGS))
        path = ctx.history.config_path("themes.yaml")
        applied = apply_overrides(model, distributions, overrides, data, vectors, read_json(ctx.input("tag", "vocabulary.json")),
                                  [t.codes for t in ordered], [t.terms for t in ordered], s.assign_threshold,
                                  lambda message, line: ctx.problems.warning(path, message, line), s.random_state)
        with JsonlWriter(ctx.dir / "assignments.jsonl") as out:
            for row in applied.rows:
                passage = passages.get(row["id"])
                out.write(Assignment(row["id"], row["doc"], passage.source if passage else "", row["theme"], row["weight"],
                                     row["distribution"], pinned=row["pinned"], fit=row["fit"], weak_fit=row["weak_fit"],
                                     excluded=row["excluded"]))
        summary = summary_of(model, applied, s.assign_threshold)
        write_json(ctx.dir / "themes.json", summary)
        write_json(ctx.dir / "k_scores.json", read_json(ctx.input("model", "k_scores.json")))
        return {"themes": len(applied.themes), "k": model["k"], "passages": len(applied.rows), "excluded": applied.excluded,
                "unassigned": applied.unassigned, "unassigned_share": summary["unassigned_share"],
                "decisions": sum(map(len, (overrides.rename, overrides.merge, overrides.split, overrides.drop,
                                           overrides.move, overrides.exclude, overrides.notes)))}
