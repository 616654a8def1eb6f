"""Scanned papers read by OCR: scanned PDFs, image files, mixed PDFs, and the bounds on cost.

Every scan is made here: corpus PDFs rasterised with pdfium at 150-300 dpi, skewed by a
degree or two, speckled, JPEG-compressed and one page turned on its side
(`benchmarks.scans`), then wrapped back into image-only PDFs, a multi-page TIFF and a PNG.
One batch of them is ingested once for the module; the tests read what it stored.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import struct
import zlib
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from benchmarks import scans, synthetic
from extractors.errors import TooLarge
from extractors.readers import OcrSettings, read_document
from prevent_docs import evaluate, pipeline

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
#: Two seed papers: a two-page board report read whole from a scan, a four-page report one of whose pages is a scan.
REPORT = CORPUS / "002_000fee0137df29e4.pdf"
MIXED = CORPUS / "003_a1dc3d2ad6587154.pdf"
#: Micro-F1 against corpus/gold the scanned seed papers must keep (their text layers score 1.0,
#: the scans 1.0 too when this was written).
SCANNED_SEED_F1_FLOOR = 0.95
#: How far below a dev-real paper's text-layer score its scanned rendering may fall (the issue's bound).
DEV_REAL_MARGIN = 0.05


#: Tests that OCR need Debian's tesseract-ocr, which `.ci/run` installs; elsewhere they skip and say why.
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None,
                                     reason="Tesseract is absent: apt-get install tesseract-ocr (.ci/run installs it)")


def query(db_path: Path, sql: str, params=()) -> list[tuple]:
    with sqlite3.connect(db_path) as db:
        return db.execute(sql, params).fetchall()


def mixed_pdf(out: Path) -> Path:
    """MIXED with its second page replaced by a scanned rendering of that page."""
    scanned = pdfium.PdfDocument(scans.image_pdf(scans.scanned_pages(MIXED, pages=[1], dpi=300, seed=3), dpi=300))
    pdf = pdfium.PdfDocument(MIXED)
    pdf.del_page(1)
    pdf.import_pages(scanned, [0], index=1)
    pdf.save(out)
    return out


def png_bomb() -> bytes:
    """A PNG whose header declares 100,000 x 100,000 pixels, in under a hundred bytes."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def scanned(tmp_path_factory) -> dict:
    """A folder of scans and hostile images beside a text paper, ingested once with two jobs."""
    folder = tmp_path_factory.mktemp("scans")
    scans.scan_pdf(REPORT, folder / REPORT.name, dpi=200)
    mixed_pdf(folder / MIXED.name)
    pages = scans.scanned_pages(REPORT, dpi=150, rotate_page=1)
    (folder / "board-report-scan.tif").write_bytes(scans.tiff(pages, dpi=150))
    scans.scanned_pages(REPORT, pages=[0], dpi=300, seed=5)[0].save(folder / "first-page.png", dpi=(300, 300))
    (folder / "bomb.png").write_bytes(png_bomb())
    (folder / "corrupt.tif").write_bytes(scans.tiff(pages[:1], dpi=150)[:5000])
    (folder / "notes.txt").write_text("Prevent duty update\n\nThe Board notes the report.\n", encoding="utf-8")
    db_path = folder.parent / "scans.db"
    report = pipeline.ingest([folder], db_path, jobs=2)
    return {"folder": folder, "db": db_path, "report": report}


def document(db_path: Path, file_name: str) -> dict:
    with sqlite3.connect(db_path) as db:
        db.row_factory = sqlite3.Row
        return dict(db.execute("select * from documents where file_name = ?", [file_name]).fetchone())


