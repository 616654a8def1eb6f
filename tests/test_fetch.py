"""`prevent-docs fetch`: a ModernGov committee system served on 127.0.0.1, never the network.

Two sites: Manchester's, answering with the four real web-service responses in
`tests/fixtures/moderngov/` (its address rewritten to the test server's), and Harborough's,
answering with the project's own responses in the same shapes: Prevent items over three
years and two committees, a restricted item and a restricted document, a title escaped
twice, an agenda pack repeating a report, a 429 before success, an HTML page instead of a
meeting's XML, a document that is an HTML page, a redirect to mgError.aspx, a timeout and
a document on another host. Attachments are corpus PDFs and DOCX. The politeness delay is
set to 0 through the API and sleeps are recorded, not slept.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from prevent_docs.cli import cli
from prevent_docs.fetch import FetchOptions, FetchStopped, UnknownCouncil, fetch, resolve_council
from prevent_docs.fetch.client import PoliteClient
from prevent_docs.fetch.manifest import MANIFEST_NAME, read_rows
from prevent_docs.fetch.moderngov import clean_title, parse_meetings
from tests.moderngov_site import ModernGovSite, Server, requests_to

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "moderngov"
CORPUS = REPO / "corpus"
ACTION_PLAN_PDF = (CORPUS / "001_833b9ff6c1116053.pdf").read_bytes()
ACTION_PLAN_DOCX = (CORPUS / "001_833b9ff6c1116053.docx").read_bytes()
LSCSB_PDF = (CORPUS / "002_000fee0137df29e4.pdf").read_bytes()
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class Recorder:
    """Stands in for time.sleep: remembers what it was asked to wait, waits for nothing."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def quick(**changes) -> FetchOptions:
    """Options for tests: no delay, short timeout, one retry, sleeps recorded."""
    return FetchOptions(**({"delay": 0, "timeout": 0.5, "retries": 1, "backoff": 0, "sleep": Recorder()} | changes))


def council_table(folder: Path, name: str, base: str) -> Path:
    """A committee-systems table naming one council at the test server's address."""
    path = folder / "committee_systems.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["register_code", "official_name", "common_name", "territory", "cms_type", "base_url"])
        writer.writerow(["HAR", name, name.split()[0], "ENG", "ModernGov", base])
        writer.writerow(["XYZ", "Somewhere Borough Council", "Somewhere", "ENG", "CMIS", "https://cmis.example"])
    return path


def harborough_site() -> ModernGovSite:
    site = ModernGovSite(answers=FIXTURES / "harborough")
    site.documents = {
        "/mgConvert2PDF.aspx?ID=70001": ACTION_PLAN_PDF,
        "/documents/s70002/Prevent%20action%20plan.docx": ACTION_PLAN_DOCX,
        "/documents/g5002/Public%20reports%20pack%2015th-Jun-2023.pdf": ACTION_PLAN_PDF,  # repeats 70001
        "/mgConvert2PDF.aspx?ID=70010": LSCSB_PDF,
        "/mgConvert2PDF.aspx?ID=70012": b"<!DOCTYPE html><html><body>Document not available</body></html>",
        "/mgConvert2PDF.aspx?ID=70014": LSCSB_PDF,
        "/mgConvert2PDF.aspx?ID=70009": b"%PDF-1.4 exempt", "/mgConvert2PDF.aspx?ID=70011": b"%PDF-1.4 exempt",
        "/mgConvert2PDF.aspx?ID=70004": b"%PDF-1.4 parking", "/mgConvert2PDF.aspx?ID=70020": b"%PDF-1.4 planning",
    }
    site.content_types = {"/documents/s70002/Prevent%20action%20plan.docx": DOCX}
    site.too_many_once = {"/mgConvert2PDF.aspx?ID=70010": "7"}
    site.redirects = {"/mgConvert2PDF.aspx?ID=70013": "/mgError.aspx"}
    site.slow = {"/mgConvert2PDF.aspx?ID=70014": 1.5}
    return site


