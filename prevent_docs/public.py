"""The public copy of a database: what `serve --public` serves instead of the database itself.

Documents marked OFFICIAL-SENSITIVE or above are left out with every record that came from
them, owners' email addresses and phone numbers are nulled, addresses and numbers written in
the text are replaced by a placeholder, and file locations and ingest errors are dropped. A
copy, rather than hiding columns in the app, means no query, facet, export or search can
reach what was removed.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

#: Protective markings that keep a document out of a public copy. "OFFICIAL" alone is public.
NOT_PUBLIC_MARKING = re.compile(r"\b(OFFICIAL[\s_-]*SENSITIVE|SECRET|RESTRICTED|CONFIDENTIAL)\b", re.I)
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
#: UK numbers as councils write them: 0116 305 6056, 01785 278163, +44 (0)116 305 6056.
PHONE = re.compile(r"(?<![\w])(?:\+44\s?(?:\(0\)\s?)?|0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\w])")
EMAIL_REMOVED = "[email removed]"
PHONE_REMOVED = "[phone removed]"
#: Columns that hold keys or file locations, never free text, so redaction leaves them alone.
KEY_COLUMN = re.compile(r"^(id|.*_id|gss_code|.*_code|path|file_name|sha256|format)$")

@dataclass(frozen=True)
class PublicCopy:
    """A redacted copy of a database, and how many documents were left out of it."""

    path: Path
    withheld_documents: int
    withheld_records: int


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


def withheld_note(public_copy: PublicCopy) -> str:
    """The sentence that tells a reader what a public copy leaves out."""
    documents = public_copy.withheld_documents
    return (f"Public copy: {documents} document{'' if documents == 1 else 's'} marked OFFICIAL-SENSITIVE "
            f"or above left out, with the {public_copy.withheld_records} passages and records extracted "
            f"from {'it' if documents == 1 else 'them'}; email addresses and phone numbers removed.")
