"""The Makefile's stage DAG is the one pipeline/stages defines, and its targets are real files."""

from __future__ import annotations

import re
import subprocess

from conftest import ROOT
from pipeline.stage import upstream_stages
from pipeline.stages import all_stages


def _makefile() -> str:
    return (ROOT / "Makefile").read_text(encoding="utf-8")


def test_makefile_stages_match_the_pipeline():
    text = _makefile()
    stages = all_stages()
    listed = re.search(r"^STAGES := (.+)$", text, re.M).group(1).split()
    assert listed == list(stages)
    for name, stage in stages.items():
        upstream = re.search(rf"^UP_{name} :=(.*)$", text, re.M)
        assert upstream, f"Makefile has no UP_{name}"
        assert upstream.group(1).split() == upstream_stages(stage), name
        folder = re.search(rf"^DIR_{name} := (\S+)$", text, re.M)
        assert (folder.group(1) if folder else name) == stage.dir_name, name


def test_make_help_lists_the_targets():
    done = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0
    for target in ("distil", "test", "bench", "status", "clean"):
        assert f"make {target}" in done.stdout


def test_stage_targets_are_manifest_files():
    done = subprocess.run(["make", "-n", "-p", "help"], cwd=ROOT, capture_output=True, text=True)
    assert "outputs/total-place/clean/manifest.json:" in done.stdout
    assert "outputs/public-service-oral-histories/ingest/manifest.json:" in done.stdout
