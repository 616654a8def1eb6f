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


@pytest.mark.parametrize("label", ["Agenda item", "Issue - meetings", "Decision details"])
def test_metadata_committee_system_page_is_minutes_and_its_label_is_no_title(label):
    page = make_document(h(label), h("Prevent Duty Annual Report"),
                         p("Meeting: 12/09/2022 - Communities Scrutiny Panel (Item 14)"),
                         p("The Community Safety Manager presented the annual report on the Prevent duty, "
                           "covering training, referrals and the work of the Channel Panel over the year."),
                         fmt="pdf")
    meta = extract_metadata(page)
    assert meta.kind == "minutes"
    assert meta.title == "Prevent Duty Annual Report"
    assert meta.body == "Communities Scrutiny Panel"
    assert meta.date == "2022-09-12"


def test_metadata_minutes_label_makes_minutes_even_below_a_recommendation():
    page = make_document(
        p("The Director of Communities will submit a report (Document “K”) which sets out the delivery of the "
          "Prevent duty in the borough over the last year and the priorities for the year ahead."),
        p("Recommended –"),
        p("That the Safer Communities Scrutiny Committee note the progress made in delivering the Prevent duty."),
        p("Minutes:"),
        p("The Director of Communities submitted a report (Document “K”) on the delivery of the Prevent duty."),
        fmt="pdf")
    meta = extract_metadata(page)
    assert meta.kind == "minutes"
    assert meta.body == "Safer Communities Scrutiny Committee"


def test_metadata_resolved_label_makes_minutes():
    minute = make_document(p("Jo Bloggs"), p("The board considered a report on the Prevent duty and its sub-group."),
                           p("RESOLVED: That the report be noted."), fmt="pdf")
    assert extract_metadata(minute).kind == "minutes"


def test_metadata_decision_page_body_from_decision_maker_and_decided_at():
    page = make_document(h("Decision details"), h("Prevent Funding 2024/25"), p("Decision status: Approved"),
                         p("Decided at meeting: 11/03/2024 - Executive"), fmt="pdf")
    meta = extract_metadata(page)
    assert meta.kind == "minutes"
    assert meta.body == "Executive"
    assert meta.title == "Prevent Funding 2024/25"


def test_metadata_heading_wrapped_over_two_blocks_is_one_title_and_names_the_committee():
    page = make_document(h("Agenda item"), h("Communities, Housing and Environment Scrutiny and Policy"),
                         h("Development Committee - Extremism Task Group"),
                         p("The Task Group Chair presented the group's final report."), fmt="pdf")
    meta = extract_metadata(page)
    assert meta.title == ("Communities, Housing and Environment Scrutiny and Policy Development Committee - "
                          "Extremism Task Group")
    assert meta.body == "Communities, Housing and Environment Scrutiny and Policy Development Committee"


def test_metadata_heading_ending_on_an_open_word_goes_on_in_the_next():
    page = make_document(h("Agenda item"), p("ANNUAL REPORT ON PREVENT ACTIVITY IN THE"), h("KIRKLEES DISTRICT"),
                         p("Minutes:"), fmt="pdf")
    meta = extract_metadata(page)
    assert meta.title == "ANNUAL REPORT ON PREVENT ACTIVITY IN THE KIRKLEES DISTRICT"
    assert meta.authority_code == "E08000034"


def test_metadata_item_title_is_the_first_line_below_the_page_label():
    page = make_document(h("Agenda item"),
                         p("Counter Extremism Update\nFor the panel to review the council's response to the Prevent "
                           "duty and the partnership's work with schools, colleges, mosques and the voluntary sector "
                           "across the county this year."),
                         p("Minutes:"), fmt="pdf")
    assert extract_metadata(page).title == "Counter Extremism Update"


def test_metadata_report_by_an_officer_on_a_subject_is_titled_by_the_subject():
    report = make_document(p("ITEM 6"), p("SALFORD COMMUNITY SAFETY PARTNERSHIP"), p("3rd MARCH 2011"),
                           h("Report by the Director of Community Services of Salford City Council on the Prevent "
                             "delivery plan 2011-12"),
                           h("Introduction"),
                           p("The Partnership agreed its Prevent delivery plan in 2010 and asked for a year end "
                             "report on each of its projects.", "1"),
                           fmt="docx")
    meta = extract_metadata(report)
    assert meta.title == "Prevent delivery plan 2011-12"
    assert meta.kind == "committee_report"
    assert meta.body == "Salford Community Safety Partnership"


