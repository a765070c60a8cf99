"""What writers, researchers and participants receive: quotes, report, chapters, validation packs, export."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import zipfile
from collections import Counter

import numpy as np
import pytest
from docx import Document
from sklearn.feature_extraction.text import TfidfVectorizer

from conftest import CORPUS, ROOT, read_jsonl, run
from pipeline.evaluate.chapters import measure
from pipeline.export.refi_qda import validate
from pipeline.nlp.critical import CriticalVoice
from pipeline.report.data import shows_contact_details
from pipeline.text.pii import EMAIL, phone_spans
from pipeline.text.questions import asks_or_requests

ORAL = "public-service-oral-histories"
XSD = CORPUS / "_reference" / "refi-qda" / "Project.xsd"


def _selected(distilled, history=ORAL):
    return json.loads((distilled / history / "quotes" / "selected.json").read_text())["themes"]


def test_quotes_per_theme_are_enough_diverse_and_balanced(distilled):
    passages = {p["id"]: p for p in read_jsonl(distilled / ORAL / "clean" / "passages.jsonl")}
    assignments = {a["id"]: a for a in read_jsonl(distilled / ORAL / "themes" / "assignments.jsonl")}
    per_theme = json.loads((distilled / ORAL / "quotes" / "selected.json").read_text())["per_theme"]
    for theme, ids in _selected(distilled).items():
        available = [a for a in assignments.values() if a["theme"] == theme and passages[a["id"]]["quotable"]]
        assert len(ids) == min(per_theme, len(available)), theme
        docs = Counter(passages[i]["doc"] for i in ids)
        if len({passages[a["id"]]["doc"] for a in available}) >= 3:
            assert max(docs.values()) <= 0.4 * len(ids), (theme, docs)
        vectors = TfidfVectorizer().fit_transform([passages[i]["text"] for i in ids])
        similarity = (vectors @ vectors.T).toarray()
        np.fill_diagonal(similarity, 0)
        assert similarity.max() <= 0.8, theme
        for i in ids:
            assert passages[i]["kind"] != "interviewer_question" and assignments[i]["theme"] == theme
            assert 15 <= passages[i]["words"] <= 150 or passages[i]["sentences"] == 1


def test_quote_csv_per_theme(distilled):
    for theme, ids in _selected(distilled).items():
        rows = list(csv.reader(io.StringIO((distilled / ORAL / "quotes" / f"{theme}.csv").read_text())))
        assert rows[0][:5] == ["theme", "theme_label", "rank", "passage", "role"]
        assert {row[3] for row in rows[1:]} >= set(ids)


def _names(distilled, history):
    """Every person's name the pipeline knows of: interviewees, interviewers, people.yaml, and names found in the text."""
    people = json.loads((distilled / history / "clean" / "pseudonyms.json").read_text())["people"]
    names = set()
    for person in people.values():
        for name in person["names"]:
            if len(name.split()) >= 2 and len(name) > 6:
                names.add(name)
    return names


@pytest.mark.parametrize("history", ["total-place", ORAL])
def test_no_names_or_contact_details_reach_readers(distilled, history):
    names = _names(distilled, history)
    assert len(names) > 20
    files = [p for folder in ("chapters", "quotes", "validation", "report") for p in (distilled / history / folder).glob("*")
             if p.suffix in (".md", ".html", ".csv", ".json") and p.name != "manifest.json"]
    texts = {p.name: p.read_text(encoding="utf-8") for p in files}
    for p in [*(distilled / history / "chapters").glob("*.docx"), *(distilled / history / "validation").glob("*.docx")]:
        texts[p.name] = "\n".join(par.text for par in Document(p).paragraphs) + "\n".join(
            cell.text for table in Document(p).tables for row in table.rows for cell in row.cells)
    assert any(name.endswith(".docx") for name in texts)
    for file_name, text in texts.items():
        for name in names:
            assert name not in text, (file_name, name)
        assert not EMAIL.search(text), file_name
        if file_name.endswith((".md", ".docx")):
            assert not phone_spans(text), file_name


