"""Serving: Datasette over HTTP through its ASGI client, every canned query, the heatmap,
links to sources, the public copy, and `serve --get` through the CLI.

Most tests use a small database written through the store from known records (the
Leicestershire, Harborough, Staffordshire and Leicester papers of the corpus, cut down),
so they do not depend on how far extraction has got; `test_serving_real_corpus_*` use the
corpus ingested for real.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from prevent_docs import pipeline, serving, store, tracking
from prevent_docs.cli import cli
from prevent_docs.public import redact
from prevent_docs.errors import NotAPreventDatabase
from schemas.records import (AREAS, Action, ActionOwner, Benchmark, DocumentOwner, DocumentRow, Extraction,
                             Figure, Owner, Passage, Recommendation, record_id)

LEICESTERSHIRE, HARBOROUGH, STAFFORDSHIRE, LEICESTER = "E10000018", "E07000131", "E10000028", "E06000016"
#: Leicestershire's scores in the benchmarking deck (corpus 000), toolkit order.
SCORES = {2022: (4, 5, 5, 4, 5, 4, 3, 3, 3, 3), 2023: (4, 5, 5, 4, 5, 4, 3, 2, 3, 3)}
EMAIL, PHONE = "gurjit.samra-rai@leics.gov.uk", "0116 305 6056"
SECRET = "threat picture for the city"


def make_document(folder: Path, name: str, text: str, **meta) -> DocumentRow:
    """Write a source file and return its documents row."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return DocumentRow(id=hashlib.sha256(path.read_bytes()).hexdigest(), file_name=name, path=str(path),
                       format="txt", pages=5, extractor_version="test", ingested_at="2024-01-01T00:00:00+00:00",
                       **meta)


def passage(document: DocumentRow, page: int, text: str, position: int) -> Passage:
    return Passage(id=record_id(document.id, "passage", position), document_id=document.id, page=page,
                   text=text, position=position)


