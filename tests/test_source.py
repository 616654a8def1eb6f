"""`/-/source/<id>` over HTTP: originals are served only as the formats the project reads,
under headers that let nothing in them run on the Datasette origin, only while their bytes
still hash to the id, and only from inside the folder they were ingested from.

Every file here is made by the test and ingested for real; the served app is Datasette's
own, reached through its HTTP client.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import docx
import pytest

from prevent_docs import pipeline, serving
from extractors.readers import sha256_of

from tests.conftest import CORPUS

SCRIPT = "<script>fetch('/prevent.json?sql=select+*+from+owners').then(r => r.text()).then(alert)</script>"
HTML = f"<!doctype html><html><body><h1>Prevent Action Plan</h1><p>Leicestershire County Council</p>{SCRIPT}</body></html>\n"
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)">'
       f"<text>Prevent Action Plan</text>{SCRIPT}</svg>\n")
#: A real PDF of the corpus with an HTML page in front: readers take it for a PDF, a browser
#: told it is HTML (by its name, or by sniffing) would run the script.
POLYGLOT = HTML.encode() + (CORPUS / "000_293d27028f82d5b8.pdf").read_bytes()
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def ingest(db_path: Path, *paths: Path) -> None:
    report = pipeline.ingest(list(paths), db_path)
    assert report.failed == 0, report.errors


async def get_source(db_path: Path, tmp_path: Path, document_id: str):
    datasette = serving.make_datasette(db_path, work_dir=tmp_path / "work")
    return await datasette.client.get(f"/-/source/{document_id}")


def assert_cannot_run(response) -> None:
    assert response.headers["x-content-type-options"] == "nosniff"
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "script-src" not in policy and "unsafe" not in policy


@pytest.fixture
def papers(tmp_path) -> Path:
    folder = tmp_path / "papers"
    folder.mkdir()
    return folder


@pytest.mark.asyncio
@pytest.mark.parametrize("name, content", [
    ("plan.html", HTML),  # an HTML page named directly on the command line
    ("plan.txt", HTML),  # HTML given a .txt name
    ("drawing.svg", SVG),
    ("drawing.txt", SVG),  # SVG given a .txt name
    ("drawing.pdf", SVG),  # or a .pdf name: formats are known by their bytes, so it was read as text
])
async def test_source_html_or_svg_is_a_plain_text_download(papers, tmp_path, name, content):
    path = papers / name
    path.write_text(content, encoding="utf-8")
    ingest(tmp_path / "prevent.db", path)
    response = await get_source(tmp_path / "prevent.db", tmp_path, sha256_of(path.read_bytes()))
    assert response.status_code == 200
    assert response.content == path.read_bytes()
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.headers["content-disposition"] == f'attachment; filename="{name}"'
    assert "sandbox" in response.headers["content-security-policy"]
    assert_cannot_run(response)


@pytest.mark.asyncio
@pytest.mark.parametrize("name", ["plan.html", "plan.svg", "plan.pdf"])
async def test_source_html_with_pdf_content_is_served_as_a_pdf_only(papers, tmp_path, name):
    path = papers / name
    path.write_bytes(POLYGLOT)
    ingest(tmp_path / "prevent.db", path)
    response = await get_source(tmp_path / "prevent.db", tmp_path, sha256_of(POLYGLOT))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    # Inline, so a browser's viewer can open it at #page=N; never as HTML.
    assert response.headers["content-disposition"] == f'inline; filename="{name}"'
    assert_cannot_run(response)


@pytest.mark.asyncio
async def test_source_docx_is_a_download_of_its_own_type(papers, tmp_path):
    path = papers / "action plan.docx"
    document = docx.Document()
    document.add_heading("Prevent Action Plan 2023-24", 1)
    document.add_paragraph("Leicestershire County Council will refresh its venue hire policy.")
    document.save(path)
    ingest(tmp_path / "prevent.db", path)
    response = await get_source(tmp_path / "prevent.db", tmp_path, sha256_of(path.read_bytes()))
    assert response.status_code == 200 and response.content == path.read_bytes()
    assert response.headers["content-type"] == DOCX_TYPE
    assert response.headers["content-disposition"] == 'attachment; filename="action plan.docx"'
    assert_cannot_run(response)


@pytest.mark.asyncio
async def test_source_a_format_the_project_does_not_read_is_not_served(papers, tmp_path):
    path = papers / "plan.txt"
    path.write_text(HTML, encoding="utf-8")
    ingest(tmp_path / "prevent.db", path)
    with sqlite3.connect(tmp_path / "prevent.db") as conn:
        conn.execute("update documents set format = 'svg'")
    response = await get_source(tmp_path / "prevent.db", tmp_path, sha256_of(path.read_bytes()))
    assert response.status_code == 404
    assert response.text == "plan.txt: a svg file; only PDF, DOCX, PPTX, text and HTML originals are served"


@pytest.mark.asyncio
async def test_source_a_file_changed_since_ingest_is_not_served(papers, tmp_path):
    path = papers / "plan.txt"
    path.write_text("Prevent Action Plan\n\nLeicestershire County Council\n", encoding="utf-8")
    ingest(tmp_path / "prevent.db", path)
    document_id = sha256_of(path.read_bytes())
    path.write_text(HTML, encoding="utf-8")
    response = await get_source(tmp_path / "prevent.db", tmp_path, document_id)
    assert response.status_code == 409
    assert response.text == (f"The file {path} has changed since it was ingested: ingest it again to serve "
                             "the new version.")
    assert "<script>" not in response.text


@pytest.mark.asyncio
async def test_source_a_symlink_out_of_the_folder_is_not_served(papers, tmp_path):
    outside = tmp_path / "private"
    outside.mkdir()
    secret = outside / "notes.txt"
    secret.write_text("Prevent Action Plan\n\nPrivate notes of the coordinator\n", encoding="utf-8")
    (papers / "notes.txt").symlink_to(secret)
    ingest(tmp_path / "prevent.db", papers)  # the walk follows the link to a file
    response = await get_source(tmp_path / "prevent.db", tmp_path, sha256_of(secret.read_bytes()))
    assert response.status_code == 403
    assert response.text == (f"The file {papers / 'notes.txt'} links outside the folder it was ingested from: "
                             "not served.")


@pytest.mark.asyncio
async def test_source_a_file_replaced_by_a_symlink_out_of_the_folder_is_not_served(papers, tmp_path):
    path = papers / "plan.txt"
    path.write_text("Prevent Action Plan\n\nLeicestershire County Council\n", encoding="utf-8")
    ingest(tmp_path / "prevent.db", papers)
    copy = tmp_path / "elsewhere.txt"  # the same bytes, so only the link gives it away
    copy.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(copy)
    response = await get_source(tmp_path / "prevent.db", tmp_path, sha256_of(copy.read_bytes()))
    assert response.status_code == 403


@pytest.mark.asyncio
async def test_source_a_path_stored_relative_is_found_when_serving_from_another_folder(tmp_path, monkeypatch):
    project = tmp_path / "project"
    (project / "papers").mkdir(parents=True)
    path = project / "papers" / "plan.txt"
    path.write_text("Prevent Action Plan\n\nLeicestershire County Council\n", encoding="utf-8")
    monkeypatch.chdir(project)
    ingest(Path("prevent.db"), Path("papers"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    response = await get_source(project / "prevent.db", tmp_path, sha256_of(path.read_bytes()))
    assert response.status_code == 200 and response.content == path.read_bytes()


@pytest.mark.asyncio
async def test_source_is_found_from_any_folder_whichever_folder_ingest_ran_in(tmp_path, monkeypatch):
    """Ingest run in one folder with relative paths, the database in a second, the server started in a third."""
    (tmp_path / "project" / "papers").mkdir(parents=True)
    (tmp_path / "databases").mkdir()
    (tmp_path / "elsewhere").mkdir()
    path = tmp_path / "project" / "papers" / "plan.txt"
    path.write_text("Prevent Action Plan\n\nLeicestershire County Council\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "project")
    ingest(tmp_path / "databases" / "prevent.db", Path("papers"))
    with sqlite3.connect(tmp_path / "databases" / "prevent.db") as conn:
        assert conn.execute("select path from documents").fetchall() == [(str(path),)]
    monkeypatch.chdir(tmp_path / "elsewhere")
    response = await get_source(tmp_path / "databases" / "prevent.db", tmp_path, sha256_of(path.read_bytes()))
    assert response.status_code == 200 and response.content == path.read_bytes()


@pytest.mark.asyncio
async def test_source_a_file_whose_name_is_not_utf8_is_served(papers, tmp_path):
    """Its name is stored escaped (`caf\\xe9.txt`); the file is still found by the name it stands for."""
    raw = os.fsencode(papers) + b"/caf\xe9 plan.txt"
    with open(raw, "wb") as f:
        f.write(b"Prevent Action Plan\n\nLeicestershire County Council\n")
    ingest(tmp_path / "prevent.db", papers)
    with sqlite3.connect(tmp_path / "prevent.db") as conn:
        assert conn.execute("select file_name from documents").fetchall() == [("caf\\xe9 plan.txt",)]
    with open(raw, "rb") as f:
        data = f.read()
    response = await get_source(tmp_path / "prevent.db", tmp_path, sha256_of(data))
    assert response.status_code == 200 and response.content == data
    assert response.headers["content-disposition"] == 'attachment; filename="caf_xe9 plan.txt"'
