"""Dates, periods, number words and money as council papers write them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.text import (find_dates, find_periods, parse_date, parse_money, parse_period, sentence_starts,
                            split_sentences, words_to_number)


@pytest.mark.parametrize("text,expected", [
    ("2 JUNE 2017", "2017-06-02"),
    ("Safe and Strong Communities Select Committee - Monday 04 March 2019", "2019-03-04"),
    ("Date: 30th June 2023", "2023-06-30"),
    ("To: Cabinet – 30 January 2025", "2025-01-30"),
    ("Thursday, 30th January, 2025, at 10.00 am", "2025-01-30"),
    ("Date of meeting: 13/03/2018", "2018-03-13"),
    ("Published 22.01.25", "2025-01-22"),
    ("Tuesday 13 th March 2018", "2018-03-13"),
    ("Bradford Council Executive, 7th of November 2022", "2022-11-07"),
    ("Luton Borough Council Scrutiny Board, March 4, 2020", "2020-03-04"),
    ("Decision date 2021-09-15", "2021-09-15"),
])
def test_text_parse_date_reads_british_forms(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", [
    "A Harborough Situational Risk Assessment was completed in May 2021",
    "Decision no 24/00109",
    "quarter 4 (2018/19)",
    "30 February 2019",
    "Tel: 0116 305 6056",
    "The Board will meet in March.",
])
def test_text_parse_date_ignores_what_is_not_a_full_date(text):
    assert parse_date(text) is None


def test_text_find_dates_keeps_text_order():
    text = "During the period 1st May - 30th November 2018, referrals rose; reported on 2 April 2019."
    assert [iso for _, iso in find_dates(text)] == ["2018-11-30", "2019-04-02"]


@pytest.mark.parametrize("text,expected", [
    ("Harborough District Council Prevent Action Plan 2021-22", "2021-22"),
    ("Prevent Partnership Plan 2020/23", "2020-23"),
    ("Commissioning Plan for Education Provision in Kent 2025-29", "2025-29"),
    ("Charnwood Community Safety Partnership Plan 2022 – 2025", "2022-25"),
    ("Rutland Prevent Delivery Plan 2019 to 2021", "2019-21"),
    ("Transfer the 18-25 section of the service", None),
    ("Decision 24/00096", None),
    ("Local Plan 2011-2036 review", None),
])
def test_text_parse_period(text, expected):
    assert parse_period(text) == expected


def test_text_find_periods_all_in_order():
    assert find_periods("Plans for 2018/19 and 2019-20") == ["2018-19", "2019-20"]


@pytest.mark.parametrize("text,expected", [
    ("Thirty", 30), ("two", 2), ("a dozen", 12), ("twenty-five", 25), ("two hundred", 200),
    ("three thousand", 3000), ("forty one", 41), ("several", None),
])
def test_text_words_to_number(text, expected):
    assert words_to_number(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("£137m", 137_000_000), ("£2.5 million", 2_500_000), ("£40k", 40_000), ("£5,046,624", 5_046_624),
    ("a £1.9 million grant", 1_900_000), ("£ 100,000 approved", 100_000), ("£1.2bn", 1_200_000_000),
    ("no money here", None),
])
def test_text_parse_money(text, expected):
    assert parse_money(text) == expected


@given(st.integers(min_value=1900, max_value=2089), st.integers(min_value=1, max_value=10), st.sampled_from("-/–"))
def test_text_parse_period_round_trip(start, length, separator):
    end = start + length
    assert parse_period(f"Plan {start}{separator}{str(end)[-2:]}") == f"{start}-{str(end)[-2:]}"
    assert parse_period(f"Plan {start}{separator}{end}") == f"{start}-{str(end)[-2:]}"


@given(st.integers(min_value=0, max_value=10**9))
def test_text_parse_money_round_trip(pounds):
    assert parse_money(f"£{pounds:,}") == pounds


@given(st.text())
def test_text_helpers_never_raise(text):
    parse_date(text)
    parse_period(text)
    parse_money(text)


def test_text_sentences_do_not_end_after_a_title_or_an_initial():
    text = "Members noted the report. Dr. Shah said that Insp. J. Kent was away. It was agreed."
    assert [text[start:start + 6] for start in sentence_starts(text)] == ["Member", "Dr. Sh", "It was"]
    assert sentence_starts(text, text.index("away"))[-1] == text.index("Dr.")  # the sentence holding "away"
    assert split_sentences(text)[1] == "Dr. Shah said that Insp. J. Kent was away."
