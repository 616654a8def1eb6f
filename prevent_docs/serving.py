"""Serving: Datasette 0.65 over a prevent-docs database, configured from `datasette_config/`.

This is the one module that imports Datasette. The database is always served under the
fixed name `prevent` (so URLs read `/prevent/recommendations` whatever the file is called).

It is served live, because the normal flow is "serve, re-ingest every quarter": every
connection opens the file itself read-only (`mode=ro`, never `immutable`, which assumes the
file cannot change and read torn pages and "malformed" errors while an ingest wrote), so
SQLite's write-ahead log gives each query a consistent snapshot of the last commit and a
page shows a document as soon as the ingest commits it. Serving never writes: connections
are read-only and `query_only`, and the journal mode is left as the store set it (WAL).
Table counts are cached until the database changes. A database written before the store
kept the summary tables the canned queries read is served from a snapshot instead, with
the tables added to it (the next ingest adds them to the file itself).

`public=True` serves a public copy (see `prevent_docs.public`) built in a temporary folder
from a snapshot taken at start: it does not follow later ingests until the server is
restarted. Arbitrary SQL and downloading the database are switched off there all the same,
and so are the original files, because those cannot be redacted.
"""

from __future__ import annotations

import asyncio
import atexit
import shutil
import signal
import sqlite3
import tempfile
import threading
from contextlib import closing
from pathlib import Path
from typing import Any

from datasette.app import Datasette
from datasette.database import Database
from datasette.utils import CustomRow, parse_metadata
# After datasette.app: imported first, this module would register itself half-loaded.
from datasette import handle_exception as _datasette_errors  # isort: skip

from prevent_docs import store
from prevent_docs.public import make_public, withheld_note
from prevent_docs.errors import NotAPreventDatabase

CONFIG_DIR = Path(__file__).resolve().parents[1] / "datasette_config"
#: The name of the database in every URL, whatever the file is called.
DATABASE = "prevent"
#: The key of the project's plugin settings in metadata (`plugins: {prevent-docs: ...}`).
PLUGIN = "prevent-docs"

# Datasette 0.65 prints every error it answers, a 404 included, with its local variables to
# stdout when `rich` is installed (mixing it into `serve --get` output), and answers 500
# instead of 404 for some paths (/-/a/b/c) because rich refuses to print outside an
# `except` block. Errors of ours still reach the log through Datasette's own traceback.
_datasette_errors.rich = None


class _MissingColumn(KeyError, IndexError):
    """A column a row does not hold: still a KeyError, and the IndexError Datasette expects."""


def _row_item(row: CustomRow, key: Any, _item=CustomRow.__getitem__) -> Any:
    try:
        return _item(row, key)
    except KeyError as e:
        raise _MissingColumn(*e.args) from None


# A table page sorted by a column it does not show (passages, by rowid) links to its next page
# by the sort value of its last row: Datasette 0.65 reads it from the row and, on the
# IndexError a database row raises for a column it lacks, looks it up by primary key instead.
# Rows whose foreign keys were expanded to labels (every HTML page) raised KeyError, and the
# page failed with 500.
CustomRow.__getitem__ = _row_item

#: Settings for every app. Suggested facets try every column of a table or search result,
#: each reading every row: most of the time of a page on a large database. Configured facets
#: and "Facet by this" stay.
SETTINGS = {"suggest_facets": False}
#: Settings for a public copy: no arbitrary SQL (hidden data cannot be asked for), no download.
PUBLIC_SETTINGS = {"default_allow_sql": False, "allow_download": False}


def make_datasette(db_path: str | Path, *, public: bool = False, config_dir: Path = CONFIG_DIR,
                   work_dir: Path | None = None, settings: dict[str, Any] | None = None) -> Datasette:
    """Build the Datasette app for a database: served live and read-only, named `prevent`.

    `work_dir` holds snapshots and public copies (a temporary folder, removed at exit, if
    not given). RETURNS the app, ready for `datasette.client` or `run`.
    """
    db_path = Path(db_path)
    check_database(db_path)
    metadata = load_metadata(config_dir)
    plugin = metadata.setdefault("plugins", {}).setdefault(PLUGIN, {})
    # Where a path stored relative to the folder ingest ran in may start from: here, or beside the database.
    base_dirs = list(dict.fromkeys([str(Path.cwd()), str(db_path.resolve().parent)]))
    plugin.update({"database": DATABASE, "serve_sources": not public, "base_dirs": base_dirs})
    served = db_path
    if public or not has_summaries(db_path):
        served = snapshot(db_path, temporary_dir(work_dir) / "prevent.db")
        if not has_summaries(served):
            add_summaries(served)
    if public:
        public_copy = make_public(served)
        note = withheld_note(public_copy)
        plugin.update({"withheld_documents": public_copy.withheld_documents, "public_note": note})
        metadata["description"] = f"{metadata.get('description', '')} {note}".strip()
        if "description_html" in metadata:
            metadata["description_html"] += f"\n<p class=\"public-note\">{note}</p>"
    datasette = Datasette(
        metadata=metadata,
        template_dir=str(config_dir / "templates"),
        plugins_dir=str(config_dir / "plugins"),
        # Scripts and styles of the pages (Vega-Lite included), served by the app: no internet needed.
        static_mounts=[("static", str(config_dir / "static"))],
        settings={**SETTINGS, **(PUBLIC_SETTINGS if public else {}), **(settings or {})},
    )
    database = Database(datasette, path=str(served), is_mutable=False) if public else LiveDatabase(datasette, served)
    datasette.add_database(database, name=DATABASE)
    # Added by Datasette when it is given no files; /prevent is the only database we serve.
    datasette.remove_database("_memory")
    return datasette


