"""The SQLite store: the one module that writes the database.

It knows SQLite and nothing about extraction. An `Extraction` (a document and all its
records) is written in one transaction, keyed by the file's sha256, so a document's
records all land or none do. Tables and columns follow `DATA-CONTRACT.md`; they are
created up front so that an empty database already has every contract column.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import os
import sqlite3
import time
from pathlib import Path
from typing import Any, Iterable, Iterator

import sqlite_utils

from prevent_docs.errors import NotAPreventDatabase, UnusableDatabase, printable
from schemas.records import DOCUMENT_KINDS, Extraction, normalise_key

#: Contract tables and their columns, in the order researchers see them.
TABLES: dict[str, dict[str, type]] = {
    "documents": {
        "id": str, "file_name": str, "path": str, "format": str, "kind": str, "title": str,
        "authority_code": str, "authority_name": str, "body": str, "date": str, "period": str,
        "pages": int, "protective_marking": str, "extractor_version": str, "ingested_at": str,
        "file_size": int, "file_mtime": float,
        # Where a fetched paper was published (`prevent-docs fetch`'s manifest): the original on the
        # council's site, the committee and the meeting's date, whatever the paper itself says.
        "source_url": str, "committee": str, "meeting_date": str,
        # Pages read by OCR (scanned pages without a usable text layer).
        "ocr_pages": int,
    },
    # ocr_confidence: null for text read from the file; for text read by OCR from a scanned
    # page, the engine's mean word confidence (0-100).
    "passages": {"id": str, "document_id": str, "page": int, "number": str, "heading": str,
                 "kind": str, "position": int, "text": str, "ocr_confidence": float},
    "benchmarks": {"id": str, "document_id": str, "authority_code": str, "year": int, "area": str,
                   "score": int, "rating": str, "evidence": str, "page": int},
    "recommendations": {"id": str, "document_id": str, "number": str, "title": str, "text": str,
                        "area": str, "kind": str, "status": str, "page": int},
    "actions": {"id": str, "document_id": str, "number": str, "text": str, "timescale": str,
                "outcome": str, "area": str, "status": str, "lead": str, "source": str, "page": int},
    "owners": {"id": str, "name": str, "role": str, "organisation": str, "email": str, "phone": str},
    "action_owners": {"action_id": str, "owner_id": str},
    "document_owners": {"document_id": str, "owner_id": str, "capacity": str},
    "figures": {"id": str, "document_id": str, "value": float, "unit": str, "qualifier": str,
                "text": str, "page": int},
    "authorities": {"gss_code": str, "name": str, "official_name": str, "tier": str, "region": str,
                    "status": str, "notes": str},
    "status_history": {"record_id": str, "status": str, "asserted_by": str, "evidence_document_id": str,
                       "evidence_page": int, "quote": str, "note": str, "at": str},
    "ingest_errors": {"path": str, "sha256": str, "error": str, "detail": str, "at": str},
}

PRIMARY_KEYS: dict[str, str | tuple[str, ...]] = {
    "documents": "id", "passages": "id", "benchmarks": "id", "recommendations": "id", "actions": "id",
    "owners": "id", "figures": "id", "authorities": "gss_code", "ingest_errors": "path",
    "action_owners": ("action_id", "owner_id"), "document_owners": ("document_id", "owner_id", "capacity"),
}

FOREIGN_KEYS: dict[str, list[tuple[str, str, str]]] = {
    "passages": [("document_id", "documents", "id")],
    "benchmarks": [("document_id", "documents", "id"), ("authority_code", "authorities", "gss_code")],
    "recommendations": [("document_id", "documents", "id")],
    "actions": [("document_id", "documents", "id")],
    "figures": [("document_id", "documents", "id")],
    "documents": [("authority_code", "authorities", "gss_code")],
    "action_owners": [("action_id", "actions", "id"), ("owner_id", "owners", "id")],
    "document_owners": [("document_id", "documents", "id"), ("owner_id", "owners", "id")],
}

#: Tables whose rows belong to one document and are replaced when it is re-extracted.
DOCUMENT_TABLES = ("passages", "benchmarks", "recommendations", "actions", "figures")

#: Full-text search: table to the columns indexed.
FTS_COLUMNS: dict[str, list[str]] = {
    "passages": ["text", "heading"],
    "recommendations": ["title", "text"],
    "actions": ["text", "outcome", "lead"],
}

INDEXES: list[tuple[str, list[str]]] = [
    ("documents", ["authority_code"]), ("documents", ["kind"]), ("documents", ["date"]), ("documents", ["path"]),
    ("passages", ["document_id"]), ("benchmarks", ["document_id"]), ("benchmarks", ["authority_code", "year", "area"]),
    ("benchmarks", ["area"]), ("recommendations", ["document_id"]), ("recommendations", ["area"]),
    ("actions", ["document_id"]), ("action_owners", ["owner_id"]), ("document_owners", ["owner_id"]),
    ("figures", ["document_id"]), ("status_history", ["record_id"]), ("authorities", ["name"]),
    # The columns table pages sort and facet by (datasette_config/metadata.yml): a facet counts
    # every row, through an index a fraction of the table's size rather than the table itself.
    ("documents", ["format"]), ("documents", ["protective_marking"]), ("benchmarks", ["year"]),
    ("benchmarks", ["score"]), ("recommendations", ["kind"]), ("recommendations", ["status"]),
    ("actions", ["area"]), ("actions", ["status"]), ("actions", ["lead"]), ("actions", ["source"]),
    ("figures", ["value"]), ("figures", ["unit"]), ("figures", ["qualifier"]),
    ("status_history", ["at"]), ("status_history", ["status"]), ("status_history", ["asserted_by"]),
]

# --- Summaries: tables the canned queries read instead of scanning every record ------------
# Kept right by triggers on every write, whoever makes it (including the deletes of a public
# copy), so they never need a separate step; `refresh_summaries` rebuilds them in full after
# a bulk load that went around the triggers. Not contract tables: they hold nothing that
# `documents` and `benchmarks` do not.

#: The ranking that picks "the latest paper's score" where several papers score the same
#: authority, year and area (the canned queries and the heatmap have always used this one).
_LATEST = "d.date desc nulls last, b.score is null, b.document_id"

SUMMARY_TABLES: dict[str, str] = {
    # One row per authority, year and benchmark area scored: the latest paper's score, how
    # many papers score it, the latest score given (a paper may rate without scoring) and the
    # score given for the previous year scored, for comparisons.
    "latest_scores": """create table latest_scores (
        authority_code text, year integer, area text, score integer, rating text, document_id text,
        page integer, papers integer, scored_score integer, scored_document_id text, scored_page integer,
        previous_year integer, previous_score integer)""",
    # Documents by authority (GSS code, or '' with the name the papers give where they name no
    # known council) and year (of the date, else of the period, else '(undated)'): how many
    # files, how many of them have a kind, and how many of each kind.
    "document_counts": f"""create table document_counts (
        authority_code text not null, authority_name text not null, year text not null,
        files integer not null, documents integer not null,
        {", ".join(f"{kind} integer not null" for kind in DOCUMENT_KINDS)})""",
    # Every improvement recommendation and action with what the open list shows and sorts by:
    # its paper's council, date and format, and whether its status closes it. A paper held in
    # several formats has its items once each in the list: the copies of an item (same record
    # type, council, date, number and first 60 letters) are a group, whose PDF copy (else the
    # first format by name) is `shown`, with the number of `copies`.
    "listed_items": """create table listed_items (
        id text primary key, record text, document_id text, page integer, number text, text text,
        area text, status text, timescale text, authority_code text, authority text, dated text,
        year text, format text, item_key text, closed integer, shown integer, copies integer)""",
}

#: Indexes of older databases that the summary indexes below replace.
_REPLACED_INDEXES = ("latest_scores_year", "latest_scores_chain")
_SUMMARY_INDEXES: dict[str, str] = {
    "latest_scores_key": "create index latest_scores_key on latest_scores (authority_code, year, area)",
    # With the score a paper gave, so the heatmap's years and each area's latest score are read
    # from the index alone.
    "latest_scores_by_year": "create index latest_scores_by_year on latest_scores (year, authority_code, scored_score)",
    "latest_scores_by_area": "create index latest_scores_by_area on latest_scores "
                             "(authority_code, area, year, scored_score)",
    "document_counts_key": "create unique index document_counts_key on document_counts "
                           "(authority_code, year, authority_name)",
    # Actions by owner, listed by owner name: read owners in that order, never sort every action.
    "owners_by_name": "create index owners_by_name on owners (coalesce(name, role), organisation)",
    "listed_items_group": "create index listed_items_group on listed_items (item_key, authority_code, dated, number, record)",
    # The open list in its order: its first page is the index's first rows, whatever the size;
    # a council's or an area's rows are picked from the index alone (its last columns).
    "listed_items_in_order": "create index listed_items_in_order on listed_items "
                             "(dated is null, dated, authority, record, page, cast(number as integer), number, id, "
                             "authority_code, area) where shown = 1 and closed = 0",
    "listed_items_authority": "create index listed_items_authority on listed_items (authority_code) "
                              "where shown = 1 and closed = 0",
    "listed_items_document": "create index listed_items_document on listed_items (document_id)",
}


def _latest_scores_insert(where: str) -> str:
    """Insert the latest_scores rows of the groups of the benchmarks matching `where` (on `b`).

    Groups are read in index order and each one's latest paper picked by a lookup, which is
    much faster than ranking every score at once. The latest score given is the latest
    paper's where that paper gives a score (it comes first in the ranking then);
    `_scored_update` finds it for the rest.
    """
    return f"""insert into latest_scores (authority_code, year, area, score, rating, document_id, page, papers,
          scored_score, scored_document_id, scored_page)
        select b.authority_code, b.year, b.area, b.score, b.rating, b.document_id, b.page, g.papers, b.score,
          case when b.score is not null then b.document_id end, case when b.score is not null then b.page end
        from (
          select b.authority_code, b.year, b.area, count(*) as papers,
            (select t.rowid from benchmarks t join documents d on d.id = t.document_id
             where t.authority_code is b.authority_code and t.year is b.year and t.area is b.area
             order by {_LATEST.replace("b.", "t.")} limit 1) as latest
          from benchmarks b join documents d on d.id = b.document_id
          where {where}
          group by b.authority_code, b.year, b.area
        ) g join benchmarks b on b.rowid = g.latest"""


def _scored_update(where: str) -> str:
    """Fill the latest score given of rows matching `where` whose latest paper gives none."""
    return f"""update latest_scores set (scored_score, scored_document_id, scored_page) = (
          select b.score, b.document_id, b.page from benchmarks b join documents d on d.id = b.document_id
          where b.authority_code is latest_scores.authority_code and b.year is latest_scores.year
            and b.area is latest_scores.area and b.score is not null
          order by {_LATEST} limit 1)
        where score is null and {where}"""


def _previous_scores_update(where: str) -> str:
    """Fill previous_year and previous_score (the year before scored, nulls first) of rows matching `where`."""
    return f"""update latest_scores set (previous_year, previous_score) = (
          select p.year, p.scored_score from latest_scores p
          where p.authority_code is latest_scores.authority_code and p.area is latest_scores.area
            and p.scored_score is not null
            and (p.year < latest_scores.year or (p.year is null and latest_scores.year is not null))
          order by p.year is null, p.year desc limit 1)
        where {where}"""


def _same_group(row: str, alias: str = "") -> str:
    """A condition on `alias` (a table alias and dot, or nothing): the authority, year and area of `row`."""
    return " and ".join(f"{alias}{column} is {row}.{column}" for column in ("authority_code", "year", "area"))


def _latest_scores_recompute(row: str) -> str:
    """Trigger statements that recompute the group of benchmark `row` (new or old)."""
    return ";\n".join([
        f"delete from latest_scores where {_same_group(row)}",
        _latest_scores_insert(_same_group(row, "b.")),
        _scored_update(_same_group(row)),
        _previous_scores_update(f"authority_code is {row}.authority_code and area is {row}.area"),
    ]) + ";"


def _document_key(row: str) -> str:
    """authority_code, authority_name and year of document `row` (new, old or a table alias) in document_counts."""
    return (f"coalesce({row}.authority_code, ''), "
            f"case when {row}.authority_code is null then coalesce({row}.authority_name, '') else '' end, "
            f"coalesce(substr({row}.date, 1, 4), substr({row}.period, 1, 4), '(undated)')")


#: The counted columns of document_counts, and what each counts of a document `{row}`.
_DOCUMENT_COUNTS = {"files": "1", "documents": "({row}.kind is not null)",
                    **{kind: f"({{row}}.kind is '{kind}')" for kind in DOCUMENT_KINDS}}


def _count_document(row: str, change: int) -> str:
    """Trigger statements that add document `row` (new or old) to document_counts, or take it away."""
    if change > 0:
        columns = ", ".join(_DOCUMENT_COUNTS)
        values = ", ".join(value.format(row=row) for value in _DOCUMENT_COUNTS.values())
        updates = ", ".join(f"{column} = {column} + excluded.{column}" for column in _DOCUMENT_COUNTS)
        return (f"insert into document_counts (authority_code, authority_name, year, {columns}) "
                f"values ({_document_key(row)}, {values}) "
                f"on conflict (authority_code, year, authority_name) do update set {updates};")
    key = f"(authority_code, authority_name, year) = ({_document_key(row)})"
    updates = ", ".join(f"{column} = {column} - {value.format(row=row)}" for column, value in _DOCUMENT_COUNTS.items())
    return (f"update document_counts set {updates} where {key};\n"
            f"delete from document_counts where {key} and files < 1;")


#: Touching a document's benchmarks makes their own triggers recompute the groups they are in.
_TOUCH_BENCHMARKS = "update benchmarks set year = year where document_id = {row}.id;"

# --- listed_items: the open list's rows, kept by triggers on recommendations and actions ---

#: Statuses that close an item (any case, spaces trimmed); an empty status is open.
CLOSED_STATUSES = ("closed", "complete", "completed", "done", "implemented", "achieved", "met",
                   "superseded", "withdrawn", "blue")
#: What the list shows of each kind of record (`{row}`: new, or a table alias).
_LISTED_TEXT = {"recommendation": "coalesce({row}.title || ': ', '') || {row}.text", "action": "{row}.text"}
_LISTED_TIMESCALE = {"recommendation": "null", "action": "{row}.timescale"}
#: The copy of a group that is shown: the PDF, else the first format by name.
_LISTED_FIRST = "g.format != 'pdf', g.format, g.document_id, g.id"
_LISTED_GROUP = " and ".join(f"g.{column} is {{key}}.{column}"
                             for column in ("item_key", "authority_code", "dated", "number", "record"))


def _listed_select(record: str, row: str) -> str:
    """The listed_items columns of record `row` (new, or a table alias) of `record`'s table, joined to its paper."""
    text = _LISTED_TEXT[record].format(row=row)
    closed = ", ".join(f"'{status}'" for status in CLOSED_STATUSES)
    return f"""select {row}.id, '{record}', {row}.document_id, {row}.page, {row}.number, {text}, {row}.area,
          {row}.status, {_LISTED_TIMESCALE[record].format(row=row)}, d.authority_code,
          coalesce(a.name, d.authority_name), coalesce(d.date, d.period),
          coalesce(substr(d.date, 1, 4), substr(d.period, 1, 4)), d.format,
          substr(replace(replace(lower({text}), ' ', ''), char(10), ''), 1, 60),
          lower(trim(coalesce({row}.status, ''))) in ({closed}), 0, 0
        from documents d left join authorities a on a.gss_code = d.authority_code
        where d.id = {row}.document_id"""


