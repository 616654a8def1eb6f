"""Document metadata: kind, title, issuing council, body, date, period, protective marking."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from extractors.metadata import extract_metadata
from extractors.readers import read_document
from tests.documents import gold_cases, make_document
from tests.documents import heading as h
from tests.documents import item as li
from tests.documents import paragraph as p
from tests.documents import table

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
REALWORLD = Path(__file__).resolve().parents[2] / "shared" / "realworld"


BRADFORD_REPORT = make_document(
    h("Report of the Strategic Director, Place to the meeting of the Bradford East Area Committee "
      "to be held on 9 November 2022"),
    h("Prevent Delivery in Bradford East"),
    p("Summary: This report updates the Committee on the local delivery of the Prevent duty."),
    h("Recommendations"),
    p("That the Committee notes the progress made in delivering the Prevent Action Plan.", "1"),
    h("Background"),
    p("Bradford is a Prevent priority area and employs a Prevent Co-ordinator funded by the Home Office.", "2"),
    p("The Channel Panel meets monthly and is chaired by the Assistant Director for Children's Services.", "3"),
    p("Training has been delivered to schools, colleges and council staff across the district.", "4"),
    h("Contact Officer"),
    p("Jane Smith, Prevent Co-ordinator\nTel: 01274 432000\nEmail: jane.smith@bradford.gov.uk"),
    fmt="txt",
)


def test_metadata_committee_report_from_numbered_paragraphs_and_recommendations():
    meta = extract_metadata(BRADFORD_REPORT)
    assert meta.kind == "committee_report"
    assert meta.authority_code == "E08000032"
    assert meta.date == "2022-11-09"
    assert meta.title == "Prevent Delivery in Bradford East"


LUTON_MINUTES = make_document(
    p("LUTON BOROUGH COUNCIL"),
    h("MINUTES OF THE SCRUTINY: COMMUNITY SAFETY REVIEW GROUP"),
    p("Held on Monday 11th July 2016 at the Town Hall, Luton"),
    p("Present: Councillors Ayub (Chair), Burnett, Dolling and Moles"),
    p("Apologies for absence were received from Councillor Hussain."),
    p("Prevent Update", "4"),
    p("RESOLVED: that the report on the delivery of the Prevent duty be noted."),
    p("RESOLVED: that the Service Director report back on referral numbers in six months."),
    fmt="txt",
)


def test_metadata_minutes_from_present_apologies_and_resolved():
    meta = extract_metadata(LUTON_MINUTES)
    assert meta.kind == "minutes"
    assert meta.authority_code == "E06000032"
    assert meta.date == "2016-07-11"


def test_metadata_benchmark_deck_from_a_scores_table():
    deck = make_document(
        h("Prevent Duty Toolkit Self-Assessment"),
        p("Rutland County Council"),
        h("Scores", page=2),
        table(("Year", "Risk Assessment", "Partnership Board", "Partnership Plan", "Referral Pathway",
               "Channel Panel", "Problem Solving", "Training", "Venue Hire", "Engagement", "Comms"),
              ("2024", "3", "4", "3", "4", "5", "3", "2", "2", "3", "2"), page=2),
        fmt="pptx",
    )
    meta = extract_metadata(deck)
    assert meta.kind == "benchmark_deck"
    assert meta.authority_code == "E06000017"


def test_metadata_action_plan_from_its_table_headers():
    plan = make_document(
        h("Charnwood Borough Council Prevent Action Plan 2022/23"),
        table(("Action", "Lead Officer", "Timescale", "Outcome / Measure"),
              ("Deliver WRAP training to frontline staff", "Community Safety Manager", "March 2023",
               "Number of staff trained")),
        fmt="txt",
    )
    meta = extract_metadata(plan)
    assert meta.kind == "action_plan"
    assert meta.period == "2022-23"
    assert meta.authority_code == "E07000130"


def test_metadata_presentation_from_short_slides_without_scores():
    deck = make_document(
        h("Prevent in Luton"), p("Overview and Scrutiny Board"),
        h("What is Prevent?", page=2), li("Part of CONTEST", page=2), li("Safeguarding, not policing", page=2),
        h("Referrals", page=3), li("Most referrals come from education", page=3),
        h("Questions?", page=4),
        fmt="pptx",
    )
    meta = extract_metadata(deck)
    assert meta.kind == "presentation"
    assert meta.title == "Prevent in Luton"
    assert meta.body == "Overview and Scrutiny Board"


@pytest.mark.parametrize("blocks", [
    (p("AGENDA"), h("CABINET"), p("Thursday, 30th January, 2025, at 10.00 am"), p("Apologies", "1"),
     p("Minutes of the Meeting held on 9th January 2025", "3")),
    (table(("EQIA Title", "Adoption of the Prevent Partnership Plan"), ("Responsible Officer", "J Bloggs")),
     p("EqIA Submission Form")),
    (h("Appendix I: Corporate Risk Register 2024-25"), table(("Risk", "Likelihood", "Impact"), ("Funding", "3", "4"))),
])
def test_metadata_agendas_forms_and_registers_are_other(blocks):
    assert extract_metadata(make_document(*blocks, fmt="txt")).kind == "other"


def test_metadata_labelled_subject_is_the_title():
    report = make_document(p("From: Cabinet Member for Communities"), p("To: Cabinet – 30 January 2025"),
                           p("Subject: Prevent Partnership Plan\n2025-28"), p("Classification: Unrestricted"),
                           fmt="txt")
    meta = extract_metadata(report)
    assert meta.title == "Prevent Partnership Plan 2025-28"
    assert meta.body == "Cabinet"
    assert meta.date == "2025-01-30"
    assert meta.period == "2025-28"
    assert meta.protective_marking == "UNRESTRICTED"


def test_metadata_minutes_body_from_meeting_of():
    minutes = make_document(p("KENT COUNTY COUNCIL"),
                            p("MINUTES of a meeting of the Cabinet held in the Council Chamber, Sessions House, "
                              "County Hall, Maidstone on Thursday, 30 January 2025."), fmt="txt")
    meta = extract_metadata(minutes)
    assert meta.body == "Cabinet"
    assert meta.title == "MINUTES of a meeting of the Cabinet"
    assert meta.authority_code == "E10000016"


def test_metadata_issuing_council_beats_councils_merely_mentioned():
    report = make_document(
        h("Safer Stronger Communities Board"), h("Prevent Update"),
        p("Leicester City Council is a Prevent priority area; Birmingham City Council shared its training.", "1"),
        p("Nottinghamshire County Council and Derbyshire County Council attended the regional meeting.", "2"),
        p("Contact: Sam Patel\nsam.patel@leics.gov.uk"),
        fmt="txt",
    )
    assert extract_metadata(report).authority_code == "E10000018"


def test_metadata_town_council_papers_have_no_register_code():
    paper = make_document(p("Royal Sutton Coldfield Town Council Meeting 21 February 2017"), p("Agenda Item 166"),
                          p("Birmingham City Council has given permission to use the park."), fmt="txt")
    meta = extract_metadata(paper)
    assert meta.authority_code is None
    assert meta.date == "2017-02-21"


def test_metadata_partnership_title_keeps_its_name_without_a_code():
    paper = make_document(h("LLR Prevent Partnership Annual Report 2023-24"),
                          p("Leicester City Council, Leicestershire County Council and Rutland County Council ..."),
                          fmt="txt")
    meta = extract_metadata(paper)
    assert meta.authority_code is None
    assert meta.authority_name == "Leicester, Leicestershire and Rutland"
    assert meta.period == "2023-24"


@pytest.mark.parametrize("line,expected", [
    ("OFFICIAL-SENSITIVE", "OFFICIAL-SENSITIVE"),
    ("OFFICIAL SENSITIVE", "OFFICIAL-SENSITIVE"),
    ("OFFICIAL", "OFFICIAL"),
    ("NOT PROTECTIVELY MARKED", "NOT PROTECTIVELY MARKED"),
    ("Protective Marking: Restricted", "RESTRICTED"),
    ("Official Sensitive so not a public facing document", None),
    ("Official figures show a rise in referrals.", None),
])
def test_metadata_protective_marking_is_a_line_of_its_own(line, expected):
    paper = make_document(h("Channel Panel Annual Review"), li(line), p("Kent County Council"), fmt="txt")
    assert extract_metadata(paper).protective_marking == expected


@pytest.mark.parametrize("path,gold", list(gold_cases(CORPUS)))
def test_metadata_corpus_matches_gold(path, gold):
    expected = json.loads(gold.read_text())["document"]
    meta = extract_metadata(read_document(path))
    for field in ("kind", "authority_code", "date", "period"):
        if expected[field] is not None or field == "authority_code":
            assert getattr(meta, field) == expected[field], field
    for field in ("title", "body"):
        if expected[field] is not None:
            assert fuzz.token_set_ratio(expected[field].lower(), (getattr(meta, field) or "").lower()) >= 85, field


REALWORLD_EXPECTED = {
    # file: (plausible kinds, authority code, date)
    "kcc_cabinet_2025-01-30_24-00096_education-commissioning_report.pdf": ({"committee_report"}, "E10000016", "2025-01-30"),
    "kcc_cabinet_2025-01-30_24-00096_prod.pdf": ({"other"}, "E10000016", None),
    "kcc_cabinet_2025-01-30_24-00109_appC_dpia-screening.pdf": ({"other"}, "E10000016", None),
    "kcc_cabinet_2025-01-30_24-00109_report.pdf": ({"committee_report"}, "E10000016", "2025-01-30"),
    "kcc_cabinet_2025-01-30_24-00115_appB_ics-priorities-measures.pdf": ({"action_plan", "other"}, "E10000016", None),
    "kcc_cabinet_2025-01-30_24-00115_eqia.pdf": ({"other"}, "E10000016", None),
    "kcc_cabinet_2025-01-30_24-00115_ics-delivery-plan_report.pdf": ({"committee_report"}, "E10000016", "2025-01-30"),
    "kcc_cabinet_2025-01-30_agenda-frontsheet.pdf": ({"other"}, "E10000016", "2025-01-30"),
    "kcc_cabinet_2025-01-30_appI_budget-risk-register.pdf": ({"other"}, "E10000016", None),
    "kcc_cabinet_2025-01-30_printed-minutes.pdf": ({"minutes"}, "E10000016", "2025-01-30"),
    # Royal Sutton Coldfield Town Council is a town council, not in the register: no code.
    "sctc_community-grant-committee_minutes-2018-03-13.pdf": ({"minutes"}, None, "2018-03-13"),
    "sctc_community-grant-fund-amenities-15-nov.pdf": ({"other"}, None, "2016-11-15"),
    "sctc_contracts-2017-18.pdf": ({"other"}, None, None),
    "sctc_item-166_cbso-concert_agenda-report.pdf": ({"committee_report"}, None, "2017-02-21"),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(REALWORLD_EXPECTED))
def test_metadata_realworld_papers_are_plausible(name):
    if not REALWORLD.is_dir():
        pytest.skip(f"{REALWORLD} is absent: the real-world papers live beside the repository, not in it")
    kinds, code, date = REALWORLD_EXPECTED[name]
    meta = extract_metadata(read_document(REALWORLD / name))
    assert meta.kind in kinds
    assert meta.authority_code == code
    if date is not None:
        assert meta.date == date
    assert meta.title
