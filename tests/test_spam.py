"""The spam finder's signals beyond its anchor lists: an unseen family is cut out of a real sentence, legitimate
public-service talk of insurance, loans, pharmacies, quotes and things online is kept, commercial meaning reaches
words no spam corpus holds (through word vectors), a history scored at once gives what one text at a time gives,
and the ledger says which signals fired."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import read_jsonl
from pipeline.text.page_model import english_frequency
from pipeline.text.spam import SIGNALS, SpamFinder
from pipeline.text.spam_anchors import AnchorFinder
from pipeline.text.spam_features import WORD_COLUMNS
from pipeline.text.spam_lexicon import shipped_lexicon

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


def test_a_span_holding_a_name_of_the_history_s_people_is_never_cut(distilled):
    """Held-out set 13: "mark that "George S. De Mohrenschildt Exhibit No. 1"" lost "De Mohrenschildt Exhibit" as
    spam (a rare name beside a document word reads as foreign), leaving "George S." for the name layer: half a name
    in the quote. A span that holds a word of a name the history gives a person stays for the name layer; a name at
    the span's edge is taken off it, and the spam beside it is still cut."""
    injected = ["Mohrenschildt Auto Insurance Rates Online", "Compare Auto Insurance Rates Online Mohrenschildt",
                "Compare Mohrenschildt Insurance Rates Online", "Cheap Auto Insurance Quotes from Mohrenschildt Online"]
    texts = [HOST.replace("the launch", spam + " the launch") for spam in injected]

    def cut(finder: SpamFinder) -> list[list[str]]:
        return [[text[s.start:s.end] for s in finder.find(text)] for text in texts]

    unguarded = cut(SpamFinder().fit(_oral(distilled) + texts))
    guarded = cut(SpamFinder().fit(_oral(distilled) + texts, names={"Mohrenschildt", "George"}))
    assert unguarded[2] == ["Compare Mohrenschildt Insurance Rates Online"]       # the name goes with the spam
    assert unguarded[0] == ["Mohrenschildt Auto Insurance Rates Online"]
    assert guarded[2] == guarded[3] == []                                          # a name inside: kept whole
    assert guarded[0] == ["Auto Insurance Rates Online"]                           # beside the name: still cut


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
    assert all(set(r["signals"]) <= set(SIGNALS) for r in spam)
    assert all(r["signals"] is None for r in removed if r["reason"] != "spam")


def test_commercial_meaning_reaches_words_no_spam_corpus_holds():
    """"ethereum", "crypto" and "backlinks" are in none of the 2002–2015 corpora; their vectors still say spam."""
    table = SpamFinder()._feature_builder().table
    lex, vspam = WORD_COLUMNS.index("lex"), WORD_COLUMNS.index("vspam")
    rows = {w: table.words.gather([w])[0] for w in ("ethereum", "crypto", "backlinks", "astronaut", "council", "engineer")}
    for word in ("ethereum", "crypto", "backlinks"):
        assert rows[word][lex] == 0.0, word                       # no corpus evidence at all
        assert rows[word][vspam] > max(rows[w][vspam] for w in ("astronaut", "council", "engineer")) + 0.5, word


def test_a_history_scored_at_once_equals_one_text_at_a_time():
    texts = [HOST, HOST.replace("the launch", UNSEEN + " the launch"), "Short line\nWin a FREE cruise now\nAnother line.",
             "I worked at [NASA] Ames.\\n\\n Then we moved to Houston."]
    finder = SpamFinder(anchors=False).fit(texts)
    together = finder.score(texts)
    for i, text in enumerate(texts):
        alone = finder.score([text])
        assert np.allclose(together.X[together.tokens.of(i)], alone.X, atol=1e-5), text
        assert finder.find(text) == finder.spans(text, alone, 0), text       # found at fit time == found alone


def test_every_kind_of_evidence_is_used_and_no_span_goes_on_one(distilled):
    """Tuning chains injected into the oral histories: the spans found (the learned finder alone, no anchors) carry
    every kind of evidence between them, and each carries at least two, one of them not the network's own certainty."""
    import random

    from pipeline.evaluate.spam_injection import TUNING_FAMILIES, inject, load_families

    families = load_families(TUNING_FAMILIES)
    rng = random.Random(3)
    texts = _oral(distilled)
    texts = [inject(t, rng, families)[0] if i % 4 == 0 else t for i, t in enumerate(texts)]
    finder = SpamFinder(anchors=False).fit(texts)
    spans = [s for t in texts[::4] for s in finder.find(t)]
    assert len(spans) > 500
    assert all(len(s.signals) >= 2 for s in spans)
    seen = {signal for s in spans for signal in s.signals}
    assert seen == {"commercial", "foreign", "breaks", "own line", "network"}, seen     # no tuning chain has an address
    assert all(set(s.signals) - {"network"} for s in spans)          # never on the network's word alone


