"""`serve` stopped by a signal removes the temporary folder it made (a public copy of the
whole database), as it does when it exits by itself: a real server on loopback, stopped by
SIGTERM (`kill`'s default) and by SIGINT (Ctrl-C)."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from prevent_docs import pipeline

from tests.conftest import CORPUS
from tests.test_serving_live import free_port, start_server


@pytest.fixture(scope="module")
def small_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("small") / "prevent.db"
    report = pipeline.ingest([CORPUS / "000_293d27028f82d5b8.txt"], path)
    assert report.failed == 0, report.errors
    return path


@pytest.mark.slow
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_serving_public_copy_is_removed_when_serve_is_stopped_by_a_signal(small_db, tmp_path, monkeypatch, stop):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))
    server = start_server(small_db, free_port(), "--public")
    try:
        made = list(temporary.iterdir())
        assert [path.name[:13] for path in made] == ["prevent-docs-"]
        assert (made[0] / "prevent.db").is_file()
        server.send_signal(stop)
        server.wait(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert list(temporary.iterdir()) == []
    assert server.returncode >= 0  # it exited, rather than being ended by the signal
