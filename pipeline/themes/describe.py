"""Describing themes so a researcher can trust them or fix them: labels from terms that are frequent in the theme
and distinctive of it (with the passages behind each), matched codebook codes, each passage's fit, quality flags,
and a themes.yaml snippet per theme.

Label terms: a term's coverage is the share of the theme's passages that use it; its lift is that share over its
share in the whole history. Candidates have lift >= `min_lift`, are used by at least `min_passages` of the
theme's passages, and are used most (by coverage) in this theme, so a word labels one theme only; they are ranked
by coverage x log(lift). The first label term must cover at least `first_coverage` of the theme's passages (a key
phrase goes first when it does). Where no term does (a diffuse theme of everyday talk), the codebook code that
matches the theme best leads the label if it does ("family and personal life · town · houses"). A term whose words
are all in another label term's, or the other way round, is left out ("Peace Corps · volunteer", not "Peace Corps ·
volunteer · Peace Corps volunteers").
"""

from __future__ import annotations

import json

import numpy as np
import scipy.sparse as sp

from .data import ThemeData
from .quality import npmi

MIN_LIFT = 1.5
MIN_PASSAGES = 3
FIRST_COVERAGE = 0.10
# Talk about the conversation itself rather than its subject: greetings, thanks, apologies, agenda items.
PROCEDURAL = frozenset("""thank thanks thank_you welcome hello hi goodbye bye sorry apologise apologize apology pardon
pleasure agenda item minute minutes interview interviewer tape recording transcript okay ok alright yeah yes
question introduce introduction session break lunch coffee""".split())
PROCEDURAL_SHARE = 0.30
# Forms of address: in sworn testimony nearly every answer says "sir", so it can be frequent in a theme and
# distinctive of it, yet it names no subject ("Sir · drive · lunch"). Never a label term.
ADDRESS_WORDS = frozenset({"sir", "madam", "ma'am", "ma’am"})
LOW_COHERENCE = 0.02
ONE_SOURCE_SHARE = 0.5
WEAK_FIT_SHARE = 0.25
WEAK_QUANTILE = 0.10


def _surface(term: str, vocabulary: dict[str, str]) -> str:
    return vocabulary.get(term, term.replace("_", " "))


def _overlapping(term: str, other: str) -> bool:
    """One term's words all within the other's ("peace_corps" and "peace_corps_volunteer", "government" and
    "local_government"), or one word the start of the other ("russia" and "russian", "teach" and "teacher"): a
    label naming both says one thing twice ("Russians · Russian · Russia")."""
    words, other_words = set(term.split("_")), set(other.split("_"))
    if words <= other_words or other_words <= words:
        return True
    if "_" in term or "_" in other:
        return False
    short, long = sorted((term, other), key=len)
    return len(short) >= 4 and long.startswith(short)


