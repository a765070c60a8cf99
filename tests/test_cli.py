"""The command line: every command has help with an example; wrong arguments give one-line errors."""

from __future__ import annotations

import pytest

from conftest import run
from pipeline.cli import cli
from pipeline.stages import all_stages


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_with_an_example(name):
    result = run(name, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output, f"lh {name} --help has no example"
    assert f"lh {name}" in result.output


def test_every_stage_has_a_command():
    assert set(all_stages()) <= set(cli.commands)


def test_missing_history_folder_is_one_line_error(tmp_path):
    result = run("ingest", tmp_path / "nope", "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr == f"error: {tmp_path / 'nope'}: no such history folder\n"


def test_missing_corpus_folder_is_one_line_error(tmp_path):
    result = run("distil", "--corpus", tmp_path / "nowhere", "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr == f"error: {tmp_path / 'nowhere'}: no such corpus folder\n"


def test_python_dash_m_runs_the_same_cli():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True)
    assert done.returncode == 0
    assert "distil" in done.stdout