_LISTED_COLUMNS = ("id, record, document_id, page, number, text, area, status, timescale, authority_code, "
                   "authority, dated, year, format, item_key, closed, shown, copies")


def _listed_regroup(record_id: str, *, leaving: bool = False) -> str:
    """Set `shown` and `copies` across the group of the listed item `record_id`; if `leaving`, without it."""
    without = f" and g.id is not {record_id}" if leaving else ""
    return f"""update listed_items set
          shown = (id = (select g.id from listed_items g where {_LISTED_GROUP.format(key="listed_items")}{without}
                         order by {_LISTED_FIRST} limit 1)),
          copies = (select count(*) from listed_items g where {_LISTED_GROUP.format(key="listed_items")}{without})
        where rowid in (select g.rowid from listed_items k join listed_items g on {_LISTED_GROUP.format(key="k")}
                        where k.id = {record_id});"""


def _listed_remove(row: str) -> str:
    """Trigger statements that take record `row` (old) out of listed_items."""
    return f"{_listed_regroup(f'{row}.id', leaving=True)}\ndelete from listed_items where id = {row}.id;"


def _listed_add(record: str, row: str, when: str = "true") -> str:
    """Trigger statements that put record `row` (new) into listed_items, if `when`."""
    return (f"insert into listed_items ({_LISTED_COLUMNS}) {_listed_select(record, row)} and {when};\n"
            f"{_listed_regroup(f'{row}.id')}")


