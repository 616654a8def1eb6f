"""The app's own pages over HTTP (Datasette's ASGI client) on the demo corpus ingested for real:
the data each page shows, as its `.json` (and the open list's `.csv`) gives it, filtered."""

from __future__ import annotations

import csv
import io

import pytest

from prevent_docs import pages, serving, store, tracking
from schemas.records import AREAS

LEICESTERSHIRE, RUTLAND = "E10000018", "E06000017"


@pytest.fixture(scope="module")
def app(ingested_db, tmp_path_factory):
    return serving.make_datasette(ingested_db, work_dir=tmp_path_factory.mktemp("pages"))


async def get_json(app, path: str):
    response = await app.client.get(path)
    assert response.status_code == 200, (path, response.text[:500])
    return response.json()


# --- Heatmap ------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_pages_heatmap_defaults_to_the_year_with_most_authorities_scored(app):
    data = await get_json(app, "/-/heatmap.json")
    scored = data["authorities_scored"]
    assert data["year"] == 2023 and scored["2023"] == max(scored.values())
    assert max(data["years"]) == 2024 and scored["2024"] < scored["2023"]  # not the latest year
    assert sum(1 for row in data["rows"] if any(v is not None for v in row["scores"].values())) == scored["2023"]


@pytest.mark.asyncio
async def test_pages_heatmap_latest_mode_shows_each_areas_latest_score_and_year(app):
    data = await get_json(app, "/-/heatmap.json?year=latest")
    assert data["latest"] and data["year"] is None
    leicestershire = {row["authority_code"]: row for row in data["rows"]}[LEICESTERSHIRE]
    cell = leicestershire["cells"]["venue_hire_it"]
    assert (cell["year"], cell["score"]) == (2024, 4)
    assert cell["url"].endswith("year=2024&area=venue_hire_it&authority_code=E10000018")
    rutland = {row["authority_code"]: row for row in data["rows"]}[RUTLAND]
    assert {cell["year"] for cell in rutland["cells"].values()} == {2023}  # Rutland was last scored in 2023


@pytest.mark.asyncio
async def test_pages_heatmap_filters_by_region_and_tier_and_gives_the_change(app):
    data = await get_json(app, "/-/heatmap.json?year=2023&region=East+Midlands&tier=county&change=1")
    assert data["rows"] and {(row["region"], row["tier"]) for row in data["rows"]} == {("East Midlands", "county")}
    by_code = {row["authority_code"]: row for row in data["rows"]}
    assert RUTLAND not in by_code  # a unitary authority
    cell = by_code[LEICESTERSHIRE]["cells"]["venue_hire_it"]
    assert (cell["score"], cell["previous_year"], cell["previous_score"], cell["change"]) == (2, 2022, 3, -1)
    html = (await app.client.get("/-/heatmap?year=2023&region=East+Midlands&tier=county&change=1")).text
    assert 'data-change="-1"' in html and ">-1</span>" in html
    assert 'href="/-/authority/E10000018"' in html


# --- Authority profile --------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_pages_authority_profile_scores_beside_region_and_tier_means(app):
    profile = await get_json(app, f"/-/authority/{LEICESTERSHIRE}.json")
    assert profile["authority"]["name"] == "Leicestershire"
    own = {row["year"]: row["score"] for row in profile["scores"]
           if row["series"] == "Leicestershire" and row["area"] == "venue_hire_it"}
    assert own == {2022: 3, 2023: 2, 2024: 4}
    series = {row["series"] for row in profile["scores"]}
    assert series == {"Leicestershire", "East Midlands mean", "County mean"}
    region_2023 = [row for row in profile["scores"] if row["series"] == "East Midlands mean"
                   and row["area"] == "venue_hire_it" and row["year"] == 2023]
    assert region_2023[0]["authorities"] > 1  # the mean of several East Midlands councils
    assert [row["area"] for row in profile["scores"]][0] == AREAS[0]  # toolkit order


@pytest.mark.asyncio
async def test_pages_authority_profile_papers_open_items_owners_figures(app, ingested_db, tmp_path):
    profile = await get_json(app, f"/-/authority/{LEICESTERSHIRE}.json")
    years = [group["year"] for group in profile["papers"]]
    assert years == sorted(years, reverse=True) and "2017" in years
    deck = [p for group in profile["papers"] for p in group["papers"] if p["date"] == "2023-06-30"]
    assert len(deck) == 1 and {copy["format"] for copy in deck[0]["copies"]} == {"pdf", "pptx", "txt"}  # one paper, 3 files
    copy = store.open_db(serving.snapshot(ingested_db, tmp_path / "copy.db"))
    expected = tracking.open_items(copy, authority=LEICESTERSHIRE)
    assert [item["thread_id"] for item in profile["open_items"]] == [item["thread_id"] for item in expected]
    assert profile["figures"] and profile["owners"] is not None
    html = (await app.client.get(f"/-/authority/{LEICESTERSHIRE}")).text
    assert '<script src="/static/vega/vega-lite.min.js"></script>' in html
    assert "https://cdn" not in html and "jsdelivr" not in html
    assert (await app.client.get("/-/authority/E99999999")).status_code == 404


