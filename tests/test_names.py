"""People and privacy: names found (rules and recogniser), resolved to one person each, never published.

Measured against the hand labels of corpus/_reference/name-labels/ (dev half): the floors below sit a little
under what the shipped pipeline measures, so a change cannot lower them silently.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml

from conftest import CORPUS, name_spans, read_jsonl, run
from pipeline.evaluate.name_recall import evaluate, read_labels, wilson
from pipeline.nlp.places import Gazetteer
from pipeline.people.evidence import collect_stats, distinct_surname
from pipeline.people.finder import _INSIDE_A_PROPER_NAME, NameFinder, before_an_org_word, local_variants
from pipeline.people.gate import KnownNames, scan
from pipeline.people.mentions import NerFilter
from pipeline.people.registry import INTERVIEWEE, PeopleRegistry, compatible_given, load_people

ORAL = "public-service-oral-histories"
LABELS = CORPUS / "_reference" / "name-labels" / "name_labels_dev.jsonl"

# Floors on the dev labels (measured: strict recall private+interviewee .981, all names .987; precision .986;
# over-redaction of person-like non-names .009). See corpus/_reference/name-labels/README.md.
FLOORS = {"private+interviewee": 0.97, "all names": 0.97, "public": 0.95}
PRECISION_FLOOR = 0.96
OVER_REDACTION_CEILING = 0.03


def test_check_names_meets_the_floors_on_the_dev_labels(distilled):
    results = evaluate(read_labels(LABELS), distilled)["all"]
    for group, floor in FLOORS.items():
        assert results.strict[group].value >= floor, (group, results.strict[group], [m.text for m in results.misses])
        assert results.lenient[group].value >= results.strict[group].value
    assert results.precision.value >= PRECISION_FLOOR, (results.false_not_person, results.false_unlabelled)
    assert results.over_redaction.value <= OVER_REDACTION_CEILING, results.false_not_person
    assert results.strict["private"].n == 141 and results.strict["interviewee"].n == 15 and results.strict["public"].n == 72


def test_check_names_prints_the_table_and_names_bad_input(distilled, tmp_path):
    result = run("check-names", LABELS, "--out", distilled)
    assert result.exit_code == 0, result.stderr
    assert "| all | private+interviewee | 156 |" in result.stdout
    assert "strict recall (95% interval)" in result.stdout and "over-redacted" in result.stdout
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"history": "total-place"}\n', encoding="utf-8")
    result = run("check-names", bad, "--out", distilled)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {bad}:1: each line needs 'history', 'record', 'text', 'start' and 'end'"
    result = run("check-names", LABELS, "--out", tmp_path / "nothing")
    assert result.exit_code == 1 and "run `lh distil` for that history first" in result.stderr


def test_wilson_interval():
    low, high = wilson(97, 100)
    assert 0.91 < low < 0.92 and 0.98 < high < 0.995
    assert wilson(0, 0) == (0.0, 1.0)


@pytest.mark.parametrize("history", ["total-place", ORAL])
def test_the_privacy_gate_passed_and_the_review_is_for_the_team(distilled, history):
    manifest = json.loads((distilled / history / "privacy" / "manifest.json").read_text())
    assert manifest["counts"]["leaks"] == 0 and manifest["counts"]["files_scanned"] > 40
    gate = json.loads((distilled / history / "privacy" / "gate.json").read_text())
    assert any(f.endswith(".qdpx") for f in gate["files_scanned"]) and any(f.endswith(".sqlite") for f in gate["files_scanned"])
    review = (distilled / history / "privacy" / "review.md").read_text()
    assert "Never publish it" in review and "## People the pipeline found" in review


def test_the_gate_names_the_file_and_the_name_of_a_leak(distilled, tmp_path):
    out = tmp_path / "total-place"
    shutil.copytree(distilled / "total-place", out)
    people = json.loads((out / "clean" / "pseudonyms.json").read_text())["people"]
    stats = collect_stats(r["text"] for r in read_jsonl(out / "ingest" / "records.jsonl"))
    known = KnownNames(people, NameFinder(stats, Gazetteer.for_history(CORPUS / "total-place" / "gazetteer.yaml")))
    assert scan(out, known) == []
    chapter = out / "chapters" / "T01.md"
    chapter.write_text(chapter.read_text() + "\nAs Irene Lucas told us, and Lorraine agreed.\n", encoding="utf-8")
    leaks = {(leak.file, leak.name) for leak in scan(out, known)}
    assert leaks == {("chapters/T01.md", "Irene Lucas"), ("chapters/T01.md", "Lorraine")}
    # a quote id made from a file named after the person ("interviews/irene-lucas.md")
    chapter.write_text(chapter.read_text() + "\n(`irene-lucas/t0003.01`)\n", encoding="utf-8")
    found = [leak for leak in scan(out, known) if leak.name == "irene-lucas"]
    assert [leak.file for leak in found] == ["chapters/T01.md"] and "file name or an id" in found[0].context


def test_no_known_name_in_the_passages_and_the_export(distilled):
    for history in ("total-place", ORAL):
        people = json.loads((distilled / history / "clean" / "pseudonyms.json").read_text())["people"]
        full = {n for p in people.values() if not p["public"] for n in p["names"]
                if len(n.split()) > 1 and not re.search(r"[\[\]]", n)}
        assert len(full) > 30
        texts = [p["text"] for p in read_jsonl(distilled / history / "clean" / "passages.jsonl")]
        texts += [c["text"] for c in read_jsonl(distilled / history / "clean" / "context.jsonl")]
        joined = "\n".join(texts)
        # A name inside an organisation's or a building's name stays ("the Dolly Madison House", "the John H.
        # Glenn [Research Center").
        leaked = [n for n in full for m in re.finditer(r"(?<![\w'’])" + re.escape(n) + r"(?![\w])", joined)
                  if not (_INSIDE_A_PROPER_NAME.match(joined, m.end()) or before_an_org_word(joined[m.end():m.end() + 60]))]
        assert leaked == [], leaked[:10]


def test_a_name_in_the_transcribers_brackets_reads_as_one_marker(distilled):
    """The transcripts write "[Faget]" or "[Maxime A.] Faget"; a name that fills its brackets becomes "[Person N]",
    never "[[Person N]]"."""
    texts = [p["text"] for p in read_jsonl(distilled / "public-service-oral-histories" / "clean" / "passages.jsonl")]
    assert not [t for t in texts if re.search(r"\[\[Person \d+\]\]", t)]


def test_organisations_and_places_survive_as_often_as_in_the_raw_text(distilled):
    """Space centres, companies and "the Wright brothers" are never taken for people (the ledger replaces no part
    of them), and they reach the passages."""
    out = distilled / ORAL
    records = {r["id"]: r["text"] for r in read_jsonl(out / "ingest" / "records.jsonl")}
    replaced: dict[str, list[tuple[int, int]]] = {}
    for entry in read_jsonl(out / "clean" / "removed.jsonl"):
        if entry["reason"] == "name":
            assert entry["start"] is not None and entry["end"] is not None, entry   # every replacement has offsets
            replaced.setdefault(entry["record"], []).append((entry["start"], entry["end"]))
    passages = "\n".join(p["text"] for p in read_jsonl(out / "clean" / "passages.jsonl"))
    for phrase in ("Johnson Space Center", "Kennedy Space Center", "Marshall Space Flight Center", "Lockheed Martin",
                   "Mercedes Benz", "Wright brothers", "Glenn Research Center", "Cape Kennedy", "Wright-Patterson"):
        raw = [(rid, m.span()) for rid, text in records.items() for m in re.finditer(re.escape(phrase), text)]
        assert raw, phrase
        hit = [(rid, span) for rid, span in raw if any(s < span[1] and span[0] < e for s, e in replaced.get(rid, []))]
        assert hit == [], (phrase, hit)
        assert phrase in passages, phrase
    assert "[Interviewer 1] brothers" not in passages and "] Space Center" not in passages


def test_one_person_one_pseudonym_whatever_the_spelling(distilled):
    people = json.loads((distilled / ORAL / "clean" / "pseudonyms.json").read_text())["people"]

    def person_of(name: str) -> dict:
        found = [p for p in people.values() if name in p["names"]]
        assert len(found) == 1, (name, found)
        return found[0]

    assert person_of("Dorothy B. Lee") is person_of("Dottie")
    faget = person_of("Max [Maxime A.] Faget")
    assert faget is person_of("Max Faget") is person_of("Maxime A. Faget")
    assert {"Max", "Faget", "Dr. Faget"} <= set(faget["names"])
    assert person_of("Al [Alan L.] Bean") is person_of("Alan Bean")
    assert person_of("Brian O’Connor")["kind"] == "configured"          # the interviewee's own name, misspelt
    bushes = [p for p in people.values() if "George H. W. Bush" in p["names"] or "George W. Bush" in p["names"]]
    assert len(bushes) == 2                                             # differing middle initials: two people


def test_a_lone_first_name_just_after_a_full_name_is_that_person(distilled):
    """A reader found "I worked for a chap named [Person 18]. [Person 609] called me": the interview says "Bob
    [Robert O.] Piland. Bob called me", and names other Bobs, so the lone "Bob" became somebody new."""
    passages = {p["id"]: p["text"] for p in read_jsonl(distilled / ORAL / "clean" / "passages.jsonl")}
    text = next(t for t in passages.values() if "I worked for a chap named" in t)
    found = re.search(r"a chap named (\[Person \d+\])\. (\[Person \d+\]) called me", text)
    assert found and found.group(1) == found.group(2), text[:300]
    # "I was with Gilruth ... And Bob said": Gilruth, not another of the interview's Bobs.
    text = next(t for t in passages.values() if "how much I love this man" in t)
    found = re.search(r"I was with (\[Person \d+\]) in L\.A\..*?And (\[Person \d+\]) said", text, re.S)
    assert found and found.group(1) == found.group(2), text[:400]


