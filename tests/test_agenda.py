"""Agenda tables ("No. | Item", a meeting's items in one table) are read as headed minutes."""

from __future__ import annotations

from extractors import extract
from extractors.agenda import expand_agenda_tables, is_agenda_table
from extractors.readers import read_document
from schemas.document import BlockKind
from tests.conftest import dev_real_paper
from tests.documents import heading, make_document, table

ITEM = ("Prevent Update\n"
        "Report of the Head of Community Safety\n"
        "Minutes:\n"
        "Members discussed the two types of training on offer and asked how many staff\n"
        "had completed them. More would be said at the next meeting.\n"
        "That the report be noted.")


def test_each_row_becomes_a_numbered_heading_with_its_minutes_as_paragraphs():
    document = make_document(heading("Agenda and minutes"),
                             table(("No.", "Item"), ("1.", "Apologies for Absence\nMinutes:\nNone."), ("2.", ITEM)))
    blocks = expand_agenda_tables(document).blocks
    assert [(b.kind, b.number, b.text) for b in blocks if b.kind == BlockKind.heading][1:] == [
        (BlockKind.heading, "1", "Apologies for Absence"), (BlockKind.heading, "2", "Prevent Update")]
    texts = [b.text for b in blocks if b.heading == "Prevent Update"]
    assert texts[0] == "Report of the Head of Community Safety"
    assert "Minutes:" in texts
    # The ragged end of a paragraph closes it: the decision stands on its own.
    assert texts[-1] == "That the report be noted."


def test_other_tables_and_other_headers_are_left_as_tables():
    plan = table(("Action", "Lead", "Timescale"), ("Train staff", "Prevent Lead", "March 2024"))
    scores = table(("Item", "Score"), ("Venue hire", "3"))
    document = make_document(plan, scores)
    assert not any(is_agenda_table(block) for block in document.blocks)
    assert expand_agenda_tables(document) is document


def test_bullets_in_an_item_become_list_items():
    cell = "Theme Updates\nMinutes:\nThe following were discussed:\n\uf0b7 ‘Prevent’ – the plan was being revised;\n\uf0b7 ‘CSE’ – good partnership working."
    blocks = expand_agenda_tables(make_document(table(("No.", "Item"), ("", cell)))).blocks
    assert [b.text for b in blocks if b.kind == BlockKind.list_item] == [
        "‘Prevent’ – the plan was being revised;", "‘CSE’ – good partnership working."]
    assert blocks[0].number is None


def test_a_committee_systems_agenda_and_minutes_page_reads_as_items(dev_real_dir):
    document = read_document(dev_real_paper(dev_real_dir, "r51_"))
    assert any(is_agenda_table(block) for block in document.blocks)
    expanded = expand_agenda_tables(document)
    titles = [b.text for b in expanded.blocks if b.kind == BlockKind.heading and b.number]
    assert titles == ["Minutes of Previous Meeting", "Forward Work Programme 2019/20.", "Prevent Update"]
    passages = [p.text for p in extract(document).passages]
    assert any(text.startswith("That the Minutes of the previous meeting") for text in passages)
