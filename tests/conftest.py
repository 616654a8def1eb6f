"""Shared fixtures: the bundled corpus, the shared folder beside the repository, and a
database built once per test session by ingesting the corpus for real."""

from __future__ import annotations

from pathlib import Path

import pytest

from prevent_docs import pipeline, store

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
SHARED = REPO.parent / "shared"
REALWORLD = SHARED / "realworld"
DEV_REAL = SHARED / "dev-real"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def realworld_dir() -> Path:
    """The real council papers kept beside the repository (not part of it)."""
    if not REALWORLD.is_dir():
        pytest.skip(f"{REALWORLD} is absent: the real-world papers live beside the repository, not in it")
    return REALWORLD


@pytest.fixture(scope="session")
def dev_real_dir() -> Path:
    """Real papers of other councils with gold records (`docs/`, `gold/`), kept beside the repository."""
    if not (DEV_REAL / "docs").is_dir():
        pytest.skip(f"{DEV_REAL} is absent: the dev-real papers live beside the repository, not in it")
    return DEV_REAL


def dev_real_paper(dev_real: Path, prefix: str) -> Path:
    """The one dev-real paper whose file name starts with `prefix` ("r51_", "r23_kirklees_..._2018.docx")."""
    matches = sorted(path for path in (dev_real / "docs").iterdir() if path.name.startswith(prefix))
    assert len(matches) == 1, f"{prefix!r} names {len(matches)} dev-real papers"
    return matches[0]


@pytest.fixture(scope="session")
def ingested_db(tmp_path_factory) -> Path:
    """A database holding the whole bundled corpus, ingested once for the session."""
    db_path = tmp_path_factory.mktemp("ingested") / "prevent.db"
    report = pipeline.ingest([CORPUS], db_path)
    assert report.failed == 0, report.errors
    return db_path


@pytest.fixture
def fresh_db(tmp_path):
    """An empty prevent-docs database on disk."""
    db = store.open_db(tmp_path / "fresh.db")
    yield db
    db.close()


@pytest.fixture
def fresh_index(tmp_path, monkeypatch):
    """The authorities index built again, with its cache in a folder of the test's own."""
    from extractors import authorities

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    authorities._index.cache_clear()
    yield authorities
    authorities._index.cache_clear()