def test_a_wife_s_john_and_an_interviewee_s_first_name_are_not_president_kennedy(distilled):
    """A reader found President Kennedy's marker on Dorothy Lee's husband ("John", "Johnny"), on "the Johnsons'"
    house, and on "Hey, John" said to John B. Lee in his own interview; and "Geez" replaced as a person."""
    texts = [p["text"] for p in read_jsonl(distilled / ORAL / "clean" / "passages.jsonl")]
    kennedy = next(re.search(r"when (\[Person \d+\]) said, \"Before this decade", t) for t in texts if "Before this decade" in t)
    johnsons = next(re.search(r"either our house or the (\[Person \d+\])", t) for t in texts if "either our house or the" in t)
    assert kennedy and johnsons and kennedy.group(1) != johnsons.group(1)
    role = yaml.safe_load((CORPUS / ORAL / "people.yaml").read_text(encoding="utf-8"))["John B. Lee"]
    hey = next(t for t in texts if "called me up one day and said, “Hey" in t)
    assert f"said, “Hey [{role}]," in hey, hey[:300]
    assert any("“Geez, you’re going to have to repair that" in t for t in texts)     # an oath, not a person spoken to


def test_a_lone_first_name_prefers_the_interviewee_and_never_an_office_holder_far_from_his_name():
    people = PeopleRegistry()
    lee = people.register("John B. Lee", INTERVIEWEE, "lee-interview")
    kennedy = people.resolve("John F. Kennedy", "lee-interview")
    people.mark_office("Kennedy")                                    # "President Kennedy" somewhere in the history
    assert people.resolve("John", "lee-interview") is lee
    assert people.resolve("John", "lee-interview", named_just_before=[kennedy]) is lee
    people.resolve("Manuel Luhan", "staffer")
    people.mark_office("Luhan")                                      # "Congressman Luhan"
    luhan = people.resolve("Luhan", "staffer")
    assert people.resolve("Manuel", "staffer", named_just_before=[luhan]) is luhan
    history = PeopleRegistry()                                       # a wife's story that names the President once
    kennedy = history.resolve("John F. Kennedy", "wife-interview")
    history.mark_office("Kennedy")
    husband = history.resolve("John", "wife-interview")
    assert husband is not kennedy and history.resolve("Johnny", "wife-interview") is not kennedy
    assert not compatible_given("john", "johnsons") and compatible_given("chris", "christopher")
    assert not compatible_given("ken", "kennedy") and compatible_given("ken", "kenneth")     # held-out set 6
    two = PeopleRegistry()                                           # a husband and wife of one interview
    two.resolve("Hugh L. Dryden", "dryden"), two.resolve("Mary Libbie Travers Dryden", "dryden")
    assert two.resolve("Mrs. Dryden", "dryden") is not two.resolve("Dr. Dryden", "dryden")


def test_a_speaker_known_only_by_title_and_surname_is_that_session_s_own_person():
    """Warren Commission testimony heads Marina Oswald's sessions and her mother-in-law's alike "Mrs. OSWALD": one
    person (one validation pack) for both would show each the other's words. A full name still links sessions."""
    people = PeopleRegistry()
    marina = people.register("Mrs. OSWALD", INTERVIEWEE, "session-01")
    marguerite = people.register("Mrs. OSWALD", INTERVIEWEE, "session-09")
    assert marina is not marguerite and marina.label != marguerite.label
    assert people.resolve("Mrs. Oswald", "session-01") is marina and people.resolve("Mrs. OSWALD", "session-09") is marguerite
    assert people.register("Dorothy B. Lee", INTERVIEWEE, "a") is people.register("Dorothy B. Lee", INTERVIEWEE, "b")


def test_a_surname_with_a_particle_is_a_surname_not_a_given_name_and_a_surname():
    """Held-out set 13: Mr. and Mrs. DE MOHRENSCHILDT each testify; "de" counted as a given name shared by every
    "X De Mohrenschildt", so George, Jeanne, a daughter and an uncle were one person, and his validation pack held
    her words."""
    people = PeopleRegistry()
    husband = people.register("Mr. DE MOHRENSCHILDT", INTERVIEWEE, "session-11")
    wife = people.register("Mrs. DE MOHRENSCHILDT", INTERVIEWEE, "session-15")
    assert husband is not wife and husband.label != wife.label and not husband.full
    george, jeanne = people.resolve("George De Mohrenschildt", "session-11"), people.resolve("Jeanne De Mohrenschildt", "session-15")
    daughter = people.resolve("Alexandra De Mohrenschildt", "session-11")
    assert len({george.key, jeanne.key, daughter.key, husband.key, wife.key}) == 5
    assert people.resolve("George S. De Mohrenschildt", "session-13") is george
    assert people.resolve("Jeanne", "session-15") is jeanne and people.resolve("De Mohrenschildt", "session-15") is jeanne
    # her session names her husband in full; her own speaker label is still the witness, not him
    assert people.resolve("George De Mohrenschildt", "session-15") is george
    assert people.resolve("Mrs. DE MOHRENSCHILDT", "session-15") is wife
    assert people.resolve("Mrs. De Mohrenschildt", "session-15") is wife
    assert people.resolve("Mr. De Mohrenschildt", "session-15") is not wife


def test_a_mother_and_son_in_one_session_and_a_father_and_son_in_two_are_each_their_own_person():
    """Held-out set 14, read as a participant would: Philip Geraci and his mother answer in one session ("Mr.
    GERACI", "Mrs. GERACI") and had one marker and one validation pack; Dr. Homer Wood's session named his son
    Charles Wood in full, so "Dr. WOOD" became the son, and the son's pack held the father's words."""
    people = PeopleRegistry()
    son = people.register("Mr. GERACI", INTERVIEWEE, "session-06")
    mother = people.register("Mrs. GERACI", INTERVIEWEE, "session-06")
    assert son is not mother and son.label != mother.label
    assert people.resolve("Mrs. GERACI", "session-06") is mother and people.resolve("Mr. GERACI", "session-06") is son
    assert people.resolve("Mrs. Geraci", "session-06") is mother
    father = people.register("Dr. WOOD", INTERVIEWEE, "session-38")
    wood = people.register("Mr. WOOD", INTERVIEWEE, "session-39")
    charles = people.resolve("Charles Wood", "session-38")
    theresa = people.resolve("Theresa Wood", "session-40")
    assert len({father.key, wood.key, charles.key, theresa.key}) == 4
    assert people.resolve("Dr. WOOD", "session-38") is father


def test_a_mrs_or_miss_is_never_a_man_of_that_surname():
    """Held-out set 6: "Miss Hill" (a witness in Dealey Plaza) shared the agent Clinton J. Hill's marker, and "the
    late President and Mrs. Kennedy" read "the late [Person 64] and [Person 64]"."""
    people = PeopleRegistry()
    hill, kennedy = people.resolve("Clinton J. Hill", "s1"), people.resolve("John F. Kennedy", "s1")
    assert people.resolve("Miss Hill", "s1") is not hill and people.resolve("Mrs. Kennedy", "s1") is not kennedy
    assert people.resolve("Mrs. Kennedy", "s1") is people.resolve("Mrs. Kennedy", "s1")
    assert people.resolve("Mr. Hill", "s1") is hill and people.resolve("Kennedy", "s1") is kennedy
    assert people.resolve("Miss Hill", "s1", named_just_before=[hill]) is not hill
    president = people.resolve("President Carter", "s2")               # known only by an office and a surname
    assert people.resolve("Mrs. Carter", "s2", named_just_before=[president]) is not president


def test_total_place_has_one_validation_pack_per_person(distilled):
    out = distilled / "total-place"
    index = json.loads((out / "validation" / "index.json").read_text())
    passages = {p["id"]: p for p in read_jsonl(out / "clean" / "passages.jsonl")}
    people = [passages[q]["person"] or passages[q]["speaker"] or q for pack in index for q in pack["quotes"]]
    assert len(index) == len(set(people)) == len({pack["participant"] for pack in index})
    stories = [pid for pid, p in passages.items() if p["text"].startswith(("I grew up in care", "I came across Sure Start"))]
    packs = [next(i for i, pack in enumerate(index) if pid in pack["quotes"]) for pid in stories if
             any(pid in pack["quotes"] for pack in index)]
    assert len(set(packs)) == len(packs)                                # each service user gets her own story only


def test_public_figures_are_kept_only_when_listed(seed_history, tmp_path):
    people = seed_history / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8").replace("Eric Pickles:", "public: [George Osborne]\nEric Pickles:"),
                      encoding="utf-8")
    config = load_people(people)
    assert config.public == ["George Osborne"] and "Eric Pickles" in config.people
    result = run("clean", seed_history, "--out", tmp_path / "out", "--no-progress")
    assert result.exit_code == 0, result.stderr
    ledger = read_jsonl(tmp_path / "out" / "total-place" / "clean" / "removed.jsonl")
    kept = {e["text"] for e in ledger if e["reason"] == "public_name"}
    replaced = {e["text"] for e in ledger if e["reason"] == "name"}
    assert kept and all("Osborne" in k for k in kept)
    assert not any("Osborne" in r for r in replaced) and any("Pickles" in r for r in replaced)


