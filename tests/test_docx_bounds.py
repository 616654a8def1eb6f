"""A Word file that expands to hundreds of thousands of paragraphs or table cells is refused
as too large, with one line naming the file, before anything is built from it; the batch
goes on. The files are real DOCX packages made here: python-docx writes one, and its body
is swapped for a long run of paragraphs or table rows, which compresses to a few hundred KB.
"""

from __future__ import annotations

import io
import sqlite3
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from extractors.errors import TooLarge
from extractors.readers import read_document
from extractors.readers.docx import MAX_BLOCKS
from prevent_docs.cli import cli

from tests.conftest import CORPUS

GOOD = CORPUS / "002_000fee0137df29e4.docx"
BODY_START, BODY_END = b"<w:body>", b"<w:sectPr"


def docx_with_body(xml: bytes) -> bytes:
    """A Word file whose body is `xml` (paragraphs and tables), made by python-docx around it."""
    made = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Prevent duty update")
    document.save(made)
    out = io.BytesIO()
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                start, end = data.index(BODY_START) + len(BODY_START), data.index(BODY_END)
                data = data[:start] + xml + data[end:]
            target.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def paragraphs(count: int) -> bytes:
    return b"<w:p><w:r><w:t>Prevent</w:t></w:r></w:p>" * count


def table(rows: int, columns: int = 2) -> bytes:
    cell = b"<w:tc><w:p><w:r><w:t>Prevent</w:t></w:r></w:p></w:tc>"
    return b"<w:tbl><w:tblGrid/>" + (b"<w:tr>" + cell * columns + b"</w:tr>") * rows + b"</w:tbl>"


def test_docx_bounds_600000_paragraphs_in_232_kb_are_refused_and_the_batch_goes_on(tmp_path):
    papers = tmp_path / "papers"
    papers.mkdir()
    bomb = docx_with_body(paragraphs(600_000))
    assert len(bomb) < 300_000
    (papers / "expands.docx").write_bytes(bomb)
    (papers / GOOD.name).write_bytes(GOOD.read_bytes())
    db_path = tmp_path / "prevent.db"
    # The timeout only bounds how long this test can take on a reader without the limit.
    result = CliRunner().invoke(cli, ["ingest", str(papers), "--db", str(db_path), "--timeout", "60"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert lines == [f"error: {papers / 'expands.docx'}: too_large: expands.docx: more than {MAX_BLOCKS} "
                     f"paragraphs and table cells, more than any paper holds: not read"]
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("select file_name from documents").fetchall() == [(GOOD.name,)]
        assert conn.execute("select error from ingest_errors").fetchall() == [("too_large",)]


def test_docx_bounds_table_cells_count_too(tmp_path):
    path = tmp_path / "cells.docx"
    with pytest.raises(TooLarge, match=rf"^cells\.docx: more than {MAX_BLOCKS} paragraphs and table cells"):
        read_document(path, docx_with_body(table(rows=MAX_BLOCKS // 2)))  # a cell and its paragraph each count


def test_docx_bounds_a_long_paper_within_the_limit_is_read(tmp_path):
    document = read_document(tmp_path / "long.docx", docx_with_body(paragraphs(2_000) + table(rows=500)))
    assert sum(block.text.startswith("Prevent") for block in document.blocks) >= 2_000
