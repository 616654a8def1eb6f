"""Hostile files: each is rejected (or read) within bounded time and memory, as data.

A rejected file becomes one `ingest_errors` row and one `error:` line on stderr naming it;
the batch goes on, documents already in the database stay as they were, and `ingest`
exits 1. Every file is made here, none is committed: zero bytes, a truncated PDF, an
encrypted PDF, a PDF claiming 100,000 pages, a PDF nested 100,000 deep, 10,000 pages of
text, a DOCX holding a 50 MB image, junk named `.pdf`, a zip named `.docx`, a PDF named
`.docx`, a scan without a text layer, a password-protected DOCX, a file nobody may read,
and file names that are not UTF-8 or hold a newline.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import sqlite3
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks import synthetic
from prevent_docs import pipeline
from prevent_docs.cli import cli

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
GOOD = CORPUS / "002_000fee0137df29e4.docx"
#: Bounds for the whole hostile batch, in one process: generous for a slow CI machine.
MAX_SECONDS = 90
MAX_RSS_MB = 900

#: File name to the error its ingest must record.
REJECTED = {
    "zero-bytes.pdf": "empty",
    "truncated.pdf": "unreadable",
    "encrypted.pdf": "encrypted",
    "bomb-100000-pages.pdf": "too_large",
    "ten-thousand-pages.txt": "too_large",
    "junk.pdf": "unsupported_format",
    "zip-of-something-else.docx": "unsupported_format",
    # OCR reads its pages and finds no words on them; without the OCR engine it needs OCR.
    "scan-without-text.pdf": "empty" if shutil.which("tesseract") else "needs_ocr",
}
#: Files that look hostile but are readable documents, and the format each is read as.
READ = {
    "nested-100000-deep.pdf": "pdf",
    "really-a-pdf.docx": "pdf",
}


def make_hostile_files(folder: Path) -> None:
    """Write every file of REJECTED and READ into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "zero-bytes.pdf": b"",
        "truncated.pdf": (CORPUS / "001_833b9ff6c1116053.pdf").read_bytes()[:1500],
        "encrypted.pdf": synthetic.encrypted_pdf(),
        "bomb-100000-pages.pdf": synthetic.bomb_pdf(100_000),
        "nested-100000-deep.pdf": synthetic.nested_pdf(100_000),
        "ten-thousand-pages.txt": "\f".join(f"Page {n}: the Prevent duty." for n in range(10_000)).encode(),
        "junk.pdf": random.Random(3).randbytes(200_000),
        "really-a-pdf.docx": (CORPUS / "002_000fee0137df29e4.pdf").read_bytes(),
        "scan-without-text.pdf": synthetic.image_pdf(3),
    }
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("notes/readme.txt", "Not a Word document.")
    files["zip-of-something-else.docx"] = archive.getvalue()
    for name, data in files.items():
        (folder / name).write_bytes(data)


def query(db_path: Path, sql: str, params=()) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql, params).fetchall()