ADDRESS_CHAINS = ("Cheap Viagra Online Pharmacy no prescription needed at pillz-4u.biz",
                  "payday loans approved in minutes apply now quickcash-uk.com",
                  "best online casino bonus spins join today at luckyspin777.net",
                  "buy real instagram followers and likes instantly from fastfollow dot io",
                  "WIN BIG ON SPORTS BETTING - WWW.BETKINGZ.COM - FREE BET",
                  "designer replica handbags 80% off www.bagzoutlet.shop free shipping")


def test_a_spam_run_takes_the_address_inside_it(distilled):
    """Chains with a web address, none of them in the tuning families, injected into every fourth oral-history
    turn: wherever the finder cuts into a chain, the address goes with the words around it (before addresses
    joined runs, 237 of 831 such cuts left the address standing in the sentence)."""
    import random

    from pipeline.evaluate.spam_injection import Family, inject
    from pipeline.text.web_address import foreign_addresses

    families = {"addresses": Family("addresses", "mixed", ADDRESS_CHAINS)}
    rng = random.Random(5)
    injected = [inject(t, rng, families) if i % 4 == 0 else (t, None, None) for i, t in enumerate(_oral(distilled))]
    finder = SpamFinder(anchors=False).fit(t for t, _, _ in injected)
    cut = left = 0
    for text, span, _ in injected:
        found = finder.find(text) if span else []
        if not any(s.start < span[1] and span[0] < s.end for s in found):
            continue
        cut += 1
        addresses = [(span[0] + a, span[0] + b) for a, b in foreign_addresses(text[span[0]:span[1]])]
        left += sum(not any(s.start <= a and b <= s.end for s in found) for a, b in addresses)
    assert cut > 1000
    assert left <= cut // 100
    for text, span, _ in injected:
        if span is None:
            assert all("web" not in s.signals for s in finder.find(text))


def test_a_spam_line_that_ends_the_text_is_a_line_of_its_own(distilled):
    """A line that stops at "you" or "the" is a sentence running on, unless nothing follows it: spam dropped on
    the last line of a turn goes; a turn broken off mid-sentence stays."""
    spam = "That was the last flight of the year.\nHOT SINGLES IN YOUR AREA ARE WAITING FOR YOU\n"
    broken_off = ["We had the whole crew there.\\n\\nAnd then we went to the",
                  "I remember the launch.\nAnd we all said that it was going to be one of the"]
    finder = SpamFinder(anchors=False).fit(_oral(distilled) + [spam] + broken_off)
    found = finder.find(spam)
    assert [(s.text, s.whole_line) for s in found] == [("HOT SINGLES IN YOUR AREA ARE WAITING FOR YOU", True)]
    assert "own line" in found[0].signals
    for text in broken_off:
        assert finder.find(text) == [], text


def test_a_rare_word_s_commercial_weight_is_shrunk_by_the_counts_behind_it():
    """Four spam messages that name a country are not commercial language; hundreds that say "guaranteed" are,
    and a word no corpus holds ("crypto") keeps what its vector says."""
    finder = SpamFinder()
    table = finder._feature_builder().table
    lexicon = table.lexicon
    columns = {name: WORD_COLUMNS.index(name) for name in ("lex", "commercial", "vspam")}
    rows = {w: table.words.gather([w])[0] for w in ("bolivia", "guaranteed", "viagra", "crypto")}
    assert lexicon.spam["bolivia"] + lexicon.ham.get("bolivia", 0) < 10
    assert rows["bolivia"][columns["lex"]] >= 3.5                      # the raw log-odds: as spammy as it gets
    threshold = finder.token_model.threshold("commercial")
    assert rows["bolivia"][columns["commercial"]] < rows["bolivia"][columns["lex"]] / 2
    assert rows["bolivia"][columns["commercial"]] < rows["guaranteed"][columns["commercial"]] / 2
    assert rows["guaranteed"][columns["commercial"]] > threshold and rows["viagra"][columns["commercial"]] > threshold
    assert rows["crypto"][columns["commercial"]] == pytest.approx(rows["crypto"][columns["vspam"]])


