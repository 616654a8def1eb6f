"""The text reader rebuilds Word tables flattened as tab-led cells, and leaves other text alone."""

from __future__ import annotations

from pathlib import Path

from extractors.actions import extract_actions
from extractors.benchmarks import extract_benchmarks
from extractors.readers import read_document
from extractors.readers.text import text_to_blocks
from schemas.document import BlockKind
from schemas.records import DocumentMeta

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

# A Word action plan saved as text: each cell on a line led by a tab, a cell's later
# paragraphs without one, blank lines inside cells, empty cells as lines of tabs only.
ACTION_PLAN = (
    "Rutland Prevent Action Plan 2022-23\n\n"
    "\tAction\n\tOwner\n\tDeadline\n\tSuccess criteria\n\n"
    "\t1. Review the venue hire policy via:\t\n\n"
    "a) checking lettings agreements\t\t\n"
    "b) briefing booking staff\n"
    "\tHead of Property\n\tMarch 2023\n\tPolicy adopted by Cabinet\t\t\t\n"
    "\t\t\t\n"
    "Booking staff briefed\t\t\n\n"
    "\t2. Deliver WRAP training to frontline staff\n"
    "\t\t\n"
    "\t\n\n\n"
    "Workforce Development Manager\n\n"
    "Community Safety Officer\n"
    "\tQuarterly\n"
    "\t\n"
    "Number of staff trained\n\n"
    "\t3. Publish the Prevent communications plan\n\tCommunications Manager\n\t\n\tPlan published\n\n"
)


def _tables(text: str):
    blocks, _ = text_to_blocks(text)
    return [block.rows for block in blocks if block.kind == BlockKind.table]


def test_readers_text_tab_led_cells_become_rows_of_header_width():
    (rows,) = _tables(ACTION_PLAN)
    assert rows[0] == ("Action", "Owner", "Deadline", "Success criteria")
    assert all(len(row) == 4 for row in rows)
    assert rows[1][0] == "1. Review the venue hire policy via:\na) checking lettings agreements b) briefing booking staff"
    # the outcome's later paragraph, flattened as a cell of its own, joins the last cell
    assert rows[1][3] == "Policy adopted by Cabinet\nBooking staff briefed"
    # a lead cell opening on a line of tabs keeps its paragraphs; surplus empty cells go
    assert rows[2] == ("2. Deliver WRAP training to frontline staff",
                       "Workforce Development Manager\nCommunity Safety Officer", "Quarterly", "Number of staff trained")
    # an empty cell inside a full-width row stays empty
    assert rows[3] == ("3. Publish the Prevent communications plan", "Communications Manager", "", "Plan published")


def test_readers_text_headerless_table_ends_where_next_header_starts():
    text = ("Delivery Benchmark\n"
            "\t1.\n\tThere is a local risk assessment process.\n\tAssessed at county level.\n\n"
            "\t2.\n\tThere is a multi-agency partnership board.\n\tYes, the CSP.\nAlso the Prevent Board\n\n\n"
            "\tKey Actions\n\tLead officer\n\tTimescale\n\tOutcome\n\n"
            "\t1. Keep the plan updated\n\tPrevent Lead\n\tMonthly\n\tPlan current\n\n"
            "\t2. Report to the CSP\n\tCommunity Safety Manager\n\tQuarterly\n\tMinutes\n")
    benchmark, plan = _tables(text)
    assert benchmark[1] == ("2.", "There is a multi-agency partnership board.", "Yes, the CSP. Also the Prevent Board")
    assert plan[0] == ("Key Actions", "Lead officer", "Timescale", "Outcome")
    assert len(plan) == 3


def test_readers_text_heading_after_a_full_row_ends_the_table():
    text = ("\tAction\n\tLead\n\tBy when\n"
            "\t1. Agree the plan\n\tPrevent Lead\n\tJune\n"
            "\t2. Train staff\n\tHR Manager\n\tJuly\n\n"
            "Background Papers\n\nThe Prevent Duty Toolkit, Home Office, 2018.\n")
    blocks, _ = text_to_blocks(text)
    assert [b.kind for b in blocks] == [BlockKind.table, BlockKind.heading, BlockKind.paragraph]
    assert len(blocks[0].rows) == 3


def test_readers_text_indented_paragraphs_are_not_tables():
    text = "\tThe Council will review its policy.\n\n\tThe Board noted the report.\n"
    blocks, _ = text_to_blocks(text)
    assert [b.kind for b in blocks] == [BlockKind.paragraph, BlockKind.paragraph]


def test_readers_text_inner_tab_rows_still_make_a_table():
    text = "Scores\n\nBenchmarking\tRisk Assessment\tAgency\n2022\t4\t5\n2023\t4\t5\n"
    (rows,) = _tables(text)
    assert rows == (("Benchmarking", "Risk Assessment", "Agency"), ("2022", "4", "5"), ("2023", "4", "5"))


def test_readers_text_seed_001_txt_yields_the_same_rows_as_docx():
    meta = DocumentMeta(authority_code="E07000131", period="2021-22")
    txt = read_document(CORPUS / "001_833b9ff6c1116053.txt")
    docx = read_document(CORPUS / "001_833b9ff6c1116053.docx")
    key = lambda a: (a.number, a.lead and " ".join(a.lead.split()), a.timescale)  # noqa: E731
    assert [key(a) for a in extract_actions(txt, meta)] == [key(a) for a in extract_actions(docx, meta)]
    assert ({(b.area, b.evidence[:30]) for b in extract_benchmarks(txt, meta)}
            == {(b.area, b.evidence[:30]) for b in extract_benchmarks(docx, meta)})
