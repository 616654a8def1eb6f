"""`prevent-docs ingest`: documents keyed by their bytes, one transaction each, errors as rows."""

from __future__ import annotations

import codecs
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from prevent_docs import pipeline, store
from prevent_docs.cli import cli

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
REPORT = CORPUS / "002_000fee0137df29e4.docx"
DECK = CORPUS / "000_293d27028f82d5b8.pptx"


def rows(db_path: Path, sql: str, params=()) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql, params).fetchall()


@pytest.fixture
def papers(tmp_path) -> Path:
    folder = tmp_path / "papers"
    (folder / "2017").mkdir(parents=True)
    shutil.copy(REPORT, folder / "2017" / REPORT.name)
    shutil.copy(DECK, folder / DECK.name)
    return folder


def test_ingest_walks_folders_and_stores_documents_with_provenance(papers, tmp_path):
    db_path = tmp_path / "prevent.db"
    report = pipeline.ingest([papers], db_path)
    assert (report.seen, report.new, report.failed) == (2, 2, 0)
    documents = rows(db_path, "select file_name, format, pages, extractor_version from documents order by file_name")
    assert documents == [("000_293d27028f82d5b8.pptx", "pptx", 11, pipeline.EXTRACTOR_VERSION),
                         ("002_000fee0137df29e4.docx", "docx", 1, pipeline.EXTRACTOR_VERSION)]
    [(page, number)] = rows(db_path, "select page, number from passages where text like 'That the Board notes%'")
    assert (page, number) == (1, "17")
    assert rows(db_path, "select count(*) from authorities")[0][0] > 400


def test_ingest_second_run_reports_everything_unchanged(papers, tmp_path):
    db_path = tmp_path / "prevent.db"
    pipeline.ingest([papers], db_path)
    before = rows(db_path, "select id, ingested_at from documents order by id")
    report = pipeline.ingest([papers], db_path)
    assert (report.new, report.unchanged, report.updated) == (0, 2, 0)
    assert rows(db_path, "select id, ingested_at from documents order by id") == before


def test_ingest_recognises_a_moved_file(papers, tmp_path):
    db_path = tmp_path / "prevent.db"
    pipeline.ingest([papers], db_path)
    moved = papers / "archive" / "renamed.docx"
    moved.parent.mkdir()
    (papers / "2017" / REPORT.name).rename(moved)
    report = pipeline.ingest([papers], db_path)
    assert (report.moved, report.new) == (1, 0)
    assert rows(db_path, "select path, file_name from documents where file_name = 'renamed.docx'") == [
        (str(moved), "renamed.docx")]
    assert rows(db_path, "select count(*) from documents")[0][0] == 2


def test_ingest_changed_file_replaces_its_old_records(papers, tmp_path):
    db_path = tmp_path / "prevent.db"
    paper = papers / "notes.txt"
    paper.write_text("Prevent update\n\n1. The old paragraph about venue hire.\n", encoding="utf-8")
    pipeline.ingest([papers], db_path)
    paper.write_text("Prevent update\n\n1. The new paragraph about training.\n", encoding="utf-8")
    report = pipeline.ingest([papers], db_path)
    assert report.updated == 1
    texts = [text for (text,) in rows(db_path, "select text from passages where document_id in "
                                                "(select id from documents where file_name = 'notes.txt')")]
    assert "The new paragraph about training." in texts
    assert not any("venue hire" in text for text in texts)
    assert rows(db_path, "select count(*) from documents where file_name = 'notes.txt'")[0][0] == 1


def test_ingest_force_re_extracts_keeping_record_ids(papers, tmp_path):
    db_path = tmp_path / "prevent.db"
    pipeline.ingest([papers], db_path)
    ids = rows(db_path, "select id from passages order by id")
    report = pipeline.ingest([papers], db_path, force=True)
    assert report.updated == 2
    assert rows(db_path, "select id from passages order by id") == ids


def test_ingest_passages_are_full_text_searchable(papers, tmp_path):
    db_path = tmp_path / "prevent.db"
    pipeline.ingest([papers], db_path)
    hits = rows(db_path, "select passages.page from passages join passages_fts on passages.rowid = passages_fts.rowid "
                         "where passages_fts match 'venue'")
    assert hits and all(page >= 1 for (page,) in hits)