def build_fixture_db(db_path: Path, files: Path) -> Path:
    """Write four papers (one in two formats) and their records through the store, as ingest would."""
    files.mkdir(parents=True, exist_ok=True)
    db = store.open_db(db_path)
    store.load_authorities(db, pipeline.AUTHORITIES_CSV)

    deck = make_document(files, "000_benchmarking.txt", f"Prevent Duty Benchmarking\nEmail: {EMAIL}\n",
                         kind="benchmark_deck", title="Prevent Duty Benchmarking: Leicestershire Update",
                         authority_code=LEICESTERSHIRE, date="2023-06-30", protective_marking="OFFICIAL")
    officer = Owner.make(name="Gurjit Samra-Rai", role="Prevent Officer", organisation="Leicestershire County Council",
                         email=EMAIL, phone=PHONE)
    store.write_extraction(db, Extraction(
        document=deck,
        passages=[passage(deck, 1, "Prevent Duty Benchmarking: Leicestershire Update", 0),
                  passage(deck, 6, "Venue hire and IT policies need refreshing across the districts", 1),
                  passage(deck, 7, f"Contact: Gurjit Samra-Rai, Email: {EMAIL} Tel: {PHONE}", 2)],
        benchmarks=[Benchmark(id=record_id(deck.id, "benchmark", year, area), document_id=deck.id,
                              authority_code=LEICESTERSHIRE, year=year, area=area, score=score, page=3 + year - 2022)
                    for year, scores in SCORES.items() for area, score in zip(AREAS, scores)],
        recommendations=[Recommendation(id=record_id(deck.id, "recommendation", 1), document_id=deck.id, number="1",
                                        text="Refresh the venue hire and IT filtering policies", area="venue_hire_it",
                                        kind="improvement", page=6)],
        owners=[officer],
        document_owners=[DocumentOwner(document_id=deck.id, owner_id=officer.id, capacity="contact")],
    ))

    plan = make_document(files, "001_action_plan.txt", "Harborough District Council Prevent Action Plan 2021-22\n",
                         kind="action_plan", title="Harborough District Council Prevent Action Plan 2021-22",
                         authority_code=HARBOROUGH, period="2021-22")
    manager = Owner.make(role="Community Safety Manager", organisation="Harborough District Council")
    actions = [
        Action(id=record_id(plan.id, "action", 1), document_id=plan.id, number="1", source="table", page=1,
               text="Keep a record of compliance against the Prevent Guidance", timescale="Update monthly",
               area="partnership_plan", status="Complete"),
        Action(id=record_id(plan.id, "action", 2), document_id=plan.id, number="2", source="table", page=2,
               text="Deliver WRAP training to all new starters", timescale="Quarterly", area="training"),
    ]
    store.write_extraction(db, Extraction(
        document=plan, actions=actions, owners=[manager],
        action_owners=[ActionOwner(action_id=action.id, owner_id=manager.id) for action in actions],
        benchmarks=[Benchmark(id=record_id(plan.id, "benchmark", "training"), document_id=plan.id,
                              authority_code=HARBOROUGH, year=2021, area="training",
                              evidence="WRAP training delivered to all staff", page=3)],
        figures=[Figure(id=record_id(plan.id, "figure", 1), document_id=plan.id, value=100, unit="%",
                        qualifier="target", text="100% new starters have safeguarding training", page=2)],
    ))

    report = make_document(files, "003_select_committee.txt", "Safe and Strong Communities Select Committee\n",
                           kind="committee_report", title="Prevent", authority_code=STAFFORDSHIRE, date="2019-03-04",
                           body="Safe and Strong Communities Select Committee")
    store.write_extraction(db, Extraction(
        document=report,
        recommendations=[
            Recommendation(id=record_id(report.id, "recommendation", 1), document_id=report.id, number="1",
                           text="The Select Committee notes the report", kind="decision", page=1),
            Recommendation(id=record_id(report.id, "recommendation", 2), document_id=report.id, number="2",
                           text="Use the self-assessment tool of the Prevent Duty Toolkit", kind="improvement",
                           area="partnership_plan", page=4),
            Recommendation(id=record_id(report.id, "recommendation", 3), document_id=report.id, number="3",
                           text="Widen the partnership data behind the delivery plan", kind="improvement",
                           area="risk_assessment", status="Implemented", page=4),
        ],
        figures=[Figure(id=record_id(report.id, "figure", 1), document_id=report.id, value=137_000_000, unit="GBP",
                        text="£137m", page=3)],
    ))

    # The same paper as a PDF: its open recommendation is listed once, from the PDF.
    report_pdf = make_document(files, "003_select_committee.pdf", "%PDF-1.4 Safe and Strong Communities\n",
                               kind="committee_report", title="Prevent", authority_code=STAFFORDSHIRE,
                               date="2019-03-04")
    report_pdf = report_pdf.model_copy(update={"format": "pdf"})
    store.write_extraction(db, Extraction(document=report_pdf, recommendations=[
        Recommendation(id=record_id(report_pdf.id, "recommendation", 2), document_id=report_pdf.id, number="2",
                       text="Use the self-assessment tool of the Prevent\nDuty Toolkit", kind="improvement",
                       area="partnership_plan", page=5)]))

    sensitive = make_document(files, "004_ctlp.txt", f"Counter Terrorism Local Profile: {SECRET}\n",
                              kind="presentation", title="Counter Terrorism Local Profile briefing",
                              authority_code=LEICESTER, date="2023-02-01", protective_marking="OFFICIAL-SENSITIVE")
    coordinator = Owner.make(name="Daxa Pancholi", organisation="Leicester City Council",
                             email="daxa.pancholi@leicester.gov.uk")
    ctlp_action = Action(id=record_id(sensitive.id, "action", 1), document_id=sensitive.id, source="prose", page=2,
                         text="Share the CTLP with partners", area="risk_assessment")
    store.write_extraction(db, Extraction(
        document=sensitive,
        passages=[passage(sensitive, 2, f"The CTLP sets out the {SECRET}", 0)],
        benchmarks=[Benchmark(id=record_id(sensitive.id, "benchmark", area), document_id=sensitive.id,
                              authority_code=LEICESTER, year=2023, area=area, score=3, page=2) for area in AREAS],
        actions=[ctlp_action], owners=[coordinator],
        action_owners=[ActionOwner(action_id=ctlp_action.id, owner_id=coordinator.id)],
        document_owners=[DocumentOwner(document_id=sensitive.id, owner_id=coordinator.id, capacity="presenter")],
    ))
    tracking.track(db)  # as ingest does, so the canned queries over tracking have their tables
    db.execute("pragma wal_checkpoint(truncate)")
    db.close()
    return db_path


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("serving")
    # Any file name: the database is served as /prevent whatever it is called.
    return build_fixture_db(folder / "papers.sqlite", folder / "papers")


