"""Timescales read as due dates or recurrences, relative to the paper they are written in."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.timescales import add_months, paper_date, parse_timescale, period_bounds

PLAN_2021 = {"period": "2021-22"}  # Harborough's action plan: a period, no date
REPORT_2019 = {"date_iso": "2019-03-04"}  # Staffordshire's select committee report
DECK_2023 = {"date_iso": "2023-06-30"}  # Leicestershire's benchmarking deck


@pytest.mark.parametrize("text, paper, due, recurrence", [
    # The forms the seed papers use.
    ("Quarterly", PLAN_2021, None, "quarterly"),
    ("Monthly", PLAN_2021, None, "monthly"),
    ("ongoing", PLAN_2021, None, "ongoing"),
    ("On going", PLAN_2021, None, "ongoing"),
    ("Ongoing/officer time", PLAN_2021, None, "ongoing"),
    ("Ongoing – regular Safeguarding Training sessions planned in", PLAN_2021, None, "ongoing"),
    ("Update monthly/Officer time", PLAN_2021, None, "monthly"),
    ("quarter 4 (2018/19)", REPORT_2019, "2019-03-31", None),
    # The forms other plans use.
    ("by March 2022", PLAN_2021, "2022-03-31", None),
    ("Q4 2018/19", {}, "2019-03-31", None),
    ("Q1 2022-23", {}, "2022-06-30", None),
    ("Q2", PLAN_2021, "2021-09-30", None),
    ("Q4", PLAN_2021, "2022-03-31", None),
    ("within 6 months", PLAN_2021, "2021-10-01", None),
    ("within six months", DECK_2023, "2023-12-30", None),
    ("within 12 weeks", DECK_2023, "2023-09-22", None),
    ("Jan 2009 to March 2009", {}, "2009-03-31", None),
    ("October 2017", {}, "2017-10-31", None),
    ("31 March 2022", {}, "2022-03-31", None),
    ("31/03/2023", {}, "2023-03-31", None),
    ("2022/23", {}, "2023-03-31", None),
    ("by end of 2024", {}, "2024-12-31", None),
    ("by September", DECK_2023, "2023-09-30", None),
    ("by March", DECK_2023, "2024-03-31", None),
    ("end of financial year", DECK_2023, "2024-03-31", None),
    ("Immediately", DECK_2023, "2023-06-30", None),
    ("Monthly until March 2023", PLAN_2021, "2023-03-31", "monthly"),
    ("Annually", DECK_2023, None, "annual"),
    # Nothing to go on.
    ("Officer time", PLAN_2021, None, None),
    ("", PLAN_2021, None, None),
    ("within 6 months", {}, None, None),  # relative, but the paper gives no date
])
def test_timescales_parse(text, paper, due, recurrence):
    timescale = parse_timescale(text, **paper)
    assert (timescale.due, timescale.recurrence) == (due, recurrence)


def test_timescales_range_keeps_its_start():
    assert parse_timescale("Jan 2009 to March 2009").start == "2009-01-01"
    assert parse_timescale("November to February 2020").start == "2019-11-01"


def test_timescales_impossible_date_is_not_a_due_date():
    assert parse_timescale("31 February 2022").due is None


@pytest.mark.parametrize("period, bounds", [
    ("2021-22", (date(2021, 4, 1), date(2022, 3, 31))),
    ("2020-23", (date(2020, 4, 1), date(2023, 3, 31))),
    ("2021", None),
    (None, None),
])
def test_timescales_period_bounds(period, bounds):
    assert period_bounds(period) == bounds


def test_timescales_paper_date_is_the_date_else_the_end_of_the_period():
    assert paper_date("2023-06-30", None) == "2023-06-30"
    assert paper_date(None, "2021-22") == "2022-03-31"
    assert paper_date(None, None) is None


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 1, 1)), st.integers(-240, 240))
def test_timescales_add_months_round_trips_month_index(day, months):
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day <= day.day


@given(st.text(max_size=80))
def test_timescales_never_raise(text):
    parse_timescale(text, date_iso="2023-06-30")
    parse_timescale(text, period="2021-22")
