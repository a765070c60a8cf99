"""Stages and the runner that skips the ones already up to date.

A stage reads its upstream stages' outputs and some of the history's config files, and writes into
`outputs/<history>/<stage dir>/`. The runner hashes what the stage would read; when the previous manifest
has the same fingerprint the stage is skipped ("up to date"). Otherwise the old outputs are set aside,
the stage runs, and its manifest is written last. On failure the old outputs are put back.
"""

from __future__ import annotations

import resource
import shutil
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, ClassVar

from . import manifest as mf
from .history import History
from .problems import InputError, ProblemLog


@dataclass
class StageContext:
    """What a running stage may use."""

    history: History
    out_root: Path                    # outputs/<history>
    dir: Path                         # outputs/<history>/<stage dir>
    settings: dict[str, Any]
    problems: ProblemLog
    previous: Path | None = None      # the previous run's outputs, while the stage runs (for stable ids)
    jobs: int = 1
    progress: bool | None = None      # None: show progress only on a terminal
    counts: dict[str, Any] = field(default_factory=dict)

    def upstream(self, stage_dir: str) -> Path:
        return self.out_root / stage_dir


class StageFailed(Exception):
    """A stage could not finish: the message says why, naming the file where there is one."""


class Stage:
    """One step of the pipeline. Subclasses set the class attributes and implement run()."""

    name: ClassVar[str]
    dirname: ClassVar[str | None] = None          # defaults to name
    after: ClassVar[tuple[str, ...]] = ()        # upstream stage names
    config_files: ClassVar[tuple[str, ...]] = ()  # history config files read, when present
    defaults: ClassVar[dict[str, Any]] = {}
    extra_outputs: ClassVar[tuple[str, ...]] = ()  # files outside the stage folder, relative to outputs/<history>
    summary: ClassVar[str] = ""

    @property
    def dir_name(self) -> str:
        return self.dirname or self.name

    def history_inputs(self, history: History) -> list[Path]:
        """Files in the history folder this stage reads. Default: its config files that exist."""
        return [history.config_path(n) for n in self.config_files if history.config_path(n).exists()]

    def settings(self, history: History, overrides: dict[str, Any] | None = None) -> tuple[dict[str, Any], list[str]]:
        settings, unknown = history.stage_settings(self.name, self.defaults)
        for key, value in (overrides or {}).items():
            if value is not None:
                settings[key] = value
        return settings, unknown

    def run(self, ctx: StageContext) -> dict[str, Any]:  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass
class StageResult:
    stage: str
    history: str
    status: str                       # "ran", "skipped" or "failed"
    seconds: float = 0.0
    counts: dict[str, Any] = field(default_factory=dict)
    message: str = ""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def stage_inputs(stage: Stage, history: History, out_root: Path, stages: dict[str, Stage]) -> dict[str, str]:
    """Hashes of everything the stage reads: its history files and its upstream stages' outputs."""
    inputs: dict[str, str] = {}
    for path in stage.history_inputs(history):
        inputs[f"{history.name}/{path.relative_to(history.path).as_posix()}"] = mf.sha256_file(path)
    for upstream in stage.after:
        up = stages[upstream]
        manifest = mf.read_manifest(out_root / up.dir_name)
        if manifest is None:
            raise StageFailed(f"{up.name} has not run for {history.name}")
        inputs[f"{up.dir_name}/"] = manifest.get("outputs_digest", "")
    return inputs


def _outputs_digest(outputs: dict[str, str]) -> str:
    return mf.sha256_text("\n".join(f"{k} {v}" for k, v in sorted(outputs.items())))


def _extra_hashes(stage: Stage, out_root: Path) -> dict[str, str]:
    return {f"../{name}": mf.sha256_file(out_root / name) for name in stage.extra_outputs if (out_root / name).exists()}


