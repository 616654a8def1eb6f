"""`extract` (files to shards, no database) and `load` (shards to the database), run locally.

The database `load` builds from `extract`'s shards is the one `ingest` builds from the same
files, row for row, ids included, through every identity rule; only the clock columns
(`tests/database_rows.CLOCK_COLUMNS`: when each row was written) are left out. The Dask
executor, and the whole corpus extracted on a cluster, have their own tests (`test_distributed.py`).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from prevent_docs import pipeline, shards, store, tracking
from prevent_docs.cli import cli
from tests.database_rows import assert_same_rows
from tests.test_robustness import CRASHING_READER

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"

PAPER = """Prevent duty update

Report of the Head of Community Safety, Leicester City Council, 1 April 2020

1. Recommendations

1.1 It is recommended that the Council reviews its Prevent training by March 2021.

2. Background

2.1 {extra}
"""


def shard_files(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Each shard's name to its inode and bytes: a shard made again has a new inode."""
    return {path.name: (path.stat().st_ino, path.read_bytes()) for path in shards.find([folder])}


def test_extract_load_shards_round_trip_an_extraction_and_an_error(tmp_path):
    paper = tmp_path / "paper.txt"
    paper.write_text(PAPER.format(extra="Channel referrals rose by 12%."), encoding="utf-8")
    report = pipeline.extract_files([paper, tmp_path / "gone.pdf"], tmp_path / "shards")
    assert (report.extracted, report.failed) == (1, 1)
    made = {path.name: path for path in shards.find([tmp_path / "shards"])}
    sha = hashlib.sha256(paper.read_bytes()).hexdigest()
    extracted = shards.read(made[f"{sha}.{pipeline.EXTRACTOR_VERSION}.jsonl"])
    assert extracted.error is None and extracted.path == str(paper)
    document = extracted.extraction.document
    assert (document.id, document.path, document.file_size) == (sha, str(paper), paper.stat().st_size)
    assert extracted.extraction.recommendations, "the records travel with the document"
    [error_name] = [name for name in made if name.startswith("path-")]
    error = shards.read(made[error_name])
    assert (error.sha256, error.error, error.path) == (None, "unreadable", str(tmp_path / "gone.pdf"))
    assert error.detail.startswith("gone.pdf: cannot open")
    header = shards.read_header(made[f"{sha}.{pipeline.EXTRACTOR_VERSION}.jsonl"])
    assert header.extraction is None and header.sha256 == sha  # the first line alone
    assert sorted(path.name for path in (tmp_path / "shards").iterdir()) == sorted(made)  # no temporary file left
    truncated = made[f"{sha}.{pipeline.EXTRACTOR_VERSION}.jsonl"]
    truncated.write_bytes(truncated.read_bytes()[:-200])
    with pytest.raises(shards.DamagedShard, match="not a whole shard"):
        shards.read(truncated)


def test_extract_load_a_second_extract_reads_nothing_and_force_makes_every_shard_again_or_rewrites_every_document(tmp_path):
    papers = tmp_path / "papers"
    papers.mkdir()
    for name in ("000_293d27028f82d5b8.txt", "002_000fee0137df29e4.docx"):
        shutil.copy(CORPUS / name, papers / name)
    out = tmp_path / "shards"
    pipeline.extract_files([papers], out)
    before = shard_files(out)
    again = pipeline.extract_files([papers], out)
    assert (again.extracted, again.kept, again.pages) == (0, 2, 0)
    assert shard_files(out) == before, "shards already made are kept as they are"
    forced = pipeline.extract_files([papers], out, force=True)
    assert (forced.extracted, forced.kept) == (2, 0)
    after = shard_files(out)
    assert after.keys() == before.keys() and all(after[name][0] != before[name][0] for name in after)
    db_path = tmp_path / "prevent.db"
    assert pipeline.load([out], db_path).new == 2
    assert (pipeline.load([out], db_path).unchanged, pipeline.load([out], db_path, force=True).updated) == (2, 2)


