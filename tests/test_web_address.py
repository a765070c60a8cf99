"""Web addresses a page did not put there: every form a spammer writes one in is seen, a public body's or a
charity's address on a real Total Place page is the page's own, and words run together at a full stop are not
an address."""

from __future__ import annotations

import pytest

from conftest import read_jsonl
from pipeline.text.web_address import foreign_addresses, is_official


@pytest.mark.parametrize("written", [
    "rxmedsdirect24.net", "Www.homejobs-now.com", "WWW.LUXREPLICAOUTLET.COM", "Quickhomesale-uk.com",
    "http://cheap-handbags.biz/sale", "bit.ly/3xYz", "bestassignmentexperts dot com", "hottiecams (dot) net",
    "[url=http://pharmnorx.biz]", "[/URL]", '<a href="http://x-deals.shop">', "</a>"])
def test_every_way_of_writing_an_address_is_seen(written):
    text = f"We went down to the Cape {written} for the launch."
    found = foreign_addresses(text)
    assert [text[a:b] for a, b in found] == [written]


@pytest.mark.parametrize("ordinary", [
    "the end of the program.It was late", "we stopped there.To be honest", "I was 14.5 years old",
    "e.g. the council", "send it to jane.doe@example.com please", "the U.S. Navy"])
def test_ordinary_writing_is_not_an_address(ordinary):
    assert foreign_addresses(ordinary) == []


def test_the_total_place_pages_own_links_are_official(distilled):
    """Every address on the pages under a public body's or a charity's domain is the page's own; the rest of the
    pages' links (a news site, a blog, Facebook) are foreign but ordinary, which is why an address alone never
    starts a spam span."""
    texts = [r["text"] for r in read_jsonl(distilled / "total-place" / "ingest" / "records.jsonl")]
    links = [t for t in texts if ".gov.uk" in t or ".org.uk" in t]
    assert len(links) >= 10
    for text in links:
        for a, b in foreign_addresses(text):
            assert ".gov.uk" not in text[a:b].lower() and ".org.uk" not in text[a:b].lower(), text[a:b]
    assert is_official("http://www.leadershipcentre.org.uk/totalplace") and is_official("www.communities.idea.gov.uk")
    assert not is_official("www.theyworkforyou.com") and not is_official("filmzone-hd.xyz")