def test_chapters_are_two_column_in_three_formats(distilled):
    for theme, ids in _selected(distilled).items():
        folder = distilled / ORAL / "chapters"
        markdown = (folder / f"{theme}.md").read_text()
        assert "| Historians’ commentary | Participants’ words |" in markdown
        assert all(f"`{i}`" in markdown for i in ids)
        sections = [line for line in markdown.splitlines() if line.startswith("## ") and line not in (
            "## Timeline from the update texts", "## Questions for the writer")]
        assert 2 <= len(sections) <= 4
        document = Document(folder / f"{theme}.docx")
        assert len(document.tables) == len(sections)
        assert sum(len(t.rows) - 1 for t in document.tables) == len(ids)
        for table in document.tables:
            assert len(table.columns) == 2
            left, right = (c.width for c in table.rows[1].cells)
            assert abs(left / (left + right) - 1 / 3) < 0.02
        styles = {p.style.name for t in document.tables for r in t.rows for c in r.cells for p in c.paragraphs}
        assert {"LH Quote", "LH Attribution", "LH Question"} <= styles
        assert [p.style.name for p in document.paragraphs if p.style.name.startswith("Heading 2")]
        assert "<table>" in (folder / f"{theme}.html").read_text()
    assert (distilled / ORAL / "chapters" / "index.html").exists()


def _chapter_rows(distilled, history=ORAL):
    chapters = json.loads((distilled / history / "chapters" / "chapters.json").read_text())
    return [row for c in chapters for s in c["sections"] for row in s["rows"] if row["quote"] and not row["quote"]["narrative"]]


def test_chapters_show_the_question_each_quote_answered_or_say_it_came_later(distilled):
    """Never a backchannel ("Right."), a pleasantry or the recording's slate; a remark is shown as said, not asked;
    a quote from deep in a long answer says so and gives the sentence before it."""
    rows = _chapter_rows(distilled)
    assert len(rows) >= 50
    asked = []
    for row in rows:
        first = row["notes"][0]["text"]
        assert first.startswith(("Asked: “", "After the interviewer said: “", "Later in the answer to: “",
                                 "Later in the answer after the interviewer said: “", "At the start of the interview",
                                 "Later in the interview’s opening answer, before any question")), first
        if first.startswith("Later"):
            assert any(n["text"].startswith("Just before: “") for n in row["notes"])
        if "“" in first:
            asked.append(first.split("“", 1)[1].rstrip("”"))
            # a remark ("I imagine people were holding their breath.") is never presented as a question asked
            assert asks_or_requests(asked[-1]) == first.startswith(("Asked: “", "Later in the answer to: “")), first
    assert not [a for a in asked if re.match(r"(?:Today is|This (?:oral history|interview)|Thanks?\b)", a)]
    assert not [a for a in asked if "?" not in a and len(a.split()) < 5]
    assert sum(a.rstrip().endswith("?") for a in asked) / len(asked) >= 0.6


def test_each_critical_voice_offered_says_why_and_clears_the_threshold(distilled):
    """A chapter's critical voice comes with its reason in selected.json (probability at or above the shipped
    threshold, cue words found in the quote) and a note in the chapter naming them; a theme without one is empty."""
    cutoff = CriticalVoice().cutoff
    offered = 0
    for history in (ORAL, "total-place"):
        selected = json.loads((distilled / history / "quotes" / "selected.json").read_text())
        voices, reasons = selected["critical_voices"], selected["critical_reasons"]
        assert set(voices) == set(selected["themes"])
        texts = {p["id"]: p["text"] for p in read_jsonl(distilled / history / "clean" / "passages.jsonl")}
        assert set(reasons) == {pid for ids in voices.values() for pid in ids}
        for pid, why in reasons.items():
            if why.get("marked_by") == "themes.yaml":       # the researchers' decision needs no reason
                continue
            assert why["probability"] >= cutoff and why["cues"] and all(w in texts[pid] for w in why["cues"])
        notes = {row["quote"]["id"]: [n["text"] for n in row["notes"]] for row in _chapter_rows(distilled, history)}
        for pid in set(reasons) & set(notes):
            assert any(n.startswith("Offered as a critical voice: it speaks of “") for n in notes[pid]), notes[pid]
        offered += len(reasons)
    assert offered >= 3


