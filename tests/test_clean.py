"""Clean: the seed pages lose their spam, furniture and contact details but no legitimate sentence; interview
turns become private passages of a few sentences; cleaning is idempotent and never raises."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CORPUS, name_spans, read_jsonl, run
from pipeline.evaluate.spam_injection import SpamScore, score
from pipeline.text.cleaner import TextCleaner
from pipeline.text.pii import EMAIL, phone_spans, pii_edits
from pipeline.text.spam import SpamFinder

# Every spam word on the five seed pages, found by reading them.
SEED_SPAM = ["cialis", "viagra", "levitra", "payday", "deltasone", "prescription", "pharmacy", "guarantor",
             "credit check", "guaranteed approval"]

# Legitimate sentences of the seed pages (some with spam injected into them on the page).
SEED_SENTENCES = [
    "This report brings together learning from the evaluation studies of previous government initiatives",
    "Total Place fortnightly updates for April 2010",
    "The IDeA is leading on connecting the Total Place pilots with other Total Place-like work being carried out across the country.",
    "It also casts its net more widely to refer to the most interesting work from the private sector",
    "The team sifted through over 1600 quotes from over 100 interviews and attempted to track the themes",
    "A 'counting' approach that will map money flowing through the place",
    "I grew up in care and stopped school when I was young.",
    "Now my Link Worker is helping me find out about training to be a Teaching Assistant.",
    "We couldn’t afford the nursery for",
    "Citizens across England identify with their county, their city, their town, their borough and their neighbourhood.",
]


def _passages(distilled, history):
    return read_jsonl(distilled / history / "clean" / "passages.jsonl")


def test_no_spam_word_survives_on_the_seed_pages(distilled):
    passages = _passages(distilled, "total-place")
    for passage in passages:
        for word in SEED_SPAM:
            assert word not in passage["text"].lower(), (word, passage["id"], passage["text"])
            assert word not in (passage["section"] or "").lower(), (word, passage["id"])
    removed = read_jsonl(distilled / "total-place" / "clean" / "removed.jsonl")
    spam = " ".join(r["text"].lower() for r in removed if r["reason"] == "spam")
    for word in ("cialis", "viagra", "levitra", "payday", "deltasone"):
        assert word in spam, f"{word} should be in the ledger as spam"


def test_no_legitimate_sentence_is_lost(distilled):
    text = "\n".join(p["text"] for p in _passages(distilled, "total-place"))
    removed = read_jsonl(distilled / "total-place" / "clean" / "removed.jsonl")
    headings = "\n".join(r["replacement"] for r in removed if r["reason"] == "heading")
    for sentence in SEED_SENTENCES:
        assert sentence in text or sentence in headings, sentence
    assert "23 4" not in {p["section"] for p in _passages(distilled, "total-place")}


def test_no_email_or_phone_survives(distilled):
    for history in ("total-place", "public-service-oral-histories"):
        for passage in _passages(distilled, history):
            assert not EMAIL.search(passage["text"]), passage["id"]
            assert not phone_spans(passage["text"]), (passage["id"], passage["text"])
    removed = read_jsonl(distilled / "total-place" / "clean" / "removed.jsonl")
    pii = [r for r in removed if r["reason"] == "pii"]
    assert {r["detail"] for r in pii} >= {"email", "phone"}


def test_the_repeated_paragraph_is_kept_once(distilled):
    passages = [p for p in _passages(distilled, "total-place") if p["doc"].startswith("003_")]
    norfolk = [p for p in passages if p["text"].startswith("Embarked on a Leadership Centre-facilitated programme in Autumn 2009")]
    assert len(norfolk) == 1
    removed = read_jsonl(distilled / "total-place" / "clean" / "removed.jsonl")
    duplicates = [r for r in removed if r["reason"] == "duplicate"]
    assert any(r["detail"] == f"duplicate of {norfolk[0]['id']}" for r in duplicates)


def test_furniture_goes_to_the_ledger_with_its_reason(distilled):
    removed = read_jsonl(distilled / "total-place" / "clean" / "removed.jsonl")
    by_text = {r["text"].strip(): r for r in removed}
    assert by_text["23 4"]["reason"] == "boilerplate"
    assert by_text["Posted on February 23rd, 2010"]["reason"] == "boilerplate"
    assert any(t.startswith("> Back to") and r["reason"] == "boilerplate" for t, r in by_text.items())
    for entry in removed:
        assert set(entry) >= {"record", "source", "reason", "text", "start", "end"}


def test_service_users_stories_become_quotes_attributed_by_role(distilled):
    quotes = [p for p in _passages(distilled, "total-place") if p["kind"] == "update_quote"]
    stories = [q for q in quotes if q["text"].startswith(("I grew up in care", "I came across Sure Start"))]
    assert len(stories) == 2
    for story in stories:
        assert story["role"].startswith("service user")
        assert story["quotable"] and story["date"] == "2010-07-27"
        assert "Margaret" not in story["text"] and "Susan" not in story["text"] and "Lorraine" not in story["text"]
    pickles = [q for q in quotes if "arbitrary government regions" in q["text"]]
    assert pickles and pickles[0]["role"] == "Secretary of State for Communities and Local Government"


def test_people_named_on_the_pages_are_replaced(distilled):
    text = "\n".join(p["text"] for p in _passages(distilled, "total-place"))
    for name in ("Michael Bichard", "Eric Pickles", "Irene Lucas", "Dave Smith", "John Jarvis", "Mark Bailey", "Helen Bailey"):
        assert name not in text, name
    assert "[chair of the Total Place high-level officials group]" in text
    pseudonyms = json.loads((distilled / "total-place" / "clean" / "pseudonyms.json").read_text())
    assert "never publish" in pseudonyms["note"].lower()


def test_names_read_in_the_interviews_are_replaced_and_place_names_kept(distilled):
    """Cases found by reading passages: nicknames before a name ("Milt [Milton A.] Silveira"), surnames that are
    ordinary words ("George Low"), "Bill" as a first name; and proper names that merely contain a person's
    first or last name ("Lockheed Martin", "Johnson Space Center" in interviews by an interviewer named Johnson)."""
    text = "\n".join(p["text"] for p in _passages(distilled, "public-service-oral-histories"))
    for name in ("George Low", "Bill Hashell", "Randy Stone", "Hans Mark", "Vance Brand", "Dick Truly", "Edward Teller"):
        assert name not in text, name
    nickname_left = re.findall(r"\b(?:Milt|Deke|Buzz|Gus|Chuck|Stu|Rusty|Walt|Ike|Kirby|Cliff|Bill|Al|Norm) "
                               r"\[(?:Person|Interviewer|Interviewee) \d+\]", text)
    assert nickname_left == []
    assert "] Space Center" not in text
    assert text.count("Johnson Space Center") >= 15 and text.count("Lockheed Martin") >= 10


def test_interview_passages_are_quotable_private_and_traceable(distilled):
    out = distilled / "public-service-oral-histories"
    passages = _passages(distilled, "public-service-oral-histories")
    records = {r["id"]: r for r in read_jsonl(out / "ingest" / "records.jsonl")}
    documents = read_jsonl(out / "ingest" / "documents.jsonl")
    contexts = {c["id"] for c in read_jsonl(out / "clean" / "context.jsonl")}
    assert len(passages) > 5000
    for passage in passages:
        record = records[passage["record"]]
        assert record["kind"] == "interviewee_turn", "an interviewer question became a quote"
        assert passage["turn"] == record["turn"] and passage["source"] == record["source"]
        assert 0 <= passage["start"] < passage["end"] <= len(record["text"])
        assert passage["words"] >= 15
        assert passage["words"] <= 150 or passage["sentences"] == 1
        assert passage["context"] is None or passage["context"] in contexts
        assert passage["role"] and passage["role"] != "interviewee" or passage["speaker"]
    names = {d["doc"]: d["interviewees"] for d in documents}
    leaks = []
    for passage in passages:
        for full in names[passage["doc"]]:
            if full in passage["text"] or re.sub(r"\s[A-Z]\.\s", " ", full) in passage["text"]:
                leaks.append((passage["id"], full))
    assert leaks == []


def test_passage_offsets_point_at_the_words_they_quote(distilled):
    out = distilled / "public-service-oral-histories"
    records = {r["id"]: r for r in read_jsonl(out / "ingest" / "records.jsonl")}
    checked = 0
    for passage in _passages(distilled, "public-service-oral-histories")[:400]:
        source = records[passage["record"]]["text"][passage["start"]:passage["end"]]
        for record, start, end in passage["meta"].get("turns", []):   # an answer a backchannel split runs on
            source += " " + records[record]["text"][start:end]
        first = re.findall(r"\b[a-z]{4,}\b", re.sub(r"\[[^\]]*\]", " ", passage["text"]))[:3]
        assert all(w in source for w in first), (passage["id"], first, source[:80])
        checked += 1
    assert checked == 400


HELD_OUT_SPAM = [  # written after the finder was tuned, to check it on chains it was not built from
    "cheap levitra 20mg online", "buy generic cialis canada", "fast payday loans online no credit check",
    "online casino no deposit bonus codes", "buy research papers online", "replica watches cheap",
    "adult dating sites", "free spins", "viagra for sale",
]


def test_spam_injected_into_real_text_is_found(distilled):
    """On the oral histories with the tuning families injected: the anchored families are all found, the
    others mostly, by the learned finder alone (measured: span recall .81 overall, word recall .72 on the worded
    families; blind figures in corpus/_reference/spam-families-heldout*/), and little real text is lost."""
    oral = [r["text"] for r in read_jsonl(distilled / "public-service-oral-histories" / "ingest" / "records.jsonl")]
    result: SpamScore = score(oral, seed=7)
    for name, family in result.families.items():
        if name.endswith("-anchored"):
            assert family.span_recall >= 0.99, (name, family.to_dict())
    assert result.span_recall >= 0.78, result.to_dict()
    worded = [f for name, f in result.families.items() if not name.endswith("-anchored")]
    assert sum(f.spam_removed for f in worded) / sum(f.spam_words for f in worded) >= 0.68, result.to_dict()
    assert result.precision >= 0.98, result.to_dict()
    assert result.retention >= 0.9995, result.to_dict()
    finder = SpamFinder()
    host = "We met the partners in the town hall on Friday and agreed to share the data we hold."
    for chain in HELD_OUT_SPAM:
        text = host.replace("agreed", chain + " agreed")
        found = "".join(text[s.start:s.end] for s in finder.find(text))
        assert all(word in found for word in chain.split() if word not in ("for", "no")), (chain, found)


def test_legitimate_health_and_money_talk_survives():
    finder = SpamFinder()
    for text in [
        "The pharmacy on the high street now shares prescription data with the GP practice.",
        "Payday for the council staff moved to the last Friday of the month.",
        "Families in debt were offered credit union loans instead of doorstep lending.",
        "The casino redevelopment was dropped from the regeneration plan.",
        "She wrote an essay about the pilots for the online journal.",
        "We tracked bitcoin only as an example of new currencies in the report.",
    ]:
        assert finder.find(text) == [], text


def test_literal_newlines_become_paragraph_breaks():
    cleaned = TextCleaner().clean("We went to Houston.\\n\\n The work began in 1962.", spoken=True)
    assert cleaned.text == "We went to Houston.\n\nThe work began in 1962."


def test_curly_quotes_are_kept_and_mojibake_repaired():
    cleaned = TextCleaner().clean("The pilot’s â€œcustomer insightâ€\x9d work and the “counting” work.")
    assert cleaned.text == "The pilot’s “customer insight” work and the “counting” work."


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_cleaning_never_raises_and_is_idempotent(text):
    cleaner = TextCleaner()
    once = cleaner.clean(text, spoken=True).text
    assert cleaner.clean(once, spoken=True).text == once


WORDS = st.sampled_from("the pilot met budgets viagra cheap online payday loans no credit check we agreed "
                        "call 0207 664 7380 or mail a.b@example.org Total Place \\n um uh .".split())


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=40).map(" ".join))
def test_cleaning_realistic_word_soup_is_idempotent(text):
    cleaner = TextCleaner()
    once = cleaner.clean(text, spoken=True).text
    assert cleaner.clean(once, spoken=True).text == once
    assert "viagra" not in once


def test_a_malformed_people_file_names_the_line(seed_history, tmp_path):
    (seed_history / "people.yaml").write_text("Eric Pickles: Secretary of State\n  bad: [indent\n", encoding="utf-8")
    result = run("clean", seed_history, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert f"{seed_history / 'people.yaml'}:2: not valid YAML" in result.stderr


def test_the_name_finder_on_sentences_from_the_interviews():
    # How the history writes these words decides what is ordinary: "low", "plan", "harbor" in lower case.
    _, found = name_spans(["a low orbit", "low cost", "the plan", "a harbor", "it was low", "the bill came",
                           "Martin L. Raines was there", "Martin L. Raines again", "Lockheed built it"])
    assert found("After the tour I was commended by George Low for a job well done.") == ["George Low"]
    assert found("Bill Hashell was the contracting officer.") == ["Bill Hashell"]
    assert found("I don't know if you have met with Milt [Milton A.] Silveira.") == ["Milt [Milton A.] Silveira"]
    assert found("We talked to Martin L. Raines.") == ["Martin L. Raines"]
    assert found("Then I find myself working for Lockheed Martin, obviously.") == []
    assert found("The Localism Bill was passed.") == []
    assert found("We flew over Pearl Harbor on the way.") == []


def test_cleaning_does_not_depend_on_the_hash_seed(tmp_path):
    """Set iteration order changes with PYTHONHASHSEED between processes; the outputs must not."""
    outputs = []
    for seed in ("0", "1"):
        out = tmp_path / f"seed{seed}"
        subprocess.run([sys.executable, "-m", "pipeline", "clean", str(CORPUS / "public-service-oral-histories"),
                        "--out", str(out), "--no-progress"], check=True, capture_output=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        folder = out / "public-service-oral-histories" / "clean"
        outputs.append([(folder / name).read_bytes() for name in ("passages.jsonl", "context.jsonl", "removed.jsonl")])
    assert outputs[0] == outputs[1]


def test_a_home_address_goes_whole_with_its_apartment_and_a_year_before_a_firm_stays():
    """Held-out set 11's report, read as a participant would: "512 North Lancaster, apartment 102" (a witness's home,
    no street word) was shown, and "6111 Averill Way, Apartment D" left "[address]D"."""
    def replaced(text):
        return [text[e.start:e.end] for e in pii_edits(text)]
    assert replaced("I, John Doe, 6111 Averill Way, Apartment D, Dallas, Tex., being duly sworn") == \
        ["6111 Averill Way, Apartment D, Dallas"]
    assert replaced("I live at 512 North Lancaster, apartment 102.") == ["512 North Lancaster, apartment 102"]
    assert replaced("we went to 1026 North Beckley to search his room") == ["1026 North Beckley"]
    for text in ("In 1965 North American built the command module.", "about 400 North American engineers",
                 "we had 30 South Koreans and 40 West Germans on the course"):
        assert replaced(text) == [], text
    # Held-out set 14: where someone says they live, a house number and a street's bare name are an address
    assert replaced("I moved into my house at 5723 Southwestern about the 20th") == ["5723 Southwestern"]
    assert replaced("his last known address at 400 East 10th Street, and") == ["400 East 10th Street"]
    assert replaced("she lived at 1010 Bartholomew, right next door") == ["1010 Bartholomew"]
    # set 15: "My address at this time was 80 St. Marks Place", an answer that is only an address, "the 2109 Alvar
    # home", and an old-style numbered street
    assert replaced("My address at this time was 80 St. Marks Place, Staten Island") == ["80 St. Marks Place"]
    assert replaced("2109 Alvar?") == ["2109 Alvar"] and replaced("out of the 2109 Alvar home?") == ["2109 Alvar"]
    assert replaced("325 East 92d Street, New York City.") == ["325 East 92d Street, New York City"]
    # set 16's outputs, once a street's name after a house number was no longer taken for a person: an address
    # opening a turn, and "moved into"
    assert replaced("3504 Mockingbird. And you are the wife of Igor?") == ["3504 Mockingbird"]
    assert replaced("Of 602 Elsbeth?") == ["602 Elsbeth"]
    assert replaced("And moved into 831 Pauline, or your mother") == ["831 Pauline"]
    for text in ("he lived at 1963 Main prices", "we moved on 12 occasions", "I lived at Irving in 1963",
                 "1963. And then we moved.", "In 1964 Dallas was quiet.",
                 "the 13 Total Place pilots", "1963 Dallas", "we had 400 people?"):
        assert replaced(text) == [], text


def test_a_local_telephone_number_where_a_call_is_spoken_of_goes():
    """Held-out set 16's chapters, read as a privacy reviewer: "He was calling from 384-3780" (a private caller's
    number, seven digits, no area code) was shown; the phone rule wanted nine digits or more."""
    assert [text[s:e] for text in ["He was calling from 384-3780 at night."] for s, e in phone_spans(text)] == ["384-3780"]
    assert [text[s:e] for text in ["my telephone number is WH 2-1234"] for s, e in phone_spans(text)] == ["WH 2-1234"]
    for text in ("Commission Exhibit 453-A and 1963-1964", "in 1963 he had 212-1212 pages", "He called me in 1962-1963",
                 "Exhibit No. 2003-2004"):
        assert phone_spans(text) == [], text
