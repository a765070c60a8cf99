"""`lh review`: the distillation day in a browser. A local web app (Flask, server-rendered, autoescaped templates,
plain forms, no script) where a team renames, merges, splits and drops themes, pins or leaves out quotes, marks
critical voices, moves passages and writes notes. Every action is a decision written to the history's themes.yaml
(pipeline/review/decisions.py), then the pipeline brings its outputs up to date (pipeline/review/runner.py):
the same file and the same code as `make distil`, so the two always agree.

Safe by construction: it listens on 127.0.0.1 only and answers only requests addressed to it by that name (no DNS
rebinding), every form carries a per-run CSRF token, every id is checked against the history's themes and
passages, and a failing stage shows its one-line error while the last good outputs stay in place.
"""

from __future__ import annotations

import hmac
import io
import secrets
import zipfile
from pathlib import Path

from flask import Flask, abort, flash, redirect, render_template, request, send_file, url_for

from ..history import History
from ..problems import InputError
from ..records import JsonlStream, Passage
from ..themes.overrides import load_overrides
from .decisions import THEMES_FILE, Decision, DecisionError, apply, check_theme, read_log, undo
from .runner import LABELS_READY_AFTER, PAGE_READY_AFTER, PipelineRunner
from .view import load_view

LOCAL_HOSTS = ("127.0.0.1", "localhost")
PAGE_TIMEOUT = 120          # seconds an action waits for the page's outputs before showing the last good ones


def create_app(history_path: Path, out: Path, jobs: int = 1, runner: PipelineRunner | None = None) -> Flask:  # noqa: C901 - Flask app factory: the routes are closures
    history = History(history_path)
    out_root = Path(out) / history.name
    app = Flask(__name__, template_folder=str(Path(__file__).resolve().parent.parent / "render" / "templates" / "review"))
    app.secret_key = secrets.token_bytes(32)
    app.config.update(CSRF=secrets.token_urlsafe(32), HISTORY=history, OUT=Path(out), RUNNER=runner or PipelineRunner(history.path, Path(out), jobs),
                      LAST_JOB=None)
    if not (out_root / "themes" / "themes.json").exists():
        app.config["LAST_JOB"] = app.config["RUNNER"].submit()

    @app.before_request
    def guard():
        host = (request.host or "").rsplit(":", 1)[0].strip("[]")
        if host not in LOCAL_HOSTS:
            abort(403, "lh review answers only on 127.0.0.1")
        if request.method == "POST" and not hmac.compare_digest(request.form.get("csrf", ""), app.config["CSRF"]):
            abort(403, "the form is out of date (missing or wrong CSRF token): reload the page")

    def decisions():
        try:
            return load_overrides(history.path / THEMES_FILE), None
        except InputError as exc:
            return load_overrides(Path("/nonexistent")), f"{THEMES_FILE}:{exc.line}: {exc.message}"

    @app.get("/")
    def page():
        overrides, problem = decisions()
        view = load_view(out_root, history.title, overrides)
        runner: PipelineRunner = app.config["RUNNER"]
        job = app.config["LAST_JOB"]
        return render_template("review.html", view=view, log=list(reversed(read_log(history.path))), csrf=app.config["CSRF"],
                               busy=runner.busy, stage=runner.current, error=(job.error if job else None) or problem,
                               history=history.name, seconds=job.seconds_to_page if job else None)

    def passage_ids() -> set[str]:
        return {p.id for p in JsonlStream(out_root / "clean" / "passages.jsonl", Passage)}

    def theme_ids() -> set[str]:
        view = load_view(out_root, history.title, decisions()[0])
        return set(view.theme_ids) if view else set()

    def decision_from(form) -> Decision:
        op = form.get("op", "")
        themes = theme_ids()
        if op == "rename":
            label = " ".join(form.get("value", "").split())
            if not label:
                raise DecisionError("a new name is needed")
            return Decision(op, check_theme(form.get("theme", ""), themes), label[:200])
        if op == "note":
            text = form.get("value", "").strip()
            if not text:
                raise DecisionError("the note is empty")
            return Decision(op, check_theme(form.get("theme", ""), themes), text[:4000])
        if op == "merge":
            theme, into = check_theme(form.get("theme", ""), themes), check_theme(form.get("into", ""), themes)
            if theme == into:
                raise DecisionError("a theme cannot merge with itself")
            return Decision(op, None, [into, theme])
        if op in ("split", "drop"):
            return Decision(op, None, check_theme(form.get("theme", ""), themes))
        passage = form.get("passage", "").strip()
        if passage not in passage_ids():
            raise DecisionError(f"'{passage}' is not a passage of this history")
        if op == "move":
            return Decision(op, passage, check_theme(form.get("into", ""), themes))
        if op in ("exclude", "pin_quote", "exclude_quote", "critical", "not_critical"):
            return Decision(op, None, passage)
        raise DecisionError(f"unknown action '{op}'")

    def run_and_wait(message: str, ready_after: str = PAGE_READY_AFTER):
        job = app.config["RUNNER"].submit(ready_after)
        app.config["LAST_JOB"] = job
        job.page_ready.wait(PAGE_TIMEOUT)
        if job.error:
            flash(f"{message}, but the pipeline failed: {job.error}. The last good outputs are shown.", "error")
        else:
            flash(f"{message}.", "done")

    @app.post("/decide")
    def decide():
        try:
            decision = decision_from(request.form)
            entry = apply(history.path, decision)
        except DecisionError as exc:
            flash(str(exc), "error")
            return redirect(url_for("page"))
        run_and_wait(f"Done: {entry['text']} (decision {entry['n']} in themes.yaml)",
                     LABELS_READY_AFTER if decision.op in ("rename", "note") else PAGE_READY_AFTER)
        anchor = decision.key if decision.key and decision.key.startswith("T") else None
        return redirect(url_for("page") + (f"#theme-{anchor}" if anchor else ""))

    @app.post("/undo")
    def take_back():
        try:
            entry = undo(history.path, int(request.form.get("n", "0")))
        except (DecisionError, ValueError) as exc:
            flash(str(exc), "error")
            return redirect(url_for("page"))
        run_and_wait(f"Undone: {entry['text']}")
        return redirect(url_for("page"))

    @app.get("/export/<kind>")
    def export(kind: str):
        runner: PipelineRunner = app.config["RUNNER"]
        if runner.busy:
            flash("The outputs are still being brought up to date: try the export again in a moment.", "error")
            return redirect(url_for("page"))
        if kind == "qdpx":
            path = out_root / "export" / f"{history.name}.qdpx"
            if not path.exists():
                abort(404)
            return send_file(path, as_attachment=True, download_name=path.name)
        folders = {"chapters": (out_root / "chapters", "*.docx"), "quotes": (out_root / "quotes", "*.csv")}
        if kind not in folders:
            abort(404)
        folder, pattern = folders[kind]
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(folder.glob(pattern)):
                archive.write(path, path.name)
        buffer.seek(0)
        return send_file(buffer, as_attachment=True, download_name=f"{history.name}-{kind}.zip", mimetype="application/zip")

    return app


def serve(history_path: Path, out: Path, port: int, jobs: int = 1) -> None:
    """Serve the app on 127.0.0.1:port until interrupted (never on another interface)."""
    from werkzeug.serving import make_server

    app = create_app(history_path, out, jobs)
    server = make_server("127.0.0.1", port, app, threaded=True)
    print(f"lh review: http://127.0.0.1:{server.server_port}/  (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
