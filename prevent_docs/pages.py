"""The data behind the app's own pages: heatmap, authority profile, open items and search.

Each page's queries live here as plain functions of a read-only sqlite3 connection (the
plugin runs them with Datasette's `execute_fn`, so they see one snapshot of a database an
ingest may be writing), returning plain data that the page's template shows and its
`.json`/`.csv` twin sends unchanged. Nothing here writes, and nothing here builds HTML.
The open list is `tracking.select_open_items`, the same function `prevent-docs open` uses.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections import defaultdict
from typing import Any, Iterable

from prevent_docs import tracking
from schemas.records import AREAS

#: Column headings of the heatmap and chart titles, as the toolkit names the areas.
AREA_TITLES = {area: area.replace("_", " ").capitalize() for area in AREAS} | {"venue_hire_it": "Venue hire / IT"}
#: The open list's columns, in the order of its CSV.
OPEN_COLUMNS = ("authority_name", "authority_code", "area", "status", "conflict", "overdue", "due_date",
                "recurrence", "timescale", "age_days", "owner", "title", "text", "evidence_quote",
                "evidence_document_id", "evidence_page", "first_seen", "last_seen", "records", "record_id",
                "thread_id", "document_id", "page", "conflict_detail")
#: Results shown per type by search, and how far matches are counted; rows read to fill them
#: once a paper's copies in other formats are folded in.
SEARCH_SHOWN, SEARCH_COUNT_CAP, SEARCH_COPIES = 10, 1000, 4
#: Figures listed on a profile (most recent papers first), and open items (the rest are on /-/open).
PROFILE_FIGURES, PROFILE_OPEN_ITEMS = 100, 50


def rows(conn: sqlite3.Connection, sql: str, params: Iterable[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
    """The rows of a query as dicts."""
    cursor = conn.execute(sql, params)
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, values)) for values in cursor.fetchall()]


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("select 1 from sqlite_master where name = ?", [name]).fetchone() is not None


# --- Heatmap ------------------------------------------------------------------------------------

def scored_years(conn: sqlite3.Connection) -> dict[int, int]:
    """Year to the number of authorities scored in it, in year order."""
    return dict(conn.execute(
        "select year, count(distinct authority_code) from latest_scores "
        "where year is not null and scored_score is not null group by year order by year").fetchall())


def default_year(years: dict[int, int]) -> int | None:
    """The year with most authorities scored (the later one of a tie): the fullest comparison."""
    return max(years, key=lambda year: (years[year], year)) if years else None


def heatmap(conn: sqlite3.Connection, *, year: int | None, latest: bool = False, region: str = "",
            tier: str = "") -> list[dict[str, Any]]:
    """One row per authority with benchmarks in any year, in region then name order, with a cell per area.

    A cell holds the latest paper's score for `year` (`score`, `rating`, `papers`), or with
    `latest` each area's most recent score (`scored_score`) and its `year`; both with the
    previous year scored and the `change` since it. `region` and `tier` keep only those authorities.
    """
    held = rows(conn, """
        select held.authority_code, a.name, a.region, a.tier
        from (select distinct authority_code from latest_scores) held
          left join authorities a on a.gss_code = held.authority_code
        where (:region = '' or a.region = :region) and (:tier = '' or a.tier = :tier)
        order by a.region is null, a.region, coalesce(a.name, held.authority_code) is null,
          coalesce(a.name, held.authority_code)""", {"region": region, "tier": tier})
    cells = _latest_cells(conn) if latest else _year_cells(conn, year)
    result = []
    for authority in held:
        code = authority["authority_code"]
        own = cells.get(code, {})
        scores = [cell["score"] for cell in own.values() if cell["score"] is not None]
        result.append({
            "authority_code": code, "authority": authority["name"] or code or "(not identified)",
            "region": authority["region"], "tier": authority["tier"], "cells": own,
            "scores": {area: own.get(area, {}).get("score") for area in AREAS},
            "mean": round(sum(scores) / len(scores), 2) if scores else None})
    return result


_CELL_COLUMNS = ("l.authority_code, l.area, l.year, l.score, l.rating, l.papers, l.scored_score, "
                 "l.previous_year, l.previous_score")


def _year_cells(conn: sqlite3.Connection, year: int | None) -> dict[str | None, dict[str, dict[str, Any]]]:
    found = rows(conn, f"select {_CELL_COLUMNS} from latest_scores l where l.year = ?", [year])
    return _cells(found, score_column="score")


def _latest_cells(conn: sqlite3.Connection) -> dict[str | None, dict[str, dict[str, Any]]]:
    found = rows(conn, f"""
        select {_CELL_COLUMNS} from latest_scores l
          join (select authority_code, area, max(year) as year from latest_scores
                where scored_score is not null group by authority_code, area) last
            on last.authority_code is l.authority_code and last.area = l.area and last.year = l.year""")
    return _cells(found, score_column="scored_score")


def _cells(found: list[dict[str, Any]], *, score_column: str) -> dict[str | None, dict[str, dict[str, Any]]]:
    cells: dict[str | None, dict[str, dict[str, Any]]] = defaultdict(dict)
    for row in found:
        score = row[score_column]
        change = (row["scored_score"] - row["previous_score"]
                  if row["scored_score"] is not None and row["previous_score"] is not None else None)
        cells[row["authority_code"]][row["area"]] = {
            "score": score, "rating": row["rating"], "papers": row["papers"], "year": row["year"],
            "previous_year": row["previous_year"], "previous_score": row["previous_score"],
            "change": change if score is not None else None}
    return cells


def heatmap_choices(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """The regions and tiers of the authorities the heatmap holds, for its filters."""
    found = rows(conn, "select distinct a.region, a.tier from authorities a "
                       "where a.gss_code in (select distinct authority_code from latest_scores)")
    return {"regions": sorted({r["region"] for r in found if r["region"]}),
            "tiers": sorted({r["tier"] for r in found if r["tier"]})}


# --- Authority profile --------------------------------------------------------------------------

def authority_profile(conn: sqlite3.Connection, code: str, *, today: dt.date | None = None) -> dict[str, Any] | None:
    """Everything about one authority: papers, scores beside its region and tier, open items, owners,
    figures. None if the code is neither in the register nor on any paper."""
    found = rows(conn, "select * from authorities where gss_code = ?", [code])
    papers = authority_papers(conn, code)
    if not found and not papers:
        return None
    authority = found[0] if found else {"gss_code": code, "name": code, "region": None, "tier": None}
    return {
        "authority": authority, "papers": papers,
        "scores": score_series(conn, authority),
        **_profile_open_items(conn, code, today),
        "owners": authority_owners(conn, code),
        "figures": authority_figures(conn, code),
    }


def _profile_open_items(conn: sqlite3.Connection, code: str, today: dt.date | None) -> dict[str, Any]:
    """The authority's first PROFILE_OPEN_ITEMS open items (overdue first) and how many it has."""
    if not has_table(conn, "tracked_items"):
        return {"open_items": [], "open_count": 0}
    items = tracking.select_open_items(conn, authority=code, today=today, limit=PROFILE_OPEN_ITEMS)
    count = len(items) if len(items) < PROFILE_OPEN_ITEMS else tracking.count_open_items(conn, authority=code)
    return {"open_items": items, "open_count": count}


