"""The pipeline run behind the review app: one worker thread, one run at a time, so decisions made in two tabs
queue rather than collide. A run brings every stage up to date (the model is refitted only when `themes:` changed;
everything else is the cheap themes stage and what follows); the page waits only until the quotes are chosen
(for a rename or a note, only until the themes stage has run: the quotes do not change), and the report, chapters, packs, export and privacy gate finish behind it."""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..history import History
from ..stage import OutputsLocked, run_history
from ..stages import all_stages

PAGE_READY_AFTER = "select"      # the review page shows themes and their quotes: ready once select has run
LABELS_READY_AFTER = "themes"    # a new label or note is on the page once the themes stage has run


@dataclass
class Job:
    submitted: float = field(default_factory=time.perf_counter)
    page_ready: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)
    error: str | None = None
    ran: list[str] = field(default_factory=list)
    seconds_to_page: float | None = None
    ready_after: str = PAGE_READY_AFTER


class PipelineRunner:
    """Runs `lh distil` for one history in a background thread; `submit` queues a run and returns its Job."""

    def __init__(self, history: Path, out: Path, jobs: int = 1):
        self.history = Path(history)
        self.out = Path(out)
        self.jobs = jobs
        self.stages = all_stages()
        self._queue: queue.Queue[Job] = queue.Queue()
        self.current: str | None = None
        self.last_error: str | None = None
        self.last_finished: float | None = None
        self._thread = threading.Thread(target=self._work, name="lh-review-runner", daemon=True)
        self._thread.start()

    @property
    def busy(self) -> bool:
        return self.current is not None or not self._queue.empty()

    def submit(self, ready_after: str = PAGE_READY_AFTER) -> Job:
        """Queue a run; its page is ready once `ready_after` has run (the rest finishes behind the page)."""
        job = Job(ready_after=ready_after)
        self._queue.put(job)
        return job

    def _work(self) -> None:
        while True:
            job = self._queue.get()
            try:
                self._run(job)
            finally:
                self.current = None
                job.page_ready.set()
                job.done.set()
                self.last_finished = time.time()

    def _after(self, stage: str) -> str:
        """The stage that runs after `stage` (or `stage` itself when it is the last)."""
        names = list(self.stages)
        return names[min(names.index(stage) + 1, len(names) - 1)] if stage in names else stage

    def _run(self, job: Job) -> None:
        lines: list[str] = []
        try:
            history = History(self.history)          # read afresh: themes.yaml and history.toml may have changed
            for result in run_history(None, history, self.out, self.stages, jobs=self.jobs, progress=False, echo=lines.append):
                self.current = self._after(result.stage)          # the stage now running (shown on the page)
                if result.status == "ran":
                    job.ran.append(result.stage)
                if result.status == "failed":
                    job.error = f"{result.stage}: {result.message.splitlines()[0] if result.message else 'failed'}"
                if result.stage == job.ready_after or job.error:
                    job.seconds_to_page = round(time.perf_counter() - job.submitted, 2)
                    job.page_ready.set()
        except OutputsLocked as exc:
            job.error = str(exc)
        self.last_error = job.error
