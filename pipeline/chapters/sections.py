"""A chapter's quotes split into 2-4 sections by the sub-themes within them, each headed with its own words, and
ordered so a story can be read.

Sections: k-means on the quotes' TF-IDF vectors (their lemmas and key phrases from the tag stage), k from 2 to
4 chosen by silhouette with every section holding 2 quotes at least (a chapter of fewer than 4 quotes is one
section). Headings: the terms that most set a section's quotes apart from the chapter's other quotes (present
in more of its quotes than of the others'), as the quotes spell them. Order: by the year a quote speaks of
(a year it names, or the date of an update) where quotes differ in it; otherwise, and for the quotes that name no
year, by the flow of the sub-theme: each next quote is the one closest to the last.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

_YEAR = re.compile(r"\b(19[0-9]\d|20[0-4]\d)\b|[’'‘]([4-9]\d)\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z\-’']+")
_BRACKETED = re.compile(r"\[[^\]]*\]")
MAX_SECTIONS = 4


@dataclass
class Item:
    """What sectioning needs of a quote: its text, its terms (lemmas, key phrases) and the year it speaks of."""

    text: str
    terms: list[str]
    year: int | None = None
    proper: set[str] = field(default_factory=set)     # places, organisations and acronyms the tag stage found in it


def year_spoken_of(text: str, date: str | None = None) -> int | None:
    """The first year a quote names ("in 1969", "in ’72"), else the year of `date` (an update's date)."""
    match = _YEAR.search(_BRACKETED.sub(" ", text))
    if match:
        return int(match.group(1)) if match.group(1) else 1900 + int(match.group(2))
    return int(date[:4]) if date and date[:4].isdigit() else None


def _vectors(items: list[Item]) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = [item.terms or _WORD.findall(item.text.lower()) for item in items]
    matrix = TfidfVectorizer(analyzer=lambda terms: terms, sublinear_tf=True).fit_transform(docs).toarray()
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


def split(items: list[Item], random_state: int = 0) -> list[list[int]]:
    """Index groups, one per section (2 to 4 of them when there are 4 quotes or more)."""
    n = len(items)
    if n < 4:
        return [list(range(n))] if n else []
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    vectors = _vectors(items)
    best: tuple[float, list[int]] | None = None
    for k in range(2, min(MAX_SECTIONS, n // 2) + 1):
        labels = KMeans(n_clusters=k, n_init=10, random_state=random_state).fit_predict(vectors)
        sizes = Counter(labels.tolist())
        if len(sizes) < k or min(sizes.values()) < 2:
            continue
        score = silhouette_score(vectors, labels, metric="cosine")
        if best is None or score > best[0] + 1e-9:
            best = (score, labels.tolist())
    if best is None:   # no clustering leaves every section two quotes: halve along the main direction of difference
        centred = vectors - vectors.mean(axis=0)
        direction = np.linalg.svd(centred, full_matrices=False)[2][0]
        order = np.argsort(centred @ direction, kind="stable")
        labels_list = [0] * n
        for rank, i in enumerate(order):
            labels_list[int(i)] = int(rank >= n // 2)
        best = (0.0, labels_list)
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(best[1]):
        groups.setdefault(label, []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def order(items: list[Item], group: list[int]) -> list[int]:
    """A section's quotes in reading order: by year where years differ, else by the flow of the sub-theme."""
    years = {items[i].year for i in group if items[i].year is not None}
    vectors = _vectors([items[i] for i in group]) if len(group) > 1 else None
    position = {i: k for k, i in enumerate(group)}

    def flow(members: list[int]) -> list[int]:
        if not members or vectors is None:
            return list(members)
        chain = [members[0]]                      # the strongest in the theme (selection order) opens
        rest = members[1:]
        while rest:
            last = vectors[position[chain[-1]]]
            nearest = max(rest, key=lambda i: (float(vectors[position[i]] @ last), -position[i]))
            chain.append(nearest)
            rest.remove(nearest)
        return chain

    if len(years) < 2:
        return flow(group)
    dated = sorted((i for i in group if items[i].year is not None), key=lambda i: (items[i].year, position[i]))
    undated = flow([i for i in group if items[i].year is None])
    result = list(dated)
    for i in undated:    # after the dated quote it is closest to
        if vectors is None:
            result.append(i)
            continue
        anchor = max(result, key=lambda j: float(vectors[position[j]] @ vectors[position[i]]))
        result.insert(result.index(anchor) + 1, i)
    return result


_ANY_WORD = re.compile(r"[a-z][a-z\-]+")
_AFTER_DETERMINER = re.compile(   # "the budget was", "a lab." : a word that ends a noun phrase after a determiner
    r"\b(?:the|a|an|their|our|this|its|his|her|these|those|my|your|some|any)\s+([a-z][a-z\-]+)(?=\s*[,.;:!?)]|\s+(?:of|in|to|and|"
    r"or|was|were|is|are|that|for|with|on|at|from|by|as|which|who|had|has|have|would|will|could)\b)")
# A word ends a noun phrase in at least this share of its uses to head a section: "division" .10, "chief" .09,
# against "later" .01 and "fly" .02 (verbs and adverbs end one only in phrases like "the later of"). Read off the
# oral histories' counts.
NOUN_SHARE = 0.05


def noun_counts(texts) -> tuple[Counter, Counter]:
    """(words the texts use to end a noun phrase after "the", "a", "their" ..., every word's uses), lower case."""
    nouns: Counter = Counter()
    uses: Counter = Counter()
    for text in texts:
        lowered = text.lower()
        nouns.update(_AFTER_DETERMINER.findall(lowered))
        uses.update(_ANY_WORD.findall(lowered))
    return nouns, uses


def heading(items: list[Item], others: list[Item], avoid: set[str], idf: dict[str, float], nouns: Counter,
            uses: Counter, words: int = 2) -> str:
    """A section's heading from its own words: the names of things that weigh most in its quotes against the
    chapter's other quotes, each weighed by how rare it is in the whole history (`idf`, so "work" or "time" never
    heads a section), as the quotes spell them. A name of a thing is a key phrase not ending in an adverb, a word the history
    uses twice or more after "the", "a", "their" ... (`nouns`) in at least NOUN_SHARE of its `uses` ("later", "fly"
    are not), or a capitalised word the tag stage knows as a place, an organisation or an acronym (never another
    capitalised word: it could be a person's name)."""
    def terms(item: Item) -> set[str]:
        return {t for t in item.terms if len(t) > 2 and t.replace("_", "").isalpha() and not set(t.split("_")) & avoid}

    inside = Counter(t for item in items for t in terms(item))
    outside = Counter(t for item in others for t in terms(item))
    default = max(idf.values(), default=1.0)
    scored = []
    for term, count in inside.items():
        weight = idf.get(term, default) * (1.25 if "_" in term else 1.0)
        contrast = count / len(items) - outside[term] / max(1, len(others))
        scored.append((contrast * weight, count, term))
    scored.sort(key=lambda s: (-s[0], -s[1], s[2]))
    texts = [item.text for item in items]
    chosen: list[str] = []
    spelled: list[str] = []
    for score, _, term in scored:
        parts = set(term.split("_"))
        if score <= 0 or any(parts & set(c.split("_")) for c in chosen):
            continue
        spelling = _spelling(term.replace("_", " "), texts)
        if spelling is None or not _names_a_thing(term, spelling, nouns, uses, items):
            continue
        chosen.append(term)
        spelled.append(spelling)
        if len(chosen) == words:
            break
    if not spelled:
        return "More voices"
    text = spelled[0] if len(spelled) == 1 else ", ".join(spelled[:-1]) + " and " + spelled[-1]
    return text[:1].upper() + text[1:]


def _names_a_thing(term: str, spelling: str, nouns: Counter, uses: Counter, items: list[Item]) -> bool:
    if "_" in term:       # a key phrase, unless it ends in an adverb ("fairly quickly"; "heart attack" is kept,
        last = spelling.split()[-1].lower()    # though "attack" never follows "the" on its own)
        return spelling[:1].isupper() or not (last.endswith("ly") and nouns[last] == 0)
    if spelling[:1].isupper():
        return any(spelling.lower() in item.proper or term in item.proper for item in items)
    return _noun_share(nouns, uses, (term, term + "s", spelling.lower()), at_least=2)


def _noun_share(nouns: Counter, uses: Counter, forms: tuple[str, ...], at_least: int) -> bool:
    """Whether the form of a word the history ends noun phrases with most does so `at_least` times and in
    NOUN_SHARE of its uses."""
    form = max(forms, key=lambda f: (nouns[f], f))
    return nouns[form] >= at_least and nouns[form] >= NOUN_SHARE * uses[form]


def _spelling(term: str, texts: list[str]) -> str | None:
    """How the quotes spell a term most often ("NASA", "Peace Corps"); a lemma is matched as a word's start
    ("program" spells "programs" or "program"); None when the quotes do not spell it so ("medium election")."""
    pattern = re.compile(r"\b" + r"\W+".join(re.escape(w) for w in term.split()) + r"[a-z]*\b", re.I)
    found = Counter(m.group() for t in texts for m in pattern.finditer(t))
    if not found:
        return None
    spelled = found.most_common(1)[0][0]
    return spelled if not spelled.islower() else spelled.lower()
