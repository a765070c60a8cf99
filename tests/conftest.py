"""Shared fixtures: the CLI driven in-process, small history folders, and the shipped corpus distilled once."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.nlp.places import Gazetteer
from pipeline.people.evidence import collect_stats
from pipeline.people.finder import NameFinder

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
TOTAL_PLACE = CORPUS / "total-place"
ORAL = CORPUS / "public-service-oral-histories"


def run(*args: str):
    """Run `lh ARGS` in-process; stderr kept apart from stdout."""
    runner = CliRunner()
    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)


def name_spans(history: list[str]):
    """A name finder taught how `history` writes its words, and a function giving the spans it finds in a text (with
    an interview's `local` names, if any)."""
    finder = NameFinder(collect_stats(history), Gazetteer.for_history(None), {})

    def found(text: str, local: dict[str, str] | None = None) -> list[str]:
        return [text[m.start:m.end] for m in finder.find(text, local)]

    return finder, found


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def pytest_collection_modifyitems(items):
    """Every test that needs the whole shipped corpus distilled is `slow` (make test-fast leaves them out)."""
    for item in items:
        if "distilled" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def distilled(tmp_path_factory) -> Path:
    """outputs/ for the shipped corpus, distilled once for the whole session."""
    out = tmp_path_factory.mktemp("outputs")
    result = run("distil", "--corpus", CORPUS, "--out", out, "--no-progress")
    assert result.exit_code == 0, result.output + result.stderr
    return out


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium (installed by `make browser`); the browser tests skip, saying why, where it is missing."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("chromium is not installed and `make browser` could not install it (needs root and apt-get)")


@pytest.fixture
def history(tmp_path) -> Path:
    """An empty history folder to fill."""
    path = tmp_path / "history"
    path.mkdir()
    return path


@pytest.fixture
def seed_history(tmp_path) -> Path:
    """A copy of the Total Place history (the five seed pages and their config)."""
    path = tmp_path / "total-place"
    shutil.copytree(TOTAL_PLACE, path)
    return path