def _listed_triggers(record: str, table: str, columns: str, when: str) -> dict[str, str]:
    return {
        f"listed_items_{table}_insert": f"after insert on {table} begin {_listed_add(record, 'new', when)} end",
        f"listed_items_{table}_delete": f"after delete on {table} begin {_listed_remove('old')} end",
        f"listed_items_{table}_update": (f"after update of {columns} on {table} begin {_listed_remove('old')} "
                                         f"{_listed_add(record, 'new', when)} end"),
    }


#: Touching a paper's records makes their own triggers list them again with its new council, date or format.
_TOUCH_LISTED = ("update recommendations set page = page where document_id = {row}.id;\n"
                 "update actions set page = page where document_id = {row}.id;")
_LISTED_DOCUMENT_COLUMNS = ("authority_code", "authority_name", "date", "period", "format")

_SUMMARY_TRIGGERS: dict[str, str] = {
    "latest_scores_benchmark_insert": f"after insert on benchmarks begin {_latest_scores_recompute('new')} end",
    "latest_scores_benchmark_delete": f"after delete on benchmarks begin {_latest_scores_recompute('old')} end",
    "latest_scores_benchmark_update": (
        "after update of document_id, authority_code, year, area, score, rating, page on benchmarks begin "
        f"{_latest_scores_recompute('new')} end"),
    "latest_scores_benchmark_move": (
        "after update of authority_code, year, area on benchmarks when old.authority_code is not new.authority_code "
        f"or old.year is not new.year or old.area is not new.area begin {_latest_scores_recompute('old')} end"),
    "summaries_document_insert": (f"after insert on documents begin {_count_document('new', 1)} "
                                  f"{_TOUCH_BENCHMARKS.format(row='new')} end"),
    "summaries_document_delete": (f"after delete on documents begin {_count_document('old', -1)} "
                                  f"{_TOUCH_BENCHMARKS.format(row='old')} end"),
    # Only when a value changes: redacting a public copy rewrites every date in place.
    "summaries_document_update": (
        "after update of authority_code, authority_name, date, period, kind on documents when "
        + " or ".join(f"old.{column} is not new.{column}" for column in
                      ("authority_code", "authority_name", "date", "period", "kind")) + " begin "
        f"{_count_document('old', -1)} {_count_document('new', 1)} {_TOUCH_BENCHMARKS.format(row='new')} end"),
    **_listed_triggers("recommendation", "recommendations",
                       "id, document_id, page, number, title, text, area, status, kind", "new.kind = 'improvement'"),
    **_listed_triggers("action", "actions", "id, document_id, page, number, text, area, status, timescale", "true"),
    # A paper written after its records (never by the store, but a bulk load may), or whose
    # council, date or format changes (a public copy redacts dates in place).
    "listed_items_document_insert": f"after insert on documents begin {_TOUCH_LISTED.format(row='new')} end",
    "listed_items_document_update": (
        "after update of " + ", ".join(_LISTED_DOCUMENT_COLUMNS) + " on documents when "
        + " or ".join(f"old.{column} is not new.{column}" for column in _LISTED_DOCUMENT_COLUMNS)
        + f" begin {_TOUCH_LISTED.format(row='new')} end"),
}

