"""Stages, the graph they form, and the runner that skips the ones already up to date.

Each stage declares, once, what it reads: the upstream stages whose outputs it opens (`reads`) and the history's
config files (`config_files`). The graph, the Makefile rules (checked by a test) and the CLI's stage commands all
come from these declarations, and a stage that opens an upstream folder it did not declare fails at once.

The runner fingerprints every declared read (each upstream stage's output digest, each config file's hash), the
stage's settings and its code. A stage is up to date only when the fingerprint matches its manifest *and* its
outputs still match the digests the manifest recorded; otherwise it runs again and says why. A stage runs into a
fresh folder beside the old one and the two are swapped only once its manifest is written, so a run killed at
any point leaves the last good outputs in place. One run at a time writes to a history's output folder (a lock),
and a stage that is skipped writes nothing at all.
"""

from __future__ import annotations

import fcntl
import json
import os
import resource
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, ClassVar

from . import manifest as mf
from .config import STAGE_SETTINGS, SettingsError, with_overrides
from .history import History
from .problems import InputError, ProblemLog

NEW_SUFFIX, OLD_SUFFIX = ".new", ".old"
LOCK_NAME = ".lh.lock"


class StageFailed(Exception):
    """A stage could not finish: the message says why, naming the file where there is one."""


class UndeclaredRead(RuntimeError):
    """A stage opened an upstream output or config file it does not declare: a bug in the stage."""


class OutputsLocked(Exception):
    """Another lh run is writing the same output folder."""


@dataclass
class StageContext:
    """What a running stage may use. Upstream folders and config files only through `upstream`/`read_config`."""

    stage: Stage
    graph: dict[str, Stage]
    history: History
    out_root: Path                    # outputs/<history>
    dir: Path                         # where the stage writes (swapped into outputs/<history>/<stage dir> on success)
    settings: Any                     # the stage's frozen settings dataclass (pipeline.config)
    problems: ProblemLog
    previous: Path | None = None      # the last good outputs of this stage, if any (for stable ids and pseudonyms)
    jobs: int = 1
    progress: bool | None = None      # None: show progress only on a terminal
    counts: dict[str, Any] = field(default_factory=dict)

    def upstream(self, stage: str) -> Path:
        """The whole output folder of a stage this one declares in `reads` (as a whole folder: ALL)."""
        declared = read_files(self.stage)
        if stage not in declared:
            raise UndeclaredRead(f"stage '{self.stage.name}' reads the outputs of '{stage}' but does not declare it "
                                 f"(reads = {self.stage.reads})")
        if declared[stage] != ALL:
            raise UndeclaredRead(f"stage '{self.stage.name}' declares only {declared[stage]} of '{stage}': "
                                 f"open them with ctx.input('{stage}', name)")
        return self.out_root / self.graph[stage].dir_name

    def input(self, stage: str, name: str) -> Path:
        """One output file of an upstream stage, declared in `reads` (by name, or as the whole folder)."""
        declared = read_files(self.stage)
        if stage not in declared or declared[stage] != ALL and name not in declared[stage]:
            raise UndeclaredRead(f"stage '{self.stage.name}' reads {stage}/{name} but does not declare it "
                                 f"(reads = {self.stage.reads})")
        return self.out_root / self.graph[stage].dir_name / name

    def upstream_manifest(self, stage: str) -> dict[str, Any]:
        return mf.read_manifest(self.upstream(stage)) or {}

    def read_config(self, name: str, loader: Callable[[Path], Any]) -> Any:
        """A history config file this stage declares in `config_files`, read by `loader` (InputError names file:line)."""
        if name not in self.stage.config_files:
            raise UndeclaredRead(f"stage '{self.stage.name}' reads {name} but does not declare it "
                                 f"(config_files = {self.stage.config_files})")
        return self.history.read_config(name, loader)


