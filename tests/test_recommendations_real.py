"""Recommendations and minuted undertakings on real papers of other councils (dev-real).

Each paper's gold file says which decisions and recommendations it holds; these tests read
the paper and check that exactly those are found, with their number and kind, and that the
undertakings its minutes record are actions led by whoever gave them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from extractors import extract
from extractors.readers import read_document
from schemas.records import Extraction
from tests.conftest import dev_real_paper


def _gold(dev_real: Path, paper: Path) -> dict:
    return json.loads((dev_real / "gold" / f"{paper.stem}.json").read_text())


def _extract(dev_real: Path, prefix: str) -> tuple[Extraction, dict]:
    """The paper read and extracted as ingest does (agenda tables expanded first), and its gold."""
    paper = dev_real_paper(dev_real, prefix)
    return extract(read_document(paper)), _gold(dev_real, paper)


def _matches(gold_text: str, found_text: str) -> bool:
    gold, found = " ".join(gold_text.lower().split())[:120], " ".join(found_text.lower().split())
    return (fuzz.ratio(gold, found) if len(found) < len(gold) else fuzz.partial_ratio(gold, found)) >= 80


@pytest.mark.parametrize("prefix", [
    "r03_",  # "It was asked of Members to discuss ..." in minutes
    "r04_",  # "Recommendation 4 in the draft report made reference to ..." and an additional recommendation
    "r05_",  # numbered "That ..." decisions with no Decision heading
    "r07_",  # "RESOLVED: That the report be noted." and "It was proposed that ..."
    "r15_",  # "Decision" label then "That Cabinet approves ..."
    "r17_",  # "Recommended –" and a resolution of an earlier meeting that is not this paper's
    "r19_",  # "Recommended –" with numbered items, one not starting with "That"
    "r20_",
    "r24_",  # an unnumbered "That delegated authority be given ..." on a decision record
    "r28_",  # "Members are invited to note and comment ..." inside the agenda item's summary
    "r29_",
    "r37_",  # "The minutes of the meeting held on ... were approved"
    "r51_",  # decisions in an "Agenda and minutes" page
])
def test_recommendations_real_papers_match_gold(dev_real_dir: Path, prefix: str):
    extraction, gold = _extract(dev_real_dir, prefix)
    found, expected = extraction.recommendations, gold["recommendations"]
    assert len(found) == len(expected), [record.text[:60] for record in found]
    for want in expected:
        got = [record for record in found if _matches(want["text"], record.text)]
        assert got, f"missing: {want['text'][:60]}"
        assert (got[0].number, got[0].kind) == (want["number"], want["kind"])


def test_recommendations_real_recalled_resolution_is_left_out(dev_real_dir: Path):
    extraction, _ = _extract(dev_real_dir, "r17_")
    assert not any("12 months" in record.text for record in extraction.recommendations)


@pytest.mark.parametrize("prefix, lead", [("r07_", "Kevin Sexton"), ("r35_", "Officers"),
                                          ("r37_", "Alastair Macorkindale")])
def test_actions_real_minuted_undertakings(dev_real_dir: Path, prefix: str, lead: str):
    extraction, gold = _extract(dev_real_dir, prefix)
    [want] = gold["actions"]
    assert [(action.lead, _matches(want["text"], action.text)) for action in extraction.actions] == [(lead, True)]