@pytest.fixture(scope="module")
def harborough(tmp_path_factory):
    """Two fetches of Harborough's site into one folder: (site, out folder, first report, second report)."""
    folder = tmp_path_factory.mktemp("harborough")
    site = harborough_site()
    with Server(site) as server:
        port = server.base.rsplit(":", 1)[1]
        site.replace = {"{base}": server.base, "{elsewhere}": f"http://localhost:{port}"}
        table = council_table(folder, "Harborough District Council", server.base)
        options = dict(since=dt.date(2022, 1, 1), until=dt.date(2024, 12, 31))
        problems: list[str] = []
        first = fetch("Harborough", folder / "papers", quick(**options), table=table, on_problem=problems.append)
        first_log = list(site.log)
        site.log.clear()
        second = fetch("Harborough", folder / "papers", quick(**options), table=table)
        yield site, folder / "papers", first, second, first_log, problems


def manifest_rows(folder: Path) -> dict[str, dict]:
    return {row.source_url.rsplit("/", 1)[-1]: row for row in read_rows(folder / MANIFEST_NAME)}


def test_fetch_brings_home_matching_items_of_three_years_and_two_committees(harborough):
    site, out, report, _, log, _ = harborough
    rows = [row for row in read_rows(out / MANIFEST_NAME) if row.file]
    assert {row.committee for row in rows} == {"Safer Harborough Partnership Board", "Scrutiny Commission"}
    assert {row.meeting_date[:4] for row in rows} == {"2022", "2023", "2024"}
    assert (report.committees, report.meetings, report.meetings_failed) == (3, 6, 1)
    assert report.items_matched == 5  # 5001/5, 5002/7 and /8 (a document title), 5003/3 (restricted) and /4
    by_name = manifest_rows(out)
    plan = by_name["mgConvert2PDF.aspx?ID=70001"]
    assert (plan.council, plan.gss_code, plan.meeting_date, plan.item_number, plan.attachment_id) == (
        "Harborough District Council", "E07000131", "2022-03-10", "5", "70001")
    assert (out / plan.file).read_bytes() == ACTION_PLAN_PDF
    assert plan.sha256 == hashlib.sha256(ACTION_PLAN_PDF).hexdigest() and plan.etag
    word = by_name["Prevent%20action%20plan.docx"]
    assert word.file.endswith(".docx") and (out / word.file).read_bytes() == ACTION_PLAN_DOCX
    # Nothing of the planning committee, nor of an item that does not match, was asked for.
    assert not requests_to(log, r"ID=700(04|20)")
    assert not requests_to(log, r"GetMeetings\?lCommitteeId=304")  # a deleted committee


def test_fetch_asks_for_meetings_year_by_year_with_ddmmyyyy_windows(harborough):
    _, _, _, _, log, _ = harborough
    windows = [entry.path for entry in requests_to(log, r"GetMeetings\?lCommitteeId=301")]
    assert windows == ["/mgWebService.asmx/GetMeetings?lCommitteeId=301&sFromDate=01/01/2022&sToDate=31/12/2022",
                       "/mgWebService.asmx/GetMeetings?lCommitteeId=301&sFromDate=01/01/2023&sToDate=31/12/2023",
                       "/mgWebService.asmx/GetMeetings?lCommitteeId=301&sFromDate=01/01/2024&sToDate=31/12/2024"]
    assert not requests_to(log, r"GetMeeting\?lMeetingId=5005")  # cancelled: nothing to read


def test_fetch_writes_the_items_own_minutes_and_decision_as_html(harborough):
    _, out, _, _, _, _ = harborough
    minutes = manifest_rows(out)["mgAi.aspx?ID=40011"]
    assert minutes.kind == "minutes" and minutes.file.endswith(".html")
    page = (out / minutes.file).read_text(encoding="utf-8")
    assert "<h1>Prevent Duty Action Plan 2021/22</h1>" in page
    assert "Meeting: 10/03/2022 - Safer Harborough Partnership Board (Item 5)" in page
    assert "<h2>Minutes:</h2>" in page and "96 staff had completed Prevent" in page
    decision = manifest_rows(out)["mgAi.aspx?ID=40021"]
    assert "<h2>Decision:</h2>" in (out / decision.file).read_text(encoding="utf-8")


