"""The `lh` command line: one command per stage, `distil` for all of them, and tools over their outputs.

A thin layer: each command parses options and calls the library (pipeline.stage, pipeline.stages).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .history import History, HistoryNotFound, find_histories
from .nlp.tone import TONE_LABELS
from .problems import InputError
from .quotes.store import KINDS as QUOTE_STORE_KINDS
from .stage import OutputsLocked, Stage, run_history, stage_state, upstream_stages
from .stages import all_stages

CORPUS = Path("corpus")
OUTPUTS = Path("outputs")


def _histories(paths: tuple[Path, ...], corpus: Path) -> tuple[list[History], list[str]]:
    """The histories named (or every one under the corpus folder), and errors for those not found."""
    errors: list[str] = []
    if not paths:
        try:
            histories = find_histories(corpus)
        except HistoryNotFound as exc:
            return [], [f"error: {exc}"]
        if not histories:
            errors.append(f"error: {corpus}: no history folders in it")
        return histories, errors
    histories = []
    for path in paths:
        try:
            histories.append(History(path))
        except HistoryNotFound as exc:
            errors.append(f"error: {exc}")
    return histories, errors


def _run(target: str | None, paths, corpus, out, force, jobs, progress, overrides=None) -> None:
    """Bring `target` (None: every stage) up to date for each history; exit 1 when any history failed."""
    stages = all_stages()
    histories, errors = _histories(paths, corpus)
    for error in errors:
        click.echo(error, err=True)
    failed = bool(errors)
    for history in histories:
        try:
            for result in run_history(target, history, out, stages, overrides=overrides, force=force, jobs=jobs,
                                      progress=progress, echo=click.echo):
                if result.status == "failed":
                    for line in result.message.splitlines() or [""]:
                        click.echo(f"{result.stage} {history.name}: error: {line}", err=True)
                    failed = True
        except OutputsLocked as exc:
            click.echo(f"error: {exc}", err=True)
            failed = True
    if failed:
        sys.exit(1)


def common_options(func):
    """Options every stage command takes."""
    func = click.option("--progress/--no-progress", default=None, help="Show progress bars (default: only on a terminal).")(func)
    func = click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True, help="Worker processes for stages that work file by file.")(func)
    func = click.option("--force", is_flag=True, help="Run the stage even when it is up to date.")(func)
    func = click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=OUTPUTS, show_default=True, help="Folder for outputs/<history>/<stage>/.")(func)
    func = click.option("--corpus", type=click.Path(file_okay=False, path_type=Path), default=CORPUS, show_default=True, help="Folder of history folders, used when no HISTORY is given.")(func)
    func = click.argument("histories", nargs=-1, type=click.Path(path_type=Path))(func)
    return func


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lh")
def cli():
    """Distil learning histories: interviews, quote sheets and updates in; themes, reports and chapters out.

    Each HISTORY is a folder such as corpus/total-place holding interviews/, quotes/ and updates/.
    With no HISTORY, every folder under --corpus is used. Stages already up to date are skipped.

    \b
    Example:
        lh distil --jobs 2             # every history under corpus/, into outputs/
        lh quotes total-place --code "place-based budgets" --format md
    """


# Options a stage command has beyond the common ones: (click decorator, settings key it overrides).
STAGE_OPTIONS = {
    "model": [(click.option("--themes", "k", type=click.IntRange(2, 200), default=None,
                            help="Fit K themes instead of choosing k."), "k")],
    "themes": [(click.option("--themes", "k", type=click.IntRange(2, 200), default=None,
                             help="Fit K themes instead of choosing k (the model stage runs again)."), "k")],
}


def _stage_command(stage: Stage):
    """`lh <stage>`: bring one stage (and the stages it reads) up to date. One per stage in the graph."""
    extra = STAGE_OPTIONS.get(stage.name, [])

    def command(histories, corpus, out, force, jobs, progress, **options):
        overrides = {key: options.get(key) for _, key in extra}
        _run(stage.name, histories, corpus, out, force, jobs, progress, overrides=overrides)

    reads = ", ".join(upstream_stages(stage)) or "the history folder"
    command.__doc__ = (f"{stage.summary} (outputs/<history>/{stage.dir_name}/; reads {reads}.)\n\n"
                       f"    Example:\n\n    \b\n        {stage.example}\n    ")
    for option, _ in extra:
        command = option(command)
    return cli.command(stage.name)(common_options(command))


for _stage in all_stages().values():
    _stage_command(_stage)


@cli.command()
@click.argument("history", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=OUTPUTS, show_default=True, help="The outputs folder.")
@click.option("--theme", help="Theme id (T03) or words of its label.")
@click.option("--code", help="A codebook code, e.g. 'place-based budgets'.")
@click.option("--role", help="Words of the speaker's role, e.g. 'chief executive'.")
@click.option("--place", help="A place named in the quote.")
@click.option("--from", "date_from", help="Earliest date, YYYY[-MM[-DD]].")
@click.option("--to", "date_to", help="Latest date, YYYY[-MM[-DD]].")
@click.option("--tone", type=click.Choice(TONE_LABELS), help="Tone label.")
@click.option("--text", help="Free text (full-text search; \"quoted phrases\" kept together).")
@click.option("--selected", is_flag=True, help="Only the quotes chosen as each theme's representatives.")
@click.option("--kind", type=click.Choice(QUOTE_STORE_KINDS), help="participant: anyone's own words; interview, "
              "quote-sheet, update-quote (speech quoted in an update); update: the update texts' own paragraphs.")
@click.option("--limit", type=click.IntRange(1, 100000), default=50, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["csv", "md", "docx"]), default="csv", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of standard output (needed for docx).")
def quotes(history, out, theme, code, role, place, date_from, date_to, tone, text, selected, kind, limit, fmt, output):
    """Pull a quote set for writers from a distilled history, by theme, code, role, place, date, tone and text.

    HISTORY is the history's folder (corpus/total-place) or just its name.

    \b
    Example:
        lh quotes public-service-oral-histories --code "safety and risk" --tone critical --format md
        lh quotes total-place --text "place-based budgets" -o budgets.docx --format docx
    """
    from .quotes.export import write_quotes
    from .quotes.store import STORE, QuoteQuery, query

    name = Path(history).name
    store = out / name / "quotes" / STORE
    if not store.exists():
        click.echo(f"error: {store}: no quote store: run `lh distil` for {name} first", err=True)
        sys.exit(1)
    if fmt == "docx" and output is None:
        click.echo("error: --format docx needs --output FILE.docx", err=True)
        sys.exit(2)
    rows = query(store, QuoteQuery(theme, code, role, place, date_from, date_to, tone, text, selected, limit, kind))
    write_quotes(rows, fmt, output, title=f"Quotes from {name}")
    if output is not None:
        click.echo(f"{len(rows)} quotes written to {output}", err=True)


@cli.command()
@click.option("--corpus", type=click.Path(file_okay=False, path_type=Path), default=CORPUS, show_default=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=OUTPUTS, show_default=True)
@click.option("--sizes", default="1000,10000,100000", show_default=True, help="Scale corpora sizes (passages, approximately), comma-separated.")
@click.option("--seeds", type=click.IntRange(2, 20), default=5, show_default=True, help="Seeds per model for stability.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=2, show_default=True)
@click.option("--dblp-limit", type=click.IntRange(1000, 10**6), default=10000, show_default=True, help="DBLP documents sampled (it has 54,595).")
def bench(corpus, out, sizes, seeds, jobs, dblp_limit):
    """Benchmark: end-to-end timings, scale runs and theme quality against peers (outputs/bench/).

    \b
    Example:
        lh bench --sizes 1000,10000 --seeds 3
    """
    from .bench.run import bench as run_bench
    from .bench.run import markdown

    results = run_bench(corpus, out, [int(s) for s in sizes.split(",") if s.strip()], seeds, jobs, dblp_limit,
                        log=lambda m: click.echo(m, err=True))
    click.echo(markdown(results))


@cli.command("check-tone")
@click.argument("labels", type=click.Path(dir_okay=False, path_type=Path),
                default=CORPUS / "_reference" / "tone-labels" / "tone_labels.jsonl")
def check_tone(labels):
    """Say how often the tone labels agree with passages a team labelled by hand.

    LABELS is a JSON-lines file, one {"text": ..., "label": "critical" | "supportive" | "neutral"} per line
    (default: the project's own hand labels). Rows with "split": "dev" are reported apart.

    \b
    Example:
        lh check-tone our-labels.jsonl
    """
    from .evaluate.tone_agreement import evaluate, markdown, read_labels

    try:
        rows = read_labels(labels)
    except FileNotFoundError:
        click.echo(f"error: {labels}: no such file", err=True)
        sys.exit(1)
    except UnicodeDecodeError:
        click.echo(f"error: {labels}: not UTF-8 text", err=True)
        sys.exit(1)
    except InputError as exc:
        click.echo(f"error: {exc.where(labels)}: {exc.message}", err=True)
        sys.exit(1)
    click.echo("\n".join(markdown(evaluate(rows))))


@cli.command("check-names")
@click.argument("labels", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=OUTPUTS, show_default=True,
              help="The outputs folder the histories were distilled into.")
@click.option("--misses", type=click.IntRange(0, 10000), default=0, show_default=True,
              help="Also list this many names not wholly replaced, and the replacements that hit no name.")
def check_names(labels, out, misses):
    """Say how many hand-labelled person names the distilled outputs really replaced.

    LABELS are JSON-lines files of labelled windows of ingest records (the format of
    corpus/_reference/name-labels/; default: the project's dev labels). The clean stage's ledger
    (outputs/<history>/clean/removed.jsonl) is read, so distil the histories first. Prints strict and lenient
    recall per class (private, interviewee, public) with 95% Wilson intervals, precision of the replacements
    inside the windows, and over-redaction of the person-like non-names.

    \b
    Example:
        lh distil && lh check-names corpus/_reference/name-labels/name_labels_dev.jsonl
    """
    from .evaluate.name_recall import evaluate, markdown, read_labels

    rows = []
    for path in labels or (CORPUS / "_reference" / "name-labels" / "name_labels_dev.jsonl",):
        try:
            rows.extend(read_labels(path))
        except FileNotFoundError:
            click.echo(f"error: {path}: no such file", err=True)
            sys.exit(1)
        except UnicodeDecodeError:
            click.echo(f"error: {path}: not UTF-8 text", err=True)
            sys.exit(1)
        except InputError as exc:
            click.echo(f"error: {exc.where(path)}: {exc.message}", err=True)
            sys.exit(1)
    try:
        results = evaluate(rows, out)
    except FileNotFoundError as exc:
        click.echo(f"error: {exc.args[0]}: missing: run `lh distil` for that history first", err=True)
        sys.exit(1)
    except InputError as exc:
        click.echo(f"error: {exc.message}", err=True)
        sys.exit(1)
    click.echo("\n".join(markdown(results, misses)))


@cli.command()
@click.argument("history", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=OUTPUTS, show_default=True, help="The outputs folder.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port on 127.0.0.1 (0: any free port).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True)
def review(history, out, port, jobs):
    """Review the themes in a browser: rename, merge, split, drop, pin and leave out quotes, mark critical voices,
    move passages, write notes. Each action is written to the history's themes.yaml and the outputs follow.

    Listens on 127.0.0.1 only. HISTORY is the history's folder.

    \b
    Example:
        lh review corpus/total-place --port 8765      # then open http://127.0.0.1:8765/
    """
    from .review.app import serve

    try:
        History(history)
    except HistoryNotFound as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    serve(history, out, port, jobs)


@cli.command()
@common_options
def distil(histories, corpus, out, force, jobs, progress):
    """Run every stage for each history, skipping stages already up to date.

    Example:

        lh distil corpus/public-service-oral-histories --jobs 2
    """
    _run(None, histories, corpus, out, force, jobs, progress)


@cli.command()
@click.argument("histories", nargs=-1, type=click.Path(path_type=Path))
@click.option("--corpus", type=click.Path(file_okay=False, path_type=Path), default=CORPUS, show_default=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=OUTPUTS, show_default=True)
def status(histories, corpus, out):
    """Say for each history which stages are up to date, stale or not yet run.

    Example:

        lh status
    """
    stages = all_stages()
    found, errors = _histories(histories, corpus)
    for error in errors:
        click.echo(error, err=True)
    for history in found:
        states: dict[str, str] = {}
        for name, stage in stages.items():
            waiting = [r for r in upstream_stages(stage) if states.get(r, "").startswith(("stale", "not run", "waits", "cannot"))]
            state = stage_state(stage, history, out / history.name, stages)
            if waiting and state == "up to date":
                state = f"waits for {', '.join(waiting)}"
            states[name] = state
        click.echo(f"{history.name}: " + "; ".join(f"{name}: {state}" for name, state in states.items()))
    if errors:
        sys.exit(1)
