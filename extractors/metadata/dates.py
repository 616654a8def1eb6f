"""When a paper was written or met, and the years it covers ("2021-22", "April 2008 – March 2011").
"""

from __future__ import annotations

import re

from extractors import labels
from extractors.labels import labelled_fields
from extractors.metadata.header import HEADER_BLOCKS, Line, end_of_header
from extractors.text import MAX_PERIOD_YEARS, MONTH_NAMES, find_dates, find_periods, fold_spaces
from schemas.document import Block, BlockKind, Document


_DATE_SKIP = re.compile(r"pathway|previous|last meeting|meeting held on|published|issued|circulated|\bbetween\b",
                        re.IGNORECASE)

#: Periods beyond a plain span of years (see `extract_period`).
_FINANCIAL_YEARS = re.compile(r"(?<![\d/])\b(?P<start>(?:19|20)\d\d)/\d\d\s*(?:[-–—]|to)\s*(?P<century>19|20)\d\d/"
                              r"(?P<end>\d\d)\b(?![/\d])")
_MONTH_RANGE = re.compile(rf"\b(?:{MONTH_NAMES})\s+(?P<start>(?:19|20)\d\d)\s*(?:[-–—]|to)\s*(?:{MONTH_NAMES})\s+"
                          r"(?P<end>(?:19|20)\d\d)\b", re.IGNORECASE)
_SHORT_YEAR = re.compile(r"(?<![\d/£.])\b(?P<start>[0-9]\d)/(?P<end>\d\d)\b(?![/\d])")
_BETWEEN = re.compile(r"\bbetween\b(?=\s+(?:the\s+)?\d)", re.IGNORECASE)


def extract_date(lines: list[Line], document: Document) -> str | None:
    """The date of the meeting or paper: the first full date of the header, else a labelled date."""
    for line in lines:
        if _DATE_SKIP.search(line.text):
            continue
        dates = find_dates(line.text)
        if dates:
            return dates[0][1]
    for field in labelled_fields(document, blocks=HEADER_BLOCKS * 3):
        dates = find_dates(field.value) if field.meaning == labels.DATE else []
        if dates:
            return dates[0][1]  # "Date of decision: 18/04/2019", a cover table's "Date: | 19 October 2023"
    return None


def extract_period(title: str | None, lines: list[Line], document: Document | None = None) -> str | None:
    """The years a plan or report covers, from its title or header: a span of years ("2021-22",
    "2020/23"), of financial years ("2013/14 - 2015/16"), of months ("April 2008 – March 2011"),
    a title's short year ("Commissioning Plan 18/19"), or the window a report covers ("between
    01 April 2022 and 29 February 2024"). Years merely written near each other are not a period."""
    title = title or ""
    period = _year_range(title) or next(iter(find_periods(title)), None) or _short_period(title)
    if period:
        return period
    texts = list(dict.fromkeys(fold_spaces(line.block.text) for line in lines))
    opening = _opening_paragraph(document) if document else None
    if opening is not None:
        texts.append(fold_spaces(opening.text))
    for text in texts:
        period = _year_range(text)
        if period:
            return period
    for text in [line.text for line in lines[:3]]:
        periods = find_periods(text)
        if periods:
            return periods[0]
    return next((period for period in map(_reporting_window, texts) if period), None)


def _opening_paragraph(document: Document) -> Block | None:
    """The paragraph the header leads into, which says what the paper is ("This report requests ...")."""
    end = end_of_header(document)
    if end < len(document.blocks) and document.blocks[end].kind == BlockKind.paragraph:
        return document.blocks[end]
    return None


def _span(start: int, end: int) -> str | None:
    """'YYYY-YY' for a span of one to `MAX_PERIOD_YEARS` years, else None."""
    return f"{start}-{end % 100:02d}" if 1 <= end - start <= MAX_PERIOD_YEARS else None


def _year_range(text: str) -> str | None:
    """A span of financial years ("2013/14 - 2015/16") or of months ("April 2008 – March 2011")."""
    financial = _FINANCIAL_YEARS.search(text)
    if financial:
        return _span(int(financial["start"]), int(financial["century"] + financial["end"]))
    months = _MONTH_RANGE.search(text)
    return _span(int(months["start"]), int(months["end"])) if months else None


def _short_period(title: str) -> str | None:
    """A title's financial year written short: "Draft Commissioning Plan 18/19" is 2018-19."""
    short = _SHORT_YEAR.search(title)
    if short and int(short["end"]) == int(short["start"]) + 1:
        return f"20{short['start']}-{short['end']}"
    return None


def _reporting_window(text: str) -> str | None:
    """The years of a report's window: "the work ... between 01 April 2022 and 29 February 2024"."""
    window = _BETWEEN.search(text)
    if not window:
        return None
    dates = find_dates(text[window.end():])[:2]
    if len(dates) < 2:
        return None
    return _span(int(dates[0][1][:4]), int(dates[1][1][:4]))