def test_fetch_reads_a_title_escaped_twice(harborough):
    _, out, _, _, _, _ = harborough
    row = manifest_rows(out)["Prevent%20action%20plan.docx"]
    assert row.item_title == "Counter-Terrorism & Security Act: Prevent and Channel update"
    assert clean_title("Fish &amp;amp; Chips") == clean_title("Fish &amp; Chips") == "Fish & Chips"


def test_fetch_never_fetches_restricted_items_and_counts_them(harborough):
    _, out, report, _, log, _ = harborough
    assert report.restricted == 2  # the exempt item 5003/3, and an exempt appendix of 5003/4
    assert not requests_to(log, r"ID=700(09|11)")
    rows = manifest_rows(out)
    for name in ("mgConvert2PDF.aspx?ID=70009", "mgConvert2PDF.aspx?ID=70011"):
        assert rows[name].restricted and not rows[name].file


def test_fetch_keeps_one_copy_of_a_document_linked_twice_or_repeated_in_a_pack(harborough):
    _, out, report, _, log, _ = harborough
    assert report.duplicates == 2  # 70002 linked by two items; the pack repeating 70001's bytes
    assert len(requests_to(log, r"Prevent%20action%20plan\.docx")) == 1
    files = [row.file for row in read_rows(out / MANIFEST_NAME) if row.file]
    assert len(files) == len(set(files)) == len({hashlib.sha256((out / f).read_bytes()).hexdigest() for f in files})
    pack = manifest_rows(out)["Public%20reports%20pack%2015th-Jun-2023.pdf"]
    assert not pack.file and pack.same_as == manifest_rows(out)["mgConvert2PDF.aspx?ID=70001"].file


def test_fetch_retries_a_429_after_the_wait_it_asks_for(harborough):
    _, out, _, _, log, _ = harborough
    answers = [entry.status for entry in requests_to(log, r"ID=70010$")]
    assert answers == [429, 200]
    assert (out / manifest_rows(out)["mgConvert2PDF.aspx?ID=70010"].file).read_bytes() == LSCSB_PDF


@pytest.mark.parametrize("what, message", [
    ("an HTML error page instead of a meeting's XML",
     "Safer Harborough Partnership Board, 2024-05-01: {base}/mgWebService.asmx/GetMeeting?lMeetingId=5004: "
     "answered an HTML page, not the web service's XML (the web service may be switched off on this site)"),
    ("a document that is an HTML page",
     "Safer Harborough Partnership Board, 2024-02-01, item 4 'Prevent risk assessment': "
     "{base}/mgConvert2PDF.aspx?ID=70012: said to be a PDF but is an HTML page: not kept"),
    ("a redirect to mgError.aspx",
     "Safer Harborough Partnership Board, 2024-02-01, item 4 'Prevent training figures': "
     "{base}/mgConvert2PDF.aspx?ID=70013: redirected to the committee system's error page ({base}/mgError.aspx)"),
    ("a timeout",
     "Safer Harborough Partnership Board, 2024-02-01, item 4 'Prevent partnership plan': "
     "{base}/mgConvert2PDF.aspx?ID=70014: no answer within 0.5 s, 2 times; giving up"),
    ("a document on a host not named",
     "Safer Harborough Partnership Board, 2024-02-01, item 4 'Prevent regional briefing': "
     "{elsewhere}/documents/briefing.pdf: on localhost, not a host named for this fetch: not fetched"),
])
def test_fetch_says_what_went_wrong_and_fetches_the_rest(harborough, what, message):
    site, out, report, _, _, problems = harborough
    for old, new in site.replace.items():
        message = message.replace(old, new)
    assert message in problems, what
    assert report.problems == problems
    assert (report.failed, report.meetings_failed) == (4, 1)
    # The rest was fetched: every other matching document, and the minutes of every matching item.
    assert (report.new, len([row for row in read_rows(out / MANIFEST_NAME) if row.file])) == (5, 5)


