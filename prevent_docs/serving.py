"""Serving: Datasette 0.65 over a prevent-docs database, configured from `datasette_config/`.

This is the one module that imports Datasette. The database is always opened immutable
under the fixed name `prevent` (so URLs read `/prevent/recommendations` whatever the file
is called): Datasette then caches counts and never writes. Immutable mode ignores a
write-ahead log, so a database with an unmerged `-wal` file (an ingest is running or was
killed) is served from a consistent snapshot instead of from the file itself, and so is
one written before the store kept the summary tables the canned queries read (they are
added to the snapshot).

`public=True` serves a public copy built in a temporary folder: documents marked
OFFICIAL-SENSITIVE or above are left out with every record that came from them, owners'
email addresses and phone numbers are nulled, addresses and numbers written in the text
are replaced by a placeholder, and file locations and ingest errors are dropped. A copy,
rather than hiding columns in the app, means no query, facet, export or search can reach
what was removed. Arbitrary SQL and downloading the database are switched off there all
the same, and so are the original files, because those cannot be redacted.
"""

from __future__ import annotations

import asyncio
import atexit
import re
import shutil
import sqlite3
import tempfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from datasette.app import Datasette
from datasette.database import Database
from datasette.utils import CustomRow, parse_metadata
# After datasette.app: imported first, this module would register itself half-loaded.
from datasette import handle_exception as _datasette_errors  # isort: skip

from prevent_docs import store
from prevent_docs.errors import NotAPreventDatabase

CONFIG_DIR = Path(__file__).resolve().parents[1] / "datasette_config"
#: The name of the database in every URL, whatever the file is called.
DATABASE = "prevent"
#: The key of the project's plugin settings in metadata (`plugins: {prevent-docs: ...}`).
PLUGIN = "prevent-docs"

#: Protective markings that keep a document out of a public copy. "OFFICIAL" alone is public.
NOT_PUBLIC_MARKING = re.compile(r"\b(OFFICIAL[\s_-]*SENSITIVE|SECRET|RESTRICTED|CONFIDENTIAL)\b", re.I)
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
#: UK numbers as councils write them: 0116 305 6056, 01785 278163, +44 (0)116 305 6056.
PHONE = re.compile(r"(?<![\w])(?:\+44\s?(?:\(0\)\s?)?|0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\w])")
EMAIL_REMOVED = "[email removed]"
PHONE_REMOVED = "[phone removed]"
#: Columns that hold keys or file locations, never free text, so redaction leaves them alone.
KEY_COLUMN = re.compile(r"^(id|.*_id|gss_code|.*_code|path|file_name|sha256|format)$")

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


@dataclass(frozen=True)
class PublicCopy:
    """A redacted copy of a database, and how many documents were left out of it."""

    path: Path
    withheld_documents: int
    withheld_records: int


def make_datasette(db_path: str | Path, *, public: bool = False, config_dir: Path = CONFIG_DIR,
                   work_dir: Path | None = None, settings: dict[str, Any] | None = None) -> Datasette:
    """Build the Datasette app for a database: immutable, named `prevent`, with our config.

    `work_dir` holds snapshots and public copies (a temporary folder, removed at exit, if
    not given). RETURNS the app, ready for `datasette.client` or `run`.
    """
    db_path = Path(db_path)
    check_database(db_path)
    metadata = load_metadata(config_dir)
    plugin = metadata.setdefault("plugins", {}).setdefault(PLUGIN, {})
    plugin.update({"database": DATABASE, "serve_sources": not public, "base_dir": str(Path.cwd())})
    served = db_path
    if public or has_unmerged_wal(db_path) or not has_summaries(db_path):
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
        settings={**SETTINGS, **(PUBLIC_SETTINGS if public else {}), **(settings or {})},
    )
    datasette.add_database(Database(datasette, path=str(served), is_mutable=False), name=DATABASE)
    # Added by Datasette when it is given no files; /prevent is the only database we serve.
    datasette.remove_database("_memory")
    return datasette


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


def withheld_note(public_copy: PublicCopy) -> str:
    """The sentence that tells a reader what a public copy leaves out."""
    documents = public_copy.withheld_documents
    return (f"Public copy: {documents} document{'' if documents == 1 else 's'} marked OFFICIAL-SENSITIVE "
            f"or above left out, with the {public_copy.withheld_records} passages and records extracted "
            f"from {'it' if documents == 1 else 'them'}; email addresses and phone numbers removed.")


