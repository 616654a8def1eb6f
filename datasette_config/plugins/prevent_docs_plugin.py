"""The project's Datasette plugin: what Datasette lacks for comparing Prevent papers.

- `/-/heatmap` (and `/-/heatmap.json`): authorities against the ten benchmark areas,
  coloured by score for one year, each cell linking to the benchmark rows behind it.
- `/-/source/<document_id>`: the original file of a document, looked up by its id in
  `documents` (never a path from the request), so only ingested files can be fetched. A
  file is served only as a format the project reads, with a content type fixed by that
  format (never guessed from its name, never sniffed), as an attachment unless it is a PDF,
  under a Content-Security-Policy that lets nothing in it run on this origin; only if its
  bytes still hash to the id and its path resolves inside the folder it was ingested from.
- `render_cell`: every `document_id` links to its document and to the page of the source.

Settings come from `plugins: prevent-docs:` in metadata, filled in by
`prevent_docs.serving.make_datasette`; an app without them is left alone, because plugins
from a plugins folder apply to every Datasette in the process.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import markupsafe
from datasette import hookimpl
from datasette.utils.asgi import Response

from schemas.records import AREAS

PLUGIN = "prevent-docs"
#: Columns holding a document id, and the column holding the page that goes with it.
DOCUMENT_COLUMNS = {"document_id": "page", "evidence_document_id": "evidence_page"}
#: Column headings of the heatmap, as the toolkit names the areas.
AREA_TITLES = {area: area.replace("_", " ").capitalize() for area in AREAS} | {"venue_hire_it": "Venue hire / IT"}
#: The content type each format the readers accept is served as; nothing else is served.
SOURCE_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "txt": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}
#: Nothing in a served file may load, run or be framed elsewhere. A PDF is shown inline (a
#: browser's viewer honours #page=N) and its viewer is an embedded plugin, which `sandbox`
#: would block; every other file is a sandboxed download.
SOURCE_POLICY = {"pdf": "default-src 'none'; object-src 'self'; frame-ancestors 'self'"}
DOWNLOAD_POLICY = "default-src 'none'; sandbox"


#: How much of the database file to memory-map (SQLite caps it, at 2 GB by default). Reads of
#: mapped pages copy nothing, so a search that reads tens of thousands of matching rows takes
#: about a third less time. Mapped reads go through the same page cache as an ingest's writes,
#: and SQLite maps no further than the file's size when each read begins (the store never
#: shrinks the file), so it stays safe while the database is served live.
MMAP_BYTES = 1 << 40


def settings(datasette) -> dict[str, Any] | None:
    """This app's plugin settings, or None if the app is not a prevent-docs app."""
    return datasette.plugin_config(PLUGIN)


@hookimpl
def register_routes():
    return [
        (r"^/-/heatmap(?P<as_json>\.json)?$", heatmap),
        (r"^/-/source/(?P<document_id>[0-9a-f]{64})$", source),
    ]


@hookimpl
def prepare_connection(conn, database, datasette):
    config = settings(datasette)
    if config and database == config["database"]:
        conn.execute(f"pragma mmap_size = {MMAP_BYTES}")


@hookimpl
def menu_links(datasette):
    if settings(datasette):
        return [{"href": datasette.urls.path("/-/heatmap"), "label": "Benchmark heatmap"}]
    return None


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    config = settings(datasette)
    if not config or database != config["database"]:
        return None
    if table == "documents" and column == "path" and value:
        return source_link(datasette, config, row["id"], None, str(value))
    if column not in DOCUMENT_COLUMNS or value in (None, ""):
        return None
    if isinstance(value, dict):  # a foreign key Datasette has expanded to {value, label}
        document_id, label = value["value"], value["label"]
    else:
        document_id, label = value, str(value)[:12]
    page_column = DOCUMENT_COLUMNS[column]
    page = row[page_column] if page_column in row.keys() else None
    document_url = datasette.urls.row(config["database"], "documents", document_id)
    html = markupsafe.Markup('<a href="{}">{}</a>').format(document_url, label or document_id)
    if config.get("serve_sources"):
        html += " " + source_link(datasette, config, document_id, page, f"p. {page}" if page else "file")
    elif page:
        html += f" (p. {page})"
    return html


def source_link(datasette, config: dict, document_id: str, page: int | None, text: str) -> markupsafe.Markup:
    """A link to the original file at a page, or just the text if sources are not served."""
    if not config.get("serve_sources"):
        return markupsafe.Markup(markupsafe.escape(text))
    url = datasette.urls.path(f"/-/source/{document_id}") + (f"#page={page}" if page else "")
    return markupsafe.Markup('<a class="source" href="{}">{}</a>').format(url, text)


