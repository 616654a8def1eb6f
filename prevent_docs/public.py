"""The public copy of a database: what `serve --public` serves instead of the database itself.

Documents with any protective marking but a public one (OFFICIAL, UNRESTRICTED, NOT
PROTECTIVELY MARKED, UNCLASSIFIED, or none) are left out with every record that came from
them: an unknown marking is left out too (`extractors.marking.is_public`). Owners' email
addresses and phone numbers are nulled; addresses and UK phone numbers written anywhere else,
file names included, are replaced by a placeholder; file locations and ingest errors are
dropped. A copy, rather than hiding columns in the app, means no query, facet, export or
search can reach what was removed.

UK numbers are found in the shapes people write them: "0116 305 6056", "(0116) 305 7000",
"0116.305.7002", "01163056056", "+44 (0)116 305 6056", "0044 116 305 7001", and without the
leading 0 ("116 305 7005"). A run of digit groups is a phone number only if its digits add
up to one (10 or 11 from a 0, 9 or 10 after +44, exactly 10 without either) and its groups
are shaped like one, so years, dates, money, counts, paragraph numbers and figures survive.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from extractors.marking import is_public

#: Host names have no underscores, so a file name's "_notes" after an address is not part of it.
EMAIL = re.compile(r"[\w.+'-]+@(?:[^\W_]|-)+(?:\.(?:[^\W_]|-)+)+")
#: Runs of digit groups that may hold a phone number; `_phone_spans` decides which part is one.
_NUMBER_RUN = re.compile(r"(?<![\w£$€])(?<!\d[.,])(?:\+\s?)?\(?\d[\d()]*(?:[ \u00a0.-]{1,3}\(?\d[\d()]*)*")
#: In a file name "_" separates groups too, and letters may run into a number ("tel01163057000").
_FILE_NUMBER_RUN = re.compile(r"(?<![\d£$€])(?<!\d[.,])(?:\+\s?)?\(?\d[\d()]*(?:[ \u00a0._-]{1,3}\(?\d[\d()]*)*")
_GROUP = re.compile(r"(?:\+\s?)?\(?\d[\d()]*")
#: A phone number is written in at most five groups: "+44 (0) 116 305 6056".
MAX_PHONE_GROUPS = 5
#: Digits a UK number is written with: 10 ("116 305 7005", "0800 123 456") to 15 ("0044 (0) 116 305 7001").
MIN_PHONE_DIGITS, MAX_PHONE_DIGITS = 10, 15
EMAIL_REMOVED = "[email removed]"
PHONE_REMOVED = "[phone removed]"
#: Columns that hold keys, never free text, so redaction leaves them alone.
KEY_COLUMN = re.compile(r"^(id|.*_id|gss_code|.*_code|sha256|format)$")
#: Columns that hold file names or paths: redacted as file names, keeping their extension.
FILE_COLUMN = re.compile(r"^(path|file_name|.*_path|.*_file_name|.*_file)$")

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
                    if not is_public(row[1])]
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
    return _redact_phones(EMAIL.sub(EMAIL_REMOVED, text), _NUMBER_RUN)


def redact_file_name(name: str) -> str:
    """Replace email addresses and UK phone numbers in a file name or path, keeping its extension."""
    stem, dot, extension = name.rpartition(".")
    if not dot or not extension.isalnum() or len(extension) > 5:
        stem, dot, extension = name, "", ""
    return _redact_phones(EMAIL.sub(EMAIL_REMOVED, stem), _FILE_NUMBER_RUN) + dot + extension


def _redact_phones(text: str, runs: re.Pattern) -> str:
    out, end = [], 0
    for run in runs.finditer(text):
        for start, stop in _phone_spans(run.group(), run.start()):
            out += [text[end:start], PHONE_REMOVED]
            end = stop
    return "".join(out) + text[end:]


def _phone_spans(run: str, offset: int) -> list[tuple[int, int]]:
    """Spans of `run` (shifted by `offset`) that are phone numbers: the longest from each group on."""
    if sum(char.isdigit() for char in run) < MIN_PHONE_DIGITS:  # a year, a count, a date: most runs
        return []
    groups = list(_GROUP.finditer(run))
    digits = [sum(char.isdigit() for char in group.group()) for group in groups]
    spans, index = [], 0
    while index < len(groups):
        for last in range(min(len(groups), index + MAX_PHONE_GROUPS) - 1, index - 1, -1):
            if MIN_PHONE_DIGITS <= sum(digits[index:last + 1]) <= MAX_PHONE_DIGITS and \
                    _is_phone([group.group() for group in groups[index:last + 1]]):
                spans.append((offset + groups[index].start(), offset + groups[last].end()))
                index = last
                break
        index += 1
    return spans


def _is_phone(groups: list[str]) -> bool:
    """Do these digit groups, as written, make a UK phone number?"""
    written = "".join(groups).replace(" ", "")
    digits = "".join(filter(str.isdigit, written))
    if written.startswith(("+44", "0044")):
        national = digits.removeprefix("00")[2:]
        national = national.removeprefix("0")  # "+44 (0)116", or a 0 written where it should not be
        return 9 <= len(national) <= 10
    later = ["".join(filter(str.isdigit, group)) for group in groups[1:]]
    if any(len(group) < 3 for group in later) or any(c in "".join(groups[1:]) for c in "()+"):
        return False
    first = "".join(filter(str.isdigit, groups[0]))
    if digits.startswith("0"):
        return len(digits) in (10, 11) and digits[1] != "0" and (not later or 3 <= len(first) <= 5)
    return len(digits) == 10 and digits[0] in "1237" and 1 <= len(later) <= 2 and 2 <= len(first) <= 4


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
    """Redact every column but keys: file names and paths as file names, the rest as text."""
    conn.create_function("redact", 1, lambda value: redact(value) if isinstance(value, str) else value,
                         deterministic=True)
    conn.create_function("redact_file_name", 1,
                         lambda value: redact_file_name(value) if isinstance(value, str) else value,
                         deterministic=True)
    for table, columns in tables.items():
        for column in columns:
            if KEY_COLUMN.match(column):
                continue
            function = "redact_file_name" if FILE_COLUMN.match(column) else "redact"
            conn.execute(f"update [{table}] set [{column}] = {function}([{column}]) "
                         f"where [{column}] like '%@%' or [{column}] glob '*[0-9][0-9][0-9]*'")


def withheld_note(public_copy: PublicCopy) -> str:
    """The sentence that tells a reader what a public copy leaves out."""
    documents = public_copy.withheld_documents
    return (f"Public copy: {documents} document{'' if documents == 1 else 's'} marked OFFICIAL-SENSITIVE "
            f"or above left out, with the {public_copy.withheld_records} passages and records extracted "
            f"from {'it' if documents == 1 else 'them'}; email addresses and phone numbers removed.")
