"""Extraction mapped over a real Dask cluster: `extract --executor dask`, then `load`, is `ingest`.

A `dask.distributed.LocalCluster` of two worker processes, started here, reads corpus/ for
`prevent-docs extract --scheduler ADDRESS` run as a user runs it (its own process); `load`
then builds the database `ingest` builds from the same files, row for row, ids included,
save the clock columns (`tests/database_rows.CLOCK_COLUMNS`: when each row was written).
A worker killed mid-run loses nothing: its file is read by another worker, a shard is
whole or absent, and a rerun extracts only the shards still missing.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from prevent_docs import pipeline, shards
from tests.database_rows import CLOCK_COLUMNS, assert_same_rows, clock_columns, document_rows
from tests.waiting import wait_until

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
#: A bound on each wait for the cluster or a command, for a loaded machine; never a measure of speed.
PATIENCE = 240


@pytest.fixture(scope="module")
def cluster():
    """A client of a LocalCluster of two worker processes, one thread each, on loopback."""
    from dask.distributed import Client, LocalCluster

    local = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                         dashboard_address=None, silence_logs=logging.ERROR)
    client = Client(local)
    try:
        yield client
    finally:
        client.close()
        local.close()


def prevent_docs(*arguments: str | Path) -> list[str]:
    return [sys.executable, "-m", "prevent_docs", *map(str, arguments)]


def corpus_papers() -> list[Path]:
    return pipeline.find_files([CORPUS])


def load(out: Path, db_path: Path) -> None:
    done = subprocess.run(prevent_docs("load", out, "--db", db_path), cwd=REPO, capture_output=True, text=True,
                          timeout=PATIENCE)
    assert done.returncode == 0, done.stderr


def test_dask_extract_on_a_local_cluster_of_two_processes_then_load_equals_ingest(cluster, ingested_db, tmp_path):
    workers = cluster.run(os.getpid)
    assert len(set(workers.values())) == 2 and os.getpid() not in workers.values()
    total = len(corpus_papers())
    out = tmp_path / "shards"
    extract = subprocess.run(prevent_docs("extract", CORPUS, "--out", out, "--executor", "dask",
                                          "--scheduler", cluster.scheduler.address),
                             cwd=REPO, capture_output=True, text=True, timeout=PATIENCE)
    assert extract.returncode == 0, extract.stderr
    assert extract.stdout.startswith(f"{total} files: {total} extracted, 0 already extracted, 0 moved, "
                                     f"0 duplicates, 0 failed;"), extract.stdout
    assert len(shards.find([out])) == total
    load(out, tmp_path / "loaded.db")
    assert_same_rows(ingested_db, tmp_path / "loaded.db")
    assert clock_columns(tmp_path / "loaded.db") == {
        "documents.ingested_at", "ingest_errors.at", "record_links.at", "record_versions.at", "status_history.at",
        "user_decisions.at"}, f"the columns left out ({CLOCK_COLUMNS}) hold only when rows were written"


def shard_files(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Each shard's name to its inode and bytes: a shard made again has a new inode."""
    return {path.name: (path.stat().st_ino, path.read_bytes()) for path in shards.find([folder])}


def made(folder: Path) -> int:
    """Shards in `folder` so far (none before it is made)."""
    return len(shards.find([folder])) if folder.is_dir() else 0


def busy_worker(client) -> str | None:
    """The address of a worker reading a file now, or None."""
    return next((address for address, keys in client.processing().items() if keys), None)


def cluster_idle(client) -> bool:
    """No task left on the scheduler, and none still running on a worker (a task whose client
    is gone runs to its end, and writes its shard, before its worker lets it go)."""
    if client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)):
        return False
    return not any(client.run(lambda dask_worker: len(dask_worker.state.tasks)).values())