def error_lines(stderr: str, name: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error: ") and name in line]


MEASURED_INGEST = """
import resource, runpy, sys, time
started = time.monotonic()
sys.argv = ["prevent-docs", "ingest", *sys.argv[2:]]
try:
    runpy.run_module("prevent_docs", run_name="__main__")
finally:
    with open({out!r}, "w") as f:
        # Files are read in worker processes, joined before the command returns.
        peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
        f.write(f"{{time.monotonic() - started}} {{peak}}")
"""


@pytest.mark.slow
def test_hostile_files_rejected_as_data_within_bounds(tmp_path):
    db_path = tmp_path / "prevent.db"
    earlier = tmp_path / "earlier"
    earlier.mkdir()
    shutil.copy(GOOD, earlier / GOOD.name)
    assert CliRunner().invoke(cli, ["ingest", str(earlier), "--db", str(db_path)]).exit_code == 0
    before = query(db_path, "select * from passages order by id")
    assert before

    hostile = tmp_path / "hostile"
    make_hostile_files(hostile)
    measures = tmp_path / "measures.txt"
    script = MEASURED_INGEST.format(out=str(measures))
    result = subprocess.run([sys.executable, "-c", script, "-", str(hostile), "--db", str(db_path)],
                            cwd=REPO, capture_output=True, text=True, timeout=MAX_SECONDS * 2)
    seconds, max_rss_kb = measures.read_text().split()

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"Error: {len(REJECTED)} of {len(REJECTED) + len(READ)} files could not be read" in result.stderr
    for name in REJECTED:
        assert len(error_lines(result.stderr, name)) == 1, (name, result.stderr)
    for name in READ:
        assert error_lines(result.stderr, name) == []
    errors = dict(query(db_path, "select path, error from ingest_errors"))
    assert errors == {str(hostile / name): error for name, error in REJECTED.items()}
    formats = dict(query(db_path, "select file_name, format from documents"))
    assert formats == {GOOD.name: "docx", **READ}
    assert query(db_path, "select * from passages where document_id in "
                          "(select id from documents where file_name = ?) order by id", [GOOD.name]) == before
    assert query(db_path, "pragma integrity_check") == [("ok",)]
    assert float(seconds) < MAX_SECONDS
    assert int(max_rss_kb) / 1024 < MAX_RSS_MB


@pytest.mark.slow
def test_hostile_files_docx_with_a_50_mb_image_is_read_in_bounded_memory(tmp_path):
    from docx import Document as WordDocument
    from PIL import Image

    side = 4096  # 4096 x 4096 RGB of noise, stored uncompressed: a 50 MB image
    picture = io.BytesIO()
    Image.frombytes("RGB", (side, side), random.Random(5).randbytes(side * side * 3)).save(
        picture, format="PNG", compress_level=0)
    assert picture.tell() > 50_000_000
    word = WordDocument(str(GOOD))
    word.add_picture(io.BytesIO(picture.getvalue()))
    papers = tmp_path / "papers"
    papers.mkdir()
    word.save(str(papers / "big-image.docx"))
    del picture, word

    measures = tmp_path / "measures.txt"
    script = MEASURED_INGEST.format(out=str(measures))
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", script, "-", str(papers), "--db", str(tmp_path / "prevent.db")],
                            cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    seconds, max_rss_kb = measures.read_text().split()
    assert time.monotonic() - started < 120
    assert int(max_rss_kb) / 1024 < MAX_RSS_MB
    assert query(tmp_path / "prevent.db", "select file_name, format from documents") == [("big-image.docx", "docx")]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root reads files whatever their permissions")
def test_hostile_files_unreadable_permissions_become_an_error_row(tmp_path):
    papers = tmp_path / "papers"
    papers.mkdir()
    locked = papers / "locked.pdf"
    shutil.copy(CORPUS / "002_000fee0137df29e4.pdf", locked)
    locked.chmod(0)
    try:
        report = pipeline.ingest([papers], tmp_path / "prevent.db")
    finally:
        locked.chmod(0o644)
    [error] = report.errors
    assert (error.path, error.error) == (str(locked), "unreadable")
    assert "Permission denied" in error.message


def test_hostile_files_unreadable_file_becomes_an_error_row_even_as_root(tmp_path, monkeypatch):
    """The same path as a permission error, for machines where tests run as root."""
    papers = tmp_path / "papers"
    papers.mkdir()
    locked = papers / "locked.pdf"
    shutil.copy(CORPUS / "002_000fee0137df29e4.pdf", locked)
    shutil.copy(GOOD, papers / GOOD.name)
    real_read_bytes = Path.read_bytes

    def read_bytes(self):
        if self.name == "locked.pdf":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = CliRunner().invoke(cli, ["ingest", str(papers), "--db", str(tmp_path / "prevent.db")])
    assert result.exit_code == 1
    assert error_lines(result.stderr, "locked.pdf") == [
        f"error: {locked}: unreadable: locked.pdf: cannot open (Permission denied)"]
    assert query(tmp_path / "prevent.db", "select file_name from documents") == [(GOOD.name,)]


def test_hostile_files_bomb_within_the_page_limit_is_stopped_by_the_timeout(tmp_path):
    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "bomb.pdf").write_bytes(synthetic.bomb_pdf(100_000))
    started = time.monotonic()
    report = pipeline.ingest([papers], tmp_path / "prevent.db", max_pages=1_000_000, timeout=2)
    assert time.monotonic() - started < 30
    [error] = report.errors
    assert (error.error, error.message) == ("timeout", "bomb.pdf: took longer than 2 seconds (--timeout)")


