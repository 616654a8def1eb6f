"""`ingest --jobs N` gives the database `--jobs 1` gives, row for row, in the same order."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.database_rows import contents

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
PREVENT_DOCS = REPO / ".venv" / "bin" / "prevent-docs"
#: Columns that hold when a run happened, not what it found.


def ingest(papers: Path, db_path: Path, jobs: int) -> None:
    subprocess.run([str(PREVENT_DOCS), "ingest", str(papers), "--db", str(db_path), "--jobs", str(jobs)],
                   cwd=REPO, check=True, capture_output=True, text=True)


@pytest.fixture
def papers(tmp_path) -> Path:
    """Twelve papers whose sizes are not in name order, so that an ingest writing files as they
    finish, or largest first, would write them in another order."""
    folder = tmp_path / "papers"
    folder.mkdir()
    for path in sorted(CORPUS.glob("00[0-3]_*")):
        shutil.copy(path, folder / path.name)
    return folder


def test_jobs_two_workers_write_the_same_rows_in_the_same_order_as_one(papers, tmp_path):
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    ingest(papers, one, jobs=1)
    ingest(papers, two, jobs=2)
    by_one, by_two = contents(one), contents(two)
    assert by_one.keys() == by_two.keys()
    assert len(by_one["documents"]) == len(list(papers.iterdir()))
    for table in by_one:
        assert by_one[table] == by_two[table], table


def test_jobs_default_is_the_cores_available():
    from prevent_docs import cli

    option = next(param for param in cli.ingest.params if param.name == "jobs")
    assert option.default == cli.DEFAULT_JOBS == min(len(__import__("os").sched_getaffinity(0)), 64)


def test_jobs_workers_start_warm_the_models_load_once_in_the_ingest_process(tmp_path, monkeypatch):
    """Ingest warms up (spaCy, the registers) in its own process before forking its workers, so
    with two workers the models are loaded once, not once in each worker."""
    import os

    from prevent_docs import pipeline

    folder = tmp_path / "papers"
    folder.mkdir()
    for path in sorted(CORPUS.glob("00[0-2]_*.txt")):
        shutil.copy(path, folder / path.name)
    warmed_by = tmp_path / "warmed-by"
    original = pipeline._warm_up

    def recording_warm_up():
        if not pipeline._warmed_up:
            with warmed_by.open("a", encoding="utf-8") as out:
                out.write(f"{os.getpid()}\n")
        original()

    monkeypatch.setattr(pipeline, "_warmed_up", False)
    monkeypatch.setattr(pipeline, "_warm_up", recording_warm_up)
    report = pipeline.ingest([folder], tmp_path / "papers.db", jobs=2)
    assert report.new == 3
    assert warmed_by.read_text(encoding="utf-8").split() == [str(os.getpid())]
