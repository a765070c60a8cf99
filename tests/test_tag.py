"""Tag: codes a reader would give, the 13 pilots as places, acronyms learned, tone against hand labels."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT, read_jsonl, run
from pipeline.evaluate.tone_agreement import agreement, evaluate, read_labels
from pipeline.nlp.codebook import load_codebook
from pipeline.problems import InputError

PILOTS = ["Dorset, Poole & Bournemouth", "Kent", "Croydon", "Lewisham", "Luton & Central Bedfordshire",
          "Leicester & Leicestershire", "Coventry & Solihull", "Worcestershire", "Birmingham", "Bradford",
          "Wigan & Manchester City Region", "South Tyneside, Gateshead & Sunderland", "Durham"]  # Annex 1, July 2009


def _tagged(distilled, history):
    passages = {p["id"]: p for p in read_jsonl(distilled / history / "clean" / "passages.jsonl")}
    tags = read_jsonl(distilled / history / "tag" / "tags.jsonl")
    return [(passages[t["id"]], t) for t in tags]


def _find(pairs, start):
    found = [t for p, t in pairs if p["text"].startswith(start)]
    assert found, start
    return found[0]


def test_paragraphs_get_the_codes_a_reader_would_give(distilled):
    pairs = _tagged(distilled, "total-place")
    assert "counting" in _find(pairs, "i) A 'counting' approach")["codes"]
    assert "approaches" in _find(pairs, "i) A 'counting' approach")["codes"]
    assert "culture" in _find(pairs, "ii) A 'culture' approach")["codes"]
    assert "customer insight" in _find(pairs, "iii) A 'customer insight' approach")["codes"]
    assert "place-based budgets" in _find(pairs, "Following our request to places for expressions of interest around place-based budgeting")["codes"]
    assert "third sector" in _find(pairs, "The Improvement and Development Agency (IDeA) has consulted with voluntary")["codes"]
    assert "learning" in _find(pairs, "The ‘distillation days’ for the learning history")["codes"]


def test_the_thirteen_pilots_are_found_as_places(distilled):
    places = set()
    for _, tags in _tagged(distilled, "total-place"):
        places.update(tags["places"])
    missing = [p for p in PILOTS if p not in places]
    assert missing == []


def test_acronyms_are_learned_from_the_text(distilled):
    acronyms = json.loads((distilled / "total-place" / "tag" / "acronyms.json").read_text())
    assert acronyms["IDeA"] == "Improvement and Development Agency"
    pairs = _tagged(distilled, "total-place")
    later = [t for p, t in pairs if "IDeA" in p["text"] and "Improvement and Development Agency" not in p["text"]]
    assert later and all("Improvement and Development Agency" in t["organisations"] for t in later)


def test_key_phrases_stay_one_term(distilled):
    pairs = _tagged(distilled, "total-place")
    budgets = _find(pairs, "Following our request to places for expressions of interest around place-based budgeting")
    assert "place-based_budget" in budgets["terms"]
    third = _find(pairs, "‘Total Place and the third sector’")
    assert "third_sector" in third["terms"] and "total_place" in third["terms"]
    learned = [p["phrase"] for p in json.loads((distilled / "total-place" / "tag" / "phrases.json").read_text())["learned"]]
    assert "total_place" in learned and "local_government" in learned


def test_every_passage_is_tagged_and_dated_where_known(distilled):
    for history in ("total-place", "public-service-oral-histories"):
        pairs = _tagged(distilled, history)
        assert len(pairs) == len(read_jsonl(distilled / history / "clean" / "passages.jsonl"))
        for passage, tags in pairs:
            assert tags["date"] == passage["date"]
            assert tags["tone_label"] in ("critical", "supportive", "neutral")
        assert sum(1 for _, t in pairs if t["date"]) == len(pairs)


def test_matrix_and_cooccurrence_tables(distilled):
    matrix = (distilled / "total-place" / "tag" / "code_matrix.csv").read_text().splitlines()
    header = matrix[0].split(",")
    assert header[0] == "code" and header[-1] == "total" and len(header) == 2 + 5
    codes = [line.split(",")[0] for line in matrix[1:]]
    assert "place-based budgets" in codes
    co = (distilled / "total-place" / "tag" / "code_cooccurrence.csv").read_text().splitlines()
    assert len(co) == len(codes) + 1


TONE_LABELS = ROOT / "corpus" / "_reference" / "tone-labels" / "tone_labels.jsonl"


def test_tone_agreement_with_hand_labels_is_measured_on_held_out_passages():
    """The figures are reported in the closing note; the floors here guard against regressions.

    Held-out agreement was 66.3% on 510 passages (always-neutral 62.4%); the labeller read 80 of them twice.
    """
    rows = read_labels(TONE_LABELS)
    results = {r.name: r for r in evaluate(rows)}
    held_out = results["held out, all"]
    assert held_out.n == sum(r["split"] != "dev" for r in rows) >= 500
    assert held_out.agreement > held_out.always_neutral
    assert held_out.agreement >= 0.64 and held_out.kappa >= 0.3
    assert held_out.recall["critical"] >= 0.3 and held_out.precision["critical"] >= 0.45
    assert results["hand labels read twice (labeller vs itself)"].n == 80


def test_agreement_arithmetic_on_a_small_case():
    truth = ["critical", "neutral", "neutral", "supportive"]
    found = agreement("x", truth, ["critical", "neutral", "supportive", "supportive"])
    assert found.agreement == 0.75 and found.always_neutral == 0.5
    assert found.precision["supportive"] == 0.5 and found.recall["supportive"] == 1.0
    assert round(found.kappa, 4) == round((0.75 - 0.3125) / (1 - 0.3125), 4)


def test_check_tone_reports_agreement_and_names_a_bad_line(tmp_path):
    good = tmp_path / "ours.jsonl"
    good.write_text(json.dumps({"text": "It was a wonderful team and I loved the work.", "label": "supportive"}) + "\n"
                    + json.dumps({"text": "The project failed badly and it was a terrible waste.", "label": "critical"}) + "\n"
                    + json.dumps({"text": "We moved to Houston in 1962.", "label": "neutral"}) + "\n", encoding="utf-8")
    result = run("check-tone", good)
    assert result.exit_code == 0, result.output
    assert "| held out, all | 3 | 100.0%" in result.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"text": "Fine.", "label": "neutral"}) + "\n" + '{"text": "Odd.", "label": "happy"}\n',
                   encoding="utf-8")
    result = run("check-tone", bad)
    assert result.exit_code == 1
    assert f"error: {bad}:2: label 'happy' is not one of: critical, neutral, supportive" in result.stderr


def test_a_malformed_codebook_names_the_line(seed_history, tmp_path):
    (seed_history / "codebook.yaml").write_text(
        "codes:\n  counting:\n    include: [count]\n  culture:\n    includes: [trust]\n", encoding="utf-8")
    result = run("tag", seed_history, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert (f"{seed_history / 'codebook.yaml'}:5: code 'culture': unknown field 'includes' "
            "(expected one of: description, exclude, include, parent, seed)") in result.stderr


@pytest.mark.parametrize("text, line, message", [
    ("codes:\n  a:\n    include: count\n", 3, "code 'a': 'include' must be a list of terms"),
    ("codes:\n  a:\n    include: [x]\n    parent: nothing\n", 2, "code 'a': parent 'nothing' is not a code"),
    ("codes:\n  a:\n    include: [x]\n  a:\n    include: [y]\n", 4, "duplicate key 'a' (first on line 2)"),
    ("codes:\n  a: [x\n", 3, "not valid YAML"),
    ("themes:\n  a: 1\n", 1, "unknown key 'themes' (expected 'codes')"),
])
def test_codebook_errors(tmp_path, text, line, message):
    path = tmp_path / "codebook.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_codebook(path)
    assert caught.value.line == line
    assert caught.value.message.startswith(message)


def test_an_empty_codebook_is_allowed_and_said(seed_history, tmp_path):
    (seed_history / "codebook.yaml").write_text("# nothing yet\n", encoding="utf-8")
    result = run("tag", seed_history, "--out", tmp_path / "out")
    assert result.exit_code == 0
    assert "codebook.yaml: note: the codebook is empty: passages get no codes" in result.stderr


def test_stems_match_inflections(tmp_path):
    path = tmp_path / "codebook.yaml"
    path.write_text("codes:\n  budgets:\n    include: [budget, pooled budget]\n    exclude: [budget speech]\n", encoding="utf-8")
    codebook = load_codebook(path)
    assert codebook.tag("They were budgeting for the year") == {"budgets": ["budget"]}
    assert codebook.tag("We pooled the budgets") == {"budgets": ["budget", "pooled budget"]}
    assert codebook.tag("The budget speech was long") == {}


def test_no_term_is_a_person_s_name_even_where_its_lemma_is_not(tmp_path):
    """Held-out set 14's chapters: a section was headed "House and Rogers" (Mr. Eric Rogers is a person of that
    history; the quote said "Rock Island and Rogers Road"). The term's lemma was "roger", which no one is called, so
    the name check let it through; the privacy gate then stopped the run."""
    history = tmp_path / "history"
    (history / "interviews").mkdir(parents=True)
    (history / "history.toml").write_text('title = "Sessions"\n', encoding="utf-8")
    answers = ["Eric Rogers lived there, and I saw Mr. Rogers at the store most days of that week.",
               "It's down on Rock Island and Rogers Road, right by the store where I used to work.",
               "We walked up Rogers Road to the house that evening, past the store and the station."]
    (history / "interviews" / "sessions.json").write_text(json.dumps([{
        "dialogue_id": f"s{n}-00001", "domain": "oral_history", "elicitors": ["Mr. BELIN"], "respondents": ["Mr. HULEN"],
        "turns": [{"turn_id": 0, "speaker": "Mr. BELIN", "role": "elicitor", "utterance": "Where was it?"},
                  {"turn_id": 1, "speaker": "Mr. HULEN", "role": "respondent", "utterance": answer}]}
        for n, answer in enumerate(answers)]), encoding="utf-8")
    for stage in ("clean", "tag"):
        result = run(stage, history, "--out", tmp_path / "out", "--no-progress")
        assert result.exit_code == 0, result.stderr
    tags = read_jsonl(tmp_path / "out" / "history" / "tag" / "tags.jsonl")
    terms = {t for row in tags for t in row["terms"]}
    assert "road" in terms, terms                       # the passage is tagged
    assert not any("roger" in t for t in terms), terms