def run_stage(
    stage: Stage,
    history: History,
    outputs: Path,
    stages: dict[str, Stage],
    *,
    overrides: dict[str, Any] | None = None,
    force: bool = False,
    jobs: int = 1,
    progress: bool | None = None,
    echo=print,
    quiet_skip: bool = False,
) -> StageResult:
    """Run one stage for one history unless it is up to date."""
    out_root = Path(outputs) / history.name
    stage_dir = out_root / stage.dir_name
    label = f"{stage.name:<10} {history.name}"
    problems = ProblemLog(history.path)
    try:
        settings, unknown = stage.settings(history, overrides)
        inputs = stage_inputs(stage, history, out_root, stages)
    except InputError as exc:
        where = exc.where(history.path / "history.toml")
        return StageResult(stage.name, history.name, "failed", message=f"{where}: error: {exc.message}")
    except StageFailed as exc:
        return StageResult(stage.name, history.name, "failed", message=str(exc))
    for key in unknown:
        problems.warning(history.path / "history.toml", f"[{stage.name}] has an unknown setting '{key}' (ignored)")
    code = mf.code_digest(type(stage).__module__)
    print_fp = mf.fingerprint(inputs, settings, code)
    previous = mf.read_manifest(stage_dir)
    if not force and previous is not None and previous.get("fingerprint") == print_fp:
        if not quiet_skip:
            # The stage was asked for by name (as Make does): mark its target file current. Upstream stages
            # checked on the way are left alone, or Make would see them as newer than finished stages.
            mf.manifest_path(stage_dir).touch()
            echo(f"{label}  up to date (skipped)")
        return StageResult(stage.name, history.name, "skipped", counts=previous.get("counts", {}))

    set_aside = None
    if stage_dir.exists():
        set_aside = stage_dir.with_name(stage_dir.name + ".previous")
        shutil.rmtree(set_aside, ignore_errors=True)
        mf.manifest_path(stage_dir).unlink(missing_ok=True)
        stage_dir.rename(set_aside)
    stage_dir.mkdir(parents=True, exist_ok=True)
    ctx = StageContext(history, out_root, stage_dir, settings, problems, set_aside, jobs, progress)
    started, t0 = _now(), time.perf_counter()
    try:
        counts = stage.run(ctx) or {}
    except (InputError, StageFailed) as exc:
        shutil.rmtree(stage_dir, ignore_errors=True)
        if set_aside is not None:
            set_aside.rename(stage_dir)
        message = exc.message if isinstance(exc, InputError) else str(exc)
        return StageResult(stage.name, history.name, "failed", time.perf_counter() - t0, message=message)
    except BaseException:
        shutil.rmtree(stage_dir, ignore_errors=True)
        if set_aside is not None:
            set_aside.rename(stage_dir)
        raise
    if set_aside is not None:
        shutil.rmtree(set_aside, ignore_errors=True)
    seconds = time.perf_counter() - t0
    outputs_map = mf.output_hashes(stage_dir)
    outputs_map.update(_extra_hashes(stage, out_root))
    mf.write_manifest(stage_dir, {
        "stage": stage.name,
        "history": history.name,
        "history_path": str(history.path),
        "started": started,
        "finished": _now(),
        "seconds": round(seconds, 3),
        "peak_rss_mb": _peak_rss_mb(),
        "fingerprint": print_fp,
        "code": code,
        "inputs": inputs,
        "settings": settings,
        "counts": counts,
        "problems": problems.counts(),
        "problem_list": problems.to_list(),
        "outputs": outputs_map,
        "outputs_digest": _outputs_digest(outputs_map),
    })
    brief = ", ".join(f"{k} {v}" for k, v in counts.items() if isinstance(v, (int, float)) and not isinstance(v, bool))
    echo(f"{label}  done in {seconds:.1f}s  {brief}")
    return StageResult(stage.name, history.name, "ran", seconds, counts)


def plan(target: str, stages: dict[str, Stage]) -> list[str]:
    """The stages to run, upstream first, to bring `target` up to date."""
    order: list[str] = []

    def visit(name: str) -> None:
        for upstream in stages[name].after:
            visit(upstream)
        if name not in order:
            order.append(name)

    visit(target)
    return order
