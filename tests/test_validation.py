"""Validation packs a participant can answer: a cover note, each quote with where it came from and the question it
answered, redactions in plain words, the edits made (from clean's ledger), approve / change / withdraw, and the same
content in Markdown, HTML and Word. On the shipped corpus and on a small history of real interview excerpts."""

from __future__ import annotations

import html
import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document

from conftest import CORPUS, ORAL, read_jsonl, run
from pipeline.config import read_history_settings
from pipeline.render.safe import md_inline

HISTORIES = ("total-place", ORAL.name)
PSEUDONYM = re.compile(r"\[(?:Person|Interviewee|Interviewer|Participant) \d+\]")
ORAL_JSON = ORAL / "interviews" / "oral-histories.json"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


# -- reading a pack in each format ----------------------------------------------------------------------------------

def _md_plain(text: str) -> str:
    return text.replace("\\[", "[").replace("\\]", "]").replace("\\`", "`").replace("&lt;", "<").replace(
        "&gt;", ">").replace("&amp;", "&")


def md_quotes(text: str) -> list[tuple[str, str]]:
    """(ref, quote) per quote of a Markdown pack, in order: the blockquote under each quote's heading."""
    found: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        match = re.match(r"## Quote \d+ of \d+ · ref\. (\S+)$", line)
        if match:
            found.append((match.group(1), []))
        elif found and line.startswith("> "):
            found[-1][1].append(_md_plain(line[2:]))
    return [(ref, "\n\n".join(paragraphs)) for ref, paragraphs in found]


