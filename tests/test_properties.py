"""Property tests of the text parsers: no string makes them raise, and what can go round
trips (a number written then split off, a date written then parsed, a record stored then
read back) comes back as it went in. As sqlite-utils' `tests/test_hypothesis.py`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from extractors import areas, authorities, figures, text, timescales
from extractors.errors import UnreadableDocument
from extractors.readers import numbering, read_document
from extractors.readers.text import read_text, text_to_blocks
from prevent_docs import store
from schemas.records import AREAS, Action, DocumentRow, Extraction, Passage, normalise_period

#: The machine may be busy with other work: judge correctness, not speed.
settings.register_profile("prevent", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("prevent")

#: Text as council papers and hostile files hold it: any character, with the ones that
#: matter to the parsers (digits, bullets, form feeds, tabs, £, dashes) made common.
PAPER_ALPHABET = st.one_of(st.characters(), st.sampled_from("0123456789.()£%-–/\t\n\f •·ivxIVXabcAB,:;"))
paper_text = st.text(PAPER_ALPHABET, max_size=400)
words = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz "), min_size=1, max_size=40).map(lambda s: " ".join(s.split())).filter(bool)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31))
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"]


# --- Paragraph numbers and bullets (extractors/readers/numbering.py) --------------------------

@given(paper_text)
@example("1.")
@example("(iv)\u00a0x")
def test_properties_split_number_returns_a_suffix(value):
    number, rest = numbering.split_number(value)
    if number is None:
        assert rest == value
    else:
        assert value.endswith(rest)
        assert number.lower() in value[: len(value) - len(rest)].lower()


arabic = st.integers(1, 999).map(str)
dotted = st.lists(st.integers(1, 99), min_size=2, max_size=4).map(lambda ns: ".".join(map(str, ns)))
lettered = st.sampled_from("abcdefghijklmnopqrstuvwxyz")


@given(st.one_of(st.tuples(arabic, st.sampled_from([". ", ") ", ": "])),
                 st.tuples(dotted, st.sampled_from([". ", " "])),
                 st.tuples(st.one_of(arabic, lettered, st.sampled_from(["i", "iv", "xii"])), st.just(") ")).map(
                     lambda pair: (pair[0], pair[1], "(")),
                 st.tuples(lettered, st.sampled_from([". ", ") "]))),
       words)
def test_properties_split_number_round_trips(numbered, body):
    """"17. text", "4.1 text", "(a) text", "b) text": the number comes off, the text stays."""
    number, separator, *opening = numbered
    written = f"{''.join(opening)}{number}{separator}{body}"
    assert numbering.split_number(written) == (number, body)


@given(st.sampled_from("•·▪◦●■–*➢\uf0b7"), words)
def test_properties_strip_bullet_round_trips(bullet, body):
    assert numbering.strip_bullet(f"{bullet} {body}") == (True, body)


@given(paper_text)
def test_properties_strip_bullet_returns_a_suffix(value):
    bulleted, rest = numbering.strip_bullet(value)
    assert value.endswith(rest) and (bulleted or rest == value)


# --- The text reader (extractors/readers/text.py) ---------------------------------------------

@given(paper_text)
@example("\t1.\tAction\tLead\n\t2.\tb\n\n\t3.")
@example("#\n\f\f\t\t\n\t")
def test_properties_text_to_blocks_never_raises(value):
    blocks, pages = text_to_blocks(value)
    assert pages == value.count("\f") + 1
    for block in blocks:
        assert 1 <= block.page <= pages
        assert block.text.strip()


@given(st.binary(max_size=400))
def test_properties_read_text_reads_or_refuses_any_bytes(data):
    try:
        blocks, pages, _ = read_text(Path("paper.txt"), data)
    except UnreadableDocument:
        return
    assert pages >= 1 and all(block.text for block in blocks)


#: Bytes that get past format sniffing: a PDF header, a zip header, then anything.
sniffed_bytes = st.one_of(st.binary(max_size=300), st.binary(max_size=300).map(lambda b: b"%PDF-1.4\n" + b),
                          st.binary(max_size=300).map(lambda b: b"PK\x03\x04" + b))


@given(sniffed_bytes)
@example(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj trailer << /Root 1 0 R >>")
def test_properties_read_document_reads_or_refuses_any_bytes(data):
    for name in ("paper.pdf", "paper.docx", "paper.txt"):
        try:
            document = read_document(Path(name), data)
        except UnreadableDocument:
            continue
        assert document.blocks and document.pages >= 1


@given(st.lists(words, min_size=1, max_size=5), st.integers(1, 4))
def test_properties_text_paragraphs_round_trip(paragraphs, page_count):
    """Paragraphs of plain prose, pages apart, come back one block each on their page."""
    paragraphs = [f"{p} and then the end." for p in paragraphs]
    pages = ["\n\n".join(paragraphs)] * page_count
    blocks, count = text_to_blocks("\f".join(pages))
    assert count == page_count
    assert [(block.page, block.text) for block in blocks] == [
        (page, paragraph) for page in range(1, page_count + 1) for paragraph in paragraphs]


# --- Benchmark areas (extractors/areas.py) ----------------------------------------------------

@given(paper_text)
def test_properties_areas_never_raise(value):
    assert areas.header_to_area(value) in (None, *AREAS)
    assert areas.text_to_area(value) in (None, *AREAS)


@given(st.text(st.characters(max_codepoint=127), max_size=80))
def test_properties_header_to_area_ignores_case(value):
    assert areas.header_to_area(value.upper()) == areas.header_to_area(value.lower())


@pytest.mark.parametrize("label, area", [
    ("Risk Assessment", "risk_assessment"), ("Partnership Board", "partnership_board"),
    ("Partnership Plan", "partnership_plan"), ("Referral Pathway", "referral_pathway"),
    ("Channel Panel", "channel_panel"), ("Problem Solving", "problem_solving"), ("Training", "training"),
    ("Venue Hire and IT Policies", "venue_hire_it"), ("Engagement", "engagement"),
    ("Communications", "communications")])
@given(padding=st.text(" \t\n", max_size=3))
def test_properties_header_to_area_reads_each_toolkit_label(label, area, padding):
    assert areas.header_to_area(padding + label + padding) == area
    assert areas.text_to_area(f"{label}. The council reviewed its {label.lower()}.") == area


# --- Dates, periods, money (extractors/text.py) -----------------------------------------------

@given(paper_text)
@example("31/02/2020 and 29/02/2021 and 2021-13-01")
def test_properties_find_dates_never_raises_and_gives_real_dates(value):
    found = text.find_dates(value)
    assert [offset for offset, _ in found] == sorted(offset for offset, _ in found)
    for offset, iso in found:
        assert 0 <= offset < len(value)
        assert dt.date.fromisoformat(iso).isoformat() == iso


@given(dates, st.sampled_from(["{d} {M} {y}", "{d}th {M} {y}", "{W} {dd} {M} {y}", "{dd}/{mm}/{y}",
                                "{y}-{mm}-{dd}", "{M} {d}, {y}", "{W}, {d} {M}, {y}"]))
def test_properties_dates_round_trip(day, template):
    written = template.format(d=day.day, dd=f"{day.day:02d}", mm=f"{day.month:02d}", y=day.year,
                              M=MONTH_NAMES[day.month - 1], W=day.strftime("%A"))
    assert text.parse_date(f"The meeting on {written} agreed the plan.") == day.isoformat()


@given(st.integers(1990, 2089), st.integers(1, text.MAX_PERIOD_YEARS),
       st.sampled_from(["{a}-{b2}", "{a}/{b2}", "{a}-{b}", "{a} to {b}", "{a} – {b2}"]))
def test_properties_periods_round_trip(start, span, template):
    end = start + span
    written = template.format(a=start, b=end, b2=f"{end % 100:02d}")
    expected = f"{start}-{end % 100:02d}"
    assert text.parse_period(f"The plan for {written} was agreed.") == expected
    if " to " not in written:  # records take periods the extractors wrote, never "2019 to 2022"
        assert normalise_period(written) == expected


@given(paper_text)
def test_properties_find_periods_never_raises(value):
    for period in text.find_periods(value):
        assert re.fullmatch(r"(19|20)\d\d-\d\d", period)


@given(st.one_of(st.none(), paper_text))
def test_properties_normalise_period_is_idempotent(value):
    once = normalise_period(value)
    assert normalise_period(once) == once


@given(st.integers(0, 10**9), st.sampled_from([("", 1), ("k", 1e3), ("m", 1e6), ("bn", 1e9), (" million", 1e6)]),
       st.booleans())
def test_properties_money_round_trips(amount, scale, commas):
    suffix, factor = scale
    written = f"{amount:,}" if commas else str(amount)
    assert text.parse_money(f"a budget of £{written}{suffix} this year") == pytest.approx(amount * factor)


@given(paper_text)
def test_properties_number_parsers_never_raise(value):
    money = text.parse_money(value)
    assert money is None or money >= 0
    text.parse_number(value)
    text.words_to_number(value)


@given(st.integers(1, 99))
def test_properties_words_to_number_round_trips(number):
    units = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    teens = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
             "eighteen", "nineteen"]
    tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    if number < 10:
        written = units[number]
    elif number < 20:
        written = teens[number - 10]
    else:
        written = tens[number // 10] + (f"-{units[number % 10]}" if number % 10 else "")
    assert text.words_to_number(written) == number


# --- Figures, timescales, authority names ----------------------------------------------------

@given(paper_text)
@example("£1e400 and 1e400% of 10,000,000,000,000,000,000,000 referrals")
def test_properties_figures_never_raise(value):
    for candidate in figures.sentence_to_candidates(value):
        assert not math.isnan(candidate.value)
        assert 0 <= candidate.start <= candidate.end <= len(value)


@given(st.one_of(st.tuples(st.integers(0, 100), st.just("%")),
                 st.tuples(st.integers(1, 10**6), st.sampled_from([" referrals", " people"]))))
def test_properties_figures_read_a_stated_count(stated):
    number, unit = stated
    sentence = f"There were {number:,}{unit} in the year."
    assert number in [candidate.value for candidate in figures.sentence_to_candidates(sentence)]


@given(st.one_of(st.none(), paper_text), st.one_of(st.none(), dates.map(dt.date.isoformat)),
       st.one_of(st.none(), st.integers(2000, 2090).map(lambda y: f"{y}-{(y + 1) % 100:02d}")))
@example("31 February 2022", None, None)
@example("Quarterly by March 2099", "2099-12-31", None)
def test_properties_parse_timescale_never_raises(value, date_iso, period):
    timescale = timescales.parse_timescale(value, date_iso=date_iso, period=period)
    for day in (timescale.due, timescale.start):
        assert day is None or dt.date.fromisoformat(day).isoformat() == day


@given(dates, st.sampled_from(["By {d} {M} {y}", "{M} {y}", "by {dd}/{mm}/{y}"]))
def test_properties_timescale_due_dates_round_trip(day, template):
    written = template.format(d=day.day, dd=f"{day.day:02d}", mm=f"{day.month:02d}", y=day.year,
                              M=MONTH_NAMES[day.month - 1])
    due = timescales.parse_timescale(written, date_iso="1989-06-01").due
    if "{d}" in template or "{dd}" in template:
        assert due == day.isoformat()
    else:  # a month alone is due at its end
        assert due == timescales.month_end(day.year, day.month).isoformat()


@given(paper_text)
def test_properties_find_mentions_never_raises(value):
    for mention in authorities.find_mentions(value):
        assert 0 <= mention.start < mention.end <= len(value)
    authorities.lookup(value)


AUTHORITIES = authorities.load_authorities()


@given(st.sampled_from(AUTHORITIES), st.sampled_from([str, str.upper, str.lower, lambda name: f"  {name} "]),
       st.sampled_from(["A report to {} on the Prevent duty.", "{} has agreed its Prevent plan."]))
def test_properties_authority_names_round_trip(authority, spelling, sentence):
    found = authorities.lookup(spelling(authority.official_name))
    assert found is not None and found.name == authority.name
    if authority.status == "current":
        assert found == authority
        written = sentence.format(authority.official_name)
        assert authority in [mention.authority for mention in authorities.find_mentions(written)]


# --- Records through the store --------------------------------------------------------------

stored_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=200)
optional_text = st.one_of(st.none(), stored_text)


@given(st.lists(st.tuples(st.integers(1, 2000), optional_text, optional_text, stored_text), min_size=1, max_size=8),
       st.lists(st.tuples(stored_text, optional_text, optional_text, st.sampled_from([None, *AREAS])), max_size=4))
@settings(max_examples=60)
def test_properties_records_round_trip_through_the_store(passages, actions):
    """What an extractor returns is what a researcher reads back, character for character."""
    document = DocumentRow(id="d" * 64, file_name="paper.pdf", path="/papers/paper.pdf", format="pdf",
                           pages=2000, extractor_version="test", ingested_at="2025-01-01T00:00:00+00:00")
    extraction = Extraction(
        document=document,
        passages=[Passage(id=f"p{n}", document_id=document.id, page=page, number=number, heading=heading,
                          position=n, text=body) for n, (page, number, heading, body) in enumerate(passages)],
        actions=[Action(id=f"a{n}", document_id=document.id, text=body, timescale=timescale, lead=lead,
                        area=area, source="table", page=1) for n, (body, timescale, lead, area) in enumerate(actions)],
    )
    with tempfile.TemporaryDirectory() as tmp:
        db = store.open_db(Path(tmp) / "prevent.db")
        try:
            store.write_extraction(db, extraction)
            for table, records in (("passages", extraction.passages), ("actions", extraction.actions),
                                   ("documents", [extraction.document])):
                rows = list(db.query(f"select * from [{table}] order by id"))
                expected = sorted((record.model_dump(mode="json") for record in records), key=lambda r: r["id"])
                assert [{key: row[key] for key in record} for row, record in zip(rows, expected)] == expected
                assert len(rows) == len(expected)
        finally:
            db.close()
