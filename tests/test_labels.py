"""Labelled fields of a paper's front matter, in the layouts councils use."""

from __future__ import annotations

from extractors import labels
from extractors.labels import labelled_fields
from tests.documents import make_document, paragraph, table


def fields(*blocks) -> list[tuple[str, str]]:
    return [(field.meaning, field.value) for field in labelled_fields(make_document(*blocks))]


def test_labels_on_their_own_lines_and_run_together_on_one():
    assert fields(paragraph("Report of: Maureen Noble, Head of Crime and Disorder\nWards affected: All")) == [
        (labels.AUTHOR, "Maureen Noble, Head of Crime and Disorder"), (labels.OTHER, "All")]
    assert fields(paragraph("Report to: Cabinet Date: 7 June 2021 Key decision: No")) == [
        (labels.BODY, "Cabinet"), (labels.DATE, "7 June 2021"), (labels.OTHER, "No")]


def test_a_label_after_other_words_and_a_label_split_over_lines():
    assert fields(paragraph("If you have any questions please get in touch with: Officer\nname: Matthew Gosling "
                            "Tel No: 01603 228944 Email: matthew.gosling@norfolk.gov.uk")) == [
        (labels.CONTACT, "Matthew Gosling"), (labels.PHONE, "01603 228944"),
        (labels.EMAIL, "matthew.gosling@norfolk.gov.uk")]


def test_a_value_wrapped_onto_the_next_line_is_one_value():
    assert fields(paragraph("Contact Officer(s): Jane Smith, Prevent\nCoordinator")) == [
        (labels.CONTACT, "Jane Smith, Prevent Coordinator")]


def test_a_front_sheet_laid_out_as_a_table():
    assert fields(table(("Lead officer", "Claire Haworth, Prevent Lead, Hertfordshire Constabulary"),
                        ("Report author:", "Tom Beresford"), ("Purpose of the report", "To agree the guidance"))) == [
        (labels.LEAD_OFFICER, "Claire Haworth, Prevent Lead, Hertfordshire Constabulary"),
        (labels.AUTHOR, "Tom Beresford"), (labels.PURPOSE, "To agree the guidance")]


def test_words_in_prose_are_no_labels():
    assert fields(paragraph("The figures came from the police and were reported to the board: referrals rose.")) == []
    assert fields(paragraph("Funding from £100,000 approved by Full Council.")) == []