def test_extract_load_a_rerun_does_not_even_hash_a_file_its_shard_names_as_it_is(tmp_path, monkeypatch):
    """A shard names the path, size and time its bytes were read at: a rerun takes a file still
    so as unchanged without opening it (a national tree is not read again every quarter); a
    file touched since is hashed and found the same bytes, a changed one read again."""
    papers = tmp_path / "papers"
    papers.mkdir()
    for name in ("000_293d27028f82d5b8.txt", "002_000fee0137df29e4.docx", "003_a1dc3d2ad6587154.txt"):
        shutil.copy(CORPUS / name, papers / name)
    out = tmp_path / "shards"
    assert pipeline.extract_files([papers], out).extracted == 3
    hashed = tmp_path / "hashed"
    original = pipeline.sha256_of

    def logging_sha256_of(data: bytes) -> str:
        with hashed.open("a", encoding="utf-8") as log:  # written by forked workers too
            log.write(f"{len(data)}\n")
        return original(data)

    monkeypatch.setattr(pipeline, "sha256_of", logging_sha256_of)
    again = pipeline.extract_files([papers], out)
    assert (again.extracted, again.kept) == (0, 3)
    assert not hashed.exists(), "a file its shard names as it is was read again"
    touched, changed = papers / "000_293d27028f82d5b8.txt", papers / "003_a1dc3d2ad6587154.txt"
    os.utime(touched, (1_700_000_000, 1_700_000_000))
    changed.write_text(changed.read_text(encoding="utf-8") + "\nA late addendum.\n", encoding="utf-8")
    third = pipeline.extract_files([papers], out)
    assert (third.extracted, third.kept) == (1, 2)
    assert sorted(map(int, hashed.read_text().split())) == sorted([touched.stat().st_size, changed.stat().st_size])
    db_path = tmp_path / "prevent.db"
    assert pipeline.load([out], db_path).new == 3
    stored = {row["path"]: row for row in store.open_db(db_path).query("select path, file_mtime from documents")}
    assert stored[str(touched)]["file_mtime"] == 1_700_000_000


def test_extract_load_follows_ingests_identity_rules_step_by_step(tmp_path, monkeypatch):
    """New, unchanged, moved, changed (a user's decision carried over) and a duplicate: after each
    step, `extract` + `load` into one database and `ingest` into another give the same rows."""
    papers, out = tmp_path / "papers", tmp_path / "shards"
    (papers / "sub").mkdir(parents=True)
    for name, extra in (("a.txt", "Channel referrals rose by 12%."), ("b.txt", "The board met 4 times."),
                        ("c.txt", "Training reached 85% of staff.")):
        (papers / name).write_text(PAPER.format(extra=extra).replace("Leicester", name[0].upper() + "ville"),
                                   encoding="utf-8")
    ingested, loaded = tmp_path / "ingested.db", tmp_path / "loaded.db"

    def step() -> tuple:
        by_ingest = pipeline.ingest([papers], ingested)
        extracted = pipeline.extract_files([papers], out)
        by_load = pipeline.load([out], loaded)
        assert_same_rows(ingested, loaded)
        return by_ingest, extracted, by_load

    ingest, extracted, load = step()
    assert (ingest.new, extracted.extracted, load.new) == (3, 3, 3)
    ingest, extracted, load = step()
    assert (ingest.unchanged, extracted.kept, load.unchanged, load.new) == (3, 3, 3, 0)

    os.rename(papers / "b.txt", papers / "sub" / "b-moved.txt")
    ingest, extracted, load = step()
    assert (ingest.moved, extracted.moved, load.moved) == (1, 1, 1)

    monkeypatch.setattr(store, "now", lambda: "2026-01-02T03:04:05+00:00")  # one time for the decision in both
    for db_path in (ingested, loaded):
        db = store.open_db(db_path)
        record = db.execute("select r.id from recommendations r join documents d on d.id = r.document_id "
                            "where d.file_name = 'a.txt'").fetchone()[0]
        tracking.set_status(db, record, "implemented", note="policy adopted")
        db.close()
    monkeypatch.undo()
    with open(papers / "a.txt", "a", encoding="utf-8") as file:
        file.write("\n2.2 Members noted the update.\n")
    ingest, extracted, load = step()
    assert (ingest.updated, extracted.extracted, load.updated) == (1, 1, 1)
    assert (ingest.carried, load.carried) == (1, 1)
    assert load.superseded == 1, "the shard of a.txt's old bytes gives way to the new one's"

    shutil.copy2(papers / "c.txt", papers / "c-copy.txt")
    ingest, extracted, load = step()
    assert (ingest.duplicate, extracted.duplicate, extracted.kept) == (1, 1, 3)