# Sentences of NASA JSC oral histories (public domain) outside the shipped ones; main's finder removed a word of
# each (corpus/_reference/heldout-oral-histories*/): an italicised title set on a line of its own, a line that
# stops at "the", a surname the history uses, an office's title.
HELD_OUT_SENTENCES = [
    "You didn’t really explain what you were doing to prepare for the flights of the\\n\\n Enterprise\\n\\n ?",
    "I think it was about a twenty-volume document, three-eighths of an inch or so, and it was entitled\\n\\n Skylab "
    "Lessons Learned\\n\\n . I think there were twenty of those publications.",
    "Yes. This was after the\\n\\n Challenger\\n\\n accident. I was the deputy chief of the Astronaut Office.",
    "But it was not like you had a\\n\\n carte blanche\\n\\n .",
    "I guess I was on the shift with Kranz, who overnight became kind of like the lead flight director.",
    "Then Gibbons got moved aside, and then I became the Chief Of Public Information in 1968.",
]


# Chains written for this test (not in any families file), each dropped into the histories once.
LONE_CHAINS = ("cheap gucci purses wholesale", "buy aged domains with traffic", "meet ukrainian women for a serious relationship",
               "boost testosterone naturally", "bad credit no problem same day funding", "free $100 amazon gift card",
               "remove blacklisted imei instantly", "electronic cigarette free trial offer", "fully loaded firestick",
               "cheapest van insurance for new drivers", "guaranteed first page ranking on google",
               "earn passive income from home today", "hot keto gummies melt belly fat", "unlock any iphone in minutes",
               "claim your free spins no deposit")


def test_spam_that_lands_once_is_found_with_the_lone_network(distilled):
    """A network trained on fragments that repeat across a history leans on the repetition; the shipped model's
    second network, trained where each fragment lands once, finds spam a history holds once: 15 chains, each
    injected once as the evaluation injects (mixed case, in a sentence or on a line of its own)."""
    import dataclasses
    import random

    from pipeline.evaluate.spam_injection import Family, inject
    from pipeline.text.spam import shipped_model

    rng = random.Random(2)
    texts = _oral(distilled)
    spots = rng.sample(range(0, len(texts), 4), len(LONE_CHAINS))
    injected = []
    for i, chain in zip(spots, LONE_CHAINS, strict=True):
        texts[i], span, _ = inject(texts[i], rng, {"lone": Family("lone", "mixed", (chain,))})
        injected.append((i, span))

    def caught(model) -> int:
        finder = SpamFinder(model=model, anchors=False).fit(texts)
        return sum(any(s.start <= a and b <= s.end for s in finder.find(texts[i])) for i, (a, b) in injected)

    model = shipped_model()
    assert model.lone is not None
    both, first = caught(model), caught(dataclasses.replace(model, lone=None))
    assert both >= 9 and first <= 6, (both, first)


def test_the_lone_network_is_saved_with_the_model_and_read_back():
    from pipeline.text.spam import TokenModel, shipped_model

    model = shipped_model()
    again = TokenModel.from_json(model.to_json())
    X = np.random.default_rng(0).normal(size=(50, len(model.mean)))
    assert np.allclose(again.probabilities(X), model.probabilities(X), atol=1e-4)
    assert (model.probabilities(X) >= model.probabilities(X, lone=False)).all()
    assert model.thresholds["rejoin"] < 2.0


def test_the_evaluation_reports_recall_by_how_spam_was_injected():
    from pipeline.evaluate.spam_injection import Family, score, style

    assert style("We went.\nBUY NOW CHEAP\nThen", (9, 22)) == "own line, capitals"
    assert style("We went buy now cheap to the Cape", (8, 21)) == "in a sentence, lower case"
    assert style("We went Buy Now Cheap to the Cape", (8, 21)) == "in a sentence, title case"
    texts = [HOST] * 40
    result = score(texts, seed=1, finder=SpamFinder(), families={"f": Family("f", "pharmacy", ("cheap viagra online",))})
    assert sum(s.spans for s in result.styles.values()) == result.injections > 0
    assert set(result.styles) <= {f"{place}, {case}" for place in ("own line", "in a sentence")
                                  for case in ("capitals", "title case", "lower case", "mixed case")}


def test_words_of_interviews_the_finder_never_saw_are_kept(distilled):
    finder = SpamFinder().fit(_oral(distilled) + HELD_OUT_SENTENCES)
    for sentence in HELD_OUT_SENTENCES:
        assert finder.find(sentence) == [], sentence
