"""Faults a careful tester tries: stale outputs, two runs at once, kills, damaged outputs, links, YAML bombs,
hostile text, control characters, mistyped settings, bad merges, deep HTML, over-long input.

Each ends in a clean result or one clear line naming the file, with nothing silently lost, and a second run
after it succeeds. The histories are small excerpts of the shipped corpus (real interview turns and real quotes).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document

from conftest import ORAL, ROOT, read_jsonl, run
from pipeline.config import parse_yaml, read_yaml
from pipeline.problems import InputError
from pipeline.stage import OutputLock

ORAL_JSON = ORAL / "interviews" / "oral-histories.json"
FAST = '[themes]\nk = 3\n'


def _turns(dialogue_id: str, count: int) -> tuple[dict, list[dict]]:
    interviews = json.loads(ORAL_JSON.read_text(encoding="utf-8"))
    interview = next(i for i in interviews if i["dialogue_id"] == dialogue_id)
    turns = [t for t in interview["turns"] if t["utterance"].strip()][:count]
    return interview, turns


def _transcript(dialogue_id: str, count: int = 30) -> str:
    """A real oral-history excerpt written as a plain transcript with front matter."""
    interview, turns = _turns(dialogue_id, count)
    lines = ["---", f"id: {dialogue_id}", f"interviewee: {interview['respondents'][0]}",
             f"interviewers: [{', '.join(interview['elicitors'])}]", "role: returned Peace Corps volunteer", "---"]
    for turn in turns:
        lines.append(f"{turn['speaker']}: {' '.join(turn['utterance'].replace(chr(92) + 'n', ' ').split())}")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def interviews_history(tmp_path_factory) -> Path:
    """Two real Peace Corps interviews (30 turns each) as transcripts, distilled once; tests copy the result."""
    root = tmp_path_factory.mktemp("interviews")
    history = root / "corpus" / "peace-corps"
    (history / "interviews").mkdir(parents=True)
    for dialogue_id in ("returned-peace-corps-volunteers-00226", "returned-peace-corps-volunteers-00168"):
        (history / "interviews" / f"{dialogue_id}.txt").write_text(_transcript(dialogue_id), encoding="utf-8")
    (history / "history.toml").write_text('title = "Peace Corps excerpts"\n' + FAST, encoding="utf-8")
    result = run("distil", history, "--out", root / "outputs", "--no-progress")
    assert result.exit_code == 0, result.output + result.stderr
    return root


@pytest.fixture
def distilled_copy(interviews_history, tmp_path) -> tuple[Path, Path]:
    """(history folder, outputs folder): a private copy of the distilled interviews."""
    shutil.copytree(interviews_history, tmp_path / "work")
    return tmp_path / "work" / "corpus" / "peace-corps", tmp_path / "work" / "outputs"


def _ran(output: str) -> list[str]:
    return sorted(line.split()[0] for line in output.splitlines() if " done in " in line)


def _snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(folder.rglob("*")) if p.is_file()}


# -- stale outputs, locks, kills, damaged outputs -----------------------------------------------------------------

def test_editing_one_question_reruns_exactly_the_stages_that_read_it_and_the_new_question_shows(distilled_copy):
    history, out = distilled_copy
    chapters = out / "peace-corps" / "chapters"
    validation = out / "peace-corps" / "validation"
    used = json.loads((chapters / "used_quotes.json").read_text())
    passages = {p["id"]: p for p in read_jsonl(out / "peace-corps" / "clean" / "passages.jsonl")}
    contexts = {c["id"]: c for c in read_jsonl(out / "peace-corps" / "clean" / "context.jsonl")}
    asked = next(passages[pid]["context"] for pid in sorted(used) if passages[pid].get("context"))
    old_question = contexts[asked]["text"]
    path = history / "interviews" / f"{contexts[asked]['doc']}.txt"
    new_question = "What did the water project in the village teach you about working with local leaders?"
    text = path.read_text(encoding="utf-8")
    old_line = next(line for line in text.splitlines() if " ".join(old_question.split()[:6]) in line)
    speaker = old_line.split(":", 1)[0]
    path.write_text(text.replace(old_line, f"{speaker}: {new_question}"), encoding="utf-8")

    result = run("distil", history, "--out", out, "--no-progress")
    assert result.exit_code == 0, result.output + result.stderr
    # privacy reads every reader-facing output, so it checks them again
    assert _ran(result.output) == ["chapters", "clean", "ingest", "privacy", "report", "select", "validation"]
    assert "tag        peace-corps  up to date (skipped)" in result.output
    assert "model      peace-corps  up to date (skipped)" in result.output
    assert "themes     peace-corps  up to date (skipped)" in result.output
    shown = "".join(p.read_text(encoding="utf-8") for p in chapters.glob("T*.md"))
    assert new_question in shown and old_question[:60] not in shown
    packs = "".join(p.read_text(encoding="utf-8") for p in validation.glob("*.md"))
    assert new_question in packs


def test_a_second_run_is_refused_while_another_holds_the_output_folder(distilled_copy):
    history, out = distilled_copy
    with OutputLock(out / "peace-corps"):
        result = run("distil", history, "--out", out, "--no-progress")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: another lh run is writing {out / 'peace-corps'} since ")
    assert ", pid " in result.stderr
    again = run("distil", history, "--out", out, "--no-progress")
    assert again.exit_code == 0, again.stderr


def test_a_killed_run_leaves_no_lock_and_the_last_good_outputs(distilled_copy):
    history, out = distilled_copy
    before = (out / "peace-corps" / "clean" / "passages.jsonl").read_bytes()
    code = ("import sys, time; from pathlib import Path; from pipeline.stage import OutputLock\n"
            "with OutputLock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(60)\n")
    holder = subprocess.Popen([sys.executable, "-c", code, str(out / "peace-corps")], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert holder.stdout.readline().strip() == "held"
    refused = run("clean", history, "--out", out, "--no-progress")
    assert refused.exit_code == 1 and f"pid {holder.pid}" in refused.stderr
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    # A stage killed mid-run leaves a half-written folder beside the good one, and mid-swap the good one set aside.
    (out / "peace-corps" / "clean.new").mkdir()
    (out / "peace-corps" / "clean.new" / "passages.jsonl").write_text("{\"half\": ", encoding="utf-8")
    (out / "peace-corps" / "tag").rename(out / "peace-corps" / "tag.old")
    result = run("distil", history, "--out", out, "--no-progress")
    assert result.exit_code == 0, result.stderr
    assert _ran(result.output) == []
    assert not (out / "peace-corps" / "clean.new").exists() and not (out / "peace-corps" / "tag.old").exists()
    assert (out / "peace-corps" / "clean" / "passages.jsonl").read_bytes() == before


def test_a_real_kill_during_a_stage_then_a_rerun_gives_the_same_outputs(distilled_copy, tmp_path):
    history, out = distilled_copy
    reference = {p: b for p, (_, b) in _snapshot(out / "peace-corps" / "model").items() if p != "manifest.json"}
    shutil.rmtree(out / "peace-corps" / "model")
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "model", str(history), "--out", str(out), "--no-progress"],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while not (out / "peace-corps" / "model.new").exists() and time.time() < deadline and process.poll() is None:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    result = run("distil", history, "--out", out, "--no-progress")
    assert result.exit_code == 0, result.stderr
    after = {p: b for p, (_, b) in _snapshot(out / "peace-corps" / "model").items() if p != "manifest.json"}
    assert after == reference


def test_a_truncated_upstream_output_is_noticed_and_rebuilt(distilled_copy):
    history, out = distilled_copy
    passages = out / "peace-corps" / "clean" / "passages.jsonl"
    whole = passages.read_bytes()
    passages.write_bytes(whole[: len(whole) // 2])
    status = run("status", history, "--out", out)
    assert "clean: stale (outputs changed since it ran (passages.jsonl changed))" in status.output
    result = run("export", history, "--out", out, "--no-progress")
    assert result.exit_code == 0, result.stderr
    assert "clean      peace-corps  running again: outputs changed since it ran (passages.jsonl changed)" in result.output
    assert passages.read_bytes() == whole
    segments = json.loads((out / "peace-corps" / "export" / "manifest.json").read_text())["counts"]["segments"]
    assert segments == len(read_jsonl(passages))


def test_a_deleted_output_file_is_noticed(distilled_copy):
    history, out = distilled_copy
    (out / "peace-corps" / "chapters" / "T01.docx").unlink()
    result = run("chapters", history, "--out", out, "--no-progress")
    assert "running again: outputs changed since it ran (T01.docx missing)" in result.output
    assert (out / "peace-corps" / "chapters" / "T01.docx").exists()


def test_an_up_to_date_run_writes_nothing(distilled_copy):
    history, out = distilled_copy
    before = _snapshot(out / "peace-corps")
    result = run("distil", history, "--out", out, "--no-progress")
    assert result.exit_code == 0
    after = _snapshot(out / "peace-corps")
    lock = ".lh.lock"
    assert {k: v for k, v in after.items() if k != lock} == {k: v for k, v in before.items() if k != lock}


def test_a_stage_that_opens_an_undeclared_upstream_file_fails(distilled_copy, monkeypatch):
    from pipeline.stage import UndeclaredRead
    from pipeline.stages.tag import Tag

    history, out = distilled_copy
    original = Tag.run

    def sneaky(self, ctx):
        ctx.input("clean", "context.jsonl")
        return original(self, ctx)

    monkeypatch.setattr(Tag, "run", sneaky)
    with pytest.raises(UndeclaredRead, match=r"stage 'tag' reads clean/context.jsonl but does not declare it"):
        run("tag", history, "--out", out, "--force", "--no-progress")


# -- inputs -------------------------------------------------------------------------------------------------------

def test_links_out_of_the_history_are_refused_and_broken_or_looping_links_reported(distilled_copy, tmp_path):
    history, out = distilled_copy
    secret = tmp_path / "secret.txt"
    secret.write_text("Weekly update 1: 1 January 2010\n\nThe secret password of the finance director is swordfish.\n")
    (history / "updates").mkdir()
    (history / "updates" / "leak.txt").symlink_to(secret)
    (history / "updates" / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    (history / "updates" / "loop.txt").symlink_to(history / "updates" / "loop.txt")
    result = run("distil", history, "--out", out, "--no-progress")
    assert result.exit_code == 0, result.stderr
    assert f"updates/leak.txt: warning: refused: a link to {secret.resolve()}, outside the history folder: refused" in result.stderr
    assert "updates/broken.txt: warning: refused: broken link" in result.stderr
    assert "updates/loop.txt: warning: refused: a link that loops back on itself" in result.stderr
    counts = json.loads((out / "peace-corps" / "ingest" / "manifest.json").read_text())["counts"]
    assert counts["files_refused"] == 3
    export = (out / "peace-corps" / "export" / "peace-corps.qdpx").read_bytes()
    import zipfile
    with zipfile.ZipFile(io.BytesIO(export)) as archive:
        assert not any(b"swordfish" in archive.read(name) for name in archive.namelist())


BOMB = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n' \
       'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n'


@pytest.mark.parametrize("name, stage", [("themes.yaml", "model"), ("codebook.yaml", "tag"), ("people.yaml", "clean")])
def test_yaml_alias_bombs_are_refused_with_the_line(distilled_copy, name, stage):
    history, out = distilled_copy
    (history / name).write_text(BOMB, encoding="utf-8")
    result = run("distil", history, "--out", out, "--no-progress")
    assert result.exit_code == 1
    assert f"{stage} peace-corps: error: {history / name}:2: YAML aliases (*name) are not allowed here" in result.stderr
    (history / name).unlink()
    assert run("distil", history, "--out", out, "--no-progress").exit_code == 0


def test_a_yaml_bomb_in_front_matter_costs_only_its_front_matter(distilled_copy):
    history, out = distilled_copy
    path = next((history / "interviews").glob("*.txt"))
    text = path.read_text(encoding="utf-8")
    path.write_text("---\n" + BOMB + "---\n" + text.split("---\n", 2)[2], encoding="utf-8")
    result = run("ingest", history, "--out", out, "--no-progress")
    assert result.exit_code == 0
    assert f"{path.name}:3: warning: front matter: YAML aliases (*name) are not allowed here; read without it" in result.stderr


def test_the_yaml_loader_reports_duplicates_and_remembers_lines(tmp_path):
    with pytest.raises(InputError) as caught:
        parse_yaml("rename:\n  T01: a\n  T01: b\n")
    assert (caught.value.line, caught.value.message) == (3, "duplicate key 'T01' (first on line 2)")
    data = parse_yaml("merge:\n  - [T01, T02]\n  - [T03, T04]\n")
    assert data.line_of("merge") == 1 and data["merge"].line_of(1) == 3
    with pytest.raises(InputError, match="nested too deeply"):
        parse_yaml("[" * 5000 + "]" * 5000)
    (tmp_path / "x.yaml").write_bytes(b"a: \xff\xfe\n")
    with pytest.raises(InputError, match="not UTF-8 text"):
        read_yaml(tmp_path / "x.yaml")


def test_deep_html_is_read_whole(history):
    (history / "updates").mkdir()
    deep = ("<html><body><h1>Weekly update 3: 4 March 2010</h1>" + "<div>" * 3000
            + "<p>The pilots agreed a shared budget for older people's services.</p>" + "</div>" * 3000
            + "<p>After the deep part, the board met in Leicester to agree the next steps for the programme.</p></body></html>")
    (history / "updates" / "deep.html").write_text(deep, encoding="utf-8")
    result = run("ingest", history, "--out", history.parent / "out", "--no-progress")
    assert result.exit_code == 0, result.stderr
    texts = [r["text"] for r in read_jsonl(history.parent / "out" / "history" / "ingest" / "records.jsonl")]
    assert "The pilots agreed a shared budget for older people's services." in texts
    assert "After the deep part, the board met in Leicester to agree the next steps for the programme." in texts


def test_one_over_long_csv_cell_costs_one_row(history):
    (history / "quotes").mkdir()
    rows = [["text", "role"], ["We pooled the budgets for older people and it changed how the nurses worked.", "nurse"],
            ["x" * 2_000_000, "spam"], ["The board finally trusted the data once the families told their own stories.", "officer"]]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    (history / "quotes" / "sheet.csv").write_text(buffer.getvalue(), encoding="utf-8")
    result = run("ingest", history, "--out", history.parent / "out", "--no-progress")
    assert result.exit_code == 0, result.stderr
    assert "sheet.csv:3: warning: row skipped: not valid CSV (field larger than field limit (1000000))" in result.stderr
    texts = [r["text"] for r in read_jsonl(history.parent / "out" / "history" / "ingest" / "records.jsonl")]
    assert len(texts) == 2 and texts[1].startswith("The board finally")


def test_an_interview_with_only_questions_is_reported(history):
    (history / "interviews").mkdir()
    (history / "interviews" / "q.txt").write_text("Q: How did it start?\nQ: And then?\n", encoding="utf-8")
    (history / "interviews" / "a.txt").write_text("Q: How did it start?\nA: With one family and a shared front door.\n", encoding="utf-8")
    result = run("ingest", history, "--out", history.parent / "out", "--no-progress")
    assert "q.txt: warning: only interviewer turns (2): nothing to quote; the questions are kept as context" in result.stderr


def test_a_huge_single_line_is_split_into_paragraphs_and_passages(history):
    sentence = "The partners met again to agree how the pooled budget for older people would be shared. "
    (history / "page.txt").write_text(sentence * 40_000 + "\n", encoding="utf-8")   # 3.6 MB on one line
    result = run("clean", history, "--out", history.parent / "out", "--no-progress")
    assert result.exit_code == 0, result.stderr
    assert "page.txt:1: warning: a paragraph of 3,519,999 characters (one line?): read as " in result.stderr
    passages = read_jsonl(history.parent / "out" / "history" / "clean" / "passages.jsonl")
    assert passages and max(p["words"] for p in passages) <= 150


def test_a_run_of_words_without_full_stops_is_cut_into_passages(history):
    (history / "page.txt").write_text(" ".join(["budget", "families", "board", "pilot"] * 600) + "\n", encoding="utf-8")
    result = run("clean", history, "--out", history.parent / "out", "--no-progress")
    assert result.exit_code == 0, result.stderr
    passages = read_jsonl(history.parent / "out" / "history" / "clean" / "passages.jsonl")
    assert max(p["words"] for p in passages) <= 150


# -- settings and overrides ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("toml, lines", [
    ('[clean]\nmin_words = "ten"\n', ["history.toml:2: [clean] min_words = 'ten': expected a whole number"]),
    ('[themes]\nk = "eight"\n', ["history.toml:2: [themes] k = 'eight': expected a whole number"]),
    ('title = 42\n', ["history.toml:1: title = 42: expected text"]),
    ('[themes]\nk = 500\n', ["history.toml:2: [themes] k = 500: expected a value from 2 to 200"]),
    ('[themes]\nk_min = 9\nk_max = 4\n', ["history.toml:2: [themes] k_min (9) is larger than k_max (4)"]),
    ('[themes]\nmodel = "bertopic"\n', ["history.toml:2: [themes] model = 'bertopic': expected one of: hybrid, mixture, nmf, lda"]),
    ('[themes]\nembedder = "fast"\n', ["history.toml:2: [themes] embedder = 'fast': expected one of: minilm, static"]),
    ('[theme]\nk = 5\n', ["history.toml:1: [theme] unknown table [theme] (expected one of: ingest, clean, tag, themes, "
                          "select, report, chapters, validation, export, privacy)"]),
    ('[clean]\nmin_word = 5\nmax_words = true\n', [
        "history.toml:2: [clean] unknown setting 'min_word' (expected: min_words, max_words, max_sentences, target_words, near_duplicate, ner_model)",
        "history.toml:3: [clean] max_words = True: expected a whole number"]),
    ('titel = "x"\n', ["history.toml:1: unknown key 'titel' (expected title, description, or a [stage] table)"]),
    ('[clean\n', ["history.toml:1: not valid TOML: Expected ']' at the end of a table declaration"]),
])
def test_mistyped_settings_are_one_line_each_naming_the_file_line_and_key(distilled_copy, toml, lines):
    history, out = distilled_copy
    (history / "history.toml").write_text(toml, encoding="utf-8")
    result = run("distil", history, "--out", out, "--no-progress")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [f"ingest peace-corps: error: {history}/{line}" for line in lines]


@pytest.mark.parametrize("yaml_text, line", [
    ("merge:\n  - [T01, T01]\n", "themes.yaml:2: merge ['T01', 'T01']: names T01 more than once (a theme cannot merge with itself)"),
    ("merge:\n  - [T01]\n", "themes.yaml:2: each 'merge' entry must list two or more theme ids"),
    ("drop: [budgets]\n", "themes.yaml:1: drop: 'budgets' is not a theme id (T01, T02, ...)"),
    ("merge:\n  - [T01, T02]\ndrop: [T02]\n", "themes.yaml:2: T02 is both merged and dropped: choose one"),
    ("rename:\n  T01: [a, b]\n", "themes.yaml:2: rename T01: the new label must be text"),
])
def test_impossible_theme_overrides_are_errors_naming_the_line(distilled_copy, yaml_text, line):
    history, out = distilled_copy
    (history / "themes.yaml").write_text(yaml_text, encoding="utf-8")
    result = run("themes", history, "--out", out, "--no-progress")
    assert result.exit_code == 1
    # the model stage is the first to read themes.yaml (its themes: decides the fit), so it reports
    assert result.stderr.strip() == f"model peace-corps: error: {history}/{line}"


def test_a_merge_of_themes_this_run_does_not_have_is_a_warning_and_nothing_is_lost(distilled_copy):
    history, out = distilled_copy
    (history / "themes.yaml").write_text("merge:\n  - [T01, T02]\n  - [T08, T09]\n", encoding="utf-8")
    result = run("themes", history, "--out", out, "--no-progress")
    assert result.exit_code == 0, result.stderr
    assert "themes.yaml:3: warning: merge ['T08', 'T09']: needs two themes of this run, found 0 (none); not merged" in result.stderr
    themes = json.loads((out / "peace-corps" / "themes" / "themes.json").read_text())["themes"]
    assert [t["id"] for t in themes] == ["T01", "T03"] and themes[0]["merged"] == ["T02"]
    assigned = {a["theme"] for a in read_jsonl(out / "peace-corps" / "themes" / "assignments.jsonl")}
    assert assigned <= {"T01", "T03", None}


# -- hostile text in every field that reaches an output ------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
LINK = "[click here](javascript:alert(3))"
REMOTE = "![pixel](http://evil.example/p.png)"
FORMULA = '=HYPERLINK("http://evil.example","x")'


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _elements(html: str) -> list[tuple[str, dict]]:
    parser = _Elements()
    parser.feed(html)
    return parser.tags


@pytest.fixture(scope="module")
def hostile_outputs(tmp_path_factory) -> Path:
    """A quote sheet of real quotes (from the oral histories) with hostile text in the quote, role, speaker and place."""
    root = tmp_path_factory.mktemp("hostile")
    history = root / "hostile"
    (history / "quotes").mkdir(parents=True)
    _, turns = _turns("returned-peace-corps-volunteers-00226", 80)
    answers = [" ".join(t["utterance"].replace("\\n", " ").split()) for t in turns if t["role"] == "respondent"]
    answers = [a for a in answers if 25 <= len(a.split()) <= 120][:14]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["text", "role", "speaker", "place", "date"])
    for i, answer in enumerate(answers):
        hostile = i % 2 == 0
        text = f"{answer} {SCRIPT} {IMG} {LINK} {REMOTE}" if hostile else answer
        if i == 2:
            text = FORMULA + " " + answer
        role = f"volunteer {SCRIPT}\x0bsecond line" if hostile else "volunteer"
        writer.writerow([text, role, f"Speaker {IMG}", f"Place {LINK}", "2009-05-01"])
    (history / "quotes" / "sheet.csv").write_text(buffer.getvalue(), encoding="utf-8")
    (history / "history.toml").write_text(f'title = "Hostile {SCRIPT}"\ndescription = "{IMG} {LINK}"\n' + FAST, encoding="utf-8")
    result = run("distil", history, "--out", root / "out", "--no-progress")
    assert result.exit_code == 0, result.output + result.stderr
    return root / "out" / "hostile"


def _quoted_hostile(out: Path) -> list[str]:
    used = json.loads((out / "chapters" / "used_quotes.json").read_text())
    passages = {p["id"]: p for p in read_jsonl(out / "clean" / "passages.jsonl")}
    return [pid for pid in used if "<script>" in passages[pid]["text"]]


def test_hostile_quotes_reach_the_chapters_so_the_tests_below_can_fail(hostile_outputs):
    assert _quoted_hostile(hostile_outputs), "no hostile quote was chosen: the escaping tests would prove nothing"


def test_html_outputs_carry_no_active_element_or_handler(hostile_outputs):
    pages = list(hostile_outputs.glob("report/*.html")) + list(hostile_outputs.glob("chapters/*.html")) \
        + list(hostile_outputs.glob("validation/*.html"))
    assert len(pages) >= 4
    assert all("&lt;script&gt;" in page.read_text(encoding="utf-8") for page in pages if page.name in ("index.html",))
    for page in pages:
        html = page.read_text(encoding="utf-8")
        tags = _elements(html)
        assert not [t for t, _ in tags if t in ("script", "iframe", "object", "embed")], page
        assert not [a for _, a in tags if any(k.startswith("on") for k in a)], page
        assert not [t for t, a in tags if t == "img"], page
        assert not [a for _, a in tags if any("javascript:" in (v or "") for v in a.values())], page


def test_markdown_outputs_neutralise_html_links_and_remote_images(hostile_outputs, tmp_path):
    result = run("quotes", "hostile", "--out", hostile_outputs.parent, "--format", "md", "--limit", "100")
    assert result.exit_code == 0
    documents = {"lh quotes --format md": result.output}
    for page in list(hostile_outputs.glob("report/*.md")) + list(hostile_outputs.glob("chapters/*.md")) \
            + list(hostile_outputs.glob("validation/*.md")):
        documents[str(page)] = page.read_text(encoding="utf-8")
    assert "&lt;script&gt;" in documents["lh quotes --format md"]
    for name, text in documents.items():
        assert "<script" not in text and "<img" not in text, name
        assert not re.search(r"(?<!\\)\]\(javascript:", text), name
        assert "![pixel](" not in text, name


def test_csv_outputs_start_no_cell_with_a_formula(hostile_outputs):
    result = run("quotes", "hostile", "--out", hostile_outputs.parent, "--format", "csv", "--limit", "100")
    tables = {"lh quotes --format csv": result.output}
    for path in hostile_outputs.glob("quotes/*.csv"):
        tables[str(path)] = path.read_text(encoding="utf-8")
    cells = {name: [cell for row in csv.reader(io.StringIO(text)) for cell in row] for name, text in tables.items()}
    assert any(cell.startswith("'" + FORMULA) for found in cells.values() for cell in found), "the formula reached no CSV"
    for name, found in cells.items():
        assert not [cell for cell in found if cell[:1] in ("=", "+", "-", "@")], name


def test_a_vertical_tab_in_a_role_does_not_break_word_or_the_export(hostile_outputs):
    for path in hostile_outputs.glob("chapters/*.docx"):
        document = Document(path)
        cells = " ".join(c.text for t in document.tables for r in t.rows for c in r.cells)
        assert "\x0b" not in cells
    assert (hostile_outputs / "export" / "hostile.qdpx").exists()
    roles = {p["role"] for p in read_jsonl(hostile_outputs / "clean" / "passages.jsonl")}
    assert f"volunteer {SCRIPT} second line" in roles