def test_fetch_a_second_time_asks_only_if_things_changed_and_downloads_nothing(harborough):
    site, out, first, second, first_log, _ = harborough
    assert (second.new, second.updated, second.unchanged) == (0, 0, first.new)
    failed_first = r"ID=7001[234]$|mgError|lMeetingId=5004$"  # asked again in full, as they were not stored
    assert site.log and all(entry.conditional and entry.status == 304
                            for entry in site.log if not re.search(failed_first, entry.path))
    assert [entry.status for entry in site.log if re.search(r"ID=70012$", entry.path)] == [200]


def test_fetch_is_one_polite_client(tmp_path):
    """A User-Agent naming prevent-docs, and `delay` seconds between two requests to one host."""
    site = ModernGovSite(answers=FIXTURES, documents={"/a.pdf": b"%PDF-1.4 a", "/b.pdf": b"%PDF-1.4 b"})
    sleep = Recorder()
    with Server(site) as server:
        client = PoliteClient({"127.0.0.1"}, delay=5, sleep=sleep)
        client.get(server.base + "/a.pdf")
        client.get(server.base + "/b.pdf")
    assert all(entry.user_agent.startswith("prevent-docs/") for entry in site.log)
    assert len(sleep.waits) == 1 and 4 < sleep.waits[0] <= 5


@pytest.fixture
def manchester(tmp_path):
    """Manchester's site answering with the real recorded responses."""
    site = ModernGovSite(answers=FIXTURES, documents={"/mgConvert2PDF.aspx?ID=60860": ACTION_PLAN_PDF,
                                                      "/mgConvert2PDF.aspx?ID=60909": LSCSB_PDF},
                         renamed={"meeting_4967.xml": "meeting_with_minutes.xml",
                                  "meeting_4966.xml": "meeting_no_minutes.xml"})
    with Server(site) as server:
        site.replace = {"https://democracy.manchester.gov.uk": server.base}
        yield site, server.base


def test_fetch_reads_real_moderngov_answers(manchester, tmp_path):
    site, base = manchester
    options = quick(since=dt.date(2026, 1, 1), until=dt.date(2026, 2, 28), match="work programme",
                    committee="^audit committee$")
    report = fetch(base, tmp_path / "out", options)
    assert (report.committees, report.meetings, report.items_matched, report.new) == (1, 2, 1, 2)
    assert [entry.path for entry in requests_to(site.log, r"GetMeetings")] == [
        "/mgWebService.asmx/GetMeetings?lCommitteeId=144&sFromDate=01/01/2026&sToDate=28/02/2026"]
    rows = manifest_rows(tmp_path / "out")
    report_row = rows["mgConvert2PDF.aspx?ID=60909"]
    assert (report_row.committee, report_row.meeting_date, report_row.item_number, report_row.item_title,
            report_row.document_title) == ("Audit Committee", "2026-02-10", "9", "Work Programme",
                                           "DRAFT WP FEBRUARY 2026")
    minutes = (tmp_path / "out" / rows["mgAi.aspx?ID=18833"].file).read_text(encoding="utf-8")
    assert "future Work\nProgramme for the remainder of 2025/26" in minutes
    # Nothing of Manchester's is about Prevent: the default vocabulary matches nothing there.
    assert fetch(base, tmp_path / "none", quick(since=dt.date(2026, 1, 1), until=dt.date(2026, 2, 28),
                                                committee="^audit")).items_matched == 0
    # A second run: every request conditional, every answer 304, nothing downloaded.
    site.log.clear()
    again = fetch(base, tmp_path / "out", options)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    assert site.log and all(entry.conditional and entry.status == 304 for entry in site.log)


def test_fetch_counts_with_leading_spaces():
    meetings = parse_meetings((FIXTURES / "meetings.xml").read_bytes(), "meetings.xml")
    assert [(m.id, m.date, m.status) for m in meetings] == [
        (4966, dt.date(2026, 1, 13), "Cancelled"), (4967, dt.date(2026, 2, 10), "Confirmed")]


