"""Pure helpers for the words and numbers of council papers: dates, periods, numbers, money.

Grouped by subject, as pdfplumber keeps its `utils/text.py`. Nothing here knows about
documents or records; extractors call these on strings. Dates are parsed by hand-written
patterns rather than `dateparser`: papers write dates in a handful of British forms
("2 JUNE 2017", "Monday 04 March 2019", "30th June 2023", "Thursday, 30th January, 2025",
"13/03/2018"), the patterns are exact about what they accept (no "May" the verb, no
"March" the verb), and they are two orders of magnitude faster per sentence.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
#: Month names and abbreviations as one regex alternation, longest first.
MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH = rf"(?P<month>{MONTH_NAMES})\.?"
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
_ORDINAL = r"(?:\s?(?:st|nd|rd|th)\b)?"

#: "2 JUNE 2017", "Monday 04 March 2019", "30th June 2023", "Thursday, 30th January, 2025".
_DAY_MONTH_YEAR = re.compile(
    rf"(?<![\d/.])\b{_WEEKDAY}(?P<day>[0-3]?\d){_ORDINAL}\s+(?:of\s+)?{_MONTH},?\s+(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
#: "March 4, 2019" and "March 4th 2019", as some templates write them.
_MONTH_DAY_YEAR = re.compile(
    rf"\b{_WEEKDAY}{_MONTH}\s+(?P<day>[0-3]?\d){_ORDINAL},?\s+(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
#: "13/03/2018", "13.03.18", "2025-01-30": day first, as in British papers.
_NUMERIC = re.compile(
    r"(?<![\d/.£])\b(?:(?P<iso_y>(?:19|20)\d\d)-(?P<iso_m>[01]\d)-(?P<iso_d>[0-3]\d)"
    r"|(?P<day>[0-3]?\d)(?P<sep>[/.])(?P<month>[01]?\d)(?P=sep)(?P<year>(?:19|20)?\d\d))\b(?![/.]?\d)"
)

_PERIOD = re.compile(r"(?<![\d/£.])\b((?:19|20)\d\d)\s*(?:[-/–—]|\sto\s)\s*((?:19|20)?\d\d)\b(?![/\d])")

#: Largest gap between the years of a period: "2020-23" is a plan, "2015-2041" is not a period.
MAX_PERIOD_YEARS = 10


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[int, str]]:
    """All full dates (day, month and year) in `text`, as (offset, ISO date), in text order.

    Month-and-year alone ("May 2021") is a timescale, not a date, and is not returned.
    """
    found: dict[int, str] = {}
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
        for match in pattern.finditer(text):
            iso = _iso(int(match["year"]), MONTHS[match["month"].lower()], int(match["day"]))
            if iso:
                found.setdefault(match.start(), iso)
    for match in _NUMERIC.finditer(text):
        if match["iso_y"]:
            iso = _iso(int(match["iso_y"]), int(match["iso_m"]), int(match["iso_d"]))
        else:
            year = int(match["year"])
            year = year + 2000 if year < 100 else year
            iso = _iso(year, int(match["month"]), int(match["day"]))
        if iso:
            found.setdefault(match.start(), iso)
    return sorted(found.items())


def parse_date(text: str) -> str | None:
    """The first full date in `text` as an ISO string, or None."""
    dates = find_dates(text)
    return dates[0][1] if dates else None


def find_periods(text: str) -> list[str]:
    """Year spans ("2021-22", "2020/23", "2025-2029", "2019 to 2022") as 'YYYY-YY', in text order.

    The second year must follow the first by 1 to `MAX_PERIOD_YEARS` years, so "2015-2041"
    and "2019-2019" are not periods, nor are ages ("18-25") or decision numbers ("24/00096").
    """
    periods = []
    for match in _PERIOD.finditer(text):
        start, end = match.group(1), match.group(2)
        end_year = int(end) if len(end) == 4 else int(start[:2] + end)
        if len(end) == 2 and end_year < int(start):
            end_year += 100  # "1999-00"
        if 1 <= end_year - int(start) <= MAX_PERIOD_YEARS:
            periods.append(f"{start}-{str(end_year)[-2:]}")
    return periods


def parse_period(text: str) -> str | None:
    """The first period in `text` as 'YYYY-YY', or None."""
    periods = find_periods(text)
    return periods[0] if periods else None


NUMBER_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100, "a dozen": 12, "dozen": 12,
    "a thousand": 1000, "a couple of": 2,
}
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}

#: A run of number words: "thirty", "twenty-five", "two hundred", "a dozen".
NUMBER_WORDS_PATTERN = (
    r"(?:a\s+dozen|a\s+hundred|a\s+thousand|a\s+couple\s+of|"
    r"(?:" + "|".join(_TENS) + r")(?:[-\s](?:" + "|".join(_UNITS) + r"))?"
    r"|(?:" + "|".join(sorted((w for w in NUMBER_WORDS if " " not in w), key=len, reverse=True)) + r"))"
    r"(?:\s+(?:hundred|thousand|million))?"
)


def words_to_number(text: str) -> int | None:
    """The value of number words: "Thirty" 30, "twenty-five" 25, "two hundred" 200, "a dozen" 12."""
    words = " ".join(text.lower().replace("-", " ").split())
    if words in NUMBER_WORDS:
        return NUMBER_WORDS[words]
    total = 0
    for word in words.split():
        if word in _SCALES:
            total = max(total, 1) * _SCALES[word]
        elif word in NUMBER_WORDS:
            total += NUMBER_WORDS[word]
        elif word == "a":
            total += 1
        else:
            return None
    return total or None


_MONEY = re.compile(
    r"£\s?(?P<amount>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s?(?P<scale>bn|billion|m|million|k|thousand)?\b",
    re.IGNORECASE,
)
_SCALE_VALUES = {"bn": 1e9, "billion": 1e9, "m": 1e6, "million": 1e6, "k": 1e3, "thousand": 1e3}


def parse_number(text: str) -> float | None:
    """A written number with thousands separators ("3,000", "2.5") as a float, or None."""
    cleaned = text.strip().replace(",", "")
    try:
        return float(cleaned)
    except ValueError:
        return None


def parse_money(text: str) -> float | None:
    """The whole sum of the first amount of money in `text`: "£137m" 137000000, "£40k" 40000."""
    match = _MONEY.search(text)
    if not match:
        return None
    amount = parse_number(match["amount"])
    if amount is None:
        return None
    scale = (match["scale"] or "").lower()
    return amount * _SCALE_VALUES.get(scale, 1.0)


#: Where a sentence may end: a full stop, "!" or "?", space, then a capital, bracket or quote.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z(“\"])")
#: Words whose full stop does not end a sentence ("Dr. Gosh", "J. Kent", "No. 4").
_ABBREVIATION = re.compile(r"(?:^|\s)(?:[A-Z]|Dr|Mr|Ms|Mrs|St|Cllr|Insp|Supt|Sgt|No|Ch|Det)\.$")


def sentence_starts(text: str, end: int | None = None) -> list[int]:
    """Where each sentence of `text` (up to `end`) begins, the first at 0.

    A regular expression is enough for the prose rules that need sentences (minuted
    decisions, presenters, visitors): spaCy's parser is kept for figures, where its tags
    are used too.
    """
    starts = [0]
    for match in _SENTENCE_BREAK.finditer(text, 0, len(text) if end is None else end):
        if not _ABBREVIATION.search(text, max(0, match.start() - 8), match.start()):
            starts.append(match.end())
    return starts


def split_sentences(text: str) -> list[str]:
    """Sentences by their full stops, but not after a title or an initial ("Dr. Shah", "J. Kent")."""
    starts = sentence_starts(text)
    return [piece for piece in (text[start:stop].strip() for start, stop in zip(starts, [*starts[1:], len(text)]))
            if piece]


def fold_spaces(text: str) -> str:
    """Collapse all runs of white space (line breaks included) into single spaces."""
    return " ".join(text.split())


__all__ = [
    "MONTHS", "NUMBER_WORDS", "NUMBER_WORDS_PATTERN", "find_dates", "find_periods", "fold_spaces",
    "parse_date", "parse_money", "parse_number", "parse_period", "sentence_starts", "split_sentences",
    "words_to_number",
]
