"""Protective markings: read from every place a paper prints one, in every spelling, the most
severe winning, and not from the same words used in prose.

Papers are real files written by the test (python-docx, python-pptx, a hand-made PDF; see
`tests/marked_papers.py`) and real council papers beside the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from extractors import extract
from extractors.marking import find_marking, is_public, line_marking
from extractors.readers import read_document
from schemas.document import Block, BlockKind, Document
from tests.documents import heading, make_document, paragraph, table
from tests.marked_papers import BODY, PAPERS, write_docx, write_papers, write_pptx


@pytest.fixture(scope="module")
def papers(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("marked")
    write_papers(folder)
    return folder


@pytest.mark.parametrize("name", sorted(PAPERS))
def test_marking_read_wherever_and_however_a_paper_prints_it(papers, name):
    assert find_marking(read_document(papers / name)) == PAPERS[name][1]


def test_marking_word_headers_and_footers_are_margins_not_body(tmp_path):
    plain = read_document(write_docx(tmp_path / "plain.docx", "Prevent Delivery Plan", body=[BODY.format(n=1)]))
    marked = read_document(write_docx(tmp_path / "marked.docx", "Prevent Delivery Plan", body=[BODY.format(n=1)],
                                      header="OFFICIAL-SENSITIVE", first_page_footer="Official Sensitive"))
    assert [block.text for block in marked.margins] == ["OFFICIAL-SENSITIVE", "Official Sensitive"]
    assert marked.blocks == plain.blocks and "SENSITIVE" not in marked.text().upper()
    assert _passages(marked) == _passages(plain)


def _passages(document: Document) -> list[tuple]:
    return [(p.page, p.kind, p.heading, p.number, p.text) for p in extract(document).passages]


def test_marking_slide_master_text_is_a_margin_and_its_prompts_are_not_read(tmp_path):
    deck = read_document(write_pptx(tmp_path / "deck.pptx", "Prevent Benchmarking", master="OFFICIAL-SENSITIVE"))
    assert [block.text for block in deck.margins] == ["OFFICIAL-SENSITIVE"]
    assert all(block.kind == BlockKind.margin for block in deck.margins)
    assert "OFFICIAL-SENSITIVE" not in deck.text() and "Click to edit" not in deck.text()


@pytest.mark.parametrize("line, expected", [
    ("OFFICIAL-SENSITIVE", "OFFICIAL-SENSITIVE"),
    ("OFFICIAL – SENSITIVE", "OFFICIAL-SENSITIVE"),
    ("OFFICIAL_SENSITIVE", "OFFICIAL-SENSITIVE"),
    ("Official Sensitive", "OFFICIAL-SENSITIVE"),
    ("official-sensitive", "OFFICIAL-SENSITIVE"),
    ("OFFICIAL-SENSITIVE PERSONAL", "OFFICIAL-SENSITIVE PERSONAL"),
    ("OFFICIAL SENSITIVE: COMMERCIAL", "OFFICIAL-SENSITIVE COMMERCIAL"),
    ("OFFICIAL-SENSITIVE [LOCSEN]", "OFFICIAL-SENSITIVE LOCSEN"),
    ("OFFICIAL [PERSONAL]", "OFFICIAL PERSONAL"),
    ("[PERSONAL]", "[PERSONAL]"),
    ("OFFICIAL-SENSITIVE – Leicestershire Prevent Partnership", "OFFICIAL-SENSITIVE"),
    ("Leicester City Council | RESTRICTED", "RESTRICTED"),
    ("Official Sensitive | Page 2 of 5", "OFFICIAL-SENSITIVE"),
    ("OFFICIAL SENSITIVE Page 3 of 9", "OFFICIAL-SENSITIVE"),
    ("This report is OFFICIAL SENSITIVE and must not be shared", "OFFICIAL-SENSITIVE"),
    ("CONFIDENTIAL - NOT FOR PUBLICATION", "CONFIDENTIAL"),
    ("TOP SECRET", "TOP SECRET"),
    ("Secret", "SECRET"),
    ("Restricted", "RESTRICTED"),
    ("PROTECT", "PROTECT"),
    ("PROTECT – PERSONAL", "PROTECT PERSONAL"),
    ("Classification: Confidential", "CONFIDENTIAL"),
    ("Security classification OFFICIAL", "OFFICIAL"),
    ("Protective Marking: Restricted", "RESTRICTED"),
    ("NOT PROTECTIVELY MARKED", "NOT PROTECTIVELY MARKED"),
    ("Classification: Unrestricted", "UNRESTRICTED"),
    # The words of a marking used as words.
    ("Staff can use the confidential reporting line.", None),
    ("Restricted access to the building is in place after 6pm.", None),
    ("RESTRICTED ACCESS", None),
    ("Official Sensitive so not a public facing document", None),
    ("Official figures show a rise in referrals.", None),
    ("UNRESTRICTED ITEMS", None),
    ("Protect", None),
    ("Marking scheme for the training quiz", None),
    ("Approval from the Secretary of State", None),
])
def test_marking_of_a_line(line, expected):
    assert line_marking(line) == expected


@pytest.mark.parametrize("line, expected", [
    ("Official Sensitive - do not forward", "OFFICIAL-SENSITIVE"),
    ("Leicestershire Police restricted", "RESTRICTED"),
    ("Confidential", "CONFIDENTIAL"),
    ("Protect", "PROTECT"),
    ("Call our confidential reporting line on any working day", None),
])
def test_marking_in_a_page_header_or_footer_any_marking_word_counts_but_prose(line, expected):
    assert line_marking(line, in_margin=True) == expected


def test_marking_most_severe_wins_after_an_earlier_official_line():
    paper = make_document(paragraph("OFFICIAL"), heading("Prevent Risk Assessment"), paragraph(BODY.format(n=1)),
                          paragraph("Annex A: OFFICIAL-SENSITIVE"), paragraph("OFFICIAL"), fmt="txt")
    assert find_marking(paper) == "OFFICIAL-SENSITIVE"
    assert find_marking(make_document(paragraph("RESTRICTED"), paragraph("Official Sensitive"))) == "RESTRICTED"


def test_marking_in_a_table_cell_and_in_speaker_notes():
    cell = table(("Action", "Lead"), ("Share the CTLP", "Police\nOFFICIAL SENSITIVE"))
    assert find_marking(make_document(heading("Prevent Action Plan"), cell)) == "OFFICIAL-SENSITIVE"
    notes = Block(kind=BlockKind.note, page=2, text="SECRET")
    assert find_marking(make_document(heading("Briefing"), notes, fmt="pptx")) == "SECRET"


def test_marking_protect_alone_is_a_contest_strand_in_a_paper_that_names_the_strands():
    strands = [heading(strand) for strand in ("PURSUE", "PREVENT", "PROTECT", "PREPARE")]
    assert find_marking(make_document(*strands)) is None
    assert find_marking(make_document(*strands, paragraph("Classification: PROTECT"))) == "PROTECT"
    assert find_marking(make_document(heading("PROTECT"), paragraph(BODY.format(n=1)))) == "PROTECT"


@pytest.mark.parametrize("marking, public", [
    (None, True), ("", True), ("OFFICIAL", True), ("UNRESTRICTED", True), ("Not Protectively Marked", True),
    ("UNCLASSIFIED", True), ("OFFICIAL-SENSITIVE", False), ("OFFICIAL PERSONAL", False), ("[PERSONAL]", False),
    ("PROTECT", False), ("RESTRICTED", False), ("CONFIDENTIAL", False), ("SECRET", False), ("TOP SECRET", False),
    ("HANDLE WITH CARE", False),  # a marking not known here is not public: in doubt, leave it out
])
def test_marking_is_public_only_for_public_markings(marking, public):
    assert is_public(marking) is public


def test_marking_margins_are_apart_from_the_body_and_documents_stay_as_before():
    body, margin = paragraph(BODY.format(n=1)), Block(kind=BlockKind.margin, page=1, text="OFFICIAL-SENSITIVE")
    built = Document(id="d" * 64, path="p.docx", file_name="p.docx", format="docx", pages=1, blocks=(margin, body))
    assert built.blocks == (body,) and built.margins == (margin,)
    assert built.text() == BODY.format(n=1)
    old = Document(id="d" * 64, path="p.docx", file_name="p.docx", format="docx", pages=1, blocks=(body,))
    assert old.margins == () and Document.model_validate(built.model_dump()) == built
    with pytest.raises(ValidationError):
        built.margins = ()


#: Real council papers and the markings they print ("Classification: Unrestricted" on KCC reports).
REALWORLD_MARKINGS = {
    "kcc_cabinet_2025-01-30_24-00096_education-commissioning_report.pdf": "UNRESTRICTED",
    "kcc_cabinet_2025-01-30_24-00109_report.pdf": "UNRESTRICTED",
    "kcc_cabinet_2025-01-30_24-00115_ics-delivery-plan_report.pdf": "UNRESTRICTED",
    "kcc_cabinet_2025-01-30_24-00109_appC_dpia-screening.pdf": None,  # "sensitive data" in its questions
    "kcc_cabinet_2025-01-30_agenda-frontsheet.pdf": None,  # "UNRESTRICTED ITEMS"
    "sctc_community-grant-committee_minutes-2018-03-13.pdf": None,  # "a confidential" service
}


@pytest.mark.parametrize("name", sorted(REALWORLD_MARKINGS))
def test_marking_real_papers_keep_theirs(realworld_dir, name):
    assert find_marking(read_document(realworld_dir / name)) == REALWORLD_MARKINGS[name]
