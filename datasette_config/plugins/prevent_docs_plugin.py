"""The project's Datasette plugin: what Datasette lacks for comparing Prevent papers.

- `/-/heatmap`, `/-/authority/<gss_code>`, `/-/open` and `/-/search` (each with a `.json`
  twin, the open list a `.csv` too): the pages people read, their data from
  `prevent_docs.pages`, their HTML from `templates/`, their charts from Vega-Lite in `static/`.
- `/-/source/<document_id>`: the original file of a document, looked up by its id in
  `documents` (never a path from the request), so only ingested files can be fetched. A
  file is served only as a format the project reads, with a content type fixed by that
  format (never guessed from its name, never sniffed), as an attachment unless it is a PDF,
  under a Content-Security-Policy that lets nothing in it run on this origin; only if its
  bytes still hash to the id and its path resolves inside the folder it was ingested from.
- `render_cell`: every `document_id` links to its document and to the page of the source;
  every authority code to the authority's profile.

Settings come from `plugins: prevent-docs:` in metadata, filled in by
`prevent_docs.serving.make_datasette`; an app without them is left alone, because plugins
from a plugins folder apply to every Datasette in the process.
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import re
import weakref
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus, urlencode

import jinja2
import markupsafe
from datasette import hookimpl
from datasette.utils.asgi import AsgiStream, Response

from prevent_docs import pages
from schemas.records import AREAS

PLUGIN = "prevent-docs"
#: Columns holding a document id, and the column holding the page that goes with it.
DOCUMENT_COLUMNS = {"document_id": "page", "evidence_document_id": "evidence_page"}
#: Columns holding an authority's GSS code, which link to its profile.
AUTHORITY_COLUMNS = ("authority_code", "gss_code")
#: The content type each format the readers accept is served as; nothing else is served.
SOURCE_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "txt": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "html": "text/plain; charset=utf-8",  # HTML read (fetched minutes) is still served as plain text
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


#: Each app's plugin settings, read once: they are fixed when the app is made, and reading
#: them walks Datasette's metadata, which `render_cell` would otherwise do for every cell.
_SETTINGS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def settings(datasette) -> dict[str, Any] | None:
    """This app's plugin settings, or None if the app is not a prevent-docs app."""
    if datasette not in _SETTINGS:
        _SETTINGS[datasette] = datasette.plugin_config(PLUGIN)
    return _SETTINGS[datasette]


