"""Timescales of action plans read as a due date or a recurrence.

Action plans write when a thing is due in a dozen ways: "Quarterly", "Ongoing", "by March
2022", "Q4 2018/19", "within 6 months", "Jan 2009 to March 2009", "Update monthly/Officer
time", "October 2017". Tracking needs a date it can compare with today (is it overdue?)
or the knowledge that there is none (a recurring duty), so each is read as a `Timescale`.

A timescale is read relative to the paper it is written in:

- a month or quarter without a year is the first one ending on or after the anchor;
- a relative timescale ("within 6 months") counts from the anchor;
- the anchor is the paper's date, or, for a plan that has only a period ("2021-22"), the
  start of that period, because "within 6 months" in a yearly plan means six months into it.

Quarters and bare "2018/19" years are UK financial years (April to March), as councils plan
by them: Q1 is April-June, Q4 is January-March of the second calendar year. A due date is
the last day of what is named ("by March 2022" is 2022-03-31). Everything here is pure.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from extractors.text import MONTH_NAMES, MONTHS

NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty-four": 24,
}
#: First month of the UK financial year.
FINANCIAL_YEAR_START_MONTH = 4

#: Recurrence names and the words that say them; checked in this order.
RECURRENCES: tuple[tuple[str, str], ...] = (
    ("weekly", r"\bweekly\b|\bevery week\b|\beach week\b"),
    ("monthly", r"\bmonthly\b|\bevery month\b|\beach month\b|\bbi-?monthly\b"),
    ("quarterly", r"\bquarterly\b|\bevery quarter\b|\beach quarter\b"),
    ("annual", r"\bannual(?:ly)?\b|\byearly\b|\bevery year\b|\beach year\b"),
    ("ongoing", r"\bon\s*-?\s*going\b|\bcontinuous(?:ly)?\b|\bcontinual\b|\bas required\b|\bas needed\b"),
)

_MONTH = rf"(?:{MONTH_NAMES})\.?"
_YEAR = r"(?:19|20)\d\d"
_FY = rf"(?P<fy_start>{_YEAR})\s*[/-]\s*(?P<fy_end>(?:19|20)?\d\d)"
_NUMBER = r"\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))

_RANGE = re.compile(
    rf"(?P<m1>{_MONTH})\s*(?P<y1>{_YEAR})?\s*(?:to|until|till|-|–|—)\s*(?P<m2>{_MONTH})\s*(?P<y2>{_YEAR})",
    re.IGNORECASE,
)
_QUARTER = re.compile(
    rf"\b(?:q|quarter)\s*(?P<q>[1-4])\b(?:\s*(?:of\s*)?\(?\s*(?:{_FY}|(?P<year>{_YEAR}))\s*\)?)?",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    rf"\b(?:within|in(?: the next)?|next|over(?: the next)?)\s+(?P<n>{_NUMBER})\s+(?P<unit>day|week|month|year)s?\b",
    re.IGNORECASE,
)
_DAY_MONTH_YEAR = re.compile(
    rf"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH}),?\s+(?P<y>{_YEAR})\b", re.IGNORECASE
)
_NUMERIC_DATE = re.compile(r"\b(?P<d>[0-3]?\d)/(?P<m>[01]?\d)/(?P<y>(?:19|20)\d\d)\b")
_MONTH_YEAR = re.compile(rf"\b(?P<m>{_MONTH})\s*[-']?\s*(?P<y>{_YEAR})\b", re.IGNORECASE)
_FINANCIAL_YEAR = re.compile(rf"(?<![\d/])\b{_FY}\b(?![/\d])")
_YEAR_ONLY = re.compile(rf"\b(?:by|end of|during|in)\s+(?P<y>{_YEAR})\b", re.IGNORECASE)
_BARE_MONTH = re.compile(rf"\b(?:by|end of|in|until|before|from)\s+(?:the\s+end\s+of\s+)?(?P<m>{_MONTH})\b",
                         re.IGNORECASE)
_END_OF_YEAR = re.compile(r"\b(?:end of (?:the )?(?:financial |municipal )?year|year[- ]end)\b", re.IGNORECASE)
_IMMEDIATE = re.compile(r"\bimmediate(?:ly)?\b|\bwith immediate effect\b|\basap\b", re.IGNORECASE)


@dataclass(frozen=True)
class Timescale:
    """A timescale as written, with the due date (ISO) and/or recurrence it names."""

    text: str
    due: str | None = None
    start: str | None = None
    recurrence: str | None = None


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _full_year(start: int, end: str) -> int:
    return int(end) if len(end) == 4 else (start // 100) * 100 + int(end)


def period_bounds(period: str | None) -> tuple[date, date] | None:
    """A 'YYYY-YY' plan period as its financial-year bounds: '2021-22' is 2021-04-01 to 2022-03-31."""
    if not period:
        return None
    match = re.fullmatch(rf"\s*(?P<s>{_YEAR})\s*[-/]\s*(?P<e>(?:19|20)?\d\d)\s*", period)
    if not match:
        return None
    start = int(match["s"])
    end = _full_year(start, match["e"])
    if end <= start:
        return None
    return date(start, FINANCIAL_YEAR_START_MONTH, 1), month_end(end, FINANCIAL_YEAR_START_MONTH - 1)


def paper_date(date_iso: str | None, period: str | None) -> str | None:
    """When a paper speaks: its date, else the end of its period ('2021-22' is 2022-03-31)."""
    if date_iso:
        return date_iso[:10]
    bounds = period_bounds(period)
    return bounds[1].isoformat() if bounds else None


def _anchor(date_iso: str | None, period: str | None) -> date | None:
    if date_iso:
        return date.fromisoformat(date_iso[:10])
    bounds = period_bounds(period)
    return bounds[0] if bounds else None


def _financial_year_of(day: date) -> int:
    """The calendar year in which the financial year holding `day` starts."""
    return day.year if day.month >= FINANCIAL_YEAR_START_MONTH else day.year - 1


def _quarter_end(quarter: int, fy_start: int) -> date:
    month = FINANCIAL_YEAR_START_MONTH + 3 * quarter - 1  # Q1 ends in June, Q4 in March (15 -> 3)
    return month_end(fy_start + (month - 1) // 12, (month - 1) % 12 + 1)


def _next_month_end(month: int, anchor: date) -> date:
    candidate = month_end(anchor.year, month)
    return candidate if candidate >= anchor else month_end(anchor.year + 1, month)


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _number(text: str) -> int:
    return int(text) if text.isdigit() else NUMBER_WORDS[text.lower()]


def _due(text: str, anchor: date | None) -> tuple[date | None, date | None]:
    """(start, due) named by the text, or (None, None)."""
    if match := _RANGE.search(text):
        end_year = int(match["y2"])
        start_month, end_month = _month(match["m1"]), _month(match["m2"])
        start_year = int(match["y1"]) if match["y1"] else end_year - (start_month > end_month)
        return date(start_year, start_month, 1), month_end(end_year, end_month)
    if match := _QUARTER.search(text):
        quarter = int(match["q"])
        if match["fy_start"]:
            return None, _quarter_end(quarter, int(match["fy_start"]))
        if match["year"]:  # "Q4 2019": a calendar quarter
            return None, month_end(int(match["year"]), 3 * quarter)
        if anchor:
            due = _quarter_end(quarter, _financial_year_of(anchor))
            return None, due if due >= anchor else _quarter_end(quarter, _financial_year_of(anchor) + 1)
        return None, None
    if match := _DAY_MONTH_YEAR.search(text):
        return None, date(int(match["y"]), _month(match["m"]), int(match["d"]))
    if match := _NUMERIC_DATE.search(text):
        return None, date(int(match["y"]), int(match["m"]), int(match["d"]))
    if match := _MONTH_YEAR.search(text):
        return None, month_end(int(match["y"]), _month(match["m"]))
    if match := _FINANCIAL_YEAR.search(text):
        start = int(match["fy_start"])
        end = _full_year(start, match["fy_end"])
        if end == start + 1:
            return None, month_end(end, FINANCIAL_YEAR_START_MONTH - 1)
    if match := _YEAR_ONLY.search(text):
        return None, date(int(match["y"]), 12, 31)
    if anchor is None:
        return None, None
    if match := _RELATIVE.search(text):
        n, unit = _number(match["n"]), match["unit"].lower()
        if unit == "day":
            return None, date.fromordinal(anchor.toordinal() + n)
        if unit == "week":
            return None, date.fromordinal(anchor.toordinal() + 7 * n)
        return None, add_months(anchor, n * (12 if unit == "year" else 1))
    if match := _BARE_MONTH.search(text):
        return None, _next_month_end(_month(match["m"]), anchor)
    if _END_OF_YEAR.search(text):
        return None, month_end(_financial_year_of(anchor) + 1, FINANCIAL_YEAR_START_MONTH - 1)
    if _IMMEDIATE.search(text):
        return None, anchor
    return None, None


def parse_timescale(text: str | None, *, date_iso: str | None = None, period: str | None = None) -> Timescale:
    """Read a timescale cell as a due date and/or recurrence, relative to its paper.

    `date_iso` and `period` are the paper's `documents.date` and `documents.period`; a
    timescale that names neither a date nor a recurrence ("Officer time") gives neither.
    """
    text = " ".join((text or "").split())
    if not text:
        return Timescale(text="")
    try:
        start, due = _due(text, _anchor(date_iso, period))
    except ValueError:  # "31 February 2022": a date that does not exist is not a due date
        start, due = None, None
    recurrence = next((name for name, pattern in RECURRENCES if re.search(pattern, text, re.IGNORECASE)), None)
    return Timescale(
        text=text,
        due=due.isoformat() if due else None,
        start=start.isoformat() if start else None,
        recurrence=recurrence,
    )


__all__ = ["Timescale", "add_months", "month_end", "paper_date", "parse_timescale", "period_bounds"]
