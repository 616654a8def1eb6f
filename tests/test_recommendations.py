"""Recommendations and decisions, from slides, report sections, lead-ins, prose and minutes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from extractors.metadata import extract_metadata
from extractors.readers import read_document
from extractors.recommendations import extract_recommendations
from schemas.document import Block
from schemas.records import DocumentMeta
from tests.documents import gold_cases, make_document
from tests.documents import heading as h
from tests.documents import item as li
from tests.documents import paragraph as p

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
REALWORLD = Path(__file__).resolve().parents[2] / "shared" / "realworld"


def extract(*blocks: Block) -> list:
    return extract_recommendations(make_document(*blocks, fmt="txt", id_char="f"), DocumentMeta())


def test_recommendations_numbered_slides_take_title_and_first_point():
    found = extract(
        h("Recommendation 1", page=7), p("Channel Panel attendance –", page=7),
        li("Children's social care should attend every Channel Panel meeting.", page=7),
        li("Attendance should be reported to the Board each quarter.", page=7),
        h("Recommendation 2", page=8), p("Communications:", page=8),
        li("Kent should publish a Prevent communications plan for 2024-25.", page=8),
        h("Next steps", page=9), li("Self-assessment in April", page=9),
    )
    assert [(r.number, r.title, r.area, r.kind, r.page) for r in found] == [
        ("1", "Channel Panel attendance", "channel_panel", "improvement", 7),
        ("2", "Communications", "communications", "improvement", 8),
    ]
    assert found[0].text == "Children's social care should attend every Channel Panel meeting."


def test_recommendations_numbered_items_under_a_recommendations_heading():
    found = extract(
        p("The Prevent Co-ordinator post is funded until March 2025.", "12"),
        h("Recommendations"),
        p("That the Board notes the Prevent self-assessment for 2023.", "13"),
        p("That the Board endorses the revised Prevent Partnership Plan.", "14"),
        h("Background Papers"),
        p("None"),
    )
    assert [(r.number, r.kind) for r in found] == [("13", "decision"), ("14", "decision")]
    assert found[0].area is None  # "notes the self-assessment": the Board is not an area
    assert found[1].area == "partnership_plan"


def test_recommendations_lettered_items_under_a_cabinet_lead_in():
    found = extract(
        p("Recommendation(s):\nCabinet is asked to:"),
        p("AGREE the Prevent Duty Delivery Plan 2024-27; and", "A"),
        p("DELEGATE authority to the Director of Communities to update the plan annually.", "B"),
        p("Introduction", "1"),
        p("The Prevent duty came into force on 1 July 2015.", "1.1"),
    )
    assert [(r.number, r.kind) for r in found] == [("A", "decision"), ("B", "decision")]


def test_recommendations_it_is_recommended_that_in_a_summary_box():
    found = extract(
        h("Recommendations"),
        p("It is recommended that the Communities Scrutiny Committee considers the report and comments "
          "on the local implementation of the Prevent Duty.", "a"),
        h("Report of Cllr Ann Lee, Cabinet Member for Communities"),
    )
    assert len(found) == 1 and found[0].number == "a" and found[0].kind == "decision"


def test_recommendations_improvement_in_prose():
    found = extract(p("The review found no venue hire policy in two districts. It is recommended that each "
                      "district council adopts a venue hire policy by March 2024. Progress will be reported.", "7"))
    assert [(r.kind, r.area, r.text) for r in found] == [
        ("improvement", "venue_hire_it",
         "It is recommended that each district council adopts a venue hire policy by March 2024.")]


def test_recommendations_the_cabinet_is_asked_to_in_prose():
    found = extract(p("Summary: this report sets out the refreshed Prevent plan."),
                    p("The Cabinet is asked to approve the Prevent Partnership Plan 2023-26."))
    assert [(r.kind, r.text) for r in found] == [("decision", "The Cabinet is asked to approve the Prevent "
                                                               "Partnership Plan 2023-26.")]


def test_recommendations_resolved_in_minutes():
    found = extract(
        p("Prevent Annual Report (Item 6)", "45"),
        p("The Community Safety Manager introduced the report. Members asked about referral numbers."),
        p("RESOLVED that the report be noted and that a further update be brought in six months."),
        p("Minutes of the previous meeting", "46"),
        p("Committee resolved to approve the minutes as a correct record."),
    )
    assert [r.kind for r in found] == ["decision", "decision"]
    assert found[0].text.startswith("that the report be noted")  # the RESOLVED label is not the decision


def test_recommendations_decision_notice_lead_in():
    found = extract(p("Decision:"), p("Cabinet agree to:"),
                    p("adopt the Prevent Partnership Plan for Luton", "A"),
                    p("Reason(s) for decision:"), p("Background"))
    assert [(r.number, r.kind, r.text) for r in found] == [("A", "decision", "adopt the Prevent Partnership Plan for Luton")]


def test_recommendations_repeated_at_the_end_count_once():
    text = "That the Committee notes the Channel Panel annual report for Birmingham."
    found = extract(h("Recommendations"), p(text, "1"), h("Background"), p("Some background.", "2"),
                    h("Recommendations"), p(text + " ", "1"))
    assert len(found) == 1


def test_recommendations_ids_are_stable():
    blocks = (h("Recommendations"), p("That the Board notes the report.", "3"))
    assert extract(*blocks)[0].id == extract(*blocks)[0].id


def test_recommendations_plain_prose_is_not_a_recommendation():
    found = extract(p("The recommendations within the CTLP informed the plan.", "6"),
                    li("We would recommend that this is supported."))
    assert found == []


@pytest.mark.parametrize("path,gold", list(gold_cases(CORPUS)))
def test_recommendations_corpus_matches_gold(path, gold):
    expected = json.loads(gold.read_text())["recommendations"]
    document = read_document(path)
    found = extract_recommendations(document, extract_metadata(document))
    assert len(found) == len(expected)
    for want, got in zip(expected, found):
        assert fuzz.partial_ratio(want["text"].lower()[:120], " ".join(got.text.lower().split())) >= 80
        assert (got.number, got.kind, got.area) == (want["number"], want["kind"], want["area"])
        if want["title"]:
            assert fuzz.token_set_ratio(want["title"].lower(), (got.title or "").lower()) >= 85


@pytest.mark.slow
def test_recommendations_realworld_cabinet_papers():
    if not REALWORLD.is_dir():
        pytest.skip(f"{REALWORLD} is absent: the real-world papers live beside the repository, not in it")
    document = read_document(REALWORLD / "kcc_cabinet_2025-01-30_24-00109_report.pdf")
    found = extract_recommendations(document, extract_metadata(document))
    assert [(r.number, r.kind) for r in found] == [("A", "decision"), ("B", "decision")]
    minutes = read_document(REALWORLD / "kcc_cabinet_2025-01-30_printed-minutes.pdf")
    decisions = extract_recommendations(minutes, extract_metadata(minutes))
    assert all(r.kind == "decision" for r in decisions)
    assert any(r.text.startswith("that Cabinet agree the Commissioning Plan") for r in decisions)


def test_recommendations_under_a_qualified_heading_with_labelled_items():
    found = extract(h("Regional recommendations"),
                    p("Venue hire: every authority should adopt a venue hire policy covering leased premises.", "1"),
                    p("Communications: authorities should publish a Prevent communications plan.", "2"))
    assert [(r.number, r.title, r.area, r.kind) for r in found] == [
        ("1", "Venue hire", "venue_hire_it", "improvement"),
        ("2", "Communications", "communications", "improvement")]
    assert found[0].text.startswith("every authority should adopt")


def test_recommendations_section_ends_where_the_report_proper_begins():
    found = extract(p("Recommendation"),
                    p("That the Audit Committee notes the Prevent self-assessment at Appendix A."),
                    p("Report"),
                    p("The Council completes the toolkit self-assessment each year.", "1"),
                    p("Ratings have improved in five of the ten benchmarks.", "2"))
    assert [r.text for r in found] == ["That the Audit Committee notes the Prevent self-assessment at Appendix A."]


def test_recommendations_decision_takes_an_area_only_from_its_object():
    found = extract(h("Recommendations"), p("The Scrutiny Panel is asked to:"),
                    p("note the annual Prevent update;", "a"),
                    p("endorse the Prevent Partnership Plan 2024-27;", "b"),
                    p("ask the Executive to extend the venue hire policy to leased buildings.", "c"))
    assert [(r.number, r.kind, r.area) for r in found] == [
        ("a", "decision", None), ("b", "decision", "partnership_plan"), ("c", "decision", "venue_hire_it")]


def test_recommendations_recommended_label_takes_the_paragraphs_up_to_the_contact_line():
    found = extract(
        h("Agenda item"), h("Prevent Annual Update"),
        p("The Director of Communities will submit a report (Document “C”) on the Prevent duty."),
        p("Recommended –"),
        p("That the Safer Communities Scrutiny Committee notes the Prevent annual update."),
        p("A further report is presented in six months’ time on Channel referrals."),
        p("(Jo Bloggs – 01632 960123)"),
        p("Minutes:"),
        p("The Director of Communities presented the report."),
    )
    assert [(r.kind, r.text[:26]) for r in found] == [("decision", "That the Safer Communities"),
                                                       ("decision", "A further report is presen")]


def test_recommendations_recommended_label_numbered_items_without_that():
    found = extract(p("RECOMMENDED:"),
                    p("The Scrutiny Panel acknowledge the progress made on the Prevent action plan.", "1"),
                    p("A progress report is brought to the Panel in twelve months.", "2"),
                    p("(Sam Patel - 0161 496 0000)"))
    assert [(r.number, r.kind) for r in found] == [("1", "decision"), ("2", "decision")]


def test_recommendations_decision_label_on_an_issue_page_stops_at_titled_prose():
    found = extract(h("Issue - meetings"), p("Decision"),
                    p("That Cabinet approves the revised External Speakers Protocol for council buildings."),
                    p("Alternative options considered and rejected\nDoing nothing would leave the Council without "
                      "a protocol. This was rejected."),
                    p("Reasons for the decision"), p("The protocol helps the Council meet the Prevent duty."))
    assert [r.text for r in found] == ["That Cabinet approves the revised External Speakers Protocol for "
                                       "council buildings."]


def test_recommendations_numbered_that_paragraphs_of_a_decision_page():
    found = extract(h("Agenda item"), h("Prevent Duty Guidance"),
                    p("That the Chief Executive be authorised to agree the Prevent partnership arrangements;", "1"),
                    p("That officers write to the Home Office seeking funding for the new duty.", "2"),
                    p("Reasons for Decisions:"),
                    p("To comply with the Counter-Terrorism and Security Act 2015.", "1"))
    assert [(r.number, r.kind) for r in found] == [("1", "decision"), ("2", "decision")]


def test_recommendations_unnumbered_passive_that_on_a_decision_record():
    found = extract(h("Decision details"), p("Decision Maker: Cabinet Member for Community Safety"),
                    p("That delegated authority be given to the Director of Public Protection to sign off the "
                      "Prevent delivery plan for 2024/25."),
                    p("Report author: Jane Smith"))
    assert [(r.kind, r.text[:28]) for r in found] == [("decision", "That delegated authority be ")]


def test_recommendations_minuted_decisions_in_agenda_and_minutes():
    found = extract(
        h("Agenda and minutes"), h("Minutes of the last meeting", number="1"), p("Minutes:"),
        p("The minutes of the meeting held on 4 June 2021 were agreed as a correct record."),
        h("Work Programme", number="2"), p("Minutes:"),
        p("The Sub-Committee noted the work programme for 2021/22. Members noted the challenges of recruitment."),
        h("Prevent", number="3"), p("Minutes:"),
        p("Members were concerned at the take-up of training. Members requested that the Chief Executive write "
          "to all schools about the Prevent e-learning."),
        p("It was asked of Members to nominate two councillors to the Prevent working group."),
        p("It was proposed that the Channel Panel chair attend the next meeting and report on referrals."),
    )
    assert [(r.kind, r.text[:30]) for r in found] == [
        ("decision", "The minutes of the meeting hel"),
        ("decision", "The Sub-Committee noted the wo"),
        ("decision", "Members requested that the Chi"),
        ("decision", "It was asked of Members to nom"),
        ("improvement", "It was proposed that the Chann"),
    ]


def test_recommendations_minuted_past_tense_is_not_read_in_reports():
    found = extract(h("Prevent update"),
                    p("It was agreed that the partnership would benefit from a refreshed risk assessment.", "1.2"),
                    p("The Committee approved the plan in 2022 and asked for annual updates.", "1.3"))
    assert found == []


def test_recommendations_a_resolution_recalled_from_an_earlier_meeting_is_not_this_papers():
    found = extract(p("Minutes:"),
                    p("At its meeting on 4 May 2023 the Committee resolved that a further report be brought in "
                      "a year. The Prevent Manager presented that report."),
                    p("Members had agreed to visit the Channel Panel."),
                    p("RESOLVED: That the report be noted."))
    assert [r.text for r in found] == ["That the report be noted."]


def test_recommendations_invited_to_in_the_middle_of_an_agenda_item():
    found = extract(p("The Board will receive a presentation on Prevent from the police. Members are invited "
                      "to note and comment on the presentation."))
    assert [(r.kind, r.text) for r in found] == [("decision", "Members are invited to note and comment on the "
                                                               "presentation.")]


def test_recommendations_a_reports_recommendations_as_minutes_discuss_them():
    found = extract(p("Minutes:"),
                    p("Councillor Khan also tabled an additional recommendation for the Panel’s consideration, "
                      "regarding training for governors."),
                    li("Recommendation 3 of the final report related to publishing the Prevent risk assessment."),
                    li("Members accepted that training was uneven and Recommendation 6 in the draft report made "
                       "reference to extending training to taxi drivers. Officers would report back."))
    assert [(r.number, r.kind, r.text) for r in found] == [
        (None, "improvement", "an additional recommendation for the Panel’s consideration, regarding training "
                              "for governors."),
        ("3", "improvement", "publishing the Prevent risk assessment."),
        ("6", "improvement", "extending training to taxi drivers."),
    ]


def test_recommendations_label_intro_sentence_is_not_an_item():
    found = extract(p("Recommendations:"), p("The task group makes the following recommendations."),
                    p("That the Executive asks every school to name a Prevent lead."),
                    p("Background"), p("The task group met four times."))
    assert [r.text for r in found] == ["That the Executive asks every school to name a Prevent lead."]


@pytest.mark.parametrize("resolution", [
    "RESOLVED – (1) That the Prevent Annual Report 2018/19 be noted. (2) That a further report on the Channel "
    "Panel be submitted to the Board in twelve months.",
    "Resolved: (a) that the Prevent Annual Report 2018/19 be noted; and (b) that a further report on the Channel "
    "Panel be submitted to the Board in twelve months.",
])
def test_recommendations_items_numbered_inside_one_resolution(resolution):
    found = extract(p(resolution))
    assert [(r.number, r.kind) for r in found] == [("1" if "(1)" in resolution else "a", "decision"),
                                                    ("2" if "(2)" in resolution else "b", "decision")]
    assert found[1].text.lower().startswith("that a further report on the channel panel")


def test_recommendations_resolved_that_completed_by_numbered_items():
    found = extract(h("Decision:"), p("RESOLVED: that"),
                    p("the Venue Hire Policy attached as Appendix A be approved; and", number="1"),
                    p("authority be delegated to the Director of People and Communities to make minor amendments.",
                      number="2"),
                    p("Reasons for the decision:"))
    assert [(r.number, r.kind, r.text.split()[0]) for r in found] == [("1", "decision", "the"),
                                                                      ("2", "decision", "authority")]


def test_recommendations_a_label_with_its_recommendation_on_the_next_line():
    for label in ("Recommended –", "RECOMMENDED:", "Recommendation:"):
        found = extract(p(f"{label}\nThat the Cabinet Member for Communities ensures that training is offered to all "
                          "school governors by March 2017."))
        assert [r.text[:30] for r in found] == ["That the Cabinet Member for Co"], label


def test_recommendations_a_lead_in_with_its_items_on_the_next_lines_of_one_block():
    found = extract(p("The Committee is recommended to:\n(a) note the annual Prevent report; and\n"
                      "(b) agree the revised action plan."))
    assert [(r.number, r.kind, r.text) for r in found] == [("a", "decision", "note the annual Prevent report"),
                                                            ("b", "decision", "agree the revised action plan.")]


@pytest.mark.parametrize("line", ["Decision: That the report be noted.", "RESOLVED: That the report be noted.",
                                  "Recommendation: That the report be noted."])
def test_recommendations_a_label_with_its_decision_on_the_same_line(line):
    assert [r.text for r in extract(p(line))] == ["That the report be noted."]