class Stage:
    """One step of the pipeline. Subclasses set the class attributes and implement run()."""

    name: ClassVar[str]
    dirname: ClassVar[str | None] = None          # defaults to name
    # Upstream outputs it opens: {stage: (file, ...)} or {stage: ALL} for the whole folder (a tuple of stage
    # names means the whole folder of each). Only declared files are fingerprinted, so a change elsewhere in an
    # upstream folder does not re-run this stage.
    reads: ClassVar[dict[str, Any] | tuple[str, ...]] = ()
    config_files: ClassVar[tuple[str, ...]] = ()  # history config files it reads, when present
    summary: ClassVar[str] = ""
    example: ClassVar[str] = ""                   # a command line for `lh <stage> --help`
    settings_table: ClassVar[str | None] = None   # its history.toml table (default: its name)

    @property
    def table(self) -> str:
        return self.settings_table or self.name

    @property
    def dir_name(self) -> str:
        return self.dirname or self.name

    def history_inputs(self, history: History) -> list[Path]:
        """Files in the history folder this stage reads. Default: its config files that exist."""
        return [history.config_path(n) for n in self.config_files
                if history.config_path(n).exists() and not history.config_problem(n)]

    def input_digests(self, history: History) -> dict[str, str]:
        """What the stage reads from the history folder, by path, with a digest of each (what fingerprints it)."""
        return {f"{history.name}/{p.relative_to(history.path).as_posix()}": mf.sha256_file(p) for p in self.history_inputs(history)}

    def settings(self, history: History, overrides: dict[str, Any] | None = None) -> Any:
        """This stage's checked settings (history.toml, then command-line overrides); SettingsError when wrong."""
        return with_overrides(history.settings().stage(self.table), overrides)

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


# -- the graph -----------------------------------------------------------------------------------------------------

ALL = "*"      # a whole upstream folder


def read_files(stage: Stage) -> dict[str, Any]:
    """A stage's reads as {upstream stage: ALL or a tuple of file names}."""
    reads = stage.reads
    if isinstance(reads, dict):
        return {name: files if files == ALL else tuple(files) for name, files in reads.items()}
    return {name: ALL for name in reads}


def upstream_stages(stage: Stage) -> list[str]:
    return list(read_files(stage))


def check_graph(stages: dict[str, Stage]) -> None:
    """Every stage reads only stages defined before it (so the order given is an order to run them in)."""
    seen: set[str] = set()
    for name, stage in stages.items():
        unknown = [r for r in upstream_stages(stage) if r not in stages]
        if unknown:
            raise ValueError(f"stage '{name}' reads unknown stages: {unknown}")
        later = [r for r in upstream_stages(stage) if r not in seen]
        if later:
            raise ValueError(f"stage '{name}' reads stages that come after it: {later}")
        if stage.table not in STAGE_SETTINGS:
            raise ValueError(f"stage '{name}' has no settings class in pipeline.config.STAGE_SETTINGS")
        seen.add(name)


def plan(target: str, stages: dict[str, Stage]) -> list[str]:
    """The stages to run, upstream first, to bring `target` up to date."""
    needed: set[str] = set()

    def visit(name: str) -> None:
        if name not in needed:
            needed.add(name)
            for upstream in upstream_stages(stages[name]):
                visit(upstream)

    visit(target)
    return [name for name in stages if name in needed]


# -- fingerprints and verification ---------------------------------------------------------------------------------

def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def stage_inputs(stage: Stage, history: History, out_root: Path, stages: dict[str, Stage]) -> dict[str, str]:
    """Hashes of everything the stage reads: its history files and every upstream stage it declares."""
    inputs = stage.input_digests(history)
    for upstream, files in read_files(stage).items():
        up = stages[upstream]
        manifest = mf.read_manifest(out_root / up.dir_name)
        if manifest is None:
            raise StageFailed(f"{up.name} has not run for {history.name}")
        if files == ALL:
            inputs[f"{up.dir_name}/"] = manifest.get("outputs_digest", "")
            continue
        outputs = manifest.get("outputs") or {}
        for name in files:
            inputs[f"{up.dir_name}/{name}"] = outputs.get(name, "missing")
    return inputs


def outputs_digest(outputs: dict[str, str]) -> str:
    return mf.sha256_text("\n".join(f"{k} {v}" for k, v in sorted(outputs.items())))


def changed_outputs(stage_dir: Path, manifest: dict[str, Any]) -> list[str]:
    """The outputs that no longer match the digests the manifest recorded ("passages.jsonl changed", "... missing")."""
    recorded: dict[str, str] = manifest.get("outputs") or {}
    if not recorded or manifest.get("outputs_digest") != outputs_digest(recorded):
        return ["the manifest's list of outputs is damaged"]
    problems = []
    for name, digest in sorted(recorded.items()):
        path = stage_dir / name
        if not path.is_file():
            problems.append(f"{name} missing")
        elif mf.sha256_file(path) != digest:
            problems.append(f"{name} changed")
    return problems


@dataclass
class StageCheck:
    """Whether a stage can be skipped, and if not, why it must run."""

    inputs: dict[str, str]
    settings: Any
    fingerprint: str
    previous: dict[str, Any] | None
    reason: str | None                # None: up to date

    @property
    def up_to_date(self) -> bool:
        return self.reason is None