def _cleaned_one_answer(tmp_path, title: str, question: str, answer: str) -> str:
    """Clean a history of one interview with one question and one answer; the cleaned passages' text."""
    history = tmp_path / "history"
    (history / "interviews").mkdir(parents=True)
    (history / "history.toml").write_text(f'title = "{title}"\n', encoding="utf-8")
    (history / "interviews" / "one.json").write_text(json.dumps([{
        "dialogue_id": "one-00001", "domain": "oral_history", "elicitors": ["Interviewer"], "respondents": ["Respondent"],
        "turns": [{"turn_id": 0, "speaker": "Interviewer", "role": "elicitor", "utterance": question},
                  {"turn_id": 1, "speaker": "Respondent", "role": "respondent", "utterance": answer}]}]), encoding="utf-8")
    result = run("clean", history, "--out", tmp_path / "out", "--no-progress")
    assert result.exit_code == 0, result.stderr
    return " ".join(p["text"] for p in read_jsonl(tmp_path / "out" / "history" / "clean" / "passages.jsonl"))


def test_the_transcribers_expansion_after_a_recognised_name_goes_with_it(tmp_path):
    """`make bench`'s re-sampled corpus cut "Max [Maxime A.] Faget" after the initial; the recogniser found "Max"
    and "[Maxime A.]" was left for the privacy gate to find. The expansion now goes with the name."""
    answer = ("I wrote to them and got an appointment and went down to Houston and interviewed with first Joe [Joseph N.] "
              "Kotanchik and then with Max [Maxime A.] The test procedures were extremely detailed. And I did end up "
              "taking the job, which surprised my family a great deal at the time.")
    text = _cleaned_one_answer(tmp_path, "Expansion after a name",
                               "How did you come to work at the Manned Spacecraft Center in Houston?", answer)
    assert "Maxime" not in text and "Max" not in text and "Kotanchik" not in text, text


def test_the_president_and_mrs_kennedy_are_two_people_in_the_cleaned_text(tmp_path):
    """Held-out set 6 read "the late [Person 64] and [Person 64]": the finder hands the registry "Kennedy" with
    the title apart, so "Mrs." has to reach it."""
    answer = ("I was assigned to the detail of President John F. Kennedy in Dallas that morning, and we had the car "
              "ready long before the motorcade was due to leave the airport for the trade mart downtown. When did the "
              "party of the late President Kennedy and Mrs. Kennedy arrive at the plane? About ten minutes later.")
    text = _cleaned_one_answer(tmp_path, "Two Kennedys", "Where were you that day?", answer)
    pair = re.search(r"late (?:President )?(\[Person \d+\]) and (?:Mrs\. )?(\[Person \d+\])", text)
    assert pair and pair.group(1) != pair.group(2) and "Kennedy" not in text, text


def test_a_street_the_history_names_is_no_person_and_a_nickname_before_a_surname_goes_with_it(tmp_path):
    """Held-out set 7 (round 12, blind): the recogniser's "Toward Patton?" made the street a person, and "Junior
    Jarman" was left as written because "Junior" is an organisation word ("Junior High") and "--" read as a hyphen."""
    answer = ("I lived on Patton Street then, and my car was parked along Patton Street near the corner of Jefferson "
              "Boulevard. He came up Jefferson Boulevard from the north and crossed at Tenth and Patton. Towards Jefferson, right across that way. And "
              "Junior--that is Junior Jarman--was standing with James Jarman and Bonnie Ray Williams by the window.")
    text = _cleaned_one_answer(tmp_path, "Streets and nicknames", "Toward Patton?", answer)
    assert "Jarman" not in text and "Bonnie" not in text, text
    assert "Tenth and Patton" in text and "Towards Jefferson" in text, text


def _cleaned_sessions(tmp_path, sessions: list[tuple[str, str, str]]) -> str:
    """Clean a history of testimony sessions (witness label, question, answer), questioned by "Mr. BELIN"; the
    cleaned passages' text."""
    history = tmp_path / "history"
    (history / "interviews").mkdir(parents=True)
    (history / "history.toml").write_text('title = "Sessions"\n', encoding="utf-8")
    (history / "interviews" / "sessions.json").write_text(json.dumps([{
        "dialogue_id": f"s{n}-00001", "domain": "oral_history", "elicitors": ["Mr. BELIN"], "respondents": [witness],
        "turns": [{"turn_id": 0, "speaker": "Mr. BELIN", "role": "elicitor", "utterance": question},
                  {"turn_id": 1, "speaker": witness, "role": "respondent", "utterance": answer}]}
        for n, (witness, question, answer) in enumerate(sessions)]), encoding="utf-8")
    result = run("clean", history, "--out", tmp_path / "out", "--no-progress")
    assert result.exit_code == 0, result.stderr
    return " ".join(p["text"] for p in read_jsonl(tmp_path / "out" / "history" / "clean" / "passages.jsonl"))


def test_a_surname_written_after_a_title_or_as_a_speaker_label_is_that_person_alone_elsewhere(tmp_path):
    """Held-out set 7's outputs, read as a participant would: "As Mr. Sorrels and some more men" and "Cunningham
    fired his three shots" were left as written, though "Mr. Sorrels" was replaced elsewhere in the same session and
    Mr. CUNNINGHAM is the witness of another session; and "Cortlandt Cunningham" kept both names."""
    sessions = [("Mr. BRENNAN", "What happened then?",
                 "As Mr. Sorrels and some more men were discussing this, I mentioned these two colored guys who came out "
                 "of the book store, and Sorrels took me across the street. The other target was marked by the agent "
                 "himself, and Cunningham fired his three shots in 8 seconds while I watched from the range. We had "
                 "picked up the then Vice President Johnson at the airport, and George Senator came later. The report "
                 "was signed by Cortlandt Cunningham."),
                ("Mr. CUNNINGHAM", "What is your occupation?",
                 "I am a special agent of the Federal Bureau of Investigation, working in the firearms section of the "
                 "laboratory in Washington for the last eleven years.")]
    text = _cleaned_sessions(tmp_path, sessions)
    assert "Sorrels" not in text and "Cunningham" not in text and "Cortlandt" not in text, text
    assert "the book store" in text and "Federal Bureau of Investigation" in text, text
    assert "Vice President [Person" in text and "Johnson" not in text and "George" not in text, text


def test_initials_a_rank_before_a_witness_label_and_a_surname_as_a_modifier_name_people(tmp_path):
    """Held-out set 8 (round 13, blind): "J. C. Day" and "Lieutenant Day" were kept because "day" is an ordinary
    word, "A. J. Hidell" because no given name was in it, "the Paine garage" because "Paine" is also a town in the
    built-in list, and "McCloy" because the speaker label "Mr. McCLOY" was not read as a surname."""
    sessions = [("Mr. DAY", "What did the card say?",
                 "It has my name, \"J. C. Day, Dallas Police Department,\" and the name A. J. Hidell on the back. It was "
                 "a long day, and every day after that we went through the day's prints. So that the original can go "
                 "back with Lieutenant Day, we made a copy. Send the copy to P. O. Box 2915 and to the U. S. Army."),
                ("Mr. SHANEYFELT", "Where were the photographs found?",
                 "Ruth Paine lived there with Marina, and the photographs were located in the Paine garage, in a box "
                 "on the shelf. Mr. McCloy asked me about them later, and McCloy wanted the negatives too."),
                ("Mr. SHAW", "Who asked you the questions?",
                 "The first questions came from the Chairman and then from one of the members of the Commission, as "
                 "I remember it, about the wounds of the Governor and the path of the bullet.")]
    sessions[2] = ("Mr. McCLOY", *sessions[2][1:])
    text = _cleaned_sessions(tmp_path, sessions)
    for name in ("Day,", "Hidell", "Lieutenant Day", "Paine", "McCloy"):
        assert name not in text, (name, text)
    assert "a long day" in text and "every day" in text and "the day's prints" in text, text
    assert "P. O. Box 2915" in text and "U. S. Army" in text and "Dallas Police Department" in text, text
    assert "the [Person" in text and "] garage" in text, text


def test_a_label_left_in_the_text_a_particle_and_a_film_named_after_its_maker_are_people(tmp_path):
    """Held-out set 9 (round 14, blind): "Chief Justice WARREN." printed inside another speaker's turn, "told De
    Mohrenschildt" (the particle kept, the surname replaced) and "the Zapruder film" were left as written, and the
    shop "Monk Bros." became a person. The particle rule must leave "the Van Allen belt" alone."""
    sessions = [("Mr. ZAPRUDER", "Who made the pictures?",
                 "The pictures were made by Mr. Abraham Zapruder of Dallas, and we looked at the Zapruder film many "
                 "times. George De Mohrenschildt was a friend, and I told De Mohrenschildt about it later. Chief "
                 "Justice WARREN. You take my word for it and the word of the Commission. We bought the frame at "
                 "Monk Bros. in town, the same day. Joe Allen said the Van Allen belt was measured that year.")]
    text = _cleaned_sessions(tmp_path, sessions)
    for name in ("Zapruder", "Mohrenschildt", "De [", "WARREN", "Joe"):
        assert name not in text, (name, text)
    assert "the [Person" in text and "] film" in text and "Monk Bros." in text and "Chief Justice [" in text, text
    assert "the Van Allen belt" in text, text          # the shipped histories' radiation belt, not a person


def test_a_wife_named_in_her_husbands_session_is_not_him(tmp_path):
    """Set 8's outputs, read as a participant: in the governor's session "Mrs. Connally and I got on the jump seats"
    became the governor's own marker (his middle name "Bowden" is no man-only given name, and his speaker label was
    taken for her), so his validation pack called his wife "[your name]"."""
    sessions = [("Governor CONNALLY", "Will you state your full name for the record, please?",
                 "John Bowden Connally. We got into the car as we had customarily done at each of the stops, and Mrs. "
                 "Connally and I got on the jump seats, and then the motorcade moved off toward the Trade Mart."),
                ("Mrs. CONNALLY", "What did you see?",
                 "I turned and saw the President, and then John said something, and I pulled him down into my lap, "
                 "and we went on toward the hospital as fast as the car could go.")]
    text = _cleaned_sessions(tmp_path, sessions)
    governor = re.match(r"\[(Person \d+)\]\. We got", text)
    wife = re.search(r"and (?:Mrs\. )?\[((?:Person|Interviewee) \d+)\] and I got on", text)
    assert governor and wife and "Connally" not in text, text
    people = json.loads((tmp_path / "out" / "history" / "clean" / "pseudonyms.json").read_text())["people"]
    his = next(p for p in people.values() if p["label"] == governor.group(1))
    hers = next(p for p in people.values() if p["label"] == wife.group(1))
    assert his is not hers and "Mrs. Connally" not in his["names"] and not any("Governor" in n for n in hers["names"])