class _PackHTML(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.quotes: list[tuple[str, list[str]]] = []
        self._in: list[str] = []
        self._ref = self._quote = self._paragraph = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "span" and attrs.get("class") == "ref":
            self._ref = ""
        elif tag == "blockquote":
            self._quote = []
        elif tag == "p" and self._quote is not None:
            self._paragraph = ""

    def handle_endtag(self, tag):
        if tag == "span" and self._ref is not None:
            self.quotes.append((self._ref.removeprefix("ref. ").strip(), []))
            self._ref = None
        elif tag == "p" and self._paragraph is not None:
            self._quote.append(self._paragraph)
            self._paragraph = None
        elif tag == "blockquote":
            self.quotes[-1][1].extend(self._quote)
            self._quote = None

    def handle_data(self, data):
        if self._ref is not None:
            self._ref += data
        elif self._paragraph is not None:
            self._paragraph += data


def html_quotes(text: str) -> list[tuple[str, str]]:
    parser = _PackHTML()
    parser.feed(text)
    return [(ref, "\n\n".join(paragraphs)) for ref, paragraphs in parser.quotes]


def docx_quotes(path: Path) -> list[tuple[str, str]]:
    found: list[tuple[str, list[str]]] = []
    for paragraph in Document(path).paragraphs:
        match = re.match(r"Quote \d+ of \d+ · ref\. (\S+)$", paragraph.text)
        if match and paragraph.style.name.startswith("Heading"):
            found.append((match.group(1), []))
        elif paragraph.style.name == "LH Quote":
            found[-1][1].append(paragraph.text)
    return [(ref, "\n\n".join(paragraphs)) for ref, paragraphs in found]


def docx_text(path: Path) -> str:
    document = Document(path)
    return "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for r in t.rows for c in r.cells])


def pack_texts(folder: Path, pack: dict) -> dict[str, str]:
    """The participant's view of a pack in each format, as plain text (Markdown unescaped, HTML unescaped)."""
    md, page, word = (folder / name for name in pack["files"])
    return {"md": _md_plain(md.read_text(encoding="utf-8")), "html": html.unescape(page.read_text(encoding="utf-8")),
            "docx": docx_text(word)}


def _index(out: Path, history: str) -> list[dict]:
    return json.loads((out / history / "validation" / "index.json").read_text(encoding="utf-8"))


def _passages(out: Path, history: str) -> dict[str, dict]:
    return {p["id"]: p for p in read_jsonl(out / history / "clean" / "passages.jsonl")}


def _written(iso: str, month_only: bool = False) -> str:
    day = date.fromisoformat(iso)
    return f"{MONTHS[day.month - 1]} {day.year}" if month_only else f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _cover_expected(history_folder: Path) -> list[str]:
    """The cover-note wording a pack must carry, from the history's settings (or the defaults)."""
    settings = read_history_settings(history_folder / "history.toml").stage("validation")
    reply = f"by {_written(settings.reply_by)}" if settings.reply_by else "within four weeks of receiving this pack"
    return [" ".join(settings.about.split()), " ".join(settings.use_of_quotes.split()), settings.contact, reply,
            "What a learning history is", "How your words will be used", "What we ask of you",
            "Approve: use it as it stands", "Change: use it with the changes I have written below",
            "Withdraw: please do not use this quote"]


# -- the shipped corpus ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("history", HISTORIES)
def test_every_pack_has_the_cover_note_and_the_three_choices_in_md_html_and_word(distilled, history):
    expected = _cover_expected(CORPUS / history)
    index = _index(distilled, history)
    assert index
    for pack in index:
        for form, text in pack_texts(distilled / history / "validation", pack).items():
            flat = " ".join(text.split())
            for words in expected:
                assert words in flat, (pack["file"], form, words[:60])
            assert flat.count("Withdraw: please do not use this quote") == len(pack["quotes"]) + 1, (pack["file"], form)
            assert flat.index("What a learning history is") < flat.index("Quote 1 of"), (pack["file"], form)


@pytest.mark.parametrize("history", HISTORIES)
def test_no_pseudonym_or_passage_id_reaches_a_participant(distilled, history):
    index = _index(distilled, history)
    passages = _passages(distilled, history)
    used = [passages[pid] for pack in index for pid in pack["quotes"]]
    if history == ORAL.name:   # the quotes themselves hold pseudonyms: the test below could fail
        assert sum(bool(PSEUDONYM.search(p["text"])) for p in used) >= 10
    for pack in index:
        for form, text in pack_texts(distilled / history / "validation", pack).items():
            assert not PSEUDONYM.search(text), (pack["file"], form, PSEUDONYM.search(text).group())
            for pid in pack["quotes"]:
                assert pid not in text, (pack["file"], form, pid)
    oral = "\n".join((distilled / ORAL.name / "validation" / p["files"][0]).read_text() for p in _index(distilled, ORAL.name))
    assert "\\[a name removed\\]" in oral


@pytest.mark.parametrize("history", HISTORIES)
def test_every_edit_listed_comes_from_the_ledger_and_every_edit_made_is_listed(distilled, history):
    ledger = read_jsonl(distilled / history / "clean" / "removed.jsonl")
    keys = {(e["record"], e["start"], e["end"], e["reason"]) for e in ledger}
    passages = _passages(distilled, history)
    listed_total = 0
    for pack in _index(distilled, history):
        texts = pack_texts(distilled / history / "validation", pack)
        for ref, pid in pack["refs"].items():
            p = passages[pid]
            spans = [(p["record"], p["start"], p["end"])] + [tuple(t) for t in p["meta"].get("turns", [])]
            listed = set()
            for edit in pack["edits"][ref]:
                for form, text in texts.items():
                    assert " ".join(edit["text"].split()) in " ".join(text.split()), (pack["file"], form, edit["text"])
                if edit["kind"] == "join":
                    assert edit["turns"] == p["meta"]["turns"]
                    continue
                if edit["kind"] == "cut":
                    assert p["text"].startswith("…") or p["text"].endswith("…")
                    continue
                assert edit["ledger"], edit
                for record, start, end, reason in edit["ledger"]:
                    assert (record, start, end, reason) in keys, (ref, record, start, reason)
                    assert start is None and record == p["record"] or any(
                        r == record and start < e and end > s for r, s, e in spans), (ref, record, start, end)
                    listed.add((record, start, end, reason))
                listed_total += 1
            made = {(e["record"], e["start"], e["end"], e["reason"]) for e in ledger
                    if e["reason"] in ("name", "disfluency", "pii") and e["start"] is not None
                    and any(r == e["record"] and e["start"] < end and e["end"] > s for r, s, end in spans)}
            assert made <= listed, (ref, made - listed)
            removed_names = {e["text"] for e in ledger if e["reason"] == "name" and (e["record"], e["start"], e["end"],
                                                                                     e["reason"]) in listed}
            for name in removed_names:
                if " " in name.strip():
                    assert all(name not in text for text in texts.values()), (ref, "a removed name is shown")
    # Enough edits to mean something, whatever k the model chose (quotes per pack follow the number of themes).
    quotes = sum(len(pack["refs"]) for pack in _index(distilled, history))
    assert listed_total >= max(5, quotes // 4), (listed_total, quotes)


def test_total_place_packs_say_the_words_were_published_not_an_interview(distilled):
    passages = _passages(distilled, "total-place")
    index = _index(distilled, "total-place")
    assert all(passages[pid]["kind"] == "update_quote" for pack in index for pid in pack["quotes"])
    for pack in index:
        assert pack["published"]
        for form, text in pack_texts(distilled / "total-place" / "validation", pack).items():
            flat = " ".join(text.split())
            assert "your interview" not in flat.lower(), (pack["file"], form)
            assert "These words were not said to us in an interview: they come from published documents" in flat
            for pid in pack["quotes"]:
                month = _written(passages[pid]["date"], month_only=True)
                assert f"You were quoted in a published update page of {month}" in flat, (pack["file"], form)
    reported = [pack for pack in index if any(passages[pid]["meta"].get("speech") == "reported" for pid in pack["quotes"])]
    assert reported
    for pack in reported:
        assert "not a word-for-word quote" in (distilled / "total-place" / "validation" / pack["file"]).read_text()


def test_interview_packs_give_the_interview_date_and_the_question(distilled):
    passages = _passages(distilled, ORAL.name)
    chapters = json.loads((distilled / ORAL.name / "chapters" / "chapters.json").read_text(encoding="utf-8"))
    shown = {r["quote"]["id"]: r["quote"] for c in chapters for s in c["sections"] for r in s["rows"] if r["quote"]}
    index = _index(distilled, ORAL.name)
    later = remarks = questions_as_remarks = 0
    for pack in index:
        text = " ".join(docx_text(distilled / ORAL.name / "validation" / pack["files"][2]).split())
        assert "published documents" not in text
        for pid in pack["quotes"]:
            quote = shown[pid]
            assert f"From your interview on {_written(passages[pid]['date'])}." in text
            if quote["asked"] and not PSEUDONYM.search(quote["asked"]):
                asked = " ".join(quote["asked"].split())
                labels = ("From later in your answer to", "From later in your answer after the interviewer said") \
                    if quote["later"] else ("You were asked", "The interviewer had just said")
                shown_as = [label for label in labels if f"{label}: “{asked}”" in text]
                assert shown_as, (pack["file"], pid)
                if asked.endswith("?"):
                    questions_as_remarks += shown_as[0] == labels[1]
                else:
                    remarks += shown_as[0] == labels[1]
            if quote["later"] and quote["before"] and not PSEUDONYM.search(quote["before"]):
                later += 1
                assert f"Just before, you said: “{' '.join(quote['before'].split())}”" in text
    assert later >= 10
    assert questions_as_remarks == 0        # a question is never introduced as a remark ...
    assert remarks >= 3                     # ... and a remark ("Which created a certain amount of tension.") is not a question


@pytest.mark.parametrize("history", HISTORIES)
def test_the_three_formats_hold_the_same_quotes(distilled, history):
    folder = distilled / history / "validation"
    for pack in _index(distilled, history):
        md, page, word = (folder / name for name in pack["files"])
        from_md = md_quotes(md.read_text(encoding="utf-8"))
        from_html = html_quotes(page.read_text(encoding="utf-8"))
        from_docx = docx_quotes(word)
        assert [ref for ref, _ in from_md] == list(pack["refs"]), pack["file"]
        assert len(from_md) == len(pack["quotes"])
        assert from_md == from_html == from_docx, pack["file"]


def test_a_participants_own_pseudonym_reads_your_name(distilled):
    """A pseudonym of the pack's own person becomes "[your name]"; another's "[a name removed]"."""
    from pipeline.validation.edits import plain_words

    passages = _passages(distilled, ORAL.name)
    used = json.loads((distilled / ORAL.name / "chapters" / "used_quotes.json").read_text())
    text = next(passages[pid]["text"] for pid in sorted(used) if "[Person " in passages[pid]["text"])
    label = re.search(r"\[(Person \d+)\]", text).group(1)
    assert "[your name]" in plain_words(text, label) and label not in plain_words(text, label)
    assert "[a name removed]" in plain_words(text, "Interviewee 999")


# -- a small history: real interview excerpts, with cover settings -------------------------------------------------

def _transcript(dialogue_id: str, count: int) -> str:
    interviews = json.loads(ORAL_JSON.read_text(encoding="utf-8"))
    interview = next(i for i in interviews if i["dialogue_id"] == dialogue_id)
    turns = [t for t in interview["turns"] if t["utterance"].strip()][:count]
    lines = ["---", f"id: {dialogue_id}", f"interviewee: {interview['respondents'][0]}",
             f"interviewers: [{', '.join(interview['elicitors'])}]", "role: returned Peace Corps volunteer",
             f"date: {interview['metadata']['dates_of_materials']}", "---"]
    lines += [f"{t['speaker']}: {' '.join(t['utterance'].replace(chr(92) + 'n', ' ').split())}" for t in turns]
    return "\n".join(lines) + "\n"


SMALL_SETTINGS = '''title = "Peace Corps excerpts"
[themes]
k = 3
[validation]
project = "the Peace Corps learning history"
contact = "the learning-history team, at the address this pack came from"
reply_by = 2026-03-31
'''


@pytest.fixture(scope="module")
def small_history(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("packs")
    history = root / "corpus" / "peace-corps"
    (history / "interviews").mkdir(parents=True)
    for dialogue_id in ("returned-peace-corps-volunteers-00226", "returned-peace-corps-volunteers-00168"):
        (history / "interviews" / f"{dialogue_id}.txt").write_text(_transcript(dialogue_id, 40), encoding="utf-8")
    (history / "history.toml").write_text(SMALL_SETTINGS, encoding="utf-8")
    result = run("distil", history, "--out", root / "outputs", "--no-progress")
    assert result.exit_code == 0, result.output + result.stderr
    return history, root / "outputs"


def test_a_small_historys_packs_carry_its_settings_and_the_reply_date(small_history):
    history, out = small_history
    index = _index(out, "peace-corps")
    assert len(index) == 2
    expected = _cover_expected(history)
    assert "by 31 March 2026" in expected
    for pack in index:
        texts = pack_texts(out / "peace-corps" / "validation", pack)
        for form, text in texts.items():
            flat = " ".join(text.split())
            assert flat.startswith("Your words in the Peace Corps learning history") or \
                "Your words in the Peace Corps learning history" in flat[:400], form
            for words in expected:
                assert words in flat, (form, words[:60])
            assert not PSEUDONYM.search(text), form
        folder = out / "peace-corps" / "validation"
        assert md_quotes((folder / pack["files"][0]).read_text()) == html_quotes((folder / pack["files"][1]).read_text()) \
            == docx_quotes(folder / pack["files"][2])
        assert md_inline("Please reply by 31 March 2026, to the learning-history team") in \
            (folder / pack["files"][0]).read_text()


def test_the_packs_are_the_same_bytes_when_rerun(small_history, tmp_path):
    history, out = small_history
    before = {p.name: p.read_bytes() for p in (out / "peace-corps" / "validation").iterdir() if p.name != "manifest.json"}
    result = run("validation", history, "--out", out, "--force", "--no-progress")
    assert result.exit_code == 0, result.output + result.stderr
    after = {p.name: p.read_bytes() for p in (out / "peace-corps" / "validation").iterdir() if p.name != "manifest.json"}
    assert before == after


@pytest.mark.parametrize("toml, line", [
    ('[validation]\nreply_by = "soon"\n',
     "history.toml:2: [validation] reply_by = 'soon': expected a date written YYYY-MM-DD (e.g. 2025-07-01)"),
    ('[validation]\nreply_by = "2026-02-30"\n',
     "history.toml:2: [validation] reply_by = '2026-02-30': there is no such day; expected a date written YYYY-MM-DD "
     "(e.g. 2025-07-01)"),
    ('[validation]\ncontact = 42\n', "history.toml:2: [validation] contact = 42: expected text"),
    ('[validation]\ncontact = "  "\n', "history.toml:2: [validation] contact is empty: leave it out to use the default wording"),
    ('[validation]\nreply = "2026-03-31"\n', "history.toml:2: [validation] unknown setting 'reply' (expected: project, "
                                             "contact, reply_by, about, use_of_quotes)"),
])
def test_mistyped_validation_settings_are_one_line_naming_history_toml_and_the_key(small_history, tmp_path, toml, line):
    history, out = small_history
    (tmp_path / "h").mkdir()
    copy = tmp_path / "h" / "peace-corps"
    (copy / "interviews").mkdir(parents=True)
    for path in (history / "interviews").iterdir():
        (copy / "interviews" / path.name).write_bytes(path.read_bytes())
    (copy / "history.toml").write_text(toml, encoding="utf-8")
    result = run("validation", copy, "--out", tmp_path / "out", "--no-progress")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [f"ingest peace-corps: error: {copy}/{line}"]


def test_an_interview_with_no_named_interviewee_gets_one_pack_for_all_its_quotes(tmp_path):
    """Transcripts without metadata (no interviewee named) are common; each interview is still one person."""
    interviews = [i for i in json.loads(ORAL_JSON.read_text(encoding="utf-8"))
                  if i["dialogue_id"] in ("returned-peace-corps-volunteers-00226", "returned-peace-corps-volunteers-00168")]
    for interview in interviews:
        interview.update(metadata={}, respondents=[], elicitors=[])
        interview["turns"] = [{**t, "speaker": ""} for t in interview["turns"][:60]]
    history = tmp_path / "corpus" / "unnamed"
    (history / "interviews").mkdir(parents=True)
    (history / "interviews" / "oral-histories.json").write_text(json.dumps(interviews), encoding="utf-8")
    (history / "history.toml").write_text('title = "Unnamed interviewees"\n[themes]\nk = 3\n', encoding="utf-8")
    result = run("distil", history, "--out", tmp_path / "outputs", "--no-progress")
    assert result.exit_code == 0, result.output + result.stderr
    index = _index(tmp_path / "outputs", "unnamed")
    passages = _passages(tmp_path / "outputs", "unnamed")
    docs_per_pack = [{passages[q]["doc"] for q in pack["quotes"]} for pack in index]
    assert all(len(docs) == 1 for docs in docs_per_pack)
    quoted_docs = [doc for docs in docs_per_pack for doc in docs]
    assert sorted(quoted_docs) == sorted(set(quoted_docs)) and len(quoted_docs) == 2
    assert sum(len(pack["quotes"]) for pack in index) > len(index)
    assert {pack["participant"] for pack in index} == {f"the interviewee of {doc}" for doc in quoted_docs}
