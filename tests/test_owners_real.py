"""Owners on real papers of other councils (../shared/dev-real): every person or role the gold
names is found, and nothing the gold does not name, paper by paper.

The papers are minutes pages, decision records and reports of different councils and years;
the rules they exercise are tested on hand-built wording in test_speakers.py and test_owners.py.
"""

from __future__ import annotations

import json

import pytest

from extractors import extract
from extractors.readers import read_document
from prevent_docs.evaluate import owners_match
from tests.conftest import dev_real_paper

PAPERS = [
    "r01_",  # a bare name presenting the report
    "r02_",  # a councillor introducing, a councillor "as proposer" introducing
    "r09_",  # "Name (Role) briefed members"
    "r17_",  # "(Name – telephone)", "The Strategic Director Place will submit", "The Prevent Programme Manager stated"
    "r19_",  # "The Prevent lead for Bradford College was also present"
    "r21_",  # "Report of the Cabinet Member ...", "chaired by the County Council's Commissioner ..."
    "r22_",  # a list of roles "were present to respond to questions"
    "r28_",  # a list of names and roles "were present to deliver a presentation"
    "r33_",  # "a presentation from Name (Role); Name (Role) and Name (Role)"
    "r44_",  # "a presentation from Dr Name, Role and Name, Role at <council>"
    "r51_",  # "Report of the Role – Name and Role - Name" inside an agenda table
]


def owners_of(dev_real_dir, prefix: str) -> tuple[list[dict], list[dict]]:
    path = dev_real_paper(dev_real_dir, prefix)
    gold = json.loads((dev_real_dir / "gold" / f"{path.stem}.json").read_text())
    found = [owner.model_dump() for owner in extract(read_document(path)).owners]
    return gold, found


@pytest.mark.parametrize("prefix", PAPERS)
def test_every_gold_owner_is_found(dev_real_dir, prefix):
    gold, found = owners_of(dev_real_dir, prefix)
    missed = [owner for owner in gold["owners"] if not any(owners_match(owner, other) for other in found)]
    assert not missed


@pytest.mark.parametrize("prefix", PAPERS)
def test_no_owner_the_gold_does_not_name(dev_real_dir, prefix):
    gold, found = owners_of(dev_real_dir, prefix)
    named = gold["owners"] + gold["optional"].get("owners", [])
    extra = [(o["name"], o["role"]) for o in found if not any(owners_match(g, o) for g in named)]
    assert not extra