def temporary_dir(parent: Path | None = None) -> Path:
    """A new temporary folder (inside `parent` if given), removed when the process exits."""
    path = Path(tempfile.mkdtemp(prefix="prevent-docs-", dir=parent))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def has_unmerged_wal(db_path: Path) -> bool:
    """True if a write-ahead log beside the database holds pages immutable mode would miss."""
    wal = db_path.with_name(db_path.name + "-wal")
    return wal.is_file() and wal.stat().st_size > 0


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


def make_public(db_path: Path) -> PublicCopy:
    """Redact a copy in place: leave out non-public documents and their records, remove contacts.

    Rows in any table that point (through a column named `id`, `*_id`) at a left-out
    document or at a record from one are deleted, so tables added later (status history,
    lineage) cannot leak them either. The file is vacuumed so no deleted text survives in
    free pages.
    """
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        conn.execute("begin")
        withheld = [row[0] for row in conn.execute("select id, protective_marking from documents")
                    if row[1] and NOT_PUBLIC_MARKING.search(row[1])]
        conn.execute("create temp table withheld (id text primary key)")
        conn.executemany("insert or ignore into withheld values (?)", [(id,) for id in withheld])
        tables = _tables(conn)
        for table, columns in tables.items():
            if "document_id" in columns and "id" in columns:
                conn.execute(f"insert or ignore into withheld select id from [{table}] "
                             f"where document_id in (select id from temp.withheld)")
        records = conn.execute("select count(*) from withheld").fetchone()[0] - len(withheld)
        for table, columns in tables.items():
            for column in columns:
                if column == "id" or column.endswith("_id"):
                    conn.execute(f"delete from [{table}] where [{column}] in (select id from temp.withheld)")
        if "owners" in tables:
            _delete_orphan_owners(conn, tables)
            conn.execute("update owners set email = null, phone = null")
        # Where files live on the machine is nobody else's business, and they are not served.
        conn.execute("update documents set path = file_name")
        if "ingest_errors" in tables:
            conn.execute("delete from ingest_errors")
        _redact_text(conn, tables)
        conn.execute("commit")
        for fts in _fts_tables(conn):
            conn.execute(f"insert into [{fts}]([{fts}]) values ('rebuild')")
            conn.execute(f"insert into [{fts}]([{fts}]) values ('optimize')")
        conn.execute("vacuum")
    finally:
        conn.close()
    return PublicCopy(path=db_path, withheld_documents=len(withheld), withheld_records=records)


def redact(text: str) -> str:
    """Replace email addresses and UK phone numbers in free text with placeholders."""
    return PHONE.sub(PHONE_REMOVED, EMAIL.sub(EMAIL_REMOVED, text))


def _tables(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Ordinary tables (not views, full-text indexes or their shadow tables) and their columns."""
    names = [row[0] for row in conn.execute(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' "
        "and sql not like 'CREATE VIRTUAL TABLE%'")]
    fts = _fts_tables(conn)
    names = [name for name in names if not any(name.startswith(f + "_") for f in fts)]
    return {name: [row[1] for row in conn.execute(f"pragma table_info([{name}])")] for name in names}


def _fts_tables(conn: sqlite3.Connection) -> list[str]:
    return [row[0] for row in conn.execute(
        "select name from sqlite_master where type = 'table' and sql like 'CREATE VIRTUAL TABLE%USING FTS%'")]


def _delete_orphan_owners(conn: sqlite3.Connection, tables: dict[str, list[str]]) -> None:
    """Owners linked to nothing that is left came only from left-out documents."""
    links = [f"select owner_id from [{table}]" for table, columns in tables.items()
             if "owner_id" in columns and table != "owners"]
    if links:
        conn.execute(f"delete from owners where id not in ({' union '.join(links)})")


def _redact_text(conn: sqlite3.Connection, tables: dict[str, list[str]]) -> None:
    conn.create_function("redact", 1, lambda value: redact(value) if isinstance(value, str) else value,
                         deterministic=True)
    for table, columns in tables.items():
        text_columns = [c for c in columns if not KEY_COLUMN.match(c)]
        for column in text_columns:
            conn.execute(f"update [{table}] set [{column}] = redact([{column}]) "
                         f"where [{column}] like '%@%' or [{column}] glob '*[0-9][0-9][0-9]*'")


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