def test_remembered_critical_assessments_give_the_same_quotes(distilled, tmp_path):
    """select remembers each passage's critical-voice assessment by text hash (so a review action is quick); a run
    that reuses them writes exactly what a run from nothing writes."""
    out = tmp_path / "out"
    shutil.copytree(distilled / "total-place", out / "total-place")
    memo = read_jsonl(out / "total-place" / "quotes" / "critical_memo.jsonl")
    assert memo and len({row["key"] for row in memo}) == len(memo)
    before = {p.name: p.read_bytes() for p in (out / "total-place" / "quotes").iterdir() if p.name != "manifest.json"}
    result = run("select", CORPUS / "total-place", "--out", out, "--force", "--no-progress")
    assert result.exit_code == 0, result.stderr
    after = {p.name: p.read_bytes() for p in (out / "total-place" / "quotes").iterdir() if p.name != "manifest.json"}
    assert after == before


def test_chapter_quotes_stand_alone_and_are_faithful(distilled):
    """Issue #14's figures: at most 10% of the oral-history chapter quotes open pointing back to words not shown;
    every quote as rendered holds its passage; every difference from the raw turn is marked, with no doubled marks."""
    figures = measure(distilled)
    oral = figures[ORAL]
    count = int(oral["open_pointing_back_not_shown"].split()[0])
    assert count / oral["quotes"] <= 0.10, oral["open_pointing_back_not_shown"]
    assert oral["without_question_or_mark"] == 0
    for history in (ORAL, "total-place"):
        assert figures[history]["quotes_not_found_in_rendering"] == {"md": [], "html": [], "docx": []}
        assert figures[history]["unmarked"] == {}, history
        # they read as speech: no "… …" or "— … ——" where marks met, none opening inside someone's quoted words
        assert figures[history]["doubled_or_dashed_marks"] == [], history
        assert figures[history]["opening_inside_quotation"] == [], history


def test_chapter_quotes_rarely_read_like_a_list_of_blanks(distilled):
    """A quote with three or more "[Person N]" markers tells a writer little; selection prefers others (3.1% of the
    oral-history passages hold three or more; before the preference, 8 of 72 chapter quotes did)."""
    texts = [row["quote"]["text"] for row in _chapter_rows(distilled)]
    crowded = [t[:80] for t in texts if len(re.findall(r"\[Person \d+\]", t)) >= 3]
    assert len(crowded) / len(texts) <= 0.07, crowded


def test_an_answer_ends_where_the_interviewee_asks_back_and_the_interviewer_replies(distilled):
    """Turns 851–857 of a Peace Corps interview: "Mm hmm." / "Between the Peace Corps and the CIA, you mean?" /
    (interviewer: "Oh yeah.") / "Or between the USIA and the CIA?" / (interviewer: "No, Peace Corps and the CIA.") /
    "There was a separation, ...". The answer starts at "There was a separation"; the exchange before it is too
    short to quote and is in the ledger, not silently gone."""
    folder = distilled / ORAL / "clean"
    doc = "returned-peace-corps-volunteers-00181"
    passages = {p["id"]: p for p in read_jsonl(folder / "passages.jsonl") if p["doc"] == doc}
    assert passages[f"{doc}/t0857.01"]["text"].startswith("There was a separation")
    assert not any("you mean?" in p["text"] for i, p in passages.items() if i.startswith(f"{doc}/t085"))
    removed = {r["text"] for r in read_jsonl(folder / "removed.jsonl") if r["record"].startswith(f"{doc}/t085")}
    assert {"Mm hmm.\n\nBetween the Peace Corps and the CIA, you mean?", "Or between the USIA and the CIA?"} <= removed


def test_total_place_chapters_are_never_empty_and_their_timelines_hold_no_furniture(distilled):
    figures = measure(distilled)["total-place"]
    assert figures["empty_chapters"] == 0 and figures["chapters_with_quotes"] >= 2
    assert figures["timeline_furniture"] == [] and figures["narrative_furniture"] == []
    chapters = json.loads((distilled / "total-place" / "chapters" / "chapters.json").read_text())
    for chapter in chapters:
        if chapter["narrative_only"]:
            assert chapter["opening"].startswith("No participant’s own words were found for this theme")
    passages = read_jsonl(distilled / "total-place" / "clean" / "passages.jsonl")
    leash = [p for p in passages if p["kind"] == "update_quote" and "loosened the leash" in p["text"]]
    assert leash and leash[0]["role"] == "Secretary of State for Communities and Local Government"
    report = (distilled / "total-place" / "report" / "report.md").read_text()
    assert "**Warning:** Too little quotable material for chapters" in report
    assert "Too little quotable material" not in (distilled / ORAL / "report" / "report.md").read_text()


