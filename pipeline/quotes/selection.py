"""Representative quotes per theme: strong in the theme, but diverse, balanced across interviews and roles,
that stand alone, with a critical voice where one is found with confidence (pipeline/nlp/critical.py).

Greedy selection in the manner of maximal marginal relevance: each step takes the candidate with the best
theme weight after penalties for sharing an interview or a role with quotes already taken; a candidate whose
TF-IDF cosine with a taken quote exceeds `max_similarity` is never taken, and no interview supplies more than
`max_share` of the quotes while other interviews have material. Pinned passages (themes.yaml) come first.
A passage that opens by pointing back to words not shown ("And he ...", later in a long answer) costs
`dangling_penalty`, so another passage is preferred (pipeline/text/standalone.py); one broken by several "…"
marks costs up to `choppy_penalty`, one full of "[Person N]" markers up to `crowded_penalty`.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer


@dataclass
class Candidate:
    id: str
    doc: str
    role: str | None
    text: str
    weight: float
    tone: str
    pinned: bool = False
    critical: float = 0.0         # > 0: a critical voice (pipeline/nlp/critical.py), the more the surer
    dangling: float = 0.0         # 1 when it opens pointing back to words not shown, a little when the question shows them
    choppy: float = 0.0           # 0 to 1: how many omission marks break it (quotes/standalone.py choppiness)
    crowded: float = 0.0          # 0 to 1: how many "[Person N]" markers fill it (quotes/standalone.py crowding)


@dataclass(frozen=True)
class QuoteSelector:
    per_theme: int = 12
    max_similarity: float = 0.7
    max_share: float = 0.4
    doc_penalty: float = 0.1
    role_penalty: float = 0.03
    critical_slots: int = 1
    pool: int = 300
    dangling_penalty: float = 0.3
    choppy_penalty: float = 0.2
    crowded_penalty: float = 0.4

    def select(self, candidates: list[Candidate]) -> list[Candidate]:
        if not candidates:
            return []
        candidates = sorted(candidates, key=lambda c: (not c.pinned, -c.weight, c.id))
        # The strongest few hundred hold every quote worth choosing, plus the critical voices further down.
        pool = self.pool
        head = candidates[:pool]
        critical_tail = [c for c in candidates[pool:] if c.critical > 0][: self.critical_slots * 20]
        candidates = head + critical_tail
        # Cosines between all candidates at once (a few hundred square): each step then only looks them up.
        similarity = None
        if len(candidates) > 1:
            vectors = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform([c.text for c in candidates])
            similarity = (vectors @ vectors.T).toarray()
        docs_available = len({c.doc for c in candidates})
        target = min(self.per_theme, len(candidates))
        cap = max(1, math.floor(self.max_share * target)) if docs_available >= 3 else target
        chosen: list[int] = []
        per_doc: Counter = Counter()
        per_role: Counter = Counter()

        def allowed(i: int) -> bool:
            if per_doc[candidates[i].doc] >= cap and not candidates[i].pinned:
                return False
            if similarity is not None and chosen and similarity[i, chosen].max() > self.max_similarity:
                return False
            return True

        def take(i: int) -> None:
            chosen.append(i)
            per_doc[candidates[i].doc] += 1
            per_role[candidates[i].role] += 1

        for i, c in enumerate(candidates):
            if c.pinned and len(chosen) < target:
                take(i)
        # Keep room for critical voices, which a theme's strongest quotes often leave out.
        critical = [i for i, c in enumerate(candidates) if c.critical > 0]
        wanted = min(self.critical_slots, len(critical))
        while len(chosen) < target:
            taken_critical = sum(1 for i in chosen if candidates[i].critical > 0)
            if taken_critical < wanted and target - len(chosen) <= wanted - taken_critical:
                crit = next((i for i in critical if i not in chosen and allowed(i)), None)
                if crit is not None:
                    take(crit)
                    continue
            best, best_score = None, -np.inf
            for i, c in enumerate(candidates):
                if i in chosen or not allowed(i):
                    continue
                score = (c.weight - self.doc_penalty * per_doc[c.doc] - self.role_penalty * per_role[c.role]
                         - self.dangling_penalty * c.dangling - self.choppy_penalty * c.choppy
                         - self.crowded_penalty * c.crowded)
                if score > best_score:
                    best, best_score = i, score
            if best is None:
                break
            take(best)
        return [candidates[i] for i in chosen]
