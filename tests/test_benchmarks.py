"""Benchmark scores and self-assessments: score tables either way round, lost headers,
self-assessment rows with evidence or RAG, score rows that arrive as text lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.benchmarks import extract_benchmarks, labels_to_areas
from extractors.readers import read_document
from schemas.records import AREAS, DocumentMeta
from tests.documents import make_document, paragraph, table

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

TOOLKIT_HEADER = ["Benchmark", "Risk Assessment", "Multi-agency Partnership Board", "Partnership Plan",
                  "Referral Pathway", "Channel Panel", "Problem-solving", "Training", "Venue Hire & IT",
                  "Engagement", "Comms"]


def scores(records) -> dict[tuple[int | None, str], int | None]:
    return {(r.year, r.area): r.score for r in records}


LUTON = DocumentMeta(authority_code="E06000032", authority_name="Luton Borough Council", date="2023-11-02")


def test_benchmarks_years_as_rows_areas_as_columns():
    document = make_document(table(TOOLKIT_HEADER, ["2021/22", *"3 4 4 3 5 2 3 1 2 2".split()],
                                   ["2022/23", *"4 4 5 4 5 3 4 2 3 3".split()]))
    found = extract_benchmarks(document, LUTON)
    assert len(found) == 20
    assert scores(found)[(2021, "venue_hire_it")] == 1
    assert scores(found)[(2022, "communications")] == 3
    assert {r.authority_code for r in found} == {"E06000032"}


def test_benchmarks_years_as_columns_areas_as_rows():
    rows = [["Delivery benchmark", "2020", "2021", "2022"]]
    for label, values in zip(TOOLKIT_HEADER[1:], ["2 3 4", "4 4 5", "3 3 3", "4 4 4", "5 5 5",
                                                   "2 2 3", "3 4 4", "1 2 2", "2 3 3", "1 1 2"]):
        rows.append([label, *values.split()])
    found = scores(extract_benchmarks(make_document(table(*rows)), LUTON))
    assert len(found) == 30
    assert found[(2020, "risk_assessment")] == 2
    assert found[(2022, "problem_solving")] == 3
    assert found[(2021, "communications")] == 1


def test_benchmarks_blank_header_cell_is_read_by_toolkit_position():
    # Seed 000: the eighth header is blank and two labels are split by the slide's text boxes.
    header = ["Benchmarking", "Risk Assessment", "Agency", "Prevent Partnership Plan", "Referral Pathway",
              "Channel Panel", "Prevent problem- solving", "Training", "", "Engagem ent activity",
              "Communicat ions 51"]
    found = scores(extract_benchmarks(make_document(table(header, ["2023", *"4 5 5 4 5 4 3 2 3 3".split()])),
                                      LUTON))
    assert found[(2023, "venue_hire_it")] == 2
    assert found[(2023, "engagement")] == 3
    assert len(found) == 10


def test_benchmarks_one_lost_label_between_named_neighbours():
    assert labels_to_areas(["Risk Assessment", "Board", "", "Referrals", "Channel"]) == [
        "risk_assessment", "partnership_board", "partnership_plan", "referral_pathway", "channel_panel"]


def test_benchmarks_rag_self_assessment_with_header():
    rows = [["Benchmark", "RAG", "Comments"],
            ["Local risk assessment reviewed against the CTLP", "Green", "Reviewed by the CSP in March"],
            ["Multi-agency partnership board", "Green", "Prevent Board meets quarterly"],
            ["Prevent Partnership Plan agreed", "Amber", "Plan in draft for Board sign-off"],
            ["Referral pathway agreed", "Green", "Published on the LSCB website"],
            ["Channel Panel meets monthly", "Green", "Chaired by Head of Service"],
            ["Problem-solving process to disrupt radicalising influences", "Amber", "Via the Prevent Delivery Group"],
            ["Training programme for relevant personnel", "Red", "WRAP offer to be relaunched"],
            ["Venue hire and IT policies", "Red", "No venue hire policy yet"]]
    meta = DocumentMeta(authority_code="E06000017", authority_name="Rutland County Council", period="2019-20")
    found = {r.area: r for r in extract_benchmarks(make_document(table(*rows, heading="Self-assessment")), meta)}
    assert found["training"].rating == "Red"
    assert found["partnership_plan"].evidence == "Plan in draft for Board sign-off"
    assert found["venue_hire_it"].score is None
    assert {r.year for r in found.values()} == {2019}


def test_benchmarks_numbered_statements_with_evidence_take_year_from_period():
    # The shape of seed 001's "Delivery Benchmark" table, in another council's words.
    statements = ["The organisation has a local risk assessment process reviewed against the CTLP.",
                  "There is an effective multi-agency partnership board in place.",
                  "The area has an agreed Prevent Partnership Plan.",
                  "There is an agreed process for the referral of those at risk of radicalisation.",
                  "There is a Channel Panel in place, meeting monthly.",
                  "There is a Prevent problem solving process to disrupt radicalising influences.",
                  "There is a training programme in place for relevant personnel.",
                  "There is a venue hire policy and an effective IT policy.",
                  "There is engagement with communities and civil society groups.",
                  "There is a communications plan in place."]
    rows = [[f"{n}.", text, f"Charnwood evidence {n}"] for n, text in enumerate(statements, start=1)]
    meta = DocumentMeta(authority_code="E07000130", authority_name="Charnwood Borough Council", period="2022-23")
    found = extract_benchmarks(make_document(table(*rows)), meta)
    assert [r.area for r in found] == list(AREAS)
    assert found[0].evidence == "Charnwood evidence 1"
    assert {r.year for r in found} == {2022}


def test_benchmarks_ignore_action_plans_and_budget_tables():
    action_plan = table(["Action", "Owner", "Deadline", "Success criteria", "RAG"],
                        ["Deliver WRAP training to frontline staff", "Prevent Lead", "March 2024",
                         "200 staff trained", "Amber"],
                        ["Agree a venue hire policy", "Head of Property", "June 2024", "Policy adopted", "Red"])
    budget = table(["Service", "2023/24", "2024/25"], ["Training", "£12,000", "£14,000"],
                   ["Communications", "£3,000", "£3,000"])
    assert extract_benchmarks(make_document(action_plan, budget), LUTON) == []


def test_benchmarks_score_rows_as_text_lines():
    # A PDF export of a deck whose table pdfplumber does not see: the rows are lines of text.
    document = make_document(paragraph("Bradford Scores"),
                             paragraph("Benchmarking Risk Assessment Agency Prevent Partnership Plan"),
                             paragraph("2022 4 5 5 4 5 4 3 3 2 2\n2023 4 5 5 4 5 4 3 2 3 3"))
    found = scores(extract_benchmarks(document, LUTON))
    assert len(found) == 20
    assert found[(2022, "training")] == 3
    assert found[(2023, "engagement")] == 3


def test_benchmarks_table_split_over_pages_is_one_table():
    statements = ["Risk assessment against the CTLP", "Partnership board", "Partnership plan", "Referral process",
                  "Channel Panel", "Problem solving process", "Training programme", "Venue hire policy",
                  "Engagement with communities", "Communications plan"]
    rows = [[f"{n}.", s, "Yes"] for n, s in enumerate(statements, start=1)]
    document = make_document(table(rows[0], page=1, heading="Delivery Benchmark"), table(*rows[1:], page=2))
    found = extract_benchmarks(document, DocumentMeta(authority_code="E07000131", period="2021-22"))
    assert len(found) == 10
    assert found[0].page == 1


@pytest.mark.parametrize("path", sorted(CORPUS.glob("00[01]_*.*")), ids=lambda p: p.name)
def test_benchmarks_corpus_renderings_match_gold(path: Path):
    gold = json.loads((CORPUS / "gold" / f"{path.stem}.json").read_text())
    document_gold = gold["document"]
    meta = DocumentMeta(authority_code=document_gold["authority_code"], period=document_gold["period"],
                        date=document_gold["date"])
    found = extract_benchmarks(read_document(path), meta)
    assert {(r.year, r.area, r.score) for r in found} == {
        (g["year"], g["area"], g["score"]) for g in gold["benchmarks"]}
    assert all(r.evidence for r in found if r.score is None)


def test_benchmarks_score_and_evidence_columns_without_years():
    rows = [["Benchmark", "Score", "Evidence"]]
    for label, score in zip(TOOLKIT_HEADER[1:], "3 4 4 3 5 2 3 1 2 2".split()):
        rows.append([label, score, f"{label} evidence"])
    meta = DocumentMeta(authority_code="E06000032", date="2024-02-01")
    found = {r.area: r for r in extract_benchmarks(make_document(table(*rows)), meta)}
    assert (found["venue_hire_it"].score, found["venue_hire_it"].year) == (1, 2024)
    assert found["training"].evidence == "Training evidence"


def test_benchmarks_rag_by_year_with_commentary_row_as_evidence():
    # Areas as rows, years as columns, Red/Amber/Green cells, and a commentary column for the latest year.
    rows = [["Benchmark", "2021/22", "2022/23", "Commentary 2022/23"]]
    for label, first, second in zip(TOOLKIT_HEADER[1:], ["Green", "Amber", "Red"] * 4, ["Green"] * 10):
        rows.append([label, first, second, f"{label} in place"])
    meta = DocumentMeta(authority_code="E07000130", date="2023-12-05")
    found = {(r.year, r.area): r for r in extract_benchmarks(make_document(table(*rows)), meta)}
    assert len(found) == 20
    assert (found[(2021, "partnership_board")].rating, found[(2021, "partnership_board")].evidence) == ("Amber", "Amber")
    assert found[(2022, "training")].evidence == "Training in place"
    assert {r.score for r in found.values()} == {None}
    assert {r.authority_code for r in found.values()} == {"E07000130"}


def test_benchmarks_scores_keep_no_evidence_when_a_score_is_given():
    found = extract_benchmarks(make_document(table(TOOLKIT_HEADER, ["2022", *"3 4 4 3 5 2 3 1 2 2".split()])), LUTON)
    assert all(r.evidence is None for r in found)


def test_benchmarks_cells_with_a_score_and_its_rag_rating():
    document = make_document(table(TOOLKIT_HEADER, ["2023", "4 (Green)", "Amber - 3", "5/5 Green", "3", "5", "2",
                                                    "3", "1 (Red)", "Amber", "2"]))
    found = {r.area: (r.score, r.rating) for r in extract_benchmarks(document, LUTON)}
    assert found["risk_assessment"] == (4, "Green")
    assert found["partnership_board"] == (3, "Amber")
    assert found["partnership_plan"] == (5, "Green")
    assert found["venue_hire_it"] == (1, "Red")
    assert found["engagement"] == (None, "Amber")
    assert found["referral_pathway"] == (3, None)