def describe_themes(themes: list[dict], columns: list[int], data: ThemeData, primary: np.ndarray,
                    vocabulary: dict[str, str], codes: list[list[str]], terms: list[list[str]] | None = None,
                    label_terms: int = 3) -> None:
    """Adds to each theme: label, model_label, label_terms (term, label, passages, coverage, lift), codes
    (code, passages, coverage, lift), coherence of the label-ranked terms, procedural_share."""
    n = data.binary.shape[0]
    k = max(columns) + 1 if columns else 0
    membership = sp.csr_matrix((np.ones(n), (np.arange(n), primary)), shape=(n, k))
    size = np.asarray(membership.sum(axis=0)).ravel()
    in_theme = np.asarray((membership.T @ data.binary).todense())             # themes x terms: passages using it
    coverage = in_theme / np.clip(size[:, None], 1, None)
    overall = np.asarray(data.binary.sum(axis=0)).ravel() / max(1, n)
    lift = coverage / np.clip(overall, 1e-12, None)
    owner = coverage.argmax(axis=0)
    score = coverage * np.log(np.clip(lift, 1e-12, None))
    all_codes = sorted({c for row in codes for c in row})
    code_index = {c: i for i, c in enumerate(all_codes)}
    code_matrix = np.zeros((n, len(all_codes)))
    for r, row in enumerate(codes):
        for code in row:
            code_matrix[r, code_index[code]] = 1
    code_in_theme = np.asarray(membership.T @ code_matrix)
    code_overall = code_matrix.mean(axis=0) if n else np.zeros(len(all_codes))
    used: set[str] = set()
    for theme, c in zip(themes, columns, strict=True):
        if size[c] == 0:
            theme.update({"label_terms": [], "codes": [], "procedural_share": 0.0})
            continue
        matched = []
        for j in np.argsort(-code_in_theme[c], kind="stable"):
            share = code_in_theme[c, j] / size[c]
            code_lift = share / code_overall[j] if code_overall[j] else 0.0
            if code_in_theme[c, j] >= MIN_PASSAGES and share >= FIRST_COVERAGE and code_lift >= 1.2:
                matched.append({"code": all_codes[j], "passages": int(code_in_theme[c, j]),
                                "coverage": round(float(share), 4), "lift": round(float(code_lift), 2)})
        theme["codes"] = matched[:3]
        candidates = [i for i in np.argsort(-score[c], kind="stable")
                      if lift[c, i] >= MIN_LIFT and in_theme[c, i] >= MIN_PASSAGES and owner[i] == c]
        if not candidates:     # a theme that owns no term: its most distinctive frequent terms all the same
            candidates = [i for i in np.argsort(-score[c], kind="stable") if in_theme[c, i] >= MIN_PASSAGES][:10]
        candidates = [i for i in candidates if _surface(data.vocabulary[i], vocabulary) not in used
                      and data.vocabulary[i] not in ADDRESS_WORDS]
        broad = [i for i in candidates if coverage[c, i] >= FIRST_COVERAGE]
        if not broad:          # a broad theme: the most distinctive term in a tenth of it, even if another uses it more
            broad = [i for i in np.argsort(-score[c], kind="stable") if lift[c, i] > 1.0 and coverage[c, i] >= FIRST_COVERAGE
                     and _surface(data.vocabulary[i], vocabulary) not in used and data.vocabulary[i] not in ADDRESS_WORDS][:1]
        entries = []
        lead = None if broad else next((m for m in matched if m["code"] not in used), None)
        if lead is not None:
            # No word is in a tenth of a diffuse theme ("town" in 9% of everyday-life talk), but a code of the
            # team's codebook is: the label leads with it ("family and personal life · town · houses").
            used.add(lead["code"])
            entries.append({"term": lead["code"], "label": lead["code"], "code": True, "passages": lead["passages"],
                            "coverage": lead["coverage"], "lift": lead["lift"]})
            code_words = set(lead["code"].lower().split())
            candidates = [i for i in candidates if not set(data.vocabulary[i].split("_")) <= code_words]
        phrases = [i for i in broad if "_" in data.vocabulary[i]]
        first = phrases[:1] or broad[:1] or candidates[:1]
        chosen = list(first)
        for i in candidates:
            if len(chosen) + len(entries) < label_terms and \
                    not any(_overlapping(data.vocabulary[i], data.vocabulary[j]) for j in chosen):
                chosen.append(i)
        for i in chosen[:label_terms - len(entries)]:
            label = _surface(data.vocabulary[i], vocabulary)
            used.add(label)
            entries.append({"term": data.vocabulary[i], "label": label, "passages": int(in_theme[c, i]),
                            "coverage": round(float(coverage[c, i]), 4), "lift": round(float(lift[c, i]), 2)})
        theme["label"] = theme["model_label"] = " · ".join(e["label"] for e in entries) or theme["label"]
        theme["label_terms"] = entries
        theme["label_coverage"] = entries[0]["coverage"] if entries else 0.0
        ranked = [i for i in np.argsort(-score[c], kind="stable") if in_theme[c, i] >= MIN_PASSAGES][:10]
        theme["label_coherence"] = round(float(npmi([ranked], data.binary)[0]), 4) if len(ranked) >= 2 else 0.0
        members = np.flatnonzero(primary == c)
        if terms is not None:
            procedural = sum(1 for r in members if PROCEDURAL.intersection(terms[r]))
            theme["procedural_share"] = round(procedural / len(members), 4)
        else:
            theme["procedural_share"] = 0.0