def test_the_gate_looks_for_a_witness_known_only_by_a_speaker_label(distilled, tmp_path):
    """A surname the clean stage replaced in every interview (a speaker label's) is a known name to the gate too."""
    out = tmp_path / "total-place"
    shutil.copytree(distilled / "total-place", out)
    people = json.loads((out / "clean" / "pseudonyms.json").read_text())["people"]
    stats = collect_stats(r["text"] for r in read_jsonl(out / "ingest" / "records.jsonl"))
    gazetteer = Gazetteer.for_history(CORPUS / "total-place" / "gazetteer.yaml")
    chapter = out / "chapters" / "T01.md"
    chapter.write_text(chapter.read_text() + "\nWe asked Cunningham, and Cunningham fired back a letter.\n", encoding="utf-8")
    assert scan(out, KnownNames(people, NameFinder(stats, gazetteer))) == []
    leaks = {(leak.file, leak.name) for leak in scan(out, KnownNames(people, NameFinder(stats, gazetteer), ["Cunningham"]))}
    assert leaks == {("chapters/T01.md", "Cunningham")}


def test_a_bad_public_list_names_its_line(seed_history, tmp_path):
    (seed_history / "people.yaml").write_text("Eric Pickles: Secretary of State\npublic: Eric\n", encoding="utf-8")
    result = run("clean", seed_history, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert f"{seed_history / 'people.yaml'}:2: 'public' must be a list of names" in result.stderr


def test_the_recogniser_cache_is_reused_and_changes_nothing(seed_history, tmp_path):
    out = tmp_path / "out"
    assert run("clean", seed_history, "--out", out, "--no-progress").exit_code == 0
    folder = out / "total-place" / "clean"
    first = (folder / "passages.jsonl").read_bytes(), (folder / "removed.jsonl").read_bytes()
    counts = json.loads((folder / "manifest.json").read_text())["counts"]["recogniser"]
    assert counts["sentences_run"] > 0 and counts["sentences_cached"] == 0
    assert run("clean", seed_history, "--out", out, "--no-progress", "--force").exit_code == 0
    again = json.loads((folder / "manifest.json").read_text())["counts"]["recogniser"]
    assert again["sentences_run"] == 0 and again["sentences_cached"] == counts["sentences_run"]
    assert ((folder / "passages.jsonl").read_bytes(), (folder / "removed.jsonl").read_bytes()) == first


def test_names_the_issue_found_are_replaced_and_things_are_not(distilled):
    text = "\n".join(p["text"] for p in read_jsonl(distilled / ORAL / "clean" / "passages.jsonl"))
    for phrase in ("And Courtney taught", "Guy said, “Oh, you have got a hang fire", "I was with Kvansah",
                   "And Hannah, who was in Kvishkheti", "Caldwell Johnson", "Dotty [Dorothy B.] Lee", "Mengesha"):
        assert phrase not in text, phrase
    assert text.count("Skylab") > 20 and text.count("Moon") > 20


def test_the_finder_rules_on_sentences_from_the_interviews():
    _, found = name_spans(["the plan", "a low orbit", "the bill came", "the guy said so", "a brand new one"] * 3)
    assert found("Carlisle [C.] Campbell, who's still out there.") == ["Carlisle [C.] Campbell"]
    assert found("where—Tommy [Thomas] Gold was this notable scientist") == ["Tommy [Thomas] Gold"]
    assert found("a guy by the name of Capallni [phonetic] who claimed") == ["Capallni"]
    assert found("So Congressman Carney and I came out") == ["Congressman Carney"]
    assert found("developed by Wernher von Braun and his team") == ["Wernher von Braun"]
    assert found("In WWII, von Braun had on the drawing board a capsule") == ["von Braun"]
    assert found("Even Senator Barbara [A.] Mikulski was very helpful.") == ["Senator Barbara [A.] Mikulski"]
    assert found("We were in the Washington D. C. area") == []
    assert found("That is the Mercedes Benz of cars, the Localism Bill passed.") != ["the Localism Bill"]


def test_the_finder_rules_for_the_names_the_labels_showed_missed():
    """Sentences from the interviews: a given name that is also an organisation word ("Bill"), suffixes in brackets,
    a surname that is an organisation word after a middle initial, an opening word before a name, "called him",
    a place's name with "who" after it; and what stays: "Bill of Rights", "Don’t", "Valentine's Day", "at Garber"
    (the Garber Facility), "in Dallas"."""
    _, found = name_spans(["the plan", "the guy said so", "Bill Smith went", "Bill Jones said",
                           "Bill was there", "Bill left", "Glenn Research Center"] * 3)
    assert found("So for many of the shifts, Bill would be there") == ["Bill"]
    assert found("the U.S. Constitution and Bill of Rights to the stars") == []
    assert found("that was John [F.] Hall, [Jr.], who’s still there.") == ["John [F.] Hall, [Jr.]"]
    assert found("another controller, Bill [William J.] Boone [III], who was") == ["Bill [William J.] Boone [III]"]
    assert found("Sometimes Caldwell [C.] Johnson and I would go up") == ["Caldwell [C.] Johnson"]
    assert found("over to Ralph [S.] Sawyers’ Electronics Systems Division") == ["Ralph [S.] Sawyers"]
    assert found('we called him "Toya" for short.') == ["Toya"]
    assert found("and [her name is] Lisa Navy. I think") == ["Lisa Navy"]
    assert found("a couple of guys, George and Harvey, who would cook")[-1:] == ["Harvey"]
    assert found("I met a man in Dallas who was in one section") == []
    assert found("It is a Valentine's Day party.") == []
    assert found("the shop at Glenn and Langley, we ended") == []
    assert found("Don’t look up. Don said so.", {"Don": "Don Smith"}) == ["Don"]


def test_the_finder_rules_for_the_names_the_second_blind_half_showed_missed():
    """Sentences from the interviews: a given name that is also a word opening a sentence before a deed ("Mark
    handled it"), a name after a feast ("one Christmas Johnny and I"), a quoted nickname that names its person alone;
    and what stays: a town before its state, "the Berry Plan", "New Year's Eve", "the Saturn V. They"."""
    _, found = name_spans(["a mark on it", "the mark left", "the plan", "the guy said so", "Mark Geyer said",
                           "Saturn V rocket", "the Saturn"] * 3)
    assert found("Mark handled it gracefully.") == ["Mark"]
    assert found("Mark the box with a pen.") == []
    assert found("the New Year's Eve party at our house") == []
    assert found("they moved their production to Jackson, Mississippi, I believe", {"Jackson": "Ed Jackson"}) == []
    assert found("a thing called the doctors draft, the Berry Plan, that was", {"Berry": "Chuck Berry"}) == []
    assert found("It wasn’t the big engines for the Saturn V. They couldn’t test those") == []
    assert found("Hoot Gibson was chief before me. Hooter told me something the other day.")[-1:] == ["Hooter"]
    assert found("I turned to Jim and I said, “Hey, Pluto,” his dog name.")[-1:] == ["Pluto"]
    assert found("They said, “Whoops, if somebody’s not happy, we’re not going.”") == []
    assert found("the Filipinos asked, is somebody going to come here?") == []
    assert found("it’s now the John H. Glenn [Research Center, previously the Lewis Research Center]") == []
    assert found("I embarrassed her a little bit. “Mukai-san.” I’m following her.", {"Mukai": "Chiaki Mukai"}) == ["Mukai"]
    assert found("she'll say, \"Dottie'll want that.\"", {"Dottie": "Dorothy Lee"}) == ["Dottie"]
    assert found("Her name is Debrework Zewdie and Debrework was in my English class")[:1] == ["Debrework Zewdie"]
    assert "Shorty" in local_variants("“Shorty” [John A.] Powers")
    assert "Jr." not in local_variants("Barry Goldwater, Jr.")


def test_the_finder_rules_for_the_names_new_interviews_showed_missed():
    """Sentences from the held-out interviews (round 7): a given name that is also a town, in a frame only a person
    fills (spoken to, beside "I"), or after a sentence's opening "And" before a deed; a greeting without quotes;
    and what stays a place: a town after "in", in a list of towns, before its state."""
    _, found = name_spans(["the guy said so", "we went there", "a good morning"] * 3)
    assert found("So we'll start with, Donna, am I correct, you had two different sites?") == ["Donna"]
    assert found("For the listener, Donna and I have known each other since 1978.") == ["Donna"]
    assert found("Got promoted as principal. And Howard said, what are you doing?") == ["Howard"]
    assert found("they'd be like, good morning Tumisang! And I was like, hey how’s it going?") == ["Tumisang"]
    assert found("He was in Dallas and I was in Abilene, so I had to drive like three hours") == []


def test_a_word_with_a_person_s_illness_or_wife_is_somebody():
    """Found by reading the shipped passages: "because of Mengesha's illness" kept the name (no list knows it, and
    the recogniser did not call it a person). What only a person has, after an unexplained capitalised word, makes
    it one; a thing's or a place's possessive stays."""
    _, found = name_spans(["the guy said so", "we went there", "the illness came", "a death in the family"] * 3)
    assert found("Not a very modern school, and unfortunately, because of Mengesha's illness, I wasn't able to see it.") == ["Mengesha"]
    assert found("I think so. Leela's family is here now") == ["Leela"]
    assert found("It was the Shuttle's family of payloads") == []
    assert found("after Apollo's death the program changed") == []
    assert found("We flew to Houston, Austin, Dallas and back.") == []
    assert found("We moved to the little town of Lancaster, which is now a pretty good size") == []
    assert found("I went down with, Austin, Texas, being the nearest city.") == []


def test_the_finder_rules_for_the_names_the_fourth_new_set_showed_missed():
    """Sentences from held-out set 4 (round 9): a given name spoken to at a sentence's start; a hyphenated given
    name; two learned surnames joined by a hyphen; and what after "the" is a thing or a group, not a person."""
    stats = collect_stats(["the guy said so", "we went there", "a good morning"] * 3)
    finder = NameFinder(stats, Gazetteer.for_history(None), {})
    found = lambda text: [text[m.start:m.end] for m in finder.find(text)]  # noqa: E731
    assert found("Rebecca, did you have any questions for him?") == ["Rebecca"]
    assert found("Jean-Loup Chretien, who was the first person outside Russia, flew with us.") == ["Jean-Loup Chretien"]
    assert found("I worked for Chris Kraft and then Gerry Griffin. I knew Beggs from this Kraft-Griffin transition.") == [
        "Chris Kraft", "Gerry Griffin", "Kraft-Griffin"]
    assert found("I didn't know if you wanted to talk about the Pearl Harbor incident?") == []
    assert found("He said they have this group called the Young Marines. You could do that.") == []
    assert found("We drove a Mercedes-Benz to the Cape.") == []
    # the transcriber's expansion after a known nickname, where the surname never follows (a sentence cut there)
    known = NameFinder(stats, Gazetteer.for_history(None), {"Max": "Max Faget"})
    text = "and then with Max [Maxime A.] The test procedures were extremely detailed."
    assert [text[m.start:m.end] for m in known.find(text)] == ["Max [Maxime A.]"]


def test_a_month_that_names_a_girl_and_a_town_that_names_no_one():
    """Sentences from held-out set 5 (round 10, Warren Commission testimony): Lee Oswald's daughter June is the
    girl where only a person fits and the month in a date; "Dallas" (a given name too) is the town the testimony
    writes "in Dallas", even where a "Southeast Dallas Chamber" and a man named Dallas Townsend were read."""
    history = ["He remained with June because June was crying.", "She was nursing June with her head down.",
               "I moved to Dallas in June 1962.", "We lived in Dallas then.", "He worked in Dallas.", "At home in Dallas we spoke Russian.",
               "The Southeast Dallas Chamber wrote to us.", "Then Dallas Townsend said so."] + ["the guy said so"] * 3
    finder, found = name_spans(history)
    for text in history:
        finder.find(text)                                             # as the clean stage reads the history first
    assert found("He asked me whether June needed anything.") == ["June"]
    assert found("Last night he fed June. On the 13th of June, 1962, they arrived.") == ["June"]
    assert found("It was not in June that I was in the hospital; about May or June, or June 13.") == []
    assert found("May I ask you about your husband?") == []
    assert found("Russian friends helped him find some work in Dallas. Dallas was hot.") == []
    assert found("I called Dallas Townsend.") == ["Dallas Townsend"]
    quiet = NameFinder(collect_stats(["I was born in June.", "the guy said so"] * 3), Gazetteer.for_history(None), {})
    assert [m.name for m in quiet.find("We left in the middle of June and June was hot.")] == []


def test_the_finder_rules_for_the_ranks_the_sixth_new_set_showed_missed():
    """Sentences from held-out set 6 (round 11, Warren Commission testimony, Volume II): a rank or a calling before a
    surname is a title ("Doctor Perry", "Special Agent Duncan", "Chief Curry"), a surname that is also an
    organisation word is a name after "Mr." ("Mr. Lane"), and a month before a surname is a given name ("June
    Davis"); an office without a name, a group and a neighbourhood are not people. Reading the distilled chapters
    found "Miss Hill", "Behn" and "Linda" left in: they are here too."""
    _, found = name_spans(["the guy said so", "we went there", "He lived in Oak Cliff then."] * 3)
    # the rank stays before the marker: "Special Agent [Person 61]"
    assert found("At that time did Doctor Perry tell you specifically?") == ["Perry"]
    assert found("About 9:25 I received word from Special Agent Duncan that the President") == ["Duncan"]
    assert found("The car was driven by Chief Curry, the Dallas Police Chief.") == ["Curry"]
    assert found("of which Agents Landis and myself rode in the front seat") == ["Landis"]
    assert found("And then I asked for Special Agent in Charge Behn's office.") == ["Behn"]
    assert found("Miss Hill continued to maintain that she heard from four to six shots.") == ["Miss Hill"]
    assert found("that you are just referring to, Mr. Lane.") == ["Mr. Lane"]
    assert found("Excuse me, Representative Ford, the witness had also related") == ["Representative Ford"]
    assert found("the singing, conducted by June Davis who is somewhat old") == ["June Davis"]
    assert found("I took it up with the Chief Justice and the Deputy Prime Minister.") == []
    assert found("it is expected that the LGA Officer Holders will continue") == []
    assert found("a letter from the Lt. General himself") == []
    assert found("he works out of the Oak Cliff branch") == found("Oak Cliff was quiet.") == []
    # a given name that is also a small town ("Linda", California), with "my stepdaughter" beside it
    assert found("By the time we got home, I believe Linda, my stepdaughter, had already talked") == ["Linda"]


def test_the_recogniser_filter_keeps_names_the_second_blind_half_showed_missed():
    """The recogniser's PERSON spans, judged: a surname that is only a surname keeps "Story Musgrave" (an
    organisation word first) and "that Chic Dambach" (after "that"); a feast before a name is no longer name."""
    stats = collect_stats(["a story", "the story of it", "that one"] * 3)
    judge = NerFilter(stats, Gazetteer.for_history(None)).judge
    at = lambda text, name: judge(text, text.index(name), text.index(name) + len(name))  # noqa: E731
    assert at("to take Story Musgrave’s harness, carefully fold it", "Story Musgrave") is None
    assert at("I heard from Beryl that Chic Dambach, then the president", "Chic Dambach") is None
    assert at("Yes. I remember one Christmas Johnny and I had the party", "Johnny") is None
    assert at("the Orlando Sentinel wrote it up", "Orlando Sentinel") is not None
    assert at("went to Graham Chapel and heard him", "Graham Chapel") is not None


def test_a_surname_that_is_only_a_surname():
    stats = collect_stats(["a story", "the park", "a big bass", "his powers"] * 3)
    assert all(distinct_surname(w, stats) for w in ("Musgrave", "Shriver", "Redd", "Gilruth", "Torrey"))
    assert not any(distinct_surname(w, stats) for w in ("Story", "Park", "Bass", "Powers", "Navajo", "Saturn", "Chapel"))


@pytest.mark.parametrize("labels, floor, precision", [
    ("name_labels_blind.jsonl", 0.95, 0.95),     # measured .966 / .969 after round 5 (tuned on)
    ("name_labels_blind2.jsonl", 0.98, 0.95),    # measured 1.000 / .967 after round 5 (tuned on)
    ("name_labels_blind3.jsonl", 0.95, 0.93),    # measured .972 / .953 after round 5 (round 4 blind: .933 / .938)
    ("name_labels_blind4.jsonl", 0.93, 0.94),    # round 5 blind: .946 / .961; tuned on since
    ("name_labels_blind5.jsonl", 0.98, 0.94),    # round 22 blind (b0827a7): .991 / .956; its one miss tuned on since
])
def test_check_names_holds_on_the_blind_halves_tuned_on_since(distilled, labels, floor, precision):
    results = evaluate(read_labels(LABELS.parent / labels), distilled)["all"]
    assert results.strict["private+interviewee"].value >= floor, [m.text for m in results.misses]
    assert results.precision.value >= precision, (results.false_not_person, results.false_unlabelled)


def test_a_quoted_nickname_in_an_expansion_keeps_the_full_name_whole(tmp_path):
    """The shipped interviews: 'he was Thompson, Floyd [L. "Tommy"] Thompson' became "[Person 483], [Person 484]":
    the quoted nickname broke the transcriber's expansion, so the full name was not known when the lone surname
    before it was resolved, and a reader saw two people (in this interview alone, both "Thompson"s were left)."""
    sessions = [("Mr. LANGLEY", "Who spoke to you all that morning?",
                 "Oh, yes, immediately. In fact, I feel like the director of Langley—and I remember him saying—he "
                 "was Thompson, Floyd [L. \"Tommy\"] Thompson—getting up on the stage and saying, \"We have a tiger by "
                 "the tail and we've got to swing it so it won't bite us.\" We had to really get in there and work.")]
    text = _cleaned_sessions(tmp_path, sessions)
    markers = re.findall(r"\[Person \d+\]", text)
    assert "Thompson" not in text and "Floyd" not in text and "Tommy" not in text, text
    assert len(markers) == 2 and len(set(markers)) == 1, text


def test_the_town_of_a_surname_stays_a_town(tmp_path):
    """The shipped interviews: "we bought our first home in the little town of Lancaster" took the marker of Bob
    Lancaster, named elsewhere in the interview, so a reader met a town called "[Person 438]"."""
    sessions = [("Mr. HARRIS", "Where did you live then?",
                 "I took my wife and our baby boy out to the desert, and we bought our first home in the little town of "
                 "Lancaster, which is now a pretty good size metropolis. Bob Lancaster drove the carpool with me, and "
                 "Lancaster was the best driver of the lot.")]
    text = _cleaned_sessions(tmp_path, sessions)
    assert "the little town of Lancaster, which" in text, text
    assert "Bob" not in text and text.count("Lancaster") == 1, text


def test_a_hearing_s_exhibits_are_documents_and_their_witness_is_named_in_full(tmp_path):
    """Held-out set 10 (depositions, which capitalise "Exhibit" and "Deposition" every time), measured blind:
    "Exhibit" was learned as a surname and replaced 9 times in the sample, "a section called, Downtown Dallas"
    made a person whose "Dallas" was then replaced across the session, and "E. D. Brewer" kept the witness's
    initials beside his marker."""
    sessions = [("Mr. TOLLIVER", "I hand you what has been marked Tolliver Exhibit No. 1. Is that the statement you gave?",
                 "Yes; that is the statement I gave, and Tolliver Exhibit No. 2 is the diagram I drew of the lot that "
                 "morning. On the back of this map of Dallas there is a section called, Downtown Dallas, and I marked "
                 "the corner in red pencil for you."),
                ("Mr. TOLLIVER", "Is this your map?",
                 "That is my map, the one counsel marked R. T. Tolliver deposition Exhibit A, and I drew the line along "
                 "Elm Street to show where the car stopped before it turned onto the freeway that morning.")]
    text = _cleaned_sessions(tmp_path, sessions)
    assert "Tolliver" not in text and "R. T." not in text, text
    assert "] Exhibit No. 2 is the diagram" in text and "] deposition Exhibit A, and" in text, text
    assert "map of Dallas" in text and "called, Downtown Dallas," in text, text


def test_a_witness_keeps_one_marker_and_one_pack_to_the_end_of_the_session(tmp_path):
    """Held-out set 10, read as a participant would: the cab driver's deposition gave his last two answers to a
    second marker, so he had two validation packs. "Deponent Whaley" near the end had made a second person of his
    surname (a name-like word before a witness's surname), after which his speaker label no longer resolved to the
    man who had stated his full name; and "Whaley Deposition Exhibit A. Did" had been a person's name."""
    history = tmp_path / "history"
    (history / "interviews").mkdir(parents=True)
    (history / "history.toml").write_text('title = "Sessions"\n', encoding="utf-8")
    answers = ["Rupert W. Tolliver.",
               "I have been driving a cab in this city for about eleven years, mostly from the bus station downtown.",
               "He got in at the station and asked to go out to the other side of the river, and I took him there.",
               "Yes, sir; I signed it, and I read it over before I signed it at the station that afternoon.",
               "It would be about the same time, sir, give or take a few seconds, because we made every light I made."]
    questions = ["Will you state your name for the record?", "What is your occupation, Mr. Tolliver?",
                 "What happened after the man got into your cab that day?",
                 "I hand you a paper I am calling Tolliver Deposition Exhibit A. Did you sign it, Deponent Tolliver?",
                 "Would the trip that day have been longer or shorter than the one we took this morning?"]
    turns = []
    for question, answer in zip(questions, answers, strict=True):
        turns += [{"turn_id": len(turns), "speaker": "Mr. BELIN", "role": "elicitor", "utterance": question},
                  {"turn_id": len(turns) + 1, "speaker": "Mr. TOLLIVER", "role": "respondent", "utterance": answer}]
    (history / "interviews" / "sessions.json").write_text(json.dumps([{
        "dialogue_id": "s0-00001", "domain": "oral_history", "elicitors": ["Mr. BELIN"], "respondents": ["Mr. TOLLIVER"],
        "turns": turns}]), encoding="utf-8")
    result = run("clean", history, "--out", tmp_path / "out", "--no-progress")
    assert result.exit_code == 0, result.stderr
    passages = read_jsonl(tmp_path / "out" / "history" / "clean" / "passages.jsonl")
    assert len(passages) >= 4
    assert len({p["person"] for p in passages}) == 1, [(p["person"], p["text"][:40]) for p in passages]
    marker = f"[{passages[0]['speaker']}]"
    questions = " ".join(c["text"] for c in read_jsonl(tmp_path / "out" / "history" / "clean" / "context.jsonl"))
    assert f"calling {marker} Deposition Exhibit A. Did you sign it, Deponent {marker}?" in questions, questions


def test_officers_known_by_rank_or_initials_are_named_alone_and_firms_and_forts_are_not_people(tmp_path):
    """Held-out set 11 (Volume VII's police depositions), measured blind: "Lieutenant Day" was left because "Day" is
    a holiday word; "Officer Walker" in one session and "C. T. Walker" in another did not make "Walker" alone a
    name in a third ("Walker" is also a town); "a Howard Leslie Brennan" after "a" was taken for a thing; a name
    spelled out after its written form had been taken out stayed. And "Fort Sam Houston" made a person whose
    "Houston" was then replaced on Houston Street, "the George Rose & Co." a man, "a Dr. Pepper" a doctor and
    "Smith and Wesson" two people."""
    sessions = [("Mr. KRAMER", "Who else was in the car?",
                 "Officer Walker was driving, and Lieutenant Hall sat in the back with me. I had trained at Fort Sam "
                 "Houston before I joined the force, and then I worked for the Nathan Cole & Co. for a year."),
                ("Mr. PRYOR", "Who came to the theatre?",
                 "C. T. Walker came in first, and after him Lieutenant Day compared the prints at the office. We went "
                 "down Houston Street to Elm and turned on Houston to get to the building."),
                ("Mr. ESTES", "Who was there when you got to the room?",
                 "There was Benny Ortiz, Walker, and myself. I bought a Dr. Pepper at the stand and he showed me his "
                 "Smith and Wesson revolver. Did anyone ask about a Howard Leslie Brennan or a Brennan? I do not know. "
                 "Then Walker, (spelling) W-a-l-k-e-r, signed the sheet.")]
    text = _cleaned_sessions(tmp_path, sessions)
    for name in ("Walker", "Hall", "Day", "Brennan", "Howard", "W-a-l-k-e-r", "Ortiz"):
        assert name not in text, (name, text)
    assert "Fort Sam Houston" in text and "down Houston Street" in text and "turned on Houston" in text, text
    assert "the Nathan Cole & Co." in text and "a Dr. Pepper" in text and "Smith and Wesson revolver" in text, text


def test_a_signature_in_capitals_is_the_name_and_street_corners_towns_and_creeds_are_not(tmp_path):
    """Held-out set 11's distilled outputs, read as a participant would: affidavits signed "(S) FORREST V. SORRELS"
    kept five full names in capitals (nor did the privacy gate look for capitals); the italics of "_Reference to the
    Testimony of Roger Craig_" hid his surname from the finder and the gate; "at Commerce and Harwood" and "a
    little city called Hutchins" became people; "a Lenin Marxist" and "a true Karl Marxist" made a person; and
    "Buddy" of a deputy's nickname, alone a word anyone is called by, stopped the privacy gate."""
    sessions = [("Mr. KRAMER", "Who signed the statement?",
                 "It was signed by Homer T. Ridley of the sheriff's office before it came to me, and I saw Ridley "
                 "sign it.\n\n(S) HOMER T. RIDLEY.\n\n(S) W. P. KNOX.\n\n_Reference to the Testimony of Homer Ridley_\n\nI grew up in Dallas but moved out to a little city called "
                 "Hutchins, south of Dallas, and finished school there. Mr. Hutchins was my teacher."),
                ("Mr. PRYOR", "Where were you standing?",
                 "I was on the corner at Commerce and Harwood when it happened, right by Harwood Street, and the "
                 "officer came down Harwood Street toward me. Deputy Buddy Tillson was with him."),
                ("Mr. ESTES", "What did he say about communism?",
                 "He said a Communist is a Lenin Marxist, and he was a true Karl Marxist. I told the man in the "
                 "seat, \"Buddy, you'd better move.\"")]
    text = _cleaned_sessions(tmp_path, sessions)
    assert "RIDLEY" not in text and "Ridley" not in text and "Tillson" not in text and "KNOX" not in text, text
    assert "a little city called Hutchins" in text and "at Commerce and Harwood when" in text, text
    assert "a Lenin Marxist" in text and "a true Karl Marxist" in text and "\"Buddy, you'd better move" in text, text
    result = run("privacy", tmp_path / "history", "--out", tmp_path / "out", "--no-progress")
    assert "RIDLEY" not in result.output, result.output


def test_an_officer_every_deposition_calls_by_rank_keeps_one_marker(tmp_path):
    """Held-out set 11's chapters, read as a writer would: the homicide captain, never named in full, carried nine
    markers, one per deposition, so no reader could follow him. An uncommon surname several sessions write after a
    title is one person throughout; a common one (two officers may share "Walker") stays apart per session."""
    sessions = [("Mr. KRAMER", "Who took the prisoner?",
                 "Captain Quillen took him up to the third floor himself, and I stayed down in the basement with the car."),
                ("Mr. PRYOR", "Who did you report to?",
                 "I reported to Captain Quillen in the homicide office as soon as we got back downtown that afternoon."),
                ("Mr. ESTES", "Who was in the room?",
                 "Quillen was there with two of his men when I came in, and they were going over the papers on the desk.")]
    text = _cleaned_sessions(tmp_path, sessions)
    assert "Quillen" not in text, text
    markers = re.findall(r"\[Person \d+\]", text)
    assert len(markers) == 3 and len(set(markers)) == 1, text


def test_a_family_s_plural_keeps_its_particle_and_a_school_a_street_and_a_church_are_not_people(tmp_path):
    """Held-out set 12 (Volume VIII: Oswald's relatives, schoolmates and friends), measured blind: "the De
    Mohrenschildts" left "De" beside the marker; "Warren Easton" (a high school, "at Warren Easton") became a person,
    as did "Alvar" ("she had lived on Alvar", a street) and "a former Baptist who". Its outputs, read as a
    participant would: "of Marina--even" (a printed dash) and "But Botelho was" kept the names."""
    sessions = [("Mrs. KRAMER", "Whom did you know in Dallas?",
                 "We knew George De Mohrenschildt well, and later the De Mohrenschildts came to see us twice at the "
                 "house, and he talked about the old country. Our pastor himself was a former Baptist who became "
                 "Orthodox through his study of church history."),
                ("Mr. PRYOR", "Where did you go to school?",
                 "I went to Beauregard, and from there to Warren Easton High School, and I finished at Warren Easton "
                 "in 1958. We lived at 4907 Alvar Street then, and later my mother sold the house on Alvar Street."),
                ("Mr. ESTES", "Where did she live?",
                 "She had lived on Alvar after she married, and then she bought a cheaper home out in the Bywater "
                 "where the rent was lower, and I saw Lee at Warren Easton once after that. He brought Marina Oswald "
                 "home from Russia, and he wanted to cut off the communication of Marina--even with us. And Lee "
                 "argued with Anthony Botelho about cars. But Botelho was a pretty quiet fellow.")]
    text = _cleaned_sessions(tmp_path, sessions)
    assert "Mohrenschildt" not in text and "De [" not in text, text
    assert "at Warren Easton in 1958" in text and "at Warren Easton once" in text, text
    assert "lived on Alvar after" in text and "a former Baptist who" in text, text
    assert "Marina" not in text and "Botelho" not in text, text      # before a printed dash; after "But"


def test_a_family_called_by_its_plural_a_clergyman_by_his_calling_and_a_table_s_columns_are_read_as_written(tmp_path):
    """Held-out set 13 (Volume IX: the Russian-speaking community of Dallas), measured blind: "at the Halls" and
    "to the Mellers" kept the families' names where "Mrs. Hall" and "Mrs. Meller" were replaced; "Subdeacon
    Royster" kept his; "Port au Prince" and "by Lykes Line" became people, and so did "Irving", the town in an
    inventory's place column, joined to the name at the end of the column before it. Its outputs: a letter read
    into the record, "Dear George:", kept the name (the privacy gate stopped the run); "agents Odum and Peggs", a
    rank in lower case before two surnames, named neither, and "Peggs is an unfamiliar name" was missed; families
    called by a plural ("the Harrises"), names spelled out that no one had written ("Z-h-a-n-a") and a letter's
    "DEAR RUTH:" and "Sincerely, MARINA." were left."""
    sessions = [("Mrs. HALLORAN", "Where did Marina stay?",
                 "First with Mrs. Meller for a week, and then Mrs. Hall took her in. The occasion I told you of happened "
                 "at the Halls, and after that she went back to the Mellers for a while. Father Rangel and Subdeacon "
                 "Royster set out to find a building for the mission."),
                ("Mr. LACOSTE", "How did you come back?",
                 "We heard the news on the radio in Port au Prince, and we came by Lykes Line ship to Port Arthur."),
                ("Mrs. PAINE", "What did the letter say?",
                 "It began \"Dear George: Thank you for your letter,\" and George Bouhe read it. I thought it said "
                 "\"Dear Lisa,\" but it said \"Dear Sirs.\""),
                ("Mr. PAINE", "Who came that night?",
                 "I talked to agents Odum and Peggs on November 22, and I have seen Bob Odum since. Peggs is an "
                 "unfamiliar name to me now. Then Secret Service agent Lawson came in."),
                ("Mrs. TAYLOR", "Whom did you visit?",
                 "We saw Roy Harris and Anna Meller often. The Harrises came over on Sundays, and we went to the Mellers "
                 "later. The name is spelled H-a-r-t-e-n-s, and his wife is Zhana, Z-h-a-n-a, the way she writes it. "
                 "The letter said: \"DEAR RUTH: We are well. Sincerely, MARINA.\""),
                ("Mrs. FORD", "Who came?",
                 "The doctor, Dr. Bishop, came on Tuesday, and she wrote \"Dear Mom,\" at the top of her note. We met "
                 "George De Mohrenschildt there, and later we spoke Russian to the De Mohrenschildts at home."),
                ("Mrs. GARNER", "What was found?",
                 "The list reads:\n\nBooklet, speech by Fidel Castro                Irving        330\n"
                 "Letter from Louis Weinstock                     Irving        412")]
    text = _cleaned_sessions(tmp_path, sessions)
    assert "Hall" not in text and "Meller" not in text and "Royster" not in text and "Rangel" not in text, text
    assert "in Port au Prince" in text and "by Lykes Line ship" in text, text
    assert text.count("Irving") == 2 and "Weinstock" not in text, text
    assert "Odum" not in text and "Peggs" not in text and "agent Lawson" not in text, text
    assert "Harris" not in text and "H-a-r" not in text and "Z-h-a" not in text and "RUTH" not in text, text
    assert "MARINA" not in text and "DEAR [" in text and "Sincerely, [" in text, text
    assert "Bishop" not in text and "\"Dear Mom,\"" in text and "Mohrenschildt" not in text and "De [" not in text, text
    assert "George" not in text and "Lisa" not in text and "Dear [" in text and "\"Dear Sirs.\"" in text, text


def test_kin_and_deposition_words_a_surname_after_and_and_a_name_with_a_particle_are_people_a_firm_is_not(tmp_path):
    """Held-out set 14 (Volume X: New Orleans and Dallas), measured blind: "his name is Joaquin Martinez de
    Pinillos" was kept whole (a lower-case particle, and a surname that is also a town); "interviewed by Carter Hayden
    and Griffin" kept Griffin; "Jaggars-Chiles-Stovall" (a firm), "Johnny's Cafe", "Victor Kamkin Bookstore, Inc."
    and "Toro, Calif." became people. Set 13's outputs: "Cousin Lil", "Counsel Jenner" and "the Witness Mamantov"
    were left, and "Aunt Lillian" lost its kin word; "Premier Khrushchev" was kept."""
    sessions = [("Mr. BRINGUIER", "Whom did you speak to?",
                 "The person to whom I spoke in Miami, his name is Joaquin Martinez de Pinillos. You were interviewed "
                 "by Carter Hayden and Griffin on January 8, and I was there. They asked about Premier Khrushchev."),
                ("Mr. STOVALL", "Where did he work?",
                 "He worked for Jaggars-Chiles-Stovall as a trainee, and Robert Stovall hired him. We ate at Johnny's "
                 "Cafe, and he bought a paper at Victor Kamkin Bookstore, Inc., and his card said Toro, Calif."),
                ("Mr. RAY", "Who was there?",
                 "Gary Taylor takes care of Cousin Lilka. Aunt Lillian came and Uncle Dutz stayed, and I handed the "
                 "paper to Counsel Jenner. The Witness Mamantov said so. Uncle Sam paid for the Witness Chair.")]
    text = _cleaned_sessions(tmp_path, sessions)
    assert "Pinillos" not in text and "Martinez" not in text and "Griffin" not in text, text
    assert "Jaggars-Chiles-Stovall as" in text and "Johnny's Cafe" in text and "Victor Kamkin Bookstore" in text, text
    assert "Toro, Calif." in text, text
    assert "Lilka" not in text and "Lillian" not in text and "Dutz" not in text and "Jenner" not in text, text
    assert "Mamantov" not in text and "Khrushchev" not in text, text
    assert "Cousin [" in text and "Aunt [" in text and "Uncle [" in text and "Counsel [" in text, text
    assert "Uncle Sam paid" in text and "the Witness Chair" in text, text


def test_a_market_named_after_its_town_is_no_person_and_a_name_marked_phonetic_is_one(tmp_path):
    """Held-out set 16 (Volume XII: the Dallas police), measured blind: a questioner's one-line turn "Dallas Trade
    Mart?" was read as a given name and a surname, so "Dallas" was replaced everywhere it stood alone (67 times);
    "the attorney, Batter [phonetic] in Victoria" kept the lawyer's name. "A Degussa [phonetic] man" is a firm, and
    Volume VIII's "_Teep_ [phonetic]" a word in italics. Its outputs, and set 11's, below."""
    sessions = [("Mr. HARRISON", "Dallas Trade Mart?",
                 "Yes. I was on duty at the Dallas Trade Mart, standing at the west end of the President's table, and "
                 "Captain Fritz was there. I came to Dallas in 1950 from Waco."),
                ("Mr. CURRY", "Were you in Dallas that day?",
                 "Yes, sir; I was in Dallas at the police building and I talked with Chief Batchelor about the Trade "
                 "Mart security for the luncheon."),
                ("Mr. DEAN", "What did the attorney say?",
                 "He said he had talked to his attorney and the attorney, Batter [phonetic] in Victoria, I didn't get "
                 "the first name, told him to stay. We would call a Degussa [phonetic] man. _Teep_ [phonetic] is "
                 "\"type\" in Russia."),
                ("Mr. HUBERT", "Did you tell Chief Curry what Ruby had told you?",
                 "No, sir. Then he told you, \"Tell Dean--leave two men in the basement and turn the other two loose.\" "
                 "Sergeant Dean did so. We ate at the Austin Barbecue, and I came from Austin."),
                ("Mr. FRAZIER", "What did the affidavit say?",
                 "The following affidavit was executed by Cortlandt Cunningham on July 31, 1964. I, Cortlandt "
                 "Cunningham, Special Agent, have reviewed the testimonies of Mr. Cunningham on March 31, 1964. (S) "
                 "Cortlandt Cunningham, CORTLANDT CUNNINGHAM."),
                ("Mr. APPLIN", "What is your name?",
                 "George Jefferson Applin. I went up Jefferson to the theater, and Mr. Applin was there. I went to the "
                 "First Unitarian Church, and Mrs. Church was there."),
                ("Mr. ARCHER", "What kind of car?", "Ford Fairlane."),
                ("Mr. ARCHER", "Where was it?",
                 "On the Commerce Street side I had a Ford Fairlane car that came up about three times with two men in "
                 "the Fairlane car."),
                ("Mr. DEAN", "Who was at the corners?",
                 "His name is Lamar Mayo. At Field and Elm, Officer Anderson, and at Lamar and Elm, Officer Ferris. "
                 "We drove on Elm Street, and Lamar was at Elm Street."),
                ("Mr. HOLLY", "Who was there?",
                 "It was in the presence of Assistant District Attorney Alexander. \"This is Mr. Forrest V. "
                 "Sorrels\"--started the introduction. I asked Patterson, all of them; Patterson, Nelson, Vaughn. Mr. "
                 "Patterson said no, and Mr. Vaughn agreed with R. C. Nelson."),
                ("Mr. BEATY", "Who was there?",
                 "Jack Ruby was there, and we met Patrolman W. J. Harrison coming up the hall. Harrison is juvenile, "
                 "and Mr. Harrison said so. Jack said hello."),
                ("Mr. SLACK", "Who was at the corner?",
                 "At Field and Elm, Officer Wise, and his name is Mitchell, I believe. We had training and more "
                 "training, and I was wise to it. The Officer Training was good, and the town's name is Mitchell.")]
    text = _cleaned_sessions(tmp_path, sessions)
    assert "at the Dallas Trade Mart," in text and "came to Dallas in" in text and "in Dallas at" in text, text
    assert "Batter" not in text and "Fritz" not in text and "Batchelor" not in text, text
    assert "a Degussa [phonetic] man" in text and "_Teep_ [phonetic]" in text, text
    # its outputs: "Tell Dean--leave two men" and "Curry what Ruby" taken whole, "Austin Barbecue" as a person (so
    # the town too), and "Cortlandt Cunningham" kept though "Mr. Cunningham" is named in the same session
    assert "\"Tell [" in text and "Dean" not in text and "Curry" not in text and "Ruby" not in text, text
    assert "the Austin Barbecue" in text and "from Austin." in text, text
    assert "Cortlandt" not in text and "Cunningham" not in text and "CUNNINGHAM" not in text, text
    # ... but not a middle name inside a full name ("up Jefferson", a street), nor a firm or a church before a
    # surname written after a title ("Mrs. Church")
    assert "up Jefferson to" in text and "First Unitarian Church," in text and "Applin" not in text, text
    assert "a Ford Fairlane car" in text and "the Fairlane car" in text, text        # a make and a model
    assert "at Lamar and Elm," in text and "Mayo" not in text and "Lamar was" not in text, text   # streets, a name
    # its chapters, read as a privacy reviewer: an attorney's surname after his office, a list of surnames read as
    # a town and its region ("Patterson, Nelson"), and a marker that swallowed the quote and the dash after a name
    assert "Attorney [" in text and "Alexander" not in text and "Patterson" not in text, text
    assert "]\"--started the introduction" in text, text
    # ... and Patrolman Harrison under Jack Ruby's marker ("Harrison" is a long form of "Jack" in the name lists)
    ruby = re.search(r"(\[Person \d+\]) was there, and we met Patrolman (\[Person \d+\]) coming", text)
    assert ruby and ruby.group(1) != ruby.group(2), text
    assert f"{ruby.group(2)} is juvenile, and Mr. {ruby.group(2)} said so. {ruby.group(1)} said hello" in text, text
    # ... and a surname that is an English word after a rank, or a town's name after "his name is"
    assert "Officer Wise" not in text and "his name is Mitchell" not in text and "Officer Training" in text, text
    assert "the town's name is Mitchell" in text, text


def test_a_make_after_a_year_a_nationality_and_an_acronym_are_no_people_nor_a_verb_opening_a_question(tmp_path):
    """Held-out set 15 (Volume XI), measured blind: no private name missed, and four things replaced as people,
    each a word that names someone elsewhere in the history: "a 1957 Ford", "he could have been a Cuban,", "the
    Lerner shop" and "the SOV". The shop stays replaced where its name is a person's of the history: kept, it would
    give the marker away."""
    sessions = [("Mr. LERNER", "What car was it?",
                 "It was a 1957 Ford instead of a 1958, and he could have been a Mexican; he could have been a Cuban, "
                 "but I don't recall. It may have been the Lerner shop. What was the special interest of the SOV? "
                 "Mr. Lerner said so."),
                ("Mr. SOV", "Who came?",
                 "Ivan Sov and Gerald Ford and Joe Cuban came in with Mr. Lerner that night, and we talked a long while.")]
    # its outputs, read as a participant would: "It was Petrakis and some other guy" kept the agent's name; "Did
    # Oswald say" and "Fined Oswald $10?" lost the verb inside the marker
    sessions.append(("Mr. PIC", "Did Oswald say something to you about it?",
                     "Lee Harvey Oswald was my brother. It was Petrakis and some other guy from the paper. Did Oswald "
                     "say something to you? Fined Oswald $10? He was fined, and I did not know what it was about. "
                     "This item came from Capt. Will Fritz."))
    text = _cleaned_sessions(tmp_path, sessions)
    assert "a 1957 Ford instead" in text and "a Cuban, but" in text and "Lerner" not in text, text
    assert "of the SOV?" in text, text
    assert "Mr. Lerner" not in text and "Gerald Ford" not in text and "Joe Cuban" not in text and "Ivan" not in text, text
    assert "Petrakis" not in text and "Did [" in text and "Fined [" in text and "Will" not in text, text


def test_foreign_names_no_list_knows_are_found_by_what_only_a_person_does(tmp_path):
    """The shipped interviews' dev and blind halves (round 22): "Dachi was three and Anano was seven", "Cece and my
    husband went" and the interviewee's own initials were kept; "Mingesha Woltom McHale, who was another one of our young students" kept all three words (no list knows
    the given names), and so every "Mingesha" after it, and "Mengesha's illness" (the transcriber's other spelling)
    became a second person. A village after "in" stays a place; a firm, a language and a party that fill the same
    shapes stay as written ("for Merrill Lynch at the time", "English and I", "the ranking Republican and I").
    The privacy reading of the shipped chapters found "another local girl called Marlany, who" left in a quote."""
    sessions = [("Jo Dibella", "Tell me about your host family.",
                 "I had two little brothers and sisters. Dachi was three and Anano was seven, six at the time. Cece "
                 "went with my husband. Cece and my husband went to the launch. He was working for Merrill Lynch at the "
                 "time. We practiced English and I taught; the ranking Republican and I talked. I put the little “J. D.” down there to make sure. I lived in Kvishkheti and my "
                 "husband visited twice; we flew to Tbilisi and I stayed."),
                ("Janet Fryar", "Who were your students?",
                 "I actually had an appointment to meet with Mingesha Woltom McHale, who was another one of our young "
                 "students. And that was one time Mingesha and I got on the train to go from Addis. They were all "
                 "from very poor families and Mingesha was one that was almost every afternoon at our house. Because "
                 "of Mengesha's illness, I wasn't able to see it."),
                # the fifth blind half's one miss: "And is Ammina still alive?" (she is "our cook, Ammina," and
                # "Ammina and Mohammed Tahir" elsewhere in the interview)
                ("David Arnold", "Who lived with you?",
                 "Cats came through the house quite often, and our cook, Ammina, spent a good deal of time in the "
                 "kitchen. But Ammina and Mohammed Tahir had a room at the back. We spoke Amharic and Farsi, kept the "
                 "Julian and Gregorian calendar, and bought cartridges made by Norma and Dominion, both good. I had another "
                 "local girl called Marlany, who was employed by the agency; then the agent called Washington. And is "
                 "Ammina still alive? Yes, she is.")]
    text = _cleaned_sessions(tmp_path, sessions)
    for name in ("Dachi", "Anano", "Cece", "J. D.", "Mingesha", "Woltom", "McHale", "Mengesha", "Ammina", "Tahir",
                 "Marlany"):
        assert name not in text, (name, text)
    assert "for Merrill Lynch at" in text and "English and I" in text and "Republican and I" in text, text
    assert "We spoke Amharic and Farsi, kept the Julian and Gregorian calendar" in text, text
    assert "and Dominion, both" in text and "the agent called Washington" in text, text
    assert "in Kvishkheti and my husband" in text and "to Tbilisi and I" in text, text
    student = re.search(r"meet with (\[Person \d+\]), who", text)
    assert student and f"of {student.group(1)}'s illness" in text and f"time {student.group(1)} and I" in text, text


def test_a_region_s_name_written_after_a_rank_is_that_officer_s_surname_alone_too(tmp_path):
    """Set 16's outputs, read as a privacy reviewer (round 22): "Lieutenant Cornwall" and "R. C. Nelson" were
    replaced where the rank or the initials stood, but "Ruby was there with Cornwall and I" and "I asked Nelson could
    he say" kept the names in another deposition: both are regions of the built-in list (an English county, a New
    Zealand region). A region the history writes as a place ("in Georgia") stays a place."""
    sessions = [("Mr. REVILL", "Who was with you?",
                 "Lieutenant Cornwall and I were together throughout. Officer Nelson came in; we had driven in from "
                 "Georgia that week."),
                ("Mr. DEAN", "Who interviewed him?",
                 "He was interviewed by Lieutenant Cornwall, and R. C. Nelson came in a little later. Captain Georgia "
                 "was not there; I was born in Georgia and lived in Georgia until I went to school in Georgia."),
                ("Mr. PIERCE", "Did you talk to them?",
                 "Anyway at the interview, the prisoner was there with Cornwall and I. I asked Nelson could he say for "
                 "sure, and I talked to Nelson myself. Georgia is a long way off.")]
    text = _cleaned_sessions(tmp_path, sessions)
    assert "Cornwall" not in text and "Nelson" not in text, text
    assert "born in Georgia" in text and "Georgia is a long way off" in text, text
