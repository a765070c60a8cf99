"""The spam finder's signals beyond its anchor lists: an unseen family is cut out of a real sentence, legitimate
public-service talk of insurance, loans, pharmacies, quotes and things online is kept, and the ledger says which
signals fired."""

from __future__ import annotations

from pipeline.text.spam import SpamFinder
from pipeline.text.spam_anchors import AnchorFinder
from pipeline.text.spam_lexicon import shipped_lexicon
from pipeline.text.page_model import english_frequency

from conftest import read_jsonl

HOST = "We went down to the Cape for the launch and I remember the whole team stood on the roof to watch it go."
UNSEEN = "Compare Auto Insurance Rates Online"     # no anchor word or phrase in it


def _oral(distilled):
    return [r["text"] for r in read_jsonl(distilled / "public-service-oral-histories" / "ingest" / "records.jsonl")]


def test_an_unseen_family_is_cut_from_a_real_sentence(distilled):
    text = HOST.replace("the launch", UNSEEN + " the launch")
    assert AnchorFinder().find(text) == []                     # the anchor lists cannot see it
    finder = SpamFinder().fit(_oral(distilled) + [text])
    spans = finder.find(text)
    assert [text[s.start:s.end] for s in spans] == [UNSEEN]
    assert not spans[0].whole_line
    assert len(spans[0].signals) >= 2 and "anchor" not in spans[0].signals
    assert "commercial" in spans[0].signals


def test_legitimate_insurance_loans_pharmacy_quotes_online_are_kept(distilled):
    sentences = [
        "The pharmacy on the base filled prescriptions for the astronauts and their families.",
        "We had to get insurance quotes for the payload before the launch, and the loans from the bank came later.",
        "Most of the training material is online now, and people can read the quotes from the early crews.",
        "She took out loans to pay for college and worked nights at the pharmacy.",
        "The insurance company would not cover the test pilots, so NASA set up its own arrangement.",
        "Council tax, housing benefit and insurance advice are now offered online at the one-stop shop.",
    ]
    finder = SpamFinder().fit(_oral(distilled) + sentences)
    for sentence in sentences:
        assert finder.find(sentence) == [], sentence


def test_commercial_language_is_learned_from_the_spam_corpora():
    lexicon = shipped_lexicon()
    odds = {w: lexicon.log_odds(w, english_frequency(w)) for w in ("guaranteed", "loans", "insurance", "said", "the")}
    assert odds["guaranteed"] > 2 and odds["loans"] > 2 and odds["insurance"] > 1
    assert odds["said"] < 0 and odds["the"] < 0


def test_spam_ledger_entries_name_their_signals(distilled):
    removed = read_jsonl(distilled / "total-place" / "clean" / "removed.jsonl")
    spam = [r for r in removed if r["reason"] == "spam"]
    assert spam and all(r["signals"] for r in spam)
    assert all(set(r["signals"]) <= {"anchor", "commercial", "foreign", "breaks", "own line"} for r in spam)
    assert all(r["signals"] is None for r in removed if r["reason"] != "spam")
