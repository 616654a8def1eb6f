"""Serving while an ingest writes: a real server on loopback, a real `prevent-docs ingest`
in another process, requests in a loop while it runs.

The normal flow is "serve, re-ingest every quarter": the server must answer every request
(no 5xx, no 400) while documents are committed one by one, must never damage or write to
the database, and must show the new documents once the ingest has finished, without a
restart.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import httpx
import pytest

from prevent_docs import pipeline

from tests.conftest import CORPUS, REALWORLD

BIN = Path(sys.executable).parent
#: Pages a reader opens: tables with counts and facets, search, canned queries, the heatmap,
#: the database and index pages (which count every table).
PAGES = (
    "/", "/prevent", "/prevent/documents", "/prevent/documents.json?_shape=array&_size=max",
    "/prevent/passages.json?_search=Prevent", "/prevent/recommendations", "/prevent/open_items.json",
    "/prevent/open_recommendations_and_actions.json", "/prevent/coverage.json", "/-/heatmap.json",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db_path: Path, port: int, *extra: str) -> subprocess.Popen:
    """`prevent-docs serve` in a process of its own, once it answers."""
    server = subprocess.Popen([BIN / "prevent-docs", "serve", "--db", db_path, "--port", str(port), *extra],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
        for _ in range(600):
            if server.poll() is not None:
                raise AssertionError(f"serve exited {server.returncode}: {server.stderr.read().decode()}")
            try:
                if client.get("/-/versions.json").status_code == 200:
                    return server
            except httpx.TransportError:
                pass
            try:
                server.wait(0.1)
            except subprocess.TimeoutExpired:
                pass
    server.kill()
    raise AssertionError("serve never answered")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def documents_in(db_path: Path) -> set[str]:
    with sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True) as conn:
        return {row[0] for row in conn.execute("select file_name from documents")}


def served_documents(client: httpx.Client, statuses: Counter | None = None) -> set[str]:
    """The file names the server lists in `documents` (and the answer's status, counted)."""
    response = client.get("/prevent/documents.json?_shape=array&_size=max&_col=file_name")
    if statuses is not None:
        statuses[response.status_code] += 1
    assert response.status_code == 200, response.text
    return {row["file_name"] for row in response.json()}


@pytest.fixture
def first_quarter(tmp_path) -> Path:
    """A database holding the corpus's text papers, closed (its log merged), as after a first ingest."""
    db_path = tmp_path / "prevent.db"
    report = pipeline.ingest(sorted(CORPUS.glob("*.txt")), db_path)
    assert report.failed == 0, report.errors
    return db_path


def next_quarter() -> list[Path]:
    """Many real papers: the corpus's other renderings, the held-out papers, the real-world ones."""
    papers = [path for path in sorted(CORPUS.glob("*")) if path.suffix in (".pdf", ".docx", ".pptx")]
    papers += [path for path in sorted((CORPUS / "heldout").glob("*")) if path.suffix in (".pdf", ".docx", ".pptx")]
    if REALWORLD.is_dir():
        papers += sorted(REALWORLD.glob("*.pdf"))
    return papers


@pytest.mark.slow
def test_serving_live_answers_every_request_while_an_ingest_writes(first_quarter, tmp_path):
    db_path = first_quarter
    before = documents_in(db_path)
    papers = next_quarter()
    port = free_port()
    server = start_server(db_path, port)
    ingest = None
    statuses: Counter[int] = Counter()
    failures: list[str] = []
    seen_counts: set[int] = set()
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            assert served_documents(client) == before
            ingest = subprocess.Popen([BIN / "prevent-docs", "ingest", *papers, "--db", db_path],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            rounds = 0
            while ingest.poll() is None or rounds < 2:
                rounds += 1
                for page in PAGES:
                    response = client.get(page)
                    statuses[response.status_code] += 1
                    if response.status_code != 200:
                        failures.append(f"{page}: {response.status_code} {response.text[:200]}")
                seen_counts.add(len(served_documents(client, statuses)))
            ingest_errors = ingest.stderr.read().decode()
            assert ingest.wait() in (0, 1), ingest_errors  # 1: some real papers may fail to read
            after = documents_in(db_path)
            assert after > before
            # The new papers show without a restart.
            assert served_documents(client) == after
            page = client.get("/prevent/documents?_sort=file_name&_size=max").text
            assert all(name in page for name in after - before)
    finally:
        if ingest is not None and ingest.poll() is None:
            stop(ingest)
        stop(server)
    assert not failures, f"{len(failures)} of {sum(statuses.values())} requests failed: {failures[:5]}"
    assert set(statuses) == {200}
    # Requests were answered while documents were being committed, not only before or after.
    assert len(seen_counts) > 2, seen_counts
    with sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True) as conn:
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
        assert conn.execute("pragma journal_mode").fetchone() == ("wal",)