def test_ingest_bad_file_becomes_error_row_and_batch_goes_on(papers, tmp_path):
    db_path = tmp_path / "prevent.db"
    pipeline.ingest([papers], db_path)
    (papers / "empty.pdf").write_bytes(b"")
    (papers / "truncated.pdf").write_bytes((CORPUS / "002_000fee0137df29e4.pdf").read_bytes()[:900])
    (papers / "new.txt").write_text("Cabinet\n\n1. That Cabinet notes the report.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", str(papers), "--db", str(db_path)])
    assert result.exit_code == 1
    assert "error: " in result.stderr and "empty.pdf: empty: empty.pdf: the file is empty (0 bytes)" in result.stderr
    assert "Error: 2 of 5 files could not be read" in result.stderr
    errors = dict(rows(db_path, "select path, error from ingest_errors"))
    assert errors == {str(papers / "empty.pdf"): "empty", str(papers / "truncated.pdf"): "unreadable"}
    names = {name for (name,) in rows(db_path, "select file_name from documents")}
    assert names == {REPORT.name, DECK.name, "new.txt"}


def test_ingest_error_row_clears_when_the_file_is_fixed(tmp_path):
    db_path = tmp_path / "prevent.db"
    paper = tmp_path / "paper.txt"
    paper.write_bytes(b"")
    pipeline.ingest([paper], db_path)
    assert rows(db_path, "select error from ingest_errors") == [("empty",)]
    paper.write_text("Minutes\n\nRESOLVED that the report be noted.\n", encoding="utf-8")
    pipeline.ingest([paper], db_path)
    assert rows(db_path, "select count(*) from ingest_errors") == [(0,)]


def test_ingest_parallel_jobs_store_the_same_records(papers, tmp_path):
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    pipeline.ingest([papers], one)
    pipeline.ingest([papers], two, jobs=2)
    query = "select id, document_id, page, text from passages order by id"
    assert rows(one, query) == rows(two, query)


