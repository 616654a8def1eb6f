"""Each reader on real files of its format: blocks in order, pages, numbers and tables."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from extractors.errors import EmptyDocument, UnsupportedFormat
from extractors.readers import read_document, sniff_format
from extractors.readers.numbering import split_number
from schemas.document import BlockKind

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def tables(document):
    return [block for block in document.blocks if block.kind == BlockKind.table]


def test_readers_pptx_keeps_slides_titles_and_score_table():
    document = read_document(CORPUS / "000_293d27028f82d5b8.pptx")
    assert document.format == "pptx"
    assert document.pages == 11
    headings = [(b.page, b.text) for b in document.blocks if b.kind == BlockKind.heading]
    assert (1, "Prevent Duty Benchmarking") in headings
    assert (8, "Recommendation 1") in headings
    [scores] = tables(document)
    assert scores.page == 7
    assert scores.rows[0][0] == "Benchmarking" and scores.rows[0][8] == ""
    assert [row[0] for row in scores.rows[1:]] == ["2022", "2023"]
    assert scores.rows[2][1:] == ("4", "5", "5", "4", "5", "4", "3", "2", "3", "3")


def test_readers_pdf_finds_ruled_tables_and_numbered_paragraphs():
    document = read_document(CORPUS / "002_000fee0137df29e4.pdf")
    assert document.format == "pdf" and document.pages == 2
    numbered = {b.number: b for b in document.blocks if b.number}
    assert numbered["17"].text == "That the Board notes the contents of the report"
    assert numbered["17"].page == 2
    assert numbered["17"].heading == "Recommendations for the Board"
    bullets = [b.text for b in document.blocks if b.kind == BlockKind.list_item]
    assert "Foster carers" in bullets


def test_readers_pdf_tables_continue_over_pages_with_their_header():
    document = read_document(CORPUS / "001_833b9ff6c1116053.pdf")
    key_actions = [t for t in tables(document) if t.rows[0][0] == "Key Actions"]
    assert len(key_actions) >= 2, "the Key Actions table runs over several pages"
    numbers = [row[0].split(".")[0] for t in key_actions for row in t.rows[1:]]
    assert numbers == [str(n) for n in range(1, 11)]


def test_readers_pdf_slide_deck_bullets_read_left_to_right():
    document = read_document(CORPUS / "000_293d27028f82d5b8.pdf")
    first = next(b for b in document.blocks if b.text.startswith("Section 26"))
    assert first.kind == BlockKind.list_item and "•" not in first.text


def test_readers_docx_reads_tables_in_document_order_with_cell_paragraphs():
    document = read_document(CORPUS / "001_833b9ff6c1116053.docx")
    kinds = [b.kind for b in document.blocks]
    assert kinds.index(BlockKind.table) > kinds.index(BlockKind.heading)
    benchmark, actions = tables(document)
    assert len(benchmark.rows) == 10 and len(actions.rows) == 11
    assert actions.rows[0] == ("Key Actions", "Lead officer", "Time scale/resources", "Outcome/performance measure")
    first_action = actions.rows[1][0]
    assert "\na) Keeping this action plan" in first_action, "sub-items stay lines of the one cell"


def test_readers_docx_recovers_word_automatic_numbering(tmp_path):
    path = tmp_path / "numbered.docx"
    document = docx.Document()
    document.add_heading("Recommendations", level=1)
    document.add_paragraph("That Cabinet notes the report.", style="List Number")
    document.add_paragraph("That Cabinet approves the plan.", style="List Number")
    document.save(path)
    blocks = read_document(path).blocks
    numbered = [(b.number, b.text) for b in blocks if b.kind == BlockKind.list_item]
    assert numbered == [("1", "That Cabinet notes the report."), ("2", "That Cabinet approves the plan.")]
    assert blocks[1].heading == "Recommendations"


def test_readers_text_splits_pages_on_form_feeds(tmp_path):
    path = tmp_path / "minutes.txt"
    path.write_text("Cabinet\n\n1. Apologies were received.\f2. The minutes were agreed.\n", encoding="utf-8")
    document = read_document(path)
    assert document.pages == 2
    assert [(b.page, b.number) for b in document.blocks if b.number] == [(1, "1"), (2, "2")]


def test_readers_text_reads_seed_committee_report():
    document = read_document(CORPUS / "003_a1dc3d2ad6587154.txt")
    numbered = {b.number: b.text for b in document.blocks if b.number}
    assert numbered["a"].startswith("It is recommended that the Safe & Strong Communities Select Committee")
    assert numbered["21"].startswith("We need to develop a co-ordinated approach")


@pytest.mark.parametrize("data, name, expected", [
    (b"%PDF-1.7\n...", "paper.docx", "pdf"),
    (b"Minutes of the meeting", "notes.md", "md"),
    (b"Minutes of the meeting", "notes", "txt"),
])
def test_readers_sniff_format_by_content_not_name(data, name, expected):
    assert sniff_format(Path(name), data) == expected


@pytest.mark.parametrize("data, error", [
    (b"", EmptyDocument),
    (b"\x00\x01\x02binary\x00junk" * 20, UnsupportedFormat),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, UnsupportedFormat),
])
def test_readers_sniff_format_rejects_with_one_line(data, error):
    with pytest.raises(error) as caught:
        sniff_format(Path("board-paper.pdf"), data)
    message = str(caught.value)
    assert message.startswith("board-paper.pdf: ") and "\n" not in message


@pytest.mark.parametrize("text, expected", [
    ("17. That the Board notes", ("17", "That the Board notes")),
    ("4.1 The council will", ("4.1", "The council will")),
    ("(b) approve the plan", ("b", "approve the plan")),
    ("iv) review the policy", ("iv", "review the policy")),
    ("2018 was a year", (None, "2018 was a year")),
    ("1.5m people live here", (None, "1.5m people live here")),
])
def test_readers_split_number(text, expected):
    assert split_number(text) == expected