@hookimpl
def register_routes():
    return [
        (r"^/-/heatmap(?P<as_json>\.json)?$", heatmap),
        (r"^/-/authority/(?P<code>[A-Za-z0-9]{1,20})(?P<as_json>\.json)?$", authority),
        (r"^/-/open(?P<format>\.json|\.csv)?$", open_items),
        (r"^/-/search(?P<as_json>\.json)?$", search),
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
        return [{"href": datasette.urls.path(path), "label": label} for path, label in (
            ("/-/heatmap", "Benchmark heatmap"), ("/-/open", "Open items"), ("/-/search", "Search everything"))]
    return None


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    config = settings(datasette)
    if not config or database != config["database"]:
        return None
    if table == "documents" and column == "path" and value:
        return source_link(datasette, config, row["id"], None, str(value))
    if column in AUTHORITY_COLUMNS and value not in (None, ""):
        return authority_link(datasette, value)
    if table == "authorities" and column == "name" and value:  # its code is the row's link
        return authority_link(datasette, {"value": row["gss_code"], "label": value})
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


def authority_link(datasette, value) -> markupsafe.Markup:
    """An authority code (or a foreign key expanded to {value, label}) as a link to its profile."""
    code, label = (value["value"], value["label"]) if isinstance(value, dict) else (value, None)
    url = datasette.urls.path(f"/-/authority/{code}")
    if label and label != code:
        return markupsafe.Markup('<a href="{}">{}</a>').format(url, label)
    return markupsafe.Markup('<a href="{}">{}</a>').format(url, code)


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
        return Response.text(f"{row['file_name']}: a {row['format']} file; only PDF, DOCX, PPTX, text and HTML "
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

    Ingest stores absolute paths; a relative one (stored by older versions, relative to
    where ingest ran) is looked for from each of `base_dirs` in turn. A name that is not
    valid UTF-8, or holds a control character, is stored escaped (`errors.printable`:
    `caf\\xe9.txt`) and looked for as the name it stands for too. The hash check after
    this makes a wrong guess harmless.
    """
    candidates = []
    for name in dict.fromkeys([stored, unescaped(stored)]):
        path = Path(name)
        candidates += [path] if path.is_absolute() else [Path(base) / path for base in base_dirs]
    return next((candidate for candidate in candidates if candidate.is_file()), None)


#: What `errors.printable` writes for a byte that is not UTF-8 (`\\xe9`) or a control character.
_ESCAPE = re.compile(r"\\(x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8}|[ntr])")


def unescaped(stored: str) -> str:
    """The file name `errors.printable` escaped: a byte that is not UTF-8 as the file system's own escape."""
    def original(match: re.Match) -> str:
        code = match.group(1)
        if code in ("n", "t", "r"):
            return {"n": "\n", "t": "\t", "r": "\r"}[code]
        value = int(code[1:], 16)
        return chr(0xDC00 + value) if code[0] == "x" and value >= 0x80 else chr(value)

    return _ESCAPE.sub(original, stored)


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


async def render(datasette, request, template: str, data: dict[str, Any]) -> Response:
    context = {**data, "area_titles": pages.AREA_TITLES, "areas": list(AREAS),
               "area_title_list": [pages.AREA_TITLES[area] for area in AREAS],
               "serve_sources": settings(datasette).get("serve_sources")}
    return Response.html(await datasette.render_template(template, context, request=request))


async def heatmap(datasette, request):
    """Authorities x benchmark areas for one year (`?year=`, default the year with most authorities
    scored), or each area's latest score (`?year=latest`); `?region=`, `?tier=`, `?change=1`."""
    config = settings(datasette)
    if not config:
        return Response.text("Not found", status=404)
    db = datasette.get_database(config["database"])
    years = await db.execute_fn(pages.scored_years)
    year_arg = request.args.get("year") or ""
    latest = year_arg == "latest"
    if year_arg and not latest and not year_arg.isdigit():
        return Response.text(f"year must be a year or 'latest', not {year_arg!r}", status=400)
    year = int(year_arg) if year_arg.isdigit() else None if latest else pages.default_year(years)
    region, tier = request.args.get("region", ""), request.args.get("tier", "")
    rows = await db.execute_fn(lambda conn: pages.heatmap(conn, year=year, latest=latest, region=region, tier=tier))
    link_cells(rows, datasette.urls.table(config["database"], "benchmarks"))
    data = {"database": config["database"], "year": year, "latest": latest, "years": list(years),
            "authorities_scored": {str(y): n for y, n in years.items()}, "region": region, "tier": tier,
            "change": request.args.get("change") == "1", "areas": list(AREAS), "rows": rows}
    if request.url_vars.get("as_json"):
        return Response.json(data)
    table = TABLES.get_template("_heatmap_table.html").render(
        {**data, "area_titles": pages.AREA_TITLES, "profile_url": datasette.urls.path("/-/authority/")})
    return await render(datasette, request, "heatmap.html",
                        {**data, "table": markupsafe.Markup(table), **await db.execute_fn(pages.heatmap_choices)})


#: Templates of large tables, rendered without Datasette's async Jinja (several times faster).
TABLES = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).resolve().parents[1] / "templates"),
                            autoescape=True)


def link_cells(rows: list[dict[str, Any]], benchmarks_url: str) -> None:
    """Give each heatmap cell the URL of the benchmark rows behind it."""
    for row in rows:  # by hand: urlencode for every cell of a national heatmap takes a tenth of a second
        code = row["authority_code"]
        who = f"authority_code={quote_plus(code)}" if code else "authority_code__isnull=1"
        for area, cell in row["cells"].items():
            cell["url"] = f"{benchmarks_url}?year={cell['year']}&area={quote_plus(area)}&{who}"


async def authority(datasette, request):
    """One authority's profile: papers by year, scores beside its region and tier, open items, owners, figures."""
    config = settings(datasette)
    if not config:
        return Response.text("Not found", status=404)
    code = request.url_vars["code"]
    db = datasette.get_database(config["database"])
    profile = await db.execute_fn(lambda conn: pages.authority_profile(conn, code))
    if profile is None:
        return Response.text(f"No authority {code}: neither in the register nor on any paper", status=404)
    if request.url_vars.get("as_json"):
        return Response.json(profile)
    return await render(datasette, request, "authority.html", {"database": config["database"], **profile})


