"""Action-plan rows found by their header roles, and conservative prose commitments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from extractors.actions import extract_actions, header_roles, is_action_header, is_commitment, undertaking_lead
from extractors.readers import read_document
from schemas.records import DocumentMeta
from tests.documents import heading, make_document, paragraph, table

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
META = DocumentMeta(authority_code="E08000032", authority_name="Bradford City Council")


@pytest.mark.parametrize("header, roles", [
    (["Key Actions", "Lead officer", "Time scale/resources", "Outcome/performance measure"],
     {"action": 0, "lead": 1, "timescale": 2, "outcome": 3}),
    (["Action", "Owner", "Deadline", "Success criteria", "RAG"],
     {"action": 0, "lead": 1, "timescale": 2, "outcome": 3, "status": 4}),
    (["No.", "What", "Who", "By when", "Progress update"],
     {"number": 0, "action": 1, "lead": 2, "timescale": 3, "status": 4}),
    (["What we have committed to", "Led by", "Timescale", "Measure", "Shared Outcome"],
     {"action": 0, "lead": 1, "timescale": 2, "outcome": 3}),
])
def test_actions_header_roles(header, roles):
    assert {k: v for k, v in header_roles(header).items() if k in roles} == roles
    assert is_action_header(header)


@pytest.mark.parametrize("header", [
    ["Risk", "Likelihood", "Impact", "Mitigating Action", "Action Owner", "Target date"],  # a risk register
    ["Directorate", "Risk Title", "Source/Cause of Risk", "Risk Event", "Consequence"],
    ["Objectively Verifiable Indicator", "Timescale", "Progress"],  # indicators, no action column
    ["Title/Description", "Supplier", "Ref Number", "Start Date", "End Date"],  # a contracts list
    ["Organisation", "Project Summary", "Amount Requested", "Recommendation"],  # grants
])
def test_actions_other_tables_are_not_action_plans(header):
    assert not is_action_header(header)


def test_actions_rows_keep_whole_cells_and_split_numbers():
    plan = table(["Action", "Owner", "Deadline", "Success criteria", "RAG"],
                 ["1. Refresh the Luton Prevent risk assessment with the CTLP\na) share with CSP\nb) publish summary",
                  "Prevent Coordinator", "March 2024", "Risk assessment agreed by the Board", "Green"],
                 ["2. Deliver WRAP sessions for licensing and housing staff", "Workforce Development Manager",
                  "Quarterly", "150 staff trained", "Amber"])
    first, second = extract_actions(make_document(plan), META)
    assert first.number == "1"
    assert first.text == ("Refresh the Luton Prevent risk assessment with the CTLP a) share with CSP "
                          "b) publish summary")
    assert first.lead == "Prevent Coordinator"
    assert (first.timescale, first.outcome, first.status) == ("March 2024", "Risk assessment agreed by the Board",
                                                              "Green")
    assert second.area == "training" and second.source == "table"


def test_actions_number_column_and_section_rows():
    plan = table(["No.", "What", "Who", "By when"],
                 ["", "Priority 1: Safeguarding", "", ""],  # a section title spanning the row
                 ["1.1", "Review the Channel Panel terms of reference", "Head of Early Help", "July 2022"])
    (action,) = extract_actions(make_document(plan), META)
    assert (action.number, action.lead, action.timescale) == ("1.1", "Head of Early Help", "July 2022")


def test_actions_plan_continued_over_pages_repeats_header():
    header = ["Key Actions", "Lead officer", "Timescale", "Outcome"]
    document = make_document(table(header, ["1. Update the Kent Prevent action plan", "Prevent Lead", "Monthly", "Plan current"]),
                             table(header, ["2. Report to the CSP", "Community Safety Manager", "Quarterly",
                                            "Minutes record it"], page=2))
    assert [a.number for a in extract_actions(document, META)] == ["1", "2"]


def test_actions_no_actions_from_risk_register():
    register = table(["Risk", "Likelihood", "Impact", "Action", "Owner", "Target date"],
                     ["Venue hired by extremist speaker", "3", "4", "Adopt venue hire policy", "Head of Property",
                      "2024"])
    assert extract_actions(make_document(register), META) == []


@pytest.mark.parametrize("text, expected", [
    ("We will make use of the self-assessment tool within the Toolkit to assess our activities.", True),
    ("At the same time, we are committed to reducing the budget shortfall.", True),
    ("Alter Ego shall deliver further sessions of the play in October.", True),
    ("Each District/Borough will be required to deliver WRAP training to its staff.", True),
    ("We will continue to co-ordinate and deliver Prevent activity through the partnership.", False),
    ("This Commissioning Plan sets out how we will carry out our responsibility.", False),
    ("Local authorities shall have due regard under section 26 of the Act.", False),
    ("The funding for the Prevent Officer will end in October 2017.", False),
    ("We would also recommend that basic online training is included in staff induction.", False),
    ("Going forward processes will be embedded via PLOG for capturing plans.", False),
])
def test_actions_prose_commitments_are_conservative(text, expected):
    assert is_commitment(text) is expected


def test_actions_prose_commitment_keeps_paragraph_and_number():
    document = make_document(paragraph("We will report back findings to the Rutland Prevent Board in April 2019.", "19"),
                             paragraph("The Board noted the update."))
    (action,) = extract_actions(document, META)
    assert (action.source, action.number) == ("prose", "19")


@pytest.mark.parametrize("path", sorted(CORPUS.glob("0*_*.*")), ids=lambda p: p.name)
def test_actions_corpus_renderings_match_gold(path: Path):
    gold = json.loads((CORPUS / "gold" / f"{path.stem}.json").read_text())
    found = extract_actions(read_document(path), DocumentMeta())
    allowed = gold["actions"] + gold["optional"]["actions"]
    for action in found:  # nothing false
        assert any(fuzz.partial_ratio(g["text"][:120].lower(), action.text.lower()) >= 80 for g in allowed), action.text
    for g in gold["actions"]:  # everything required, with its fields
        match = max(found, key=lambda a: fuzz.partial_ratio(g["text"][:120].lower(), a.text.lower()))
        assert match.number == g["number"]
        if g["timescale"]:
            assert fuzz.partial_ratio(g["timescale"].lower(), match.timescale.lower()) >= 80
        assert fuzz.partial_ratio(g["outcome"].lower(), match.outcome.lower()) >= 80


def test_actions_title_row_above_the_header():
    plan = table(["Kent Prevent Delivery Plan 2023-24", "", "", ""],
                 ["Action", "Responsible officer", "Target date", "Performance measure"],
                 ["Refresh the Channel Panel terms of reference", "Channel Chair", "September 2023",
                  "Terms agreed by the Panel"])
    (action,) = extract_actions(make_document(plan), META)
    assert (action.lead, action.timescale) == ("Channel Chair", "September 2023")


@pytest.mark.slow
@pytest.mark.parametrize("name, expected", [
    ("kcc_cabinet_2025-01-30_appI_budget-risk-register.pdf", 0),  # a risk register: no actions
    ("sctc_contracts-2017-18.pdf", 0),  # a contracts list
    ("sctc_community-grant-fund-amenities-15-nov.pdf", 0),  # a grants schedule
])
def test_actions_real_papers_without_action_plans(realworld_dir, name, expected):
    assert len(extract_actions(read_document(realworld_dir / name), META)) == expected


@pytest.mark.slow
def test_actions_real_kcc_priorities_are_an_action_plan(realworld_dir):
    # "What we have committed to | Led by | Timescale | Measure": every row is a commitment.
    found = extract_actions(read_document(realworld_dir / "kcc_cabinet_2025-01-30_24-00115_appB_ics-priorities-measures.pdf"),
                            META)
    tables = [a for a in found if a.source == "table"]
    assert len(tables) >= 50
    assert all(a.lead or a.timescale for a in tables)
    assert any(a.lead == "Lead for Family Hubs" and a.timescale == "Mar 2026" for a in tables)


def test_actions_objective_rows_are_actions_only_with_a_lead_and_a_timescale():
    plan = table(["Objective", "Lead officer", "Target date", "RAG"],
                 ["1. Refresh the Prevent risk assessment with the CTLP", "Prevent Lead", "June 2024", "Green"],
                 ["2. Adopt a venue hire policy", "Head of Property", "March 2025", "Red"])
    found = extract_actions(make_document(plan), DocumentMeta())
    assert [(a.number, a.text, a.lead, a.timescale, a.status) for a in found] == [
        ("1", "Refresh the Prevent risk assessment with the CTLP", "Prevent Lead", "June 2024", "Green"),
        ("2", "Adopt a venue hire policy", "Head of Property", "March 2025", "Red")]
    strategy = table(["Priority", "Lead Member"], ["Safer communities", "Cllr Khan"])
    assert extract_actions(make_document(strategy), DocumentMeta()) == []


def test_actions_objective_column_beside_an_action_column_is_context():
    plan = table(["Objective", "Action", "Owner", "Deadline", "RAG", "Update"],
                 ["1. Understand the risk", "1.1 Review the risk assessment", "Prevent Co-ordinator", "Q2 2023/24",
                  "Green", "Agreed by the Board in August."])
    (found,) = extract_actions(make_document(plan), DocumentMeta())
    assert (found.number, found.text, found.lead, found.timescale, found.status) == (
        "1.1", "Review the risk assessment", "Prevent Co-ordinator", "Q2 2023/24", "Green")


@pytest.mark.parametrize("sentence, lead", [
    ("Officers agreed to bring back a report on Channel outcomes to the next meeting.", "Officers"),
    ("Priya Shah, Prevent Co-ordinator, undertook to circulate the training dates to Members.", "Priya Shah"),
    ("It would help to involve the colleges and Tom Reid indicated that he would contact them.", "Tom Reid"),
    ("The Head of Community Safety agreed to write to the schools that had not replied.", "Head of Community Safety"),
    ("Members agreed to refer the matter to Council.", None),  # the committee deciding: a recommendation
    ("The Head of Service confirmed that there was one case in progress.", None),  # a fact, no undertaking
    ("The Home Office agreed to fund the post until 2025.", None),  # an organisation recalled
    ("The Chair had agreed to write to the Minister.", None),  # history
])
def test_actions_undertakings_in_minutes_name_who_gave_them(sentence, lead):
    assert undertaking_lead(sentence) == lead


def test_actions_undertakings_are_read_from_minutes_only():
    sentence = "Officers agreed to bring back a report with an update to the next meeting on referrals."
    minutes = make_document(heading("Agenda item"), paragraph("Minutes:"), paragraph("Members asked about "
                            "referrals. " + sentence), fmt="txt", id_char="m")
    report = make_document(heading("Prevent update"), paragraph(sentence, "3.1"), fmt="txt", id_char="r")
    [action] = extract_actions(minutes, META)
    assert (action.text, action.lead, action.timescale, action.source) == (
        sentence, "Officers", "the next meeting", "prose")
    assert extract_actions(report, META) == []
