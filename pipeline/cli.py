"""The `lh` command line: one command per stage, `distil` for all of them, and tools over their outputs.

A thin layer: each command parses options and calls the library (pipeline.stage, pipeline.stages).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from . import manifest as mf
from .history import History, HistoryNotFound, find_histories
from .nlp.tone import TONE_LABELS
from .problems import InputError
from .stage import StageResult, plan, run_stage, stage_inputs, StageFailed
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
    """Bring `target` (None: every stage) up to date for each history; exit 1 when a history got nothing usable."""
    stages = all_stages()
    order = plan(target, stages) if target else list(stages)
    histories, errors = _histories(paths, corpus)
    for error in errors:
        click.echo(error, err=True)
    failed = bool(errors)
    for history in histories:
        for name in order:
            result: StageResult = run_stage(
                stages[name], history, out, stages, overrides=overrides if name == target else None,
                force=force and (target is None or name == target), jobs=jobs, progress=progress, echo=click.echo,
                quiet_skip=target is not None and name != target,
            )
            if result.status == "failed":
                click.echo(f"{name} {history.name}: error: {result.message}", err=True)
                failed = True
                break
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


def _stage_command(name: str, help_text: str):
    """A CLI command that brings one stage (and the stages before it) up to date."""

    @common_options
    def command(histories, corpus, out, force, jobs, progress):
        _run(name, histories, corpus, out, force, jobs, progress)

    command.__doc__ = help_text
    return cli.command(name)(command)


_stage_command("ingest", """Read every input file into records of one schema (outputs/<history>/ingest/).

    Example:

        lh ingest corpus/total-place
    """)
_stage_command("clean", """Remove spam, page furniture and contact details, replace names by roles, and cut
    turns into quotable passages (outputs/<history>/clean/: passages.jsonl, context.jsonl, removed.jsonl).

    Example:

        lh clean corpus/public-service-oral-histories --force
    """)
_stage_command("tag", """Tag every passage with codebook codes, places, organisations, roles, tone, key phrases
    and dates (outputs/<history>/tag/: tags.jsonl, code_matrix.csv, code_cooccurrence.csv, phrases.json).

    Example:

        lh tag corpus/total-place
    """)


@cli.command()
@common_options
@click.option("--themes", "k", type=click.IntRange(2, 200), default=None, help="Use K themes instead of choosing k.")
def themes(histories, corpus, out, force, jobs, progress, k):
    """Find the themes (outputs/<history>/themes/: themes.json, assignments.jsonl, k_scores.json).

    k is chosen by coherence and stability unless --themes (or themes.yaml's `themes:`) fixes it.

    Example:

        lh themes corpus/public-service-oral-histories --themes 8
    """
    _run("themes", histories, corpus, out, force, jobs, progress, overrides={"k": k})


_stage_command("select", """Choose each theme's representative quotes and build the quote store
    (outputs/<history>/quotes/<theme>.csv, selected.json; outputs/<history>/quotes.sqlite).

    Example:

        lh select corpus/public-service-oral-histories
    """)


_stage_command("report", """Write the theme report (outputs/<history>/report/index.html, report.md, report.json).

    Example:

        lh report corpus/total-place && open outputs/total-place/report/index.html
    """)


_stage_command("chapters", """Draft one learning-history chapter per theme in the two-column form
    (outputs/<history>/chapters/: T01.md, T01.html, T01.docx, ..., index.html).

    Example:

        lh chapters corpus/public-service-oral-histories
    """)
_stage_command("validation", """Write a validation pack per interviewee: every quote of theirs used in a chapter,
    with the question it answered (outputs/<history>/validation/).

    Example:

        lh validation corpus/public-service-oral-histories
    """)
_stage_command("export", """Export the distillation as a REFI-QDA project for NVivo, ATLAS.ti, MAXQDA or
    QualCoder (outputs/<history>/export/<history>.qdpx).

    Example:

        lh export corpus/total-place
    """)


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
@click.option("--limit", type=click.IntRange(1, 100000), default=50, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["csv", "md", "docx"]), default="csv", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of standard output (needed for docx).")
def quotes(history, out, theme, code, role, place, date_from, date_to, tone, text, selected, limit, fmt, output):
    """Pull a quote set for writers from a distilled history, by theme, code, role, place, date, tone and text.

    HISTORY is the history's folder (corpus/total-place) or just its name.

    \b
    Example:
        lh quotes public-service-oral-histories --code "safety and risk" --tone critical --format md
        lh quotes total-place --text "place-based budgets" -o budgets.docx --format docx
    """
    from .quotes.export import write_quotes
    from .quotes.store import QuoteQuery, query

    name = Path(history).name
    store = out / name / "quotes.sqlite"
    if not store.exists():
        click.echo(f"error: {store}: no quote store: run `lh distil` for {name} first", err=True)
        sys.exit(1)
    if fmt == "docx" and output is None:
        click.echo("error: --format docx needs --output FILE.docx", err=True)
        sys.exit(2)
    rows = query(store, QuoteQuery(theme, code, role, place, date_from, date_to, tone, text, selected, limit))
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
    from .bench.run import bench as run_bench, markdown

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
        states = []
        for name, stage in stages.items():
            previous = mf.read_manifest(out / history.name / stage.dir_name)
            if previous is None:
                states.append(f"{name}: not run")
                continue
            try:
                settings, _ = stage.settings(history)
                inputs = stage_inputs(stage, history, out / history.name, stages)
            except (StageFailed, InputError) as exc:
                states.append(f"{name}: cannot tell ({getattr(exc, 'message', exc)})")
                continue
            current = mf.fingerprint(inputs, settings, mf.code_digest(type(stage).__module__))
            states.append(f"{name}: {'up to date' if current == previous.get('fingerprint') else 'stale'}")
        click.echo(f"{history.name}: " + "; ".join(states))
    if errors:
        sys.exit(1)
