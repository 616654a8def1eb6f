"""Every row of a prevent-docs database, to compare two databases row for row (ids included)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

#: Columns that hold when a row was written, not what was found: `documents.ingested_at`, and
#: `at` of ingest_errors, status_history, record_links, user_decisions and record_versions.
CLOCK_COLUMNS = {"ingested_at", "at"}


def contents(db_path: Path) -> dict[str, list[tuple]]:
    """Every table's rows in rowid order (the order they were written), clock columns left out.

    The full-text indexes are left out too: they are kept by triggers from the tables compared.
    """
    with sqlite3.connect(db_path) as conn:
        tables = [name for (name,) in conn.execute(
            "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' "
            "and name not like '%_fts%' order by name")]
        found = {}
        for table in tables:
            columns = [row[1] for row in conn.execute(f"pragma table_info([{table}])") if row[1] not in CLOCK_COLUMNS]
            select = ", ".join(f"[{column}]" for column in columns)
            found[table] = conn.execute(f"select rowid, {select} from [{table}] order by rowid").fetchall()
    conn.close()
    return found


def clock_columns(db_path: Path) -> set[str]:
    """`table.column` of every clock column the database has."""
    with sqlite3.connect(db_path) as conn:
        tables = [name for (name,) in conn.execute("select name from sqlite_master where type = 'table'")]
        found = {f"{table}.{row[1]}" for table in tables for row in conn.execute(f"pragma table_info([{table}])")
                 if row[1] in CLOCK_COLUMNS}
    conn.close()
    return found


def assert_same_rows(expected: Path, actual: Path) -> None:
    """The two databases hold the same tables and the same rows, in the same order."""
    theirs, ours = contents(expected), contents(actual)
    assert ours.keys() == theirs.keys()
    for table in theirs:
        assert ours[table] == theirs[table], table


#: Each table of one document's rows, and the query that gives them in a stable order.
DOCUMENT_ROWS = {
    "documents": "select * from documents where id = :id",
    **{table: f"select * from [{table}] where document_id = :id order by id"
       for table in ("passages", "benchmarks", "recommendations", "actions", "figures")},
    "document_owners": "select * from document_owners where document_id = :id order by owner_id, capacity",
    "action_owners": "select * from action_owners where action_id in (select id from actions where document_id = :id) "
                     "order by action_id, owner_id",
}


def document_rows(db_path: Path) -> dict[str, dict[str, list[tuple]]]:
    """Each document's id to its rows in every table of its own, clock columns left out."""
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        ids = [row[0] for row in conn.execute("select id from documents order by id")]
        found = {document_id: {table: [tuple(value for key, value in zip(row.keys(), row)
                                             if key not in CLOCK_COLUMNS)
                                       for row in conn.execute(sql, {"id": document_id})]
                               for table, sql in DOCUMENT_ROWS.items()}
                 for document_id in ids}
    conn.close()
    return found