def authority_papers(conn: sqlite3.Connection, code: str) -> list[dict[str, Any]]:
    """The authority's papers by year, newest first (undated last); renderings of one paper (same
    title, date, kind) as one entry with each format's document id."""
    found = rows(conn, """
        select id, title, kind, date, period, format, pages, file_name,
          coalesce(substr(date, 1, 4), substr(period, 1, 4)) as year
        from documents where authority_code = ?
        order by coalesce(date, period) is null, coalesce(date, period) desc, title, format != 'pdf', format""", [code])
    papers: dict[tuple, dict[str, Any]] = {}
    for row in found:
        key = (row["title"], row["date"], row["period"], row["kind"])
        paper = papers.setdefault(key, {**row, "copies": []})
        paper["copies"].append({"id": row["id"], "format": row["format"], "file_name": row["file_name"]})
    by_year: dict[str | None, list[dict[str, Any]]] = {}
    for paper in papers.values():
        by_year.setdefault(paper["year"], []).append(paper)
    return [{"year": year, "papers": group} for year, group in by_year.items()]


def score_series(conn: sqlite3.Connection, authority: dict[str, Any]) -> list[dict[str, Any]]:
    """Chart data: per area and year, the authority's score and the mean of its region and of its tier.

    One row per point: `area`, `area_title`, `year`, `series` (the authority's name, or
    "<region> mean" / "<tier> mean"), `score`, and `authorities` averaged (1 for its own).
    """
    own = rows(conn, "select area, year, scored_score as score, scored_document_id as document_id, "
                     "scored_page as page from latest_scores where authority_code = ? and scored_score is not null "
                     "order by area, year", [authority["gss_code"]])
    series = [{**row, "series": authority["name"], "authorities": 1} for row in own]
    years = sorted({row["year"] for row in own})
    for column, label in (("region", "{} mean"), ("tier", "{} mean")):
        value = authority.get(column)
        if not value or not years:
            continue
        means = rows(conn, f"""
            select l.area, l.year, round(avg(l.scored_score), 2) as score, count(*) as authorities
            from authorities a join latest_scores l on l.authority_code = a.gss_code
            where a.{column} = ? and l.scored_score is not null and l.year between ? and ?
            group by l.area, l.year""", [value, years[0], years[-1]])
        name = label.format(value.replace("_", " ").capitalize() if column == "tier" else value)
        series += [{**row, "series": name, "document_id": None, "page": None} for row in means]
    for row in series:
        row["area_title"] = AREA_TITLES.get(row["area"], row["area"])
    order = {area: i for i, area in enumerate(AREAS)}
    series.sort(key=lambda r: (order.get(r["area"], 99), r["year"], r["authorities"] != 1))
    return series


