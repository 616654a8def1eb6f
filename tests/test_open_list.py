"""The open lists are read from indexes the store keeps, and say what they said when computed from the records.

Issue 11, item 10: on 5,000 documents made from real papers the unfiltered open list took
1.35 s and, under load, Datasette stopped it ("SQL Interrupted"): it ranked every copy of
every item and sorted them all for each request. The store now keeps `listed_items` (each
item with its paper's council, date and format, and its copies counted) by triggers, and
the open lists read it, and tracked_items, in their order from indexes. These tests prove:
the first page of each list is read from an index, with no sort of every row (a fact of the
query plan, not a timing); the rows kept by triggers through ingest, re-ingest of a changed
file and a public copy's deletions and redactions are the rows a full rebuild gives; the
list holds the rows the query computed from the records before; and the table pages of the
tables that grow with the papers sort and facet through indexes. How fast each page answers
under load is measured by `make bench` (benchmarks/load.py), not here.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
import yaml

from prevent_docs import pipeline, public, store

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
QUERIES = yaml.safe_load((REPO / "datasette_config" / "metadata.yml").read_text(encoding="utf-8")
                         )["databases"]["prevent"]["queries"]

#: The open list as it was computed before listed_items: from the records, at every request.
COMPUTED_OPEN_LIST = """
with places as (
  select d.id, d.authority_code, coalesce(a.name, d.authority_name) as authority, d.date, d.period, d.format
  from documents d left join authorities a on a.gss_code = d.authority_code
  where d.authority_code in (select gss_code from authorities where name like '%' || :authority || '%'
                            union select :authority
                            union select authority_code from documents where :authority = '')
    or (d.authority_code is null and (:authority = '' or d.authority_name like '%' || :authority || '%'))
), items as (
  select 'recommendation' as record, r.id, r.document_id, r.page, r.number,
    coalesce(r.title || ': ', '') || r.text as text, r.area, r.status, null as timescale
  from places p join recommendations r on r.document_id = p.id
  where r.kind = 'improvement'
  union all
  select 'action', x.id, x.document_id, x.page, x.number, x.text, x.area, x.status, x.timescale
  from places p join actions x on x.document_id = p.id
), dated as (
  select items.*, d.authority_code, d.authority, coalesce(d.date, d.period) as dated,
    coalesce(substr(d.date, 1, 4), substr(d.period, 1, 4)) as year,
    row_number() over pdf_first as n, count(*) over same_item as copies
  from items join places d on d.id = items.document_id
  window same_item as (
    partition by items.record, d.authority_code, coalesce(d.date, d.period), items.number,
      substr(replace(replace(lower(items.text), ' ', ''), char(10), ''), 1, 60)),
  pdf_first as (same_item order by d.format != 'pdf', d.format, items.document_id, items.id)
)
select authority, authority_code, year, record, number, text, area, status, timescale,
  document_id, page, copies, id
from dated
where n = 1
  and lower(trim(coalesce(status, ''))) not in
    ('closed', 'complete', 'completed', 'done', 'implemented', 'achieved', 'met',
     'superseded', 'withdrawn', 'blue')
  and (:area = '' or area = :area)