def test_extract_load_error_shards_become_the_ingest_errors_ingest_records(tmp_path):
    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "junk.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    (papers / "empty.docx").write_bytes(b"")
    shutil.copy(CORPUS / "000_293d27028f82d5b8.txt", papers / "good.txt")
    pipeline.ingest([papers], tmp_path / "ingested.db")
    extracted = pipeline.extract_files([papers], tmp_path / "shards")
    assert (extracted.extracted, extracted.failed) == (1, 2)
    loaded = pipeline.load([tmp_path / "shards"], tmp_path / "loaded.db")
    assert (loaded.new, loaded.failed) == (1, 2)
    assert_same_rows(tmp_path / "ingested.db", tmp_path / "loaded.db")
    errors = store.summary(store.open_db(tmp_path / "loaded.db"))["errors"]
    assert [(Path(row["path"]).name, row["error"]) for row in errors] == [("empty.docx", "empty"),
                                                                         ("junk.pdf", "unreadable")]
    again = pipeline.extract_files([papers], tmp_path / "shards")
    assert (again.kept, again.failed, again.extracted) == (1, 2, 0), "errors are tried again, as ingest tries them"


def test_extract_load_leaves_out_shards_of_another_version_and_damaged_ones(tmp_path):
    paper = tmp_path / "paper.txt"
    paper.write_text(PAPER.format(extra="Referrals rose."), encoding="utf-8")
    out = tmp_path / "shards"
    pipeline.extract_files([paper], out)
    [made] = shards.find([out])
    older = shards.read(made)
    older.extractor_version = older.extraction.document.extractor_version = "0.0.1"
    shards.write(out, older)
    damaged = out / ("f" * 64 + f".{pipeline.EXTRACTOR_VERSION}.jsonl")
    damaged.write_text("{not json\n", encoding="utf-8")
    (out / "notes.txt").write_text("not a shard", encoding="utf-8")
    result = CliRunner().invoke(cli, ["load", str(out), "--db", str(tmp_path / "prevent.db")])
    assert result.exit_code == 1, result.output
    assert f"skipped: {damaged}: not a shard prevent-docs can read" in result.stderr
    assert f"skipped: 1 shard of another extractor version than {pipeline.EXTRACTOR_VERSION}" in result.stderr
    assert result.stdout.startswith("1 shards: 1 new, 0 updated")
    assert result.stderr.rstrip().endswith("Error: 1 shard could not be read: see the lines above")


