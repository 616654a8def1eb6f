"""The protective-marking scan lets a line go when it names no marking word, and loses nothing by it."""

from __future__ import annotations

import pytest

from extractors import marking
from extractors.readers import read_document
from tests.conftest import CORPUS, REALWORLD

PAPERS = sorted(path for path in CORPUS.rglob("*") if path.suffix in {".pdf", ".docx", ".pptx", ".txt"}) + (
    sorted(REALWORLD.glob("*.pdf")) if REALWORLD.is_dir() else [])


def test_every_marking_and_descriptor_names_a_marking_word():
    spellings = [*marking.SEVERITY, "Not Protectively Marked", "Official Sensitive", "official_sensitive",
                 "TOP-SECRET", "[PERSONAL]", "[COMMERCIAL]", "[LOCSEN]", "Classification: Restricted"]
    for spelling in spellings:
        assert any(word in spelling.lower() for word in marking.MARKING_WORDS), spelling
        assert marking.line_marking(spelling.upper(), in_margin=True), spelling


@pytest.mark.parametrize("path", [pytest.param(path, id=path.name) for path in PAPERS])
def test_lines_without_a_marking_word_state_no_marking_by_the_full_rules(path):
    """Every line of the corpus and real-world papers, in the body and in margins, as a CONTEST
    paper and not: the word check gives what the full rules give."""
    for line, in_margin in marking._lines(read_document(path)):
        for contest in (False, True):
            assert marking.line_marking(line, in_margin=in_margin, contest=contest) == \
                marking._line_marking(line, in_margin=in_margin, contest=contest), line