def test_word_documents_and_the_export_are_the_same_bytes_when_rerun(distilled, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(distilled / "total-place", out / "total-place")
    result = run("export", CORPUS / "total-place", "--out", out, "--force")
    assert result.exit_code == 0, result.output
    result = run("chapters", CORPUS / "total-place", "--out", out, "--force")
    assert result.exit_code == 0, result.output
    for name in ("chapters/T01.docx", "chapters/index.md", "export/total-place.qdpx"):
        assert (out / "total-place" / name).read_bytes() == (distilled / "total-place" / name).read_bytes(), name


def test_total_place_chapters_open_with_a_timeline_from_the_updates(distilled):
    markdown = "\n".join(p.read_text() for p in (distilled / "total-place" / "chapters").glob("T*.md"))
    assert "## Timeline from the update texts" in markdown
    assert re.search(r"- \*\*20(09|10)-\d\d-\d\d\*\*", markdown)
    for page in (distilled / "total-place" / "chapters").glob("T*.html"):      # the pages' Markdown emphasis is not shown
        timeline = re.search(r'<ul class="timeline">(.*?)</ul>', page.read_text(), re.S)
        assert timeline is None or "**" not in timeline.group(1), page.name


def test_validation_packs_hold_each_interviewees_quotes_with_context(distilled):
    index = json.loads((distilled / ORAL / "validation" / "index.json").read_text())
    used = json.loads((distilled / ORAL / "chapters" / "used_quotes.json").read_text())
    assert sorted(i for pack in index for i in pack["quotes"]) == sorted(used)
    asked = later = 0
    for pack in index:
        text = (distilled / ORAL / "validation" / pack["file"]).read_text()
        assert all(f"ref. {ref}" in text for ref in pack["refs"])    # the team's reference, not the passage id
        # every quote shows the question its turn answered, or says it comes later in a long answer
        shown = text.count("**You were asked:**") + text.count("**From later in your answer to:**") \
            + text.count("**The interviewer had just said:**") + text.count("**From later in your answer after the interviewer said:**") \
            + text.count("before any question was asked.")          # "**Where:** later in your opening answer, before ..."
        assert shown == len(pack["quotes"]) and text.count("Used in the draft chapter") == len(pack["quotes"]), pack["file"]
        asked += text.count("**You were asked:**")
        later += text.count("**From later in your answer to:**")
    assert asked and later


def test_refi_qda_export_validates_against_the_schema(distilled):
    for history in ("total-place", ORAL):
        path = distilled / history / "export" / f"{history}.qdpx"
        with zipfile.ZipFile(path) as archive:
            project = archive.read("project.qde")
            sources = [n for n in archive.namelist() if n.startswith("Sources/")]
        assert validate(project, XSD) == []
        assert len(sources) == {"total-place": 5, ORAL: 32}[history]
        assert b"<Coding" in project and b'name="Themes"' in project


def test_quote_store_answers_writers_questions(distilled):
    result = run("quotes", ORAL, "--out", distilled, "--code", "safety and risk", "--tone", "critical", "--limit", "5")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))   # a quote may hold a paragraph break
    assert rows[0][:4] == ["id", "theme", "theme_label", "role"]
    assert 2 <= len(rows) <= 6 and all(len(row) == len(rows[0]) for row in rows)
    text = run("quotes", ORAL, "--out", distilled, "--text", "heat shield", "--format", "md", "--limit", "3")
    assert "heat shield" in text.stdout.lower()
    dated = run("quotes", ORAL, "--out", distilled, "--from", "2015", "--to", "2015-12", "--limit", "100")
    dates = [row["date"] for row in csv.DictReader(io.StringIO(dated.stdout))]
    assert dates and all("2015-01-01" <= d <= "2015-12-31" for d in dates), dates[:5]
    missing = run("quotes", "nowhere", "--out", distilled)
    assert missing.exit_code == 1 and "no quote store" in missing.stderr