@pytest.fixture
def datasette(fixture_db, tmp_path):
    return serving.make_datasette(fixture_db, work_dir=tmp_path)


@pytest.fixture
def public(fixture_db, tmp_path):
    return serving.make_datasette(fixture_db, public=True, work_dir=tmp_path)


def document_id(db_path: Path, file_name: str) -> str:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("select id from documents where file_name = ?", [file_name]).fetchone()[0]


async def rows(datasette, path: str) -> list[dict]:
    response = await datasette.client.get(path + ("&" if "?" in path else "?") + "_shape=array")
    assert response.status_code == 200, response.text
    return response.json()


# The app


@pytest.mark.asyncio
async def test_serving_database_is_named_prevent_and_served_live_read_only(datasette, fixture_db):
    response = await datasette.client.get("/-/databases.json")
    assert [(db["name"], db["is_mutable"]) for db in response.json() if not db["name"].startswith("_")] == [
        ("prevent", True)]
    database = datasette.databases["prevent"]
    assert Path(database.path) == fixture_db  # the file itself, not a copy
    assert (await datasette.client.get("/prevent/recommendations")).status_code == 200
    with pytest.raises(PermissionError, match="served read-only"):
        await database.execute_write("delete from documents")
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        await database.execute_fn(lambda conn: conn.execute("delete from documents"))
    assert (await datasette.client.get("/prevent.json?sql=pragma+journal_mode%3Ddelete")).status_code != 200
    with sqlite3.connect(f"{fixture_db.as_uri()}?mode=ro", uri=True) as conn:
        assert conn.execute("pragma journal_mode").fetchone() == ("wal",)
        assert conn.execute("select count(*) from documents").fetchone() == (5,)


