"""Files and databases made on the fly for benchmarks and robustness tests.

Nothing here is committed as data: a 500-page PDF, a PDF bomb or a database of 100,000
documents is made in a temporary folder when a benchmark or test needs it, from the text
of the bundled corpus, so the measurements use council prose rather than lorem ipsum.

PDFs are written by hand (a few objects and a cross-reference table) rather than with a
PDF library, so that a test can make exactly the malformed or hostile file it needs: an
encryption dictionary, a page tree that fans out to 100,000 pages, nesting 100,000 deep.
"""

from __future__ import annotations

import random
import re
import shutil
import sqlite3
import zlib
from pathlib import Path
from typing import Iterable

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"

# --- PDF writing -------------------------------------------------------------------------

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 56
FONT_SIZE = 10.5
LEADING = 14
#: Characters per line for Helvetica at FONT_SIZE across the text width (roughly).
LINE_CHARS = 92


def pdf_from_objects(objects: list[bytes], *, root: int = 1, trailer: bytes = b"") -> bytes:
    """A PDF file from its objects (object n is objects[n - 1]), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, trailer, xref)
    return bytes(out)


def _stream(content: bytes, extra: bytes = b"", *, compress: bool = True) -> bytes:
    if compress:
        content = zlib.compress(content)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(content), extra) + content + b"\nendstream"


def _escape(text: str) -> bytes:
    data = text.encode("cp1252", errors="replace")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _wrap(text: str, width: int = LINE_CHARS) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + ([line] if line else [])


def _page_content(heading: str, paragraphs: list[str], table: list[list[str]] | None) -> bytes:
    """A page's content stream: a bold heading, numbered paragraphs, and a ruled table."""
    ops = [b"BT /F2 14 Tf %d %d Td (%s) Tj ET" % (MARGIN, PAGE_HEIGHT - MARGIN, _escape(heading))]
    y = PAGE_HEIGHT - MARGIN - 2 * LEADING
    for paragraph in paragraphs:
        lines = _wrap(paragraph)
        if y - LEADING * len(lines) < MARGIN + (160 if table else 0):
            break
        ops.append(b"BT /F1 %.1f Tf %d TL %d %d Td" % (FONT_SIZE, LEADING, MARGIN, y))
        ops += [b"(%s) Tj T*" % _escape(line) for line in lines]
        ops.append(b"ET")
        y -= LEADING * (len(lines) + 1)
    if table:
        ops += _table_ops(table, top=min(y, MARGIN + 150))
    return b"\n".join(ops)


def _table_ops(rows: list[list[str]], *, top: float) -> list[bytes]:
    """Draw a ruled table (every cell a stroked rectangle) with one line of text per cell."""
    columns = len(rows[0])
    width = (PAGE_WIDTH - 2 * MARGIN) / columns
    height = 24
    ops = [b"0.5 w"]
    for r, row in enumerate(rows):
        y = top - (r + 1) * height
        for c, cell in enumerate(row):
            x = MARGIN + c * width
            ops.append(b"%.2f %.2f %.2f %.2f re S" % (x, y, width, height))
            ops.append(b"BT /F1 9 Tf %.2f %.2f Td (%s) Tj ET" % (x + 4, y + 8, _escape(cell[: int(width / 5)])))
    return ops


def text_pdf(pages: int, *, seed: int = 7, table_every: int = 5) -> bytes:
    """A PDF of `pages` A4 pages of council prose: a heading and numbered paragraphs on
    each, and a ruled table (read by the table finder) on every `table_every`-th page."""
    rng = random.Random(seed)
    sentences = corpus_sentences()
    page_ids = [4 + 2 * index for index in range(pages)]
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % n for n in page_ids), pages),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for index in range(pages):
        paragraphs = [f"{index + 1}.{n} " + " ".join(rng.choice(sentences) for _ in range(rng.randint(2, 4)))
                      for n in range(1, 7)]
        table = None
        if table_every and index % table_every == table_every - 1:
            table = [["Action", "Lead", "Timescale", "Status"]] + [
                [rng.choice(sentences)[:30], "Prevent Lead", f"March 20{rng.randint(18, 25)}", rng.choice(["Green", "Amber", "Red"])]
                for _ in range(4)]
        content = _page_content(f"Section {index + 1}: Prevent delivery", paragraphs, table)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R /F2 %d 0 R >> >> >>"
                       % (PAGE_WIDTH, PAGE_HEIGHT, len(objects) + 2, 3 + 2 * pages + 1))
        objects.append(_stream(content))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    return pdf_from_objects(objects)