def check_stage(stage: Stage, history: History, out_root: Path, stages: dict[str, Stage],
                overrides: dict[str, Any] | None = None) -> StageCheck:
    """Fingerprint a stage and compare it (and its outputs) with its manifest. Raises SettingsError/InputError/StageFailed."""
    settings = stage.settings(history, overrides)
    inputs = stage_inputs(stage, history, out_root, stages)
    print_fp = mf.fingerprint(inputs, asdict(settings), mf.code_digest(type(stage).__module__))
    stage_dir = out_root / stage.dir_name
    previous = mf.read_manifest(stage_dir)
    reason: str | None
    if previous is None:
        reason = "not run yet" if not stage_dir.exists() else "its manifest is missing or unreadable"
    elif previous.get("fingerprint") != print_fp:
        reason = _what_changed(previous, inputs, asdict(settings), mf.code_digest(type(stage).__module__))
    else:
        changed = changed_outputs(stage_dir, previous)
        reason = f"outputs changed since it ran ({', '.join(changed[:3])}{', …' if len(changed) > 3 else ''})" if changed else None
    return StageCheck(inputs, settings, print_fp, previous, reason)


def _what_changed(previous: dict[str, Any], inputs: dict[str, str], settings: dict[str, Any], code: str) -> str:
    before = previous.get("inputs") or {}
    changed = sorted(k for k in set(before) | set(inputs) if before.get(k) != inputs.get(k))
    if changed:
        return "inputs changed: " + ", ".join(changed[:3]) + (", …" if len(changed) > 3 else "")
    if json.dumps(previous.get("settings"), sort_keys=True, default=str) != json.dumps(settings, sort_keys=True, default=str):
        return "settings changed"
    if previous.get("code") != code:
        return "code changed"
    return "fingerprint changed"


# -- the lock --------------------------------------------------------------------------------------------------------

class OutputLock:
    """An exclusive lock on one history's output folder, released when the process ends (even by kill -9).

    A read-only output folder cannot be locked; the run goes on without the lock, since nothing can be written
    there anyway (a stage that needs to run then fails saying the folder is not writable)."""

    def __init__(self, out_root: Path):
        self.out_root = Path(out_root)
        self.path = self.out_root / LOCK_NAME
        self._handle: Any = None

    def __enter__(self) -> OutputLock:
        try:
            self.out_root.mkdir(parents=True, exist_ok=True)
            handle = open(self.path, "a+", encoding="utf-8")
        except OSError:
            return self
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = _lock_holder(handle.read())
            handle.close()
            raise OutputsLocked(f"another lh run is writing {self.out_root}{holder}: wait for it to finish") from None
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"pid": os.getpid(), "since": datetime.now().strftime("%H:%M:%S")}))
        handle.flush()
        self._handle = handle
        return self

    def __exit__(self, *exc: object) -> None:
        if self._handle is not None:
            self._handle.close()          # closing releases the lock
            self._handle = None


def _lock_holder(text: str) -> str:
    try:
        data = json.loads(text)
        return f" since {data['since']}, pid {data['pid']}"
    except (ValueError, KeyError, TypeError):
        return ""


# -- running ---------------------------------------------------------------------------------------------------------

def _recover(stage_dir: Path) -> None:
    """Tidy after a run that was killed: drop a half-written new folder; put back outputs caught mid-swap."""
    new, old = stage_dir.with_name(stage_dir.name + NEW_SUFFIX), stage_dir.with_name(stage_dir.name + OLD_SUFFIX)
    if new.exists():
        shutil.rmtree(new)
    if old.exists():
        if stage_dir.exists():
            shutil.rmtree(old)
        else:
            old.rename(stage_dir)


def _swap_in(new: Path, stage_dir: Path) -> None:
    old = stage_dir.with_name(stage_dir.name + OLD_SUFFIX)
    if stage_dir.exists():
        stage_dir.rename(old)
    new.rename(stage_dir)
    if old.exists():
        shutil.rmtree(old)