def authority_owners(conn: sqlite3.Connection, code: str) -> list[dict[str, Any]]:
    """People and roles named in the authority's papers, with what they are named as and how often."""
    found = rows(conn, """
        select o.id, o.name, o.role, o.organisation, dw.capacity as capacity, count(distinct dw.document_id) as n
        from documents d join document_owners dw on dw.document_id = d.id join owners o on o.id = dw.owner_id
        where d.authority_code = ? group by o.id, dw.capacity
        union all
        select o.id, o.name, o.role, o.organisation, 'action owner', count(distinct x.id)
        from documents d join actions x on x.document_id = d.id join action_owners ao on ao.action_id = x.id
          join owners o on o.id = ao.owner_id
        where d.authority_code = ? group by o.id""", [code, code])
    owners: dict[str, dict[str, Any]] = {}
    for row in found:
        owner = owners.setdefault(row["id"], {"id": row["id"], "name": row["name"], "role": row["role"],
                                              "organisation": row["organisation"], "as": {}})
        owner["as"][row["capacity"]] = row["n"]
    return sorted(owners.values(), key=lambda o: ((o["name"] or o["role"] or "").lower()))


def authority_figures(conn: sqlite3.Connection, code: str) -> list[dict[str, Any]]:
    """The figures the authority's papers state, most recent papers first, each once (a paper held
    as PDF, Word and text states it three times)."""
    found = rows(conn, """
        select f.value, f.unit, f.qualifier, f.text, f.document_id, f.page, d.title,
          coalesce(substr(d.date, 1, 4), substr(d.period, 1, 4)) as year
        from documents d join figures f on f.document_id = d.id
        where d.authority_code = ?
        order by coalesce(d.date, d.period) desc, d.format != 'pdf', d.id, f.page limit ?""",
                 [code, PROFILE_FIGURES * 3])
    unique: dict[tuple, dict[str, Any]] = {}
    for row in found:
        unique.setdefault((row["year"], row["value"], row["unit"], " ".join(row["text"].split())), row)
    return list(unique.values())[:PROFILE_FIGURES]


# --- Open items ---------------------------------------------------------------------------------

def open_list(conn: sqlite3.Connection, *, authority: str = "", area: str = "", owner: str = "", status: str = "",
              overdue: bool = False, today: dt.date | None = None, limit: int | None = None,
              offset: int = 0) -> dict[str, Any]:
    """The open items `prevent-docs open` lists, filtered as the page's form asks (empty: no filter):
    `count` of all that match and the `items` from `offset`, at most `limit` of them."""
    filters = {"authority": authority, "area": area, "owner": owner, "status": status, "overdue": overdue,
               "today": today}
    items = open_rows(conn, **filters, limit=limit, offset=offset)
    ended = limit is None or len(items) < limit and (items or not offset)
    count = offset + len(items) if ended else tracking.count_open_items(
        conn, **{name: value or None for name, value in filters.items()})
    return {"count": count, "items": items}