def test_dask_a_worker_killed_mid_run_loses_nothing_and_the_rerun_extracts_only_the_missing(
        cluster, ingested_db, tmp_path):
    total = len(corpus_papers())
    out = tmp_path / "shards"
    command = prevent_docs("extract", CORPUS, "--out", out, "--executor", "dask", "--scheduler",
                           cluster.scheduler.address)
    run = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           start_new_session=True)
    try:
        wait_until(lambda: made(out) >= 2 and busy_worker(cluster), "the first shards", seconds=PATIENCE)
        victim = busy_worker(cluster)
        os.kill(cluster.run(os.getpid, workers=[victim])[victim], signal.SIGKILL)  # mid-file
        before = made(out)
        wait_until(lambda: made(out) >= before + 2, "shards made after the kill", seconds=PATIENCE)  # the run goes on
        os.kill(run.pid, signal.SIGKILL)  # and is then lost as a whole, the machine it ran on gone
    finally:
        run.kill()
        run.wait()
    wait_until(lambda: cluster_idle(cluster), "the cluster to finish the files in hand", seconds=PATIENCE)

    present = shard_files(out)
    assert 0 < len(present) < total
    for path in shards.find([out]):
        assert shards.read(path).error is None, "a killed worker is never blamed on the file it was reading"
    leftovers = [path.name for path in out.iterdir() if path.name not in present]
    assert all(name.startswith(".") and name.endswith(".tmp") for name in leftovers), leftovers

    rerun = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=PATIENCE)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.startswith(f"{total} files: {total - len(present)} extracted, {len(present)} already "
                                   f"extracted, 0 moved, 0 duplicates, 0 failed;"), rerun.stdout
    after = shard_files(out)
    assert len(after) == total
    assert {name: after[name] for name in present} == present, "the shards made before are kept as they were"
    load(out, tmp_path / "loaded.db")
    assert_same_rows(ingested_db, tmp_path / "loaded.db")


def test_dask_ctrl_c_stops_extract_on_the_cluster_it_starts_and_a_rerun_goes_on(cluster, ingested_db, tmp_path):
    """Ctrl-C reaches every process of the terminal's group, the local cluster's too: the
    extract stops cleanly (exit 130), keeps every shard made, and a rerun makes only the rest."""
    heldout = CORPUS / "heldout"
    total = len(pipeline.find_files([heldout]))
    out = tmp_path / "shards"
    run = subprocess.Popen(prevent_docs("extract", heldout, "--out", out, "--executor", "dask", "--jobs", "2"),
                           cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           start_new_session=True)
    try:
        wait_until(lambda: made(out) >= 2 or run.poll() is not None, "the first shards", seconds=PATIENCE)
        assert run.poll() is None, "the extract finished before it could be interrupted"
        os.killpg(run.pid, signal.SIGINT)
        stdout, stderr = run.communicate(timeout=PATIENCE)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()
    assert run.returncode == 128 + signal.SIGINT, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    assert "Error: stopped by SIGINT: " in stderr and stdout.startswith(f"{total} files: ")
    present = shard_files(out)
    assert 0 < len(present) < total
    rerun = pipeline.extract_files([heldout], out, executor="dask", scheduler=cluster.scheduler.address)
    assert (rerun.extracted, rerun.kept, rerun.failed) == (total - len(present), len(present), 0)
    assert {name: shard_files(out)[name] for name in present} == present
    load(out, tmp_path / "loaded.db")
    ours, theirs = document_rows(tmp_path / "loaded.db"), document_rows(ingested_db)
    assert len(ours) == total and ours == {document_id: theirs[document_id] for document_id in ours}


def test_dask_ingest_on_a_cluster_equals_a_local_ingest(cluster, tmp_path):
    papers = tmp_path / "papers"
    papers.mkdir()
    for path in sorted(CORPUS.glob("00[0-2]_*.txt")) + sorted(CORPUS.glob("00[0-2]_*.docx")):
        shutil.copy(path, papers / path.name)
    local = pipeline.ingest([papers], tmp_path / "local.db")
    on_dask = subprocess.run(prevent_docs("ingest", papers, "--db", tmp_path / "dask.db", "--executor", "dask",
                                          "--scheduler", cluster.scheduler.address),
                             cwd=REPO, capture_output=True, text=True, timeout=PATIENCE)
    assert on_dask.returncode == 0, on_dask.stderr
    assert on_dask.stdout.startswith(f"5 files: 5 new, 0 updated, 0 unchanged, 0 moved, 0 failed; {local.pages} pages")
    assert_same_rows(tmp_path / "local.db", tmp_path / "dask.db")


def test_dask_is_imported_by_the_executors_module_alone():
    """Dask is an optional extra: one module imports it, and only when `--executor dask` is asked for."""
    import ast

    importing = []
    for package in ("prevent_docs", "extractors", "schemas"):
        for path in sorted((REPO / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
            names |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
            if any(name.split(".")[0] in ("dask", "distributed") for name in names):
                importing.append(path.relative_to(REPO).as_posix())
    assert importing == ["prevent_docs/executors.py"]
    script = "import sys, prevent_docs.cli, prevent_docs.pipeline; print('dask' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True,
                          check=True).stdout.strip() == "False"
