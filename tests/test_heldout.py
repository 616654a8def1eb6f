"""Held-out papers: a regression gate on how extraction generalises beyond the seed corpus,
and the rule for regional heatmaps (one score row per council) on hand-built documents.

The gate ingests `corpus/heldout/` (papers from other councils, in layouts the seeds do not
have) and checks evaluate's per-type F1 against the figures reached when the extractors
were last improved, less a small margin: a rule change that helps the seeds but breaks
another council's paper fails here. The floors are measured results, not targets.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.benchmarks import extract_benchmarks, row_authority, title_year
from prevent_docs import evaluate, pipeline
from schemas.document import Block, BlockKind
from schemas.records import AREAS, DocumentMeta
from tests.documents import heading, make_document, paragraph, table

HELDOUT = Path(__file__).resolve().parents[1] / "corpus" / "heldout"

#: Slack below the measured F1, so that an honest small trade-off does not fail the gate.
MARGIN = 0.03
#: Per rendering group and record type: the F1 reached on the held-out papers.
REACHED_F1: dict[str, dict[str, float]] = {
    "txt": {"document": 1.0, "benchmarks": 1.0, "recommendations": 0.933, "actions": 1.0, "owners": 1.0,
            "figures": 0.956},
    "pdf": {"document": 0.981, "benchmarks": 1.0, "recommendations": 0.961, "actions": 0.975, "owners": 0.989,
            "figures": 1.0},
    "native": {"document": 0.965, "benchmarks": 1.0, "recommendations": 1.0, "actions": 1.0, "owners": 1.0,
               "figures": 1.0},
}

HEATMAP_HEADER = ("Authority", "Risk Assessment", "Partnership Board", "Partnership Plan", "Referrals", "Channel",
                  "Problem Solving", "Training", "Venue Hire & IT", "Engagement", "Comms")
REGIONAL = DocumentMeta(authority_code=None, date="2023-10-12")


@pytest.fixture(scope="module")
def heldout_report(tmp_path_factory) -> evaluate.Report:
    db_path = tmp_path_factory.mktemp("heldout") / "heldout.db"
    report = pipeline.ingest([HELDOUT], db_path)
    assert report.failed == 0, report.errors
    return evaluate.evaluate_database(db_path, HELDOUT / "gold")


@pytest.mark.parametrize("group", sorted(REACHED_F1))
def test_heldout_f1_does_not_fall_below_what_was_reached(heldout_report: evaluate.Report, group: str):
    scores = heldout_report.groups[group].scores
    below = {record_type: round(scores[record_type].f1, 3) for record_type, reached in REACHED_F1[group].items()
             if scores[record_type].f1 < reached - MARGIN}
    assert not below, f"{group}: F1 fell below the held-out floor: {below}"


def test_heldout_every_paper_has_gold_and_is_read(heldout_report: evaluate.Report):
    stems = {path.stem for path in pipeline.find_files([HELDOUT]) if path.parent == HELDOUT}
    assert stems == {path.stem for path in (HELDOUT / "gold").glob("*.json")}
    assert not heldout_report.unrendered and not heldout_report.unscored


# --- the heatmap rule -----------------------------------------------------------------------------


def by_council(records) -> dict[tuple[str | None, int | None, str], int | None]:
    return {(r.authority_code, r.year, r.area): r.score for r in records}


def test_heatmap_rows_are_councils_each_with_its_own_code_and_the_title_year():
    rows = [HEATMAP_HEADER,
            ("Derby City", *"5 5 4 5 5 4 4 3 4 3".split()),
            ("Nottinghamshire CC", *"4 4 3 4 5 3 4 2 3 3".split()),
            ("Leicester City Council", *"5 5 5 5 5 5 4 3 5 4".split()),
            ("Rutland*", *"3 3 3 4 4 2 3 1 2 2".split()),
            ("Regional average", *"4.3 4.3 3.8 4.5 4.8 3.5 3.8 2.3 3.5 3.0".split())]
    found = by_council(extract_benchmarks(make_document(table(*rows, page=2, heading="2022 self-assessment heatmap"),
                                                        fmt="pptx"), REGIONAL))
    assert len(found) == 40
    assert {code for code, _, _ in found} == {"E06000015", "E10000024", "E06000016", "E06000017"}
    assert {year for _, year, _ in found} == {2022}
    assert found[("E10000024", 2022, "venue_hire_it")] == 2
    assert found[("E06000017", 2022, "communications")] == 2


def test_heatmap_year_from_a_slide_title_split_over_blocks_else_the_paper_date():
    rows = [HEATMAP_HEADER, ("Derbyshire", *"4 4 4 4 5 3 3 2 3 3".split()),
            ("Lincolnshire", *"3 4 4 4 5 3 3 2 2 2".split())]
    titled = make_document(heading("12 October 2023", page=1), heading("Heatmap: 2021/22 self-", page=2),
                           heading("assessment scores", page=2), table(*rows, page=2, heading="assessment scores"),
                           fmt="pptx")
    assert {r.year for r in extract_benchmarks(titled, REGIONAL)} == {2021}
    untitled = make_document(table(*rows, page=2, heading="Scores by authority"), fmt="pptx")
    assert {r.year for r in extract_benchmarks(untitled, REGIONAL)} == {2023}


def test_heatmap_councils_as_columns_and_a_name_broken_by_a_pdf_cell():
    rows = [("Benchmark", "Derbyshire", "Nottinghamshir\ne", "East Midlands")]
    for area, label in zip(AREAS, HEATMAP_HEADER[1:]):
        rows.append((label, "4", "3", "3.5"))
    found = by_council(extract_benchmarks(make_document(table(*rows, page=2, heading="2023 scores"), fmt="pptx"),
                                          REGIONAL))
    assert {code for code, _, _ in found} == {"E10000007", "E10000024"}
    assert len(found) == 20


def test_heatmap_needs_two_councils_so_year_rows_keep_the_papers_own_council():
    rows = [HEATMAP_HEADER, ("2022", *"4 5 5 4 5 4 3 3 2 2".split()), ("2023", *"4 5 5 4 5 4 3 2 3 3".split()),
            ("Leicestershire", *"4 5 5 4 5 4 3 2 3 3".split())]
    meta = DocumentMeta(authority_code="E10000018", date="2023-06-30")
    found = by_council(extract_benchmarks(make_document(table(*rows, page=2), fmt="pptx"), meta))
    assert {code for code, _, _ in found} == {"E10000018"}
    assert {year for _, year, _ in found} == {2022, 2023}


@pytest.mark.parametrize("label, code", [
    ("Derbyshire", "E10000007"), ("Derby City", "E06000015"), ("Leicester City Council", "E06000016"),
    ("Nottingham City", "E06000018"), ("Nottinghamshire CC", "E10000024"), ("Charnwood BC", "E07000130"),
    ("Nottinghamshir\ne", "E10000024"), ("Regional average", None), ("East Midlands", None), ("Total", None),
    ("2023", None), ("Risk Assessment", None),
])
def test_heatmap_row_labels_resolve_against_the_register(label: str, code: str | None):
    authority = row_authority(label)
    assert (authority.gss_code if authority else None) == code


def test_title_year_reads_the_first_year_named():
    assert title_year("Heatmap: 2022/23 self-assessment (published 2024)") == 2022
    assert title_year("Scores by authority") is None


def test_heatmap_rows_as_text_lines_of_a_pdf_export():
    # A PDF export whose ruling pdfplumber does not see: each council's row is a line of text.
    lines = ("Derbyshire 4 4 4 4 5 3 3 2 3 3\nDerby City 5 5 4 5 5 4 4 3 4 3\n"
             "Regional average 4.5 4.5 4 4.5 5 3.5 3.5 2.5 3.5 3")
    document = make_document(heading("Heatmap: 2022 self-assessment", page=2),
                             Block(kind=BlockKind.paragraph, page=2, text=lines, heading="Heatmap: 2022 self-assessment"),
                             fmt="pptx")
    found = by_council(extract_benchmarks(document, REGIONAL))
    assert len(found) == 20
    assert found[("E06000015", 2022, "risk_assessment")] == 5
    assert found[("E10000007", 2022, "venue_hire_it")] == 2


def test_heatmap_text_lines_need_two_councils():
    document = make_document(paragraph("Rutland 3 3 3 4 4 2 3 1 2 2", page=2), fmt="pptx")
    assert extract_benchmarks(document, REGIONAL) == []