#: The open list's filters, from the query string.
OPEN_FILTERS = ("authority", "area", "owner", "status")
#: Items per HTML page (each with its thread) and per JSON page; CSV holds every item.
OPEN_HTML_PAGE, OPEN_JSON_PAGE, OPEN_CSV_CHUNK = 200, 1000, 5000


async def open_items(datasette, request):
    """The open items of `prevent-docs open`, filtered, grouped by authority, each with its thread.

    The HTML page and the JSON are paged (`?page=2`) and say how many match in all; the CSV
    streams every matching item, a chunk at a time, so no export holds the server for long.
    """
    config = settings(datasette)
    if not config:
        return Response.text("Not found", status=404)
    filters = {name: (request.args.get(name) or "").strip() for name in OPEN_FILTERS}
    filters["overdue"] = request.args.get("overdue") in ("1", "on", "true")
    db = datasette.get_database(config["database"])
    fmt = request.url_vars.get("format")
    if fmt == ".csv":
        return open_csv(db, filters)
    most = OPEN_JSON_PAGE if fmt == ".json" else OPEN_HTML_PAGE
    size = min(page_number(request.args.get("_size"), default=most), most)
    page = page_number(request.args.get("page"))
    found = await db.execute_fn(lambda conn: pages.open_list(conn, **filters, limit=size, offset=(page - 1) * size))
    items, count = found["items"], found["count"]
    asked = {k: 1 if v is True else v for k, v in filters.items() if v} | ({"_size": size} if size != most else {})
    query = urlencode(asked)
    more = page * size < count
    if fmt == ".json":
        next_url = f"/-/open.json?{urlencode({**asked, 'page': page + 1})}"
        return Response.json({"filters": filters, "count": count, "page": page, "items": items,
                              "next": datasette.urls.path(next_url) if more else None})
    timelines = await db.execute_fn(lambda conn: pages.threads(conn, [item["thread_id"] for item in items]))
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        groups.setdefault(item["authority_name"] or item["authority_code"] or "(not identified)", []).append(item)
    return await render(datasette, request, "open.html", {
        "database": config["database"], "filters": filters, "count": count, "groups": groups,
        "timelines": timelines, "query": query, "statuses": ("open", "in_progress", "conflict"),
        "page": page, "first": (page - 1) * size + 1, "last": (page - 1) * size + len(items),
        "previous_page": page - 1 if page > 1 else None, "next_page": page + 1 if more else None,
        **await db.execute_fn(pages.open_choices)})


def page_number(text: str | None, *, default: int = 1) -> int:
    """A page number or size from the query string: a positive whole number, else `default`."""
    return int(text) if text and text.isdigit() and 0 < int(text) < 10**9 else default


def open_csv(db, filters: dict[str, Any]):
    """Every open item the filters keep, as CSV written a chunk at a time."""
    async def stream(writer):
        buffer = io.StringIO()
        table = csv.DictWriter(buffer, fieldnames=list(pages.OPEN_COLUMNS), extrasaction="ignore")
        table.writeheader()
        offset = 0
        while True:
            chunk = await db.execute_fn(lambda conn: pages.open_rows(
                conn, **filters, limit=OPEN_CSV_CHUNK, offset=offset))
            table.writerows(chunk)
            await writer.write(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()
            if len(chunk) < OPEN_CSV_CHUNK:
                return
            offset += OPEN_CSV_CHUNK
    return AsgiStream(stream, content_type="text/csv; charset=utf-8")


async def search(datasette, request):
    """One search box over passages, recommendations, actions, owners and figures, grouped by type."""
    config = settings(datasette)
    if not config:
        return Response.text("Not found", status=404)
    words = (request.args.get("q") or "").strip()
    db = datasette.get_database(config["database"])
    results = await db.execute_fn(lambda conn: pages.search(conn, words))
    if request.url_vars.get("as_json"):
        return Response.json({"q": words, "results": results})
    return await render(datasette, request, "search.html", {"database": config["database"], "q": words,
                                                            "results": results})
