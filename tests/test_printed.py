"""A web page printed to PDF: the browser's stamps are not the paper."""

from __future__ import annotations

from extractors import extract
from extractors.printed import drop_print_chrome
from tests.documents import heading, make_document, paragraph


def test_print_stamps_and_address_footers_are_dropped():
    document = make_document(
        paragraph("21/04/2017, 09:42 Agenda item - Calderdale Council"), heading("Agenda item"),
        heading("Prevent Duty Annual Update"), paragraph("Meeting: 06/03/2017 - Cabinet (Item 87)"),
        paragraph("https://democracy.calderdale.gov.uk/mgAiItemDetails.aspx?ID=31552 1/1"),
        paragraph("03/09/2019 Prevent - Brighton & Hove City Council", page=2), paragraph("Prevent", page=2),
        paragraph("4/21/17, 9:42 AM Prevent | Oldham Council", page=3), fmt="pdf")
    kept = [block.text for block in drop_print_chrome(document).blocks]
    assert kept == ["Agenda item", "Prevent Duty Annual Update", "Meeting: 06/03/2017 - Cabinet (Item 87)", "Prevent"]


def test_a_dated_line_that_is_the_papers_own_stays():
    document = make_document(paragraph("17/06/2009 Cabinet"), paragraph("WANDSWORTH LOCAL STRATEGIC PARTNERSHIP"),
                             paragraph("Date: 21/04/2017, 09:42 Prevent - Cabinet", page=1))
    assert drop_print_chrome(document) is document


def test_the_meeting_date_not_the_print_date():
    document = make_document(
        paragraph("21/04/2017, 09:42 Agenda item - Calderdale Council"), heading("Agenda item"),
        heading("Prevent Duty Annual Update"), paragraph("Meeting: 06/03/2017 - Cabinet (Item 87)"),
        paragraph("Minutes:"), paragraph("RESOLVED: That the report be noted."), fmt="pdf")
    meta = extract(document).document
    assert (meta.date, meta.title, meta.kind) == ("2017-03-06", "Prevent Duty Annual Update", "minutes")