def test_metadata_meeting_of_items_is_titled_by_its_prevent_item():
    page = make_document(h("Agenda and minutes"), p("Venue: Council Chamber, Guildhall, Portsmouth"),
                         h("Items"), h("Apologies for absence", number="1"), p("Minutes:"), p("None."),
                         h("Budget Monitoring", number="2"), p("The panel noted the budget position."),
                         h("Community Cohesion Update", number="3"),
                         p("Officers described the work of the Channel panel and Prevent training for schools."),
                         fmt="pdf")
    meta = extract_metadata(page)
    assert meta.kind == "minutes"
    assert meta.title == "Community Cohesion Update"
    assert meta.authority_code is None  # a venue is not whose paper it is


def test_metadata_meeting_transcript_keeps_its_heading_and_time():
    page = make_document(h("Housing and Communities Select Committee - Tuesday, 5th March, 2024"),
                         h("pm", number="6.30"), h("Transcript"),
                         p("Good evening and welcome to this meeting of the committee."), fmt="pdf")
    meta = extract_metadata(page)
    assert meta.kind == "minutes"
    assert meta.title == "Housing and Communities Select Committee - Tuesday, 5th March, 2024 6.30 pm"
    assert meta.body == "Housing and Communities Select Committee"
    assert meta.date == "2024-03-05"


def test_metadata_web_page_is_titled_by_its_heading_not_its_lead_sentence():
    page = make_document(p("Prevent is part of the national counter-terrorism strategy known as CONTEST."),
                         p("Staff who are worried that someone is being drawn into terrorism should share their "
                           "concern with the safeguarding lead for their service as soon as they can, who will "
                           "decide with them whether to make a referral."),
                         h("Making a Prevent referral"), fmt="pdf")
    assert extract_metadata(page).title == "Making a Prevent referral"


def test_metadata_recommendation_names_the_committee():
    page = make_document(h("Agenda item"), h("Prevent Update"),
                         p("That Cabinet approves the revised Prevent partnership plan for publication."), fmt="pdf")
    assert extract_metadata(page).body == "Cabinet"


def test_metadata_web_page_breadcrumb_is_read_as_its_last_step():
    page = make_document(p("Home > Your council > Meetings > Issue - meetings"), h("Prevent Duty Self-Assessment"),
                         p("Meeting: 02/02/2021 - Audit Committee (Item 8)"), p("Minutes:"), fmt="pdf")
    meta = extract_metadata(page)
    assert meta.kind == "minutes"
    assert meta.title == "Prevent Duty Self-Assessment"
    assert meta.body == "Audit Committee"


def test_metadata_subject_row_of_a_cover_table_is_the_title():
    paper = make_document(p("SURREY PREVENT PARTNERSHIP BOARD"),
                          table(("Report to:", "Surrey Prevent Partnership Board"), ("Subject:", "Prevent referrals review")),
                          h("Purpose"), p("To brief the Board on the review of referrals made in the last year."),
                          h("Findings"), fmt="docx")
    assert extract_metadata(paper).title == "Prevent referrals review"


def test_metadata_committee_a_report_is_written_for():
    page = make_document(h("Agenda item"), h("Prevent Annual Report"),
                         p("This report gives OSMB an update on Prevent delivery between April 2023 and March 2024."),
                         fmt="pdf")
    assert extract_metadata(page).body == "OSMB"


def test_metadata_committee_named_as_where_the_paper_was_asked_for():
    page = make_document(h("Agenda item"), h("Prevent Update"),
                         p("Councillor Shah recalled a question she had raised at the previous meeting of the "
                           "Community Select Committee about training for school governors."), fmt="pdf")
    assert extract_metadata(page).body == "Community Select Committee"


@pytest.mark.parametrize("text,code", [
    ("In Cumbria the implementation of Prevent was overseen by the Prevent Board.", "E10000006"),
    ("The Prevent initiative within Lambeth had trained 400 staff.", "E09000022"),
    ("The duty rested with Safer Oldham Partnership.", "E08000004"),
    ("This delegates authority to sign off the H&F spend.", "E09000013"),
])
def test_metadata_place_name_of_one_council_names_the_issuer(text, code):
    page = make_document(h("Agenda item"), h("Prevent"), p("Minutes:"), p(text), fmt="pdf")
    assert extract_metadata(page).authority_code == code


def test_metadata_visiting_presenters_council_is_not_the_issuer():
    page = make_document(
        h("Agenda item"),
        p("Representatives from Suffolk Constabulary and Suffolk County Council will provide information to the Panel."),
        p("The Panel received a presentation from Jo Bloggs, Prevent Co-ordinator at Suffolk County Council."),
        p("Councillor J Kent asked about training for school staff."), fmt="pdf")
    assert extract_metadata(page).authority_code is None