def passage_fits(vectors: np.ndarray, chosen: list[str | None], ids: list[str]) -> dict:
    """Each passage's fit to its theme: cosine of its (L2-normalised) vector to the theme's centre. A fit is weak
    when another theme's centre is closer, or it is in the theme's lowest `WEAK_QUANTILE`. `nearest` gives, per
    theme, the other theme whose centre is closest (for merge suggestions)."""
    index = {t: i for i, t in enumerate(ids)}
    rows = np.array([index[t] if t is not None else -1 for t in chosen], dtype=int)
    centres = np.zeros((len(ids), vectors.shape[1]))
    for t in range(len(ids)):
        members = rows == t
        if members.any():
            total = vectors[members].sum(axis=0)
            centres[t] = total / max(np.linalg.norm(total), 1e-12)
    similarity = vectors @ centres.T if len(ids) else np.zeros((len(rows), 0))
    fit = np.array([similarity[r, t] if t >= 0 else 0.0 for r, t in enumerate(rows)])
    best = similarity.argmax(axis=1) if len(ids) else np.zeros(len(rows), dtype=int)
    weak = np.zeros(len(rows), dtype=bool)
    better: list[str | None] = [None] * len(rows)
    for t in range(len(ids)):
        members = np.flatnonzero(rows == t)
        if len(members) == 0:
            continue
        cut = np.quantile(fit[members], WEAK_QUANTILE) if len(members) >= 10 else -np.inf
        for r in members:
            if best[r] != t:
                weak[r] = True
                better[r] = ids[best[r]]
            elif fit[r] < cut:
                weak[r] = True
    nearest = {}
    if len(ids) > 1:
        between = centres @ centres.T
        np.fill_diagonal(between, -np.inf)
        for t in range(len(ids)):
            o = int(between[t].argmax())
            if np.isfinite(between[t, o]) and np.linalg.norm(centres[t]) > 0 and np.linalg.norm(centres[o]) > 0:
                nearest[ids[t]] = (ids[o], round(float(between[t, o]), 3))
    return {"fit": fit.tolist(), "weak": weak.tolist(), "better": better, "nearest": nearest}


def theme_flags(theme: dict, fits: list[tuple], passages: int, documents: dict) -> list[dict]:
    """Quality flags for one theme (after overrides): each {"flag", "detail"}."""
    flags = []
    size = theme.get("size", 0)
    coherence = theme.get("coherence", 0.0)
    if coherence < 0:
        flags.append({"flag": "negative_coherence", "detail": f"its top terms rarely occur together (NPMI {coherence:.3f})"})
    elif coherence < LOW_COHERENCE:
        flags.append({"flag": "low_coherence", "detail": f"its top terms seldom occur together (NPMI {coherence:.3f})"})
    sources = documents.get(theme["id"])
    if sources and size >= 5 and len(sources) >= 1:
        doc, count = sorted(sources.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        if count / size > ONE_SOURCE_SHARE:
            flags.append({"flag": "one_source", "detail": f"{count} of its {size} passages ({count / size:.0%}) come from {doc}"})
    theme["sources_share"] = round(max(sources.values()) / size, 4) if sources and size else 0.0
    if theme.get("procedural_share", 0.0) >= PROCEDURAL_SHARE:
        flags.append({"flag": "procedural", "detail": f"{theme['procedural_share']:.0%} of its passages are talk about the "
                      "conversation itself (thanks, greetings, apologies, agenda items): consider drop"})
    weak = sum(1 for f in fits if f[1])
    theme["weak_fits"] = weak
    if size and weak / size >= WEAK_FIT_SHARE:
        flags.append({"flag": "weak_fits", "detail": f"{weak} of its {size} passages fit it weakly (closer in meaning to "
                      "another theme, or far from its centre)"})
    if theme.get("label_terms") and theme["label_terms"][0]["coverage"] < FIRST_COVERAGE:
        flags.append({"flag": "thin_label", "detail": f"its first label term is in only {theme['label_terms'][0]['coverage']:.1%} "
                      "of its passages"})
    return flags


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)    # a JSON string is a valid YAML double-quoted scalar


def yaml_snippet(theme: dict, nearest: tuple[str, float] | None, weakest: dict | None, k: int) -> str:
    """A themes.yaml fragment for this theme, every line commented out: uncomment the lines you want (the format is
    in pipeline/themes/overrides.py and the README)."""
    tid = theme["id"]
    lines = [f"# {tid}: {theme['label']} ({theme.get('size', 0)} passages). Uncomment what you want in themes.yaml.",
             "# rename:", f"#   {tid}: {_quote(theme['label'][:1].upper() + theme['label'][1:])}"]
    if nearest:
        lines += ["# merge:", f"#   - [{nearest[0]}, {tid}]    # into the theme closest in meaning (cosine {nearest[1]:.2f})"]
    lines += [f"# split: [{tid}]    # its passages re-clustered into two themes",
              f"# drop: [{tid}]    # its passages go to their next theme"]
    if weakest:
        if weakest.get("better"):
            lines += ["# move:", f"#   {weakest['passage']}: {weakest['better']}    # its weakest fit (cosine {weakest['fit']:.2f}) "
                      f"fits {weakest['better']} better"]
        lines += [f"# exclude: [{weakest['passage']}]    # leave its weakest fit out of every theme"]
    lines += ["# notes:", f"#   {tid}: \"what the team decided about this theme, and why\""]
    return "\n".join(lines) + "\n"
