"""An ingest that is killed, or that shares its database with another, leaves it whole.

Each document is written in one transaction, in WAL mode with a busy timeout: a kill -9
loses at most the document being written, and two `ingest` processes on one database
wait for each other instead of failing. A Ctrl-C or `kill` stops an ingest cleanly and is
never blamed on the file being read; a `kill -9` leaves no worker behind. These tests run
the real command in subprocesses.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from benchmarks.synthetic import copy_tree, corpus_files
from prevent_docs import pipeline, store, tracking

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
#: Tables holding one document's records, and how each is tied to its document.
RECORDS = {table: f"select * from [{table}] where document_id = ? order by id" for table in store.DOCUMENT_TABLES}
RECORDS["document_owners"] = "select * from document_owners where document_id = ? order by owner_id, capacity"
RECORDS["action_owners"] = ("select * from action_owners where action_id in "
                            "(select id from actions where document_id = ?) order by action_id, owner_id")
#: Columns that differ between two ingests of the same file.
VOLATILE = {"ingested_at"}


def ingest_command(db_path: Path, *paths: Path) -> list[str]:
    return [sys.executable, "-m", "prevent_docs", "ingest", *map(str, paths), "--db", str(db_path)]


def query(db_path: Path, sql: str, params=()) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql, params).fetchall()


def document_snapshot(db_path: Path, document_id: str) -> dict[str, list]:
    """Everything the database holds about one document, less what changes between runs."""
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        document = conn.execute("select * from documents where id = ?", [document_id]).fetchone()
        snapshot = {"documents": [{k: document[k] for k in document.keys() if k not in VOLATILE}]}
        for table, sql in RECORDS.items():
            snapshot[table] = [tuple(row) for row in conn.execute(sql, [document_id])]
    return snapshot


def orphans(db_path: Path) -> dict[str, int]:
    """Records whose document is not in `documents`: what a half-written document leaves."""
    found = {}
    for table in store.DOCUMENT_TABLES:
        (count,) = query(db_path, f"select count(*) from [{table}] where document_id not in (select id from documents)")[0]
        if count:
            found[table] = count
    return found


def count_documents(db_path: Path) -> int:
    """Documents committed so far, read as another process would (0 while the schema is new)."""
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("select count(*) from documents").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.fixture
def big_tree(tmp_path) -> list[Path]:
    """Many papers of every format: the corpus three times over, each copy its own document."""
    return copy_tree(corpus_files(CORPUS), tmp_path / "papers", copies=3)


@pytest.mark.slow
def test_robustness_kill_9_mid_ingest_keeps_committed_documents_whole(big_tree, tmp_path):
    db_path = tmp_path / "prevent.db"
    process = subprocess.Popen(ingest_command(db_path, tmp_path / "papers"), cwd=REPO,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    try:
        while count_documents(db_path) < 3 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert process.poll() is None, "the ingest finished before it could be killed: give it more files"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    assert process.returncode == -signal.SIGKILL

    assert query(db_path, "pragma integrity_check") == [("ok",)]
    committed = [row[0] for row in query(db_path, "select id from documents")]
    assert 3 <= len(committed) < len(big_tree)
    assert orphans(db_path) == {}
    # Each document committed before the kill is exactly what a clean ingest of its file gives.
    paths = dict(query(db_path, "select id, path from documents"))
    for number, document_id in enumerate(committed):
        clean = tmp_path / f"clean{number}.db"
        report = pipeline.ingest([Path(paths[document_id])], clean)
        assert report.failed == 0
        assert document_snapshot(db_path, document_id) == document_snapshot(clean, document_id)

    rerun = subprocess.run(ingest_command(db_path, tmp_path / "papers"), cwd=REPO, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{len(committed)} unchanged" in rerun.stdout
    assert query(db_path, "select count(*) from documents")[0][0] == len(big_tree)
    assert query(db_path, "pragma integrity_check") == [("ok",)]
    assert query(db_path, "select count(*) from ingest_errors") == [(0,)]


@pytest.mark.slow
def test_robustness_two_ingests_on_one_database_both_succeed(ingested_db, tmp_path):
    papers = tmp_path / "papers"
    shutil.copytree(CORPUS, papers, ignore=shutil.ignore_patterns("build", "gold"))
    db_path = tmp_path / "shared.db"
    first = subprocess.Popen(ingest_command(db_path, papers), cwd=REPO, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(ingest_command(db_path, papers), cwd=REPO, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    results = [process.communicate(timeout=300) for process in (first, second)]
    assert (first.returncode, second.returncode) == (0, 0), results

    assert query(db_path, "pragma integrity_check") == [("ok",)]
    assert orphans(db_path) == {}
    expected = sorted(row[0] for row in query(ingested_db, "select id from documents"))
    assert sorted(row[0] for row in query(db_path, "select id from documents")) == expected
    # The same files under another folder: every record is the one a single ingest made.
    for document_id in expected:
        ours, theirs = document_snapshot(db_path, document_id), document_snapshot(ingested_db, document_id)
        for table in RECORDS:
            assert ours[table] == theirs[table], (document_id, table)
    assert query(db_path, "select count(*) from passages_fts") == query(db_path, "select count(*) from passages")


#: How many times two ingests race to create one new database: the race was lost now and then.
RACES = 5


@pytest.mark.slow
def test_robustness_two_ingests_on_a_new_database_both_succeed_every_time(tmp_path):
    """Two small ingests started together on a database that does not exist yet, again and again.

    Small, so that both reach the same step at once: creating the schema, the tracking tables
    and views, and writing the tracking results at the end.
    """
    papers = tmp_path / "papers"
    papers.mkdir()
    for name in ("000_293d27028f82d5b8.txt", "001_833b9ff6c1116053.txt"):
        shutil.copy(CORPUS / name, papers / name)
    for race in range(RACES):
        db_path = tmp_path / f"new{race}.db"
        processes = [subprocess.Popen(ingest_command(db_path, papers), cwd=REPO, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True) for _ in range(2)]
        results = [process.communicate(timeout=300) for process in processes]
        assert [process.returncode for process in processes] == [0, 0], (race, results)
        assert query(db_path, "pragma integrity_check") == [("ok",)]
        assert query(db_path, "select count(*) from documents") == [(2,)]
        assert query(db_path, "select count(*) from tracked_items")[0][0] > 0


def test_robustness_tracking_tables_are_created_while_another_ingest_commits(tmp_path):
    """The interleaving the race above loses only now and then, made to happen every time.

    Another process commits between this one's first look at the schema and its first
    write: creating the tracking tables must wait its turn, not fail with "database is locked".
    """
    db_path = tmp_path / "new.db"
    db = store.open_db(db_path)  # the contract tables, not yet the tracking ones
    started, committed = [], []

    def another_ingest_commits() -> None:
        with contextlib.closing(sqlite3.connect(db_path, timeout=10, isolation_level=None)) as other:
            other.execute("insert into ingest_errors (path, error) values ('other.pdf', 'unreadable')")
        committed.append(True)

    def on_statement(sql: str) -> None:
        if not started and db.conn.in_transaction and sql.lstrip().upper().startswith("CREATE"):
            started.append(sql)
            other = threading.Thread(target=another_ingest_commits)
            other.start()
            other.join(timeout=1)  # it waits for this one's write lock, if this one took it first

    db.conn.set_trace_callback(on_statement)
    try:
        tracking.ensure_schema(db)
    finally:
        db.conn.set_trace_callback(None)
        db.close()
    deadline = time.monotonic() + 10
    while not committed and time.monotonic() < deadline:
        time.sleep(0.05)
    assert committed
    assert query(db_path, "select path from ingest_errors") == [("other.pdf",)]
    assert {"record_links", "tracked_items", "user_decisions"} <= {
        row[0] for row in query(db_path, "select name from sqlite_master where type = 'table'")}


def test_robustness_max_pages_guard_rejects_and_goes_on(tmp_path):
    papers = tmp_path / "papers"
    papers.mkdir()
    shutil.copy(CORPUS / "002_000fee0137df29e4.pdf", papers / "a-short.pdf")
    shutil.copy(CORPUS / "000_293d27028f82d5b8.pptx", papers / "b-deck.pptx")
    report = pipeline.ingest([papers], tmp_path / "prevent.db", max_pages=3)
    [error] = report.errors
    assert error.path.endswith("b-deck.pptx") and error.error == "too_large"
    assert "more than the limit of 3 (--max-pages)" in error.message
    assert report.new == 1


def test_robustness_timeout_guard_stops_a_slow_document(tmp_path, monkeypatch):
    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "slow.txt").write_text("Prevent\n\n1. A paragraph.\n", encoding="utf-8")
    (papers / "quick.md").write_text("# Prevent\n\n1. Another paragraph.\n", encoding="utf-8")
    real_extract = pipeline.extract

    def slow_extract(document, **kwargs):
        if document.file_name == "slow.txt":
            time.sleep(600)
        return real_extract(document, **kwargs)

    monkeypatch.setattr(pipeline, "extract", slow_extract)
    started = time.monotonic()
    report = pipeline.ingest([papers], tmp_path / "prevent.db", timeout=0.5)
    assert time.monotonic() - started < 300  # the ten minutes' sleep was cut short
    [error] = report.errors
    assert (Path(error.path).name, error.error) == ("slow.txt", "timeout")
    assert error.message == "slow.txt: took longer than 0.5 seconds (--timeout)"
    assert report.new == 1


#: `prevent-docs COMMAND ...` (its arguments after `-c`) with a reader that kills its own process
#: on one file, as a segfaulting library or the out-of-memory killer would; each death is counted
#: in a file.
CRASHING_READER = """
import os, signal, sys
from prevent_docs import pipeline
real_extract = pipeline.extract