def test_metadata_place_names_of_two_councils_name_no_issuer():
    page = make_document(h("Agenda item"), h("Prevent"), p("Minutes:"),
                         p("Officers from Leeds and Wakefield shared their Channel Panel arrangements."), fmt="pdf")
    assert extract_metadata(page).authority_code is None


def test_metadata_old_county_council_keeps_its_own_code():
    paper = make_document(p("Dorset County Council"), h("Prevent Toolkit for Schools"), fmt="docx")
    assert extract_metadata(paper).authority_code == "E10000009"


@pytest.mark.parametrize("blocks,period", [
    ((h("Prevent Delivery Plan"), p("April 2019 – March 2022"), p("June 2020 update")), "2019-22"),
    ((h("Draft Community Safety Plan 21/22"),), "2021-22"),
    ((h("Decision details"), h("Prevent grant"),
      p("This report seeks authority to spend the Home Office grant allocated to the county for the Prevent "
        "Programme across 2016/17 - 2018/19 and the associated staffing and training costs."),), "2016-19"),
    ((h("Agenda item"), h("Prevent Team Update"),
      p("This report gives the Panel an update on the Prevent Team between 01 April 2021 and 31 March 2023."),),
     "2021-23"),
])
def test_metadata_period_from_header_spans_and_reporting_windows(blocks, period):
    assert extract_metadata(make_document(*blocks, fmt="pdf")).period == period


def test_metadata_years_in_running_text_are_no_period():
    page = make_document(h("Agenda item"), h("Prevent Update"), p("Minutes:"),
                         p("Prevent had been a statutory duty since 2015 and the board last met in 2019."), fmt="pdf")
    assert extract_metadata(page).period is None


def test_metadata_word_documents_and_papers_with_contents_are_not_slides():
    strategy = (h("Prevent Strategy 2019 – 2021"), h("Table of Contents"),
                p("National Context ........................ 3"), p("Local Context ........................ 4"),
                h("National Context", page=3), p("Prevent is one of four strands of CONTEST.", page=3))
    assert extract_metadata(make_document(*strategy, fmt="docx")).kind == "other"
    assert extract_metadata(make_document(*strategy, fmt="pdf")).kind == "other"


def test_metadata_action_plan_titled_with_its_plan_period():
    plan = make_document(h("Newham Prevent Action Plan"), p("April 2010 – March 2013"), p("Contents"),
                         p("Introduction 3", "1"), p("Local context 5", "2"), fmt="docx")
    meta = extract_metadata(plan)
    assert meta.kind == "action_plan"
    assert meta.period == "2010-13"
    assert meta.authority_code == "E09000025"


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


def test_metadata_a_council_that_writes_and_as_an_ampersand():
    from extractors.authorities import find_mentions
    assert [m.authority.gss_code for m in find_mentions("Brighton & Hove City Council")] == ["E06000043"]
    assert [m.authority.gss_code for m in find_mentions("Prevent in Brighton & Hove")] == ["E06000043"]


def test_metadata_two_councils_each_named_once_are_mentioned_not_the_issuer():
    from tests.documents import heading, make_document, paragraph
    document = make_document(
        paragraph("HERTFORDSHIRE PREVENT PARTNERSHIP BOARD"), heading("Revised Prevent Duty Guidance"),
        paragraph("All ten district and borough councils have a named Prevent lead. Watford Borough Council and "
                  "Stevenage Borough Council are reviewing their venue hire terms."))
    assert extract_metadata(document).authority_code is None


def test_metadata_a_date_from_a_cover_table_or_a_last_updated_line():
    from tests.documents import heading, make_document, paragraph, table
    cover = make_document(paragraph("PREVENT PARTNERSHIP BOARD"),
                          table(("Report to:", "Prevent Partnership Board"), ("Date:", "19 October 2023")))
    assert extract_metadata(cover).date == "2023-10-19"
    page = make_document(heading("Prevent"), paragraph("What Prevent is and how to get help. " * 8),
                         paragraph("Last updated: 12 August 2019"))
    assert extract_metadata(page).date == "2019-08-12"


def test_metadata_minutes_headed_by_council_minutes_and_body_with_labelled_lines():
    from tests.documents import make_document, paragraph
    document = make_document(
        paragraph("Worcestershire County Council"), paragraph("Minutes"),
        paragraph("Overview and Scrutiny Performance Board"), paragraph("Date: Wednesday, 27 April 2016"),
        paragraph("Time: 10.00 am"), paragraph("Venue: Council Chamber, County Hall"), fmt="txt")
    meta = extract_metadata(document)
    assert (meta.title, meta.body, meta.date) == ("Overview and Scrutiny Performance Board Minutes",
                                                  "Overview and Scrutiny Performance Board", "2016-04-27")
