"""Document metadata: kind, title, issuing council, body, date, period, protective marking."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from extractors.metadata import extract_metadata
from extractors.readers import read_document
from schemas.document import Block, BlockKind, Document

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
REALWORLD = Path(__file__).resolve().parents[2] / "shared" / "realworld"


def h(text: str, page: int = 1) -> Block:
    return Block(kind=BlockKind.heading, page=page, text=text)


def p(text: str, number: str | None = None, page: int = 1) -> Block:
    return Block(kind=BlockKind.paragraph, page=page, text=text, number=number)


def li(text: str, page: int = 1) -> Block:
    return Block(kind=BlockKind.list_item, page=page, text=text)


def table(*rows: tuple[str, ...], page: int = 1) -> Block:
    return Block(kind=BlockKind.table, page=page, text="\n".join(" | ".join(r) for r in rows), rows=rows)


def make(*blocks: Block, fmt: str = "txt", properties: dict | None = None) -> Document:
    pages = max((b.page for b in blocks), default=1)
    return Document(id="0" * 64, path=f"paper.{fmt}", file_name=f"paper.{fmt}", format=fmt, pages=pages,
                    blocks=blocks, properties=properties or {})


BRADFORD_REPORT = make(
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
)


def test_metadata_committee_report_from_numbered_paragraphs_and_recommendations():
    meta = extract_metadata(BRADFORD_REPORT)
    assert meta.kind == "committee_report"
    assert meta.authority_code == "E08000032"
    assert meta.date == "2022-11-09"
    assert meta.title == "Prevent Delivery in Bradford East"


LUTON_MINUTES = make(
    p("LUTON BOROUGH COUNCIL"),
    h("MINUTES OF THE SCRUTINY: COMMUNITY SAFETY REVIEW GROUP"),
    p("Held on Monday 11th July 2016 at the Town Hall, Luton"),
    p("Present: Councillors Ayub (Chair), Burnett, Dolling and Moles"),
    p("Apologies for absence were received from Councillor Hussain."),
    p("Prevent Update", "4"),
    p("RESOLVED: that the report on the delivery of the Prevent duty be noted."),
    p("RESOLVED: that the Service Director report back on referral numbers in six months."),
)


def test_metadata_minutes_from_present_apologies_and_resolved():
    meta = extract_metadata(LUTON_MINUTES)
    assert meta.kind == "minutes"
    assert meta.authority_code == "E06000032"
    assert meta.date == "2016-07-11"


def test_metadata_benchmark_deck_from_a_scores_table():
    deck = make(
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
    plan = make(
        h("Charnwood Borough Council Prevent Action Plan 2022/23"),
        table(("Action", "Lead Officer", "Timescale", "Outcome / Measure"),
              ("Deliver WRAP training to frontline staff", "Community Safety Manager", "March 2023",
               "Number of staff trained")),
    )
    meta = extract_metadata(plan)
    assert meta.kind == "action_plan"
    assert meta.period == "2022-23"
    assert meta.authority_code == "E07000130"


def test_metadata_presentation_from_short_slides_without_scores():
    deck = make(
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
    assert extract_metadata(make(*blocks)).kind == "other"


def test_metadata_labelled_subject_is_the_title():
    report = make(p("From: Cabinet Member for Communities"), p("To: Cabinet – 30 January 2025"),
                  p("Subject: Prevent Partnership Plan\n2025-28"), p("Classification: Unrestricted"))
    meta = extract_metadata(report)
    assert meta.title == "Prevent Partnership Plan 2025-28"
    assert meta.body == "Cabinet"
    assert meta.date == "2025-01-30"
    assert meta.period == "2025-28"
    assert meta.protective_marking == "UNRESTRICTED"


def test_metadata_minutes_body_from_meeting_of():
    minutes = make(p("KENT COUNTY COUNCIL"),
                   p("MINUTES of a meeting of the Cabinet held in the Council Chamber, Sessions House, "
                     "County Hall, Maidstone on Thursday, 30 January 2025."))
    meta = extract_metadata(minutes)
    assert meta.body == "Cabinet"
    assert meta.title == "MINUTES of a meeting of the Cabinet"
    assert meta.authority_code == "E10000016"


def test_metadata_issuing_council_beats_councils_merely_mentioned():
    report = make(
        h("Safer Stronger Communities Board"), h("Prevent Update"),
        p("Leicester City Council is a Prevent priority area; Birmingham City Council shared its training.", "1"),
        p("Nottinghamshire County Council and Derbyshire County Council attended the regional meeting.", "2"),
        p("Contact: Sam Patel\nsam.patel@leics.gov.uk"),
    )
    assert extract_metadata(report).authority_code == "E10000018"


def test_metadata_town_council_papers_have_no_register_code():
    paper = make(p("Royal Sutton Coldfield Town Council Meeting 21 February 2017"), p("Agenda Item 166"),
                 p("Birmingham City Council has given permission to use the park."))
    meta = extract_metadata(paper)
    assert meta.authority_code is None
    assert meta.date == "2017-02-21"


def test_metadata_partnership_title_keeps_its_name_without_a_code():
    paper = make(h("LLR Prevent Partnership Annual Report 2023-24"),
                 p("Leicester City Council, Leicestershire County Council and Rutland County Council ..."))
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
    paper = make(h("Channel Panel Annual Review"), li(line), p("Kent County Council"))
    assert extract_metadata(paper).protective_marking == expected


def _gold_cases():
    for path in sorted(CORPUS.glob("*.*")):
        gold = CORPUS / "gold" / f"{path.stem}.json"
        if path.suffix in (".txt", ".pdf", ".docx", ".pptx") and gold.exists():
            yield pytest.param(path, gold, id=path.name)


@pytest.mark.parametrize("path,gold", list(_gold_cases()))
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