@needs_tesseract
def test_ocr_scanned_seed_papers_score_against_gold_and_the_batch_goes_on(scanned):
    report, db_path = scanned["report"], scanned["db"]
    assert report.new == 5  # two PDFs, the TIFF, the PNG and the text paper
    errors = {Path(path).name: error for path, error in query(db_path, "select path, error from ingest_errors")}
    assert errors == {"bomb.png": "too_large", "corrupt.tif": "unreadable"}
    scored = evaluate.evaluate_database(db_path, CORPUS / "gold")
    assert scored.groups["pdf"].micro.f1 >= SCANNED_SEED_F1_FLOOR, scored.groups["pdf"].micro.to_dict()
    assert document(db_path, "notes.txt")["ocr_pages"] == 0


@needs_tesseract
def test_ocr_a_scanned_pdf_keeps_headings_numbered_paragraphs_and_provenance(scanned):
    db_path = scanned["db"]
    row = document(db_path, REPORT.name)
    assert (row["pages"], row["ocr_pages"]) == (2, 2)
    assert row["title"] == "LSCSB UPDATE: Prevent" and row["date"] == "2017-06-02"
    passages = query(db_path, "select kind, number, text, ocr_confidence from passages where document_id = ?",
                     [row["id"]])
    assert all(confidence is not None and 0 <= confidence <= 100 for *_, confidence in passages)
    assert sum(confidence for *_, confidence in passages) / len(passages) > 80
    numbered = {number: text for _, number, text, _ in passages if number}
    assert numbered["6"].startswith("In order to ensure service areas and Partners")
    assert numbered["16"].startswith("In order to capture low level issues")
    assert ("heading", "Background") in {(kind, text) for kind, _, text, _ in passages}


@needs_tesseract
def test_ocr_reads_only_the_scanned_page_of_a_mixed_pdf(scanned):
    db_path = scanned["db"]
    row = document(db_path, MIXED.name)
    assert (row["pages"], row["ocr_pages"]) == (4, 1)
    by_page = query(db_path, "select page, count(*), count(ocr_confidence) from passages where document_id = ? "
                             "group by page order by page", [row["id"]])
    assert [(page, read_by_ocr == total) for page, total, read_by_ocr in by_page if read_by_ocr] == [(2, True)]
    assert all(read_by_ocr == 0 for page, _, read_by_ocr in by_page if page != 2)
    original = read_document(MIXED).pages_text()[2].split()
    ocr_text = " ".join(text for (text,) in query(
        db_path, "select text from passages where document_id = ? and page = 2", [row["id"]])).split()
    assert len(set(original) & set(ocr_text)) >= 0.85 * len(set(original))


@needs_tesseract
def test_ocr_reads_a_multi_page_tiff_with_a_page_on_its_side_and_a_png(scanned):
    db_path = scanned["db"]
    tiff = document(db_path, "board-report-scan.tif")
    assert (tiff["format"], tiff["pages"], tiff["ocr_pages"]) == ("tiff", 2, 2)
    page_two = " ".join(text for (text,) in query(
        db_path, "select text from passages where document_id = ? and page = 2", [tiff["id"]]))
    assert "Recommendations for the Board" in page_two  # read although the page was scanned turned 90 degrees
    png = document(db_path, "first-page.png")
    assert (png["format"], png["pages"], png["ocr_pages"]) == ("png", 1, 1)
    assert query(db_path, "select number from passages where document_id = ? and text like 'Section 29 of the%'",
                 [png["id"]]) == [("1",)]