def test_fetch_stops_with_one_line_when_the_web_service_is_switched_off(tmp_path):
    switched_off = tmp_path / "answers"
    switched_off.mkdir()
    (switched_off / "committees.xml").write_text(
        "<!DOCTYPE html><html><body><h1>Web service disabled</h1></body></html>", encoding="utf-8")
    with Server(ModernGovSite(answers=switched_off)) as server:
        with pytest.raises(FetchStopped) as stopped:
            fetch(server.base, tmp_path / "out", quick())
        result = CliRunner().invoke(cli, ["fetch", server.base, "--out", str(tmp_path / "out"), "--delay", "0"])
    expected = (f"{server.base}: cannot list its committees, so nothing was fetched: "
                f"{server.base}/mgWebService.asmx/GetCommittees: answered an HTML page, not the web service's XML "
                f"(the web service may be switched off on this site)")
    assert str(stopped.value) == expected
    assert result.exit_code == 1 and f"Error: {expected}" in result.output


def test_fetch_resolves_councils_by_name_with_their_gss_code():
    council = resolve_council("Manchester")
    assert (council.name, council.gss_code, council.base_url) == (
        "Manchester City Council", "E08000003", "https://democracy.manchester.gov.uk")
    assert resolve_council("Doncaster").gss_code == "E08000017"
    with pytest.raises(UnknownCouncil, match="no council named 'Atlantis'"):
        resolve_council("Atlantis")


def test_fetch_refuses_a_council_that_runs_another_system(tmp_path):
    table = council_table(tmp_path, "Harborough District Council", "http://127.0.0.1:9")
    with pytest.raises(UnknownCouncil) as refused:
        resolve_council("Somewhere", table=table)
    assert str(refused.value) == ("Somewhere Borough Council runs CMIS, not ModernGov: only ModernGov committee "
                                  "systems can be fetched; pass its ModernGov address if it has one")


def test_fetch_then_ingest_then_datasette_shows_committee_meeting_date_and_original(harborough, tmp_path):
    """End to end: the papers fetched, ingested, and served with what the manifest says of them."""
    from prevent_docs import pipeline, serving

    site, out, _, _, _, _ = harborough
    db_path = tmp_path / "prevent.db"
    report = pipeline.ingest([out], db_path)
    assert (report.new, report.failed, report.skipped) == (5, 0, [])  # manifest.csv is no paper
    datasette = serving.make_datasette(db_path)
    status, body = serving.get(datasette, "/prevent/documents.json?_shape=array&_sort=file_name")
    assert status == 200
    documents = {row["source_url"].replace(site.replace["{base}"], ""): row for row in json.loads(body)}
    plan = documents["/mgConvert2PDF.aspx?ID=70001"]
    # Harborough's action plan names its council but no committee or date: those come from the manifest.
    assert (plan["authority_code"], plan["committee"], plan["meeting_date"], plan["body"], plan["date"]) == (
        "E07000131", "Safer Harborough Partnership Board", "2022-03-10", "Safer Harborough Partnership Board",
        "2022-03-10")
    # Leicestershire's board report says its own body and date; the manifest adds where it was published.
    report_row = documents["/mgConvert2PDF.aspx?ID=70010"]
    assert (report_row["body"], report_row["date"]) == ("Leicestershire Safer Communities Strategy Board",
                                                        "2017-06-02")
    assert (report_row["committee"], report_row["meeting_date"]) == ("Safer Harborough Partnership Board",
                                                                     "2024-02-01")
    minutes = documents["/mgAi.aspx?ID=40011"]
    assert (minutes["format"], minutes["kind"], minutes["title"]) == ("html", "minutes",
                                                                      "Prevent Duty Action Plan 2021/22")
    status, page = serving.get(datasette, f"/prevent/documents/{plan['id']}")
    assert status == 200
    assert f'<a href="{plan["source_url"]}">{plan["source_url"]}</a>' in page  # the original, on the council's site
    assert f"/-/source/{plan['id']}" in page  # beside the local copy
    response = _get(datasette, f"/-/source/{minutes['id']}")
    assert response.status_code == 200 and response.headers["content-disposition"].startswith("attachment")
    assert response.headers["content-type"] == "text/plain; charset=utf-8"  # an HTML page never runs on the site


def _get(datasette, path: str):
    import asyncio

    async def request():
        await datasette.invoke_startup()
        return await datasette.client.get(path)

    return asyncio.run(request())