async def source(datasette, request):
    """Send the original file of a document found by id in `documents`, if it is still that file."""
    config = settings(datasette)
    if not config:
        return Response.text("Not found", status=404)
    if not config.get("serve_sources"):
        return Response.text("Original files are not served by a public copy: they may hold contact details.",
                             status=403)
    document_id = request.url_vars["document_id"]
    db = datasette.get_database(config["database"])
    row = (await db.execute("select path, file_name, format from documents where id = ?", [document_id])).first()
    if row is None:
        return Response.text(f"No document {document_id}", status=404)
    if row["format"] not in SOURCE_TYPES:
        return Response.text(f"{row['file_name']}: a {row['format']} file; only PDF, DOCX, PPTX and text "
                             "originals are served", status=404)
    path = stored_path(row["path"], config.get("base_dirs", ["."]))
    if path is None:
        return Response.text(f"The file {row['path']} is no longer there: ingest it again from where it is now.",
                             status=404)
    if not path.resolve().is_relative_to(path.parent.resolve()):
        return Response.text(f"The file {row['path']} links outside the folder it was ingested from: not served.",
                             status=403)
    try:
        data = await asyncio.to_thread(path.read_bytes)
    except OSError as e:
        return Response.text(f"The file {row['path']} cannot be read: {e.strerror or e}", status=404)
    if hashlib.sha256(data).hexdigest() != document_id:
        return Response.text(f"The file {row['path']} has changed since it was ingested: ingest it again to "
                             "serve the new version.", status=409)
    return Response(data, content_type=SOURCE_TYPES[row["format"]],
                    headers=source_headers(row["format"], row["file_name"]))


def stored_path(stored: str, base_dirs: list[str]) -> Path | None:
    """The file a `documents.path` names, or None if it is not there.

    A relative path (ingest stores the paths it was given) is looked for from each of
    `base_dirs` in turn; the hash check after this makes a wrong guess harmless.
    """
    path = Path(stored)
    candidates = [path] if path.is_absolute() else [Path(base) / path for base in base_dirs]
    return next((candidate for candidate in candidates if candidate.is_file()), None)


def source_headers(file_format: str, file_name: str) -> dict[str, str]:
    """Headers that keep a browser from running anything in an original file on this origin."""
    name = re.sub(r'[^\x20-\x7e]|["\\]', "_", file_name)
    disposition = "inline" if file_format == "pdf" else "attachment"
    return {
        "content-disposition": f'{disposition}; filename="{name}"',
        "x-content-type-options": "nosniff",
        "content-security-policy": SOURCE_POLICY.get(file_format, DOWNLOAD_POLICY),
        "referrer-policy": "no-referrer",
    }


async def heatmap(datasette, request):
    """Authorities x benchmark areas for one year (`?year=`, default the latest scored)."""
    config = settings(datasette)
    if not config:
        return Response.text("Not found", status=404)
    db = datasette.get_database(config["database"])
    years = [row[0] for row in await db.execute(
        "select distinct year from latest_scores where year is not null and scored_score is not null order by year")]
    year_arg = request.args.get("year") or (str(years[-1]) if years else "")
    if year_arg and not year_arg.isdigit():
        return Response.text(f"year must be a number, not {year_arg!r}", status=400)
    year = int(year_arg) if year_arg else None
    rows = await heatmap_rows(datasette, config["database"], year)
    data = {"database": config["database"], "year": year, "years": years, "areas": list(AREAS), "rows": rows}
    if request.url_vars.get("as_json"):
        return Response.json(data)
    context = {**data, "area_titles": AREA_TITLES}
    return Response.html(await datasette.render_template("heatmap.html", context, request=request))


async def heatmap_rows(datasette, database: str, year: int | None) -> list[dict[str, Any]]:
    """One row per authority with benchmarks in any year; cells for `year` in toolkit order.

    Where several papers score the same authority, year and area, the latest paper wins
    (`latest_scores`, which the store keeps up to date, holds that paper's score).
    """
    db = datasette.get_database(database)
    results = await db.execute(
        """
        with held as (select distinct authority_code from latest_scores)
        select held.authority_code, a.name, a.region, l.area, l.score, l.rating, l.papers
        from held
          left join authorities a on a.gss_code = held.authority_code
          left join latest_scores l on l.authority_code is held.authority_code and l.year = :year
        order by a.region is null, a.region, coalesce(a.name, held.authority_code) is null,
          coalesce(a.name, held.authority_code)
        """,
        {"year": year},
    )
    by_authority: dict[str | None, dict[str, Any]] = {}
    benchmarks_url = datasette.urls.table(database, "benchmarks")
    for row in results.rows:
        code = row["authority_code"]
        entry = by_authority.setdefault(code, {
            "authority_code": code, "authority": row["name"] or code or "(not identified)",
            "region": row["region"], "cells": {}})
        if row["area"]:
            filters = {"year": year, "area": row["area"]}
            filters.update({"authority_code": code} if code else {"authority_code__isnull": 1})
            entry["cells"][row["area"]] = {
                "score": row["score"], "rating": row["rating"], "papers": row["papers"],
                "url": benchmarks_url + "?" + urlencode(filters)}
    rows = []
    for entry in by_authority.values():
        scores = [cell["score"] for cell in entry["cells"].values() if cell["score"] is not None]
        entry["scores"] = {area: entry["cells"].get(area, {}).get("score") for area in AREAS}
        entry["mean"] = round(sum(scores) / len(scores), 2) if scores else None
        rows.append(entry)
    return rows