def extract(document, **kwargs):
    if document.file_name == "crash.txt":
        with open(os.environ["CRASH_COUNT"], "a") as f:
            f.write("died\\n")
        os.kill(os.getpid(), signal.SIGKILL)
    return real_extract(document, **kwargs)

pipeline.extract = extract
from prevent_docs.cli import cli
cli(sys.argv[1:])
"""


@pytest.mark.slow
def test_robustness_file_that_kills_the_reader_is_skipped_until_forced(tmp_path):
    papers = tmp_path / "papers"
    papers.mkdir()
    for name in ("a.txt", "crash.txt", "z.txt"):
        (papers / name).write_text(f"Prevent update\n\n1. The council reviewed {name}.\n", encoding="utf-8")
    db_path = tmp_path / "prevent.db"
    deaths = tmp_path / "deaths.txt"
    crashing = [sys.executable, "-c", CRASHING_READER, "ingest", str(papers), "--db", str(db_path)]
    environment = {**os.environ, "CRASH_COUNT": str(deaths)}

    first = subprocess.run(crashing, cwd=REPO, capture_output=True, text=True, env=environment, timeout=300)
    assert first.returncode == 1, first.stderr
    [line] = [line for line in first.stderr.splitlines() if line.startswith("error: ")]
    assert line.startswith(f"error: {papers / 'crash.txt'}: crashed: crash.txt: the reader process died")
    assert deaths.read_text() == "died\n" * 2  # in the batch's worker, then again alone
    assert sorted(query(db_path, "select file_name from documents")) == [("a.txt",), ("z.txt",)]

    second = subprocess.run(crashing, cwd=REPO, capture_output=True, text=True, env=environment, timeout=300)
    assert second.returncode == 1, second.stderr
    assert "crash.txt: crashed: crash.txt: the reader process died" in second.stderr
    assert deaths.read_text() == "died\n" * 2  # skipped, not read again

    forced = subprocess.run(ingest_command(db_path, papers) + ["--force"], cwd=REPO, capture_output=True, text=True)
    assert forced.returncode == 0, forced.stderr
    assert query(db_path, "select count(*) from documents") == [(3,)]
    assert query(db_path, "select count(*) from ingest_errors") == [(0,)]


@pytest.mark.slow
def test_robustness_worker_killed_by_one_file_fails_that_file_alone(tmp_path):
    papers = tmp_path / "papers"
    papers.mkdir()
    names = ["a.txt", "b.txt", "crash.txt", "d.txt", "e.txt"]
    for name in names:
        (papers / name).write_text(f"Prevent update\n\n1. The council reviewed {name}.\n", encoding="utf-8")
    db_path = tmp_path / "prevent.db"
    run = subprocess.run([sys.executable, "-c", CRASHING_READER, "ingest", str(papers), "--db", str(db_path), "--jobs", "2"],
                         cwd=REPO, capture_output=True, text=True, timeout=300,
                         env={**os.environ, "CRASH_COUNT": str(tmp_path / "deaths.txt")})
    assert run.returncode == 1, run.stderr
    [line] = [line for line in run.stderr.splitlines() if line.startswith("error: ")]
    assert line.startswith(f"error: {papers / 'crash.txt'}: crashed: crash.txt: the reader process died")
    assert sorted(name for (name,) in query(db_path, "select file_name from documents")) == [
        name for name in names if name != "crash.txt"]


def start_ingest(db_path: Path, papers: Path, *options: str, output=subprocess.PIPE) -> subprocess.Popen:
    """The real command, in a process group of its own as a terminal would start it."""
    return subprocess.Popen(ingest_command(db_path, papers) + list(options), cwd=REPO, stdout=output,
                            stderr=output, text=True, start_new_session=True)


def wait_for_documents(process: subprocess.Popen, db_path: Path, count: int) -> None:
    """Wait (polling, bounded) until `count` documents are committed, with the ingest still running."""
    deadline = time.monotonic() + 240
    while count_documents(db_path) < count and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert process.poll() is None, "the ingest finished before it could be interrupted: give it more files"


@pytest.mark.slow
def test_robustness_interrupts_stop_cleanly_and_never_blame_a_file(big_tree, tmp_path):
    """Ctrl-C (SIGINT to the process group) and `kill` (SIGTERM to the ingest), twice each way."""
    db_path = tmp_path / "prevent.db"
    interruptions = [(signal.SIGINT, True, "1"), (signal.SIGTERM, False, "2"),
                     (signal.SIGINT, True, "2"), (signal.SIGTERM, False, "1")]
    for signum, to_group, jobs in interruptions:
        before = count_documents(db_path)
        process = start_ingest(db_path, tmp_path / "papers", "--jobs", jobs)
        try:
            wait_for_documents(process, db_path, before + 2)
            (os.killpg if to_group else os.kill)(process.pid, signum)
            out, err = process.communicate(timeout=120)
        finally:
            if process.poll() is None:
                process.kill()
        assert process.returncode == 128 + signum, err
        assert "Traceback" not in err
        stored = count_documents(db_path) - before
        assert out.startswith(f"{len(big_tree)} files: {stored} new, 0 updated, {before} unchanged"), out
        assert f"Error: stopped by {signal.Signals(signum).name}: {stored} documents stored before it are kept" in err
        assert query(db_path, "select count(*) from ingest_errors") == [(0,)]
        assert orphans(db_path) == {}

    rerun = subprocess.run(ingest_command(db_path, tmp_path / "papers"), cwd=REPO, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert query(db_path, "select count(*) from documents") == [(len(big_tree),)]
    assert query(db_path, "select count(*) from ingest_errors") == [(0,)]
    assert query(db_path, "pragma integrity_check") == [("ok",)]


def child_pids(pid: int) -> set[int]:
    """The processes whose parent is `pid`, from /proc."""
    children = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            if int(stat.read_text().rpartition(")")[2].split()[1]) == pid:
                children.add(int(stat.parent.name))
    return children


def running(pid: int) -> bool:
    """Whether `pid` is a live process (a zombie waiting for its new parent is not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds worker processes through /proc (Linux)")
def test_robustness_workers_exit_when_a_jobs_ingest_is_killed_9(big_tree, tmp_path):
    db_path = tmp_path / "prevent.db"
    # No pipes: a worker left behind would hold them open.
    process = start_ingest(db_path, tmp_path / "papers", "--jobs", "2", output=subprocess.DEVNULL)
    try:
        wait_for_documents(process, db_path, 2)
        workers = child_pids(process.pid)
        assert len(workers) >= 2, workers
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.kill()
        process.wait()
    deadline = time.monotonic() + 60  # a bound for a loaded machine, not a measure of speed
    while any(running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if running(pid)]
    for pid in left:  # leave no process behind, whatever the outcome
        os.kill(pid, signal.SIGKILL)
    assert left == []