@pytest.mark.asyncio
async def test_pages_authority_profile_lists_the_first_open_items_and_counts_all(app, monkeypatch):
    everything = (await get_json(app, f"/-/authority/{LEICESTERSHIRE}.json"))["open_items"]
    monkeypatch.setattr(pages, "PROFILE_OPEN_ITEMS", 2)
    profile = await get_json(app, f"/-/authority/{LEICESTERSHIRE}.json")
    assert profile["open_count"] == len(everything) > 2
    assert [item["thread_id"] for item in profile["open_items"]] == [item["thread_id"] for item in everything[:2]]
    html = (await app.client.get(f"/-/authority/{LEICESTERSHIRE}")).text
    assert f"Open items ({len(everything)})" in html and "The first 2 are listed." in html


def test_pages_an_older_database_gets_the_indexes_the_pages_read(ingested_db, tmp_path):
    db = store.open_db(serving.snapshot(ingested_db, tmp_path / "old.db"))
    for name in ("tracked_items_open_list", "tracked_items_open_owner", "latest_scores_by_year", "latest_scores_by_area"):
        db.execute(f"drop index {name}")
    db.execute("create index latest_scores_year on latest_scores (year, authority_code)")
    db.execute("create index tracked_items_open on tracked_items (authority_name) where status = 'open'")
    store.ensure_schema(db)
    tracking.track(db)
    indexes = {row[0] for row in db.execute("select name from sqlite_master where type = 'index'")}
    assert {"tracked_items_open_list", "tracked_items_open_owner", "latest_scores_by_year",
            "latest_scores_by_area"} <= indexes
    assert not {"latest_scores_year", "tracked_items_open"} & indexes


@pytest.mark.asyncio
async def test_pages_vega_scripts_are_served_by_the_app(app):
    for name in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js"):
        response = await app.client.get(f"/static/vega/{name}")
        assert response.status_code == 200 and "javascript" in response.headers["content-type"]
        assert len(response.content) > 50_000


@pytest.mark.asyncio
async def test_pages_authority_cells_link_to_the_profile(app):
    assert 'href="/-/authority/E10000018"' in (await app.client.get("/prevent/documents")).text
    assert 'href="/-/authority/E10000018"' in (await app.client.get("/prevent/authorities?name=Leicestershire")).text


# --- Open items ---------------------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("query, filters", [
    ("", {}),
    ("authority=Leicestershire&area=training", {"authority": "Leicestershire", "area": "training"}),
    ("owner=Prevent+Co-ordinator", {"owner": "Prevent Co-ordinator"}),
    ("authority=E07000131", {"authority": "E07000131"}),
])
async def test_pages_open_list_is_what_prevent_docs_open_lists(app, ingested_db, tmp_path, query, filters):
    copy = store.open_db(serving.snapshot(ingested_db, tmp_path / "copy.db"))
    expected = tracking.open_items(copy, **filters)  # the function behind `prevent-docs open`
    data = await get_json(app, "/-/open.json?" + query)
    assert data["count"] == len(expected) > 0
    assert [item["thread_id"] for item in data["items"]] == [item["thread_id"] for item in expected]
    response = await app.client.get("/-/open.csv?" + query)
    assert response.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(response.text)))
    assert [row["thread_id"] for row in table] == [item["thread_id"] for item in expected]
    assert [row["evidence_quote"] for row in table] == [item["evidence_quote"] or "" for item in expected]


@pytest.mark.asyncio
async def test_pages_open_list_filters_by_status_and_overdue(app):
    everything = (await get_json(app, "/-/open.json"))["items"]
    in_progress = (await get_json(app, "/-/open.json?status=in_progress"))["items"]
    overdue = (await get_json(app, "/-/open.json?overdue=1"))["items"]
    assert in_progress and {item["status"] for item in in_progress} == {"in_progress"}
    assert len(in_progress) == sum(item["status"] == "in_progress" for item in everything)
    assert overdue and all(item["overdue"] == 1 for item in overdue)
    assert len(overdue) == sum(item["overdue"] for item in everything)


@pytest.mark.asyncio
async def test_pages_open_list_training_item_has_its_thread_and_evidence(app):
    data = await get_json(app, "/-/open.json?authority=Leicestershire&area=training")
    item = next(item for item in data["items"] if item["first_seen"] == "2023-06-30")
    assert "training strategy" in item["text"] and item["evidence_quote"]
    html = (await app.client.get("/-/open?authority=Leicestershire&area=training")).text
    assert f'data-record="{item["record_id"]}"' in html
    assert f'href="/-/source/{item["evidence_document_id"]}#page={item["evidence_page"]}"' in html
    assert html.count('class="item"') == data["count"]