class LiveDatabase(Database):
    """A database file that an ingest may write while it is served, read through read-only connections.

    Datasette's own mutable database opens `file:PATH?mode=ro` with the path unescaped (a
    `?` or `#` in a folder name breaks it) and, asked to write, opens a writable connection;
    this one escapes the path, is `query_only` and refuses to write. Datasette counts the
    tables of a mutable database on every page that shows counts; here counts are kept
    until SQLite's `data_version` says another connection committed.
    """

    def __init__(self, datasette: Datasette, db_path: Path):
        super().__init__(datasette, path=str(db_path), is_mutable=True)
        self.uri = f"{db_path.resolve().as_uri()}?mode=ro"
        self._watch_lock = threading.Lock()
        self._watch: sqlite3.Connection | None = None
        self._counts: tuple[int, dict[str, int]] | None = None

    def connect(self, write: bool = False) -> sqlite3.Connection:
        if write:
            raise PermissionError(f"{self.path}: served read-only, never written")
        conn = sqlite3.connect(self.uri, uri=True, check_same_thread=False)
        conn.execute("pragma query_only = 1")
        self._all_file_connections.append(conn)
        return conn

    def data_version(self) -> int:
        """A number that changes whenever another connection (an ingest) commits to the file."""
        with self._watch_lock:
            if self._watch is None:
                self._watch = self.connect()
            return self._watch.execute("pragma data_version").fetchone()[0]

    async def table_counts(self, limit: int = 10) -> dict[str, int | None]:
        version = self.data_version()
        if self._counts and self._counts[0] == version:
            return self._counts[1]
        counts = await super().table_counts(limit)
        if None not in counts.values():  # a count cut short by the time limit is tried again next time
            self._counts = (version, counts)
        return counts

    def close(self) -> None:
        with self._watch_lock:
            super().close()  # the watching connection included
            self._watch = None


def check_database(db_path: Path) -> None:
    """Raise `NotAPreventDatabase` unless the file exists and holds a `documents` table."""
    if not db_path.is_file():
        raise NotAPreventDatabase(f"{db_path}: no such database: run `prevent-docs ingest PATH --db {db_path}` first")
    try:
        with closing(_connect_read_only(db_path)) as conn:
            found = conn.execute("select 1 from sqlite_master where name = 'documents'").fetchone()
    except sqlite3.DatabaseError as e:
        raise NotAPreventDatabase(f"{db_path} is not a SQLite database: {e}") from e
    if not found:
        raise NotAPreventDatabase(f"{db_path} is not a prevent-docs database: run `prevent-docs ingest` first")


def load_metadata(config_dir: Path = CONFIG_DIR) -> dict[str, Any]:
    """Read `metadata.yml` afresh (each app gets its own, so a public build can change it)."""
    return parse_metadata((config_dir / "metadata.yml").read_text(encoding="utf-8"))


def withheld_documents(datasette: Datasette) -> int | None:
    """How many documents a public app left out (None if the app is not public)."""
    return (datasette.plugin_config(PLUGIN) or {}).get("withheld_documents")


def public_note(datasette: Datasette) -> str | None:
    """What a public app left out, in a sentence (None if the app is not public)."""
    return (datasette.plugin_config(PLUGIN) or {}).get("public_note")


def temporary_dir(parent: Path | None = None) -> Path:
    """A new temporary folder (inside `parent` if given), removed when the process exits, by SIGTERM too."""
    path = Path(tempfile.mkdtemp(prefix="prevent-docs-", dir=parent))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    _exit_through_atexit_on_sigterm()
    return path


def _exit_through_atexit_on_sigterm() -> None:
    """Make SIGTERM (`kill`'s default) end the process as Ctrl-C does, through `atexit`.

    Left to its default, SIGTERM ends Python at once and the temporary folder (a public copy
    of the whole database) stays behind; uvicorn catches it to shut down gracefully, then
    raises it again under the handler it found, so the handler set here runs after that.
    Only a default handler is replaced, and only from the main thread, where signals go.
    """
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _exit_on_signal)


def _exit_on_signal(signum: int, frame) -> None:  # noqa: ARG001
    raise SystemExit(128 + signum)


def snapshot(db_path: Path, out_path: Path) -> Path:
    """Copy a consistent snapshot of the database (log included) to `out_path`, without a log."""
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.unlink(missing_ok=True)
    with closing(_connect_read_only(db_path)) as source, closing(sqlite3.connect(out_path)) as target:
        source.backup(target)
        target.execute("pragma journal_mode = delete")
    return out_path


def has_summaries(db_path: Path) -> bool:
    """True if the database has the summary tables the canned queries read (older ones lack them)."""
    with closing(_connect_read_only(db_path)) as conn:
        names = {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}
    return set(store.SUMMARY_TABLES) <= names


def add_summaries(db_path: Path) -> None:
    """Add the summary tables (and what keeps them up to date) to a copy, as the next ingest would."""
    db = store.open_db(db_path)
    db.execute("pragma journal_mode = delete")
    db.close()


def _connect_read_only(db_path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)


def get(datasette: Datasette, path: str) -> tuple[int, str]:
    """Run one GET request through the app, as `datasette serve --get` does: (status, body)."""

    async def request() -> tuple[int, str]:
        await datasette.invoke_startup()
        response = await datasette.client.get(path)
        return response.status_code, response.text

    return asyncio.run(request())


def run(datasette: Datasette, *, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Serve the app with uvicorn until interrupted."""
    import uvicorn  # Datasette's own server, imported only when serving for real

    asyncio.run(datasette.invoke_startup())
    uvicorn.run(datasette.app(), host=host, port=port, log_level="info", lifespan="on", workers=1)