order by dated is null, dated, authority, record, page, cast(number as integer), number, id
"""


def listed(db_path: Path) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("select * from listed_items order by id").fetchall()


def rebuilt(db_path: Path, tmp_path: Path) -> list[tuple]:
    """listed_items of a copy of the database, rebuilt in full from its records."""
    copy = tmp_path / f"rebuilt-{db_path.name}"
    with sqlite3.connect(db_path) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    db = store.open_db(copy)
    store.refresh_summaries(db)
    db.close()
    return listed(copy)


def plan(db_path: Path, sql: str, params: dict) -> list[str]:
    with sqlite3.connect(db_path) as conn:
        return [row[3] for row in conn.execute("explain query plan " + sql, params)]


@pytest.mark.parametrize("name", ["open_recommendations_and_actions", "open_items"])
def test_open_list_first_page_is_read_in_order_from_an_index(ingested_db, name):
    sql = QUERIES[name]["sql"]
    steps = plan(ingested_db, sql, {"authority": "", "area": "", "owner": ""})
    assert not [step for step in steps if step.startswith("USE TEMP B-TREE FOR")], steps  # nor part of the order
    assert not [step for step in steps if "CO-ROUTINE" in step or "MATERIALIZE" in step], steps
    assert any("USING INDEX" in step for step in steps), steps


def test_open_items_puts_each_councils_overdue_items_first_without_sorting(fresh_db):
    """The open_items query reads its order from an index: council, then earliest due date
    first, which for open items is overdue first (their due dates have passed), then those
    due later, then those with no due date."""
    from prevent_docs import tracking

    tracking.ensure_schema(fresh_db)
    due = {"t1": "2999-03-31", "t2": None, "t3": "2020-01-31", "t4": "2019-06-30", "t5": "2021-01-01"}
    rows = [{"thread_id": thread, "record_id": thread, "record_type": "action", "authority_name": "Leicester",
             "authority_code": "E06000016", "text": f"Action {thread}", "status": "open", "conflict": 0,
             "due_date": date, "first_seen": "2019-01-01"} for thread, date in due.items()]
    rows += [{"thread_id": "a1", "record_id": "a1", "record_type": "action", "authority_name": "Barnet",
              "authority_code": "E09000003", "text": "Action a1", "status": "in_progress", "conflict": 0,
              "due_date": "2999-01-01", "first_seen": "2019-01-01"},
             {"thread_id": "x1", "record_id": "x1", "record_type": "action", "authority_name": "Barnet",
              "authority_code": "E09000003", "text": "Done", "status": "implemented", "conflict": 0,
              "due_date": "2019-01-01", "first_seen": "2019-01-01"}]
    fresh_db["tracked_items"].insert_all(rows)
    sql = QUERIES["open_items"]["sql"]
    found = [(row[0], row[1]) for row in fresh_db.execute(
        f"select thread_id, overdue from ({sql})", {"authority": "", "area": "", "owner": ""}).fetchall()]
    assert found == [("a1", 0), ("t4", 1), ("t3", 1), ("t5", 1), ("t1", 0), ("t2", 0)]
    steps = plan(Path(fresh_db.conn.execute("pragma database_list").fetchone()[2]), sql,
                 {"authority": "", "area": "", "owner": ""})
    assert any("tracked_items_open_order" in step for step in steps), steps
    assert not [step for step in steps if "TEMP B-TREE FOR" in step], steps


def test_open_list_kept_by_triggers_is_what_a_rebuild_gives(ingested_db, tmp_path):
    rows = listed(ingested_db)
    assert rows and rows == rebuilt(ingested_db, tmp_path)
    with sqlite3.connect(ingested_db) as conn:
        shown, copies = conn.execute("select sum(shown), max(copies) from listed_items").fetchone()
        shown_not_pdf = conn.execute(
            "select count(*) from listed_items s where s.shown = 1 and s.format != 'pdf' and exists ("
            "select 1 from listed_items g where g.format = 'pdf' and g.item_key is s.item_key and g.record is s.record "
            "and g.authority_code is s.authority_code and g.dated is s.dated and g.number is s.number)").fetchone()[0]
    assert 0 < shown < len(rows) and copies == 3  # corpus papers come as PDF, Word and text
    assert shown_not_pdf == 0  # an item with a PDF copy is shown from it


def test_open_list_follows_a_changed_file_and_a_public_copy(ingested_db, tmp_path):
    db_path = tmp_path / "changed.db"
    shutil.copy(ingested_db, db_path)
    papers = tmp_path / "papers"
    papers.mkdir()
    changed = papers / "001_833b9ff6c1116053.txt"
    changed.write_text((CORPUS / changed.name).read_text(encoding="utf-8").replace("Prevent", "PREVENT", 3)
                       + "\nAction: Brief every councillor on the duty by March 2030.\n", encoding="utf-8")
    with sqlite3.connect(db_path) as conn:
        conn.execute("update documents set path = ? where file_name = ?", [str(changed), changed.name])
    report = pipeline.ingest([papers], db_path)
    assert report.updated == 1, report
    assert listed(db_path) == rebuilt(db_path, tmp_path)
    with sqlite3.connect(db_path) as conn:  # a date rewritten in place, as redaction may
        conn.execute("update documents set date = '2031-01-01' where id = (select document_id from listed_items "
                     "where shown = 1 limit 1)")
        conn.execute("update documents set protective_marking = 'OFFICIAL-SENSITIVE' where file_name like '002_%'")
    public.make_public(db_path)
    after = listed(db_path)
    assert after == rebuilt(db_path, tmp_path)
    with sqlite3.connect(db_path) as conn:
        assert not conn.execute("select count(*) from listed_items where document_id not in "
                                "(select id from documents)").fetchone()[0]
        assert conn.execute("select count(*) from listed_items where dated = '2031-01-01'").fetchone()[0]


@pytest.mark.parametrize("params", [{"authority": "", "area": ""}, {"authority": "", "area": "training"},
                                    {"authority": "Leicestershire", "area": ""}, {"authority": "E07000131", "area": ""}])
def test_open_list_holds_the_rows_it_computed_from_the_records(ingested_db, params):
    with sqlite3.connect(ingested_db) as conn:
        kept = conn.execute(QUERIES["open_recommendations_and_actions"]["sql"], params).fetchall()
        computed = conn.execute(COMPUTED_OPEN_LIST, params).fetchall()
    assert kept == computed
    assert kept or params["area"]


#: Tables that grow with the papers held, whose pages must not read every row to sort or facet.
GROWING_TABLES = ("documents", "benchmarks", "recommendations", "actions", "figures", "status_history")


@pytest.mark.parametrize("table", GROWING_TABLES)
def test_table_pages_sort_and_facet_through_indexes(fresh_db, table):
    """A table page sorts by its configured column and counts each configured facet: with an
    index led by each of these columns, neither reads the table itself."""
    config = yaml.safe_load((REPO / "datasette_config" / "metadata.yml").read_text(encoding="utf-8")
                            )["databases"]["prevent"]["tables"][table]
    columns = [*config.get("facets", []), *(config[key] for key in ("sort", "sort_desc") if key in config)]
    leading = {index.columns[0] for index in fresh_db[table].indexes}
    assert columns and not [column for column in columns if column not in leading]