@needs_tesseract
def test_ocr_results_are_cached_so_force_does_not_ocr_again(scanned, tmp_path, monkeypatch):
    """A logging `tesseract` put first on PATH sees no page read again by `--force`."""
    log = tmp_path / "calls.log"
    wrapper = tmp_path / "bin" / "tesseract"
    wrapper.parent.mkdir()
    real = shutil.which("tesseract")
    wrapper.write_text(f'#!/bin/sh\necho "$@" >> {log}\nexec {real} "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}")
    before = query(scanned["db"], "select id, text, ocr_confidence from passages order by id")
    report = pipeline.ingest([scanned["folder"]], scanned["db"], jobs=2, force=True)
    assert report.updated == 5
    calls = log.read_text().splitlines() if log.exists() else []
    assert all(call.strip() == "--version" for call in calls), calls
    assert query(scanned["db"], "select id, text, ocr_confidence from passages order by id") == before
    assert any((scanned["db"].parent / "scans.db-ocr").rglob("*.json"))


def test_ocr_without_the_engine_is_one_error_naming_the_package_and_the_batch_goes_on(tmp_path, monkeypatch):
    folder = tmp_path / "papers"
    folder.mkdir()
    scans.scanned_pages(REPORT, pages=[0], dpi=150)[0].save(folder / "scan.jpg", quality=70)
    (folder / "notes.txt").write_text("Prevent duty update\n\nThe Board notes the report.\n", encoding="utf-8")
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    monkeypatch.setenv("PATH", str(empty_bin))
    db_path = tmp_path / "prevent.db"
    report = pipeline.ingest([folder], db_path)
    assert (report.new, report.failed) == (1, 1)
    [(error, detail)] = query(db_path, "select error, detail from ingest_errors")
    assert error == "needs_ocr" and "\n" not in detail
    assert detail.startswith("scan.jpg: ") and "install the Debian package tesseract-ocr" in detail
    assert [name for (name,) in query(db_path, "select file_name from documents")] == ["notes.txt"]


@needs_tesseract
def test_ocr_never_refuses_a_scan_and_always_reads_a_text_page(tmp_path):
    scanned_pdf = scans.scan_pdf(REPORT, tmp_path / "scan.pdf", pages=[0], dpi=150)
    db_path = tmp_path / "prevent.db"
    report = pipeline.ingest([scanned_pdf], db_path, ocr="never")
    assert report.errors[0].error == "needs_ocr" and "--ocr never" in report.errors[0].message
    text_pdf = tmp_path / "text.pdf"
    text_pdf.write_bytes(synthetic.text_pdf(1))
    read = read_document(text_pdf, ocr=OcrSettings(mode="always"))
    assert read.ocr_pages == 1 and all(block.ocr_confidence is not None for block in read.blocks)
    assert read_document(text_pdf).ocr_pages == 0


@needs_tesseract
def test_ocr_page_time_limit_and_pixel_limit_stop_a_page(tmp_path):
    scanned_pdf = scans.scan_pdf(REPORT, tmp_path / "scan.pdf", pages=[0], dpi=150)
    with pytest.raises(TooLarge, match=r"scan.pdf: a page took longer than 0.01 seconds to OCR"):
        read_document(scanned_pdf, ocr=OcrSettings(page_seconds=0.01))
    image = tmp_path / "page.png"
    scans.scanned_pages(REPORT, pages=[0], dpi=150)[0].save(image)
    with pytest.raises(TooLarge, match=r"page.png: a page image of \d+ x \d+ pixels, more than the limit"):
        read_document(image, ocr=OcrSettings(max_pixels=1_000_000))


@needs_tesseract
def test_ocr_scanned_dev_real_papers_score_within_bound_of_their_text(dev_real_dir, tmp_path):
    """Three real papers of other councils, scanned: their score stays within 0.05 of their text layer's."""
    papers = sorted((dev_real_dir / "docs").glob("*.pdf"))[:3]
    text_folder, scan_folder = tmp_path / "text", tmp_path / "scans"
    text_folder.mkdir()
    scan_folder.mkdir()
    for paper in papers:
        (text_folder / paper.name).write_bytes(paper.read_bytes())
        scans.scan_pdf(paper, scan_folder / paper.name, dpi=200)
    scores = {}
    for name, folder in (("text", text_folder), ("scans", scan_folder)):
        db_path = tmp_path / f"{name}.db"
        report = pipeline.ingest([folder], db_path, jobs=2)
        assert report.failed == 0, report.errors
        scores[name] = evaluate.evaluate_database(db_path, dev_real_dir / "gold").groups["pdf"].micro.f1
    assert scores["scans"] >= scores["text"] - DEV_REAL_MARGIN, scores
