"""Recognising councils: official names, short names, abbreviations and email domains."""

from __future__ import annotations

import pytest

from extractors.authorities import authority_from_domain, by_code, find_mentions, load_authorities, lookup


def _codes(text: str) -> list[str]:
    return [mention.authority.gss_code for mention in find_mentions(text)]


def test_authorities_register_loads_once_with_known_councils():
    assert load_authorities() is load_authorities()
    assert by_code("E10000016").official_name == "Kent County Council"
    assert by_code("E99999999") is None


@pytest.mark.parametrize("name,code", [
    ("Leicestershire County Council", "E10000018"),
    ("Leicester City Council", "E06000016"),
    ("Harborough District Council", "E07000131"),
    ("Staffordshire County Council", "E10000028"),
    ("City of Bradford Metropolitan District Council", "E08000032"),
    ("Bradford Council", "E08000032"),
    ("Luton Borough Council", "E06000032"),
    ("Rutland County Council", "E06000017"),
    ("Charnwood Borough Council", "E07000130"),
    ("Birmingham City Council", "E08000025"),
    ("Kent", "E10000016"),
])
def test_authorities_lookup_by_name(name, code):
    assert lookup(name).gss_code == code


@pytest.mark.parametrize("domain,code", [
    ("leics.gov.uk", "E10000018"),
    ("leicestershire.gov.uk", "E10000018"),
    ("leicester.gov.uk", "E06000016"),
    ("staffordshire.gov.uk", "E10000028"),
    ("kent.gov.uk", "E10000016"),
    ("harborough.gov.uk", "E07000131"),
    ("bradford.gov.uk", "E08000032"),
    ("rutland.gov.uk", "E06000017"),
])
def test_authorities_email_domains(domain, code):
    assert authority_from_domain(domain).gss_code == code


@pytest.mark.parametrize("domain", ["leicestershire.pnn.police.uk", "gmail.com", "leics.police.uk", "nhs.net"])
def test_authorities_police_and_other_mail_is_not_a_council(domain):
    assert authority_from_domain(domain) is None


def test_authorities_official_name_is_one_mention_not_two():
    assert _codes("jointly funded by Leicester City Council and Leicestershire County Council") == [
        "E06000016", "E10000018"]


def test_authorities_police_forces_are_not_councils():
    assert _codes("Referrals go to the Staffordshire Police Prevent Team and Kent Police.") == []


def test_authorities_abbreviation_follows_the_papers_own_definition():
    text = "Leicestershire County Council (LCC) and Leicester City Council agreed. LCC will lead."
    mentions = find_mentions(text)
    assert [m.authority.gss_code for m in mentions if m.how == "abbreviation"] == ["E10000018", "E10000018"]


def test_authorities_abbreviation_resolved_by_the_council_the_paper_names():
    text = "Harborough District Council Prevent Action Plan. Regular review of HDC Safeguarding Policies."
    assert [m.authority.name for m in find_mentions(text) if m.how == "abbreviation"] == ["Harborough"]


def test_authorities_ambiguous_initials_alone_are_no_evidence():
    assert _codes("HDC officers attended the meeting.") == []


def test_authorities_common_abbreviations():
    assert _codes("KCC Members were consulted.") == ["E10000016"]


def test_authorities_places_inside_other_names_are_not_councils():
    assert _codes("Royal Sutton Coldfield Town Council and Home Start Birmingham North West") == []


def test_authorities_name_in_capitals_counts():
    assert _codes("LEICESTERSHIRE SAFER COMMUNITIES STRATEGY BOARD") == ["E10000018"]


def test_authorities_name_scan_finds_what_trying_each_name_longest_first_finds():
    import re

    from extractors.authorities import _index

    index = _index()
    texts = [
        "Leicester City Council, Leicestershire County Council and LEICESTER CITY COUNCIL agreed.",
        "the City of Bradford Metropolitan District Council and Bradford Council; Bradford-on-Avon",
        "Kingston upon Hull City Council with Kingston upon\nThames, North Somerset  Council",
        "Stoke-on-Trent City Council and Stoke, Newcastle-under-Lyme Borough Councillors, Kentish Town",
        "Birmingham City Council's plan for Birmingham and Solihull; kent county council; Kent Countyx",
    ]
    for table, scan in ((index.official, index.official_re), (index.names, index.name_re)):
        keys = "|".join(re.escape(key).replace(r"\ ", r"\s+") for key in sorted(table, key=len, reverse=True))
        each_name = re.compile(rf"(?<![\w-])(?:{keys})(?![\w-])", re.IGNORECASE)
        for text in texts:
            assert [m.span() for m in scan.finditer(text)] == [m.span() for m in each_name.finditer(text)]


def test_authorities_index_is_cached_across_runs_and_the_cached_index_finds_the_same(fresh_index):
    text = "Leicestershire County Council (LCC) and Harborough DC; contact a.b@leics.gov.uk. Kent and HDC."
    built = fresh_index._index()
    found_when_built = find_mentions(text)
    cache = fresh_index._cache_file()
    assert cache.exists() and cache.parent.parent.name == "cache"
    fresh_index._index.cache_clear()
    loaded = fresh_index._index()
    assert loaded is not built
    for field in ("official", "names", "abbreviations", "domains"):
        assert getattr(loaded, field) == getattr(built, field)
    for field in ("official_re", "name_re", "abbreviation_re"):
        assert getattr(loaded, field).pattern == getattr(built, field).pattern
    assert find_mentions(text) == found_when_built and len(found_when_built) >= 4


def test_authorities_a_damaged_or_unwritable_cache_falls_back_to_building(fresh_index, tmp_path, monkeypatch):
    expected = fresh_index._index_parts()
    fresh_index._cache_file().parent.mkdir(parents=True)
    fresh_index._cache_file().write_bytes(b"not a pickle")
    assert fresh_index._index().official == expected[0]
    fresh_index._index.cache_clear()
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert fresh_index._index().official_re.pattern == expected[4]