def test_the_quote_store_holds_the_update_paragraphs_too(distilled):
    """The README's own example finds the update paragraphs that say it; --kind filters; a quote of several
    paragraphs stays inside its Markdown blockquote."""
    found = run("quotes", "total-place", "--out", distilled, "--text", "place-based budgets", "--limit", "20")
    rows = list(csv.DictReader(io.StringIO(found.stdout)))
    assert found.exit_code == 0 and [r for r in rows if r["kind"] == "update_paragraph"]
    assert all("place" in r["text"].lower() and "budget" in r["text"].lower() for r in rows)
    updates = run("quotes", "total-place", "--out", distilled, "--text", "place-based budgets", "--kind", "update")
    assert {r["kind"] for r in csv.DictReader(io.StringIO(updates.stdout))} == {"update_paragraph"}
    words = run("quotes", "total-place", "--out", distilled, "--kind", "participant", "--limit", "500")
    kinds = {r["kind"] for r in csv.DictReader(io.StringIO(words.stdout))}
    assert kinds and "update_paragraph" not in kinds
    markdown = run("quotes", ORAL, "--out", distilled, "--text", "Peace Corps", "--format", "md", "--limit", "200").stdout
    blocks = markdown.split("\n\n")[2:]
    multi = [b for b in blocks if b.count("\n>\n") >= 2]
    assert multi, "no quote of several paragraphs to check"
    for block in multi:
        assert all(line.startswith(">") for line in block.strip().splitlines())


def test_quotes_as_a_word_document(distilled, tmp_path):
    out = tmp_path / "set.docx"
    result = run("quotes", ORAL, "--out", distilled, "--role", "astronaut", "--limit", "4", "--format", "docx", "-o", out)
    assert result.exit_code == 0
    assert len(Document(out).paragraphs) >= 1 + 2 * 4


def test_the_report_escapes_script_in_a_passage(tmp_path):
    history = tmp_path / "scripted"
    (history / "updates").mkdir(parents=True)
    lines = ["Weekly update 1: 5 January 2010", ""]
    for n in range(40):
        lines += [f"The pilot board met on day {n} and agreed the pooled budget plan with the partners of the place.", ""]
    lines += ["A resident said <script>alert('x')</script> in the meeting about the pooled budget plan for the place.", ""]
    (history / "updates" / "u.txt").write_text("\n".join(lines), encoding="utf-8")
    result = run("distil", history, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "out" / "scripted" / "report" / "index.html").read_text()
    assert "<script>" not in page


def test_the_report_has_every_theme_and_the_audit(distilled):
    data = json.loads((distilled / ORAL / "report" / "report.json").read_text())
    page = (distilled / ORAL / "report" / "index.html").read_text()
    for theme in data["themes"]:
        assert f'id="theme-{theme["id"]}"' in page
        assert len(theme["quotes"]) == min(10, len(_selected(distilled)[theme["id"]]))
    assert 'id="audit"' in page and "clean/removed.jsonl" in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in page
    assert (distilled / ORAL / "report" / "report.md").read_text().startswith("# ")


@pytest.mark.browser
def test_the_report_renders_in_headless_chromium(distilled, tmp_path, chromium):
    browser = chromium
    page = distilled / ORAL / "report" / "index.html"
    shot = ROOT / "outputs" / "report-screenshot.png"
    shot.parent.mkdir(exist_ok=True)
    done = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", f"--screenshot={shot}",
                           "--window-size=1400,2400", "--enable-logging=stderr", "--v=0", page.as_uri()],
                          capture_output=True, text=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 10000
    console_errors = [l for l in done.stderr.splitlines() if "CONSOLE" in l and "ERROR" in l.upper()]
    assert console_errors == []
    dom = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    data = json.loads((distilled / ORAL / "report" / "report.json").read_text())
    for theme in data["themes"]:
        assert f'id="theme-{theme["id"]}"' in dom


def test_the_cleaning_audit_never_shows_an_address_that_spam_removal_took():
    """Held-out set 15's report, read as a participant would: its cleaning audit showed "311 Vermont" and
    "Granbury Road, Box 567" (the Oswald family's addresses, taken as spam) under a line saying contact details are
    not shown."""
    for text in ("311 Vermont", "Granbury Road, Box 567", "call 0800 123 4567 today", "write to a.b@example.org"):
        assert shows_contact_details(text), text
    for text in ("Buy cheap viagra online without prescription", "best payday loans, instant approval",
                 "Visit our online casino for 100 free spins"):
        assert not shows_contact_details(text), text
