"""Training the spam finder's word model on the tuning families (a developer step; the weights are shipped).

Chains of the tuning families are injected into the histories' own texts (as `spam_injection` does), the page
model is fitted on each injected history, and a logistic regression learns how much each kind of evidence
(commercial language, foreignness, broken sentences, line shape) says about a word being injected spam. The
features never name a word, so what is learned carries to families the model has not seen; the held-out
families are not read here.

    python -m pipeline.evaluate.spam_training outputs/*/ingest/records.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from pathlib import Path

from ..records import JsonlStream, Record
from ..text.page_model import PageModel
from ..text.spam import FEATURES, GROUPS, SpamFinder, TokenModel
from ..text.spam_anchors import lines
from ..text.spam_lexicon import terms
from .spam_injection import TUNING_FAMILIES, inject, load_families

THRESHOLDS = {"seed": 0.5, "extend": 0.2, "span": 0.8, "group": 2.5, "breaks": 2.0}   # chosen on the tuning families
SHARES = (0.5, 0.15)      # spam in half the texts (each chain repeated) and in few (a chain seen once or twice)


def examples(texts: list[str], families, seed: int, inject_share: float = 0.5):
    """(features, label) for every word of every line worth a look, spam injected into a share of the texts."""
    rng = random.Random(seed)
    injected = []
    for text in texts:
        if rng.random() < inject_share:
            new, span, _ = inject(text, rng, families)
            injected.append((new, span))
        else:
            injected.append((text, None))
    finder = SpamFinder().fit(t for t, _ in injected)
    rows, labels = [], []
    for text, span in injected:
        own, own_pairs = PageModel.own_counts(terms(text))
        several = "\n" in text.strip()
        for line_start, line in lines(text):
            tokens, features = finder.line_features(line, own, own_pairs, several)
            if not any(finder._suspect(x) for x in features):
                continue
            for (start, _, _, _), x in zip(tokens, features):
                rows.append(x)
                labels.append(1 if span is not None and span[0] <= line_start + start < span[1] else 0)
    return rows, labels


def train(histories: list[list[str]], seed: int = 1, C: float = 1.0) -> dict:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    families = load_families(TUNING_FAMILIES)
    rows, labels = [], []
    for n, texts in enumerate(histories):
        for m, share in enumerate(SHARES):
            r, y = examples(texts, families, seed + 10 * n + m, share)
            rows += r
            labels += y
    vectorizer = DictVectorizer(sparse=True)
    X = vectorizer.fit_transform(rows)
    model = LogisticRegression(C=C, max_iter=2000, random_state=seed).fit(X, labels)
    weights = {name: round(float(w), 5) for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0])}
    unknown = set(weights) - set(FEATURES)
    assert not unknown, unknown
    draft = TokenModel(weights, 0.0, {})
    real = [draft.contributions(x) for x, y in zip(rows, labels) if not y]
    baselines = {g: round(sum(c[g] for c in real) / len(real), 5) for g in GROUPS}
    return {
        "note": "Logistic weights of pipeline.text.spam over word features; trained by pipeline.evaluate.spam_training "
                "on the tuning families only (held-out families never read).",
        "families_sha256": hashlib.sha256(Path(TUNING_FAMILIES).read_bytes()).hexdigest(),
        "seed": seed, "C": C, "examples": len(labels), "positives": int(sum(labels)),
        "weights": dict(sorted(weights.items())), "intercept": round(float(model.intercept_[0]), 5), "baselines": baselines,
        "thresholds": THRESHOLDS,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Train the spam finder's word model on the tuning families.")
    parser.add_argument("records", nargs="+", type=Path, help="ingest records.jsonl of each history")
    parser.add_argument("--out", type=Path, default=Path("pipeline/data/spam_model.json"))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    histories = [[r.text for r in JsonlStream(path, Record)] for path in args.records]
    data = train(histories, args.seed)
    args.out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"{args.out}: {data['examples']} words, {data['positives']} spam")


if __name__ == "__main__":
    main()