def image_pdf(pages: int = 2) -> bytes:
    """A PDF whose pages are only images (a scan): no text layer at all."""
    side = 64
    pixels = bytes((x * y) % 256 for y in range(side) for x in range(side))
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, filled in below
        _stream(pixels, b" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                        b"/BitsPerComponent 8" % (side, side)),
    ]
    kids = []
    for _ in range(pages):
        kids.append(len(objects) + 1)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                       b"/Resources << /XObject << /Im1 3 0 R >> >> >>" % (PAGE_WIDTH, PAGE_HEIGHT, len(objects) + 2))
        objects.append(_stream(b"q 483 0 0 730 56 56 cm /Im1 Do Q"))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % n for n in kids), pages)
    return pdf_from_objects(objects)


def encrypted_pdf() -> bytes:
    """A PDF under the standard security handler whose user password is not empty.

    /O and /U are random, so no password (the empty one included) opens it: a reader
    sees exactly what a password-protected council paper gives it.
    """
    rng = random.Random(1)
    o_value = bytes(rng.randrange(256) for _ in range(32)).hex().encode()
    u_value = bytes(rng.randrange(256) for _ in range(32)).hex().encode()
    plain = text_pdf(1)
    body = plain[plain.index(b"1 0 obj"):plain.index(b"xref")]
    objects = re.findall(rb"\d+ 0 obj\n(.*?)\nendobj\n", body, re.S)
    objects.append(b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -44 >>" % (o_value, u_value))
    file_id = b"<%s>" % bytes(rng.randrange(256) for _ in range(16)).hex().encode()
    return pdf_from_objects(objects, trailer=b"/Encrypt %d 0 R /ID [%s %s] " % (len(objects), file_id, file_id))


def bomb_pdf(pages: int = 100_000, *, fan_out: int = 10) -> bytes:
    """A PDF claiming `pages` pages in a few kilobytes: every level of the page tree points
    `fan_out` times at the same node below, down to a single shared page."""
    depth = 0
    while fan_out ** depth < pages:
        depth += 1
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        number = 2 + level
        child = number + 1
        count = fan_out ** (depth - level)
        parent = b" /Parent %d 0 R" % (number - 1) if level else b""
        objects.append(b"<< /Type /Pages%s /Kids [%s] /Count %d >>" % (
            parent, b" ".join([b"%d 0 R" % child] * fan_out), count))
    page = 2 + depth
    objects.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R >>" % (page - 1, page + 1))
    objects.append(_stream(b"BT /F1 12 Tf 72 720 Td (Prevent) Tj ET", compress=False))
    return pdf_from_objects(objects)


def nested_pdf(depth: int = 100_000) -> bytes:
    """A one-page PDF whose document information holds an array nested `depth` deep."""
    plain = text_pdf(1)
    body = plain[plain.index(b"1 0 obj"):plain.index(b"xref")]
    objects = re.findall(rb"\d+ 0 obj\n(.*?)\nendobj\n", body, re.S)
    objects.append(b"<< /Title (Nested) /Keywords " + b"[" * depth + b"]" * depth + b" >>")
    return pdf_from_objects(objects, trailer=b"/Info %d 0 R " % len(objects))


# --- Trees of files ------------------------------------------------------------------------

def corpus_sentences() -> list[str]:
    """Sentences of the bundled corpus texts, for synthetic pages."""
    text = " ".join(path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt")))
    sentences = [" ".join(s.split()) for s in re.split(r"(?<=[.;:])\s+", text)]
    return [s for s in sentences if 30 <= len(s) <= 300] or ["The Prevent duty applies to the council."]


def copy_tree(sources: Iterable[Path], dest: Path, *, copies: int = 1) -> list[Path]:
    """Copy files into `dest` `copies` times, each copy with a byte appended so that every
    file has its own sha256 (the same bytes would be one document). A PDF ignores bytes after
    its end; text gains a newline; a zip (DOCX, PPTX) keeps working with a trailing byte."""
    made = []
    for copy in range(copies):
        folder = dest / f"copy{copy:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        for number, source in enumerate(sources):
            target = folder / f"{number:03d}-{source.name}"  # papers of two folders may share a name
            shutil.copyfile(source, target)
            with target.open("ab") as f:
                f.write(b"\n" * (copy + 1))
            made.append(target)
    return made


def corpus_files(*folders: Path) -> list[Path]:
    """The papers of the given folders that ingest reads (absent folders are skipped)."""
    suffixes = {".pdf", ".docx", ".pptx", ".txt", ".md"}
    return [path for folder in folders if folder.is_dir()
            for path in sorted(folder.iterdir()) if path.suffix.lower() in suffixes]


# --- A large database ----------------------------------------------------------------------

#: Tables copied from the template database, each row re-keyed for every synthetic document.
RECORD_TABLES = ("passages", "benchmarks", "recommendations", "actions", "figures")
#: Tracking tables copied too when the template has them: column to what its value names.
TRACKING_COLUMNS = {
    "record_links": {"from_id": "record", "to_id": "record"},
    "threads": {"record_id": "record", "thread_id": "record"},
    "tracked_items": {"thread_id": "record", "record_id": "record", "document_id": "document",
                      "evidence_document_id": "document"},
    "status_history": {"record_id": "record", "evidence_document_id": "document"},
}


def _record_id(number: int, old: str) -> str:
    return f"{number:08x}{old[:8]}"


def _document_id(number: int, old: str) -> str:
    return f"{number:016x}{old[16:]}"


def build_database(template_db: Path, out_db: Path, *, documents: int = 100_000,
                   passages_per_document: int = 20, seed: int = 11) -> dict[str, int]:
    """Fill `out_db` (already holding the prevent-docs schema) with `documents` documents
    made from the documents of `template_db`, each given its own id, authority and date.

    Rows are inserted with executemany in large transactions, with the full-text triggers
    dropped during the load and the indexes rebuilt once at the end, as a bulk load should.
    Passages per document are capped so the file stays a few hundred megabytes.
    RETURNS the row count of each table.
    """
    rng = random.Random(seed)
    source = sqlite3.connect(template_db)
    source.row_factory = sqlite3.Row
    authorities = [row[0] for row in source.execute("select gss_code from authorities")]
    templates = [dict(row) for row in source.execute("select * from documents")]
    records = {table: {} for table in RECORD_TABLES}
    for table in RECORD_TABLES:
        for row in source.execute(f"select * from [{table}] order by document_id, rowid"):
            records[table].setdefault(row["document_id"], []).append(dict(row))
    owners = [dict(row) for row in source.execute("select * from owners")]
    source_tables = {name for (name,) in source.execute("select name from sqlite_master where type = 'table'")}
    tracking = {table: [dict(row) for row in source.execute(f"select * from [{table}]")]
                for table in TRACKING_COLUMNS if table in source_tables}
    action_owners = {}
    for action_id, owner_id in source.execute("select action_id, owner_id from action_owners"):
        action_owners.setdefault(action_id, []).append(owner_id)
    source.close()

    db = sqlite3.connect(out_db, isolation_level=None)
    db.execute("pragma journal_mode = off")
    db.execute("pragma synchronous = off")
    fts_tables = [name for (name,) in db.execute(
        "select name from sqlite_master where type = 'table' and name like '%\\_fts' escape '\\'")]
    triggers = db.execute("select name, sql from sqlite_master where type = 'trigger'").fetchall()
    for name, _ in triggers:
        db.execute(f"drop trigger [{name}]")
    db.execute("begin")
    if owners:
        columns = list(owners[0])
        db.executemany(f"insert or replace into owners ({', '.join(columns)}) values ({', '.join('?' * len(columns))})",
                       [tuple(owner[c] for c in columns) for owner in owners])
    batches: dict[str, list[tuple]] = {table: [] for table in (*RECORD_TABLES, "documents", "action_owners")}
    columns_of = {table: None for table in batches}

    def add(table: str, row: dict) -> None:
        if columns_of[table] is None:
            columns_of[table] = list(row)
        batches[table].append(tuple(row[c] for c in columns_of[table]))
        if len(batches[table]) >= 50_000:
            flush(table)

    def flush(table: str) -> None:
        if batches[table]:
            columns = columns_of[table]
            db.executemany(f"insert or replace into [{table}] ({', '.join(columns)}) values ({', '.join('?' * len(columns))})",
                           batches[table])
            batches[table].clear()

    for number in range(documents):
        template = templates[number % len(templates)]
        document_id = _document_id(number, template["id"])
        year = 2016 + rng.randrange(9)
        authority = rng.choice(authorities)
        add("documents", {**template, "id": document_id, "path": f"/papers/{number}/{template['file_name']}",
                          "authority_code": authority, "date": f"{year}-{rng.randint(1, 12):02d}-15",
                          "period": None})
        for table in RECORD_TABLES:
            rows = records[table].get(template["id"], [])
            if table == "passages":
                rows = rows[:passages_per_document]
            for row in rows:
                new_id = _record_id(number, row["id"])
                new = {**row, "id": new_id, "document_id": document_id}
                if table == "benchmarks":  # a paper scores its own council, in its own year
                    new["year"] = year
                    new["authority_code"] = authority
                add(table, new)
                if table == "actions":
                    for owner_id in action_owners.get(row["id"], []):
                        add("action_owners", {"action_id": new_id, "owner_id": owner_id})
    for table in batches:
        flush(table)
    _copy_tracking(db, tracking, templates, records, documents)
    db.execute("commit")
    for name in fts_tables:
        db.execute(f"insert into [{name}]([{name}]) values ('rebuild')")
    for _, sql in triggers:
        db.execute(sql)
    db.execute("analyze")
    counts = {table: db.execute(f"select count(*) from [{table}]").fetchone()[0]
              for table in ("documents", *RECORD_TABLES, "owners", "action_owners", *tracking)}
    db.execute("pragma journal_mode = wal")
    db.close()
    return counts


def _copy_tracking(db: sqlite3.Connection, tracking: dict[str, list[dict]], templates: list[dict],
                   records: dict[str, dict[str, list[dict]]], documents: int) -> None:
    """Copy the template's tracking rows once per copy of the template documents.

    Synthetic document `number` is copy `number // len(templates)` of template document
    `number % len(templates)`; within a copy every record, thread and document id is
    re-keyed as the record tables were, so threads and links stay within their copy.
    """
    index = {template["id"]: position for position, template in enumerate(templates)}
    document_of = {row["id"]: row["document_id"] for rows in records.values() for group in rows.values()
                   for row in group}
    copies = -(-documents // len(templates))
    for table, rows in tracking.items():
        if not rows:
            continue
        columns = list(rows[0])
        kinds = TRACKING_COLUMNS[table]
        sql = f"insert or replace into [{table}] ({', '.join(columns)}) values ({', '.join('?' * len(columns))})"
        batch = []
        for copy in range(copies):
            for row in rows:
                new = dict(row)
                numbers = []
                for column, kind in kinds.items():
                    old = row.get(column)
                    template_document = old if kind == "document" else document_of.get(old)
                    if old is None or template_document not in index:
                        continue
                    number = copy * len(templates) + index[template_document]
                    numbers.append(number)
                    new[column] = _document_id(number, old) if kind == "document" else _record_id(number, old)
                if numbers and max(numbers) < documents:
                    batch.append(tuple(new[c] for c in columns))
        db.executemany(sql, batch)