#: How long a writer waits for another process's lock before giving up (ms).
BUSY_TIMEOUT_MS = 60_000


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def open_db(path: str | Path, *, create: bool = True, write: bool = True) -> sqlite_utils.Database:
    """Open (and if need be create) a prevent-docs database, in WAL mode with a busy timeout.

    WAL lets Datasette read while an ingest writes, and the busy timeout lets two ingests
    share one file by waiting for each other instead of failing. The file is looked at
    read-only first (`check_database`), so that another program's SQLite file is never
    switched to WAL or written to. `write=False` opens it read-only, as `info` needs.
    """
    path = Path(path)
    check_database(path, create=create, write=write)
    if not write:
        return sqlite_utils.Database(_connect_read_only(path))
    try:
        db = sqlite_utils.Database(path)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # So that a row replaced by INSERT OR REPLACE fires its delete triggers (full-text index,
        # summaries) as a deleted row does.
        db.execute("PRAGMA recursive_triggers = ON")
        _enable_wal(db)
        if create:
            ensure_schema(db)
    except sqlite3.Error as e:
        raise UnusableDatabase(f"{printable(path)}: cannot write the database ({e})") from e
    return db


def check_database(path: Path, *, create: bool = True, write: bool = True) -> None:
    """Raise a one-line error unless `path` can be opened as asked, without writing to it.

    A prevent-docs database holds a `documents` table. A missing file may be created (if
    `create`) in a folder that exists and can be written; an existing SQLite file without
    that table is another program's, and is left alone unless it is empty.
    """
    name = printable(path)
    if path.is_dir():
        raise UnusableDatabase(f"{name} is a folder, not a database file")
    if not path.exists():
        if not create:
            raise NotAPreventDatabase(f"{name}: no such database: run `prevent-docs ingest PATH --db {name}` first")
        _check_folder(path)
        return
    try:
        with contextlib.closing(_connect_read_only(path)) as conn:
            tables = {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}
    except sqlite3.DatabaseError as e:
        if "not a database" in str(e):
            raise UnusableDatabase(f"{name} is not a SQLite database ({e})") from e
        raise UnusableDatabase(f"{name}: cannot open the database ({e})") from e
    if "documents" not in tables and (tables or not create):
        raise NotAPreventDatabase(f"{name} is not a prevent-docs database (it has no documents table); "
                                  f"it was left as it was")
    if write and not os.access(path, os.W_OK):
        raise UnusableDatabase(f"{name}: the database file is read-only")
    if write and not os.access(path.parent, os.W_OK):
        raise UnusableDatabase(f"{name}: the folder {printable(path.parent)} is read-only, and SQLite writes "
                               f"its journal beside the database")