def test_ingest_summary_line_counts_files_pages_and_records(papers, tmp_path):
    result = CliRunner().invoke(cli, ["ingest", str(papers), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("2 files: 2 new, 0 updated, 0 unchanged, 0 moved, 0 failed; 12 pages; records:")


def test_ingest_every_contract_column_exists(fresh_db):
    contract = {
        "documents": "id file_name path format kind title authority_code authority_name body date period pages "
                     "protective_marking extractor_version ingested_at",
        "passages": "id document_id page number heading text",
        "benchmarks": "id document_id authority_code year area score rating evidence page",
        "recommendations": "id document_id number title text area kind status page",
        "actions": "id document_id number text timescale outcome area status source page",
        "owners": "id name role organisation email phone",
        "action_owners": "action_id owner_id",
        "document_owners": "document_id owner_id capacity",
        "figures": "id document_id value unit qualifier text page",
        "authorities": "gss_code name official_name tier region status",
        "status_history": "record_id status asserted_by evidence_document_id evidence_page quote note at",
        "ingest_errors": "path sha256 error detail at",
    }
    for table, columns in contract.items():
        assert set(columns.split()) <= set(fresh_db[table].columns_dict), table


def test_info_reports_documents_records_and_errors(papers, tmp_path):
    db_path = tmp_path / "prevent.db"
    (papers / "junk.pdf").write_bytes(b"\x00\x01junk" * 50)
    pipeline.ingest([papers], db_path)
    result = CliRunner().invoke(cli, ["info", "--db", str(db_path)])
    assert result.exit_code == 0
    assert result.stdout.startswith("2 documents\n")
    assert "1 ingest errors" in result.stdout and "junk.pdf: unsupported_format" in result.stdout


def test_info_on_a_missing_database_is_one_error_line(tmp_path):
    result = CliRunner().invoke(cli, ["info", "--db", str(tmp_path / "nope.db")])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {tmp_path / 'nope.db'}: no such database: "
                             f"run `prevent-docs ingest PATH --db {tmp_path / 'nope.db'}` first\n")


def test_ingest_folder_walk_skips_folder_notes_but_not_named_files(papers, tmp_path):
    (papers / "README.md").write_text("# Papers from the 2017 board\n", encoding="utf-8")
    (papers / "SOURCES.md").write_text("Downloaded from the council website.\n", encoding="utf-8")
    assert [p.name for p in pipeline.find_files([papers])] == [DECK.name, REPORT.name]
    assert [p.name for p in pipeline.find_files([papers / "README.md"])] == ["README.md"]


def test_ingest_folder_walk_lists_files_of_other_formats_and_folders_it_cannot_open(papers, tmp_path, monkeypatch):
    for name in ("minutes.doc", "report.odt", "letter.rtf", "scores.xlsx"):
        (papers / "2017" / name).write_bytes(b"not read here")
    locked = papers / "locked"
    locked.mkdir()
    (locked / "hidden-paper.txt").write_text("Prevent\n\n1. Never seen.\n", encoding="utf-8")
    if os.geteuid() == 0:  # root lists any folder: refuse this one as the file system would
        real_scandir = os.scandir

        def scandir(path="."):
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(path)

        monkeypatch.setattr(os, "scandir", scandir)
    else:
        locked.chmod(0)
    try:
        result = CliRunner().invoke(cli, ["ingest", str(papers), "--db", str(tmp_path / "prevent.db")])
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip("\n").endswith(
        "; skipped 4 files of other formats (.doc, .odt, .rtf, .xlsx) and 1 folder that could not be opened")
    skipped = sorted(line for line in result.stderr.splitlines() if line.startswith("skipped: "))
    assert skipped == sorted([f"skipped: {papers / '2017' / name}: not a format prevent-docs reads (PDF, DOCX, "
                              f"PPTX, text)" for name in ("minutes.doc", "report.odt", "letter.rtf", "scores.xlsx")]
                             + [f"skipped: {locked}: a folder that could not be opened"])


def test_ingest_reads_utf16_text_with_a_byte_order_mark(tmp_path):
    papers = tmp_path / "papers"
    papers.mkdir()
    text = "Prevent duty update\r\n\r\n1. The Council reviews its Prevent training — café staff included.\r\n"
    (papers / "windows-unicode.txt").write_bytes(text.encode("utf-16"))  # little-endian, with a BOM
    (papers / "big-endian.txt").write_bytes(codecs.BOM_UTF16_BE + text.encode("utf-16-be"))
    db_path = tmp_path / "prevent.db"
    report = pipeline.ingest([papers], db_path)
    assert (report.new, report.failed) == (2, 0), report.errors
    for name in ("windows-unicode.txt", "big-endian.txt"):
        assert rows(db_path, "select count(*) from passages p join documents d on d.id = p.document_id "
                             "where d.file_name = ? and p.text like '%café staff included%'", [name]) == [(1,)]


def test_ingest_identical_files_at_two_paths_settle_instead_of_moving_each_run(papers, tmp_path):
    copy = papers / "copy" / REPORT.name
    copy.parent.mkdir()
    shutil.copy(papers / "2017" / REPORT.name, copy)
    db_path = tmp_path / "prevent.db"
    first = pipeline.ingest([papers], db_path)
    assert (first.new, first.duplicate, first.moved) == (2, 1, 0)
    stored = rows(db_path, "select id, path from documents order by path")
    for _ in range(2):
        again = pipeline.ingest([papers], db_path)
        assert (again.new, again.unchanged, again.duplicate, again.moved) == (0, 2, 1, 0)
        assert rows(db_path, "select id, path from documents order by path") == stored
    (papers / "2017" / REPORT.name).unlink()  # the first copy gone: now the other is where it lives
    assert pipeline.ingest([papers], db_path).moved == 1
    assert rows(db_path, "select path from documents where file_name = ?", [REPORT.name]) == [(str(copy),)]


def test_ingest_prune_removes_documents_whose_files_are_gone_and_says_which(papers, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "elsewhere.txt").write_text("Prevent\n\n1. Kept: not below the folder ingested.\n", encoding="utf-8")
    db_path = tmp_path / "prevent.db"
    pipeline.ingest([papers, other], db_path)
    gone = papers / "2017" / REPORT.name
    gone.unlink()
    (other / "elsewhere.txt").unlink()
    assert pipeline.ingest([papers], db_path).pruned == []  # without --prune nothing is removed
    assert rows(db_path, "select count(*) from documents") == [(3,)]

    result = CliRunner().invoke(cli, ["ingest", str(papers), "--db", str(db_path), "--prune"])
    assert result.exit_code == 0, result.output
    assert f"pruned: {gone}: the file is gone" in result.stderr.splitlines()
    assert ", 1 pruned, 0 failed;" in result.stdout
    assert sorted(rows(db_path, "select file_name from documents")) == [(DECK.name,), ("elsewhere.txt",)]
    assert rows(db_path, "select count(*) from passages where document_id not in (select id from documents)") == [(0,)]