def _failure(stage: Stage, history: History, exc: BaseException, seconds: float = 0.0) -> StageResult:
    if isinstance(exc, SettingsError):
        message = "\n".join(exc.problems)
    elif isinstance(exc, InputError):
        message = exc.message
    elif isinstance(exc, OSError):
        where = exc.filename or history.name
        message = f"cannot write {where}: {exc.strerror or exc}"
    else:
        message = str(exc)
    return StageResult(stage.name, history.name, "failed", seconds, message=message)


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
    echo: Callable[[str], None] = print,
    quiet_skip: bool = False,
) -> StageResult:
    """Run one stage for one history unless it is up to date. The caller holds the output lock (run_history)."""
    out_root = Path(outputs) / history.name
    stage_dir = out_root / stage.dir_name
    label = f"{stage.name:<10} {history.name}"
    try:
        if out_root.exists() and os.access(out_root, os.W_OK):
            _recover(stage_dir)
        check = check_stage(stage, history, out_root, stages, overrides)
    except (InputError, StageFailed, OSError) as exc:
        return _failure(stage, history, exc)
    if check.up_to_date and not force:
        if not quiet_skip:
            echo(f"{label}  up to date (skipped)")
        return StageResult(stage.name, history.name, "skipped", counts=(check.previous or {}).get("counts", {}))
    if check.reason and check.previous is not None:
        echo(f"{label}  running again: {check.reason}")

    new_dir = stage_dir.with_name(stage_dir.name + NEW_SUFFIX)
    problems = ProblemLog(history.path)
    started, t0 = _now(), time.perf_counter()
    try:
        new_dir.mkdir(parents=True)
        ctx = StageContext(stage, stages, history, out_root, new_dir, check.settings, problems,
                           stage_dir if check.previous is not None else None, jobs, progress)
        counts = stage.run(ctx) or {}
        outputs_map = mf.output_hashes(new_dir)
        seconds = time.perf_counter() - t0
        mf.write_manifest(new_dir, {
            "stage": stage.name,
            "history": history.name,
            "history_path": str(history.path),
            "started": started,
            "finished": _now(),
            "seconds": round(seconds, 3),
            "peak_rss_mb": _peak_rss_mb(),
            "fingerprint": check.fingerprint,
            "code": mf.code_digest(type(stage).__module__),
            "reads": read_files(stage),
            "inputs": check.inputs,
            "settings": asdict(check.settings),
            "counts": counts,
            "problems": problems.counts(),
            "problem_list": problems.to_list(),
            "outputs": outputs_map,
            "outputs_digest": outputs_digest(outputs_map),
        })
        _swap_in(new_dir, stage_dir)
    except (InputError, StageFailed, OSError) as exc:
        shutil.rmtree(new_dir, ignore_errors=True)
        return _failure(stage, history, exc, time.perf_counter() - t0)
    except BaseException:
        shutil.rmtree(new_dir, ignore_errors=True)
        raise
    brief = ", ".join(f"{k} {v}" for k, v in counts.items() if isinstance(v, (int, float)) and not isinstance(v, bool))
    echo(f"{label}  done in {seconds:.1f}s  {brief}")
    return StageResult(stage.name, history.name, "ran", seconds, counts)


def run_history(
    target: str | None,
    history: History,
    outputs: Path,
    stages: dict[str, Stage],
    *,
    overrides: dict[str, Any] | None = None,
    force: bool = False,
    jobs: int = 1,
    progress: bool | None = None,
    echo: Callable[[str], None] = print,
) -> Iterator[StageResult]:
    """Bring `target` (None: every stage) up to date for one history, holding the output folder's lock.

    Yields each stage's result; stops after the first failure (later stages would read what failed)."""
    order = plan(target, stages) if target else list(stages)
    table = stages[target].table if target else None
    with OutputLock(Path(outputs) / history.name):
        for name in order:
            # Command-line settings reach every stage that reads the same table ("lh themes --themes 8" fits k = 8).
            result = run_stage(stages[name], history, outputs, stages,
                               overrides=overrides if stages[name].table == table else None,
                               force=force and (target is None or name == target), jobs=jobs, progress=progress,
                               echo=echo, quiet_skip=target is not None and name != target)
            yield result
            if result.status == "failed":
                return


def stage_state(stage: Stage, history: History, out_root: Path, stages: dict[str, Stage]) -> str:
    """One phrase for `lh status`: up to date, not run, or stale and why."""
    if mf.read_manifest(out_root / stage.dir_name) is None:
        return "not run"
    try:
        check = check_stage(stage, history, out_root, stages)
    except SettingsError as exc:
        return f"cannot tell ({exc.problems[0]})"
    except (StageFailed, InputError) as exc:
        return f"cannot tell ({getattr(exc, 'message', exc)})"
    return "up to date" if check.up_to_date else f"stale ({check.reason})"
