"""Shortcuts that let text go before the full rules run, and lose nothing by it: the
protective-marking scan skips a line naming no marking word, the area of a label is looked
for only when some area pattern matches it at all."""

from __future__ import annotations

from functools import lru_cache

import pytest

from extractors import areas, marking
from extractors.readers import read_document
from schemas.document import BlockKind
from tests.conftest import CORPUS, REALWORLD

PAPERS = sorted(path for path in CORPUS.rglob("*") if path.suffix in {".pdf", ".docx", ".pptx", ".txt"}) + (
    sorted(REALWORLD.glob("*.pdf")) if REALWORLD.is_dir() else [])


def test_every_marking_and_descriptor_names_a_marking_word():
    spellings = [*marking.SEVERITY, "Not Protectively Marked", "Official Sensitive", "official_sensitive",
                 "TOP-SECRET", "[PERSONAL]", "[COMMERCIAL]", "[LOCSEN]", "Classification: Restricted"]
    for spelling in spellings:
        assert any(word in spelling.lower() for word in marking.MARKING_WORDS), spelling
        assert marking.line_marking(spelling.upper(), in_margin=True), spelling


@lru_cache(maxsize=None)
def document_of(path):
    return read_document(path)


@pytest.mark.parametrize("path", [pytest.param(path, id=path.name) for path in PAPERS])
def test_lines_without_a_marking_word_state_no_marking_by_the_full_rules(path):
    """Every line of the corpus and real-world papers, in the body and in margins, as a CONTEST
    paper and not: the word check gives what the full rules give."""
    for line, in_margin in marking._lines(document_of(path)):
        for contest in (False, True):
            assert marking.line_marking(line, in_margin=in_margin, contest=contest) == \
                marking._line_marking(line, in_margin=in_margin, contest=contest), line


def slow_header_to_area(text: str) -> str | None:
    """`areas.header_to_area` without its one-search shortcut: every pattern in order."""
    label = " ".join(text.lower().replace("- ", "").split())
    label = areas.re.sub(r"(\w)\s(ent|ions|ing)\b", r"\1\2", label)
    for depth in range(max(len(p) for p in areas._COMPILED.values())):
        for area, patterns in areas._COMPILED.items():
            if depth < len(patterns) and patterns[depth].search(label):
                return area
    return None


@pytest.mark.parametrize("path", [pytest.param(path, id=path.name) for path in PAPERS])
def test_area_of_every_cell_and_heading_is_the_full_rules(path):
    """Every table cell, heading and short paragraph of the corpus and real-world papers."""
    document = document_of(path)
    texts = [cell for block in document.blocks if block.kind == BlockKind.table for row in block.rows or ()
             for cell in row] + [block.text for block in document.blocks if len(block.text) < 200]
    for text in texts:
        assert areas.header_to_area(text) == slow_header_to_area(text), text


def test_area_of_labels_naming_each_area():
    for label in ("Risk Assessment", "CTLP", "Multi-Agency", "Governance", "Delivery Plan", "Referral Pathway",
                  "Channel", "Problem solving", "WRAP", "Venue Hire / IT Policies", "IT filtering", "Engagem ent",
                  "Comms", "Civil society", "nothing at all", ""):
        assert areas.header_to_area(label) == slow_header_to_area(label), label