def test_hostile_files_names_not_utf8_or_with_a_newline_are_stored_escaped_and_the_batch_goes_on(tmp_path):
    """`caf\\xe9.txt` from a zip made on Windows, and a name that would forge an `error:` line."""
    papers = tmp_path / "papers"
    papers.mkdir()
    text = "Prevent update\n\n1. The council reviewed {}.\n"
    names = {b"caf\xe9.txt": "caf\\xe9.txt", b"notes\nerror: forged.txt": "notes\\nerror: forged.txt",
             b"plain.txt": "plain.txt"}
    for raw, shown in names.items():
        (papers / os.fsdecode(raw)).write_text(text.format(shown), encoding="utf-8")
    (papers / os.fsdecode(b"empty\xff.pdf")).write_bytes(b"")
    db_path = tmp_path / "prevent.db"
    command = [sys.executable, "-m", "prevent_docs", "ingest", str(papers), "--db", str(db_path)]

    first = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert first.returncode == 1, first.stderr
    assert "Traceback" not in first.stderr
    lines = [line for line in first.stderr.splitlines() if line.startswith("error: ")]
    assert lines == [f"error: {papers}/empty\\xff.pdf: empty: empty\\xff.pdf: the file is empty (0 bytes)"]
    assert first.stdout.startswith("4 files: 3 new, 0 updated, 0 unchanged, 0 moved, 1 failed;")
    stored = sorted(query(db_path, "select path, file_name from documents"))
    assert stored == sorted((f"{papers}/{shown}", shown) for shown in names.values())
    assert query(db_path, "select path, error from ingest_errors") == [(f"{papers}/empty\\xff.pdf", "empty")]

    second = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert second.stdout.startswith("4 files: 0 new, 0 updated, 3 unchanged, 0 moved, 1 failed;"), second.stderr
    info = subprocess.run([sys.executable, "-m", "prevent_docs", "info", "--db", str(db_path)], cwd=REPO,
                          capture_output=True, text=True)
    assert info.returncode == 0 and not any(line.startswith("error: forged") for line in info.stdout.splitlines())


def compound_file(streams: dict[str, bytes]) -> bytes:
    """An OLE compound file (version 3, 512-byte sectors) holding `streams` of 4,096 bytes or more.

    The container Word and PowerPoint write a password-protected .docx/.pptx in: the
    encrypted package and its encryption details are streams of it.
    """
    sector, end, fat_sector, free, no_stream = 512, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF, 0xFFFFFFFF
    fat = [fat_sector, end]  # sector 0 holds the FAT, sector 1 the directory
    starts, body = [], b""
    for data in streams.values():
        assert len(data) >= 4096 and len(data) % sector == 0
        count = len(data) // sector
        starts.append(len(fat))
        fat += [len(fat) + n + 1 for n in range(count - 1)] + [end]
        body += data

    def entry(name: str, kind: int, right: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return struct.pack("<64sHBBIII16sIQQIQ", encoded, len(encoded), kind, 1, no_stream, right, child,
                           b"", 0, 0, 0, start, size)

    names = list(streams)
    directory = entry("Root Entry", 5, no_stream, 1, end, 0)
    for number, name in enumerate(names, start=1):
        right = number + 1 if number < len(names) else no_stream
        directory += entry(name, 2, right, no_stream, starts[number - 1], len(streams[name]))
    directory = directory.ljust(sector, b"\0")
    difat = [0] + [free] * 108
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII109I", bytes.fromhex("d0cf11e0a1b11ae1"), b"", 0x3E, 3, 0xFFFE,
                         9, 6, b"", 0, 1, 1, 0, 4096, end, 0, end, 0, *difat)
    fat_bytes = struct.pack(f"<{sector // 4}I", *(fat + [free] * (sector // 4 - len(fat))))
    return header + fat_bytes + directory + body


def test_hostile_files_password_protected_docx_is_called_encrypted(tmp_path):
    papers = tmp_path / "papers"
    papers.mkdir()
    random_bytes = random.Random(5).randbytes
    (papers / "protected.docx").write_bytes(compound_file(
        {"EncryptionInfo": random_bytes(4096), "EncryptedPackage": random_bytes(8192)}))
    shutil.copy(GOOD, papers / GOOD.name)
    report = pipeline.ingest([papers], tmp_path / "prevent.db")
    [error] = report.errors
    assert (Path(error.path).name, error.error) == ("protected.docx", "encrypted")
    assert error.message.startswith("protected.docx: a password-protected Office file: remove the password")
    assert report.new == 1
