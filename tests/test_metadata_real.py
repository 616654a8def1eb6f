"""Document metadata on real committee-system pages, minutes, decisions, reports and strategies.

The dev-real papers (kept beside the repository, not in it) come from councils the seeds
never saw. Each case reads one paper as ingest does (agenda tables expanded into items) and
checks the document fields its gold file gives: kind, authority code (null included), date
and period exactly, title and body by the evaluator's fuzzy match.
"""

from __future__ import annotations

import json

import pytest

from extractors.agenda import expand_agenda_tables
from extractors.metadata import extract_metadata
from extractors.readers import read_document
from prevent_docs.evaluate import titles_match
from tests.conftest import dev_real_paper

#: Papers, by file name prefix, with the pattern each one exercises.
PAPERS = {
    "r04_": "an \"Agenda item\" page whose \"<Committee> - <Task Group>\" heading wraps over two blocks",
    "r08_": "a meeting transcript titled by its committee, day and time",
    "r09_": "a report's \"between <date> and <date>\" window as its period",
    "r15_": "an \"Issue - meetings\" page: body from \"Meeting: <date> - Cabinet (Item 97)\"",
    "r16_": "an \"Agenda and minutes\" page: the Prevent item's title, a venue that is no issuer",
    "r17_": "a \"Recommended –\" page without a heading: body from the addressee, council from its place",
    "r21_": "a committee page naming its council only by place (\"In Staffordshire ...\")",
    "r22_": "an \"Agenda item\" page whose title is the first line of the next paragraph",
    "r23_kirklees_prevent-strategy-2017-2018.pdf": "a strategy with contents is not slides",
    "r24_": "a \"Decision details\" page: \"H&F\", a span of financial years",
    "r30_wandsworth_lsp-prevent-action-plan-year-end-update-2009.pdf":
        "\"Report by the Chief Executive of X on the <title>\" wrapped over two headings",
    "r34_": "an action plan headed by its plan period in months",
    "r44_": "minutes where a visiting council's officers present: no issuer",
    "r50_": "a web page titled by its heading, not its lead sentence",
    "r52_": "a Word toolkit naming the old county council",
}


@pytest.fixture(scope="module")
def dev_real(dev_real_dir):
    return dev_real_dir


@pytest.mark.parametrize("prefix", sorted(PAPERS))
def test_metadata_real_document_fields_match_gold(dev_real, prefix):
    path = dev_real_paper(dev_real, prefix)
    expected = json.loads((dev_real / "gold" / f"{path.stem}.json").read_text())["document"]
    meta = extract_metadata(expand_agenda_tables(read_document(path)))
    for field in ("kind", "authority_code", "date", "period"):
        if expected[field] is not None or field == "authority_code":
            assert getattr(meta, field) == expected[field], f"{field}: {PAPERS[prefix]}"
    for field in ("title", "body"):
        if expected[field] is not None:
            assert titles_match(expected[field], getattr(meta, field)), f"{field}: {PAPERS[prefix]}"