def open_rows(conn: sqlite3.Connection, *, authority: str = "", area: str = "", owner: str = "", status: str = "",
              overdue: bool = False, today: dt.date | None = None, limit: int | None = None,
              offset: int = 0) -> list[dict[str, Any]]:
    """The open list's items from `offset` (at most `limit`), as its CSV columns."""
    if not has_table(conn, "tracked_items"):
        return []
    items = tracking.select_open_items(conn, authority=authority or None, area=area or None, owner=owner or None,
                                       status=status or None, overdue=overdue, today=today, limit=limit,
                                       offset=offset)
    return [{column: item.get(column) for column in OPEN_COLUMNS} for item in items]


def open_choices(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Authorities and owners that have open items, for the form's type-ahead lists."""
    if not has_table(conn, "tracked_items"):
        return {"authorities": [], "owners": []}
    where = "where (status in ('open', 'in_progress') or conflict = 1)"
    authorities = [r[0] for r in conn.execute(
        f"select distinct authority_name from tracked_items {where} and authority_name is not null order by 1")]
    owners = sorted({name.strip() for (cell,) in conn.execute(
        f"select distinct owner from tracked_items {where} and owner is not null limit 2000")
        for name in cell.split(";") if name.strip()})
    return {"authorities": authorities, "owners": owners}


def threads(conn: sqlite3.Connection, thread_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Each thread's timeline, oldest first: the papers that mention it (with the record as written)
    and the papers that are evidence of its status, each with its quote, paper and page."""
    timeline: dict[str, dict[tuple, dict[str, Any]]] = defaultdict(dict)
    for chunk in _chunks(thread_ids, 500):
        marks = ",".join("?" * len(chunk))
        for row in rows(conn, f"""
                select t.thread_id, t.position, coalesce(r.document_id, x.document_id) as document_id,
                  coalesce(r.page, x.page) as page, coalesce(r.text, x.text) as text, coalesce(r.status, x.status)
                  as written_status, d.title, d.kind, coalesce(d.date, d.period) as date
                from threads t left join recommendations r on r.id = t.record_id
                  left join actions x on x.id = t.record_id
                  join documents d on d.id = coalesce(r.document_id, x.document_id)
                where t.thread_id in ({marks})""", chunk):
            _add_once(_entry(timeline[row["thread_id"]], row)["mentions"],
                      {"text": row["text"], "page": row["page"], "written_status": row["written_status"]})
        for row in rows(conn, f"""
                select t.thread_id, h.status, h.asserted_by, h.rule, h.quote, h.note, h.evidence_document_id
                  as document_id, h.evidence_page as page, d.title, d.kind, coalesce(d.date, d.period) as date
                from threads t join status_history h on h.record_id = t.record_id
                  left join documents d on d.id = h.evidence_document_id
                where t.thread_id in ({marks})""", chunk):
            _add_once(_entry(timeline[row["thread_id"]], row)["evidence"],
                      {key: row[key] for key in ("status", "asserted_by", "rule", "quote", "note", "page")})
    return {thread_id: sorted(entries.values(), key=lambda e: (e["date"] or "", e["title"] or ""))
            for thread_id, entries in timeline.items()}


def _entry(entries: dict[tuple, dict[str, Any]], row: dict[str, Any]) -> dict[str, Any]:
    """The timeline entry of the paper `row` is from: one per paper, its copies in other formats
    (same title, date and kind) listed in `copies` rather than shown again."""
    paper = (row["title"], row["date"], row["kind"]) if row["title"] or row["date"] else (row["document_id"],)
    entry = entries.setdefault(paper, {
        "document_id": row["document_id"], "title": row["title"], "kind": row["kind"], "date": row["date"],
        "page": row["page"], "mentions": [], "evidence": [], "copies": []})
    if row["document_id"] and row["document_id"] != entry["document_id"] and row["document_id"] not in entry["copies"]:
        entry["copies"].append(row["document_id"])
    return entry


def _add_once(found: list[dict[str, Any]], item: dict[str, Any]) -> None:
    """Add `item` unless a copy of the paper already gave the same (its page and spacing aside)."""
    if not any(_same_entry(seen, item) for seen in found):
        found.append(item)


def _same_entry(one: dict[str, Any], other: dict[str, Any]) -> bool:
    return all(copy_key(one[key]) == copy_key(other[key]) if key in ("text", "quote") else one[key] == other[key]
               for key in one if key != "page")


def copy_key(text: str | None) -> str:
    """What copies of one record in a paper's several formats share: the first 60 letters of its
    text, lower case, without white space (the store groups the open list's copies so too)."""
    return re.sub(r"\s+", "", (text or "").lower())[:60]


def _chunks(values: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


# --- Search everything --------------------------------------------------------------------------

#: Full-text indexed record types: (type, table, text column, extra columns).
SEARCHED = (
    ("passages", "passages", "text", "t.page, t.heading"),
    ("recommendations", "recommendations", "coalesce(t.title || ': ', '') || t.text", "t.page, t.area"),
    ("actions", "actions", "t.text", "t.page, t.area, t.lead"),
)


def fts_query(words: str) -> str:
    """The search text as an FTS5 query of quoted words (no operators), as Datasette escapes it."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in words.split())


def search(conn: sqlite3.Connection, words: str) -> dict[str, dict[str, Any]]:
    """Passages, recommendations, actions, owners and figures matching `words`, grouped by type.

    Each type: `count` (up to SEARCH_COUNT_CAP, `more` if there are more) and its first
    SEARCH_SHOWN `rows` with the paper they are from.
    """
    if not words.strip():
        return {}
    query = fts_query(words)
    found = {}
    for kind, table, text, extra in SEARCHED:
        matches = f"select rowid from [{table}_fts] where [{table}_fts] match :q"
        found[kind] = _capped(conn, matches, {"q": query}, f"""
            select t.id, t.document_id, {text} as text, {extra}, d.title, d.authority_name, d.authority_code,
              d.format, coalesce(d.date, d.period) as date
            from ({matches} limit :shown) m join [{table}] t on t.rowid = m.rowid
              join documents d on d.id = t.document_id""")
    like = {"like": f"%{words.strip()}%"}
    found["owners"] = _capped(conn, "select id from owners where name like :like or role like :like "
                                    "or organisation like :like", like,
                              "select id, name, role, organisation from owners where name like :like "
                              "or role like :like or organisation like :like order by name limit :shown")
    found["figures"] = _capped(conn, "select id from figures where text like :like", like, """
        select f.id, f.document_id, f.text, f.value, f.unit, f.page, d.title, d.authority_name, d.authority_code,
          d.format, coalesce(d.date, d.period) as date
        from (select rowid from figures where text like :like limit :shown) m join figures f on f.rowid = m.rowid
          join documents d on d.id = f.document_id""")
    return found


def _capped(conn: sqlite3.Connection, matches: str, params: dict[str, Any], shown_sql: str) -> dict[str, Any]:
    """How many match (up to the cap) and the first SEARCH_SHOWN, a paper's copies folded into one."""
    count = conn.execute(f"select count(*) from ({matches} limit {SEARCH_COUNT_CAP + 1})", params).fetchone()[0]
    shown = fold_copies(rows(conn, shown_sql, {**params, "shown": SEARCH_SHOWN * SEARCH_COPIES}))[:SEARCH_SHOWN]
    return {"count": min(count, SEARCH_COUNT_CAP), "more": count > SEARCH_COUNT_CAP, "rows": shown}


def fold_copies(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per record of a paper, however many formats it was ingested in.

    A paper kept as PDF, PPTX and text gives the same passage three times; the copies are
    known by the paper (authority, title, date) and the opening of the record's text (each
    format spaces a line differently), and the first row (formats in the order found) keeps
    the others' formats and document ids in `copies`.
    """
    if not found or "document_id" not in found[0]:
        return found
    folded: dict[tuple, dict[str, Any]] = {}
    for row in found:
        key = (row.get("authority_code"), row.get("title"), row.get("date"), copy_key(row.get("text")))
        first = folded.setdefault(key, {**row, "copies": []})
        if row["document_id"] != first["document_id"]:
            first["copies"].append({"document_id": row["document_id"], "format": row.get("format"),
                                    "page": row.get("page")})
    return list(folded.values())