@pytest.mark.asyncio
async def test_serving_counts_follow_a_commit(fixture_db, tmp_path):
    copy = tmp_path / "live.db"
    with sqlite3.connect(fixture_db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    datasette = serving.make_datasette(copy, work_dir=tmp_path)
    counts = (await datasette.client.get("/prevent.json")).json()
    assert {table["name"]: table["count"] for table in counts["tables"]}["figures"] == 2
    with sqlite3.connect(copy) as writer:
        writer.execute("delete from figures where unit = 'GBP'")
    counts = (await datasette.client.get("/prevent.json")).json()
    assert {table["name"]: table["count"] for table in counts["tables"]}["figures"] == 1


def test_serving_metadata_describes_every_contract_table_and_column():
    tables = serving.load_metadata()["databases"]["prevent"]["tables"]
    for table, columns in store.TABLES.items():
        assert tables[table]["description"], table
        assert set(tables[table]["columns"]) == set(columns), table


def test_serving_metadata_credits_the_authorities_register():
    metadata = serving.load_metadata()
    assert {"title", "description", "source", "license"} <= set(metadata)
    assert "ONS Open Geography" in metadata["license"] and "mySociety" in metadata["license"]


def test_serving_missing_database_is_an_error(tmp_path):
    with pytest.raises(NotAPreventDatabase):
        serving.make_datasette(tmp_path / "absent.db")
    (tmp_path / "empty.db").write_bytes(b"")
    with pytest.raises(NotAPreventDatabase):
        serving.make_datasette(tmp_path / "empty.db")


@pytest.mark.asyncio
async def test_serving_table_facets_and_label_columns(datasette):
    data = (await datasette.client.get("/prevent/benchmarks.json?_labels=on")).json()
    assert set(data["facet_results"]) == {"year", "area"}  # what summarises; each facet reads every row
    years = {item["value"]: item["count"] for item in data["facet_results"]["year"]["results"]}
    assert years[2022] == 10 and years[2023] == 20
    labels = {row["authority_code"]["label"] for row in data["rows"]}
    assert "Leicestershire" in labels


@pytest.mark.asyncio
async def test_serving_passages_search(datasette):
    found = await rows(datasette, "/prevent/passages.json?_search=venue+hire")
    assert [row["page"] for row in found] == [6]


@pytest.mark.asyncio
async def test_serving_passages_paper_by_paper_in_reading_order_page_by_page(datasette):
    data = (await datasette.client.get("/prevent/passages.json?_size=2&_shape=objects")).json()
    assert [row["position"] for row in data["rows"]] == [0, 1]  # the deck's first two
    assert not data["facet_results"] and not data["suggested_facets"]  # none unless asked for
    following = (await datasette.client.get(urlsplit(data["next_url"])._replace(scheme="", netloc="").geturl())).json()
    assert [(row["position"], row["page"]) for row in following["rows"]] == [(2, 7), (0, 2)]  # then the CTLP
    # HTML pages expand document ids to titles; their next-page link still needs the sort value.
    for path in ("/prevent/passages?_size=1", "/prevent/passages?_search=the&_size=1"):
        response = await datasette.client.get(path)
        assert response.status_code == 200 and "_next=" in response.text, path
    faceted = (await datasette.client.get("/prevent/passages.json?_search=venue&_facet=kind")).json()
    assert list(faceted["facet_results"]) == ["kind"]  # facets on request still work


# Canned queries


@pytest.mark.asyncio
async def test_serving_canned_query_open_items_oldest_first(datasette):
    found = await rows(datasette, "/prevent/open_recommendations_and_actions.json")
    assert [(row["authority_code"], row["record"], row["number"]) for row in found] == [
        (STAFFORDSHIRE, "recommendation", "2"),  # 2019; no. 3 is Implemented, no. 1 a decision
        (HARBOROUGH, "action", "2"),  # 2021-22; no. 1 is Complete
        (LEICESTER, "action", None),  # 2023-02
        (LEICESTERSHIRE, "recommendation", "1"),  # 2023-06
    ]
    assert found[0]["year"] == "2019" and found[1]["year"] == "2021"
    assert (found[0]["page"], found[0]["copies"]) == (5, 2)  # the PDF's page, of two renderings


@pytest.mark.asyncio
async def test_serving_canned_query_open_items_by_authority_and_area(datasette):
    found = await rows(datasette, "/prevent/open_recommendations_and_actions.json?authority=Leicestershire")
    assert [(row["authority"], row["area"], row["page"]) for row in found] == [
        ("Leicestershire", "venue_hire_it", 6)]
    assert await rows(datasette, "/prevent/open_recommendations_and_actions.json?authority=E07000131&area=training")
    assert not await rows(datasette,
                          "/prevent/open_recommendations_and_actions.json?authority=E07000131&area=partnership_plan")


@pytest.mark.asyncio
async def test_serving_canned_query_benchmark_scores_by_year(datasette):
    found = await rows(datasette, "/prevent/benchmark_scores_by_year.json?year=2023")
    by_code = {row["authority_code"]: row for row in found}
    assert set(by_code) == {LEICESTERSHIRE, LEICESTER}
    assert [by_code[LEICESTERSHIRE][area] for area in AREAS] == list(SCORES[2023])
    assert by_code[LEICESTERSHIRE]["mean_score"] == 3.8
    (row,) = await rows(datasette, "/prevent/benchmark_scores_by_year.json?year=2022")
    assert row["venue_hire_it"] == 3


@pytest.mark.asyncio
async def test_serving_canned_query_authority_scores_over_years(datasette):
    found = await rows(datasette, "/prevent/authority_scores_over_years.json?authority=E10000018")
    assert [(row["year"], row["venue_hire_it"]) for row in found] == [(2022, 3), (2023, 2)]
    assert found == await rows(datasette, "/prevent/authority_scores_over_years.json?authority=Leicestershire")


@pytest.mark.asyncio
async def test_serving_canned_query_benchmark_changes(datasette):
    found = await rows(datasette, "/prevent/benchmark_changes.json?authority=E10000018")
    assert len(found) == 10  # every area scored in both years
    changed = [row for row in found if row["change"]]
    assert [(row["area"], row["previous_year"], row["year"], row["change"]) for row in changed] == [
        ("venue_hire_it", 2022, 2023, -1)]


@pytest.mark.asyncio
async def test_serving_canned_query_actions_by_owner(datasette):
    found = await rows(datasette, "/prevent/actions_by_owner.json?owner=community+safety+manager")
    assert [(row["owner"], row["number"], row["authority"]) for row in found] == [
        ("Community Safety Manager", "1", "Harborough"), ("Community Safety Manager", "2", "Harborough")]
    assert [row["owner"] for row in await rows(datasette, "/prevent/actions_by_owner.json?owner=Pancholi")] == [
        "Daxa Pancholi"]


@pytest.mark.asyncio
async def test_serving_canned_query_figures_by_authority(datasette):
    found = await rows(datasette, "/prevent/figures_by_authority.json?authority=Harborough&unit=%25")
    assert [(row["value"], row["qualifier"], row["year"]) for row in found] == [(100.0, "target", "2021")]
    (money,) = await rows(datasette, "/prevent/figures_by_authority.json?unit=GBP")
    assert (money["authority"], money["value"]) == ("Staffordshire", 137_000_000)


@pytest.mark.asyncio
async def test_serving_canned_query_coverage_shows_gaps(datasette):
    found = await rows(datasette, "/prevent/coverage.json")
    cells = {(row["authority_code"], row["year"]): row for row in found}
    assert len(cells) == 4 * 3  # four authorities x the years 2019, 2021, 2023
    assert cells[(LEICESTERSHIRE, "2023")]["benchmark_deck"] == 1
    assert cells[(HARBOROUGH, "2021")]["action_plan"] == 1
    assert cells[(LEICESTERSHIRE, "2019")]["documents"] == 0  # a gap


@pytest.mark.asyncio
async def test_serving_every_canned_query_answers(datasette):
    queries = serving.load_metadata()["databases"]["prevent"]["queries"]
    listed = {query["name"] for query in (await datasette.client.get("/prevent.json")).json()["queries"]}
    assert listed == set(queries)
    for name in queries:
        response = await datasette.client.get(f"/prevent/{name}?authority=E10000018&year=2023")
        assert response.status_code == 200, name
        assert "<form" in response.text


# Summary tables


def summaries(db) -> list[list[tuple]]:
    return [db.execute(f"select * from [{table}] order by 1, 2, 3").fetchall() for table in store.SUMMARY_TABLES]


def test_serving_summary_tables_follow_every_write(tmp_path):
    """The store's triggers keep latest_scores and document_counts what a rebuild makes."""
    db = store.open_db(build_fixture_db(tmp_path / "papers.db", tmp_path / "papers"))

    def as_rebuilt() -> None:
        kept = summaries(db)
        store.refresh_summaries(db)
        assert summaries(db) == kept

    def venue_hire_2023() -> tuple:
        return db.execute("select score, rating, papers, scored_score, previous_year, previous_score "
                          "from latest_scores where authority_code = ? and year = 2023 and area = 'venue_hire_it'",
                          [LEICESTERSHIRE]).fetchone()

    def counts(code: str, year: str) -> tuple | None:
        return db.execute("select files, documents, benchmark_deck, presentation from document_counts "
                          "where authority_code = ? and year = ?", [code, year]).fetchone()

    as_rebuilt()
    assert venue_hire_2023() == (2, None, 1, 2, 2022, 3)
    assert counts(LEICESTERSHIRE, "2023") == (1, 1, 1, 0) and counts(HARBOROUGH, "2021") == (1, 1, 0, 0)
    # A later paper rates the area without scoring it: it is the latest, the deck's 2 the latest score.
    later = make_document(tmp_path / "papers", "005_update.txt", "Prevent update\n", kind="presentation",
                          title="Prevent update", authority_code=LEICESTERSHIRE, date="2023-12-01")
    rated = Benchmark(id=record_id(later.id, "benchmark", 2023, "venue_hire_it"), document_id=later.id,
                      authority_code=LEICESTERSHIRE, year=2023, area="venue_hire_it", rating="Amber", page=1)
    store.write_extraction(db, Extraction(document=later, benchmarks=[rated]))
    assert venue_hire_2023() == (None, "Amber", 2, 2, 2022, 3)
    assert counts(LEICESTERSHIRE, "2023") == (2, 2, 1, 1)
    as_rebuilt()
    with store.write_transaction(db):  # dated earlier than the deck: the deck is the latest again
        db.execute("update documents set date = '2023-01-01' where id = ?", [later.id])
    assert venue_hire_2023() == (2, None, 2, 2, 2022, 3)
    as_rebuilt()
    # The same file read again with other metadata replaces its row (INSERT OR REPLACE).
    store.write_extraction(db, Extraction(document=later.model_copy(update={"authority_code": None,
                                                                           "authority_name": "Somewhere"}),
                                          benchmarks=[rated.model_copy(update={"authority_code": None,
                                                                               "score": 5})]))
    assert venue_hire_2023() == (2, None, 1, 2, 2022, 3)
    assert counts(LEICESTERSHIRE, "2023") == (1, 1, 1, 0) and counts("", "2023") == (1, 1, 0, 1)
    as_rebuilt()
    store.delete_document(db, later.id)
    assert counts("", "2023") is None
    as_rebuilt()
    with store.write_transaction(db):  # a score changed in place moves the change against 2022
        db.execute("update benchmarks set score = 5 where authority_code = ? and year = 2023 "
                   "and area = 'venue_hire_it'", [LEICESTERSHIRE])
    assert venue_hire_2023() == (5, None, 1, 5, 2022, 3)
    as_rebuilt()
    db.close()


@pytest.mark.asyncio
async def test_serving_adds_the_summary_tables_to_a_database_written_before_them(fixture_db, tmp_path):
    older = tmp_path / "older.db"
    with sqlite3.connect(fixture_db) as source, sqlite3.connect(older) as target:
        source.backup(target)
    with sqlite3.connect(older) as conn:
        for (name,) in conn.execute("select name from sqlite_master where type = 'trigger' and "
                                    "(sql like '%latest_scores%' or sql like '%document_counts%')").fetchall():
            conn.execute(f"drop trigger [{name}]")
        for table in store.SUMMARY_TABLES:
            conn.execute(f"drop table [{table}]")
    datasette = serving.make_datasette(older, work_dir=tmp_path)
    assert Path(datasette.databases["prevent"].path) != older and not serving.has_summaries(older)
    by_code = {row["authority_code"]: row for row in
               await rows(datasette, "/prevent/benchmark_scores_by_year.json?year=2023")}
    assert [by_code[LEICESTERSHIRE][area] for area in AREAS] == list(SCORES[2023])
    assert len(await rows(datasette, "/prevent/coverage.json")) == 4 * 3


# The heatmap


@pytest.mark.asyncio
async def test_serving_heatmap_json_defaults_to_the_fullest_year_latest_of_a_tie(datasette):
    data = (await datasette.client.get("/-/heatmap.json")).json()
    assert data["year"] == 2023 and data["years"] == [2022, 2023]
    assert data["areas"] == list(AREAS)
    by_code = {row["authority_code"]: row for row in data["rows"]}
    assert by_code[LEICESTERSHIRE]["scores"]["venue_hire_it"] == 2
    assert list(by_code[LEICESTERSHIRE]["scores"].values()) == list(SCORES[2023])
    assert by_code[HARBOROUGH]["scores"] == dict.fromkeys(AREAS)  # scored in no area in 2023: a blank row
    cell = by_code[LEICESTERSHIRE]["cells"]["venue_hire_it"]
    assert cell["url"] == "/prevent/benchmarks?year=2023&area=venue_hire_it&authority_code=E10000018"
    linked = await rows(datasette, cell["url"].replace("/benchmarks?", "/benchmarks.json?"))
    assert [row["score"] for row in linked] == [2]


@pytest.mark.asyncio
async def test_serving_heatmap_for_a_chosen_year(datasette):
    data = (await datasette.client.get("/-/heatmap.json?year=2022")).json()
    by_code = {row["authority_code"]: row for row in data["rows"]}
    assert by_code[LEICESTERSHIRE]["scores"]["venue_hire_it"] == 3
    assert by_code[LEICESTER]["cells"] == {}
    data = (await datasette.client.get("/-/heatmap.json?year=2021")).json()
    cell = {row["authority_code"]: row for row in data["rows"]}[HARBOROUGH]["cells"]["training"]
    assert cell["score"] is None and cell["papers"] == 1  # evidence without a score still shows
    assert (await datasette.client.get("/-/heatmap.json?year=last")).status_code == 400


@pytest.mark.asyncio
async def test_serving_heatmap_page(datasette):
    response = await datasette.client.get("/-/heatmap?year=2023")
    assert response.status_code == 200
    html = response.text
    assert "Benchmark heatmap: 2023" in html
    assert html.count('data-area="venue_hire_it"') == 3  # one cell per authority
    assert 'class="score-2" data-area="venue_hire_it" data-score="2"' in html
    assert 'href="/prevent/benchmarks?year=2023&amp;area=venue_hire_it&amp;authority_code=E10000018"' in html
    assert "Leicestershire" in html and "East Midlands" in html


# Links to sources


@pytest.mark.asyncio
async def test_serving_records_link_to_their_page_of_the_source(datasette, fixture_db):
    deck = document_id(fixture_db, "000_benchmarking.txt")
    html = (await datasette.client.get("/prevent/recommendations")).text
    assert f'href="/-/source/{deck}#page=6"' in html
    assert f'href="/prevent/documents/{deck}">Prevent Duty Benchmarking: Leicestershire Update</a>' in html
    html = (await datasette.client.get("/prevent/open_recommendations_and_actions?authority=E10000018")).text
    assert f'href="/-/source/{deck}#page=6"' in html  # canned query results too


@pytest.mark.asyncio
async def test_serving_source_route_serves_only_ingested_files(datasette, fixture_db):
    deck = document_id(fixture_db, "000_benchmarking.txt")
    html = (await datasette.client.get(f"/prevent/documents/{deck}")).text
    assert f'href="/-/source/{deck}"' in html  # the path column links to the file
    response = await datasette.client.get(f"/-/source/{deck}")
    assert response.status_code == 200
    assert response.text.startswith("Prevent Duty Benchmarking")
    assert response.headers["content-disposition"] == 'attachment; filename="000_benchmarking.txt"'
    assert (await datasette.client.get("/-/source/" + "0" * 64)).status_code == 404
    for path in ("/-/source/../../etc/passwd", "/-/source/etc/passwd", f"/-/source/{deck}/../x"):
        assert (await datasette.client.get(path)).status_code == 404, path
    # Datasette redirects %-encoded paths to its ~ encoding, which matches no route either.
    assert (await datasette.client.get("/-/source/%2e%2e%2fetc%2fpasswd")).status_code == 302


# The public copy


@pytest.mark.asyncio
async def test_serving_public_leaves_out_sensitive_documents(public):
    assert serving.withheld_documents(public) == 1
    documents = await rows(public, "/prevent/documents.json")
    titles = [row["title"] for row in documents]
    assert len(titles) == 4 and "Counter Terrorism Local Profile briefing" not in titles
    assert all(row["path"] == row["file_name"] for row in documents)  # no local file locations
    assert not await rows(public, "/prevent/passages.json?_search=threat")
    assert not await rows(public, "/prevent/actions_by_owner.json?owner=Pancholi")
    assert not await rows(public, "/prevent/owners.json?name=Daxa+Pancholi")
    codes = [row["authority_code"] for row in (await public.client.get("/-/heatmap.json")).json()["rows"]]
    assert LEICESTER not in codes
    tracked = [row["authority_code"] for row in await rows(public, "/prevent/open_items.json")]
    assert sorted(tracked) == sorted([HARBOROUGH, LEICESTERSHIRE, STAFFORDSHIRE])  # tracking tables too
    served = Path(public.databases["prevent"].path).read_bytes()
    assert SECRET.encode() not in served  # not even in free pages of the file


@pytest.mark.asyncio
async def test_serving_public_removes_emails_and_phones(public):
    owners = await rows(public, "/prevent/owners.json")
    assert owners and all(row["email"] is None and row["phone"] is None for row in owners)
    (contact,) = await rows(public, "/prevent/passages.json?_search=contact")
    assert contact["text"] == "Contact: Gurjit Samra-Rai, Email: [email removed] Tel: [phone removed]"
    served = Path(public.databases["prevent"].path).read_bytes()
    assert EMAIL.encode() not in served and PHONE.encode() not in served


@pytest.mark.asyncio
async def test_serving_public_says_what_it_left_out_and_allows_no_sql(public, fixture_db):
    html = (await public.client.get("/")).text
    assert "1 document marked OFFICIAL-SENSITIVE or above left out" in html
    assert (await public.client.get("/prevent.json?sql=select+email+from+owners")).status_code == 403
    assert (await public.client.get("/prevent.db")).status_code in (403, 404)
    deck = document_id(fixture_db, "000_benchmarking.txt")
    assert (await public.client.get(f"/-/source/{deck}")).status_code == 403
    assert f"/-/source/{deck}" not in (await public.client.get("/prevent/recommendations")).text
    found = await rows(public, "/prevent/benchmark_scores_by_year.json?year=2023")  # canned queries still run
    assert [row["authority_code"] for row in found] == [LEICESTERSHIRE]


@pytest.mark.asyncio
async def test_serving_private_keeps_contacts(datasette):
    owners = {row["name"]: row for row in await rows(datasette, "/prevent/owners.json")}
    assert owners["Gurjit Samra-Rai"]["email"] == EMAIL and owners["Gurjit Samra-Rai"]["phone"] == PHONE
    assert (await datasette.client.get("/prevent.json?sql=select+1")).status_code == 200


@pytest.mark.parametrize("text, expected", [
    ("Tel: 0116 305 6056", "Tel: [phone removed]"),
    ("Telephone No: 01785 278163", "Telephone No: [phone removed]"),
    ("call +44 (0)116 305 6056 today", "call [phone removed] today"),
    ("Address/e-mail: michael.harrison@staffordshire.gov.uk", "Address/e-mail: [email removed]"),
    ("In 2021-22 we trained 1,234 staff; see para 4.1 of the 2019 report", None),
])
def test_serving_redact(text, expected):
    assert redact(text) == (expected or text)


@pytest.mark.asyncio
async def test_serving_reads_a_pending_write_ahead_log_and_later_commits(fixture_db, tmp_path):
    copy = tmp_path / "live.db"
    with sqlite3.connect(fixture_db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    writer = sqlite3.connect(copy)
    writer.execute("pragma journal_mode = wal")
    writer.execute("pragma wal_autocheckpoint = 0")
    writer.execute("update documents set title = 'Renamed while serving' where kind = 'action_plan'")
    writer.commit()
    try:
        datasette = serving.make_datasette(copy, work_dir=tmp_path)
        assert Path(datasette.databases["prevent"].path) == copy
        titles = [row["title"] for row in await rows(datasette, "/prevent/documents.json")]
        assert "Renamed while serving" in titles
        writer.execute("update documents set title = 'Renamed again' where kind = 'action_plan'")
        writer.commit()
        titles = [row["title"] for row in await rows(datasette, "/prevent/documents.json")]
        assert "Renamed again" in titles and "Renamed while serving" not in titles
    finally:
        writer.close()


# The command line


def test_serving_cli_get(fixture_db):
    result = CliRunner().invoke(cli, ["serve", "--db", str(fixture_db), "--get", "/prevent/recommendations.json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["database"] == "prevent" and len(data["rows"]) == 5


def test_serving_cli_get_not_200_exits_1(fixture_db):
    result = CliRunner().invoke(cli, ["serve", "--db", str(fixture_db), "--get", "/prevent/no_such_table.json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["status"] == 404
    assert result.stderr.strip() == "Error: GET /prevent/no_such_table.json answered 404, not 200"


def test_serving_cli_public_says_how_many_were_left_out(fixture_db):
    result = CliRunner().invoke(cli, ["serve", "--db", str(fixture_db), "--public", "--get", "/prevent/documents.json"])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("Public copy: 1 document marked OFFICIAL-SENSITIVE or above left out")
    assert len(json.loads(result.stdout)["rows"]) == 4


def test_serving_cli_missing_database(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "absent.db"), "--get", "/"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "no such database" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


# The corpus, ingested for real


@pytest.mark.asyncio
async def test_serving_real_corpus_search_and_coverage(ingested_db, tmp_path):
    datasette = serving.make_datasette(ingested_db, work_dir=tmp_path)
    assert await rows(datasette, "/prevent/passages.json?_search=Channel")
    assert await rows(datasette, "/prevent/coverage.json")
    for name in serving.load_metadata()["databases"]["prevent"]["queries"]:
        assert (await datasette.client.get(f"/prevent/{name}.json?authority=E10000018&year=2023")).status_code == 200


@pytest.mark.asyncio
async def test_serving_real_corpus_leicestershire_venue_hire_falls(ingested_db, tmp_path):
    """Depends on benchmark extraction naming the authority of corpus paper 000 (the deck)."""
    datasette = serving.make_datasette(ingested_db, work_dir=tmp_path)
    over_years = await rows(datasette, "/prevent/authority_scores_over_years.json?authority=E10000018")
    if not over_years:
        pytest.skip("the ingested corpus has no Leicestershire (E10000018) benchmark scores yet")
    assert {row["year"]: row["venue_hire_it"] for row in over_years if row["year"] in (2022, 2023)} == {
        2022: 3, 2023: 2}
    for year, score in ((2022, 3), (2023, 2)):
        data = (await datasette.client.get(f"/-/heatmap.json?year={year}")).json()
        by_code = {row["authority_code"]: row for row in data["rows"]}
        assert by_code[LEICESTERSHIRE]["scores"]["venue_hire_it"] == score