def _check_folder(path: Path) -> None:
    """Raise unless a new database can be made at `path`: its folder exists and can be written."""
    folder = path.parent
    if not folder.exists():
        raise UnusableDatabase(f"{printable(path)}: the folder {printable(folder)} does not exist")
    if not folder.is_dir():
        raise UnusableDatabase(f"{printable(path)}: {printable(folder)} is a file, not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UnusableDatabase(f"{printable(path)}: the folder {printable(folder)} is read-only")


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write, change the journal mode or create the file."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _enable_wal(db: sqlite_utils.Database) -> None:
    """Switch to WAL, waiting while another process holds the lock the switch needs.

    SQLite does not apply the busy timeout to a change of journal mode: two ingests
    creating one new database at once failed here with "database is locked".
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while db.journal_mode != "wal":
        try:
            db.enable_wal()
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """`db.atomic()` that takes SQLite's write lock as it begins (BEGIN IMMEDIATE).

    In WAL mode a transaction that reads before it writes cannot wait for another
    process's writer: if the other commits first, SQLite refuses the upgrade at once with
    "database is locked", busy timeout or not, since the reader's snapshot is stale. Taking
    the lock first makes a second `ingest` on the same database wait its turn instead.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        with db.atomic():
            yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.rollback()
        raise
    db.conn.commit()


def _schema_complete(db: sqlite_utils.Database) -> bool:
    names = set(db.table_names())
    if not (set(TABLES) <= names and all(f"{table}_fts" in names for table in FTS_COLUMNS)):
        return False
    if _missing_columns(db):
        return False
    indexed = {(table, tuple(index.columns)) for table in {t for t, _ in INDEXES} for index in db[table].indexes}
    if not all((table, tuple(columns)) in indexed for table, columns in INDEXES):
        return False
    return _summaries_complete(db)


def _missing_columns(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    """Contract columns that tables of an older database lack (new columns are only ever added)."""
    existing = set(db.table_names())
    return [(table, column) for table, columns in TABLES.items() if table in existing
            for column in columns if column not in db[table].columns_dict]


def _summaries_complete(db: sqlite_utils.Database) -> bool:
    names = {row[0] for row in db.execute("select name from sqlite_master")}
    return set(SUMMARY_TABLES) | set(_SUMMARY_INDEXES) | set(_SUMMARY_TRIGGERS) <= names


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create every contract table, index and full-text index that is missing.

    Under the write lock, and looking again once it is held, so that two processes
    creating one new database do not both create the same table.
    """
    if _schema_complete(db):
        return
    with write_transaction(db):
        existing = set(db.table_names())
        # Referenced tables first, so foreign keys can be declared.
        first = ("authorities", "documents", "owners", "actions")
        order = [*first, *(name for name in TABLES if name not in first)]
        for table, column in _missing_columns(db):  # columns added since the database was made
            db[table].add_column(column, TABLES[table][column])
        for name in order:
            columns = TABLES[name]
            if name in existing:
                continue
            db[name].create(columns, pk=PRIMARY_KEYS.get(name), if_not_exists=True,
                            foreign_keys=FOREIGN_KEYS.get(name))
        for table, columns in INDEXES:
            db[table].create_index(columns, if_not_exists=True)
        for table, columns in FTS_COLUMNS.items():
            if not db[table].detect_fts():
                db[table].enable_fts(columns, create_triggers=True, tokenize="porter")
        if not _summaries_complete(db):
            _create_summaries(db)


def _create_summaries(db: sqlite_utils.Database) -> None:
    """Create the summary tables, indexes and triggers that are missing, and fill the tables."""
    names = {row[0] for row in db.execute("select name from sqlite_master")}
    for name in _REPLACED_INDEXES:
        db.execute(f"drop index if exists [{name}]")
    for name, sql in SUMMARY_TABLES.items():
        if name not in names:
            db.execute(sql)
    for name, sql in _SUMMARY_INDEXES.items():
        if name not in names:
            db.execute(sql)
    for name, sql in _SUMMARY_TRIGGERS.items():
        if name not in names:
            db.execute(f"create trigger [{name}] {sql}")
    refresh_summaries(db)  # a table or trigger was missing, so the tables may be behind


def refresh_summaries(db: sqlite_utils.Database) -> None:
    """Rebuild the summary tables from the records, after a bulk load that dropped the triggers."""
    with write_transaction(db):
        db.execute("delete from latest_scores")
        db.execute(_latest_scores_insert("true"))
        db.execute(_scored_update("true"))
        db.execute(_previous_scores_update("true"))
        db.execute("delete from document_counts")
        sums = ", ".join(f"sum({value.format(row='d')})" for value in _DOCUMENT_COUNTS.values())
        db.execute(f"""insert into document_counts (authority_code, authority_name, year, {", ".join(_DOCUMENT_COUNTS)})
            select {_document_key("d")}, {sums} from documents d group by 1, 2, 3""")
        _refresh_listed_items(db)


def _refresh_listed_items(db: sqlite_utils.Database) -> None:
    """Rebuild listed_items from every record, then mark each group's shown copy and count its copies."""
    db.execute("delete from listed_items")
    db.execute(f"insert into listed_items ({_LISTED_COLUMNS}) "
               f"{_listed_select('recommendation', 'r').replace('where d.id = r.document_id', '')}"
               .replace("from documents d", "from recommendations r join documents d on d.id = r.document_id")
               + " where r.kind = 'improvement'")
    db.execute(f"insert into listed_items ({_LISTED_COLUMNS}) "
               f"{_listed_select('action', 'x').replace('where d.id = x.document_id', '')}"
               .replace("from documents d", "from actions x join documents d on d.id = x.document_id"))
    db.execute(f"""with grouped as (
          select g.rowid as key, row_number() over same_item = 1 as shown, count(*) over (partition by
            g.item_key, g.authority_code, g.dated, g.number, g.record) as copies
          from listed_items g
          window same_item as (partition by g.item_key, g.authority_code, g.dated, g.number, g.record
                               order by {_LISTED_FIRST}))
        update listed_items set shown = grouped.shown, copies = grouped.copies from grouped
        where grouped.key = listed_items.rowid""")


def load_authorities(db: sqlite_utils.Database, csv_path: Path) -> int:
    """Replace the `authorities` table with the register's rows; returns how many."""
    with csv_path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with write_transaction(db):
        db["authorities"].insert_all(rows, pk="gss_code", replace=True)
    return len(rows)


def known_documents(db: sqlite_utils.Database) -> dict[str, dict[str, Any]]:
    """sha256 to {path, extractor_version} for every stored document."""
    return {row["id"]: row for row in
            db.query("select id, path, extractor_version, file_size, file_mtime from documents")}


def move_document(db: sqlite_utils.Database, document_id: str, path: str, file_name: str) -> None:
    """Record that an unchanged document now lives at another path."""
    with write_transaction(db):
        db["documents"].update(document_id, {"path": path, "file_name": file_name})


def delete_document(db: sqlite_utils.Database, document_id: str) -> None:
    """Remove a document and every record extracted from it (user decisions are kept)."""
    with write_transaction(db):
        _delete_records(db, document_id)
        db.execute("delete from documents where id = ?", [document_id])


def _delete_records(db: sqlite_utils.Database, document_id: str) -> None:
    db.execute("delete from action_owners where action_id in (select id from actions where document_id = ?)",
               [document_id])
    db.execute("delete from document_owners where document_id = ?", [document_id])
    for table in DOCUMENT_TABLES:
        db.execute(f"delete from [{table}] where document_id = ?", [document_id])


def write_extraction(db: sqlite_utils.Database, extraction: Extraction, *,
                     replaces: str | None = None) -> list[dict[str, Any]]:
    """Write a document and all its records in one transaction, replacing what it had before.

    A different document that previously lived at the same path, or `replaces` (the file
    changed), is a previous version: the user's decisions about its records are carried
    over to the new version's (`carry_decisions`), then its records are removed. RETURNS
    what became of each of the previous version's recommendations and actions.
    """
    document = extraction.document
    versions: list[dict[str, Any]] = []
    with write_transaction(db):
        old_ids = [row[0] for row in db.execute("select id from documents where path = ? and id != ?",
                                                [document.path, document.id]).fetchall()]
        if replaces and replaces != document.id and replaces not in old_ids:
            old_ids.append(replaces)
        for old_id in old_ids:
            versions += carry_decisions(db, old_id, extraction)
            _delete_records(db, old_id)
            db.execute("delete from documents where id = ?", [old_id])
        _delete_records(db, document.id)
        _insert_or_replace(db, "documents", [document.model_dump(mode="json")])
        for table in DOCUMENT_TABLES:
            _insert(db, table, getattr(extraction, table))
        _upsert_owners(db, extraction)
        _insert(db, "action_owners", extraction.action_owners)
        _insert(db, "document_owners", extraction.document_owners)
        db.execute("delete from ingest_errors where path = ? or sha256 = ?", [document.path, document.id])
    return versions


def _insert(db: sqlite_utils.Database, table: str, records: Iterable) -> None:
    _insert_or_replace(db, table, [record.model_dump(mode="json") for record in records])


def _insert_or_replace(db: sqlite_utils.Database, table: str, rows: Iterable[dict[str, Any]]) -> None:
    """INSERT OR REPLACE rows of one shape into a table that has their columns.

    What sqlite-utils' `insert_all(replace=True)` does for these tables, as one prepared
    statement: its per-row checks (column types, JSON, the table's columns looked up for each
    chunk) were half of the time an ingest spends writing.
    """
    rows = list(rows)
    if not rows:
        return
    columns = list(rows[0])
    sql = (f"insert or replace into [{table}] ({', '.join(f'[{column}]' for column in columns)}) "
           f"values ({', '.join('?' * len(columns))})")
    db.conn.executemany(sql, [[row[column] for column in columns] for row in rows])


def _upsert_owners(db: sqlite_utils.Database, extraction: Extraction) -> None:
    """Owners are shared across documents: fill in fields a new paper adds, keep the rest.

    The owners already stored are read in one query and all rows written in one insert.
    """
    rows = {owner.id: owner.model_dump(mode="json") for owner in extraction.owners}
    if not rows:
        return
    ids = list(rows)
    stored = db.query(f"select * from owners where id in ({', '.join('?' * len(ids))})", ids)
    for old in stored:
        row = rows[old["id"]]
        rows[old["id"]] = {key: row[key] if row[key] is not None else old.get(key) for key in row}
    _insert_or_replace(db, "owners", rows.values())


def interrupted_files(db: sqlite_utils.Database) -> dict[str, tuple[str | None, str, str]]:
    """Files an ingest was reading when its process died: path to (sha256, error, detail)."""
    return {row["path"]: (row["sha256"], row["error"], row["detail"]) for row in
            db.query("select path, sha256, error, detail from ingest_errors where error in ('interrupted', 'crashed')")}


def record_error(db: sqlite_utils.Database, *, path: str, sha256: str | None, error: str, detail: str) -> None:
    """Remember a file that could not be read (one row per path, the latest failure)."""
    with write_transaction(db):
        db["ingest_errors"].insert({"path": path, "sha256": sha256, "error": error, "detail": detail,
                                    "at": now()}, pk="path", replace=True)


def summary(db: sqlite_utils.Database) -> dict[str, Any]:
    """What the database holds: documents by kind and authority, records by type, errors."""
    count = lambda table: db.execute(f"select count(*) from [{table}]").fetchone()[0]  # noqa: E731
    return {
        "documents": count("documents"),
        "documents_by_kind": dict(db.execute(
            "select coalesce(kind, '?'), count(*) from documents group by 1 order by 2 desc").fetchall()),
        "documents_by_authority": dict(db.execute(
            "select coalesce(authority_name, authority_code, '(none)'), count(*) from documents "
            "group by 1 order by 2 desc").fetchall()),
        "records": {table: count(table) for table in
                    ("passages", "benchmarks", "recommendations", "actions", "owners", "figures")},
        "errors": [dict(zip(("path", "error", "detail"), row)) for row in
                   db.execute("select path, error, detail from ingest_errors order by path").fetchall()],
    }


# --- Tracking: lineage links, threads, computed status, user decisions ----------------------
# Written by `prevent_docs.tracking`. Links and user decisions are keyed by record ids, which
# are stable while a file's bytes are, so they survive a re-ingest; when a file changes,
# `write_extraction` carries them over to the new version's records (`carry_decisions`).
# `delete_document` (a file gone) leaves them where they are. `status_history` (a contract
# table, above) holds both computed rows (`asserted_by` extracted or inferred, replaced by
# each `track`) and user rows (kept).

TRACKING_TABLES: dict[str, dict[str, type]] = {
    "record_links": {"from_id": str, "to_id": str, "confidence": float, "state": str, "method": str,
                     "note": str, "at": str},
    "threads": {"record_id": str, "thread_id": str, "record_type": str, "position": int},
    "tracked_items": {
        "thread_id": str, "record_id": str, "record_type": str, "records": int, "authority_code": str,
        "authority_name": str, "area": str, "number": str, "title": str, "text": str, "owner": str,
        "document_id": str, "page": int, "first_seen": str, "last_seen": str, "timescale": str,
        "due_date": str, "recurrence": str, "status": str, "status_by": str, "status_rule": str,
        "status_at": str, "evidence_document_id": str, "evidence_page": int, "evidence_quote": str,
        "conflict": int, "conflict_detail": str,
    },
    "user_decisions": {"id": int, "at": str, "decision": str, "record_id": str, "other_id": str,
                       "value": str, "note": str},
    # What became of each recommendation and action of a paper's previous version when its file
    # changed: the record of the new version it is (null: none has its text), and how many user
    # decisions (status rows, confirmed or rejected links) it had, carried over or left orphaned.
    "record_versions": {"old_id": str, "new_id": str, "record_type": str, "old_document_id": str,
                        "new_document_id": str, "decisions": int, "at": str},
    # The inputs tracking last ran to the end on (`tracking.inputs_fingerprint`): one row.
    "tracking_state": {"key": str, "value": str},
}
TRACKING_PRIMARY_KEYS: dict[str, str | tuple[str, ...]] = {
    "record_links": ("from_id", "to_id"), "threads": "record_id", "tracked_items": "thread_id",
    "user_decisions": "id", "record_versions": "old_id", "tracking_state": "key",
}
#: Tables of records a user decides about, and the record type each holds.
DECIDED_RECORDS = {"recommendations": "recommendation", "actions": "action"}
#: Columns `status_history` has beyond the contract's: which inference rule made a row.
STATUS_HISTORY_EXTRA = {"rule": str}


def carry_decisions(db: sqlite_utils.Database, old_document_id: str, extraction: Extraction) -> list[dict[str, Any]]:
    """Carry the user's decisions about a previous version's records over to the new version's.

    Record ids come from the file's sha256, so a changed file gives every record a new id. A
    record of the new version takes the place of an old one when it is of the same type and
    its normalised text is the same (the one with the same number first, where several are):
    the old one's user status rows and confirmed or rejected links move to it. Every old
    record is listed in `record_versions` with the record it became, or none: the decisions
    of a record whose text changed stay under its old id, orphaned but never dropped.
    Called inside `write_extraction`'s transaction; RETURNS the rows written, each with the
    old record's `text` too.
    """
    if "user_decisions" not in db.table_names():  # tracking never ran here: no decision yet
        return []
    db["record_versions"].create(TRACKING_TABLES["record_versions"], pk="old_id", if_not_exists=True)
    new_records: dict[tuple[str, str], list[Any]] = {}
    for table, record_type in DECIDED_RECORDS.items():
        for record in getattr(extraction, table):
            new_records.setdefault((record_type, normalise_key(record.text)), []).append(record)
    new_document_id, at = extraction.document.id, now()
    versions = []
    for table, record_type in DECIDED_RECORDS.items():
        for old_id, number, text in db.execute(f"select id, number, text from [{table}] where document_id = ?",
                                               [old_document_id]).fetchall():
            candidates = new_records.get((record_type, normalise_key(text)), [])
            match = next((r for r in candidates if r.number == number), candidates[0] if candidates else None)
            if match:
                candidates.remove(match)
            decisions = _move_decisions(db, old_id, match.id) if match else _count_decisions(db, old_id)
            versions.append({"old_id": old_id, "new_id": match.id if match else None, "record_type": record_type,
                             "old_document_id": old_document_id, "new_document_id": new_document_id,
                             "decisions": decisions, "at": at, "text": text})
    db.execute("update status_history set evidence_document_id = ? where evidence_document_id = ? "
               "and asserted_by = 'user'", [new_document_id, old_document_id])
    if versions:
        db["record_versions"].insert_all([{k: v for k, v in row.items() if k != "text"} for row in versions],
                                         pk="old_id", replace=True)
    return versions


#: A record's user decisions: its user status rows and the links a user confirmed or rejected.
_USER_STATUS = "from status_history where record_id = :old and asserted_by = 'user'"
_USER_LINKS = "from record_links where (from_id = :old or to_id = :old) and state in ('confirmed', 'rejected')"


def _count_decisions(db: sqlite_utils.Database, old_id: str) -> int:
    return db.execute(f"select (select count(*) {_USER_STATUS}) + (select count(*) {_USER_LINKS})",
                      {"old": old_id}).fetchone()[0]


def _move_decisions(db: sqlite_utils.Database, old_id: str, new_id: str) -> int:
    """Give record `new_id` the user decisions of `old_id`; RETURNS how many there were."""
    decisions = _count_decisions(db, old_id)
    if decisions:
        db.execute(f"update status_history set record_id = :new where rowid in (select rowid {_USER_STATUS})",
                   {"old": old_id, "new": new_id})
        for column in ("from_id", "to_id"):  # a computed link between the same two records gives way
            db.execute(f"update or replace record_links set {column} = :new where {column} = :old "
                       f"and state in ('confirmed', 'rejected')", {"old": old_id, "new": new_id})
    return decisions


def record_version(db: sqlite_utils.Database, old_id: str) -> dict[str, Any] | None:
    """What became of a record of a changed paper's previous version (following later versions too), or None."""
    if "record_versions" not in db.table_names():
        return None
    found = None
    seen = set()
    while old_id and old_id not in seen:
        seen.add(old_id)
        row = next(db.query("select * from record_versions where old_id = ?", [old_id]), None)
        if row is None:
            break
        found = {**row, "old_id": found["old_id"] if found else row["old_id"]}
        old_id = row["new_id"]
    return found


#: Partial indexes of the open tracked items: the open list in council order with every column
#: its filters and counts read (so a count never reads the table), and its distinct owners.
OPEN_INDEXES = {
    "tracked_items_open_list": "authority_name, area, status, conflict, due_date, first_seen, owner, authority_code",
    "tracked_items_open_owner": "owner",
    # The open_items canned query's order, then the columns its filters read: its first page
    # streams from here, however many items a council has (sorting each council's took 36 ms
    # of 150,000 items' first page).
    "tracked_items_open_order": "authority_name, due_date is null, due_date, first_seen, thread_id, area, owner, "
                                "authority_code, status, conflict",
}


def ensure_tracking_schema(db: sqlite_utils.Database, views: dict[str, str]) -> None:
    """Create the tracking tables that are missing and (re)create the tracking views.

    Under the write lock (which waits for another process's), looking at what exists once it
    is held, as `ensure_schema` does: two ingests finishing on a new database both get here.
    """
    ensure_schema(db)
    with write_transaction(db):
        existing = set(db.table_names())
        for name, columns in TRACKING_TABLES.items():
            if name not in existing:
                db[name].create(columns, pk=TRACKING_PRIMARY_KEYS[name], if_not_exists=True)
        history_columns = db["status_history"].columns_dict
        for column, kind in STATUS_HISTORY_EXTRA.items():
            if column not in history_columns:
                db["status_history"].add_column(column, kind)
        for table, columns in (("record_links", ["to_id"]), ("threads", ["thread_id"]),
                               ("record_links", ["state", "confidence"]), ("record_versions", ["new_id"]),
                               ("tracked_items", ["authority_code"])):
            db[table].create_index(columns, if_not_exists=True)
        # The open list (the open_items canned query, /-/open, `prevent-docs open`) in council
        # order, with every column its filters and counts read, and the distinct owners of its
        # type-ahead: read from these indexes, not from the table.
        db.execute("drop index if exists tracked_items_open")  # the list's index before it held the filters
        for name, columns in OPEN_INDEXES.items():
            db.execute(f"create index if not exists {name} on tracked_items ({columns}) "
                       "where status in ('open', 'in_progress') or conflict = 1")
        for name, sql in views.items():
            db.create_view(name, sql, replace=True)


def tracked_inputs(db: sqlite_utils.Database) -> str | None:
    """The fingerprint of the inputs tracking last ran to the end on, if it has."""
    row = db.execute("select value from tracking_state where key = 'inputs'").fetchone()
    return row[0] if row else None


def set_tracked_inputs(db: sqlite_utils.Database, fingerprint: str) -> None:
    with write_transaction(db):
        db.execute("insert or replace into tracking_state (key, value) values ('inputs', ?)", [fingerprint])


def replace_rows(db: sqlite_utils.Database, table: str, rows: list[dict[str, Any]], *,
                 where: str | None = None, where_args: list[Any] | None = None) -> None:
    """Delete a table's rows (all, or those matching `where`) and insert `rows`, in one transaction."""
    with write_transaction(db):
        db.execute(f"delete from [{table}]" + (f" where {where}" if where else ""), where_args or [])
        if rows:
            db[table].insert_all(rows, pk=TRACKING_PRIMARY_KEYS.get(table), alter=True)