@pytest.mark.asyncio
async def test_pages_open_list_pages_through_every_item_in_order(app):
    everything = await get_json(app, "/-/open.json")
    assert everything["next"] is None and everything["count"] == len(everything["items"]) > 8
    paged, path = [], "/-/open.json?_size=4"
    while path:
        data = await get_json(app, path)
        assert data["count"] == everything["count"] and 0 < len(data["items"]) <= 4
        paged += data["items"]
        path = data["next"]
    assert [item["thread_id"] for item in paged] == [item["thread_id"] for item in everything["items"]]
    html = (await app.client.get("/-/open?_size=4&page=2")).text
    assert html.count('class="item"') == 4 and f'{everything["count"]} items; 5 to 8 shown' in html
    assert 'rel="prev" href="/-/open?_size=4&amp;page=1"' in html and 'rel="next" href="/-/open?_size=4&amp;page=3"' in html


@pytest.mark.asyncio
async def test_pages_open_list_csv_streams_every_item_a_chunk_at_a_time(app, monkeypatch):
    for plugin in open_list_plugins():
        monkeypatch.setattr(plugin, "OPEN_CSV_CHUNK", 3)  # many chunks from the demo corpus
    everything = (await get_json(app, "/-/open.json?overdue=1"))["items"]
    response = await app.client.get("/-/open.csv?overdue=1")
    table = list(csv.DictReader(io.StringIO(response.text)))
    assert len(everything) > 3 and [row["thread_id"] for row in table] == [item["thread_id"] for item in everything]


def open_list_plugins() -> list:
    """The loaded copies of the project's plugin module (Datasette loads it once per app)."""
    from datasette.plugins import pm

    found = [plugin for plugin in pm.get_plugins() if hasattr(plugin, "OPEN_CSV_CHUNK")]
    assert found
    return found


# --- Search everything --------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_pages_search_groups_every_record_type(app):
    results = (await get_json(app, "/-/search.json?q=venue+hire"))["results"]
    assert list(results) == ["passages", "recommendations", "actions", "owners", "figures"]
    for kind in ("passages", "recommendations", "actions"):
        assert results[kind]["count"] > 0 and results[kind]["rows"], kind
        assert all("venue" in (row["text"] + (row.get("heading") or "")).lower() for row in results[kind]["rows"]), kind
    owners = (await get_json(app, "/-/search.json?q=Co-ordinator"))["results"]["owners"]
    assert owners["count"] > 0 and all("co-ordinator" in (row["role"] or "").lower() or
                                       "co-ordinator" in (row["name"] or "").lower() for row in owners["rows"])
    figures = (await get_json(app, "/-/search.json?q=referrals"))["results"]["figures"]
    assert figures["count"] > 0 and all("referrals" in row["text"].lower() for row in figures["rows"])
    assert (await get_json(app, '/-/search.json?q="venue" OR'))["results"]["passages"]["count"] >= 0  # no FTS error
    html = (await app.client.get("/-/search?q=venue+hire")).text
    assert 'id="recommendations"' in html and "/prevent/passages?_search=venue%20hire" in html


@pytest.mark.asyncio
async def test_pages_search_lists_a_paper_kept_in_several_formats_once(app):
    recommendations = (await get_json(app, "/-/search.json?q=venue+hire"))["results"]["recommendations"]["rows"]
    listed = [(row["authority_code"], row["title"], row["date"], " ".join(row["text"].split())) for row in recommendations]
    assert len(listed) == len(set(listed))
    folded = [row for row in recommendations if row["copies"]]
    assert folded and {"pdf", "pptx", "txt"} <= {folded[0]["format"]} | {c["format"] for c in folded[0]["copies"]}
    html = (await app.client.get("/-/search?q=venue+hire")).text
    assert f'class="copy" href="/prevent/documents/{folded[0]["copies"][0]["document_id"]}"' in html


def test_pages_thread_timeline_shows_each_paper_once(ingested_db, tmp_path):
    copy = store.open_db(serving.snapshot(ingested_db, tmp_path / "copy.db"))
    item = next(item for item in tracking.open_items(copy, authority=LEICESTERSHIRE, area="training")
                if item["first_seen"] == "2023-06-30")
    timeline = pages.threads(copy.conn, [item["thread_id"]])[item["thread_id"]]
    papers = [(entry["title"], entry["date"], entry["kind"]) for entry in timeline]
    assert len(papers) == len(set(papers)) >= 2  # the 2023 deck (kept as PDF, PPTX and text) once, then 2024
    deck = next(entry for entry in timeline if entry["date"] == "2023-06-30")
    assert len(deck["copies"]) == 2 and len(deck["mentions"]) == 1


@pytest.mark.asyncio
async def test_pages_public_copy_serves_the_pages_without_source_links(ingested_db, tmp_path):
    public = serving.make_datasette(ingested_db, public=True, work_dir=tmp_path)
    for path in ("/-/heatmap", f"/-/authority/{LEICESTERSHIRE}", "/-/open", "/-/search?q=venue+hire"):
        response = await public.client.get(path)
        assert response.status_code == 200, path
        assert "/-/source/" not in response.text, path  # original files are not served by a public copy
