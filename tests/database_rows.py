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
