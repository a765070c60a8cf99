"""How long a review action takes to show on the page, measured the way a researcher meets it: the form is posted
and the page comes back showing the result (used by `lh bench`)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from ..records import read_json
from .app import create_app

BASE = "http://127.0.0.1:8765"


def time_actions(history: Path, out: Path, work: Path) -> list[dict]:
    """Rename, merge, split, pin a quote and undo, on a copy of a distilled history; seconds to the page for each."""
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(history, work / "corpus" / history.name)
    shutil.copytree(out / history.name, work / "outputs" / history.name)
    copy = work / "corpus" / history.name
    (copy / "themes.log.jsonl").unlink(missing_ok=True)
    app = create_app(copy, work / "outputs")
    client = app.test_client()
    csrf = app.config["CSRF"]
    themes = [t["id"] for t in read_json(work / "outputs" / history.name / "themes" / "themes.json")["themes"]]
    selected = read_json(work / "outputs" / history.name / "quotes" / "selected.json")["themes"]
    quote = next(ids[-1] for ids in selected.values() if ids)
    actions = [("rename", {"op": "rename", "theme": themes[0], "value": "Renamed in the benchmark"}),
               ("merge", {"op": "merge", "theme": themes[-1], "into": themes[1]}),
               ("split", {"op": "split", "theme": themes[0]}),
               ("pin a quote", {"op": "pin_quote", "passage": quote}),
               ("undo the merge", None)]
    rows = []
    for name, form in actions:
        _settle(app)
        started = time.perf_counter()
        if form is None:
            client.post("/undo", data={"csrf": csrf, "n": "2"}, base_url=BASE)
        else:
            client.post("/decide", data={"csrf": csrf, **form}, base_url=BASE)
        page = client.get("/", base_url=BASE).get_data(as_text=True)
        seconds = round(time.perf_counter() - started, 2)
        job = app.config["LAST_JOB"]
        rows.append({"action": name, "seconds_to_page": seconds, "stages_run": list(job.ran) if job else [],
                     "error": job.error if job else None, "shown": "Renamed in the benchmark" in page if name == "rename" else None})
    _settle(app)
    rows.append({"action": "(then the report, chapters, packs, export)", "seconds_to_page": None,
                 "stages_run": list(app.config["LAST_JOB"].ran), "error": app.config["LAST_JOB"].error, "shown": None})
    return rows


def _settle(app, limit: float = 600) -> None:
    deadline = time.time() + limit
    while app.config["RUNNER"].busy and time.time() < deadline:
        time.sleep(0.05)