def test_extract_load_commands_print_their_summaries_and_exit_codes(tmp_path):
    papers = tmp_path / "papers"
    papers.mkdir()
    shutil.copy(CORPUS / "000_293d27028f82d5b8.txt", papers / "good.txt")
    (papers / "junk.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    out, db_path = tmp_path / "shards", tmp_path / "prevent.db"
    extracted = CliRunner().invoke(cli, ["extract", str(papers), "--out", str(out), "--jobs", "1"])
    assert extracted.exit_code == 1
    assert extracted.stdout.startswith("2 files: 1 extracted, 0 already extracted, 0 moved, 0 duplicates, 1 failed;")
    assert f"shards in {out}" in extracted.stdout
    assert f"error: {papers / 'junk.pdf'}: unreadable:" in extracted.stderr
    loaded = CliRunner().invoke(cli, ["load", str(out), "--db", str(db_path)])
    assert loaded.exit_code == 1
    assert loaded.stdout.startswith("2 shards: 1 new, 0 updated, 0 unchanged, 0 moved, 1 failed;")
    assert loaded.stderr.rstrip().endswith("Error: 1 of 2 shards hold files that could not be read: see the lines "
                                           "above or the ingest_errors table")
    again = CliRunner().invoke(cli, ["load", str(out), "--db", str(db_path)])
    assert again.stdout.startswith("2 shards: 0 new, 0 updated, 1 unchanged, 0 moved, 1 failed;")
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = CliRunner().invoke(cli, ["load", str(empty), "--db", str(db_path)])
    assert (nothing.exit_code, nothing.stderr) == (1, f"Error: no shards to load in {empty}\n")


def test_extract_load_executor_options_fail_as_one_line(tmp_path, monkeypatch):
    paper = CORPUS / "000_293d27028f82d5b8.txt"
    local = CliRunner().invoke(cli, ["extract", str(paper), "--out", str(tmp_path), "--scheduler", "tcp://127.0.0.1:9"])
    assert (local.exit_code, local.stderr) == (1, "Error: --scheduler needs --executor dask\n")
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # as where the extra is not installed
    missing = CliRunner().invoke(cli, ["ingest", str(paper), "--db", str(tmp_path / "p.db"), "--executor", "dask"])
    assert missing.exit_code == 1
    assert missing.stderr.startswith("Error: --executor dask needs Dask distributed (")
    assert missing.stderr.endswith("pip install 'prevent-docs[distributed]'\n")


def test_extract_load_timeout_stops_a_slow_document_in_a_worker_thread(tmp_path, monkeypatch):
    """Dask runs tasks in threads, where no SIGALRM arrives: the time limit still stops a slow file."""
    slow = tmp_path / "slow.txt"
    slow.write_text(PAPER.format(extra="Slow."), encoding="utf-8")
    real_extract = pipeline.extract

    def slow_extract(document, **kwargs):
        if document.file_name == "slow.txt":
            deadline = time.monotonic() + 600
            while time.monotonic() < deadline:  # Python at work, as an extractor would be
                sum(range(1000))
        return real_extract(document, **kwargs)

    monkeypatch.setattr(pipeline, "extract", slow_extract)
    settings = pipeline.ReadSettings(timeout=0.5)
    values = []
    reader = threading.Thread(target=lambda: values.append(settings.read(str(slow))))
    started = time.monotonic()
    reader.start()
    reader.join(timeout=300)
    assert not reader.is_alive() and time.monotonic() - started < 300
    assert values == [("timeout", "slow.txt: took longer than 0.5 seconds (--timeout)")]


@pytest.mark.slow
def test_extract_load_a_file_that_kills_its_reader_gets_a_crashed_shard_kept_until_forced(tmp_path):
    papers = tmp_path / "papers"
    papers.mkdir()
    for name in ("a.txt", "crash.txt", "z.txt"):
        (papers / name).write_text(PAPER.format(extra=f"The council reviewed {name}."), encoding="utf-8")
    out, deaths = tmp_path / "shards", tmp_path / "deaths.txt"
    crashing = [sys.executable, "-c", CRASHING_READER, "extract", str(papers), "--out", str(out), "--jobs", "2"]
    environment = {**os.environ, "CRASH_COUNT": str(deaths)}
    first = subprocess.run(crashing, cwd=REPO, capture_output=True, text=True, env=environment, timeout=300)
    assert first.returncode == 1, first.stderr
    assert f"error: {papers / 'crash.txt'}: crashed: crash.txt: the reader process died" in first.stderr
    assert deaths.read_text() == "died\n" * 2  # in the batch's worker, then again alone
    second = subprocess.run(crashing, cwd=REPO, capture_output=True, text=True, env=environment, timeout=300)
    assert second.returncode == 1 and "crash.txt: crashed:" in second.stderr
    assert second.stdout.startswith("3 files: 0 extracted, 2 already extracted")
    assert deaths.read_text() == "died\n" * 2  # its shard is kept: not read again
    loaded = pipeline.load([out], tmp_path / "prevent.db")
    assert (loaded.new, loaded.failed, loaded.errors[0].error) == (2, 1, "crashed")
    forced = CliRunner().invoke(cli, ["extract", str(papers), "--out", str(out), "--force"])
    assert forced.exit_code == 0 and forced.stdout.startswith("3 files: 3 extracted"), forced.output
