"""What the review page shows, read from a history's outputs: every theme with its label, size, terms and phrases,
coherence, flags, roles and sources, representative quotes (as in the report), and the decisions already made."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..records import QUOTE_KINDS, Assignment, JsonlStream, Passage, Tags, read_json
from ..themes.overrides import Overrides


@dataclass
class ThemeView:
    theme: dict[str, Any]
    quotes: list[dict[str, Any]] = field(default_factory=list)
    roles: list[tuple[str, int]] = field(default_factory=list)
    sources: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class PageView:
    title: str
    summary: dict[str, Any]
    themes: list[ThemeView]
    theme_ids: list[str]


def load_view(out_root: Path, title: str, decisions: Overrides) -> PageView | None:
    """The page's data from outputs/<history> (None when the history has not been distilled yet)."""
    themes_path = out_root / "themes" / "themes.json"
    selected_path = out_root / "quotes" / "selected.json"
    if not themes_path.exists() or not selected_path.exists():
        return None
    summary = read_json(themes_path)
    selected = read_json(selected_path)
    critical = {pid for ids in selected.get("critical_voices", {}).values() for pid in ids}
    wanted = {pid for ids in selected["themes"].values() for pid in ids}
    passages = {p.id: p for p in JsonlStream(out_root / "clean" / "passages.jsonl", Passage)}
    tones = {t.id: t.tone_label for t in JsonlStream(out_root / "tag" / "tags.jsonl", Tags) if t.id in wanted}
    roles: dict[str, Counter] = defaultdict(Counter)
    sources: dict[str, Counter] = defaultdict(Counter)
    for a in JsonlStream(out_root / "themes" / "assignments.jsonl", Assignment):
        if a.theme is None or a.id not in passages:
            continue
        p = passages[a.id]
        sources[a.theme][p.source.split("#")[-1]] += 1
        if p.kind in QUOTE_KINDS:
            roles[a.theme][p.role or "participant"] += 1
    pinned, left_out = set(decisions.quotes["pin"]), set(decisions.quotes["exclude"])
    views = []
    for theme in summary["themes"]:
        quotes = []
        for pid in selected["themes"].get(theme["id"], []):
            p = passages.get(pid)
            if p is None:
                continue
            quotes.append({"id": pid, "text": p.text, "role": p.role or "participant", "date": p.date,
                           "tone": tones.get(pid, "neutral"), "critical": pid in critical, "pinned": pid in pinned,
                           "excluded": pid in left_out})
        views.append(ThemeView(theme, quotes, roles[theme["id"]].most_common(6), sources[theme["id"]].most_common(6)))
    return PageView(title, summary, views, [t["id"] for t in summary["themes"]])
