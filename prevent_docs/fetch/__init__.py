"""Bring a council's Prevent papers home from its ModernGov committee system, ready to ingest.

`fetch(council_or_url, out_dir)` lists the council's committees, their meetings in the
dates asked for (one web-service call per committee and year of dates), and each meeting's agenda
items. An item whose title, texts or document titles match the Prevent vocabulary (or
`--match`) has every linked document downloaded, and its own minutes and decision text
written as an HTML file of its own; `manifest.csv` beside them says where each came from.

What goes wrong with one meeting or one document is reported (`on_problem`) and counted,
and the rest goes on; only a committee list that cannot be read stops the fetch, since
nothing else can be found without it. Restricted (exempt) items and documents are never
fetched, only counted. A second run asks the server only whether what it holds changed
(conditional requests, `client.py`) and downloads nothing it already has; web-service
answers are kept in `.moderngov-cache.json` for the same purpose.

The network is touched only here, and only the committee system's own host.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import re
import time
import zipfile
from dataclasses import dataclass, field
from html import escape
from io import BytesIO
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from prevent_docs.errors import PreventDocsError
from prevent_docs.fetch import moderngov
from prevent_docs.fetch.client import (DEFAULT_BACKOFF, DEFAULT_DELAY, DEFAULT_RETRIES, DEFAULT_TIMEOUT, FetchFailed,
                                       PoliteClient, RequestLog, Response, host_of)
from prevent_docs.fetch.councils import COMMITTEE_SYSTEMS_CSV, Council, UnknownCouncil, resolve_council
from prevent_docs.fetch.manifest import MANIFEST_NAME, Manifest, ManifestRow, source_for
from prevent_docs.fetch.moderngov import AgendaItem, LinkedDocument, Meeting, ServiceError

#: The Prevent vocabulary: words that are also common English ("prevent", "contest", "channel")
#: count only as the names they are when capitalised; the others in any case.
DEFAULT_MATCH = (r"(?-i:\bPrevent\b|\bCONTEST\b|\bChannel\b)|\bextremis|\bradicali[sz]"
                 r"|\bcounter[- ]?terror")
#: The Prevent duty (Counter-Terrorism and Security Act 2015, s.26) came into force on 1 July 2015.
PREVENT_DUTY_START = dt.date(2015, 7, 1)
CACHE_NAME = ".moderngov-cache.json"


class FetchStopped(PreventDocsError):
    """The fetch could not start: the council's committee list cannot be read."""


@dataclass
class FetchOptions:
    """What to fetch (committees, dates, matching) and how politely (delay, retries, timeout)."""

    committee: str | None = None  # a regular expression, searched in committee titles, any case
    since: dt.date = PREVENT_DUTY_START
    until: dt.date | None = None  # today
    match: str = DEFAULT_MATCH  # searched in item titles, texts and document titles, any case
    delay: float = DEFAULT_DELAY
    timeout: float = DEFAULT_TIMEOUT
    retries: int = DEFAULT_RETRIES
    backoff: float = DEFAULT_BACKOFF
    sleep: Callable[[float], None] = time.sleep


@dataclass
class FetchReport:
    """The summary `fetch` prints: what was seen, matched, fetched, skipped and failed."""

    council: Council
    out_dir: Path
    committees: int = 0
    meetings: int = 0
    meetings_failed: int = 0
    items_matched: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    duplicates: int = 0
    restricted: int = 0
    problems: list[str] = field(default_factory=list)
    requests: RequestLog = field(default_factory=RequestLog)

    @property
    def files(self) -> int:
        return self.new + self.updated + self.unchanged


def fetch(source: str, out_dir: Path, options: FetchOptions | None = None, *,
          table: Path = COMMITTEE_SYSTEMS_CSV,
          on_start: Callable[[int], None] | None = None,
          on_meeting: Callable[[Meeting], None] | None = None,
          on_problem: Callable[[str], None] | None = None) -> FetchReport:
    """Fetch the matching papers of the council `source` names (or of the ModernGov site at a URL).

    `on_start(meetings)` is called once the meetings are listed, `on_meeting` after each
    one and `on_problem(message)` for each failure, so a caller can show progress; nothing
    here prints. Raises UnknownCouncil or FetchStopped when nothing can be fetched at all.
    """
    options = options or FetchOptions()
    council = resolve_council(source, table=table)
    out_dir.mkdir(parents=True, exist_ok=True)
    client = PoliteClient({host_of(council.base_url)}, delay=options.delay, timeout=options.timeout,
                          retries=options.retries, backoff=options.backoff, sleep=options.sleep)
    run = _Run(council, out_dir, options, client, FetchReport(council, out_dir, requests=client.log), on_problem)
    meetings = run.list_meetings()
    if on_start:
        on_start(len(meetings))
    for meeting in meetings:
        run.fetch_meeting(meeting)
        run.save()
        if on_meeting:
            on_meeting(meeting)
    run.save()
    return run.report


class _Run:
    """One fetch: its council, options, client, manifest, cache of web-service answers and report."""

    def __init__(self, council: Council, out_dir: Path, options: FetchOptions, client: PoliteClient,
                 report: FetchReport, on_problem: Callable[[str], None] | None) -> None:
        self.council, self.out_dir, self.options, self.client, self.report = council, out_dir, options, client, report
        self.on_problem = on_problem
        self.pattern = re.compile(options.match, re.IGNORECASE)
        self.manifest = Manifest.load(out_dir)
        self.cache = _ServiceCache(out_dir / CACHE_NAME)
        self.seen_urls: set[str] = set()

    def save(self) -> None:
        self.manifest.save()
        self.cache.save()

    def problem(self, message: str) -> None:
        self.report.problems.append(message)
        if self.on_problem:
            self.on_problem(message)

    # --- The web service ---------------------------------------------------------------

    def call(self, method: str, parse, **params):
        """A web-service method's parsed answer, asked conditionally when an earlier one is cached."""
        url = moderngov.service_url(self.council.base_url, method, **params)
        cached = self.cache.get(url)
        response = self.client.get(url, etag=cached.get("etag", ""), last_modified=cached.get("last_modified", ""))
        body = cached["body"].encode("utf-8") if response.status == 304 and cached else response.body
        parsed = parse(body, url)
        if response.status != 304 and (response.etag or response.last_modified):
            self.cache.put(url, response, body)
        return parsed

    def list_meetings(self) -> list[Meeting]:
        """Every meeting of the chosen committees in the dates asked for, oldest first."""
        try:
            committees = self.call("GetCommittees", moderngov.parse_committees)
        except (ServiceError, FetchFailed) as e:
            raise FetchStopped(f"{self.council.name or self.council.base_url}: cannot list its committees, "
                               f"so nothing was fetched: {e}") from e
        wanted = re.compile(self.options.committee, re.IGNORECASE) if self.options.committee else None
        chosen = [c for c in committees if not c.deleted and (wanted is None or wanted.search(c.title))]
        self.report.committees = len(chosen)
        until = self.options.until or dt.date.today()
        meetings: dict[int, Meeting] = {}
        for committee in chosen:
            for start, end in windows(self.options.since, until):
                try:
                    found = self.call("GetMeetings", moderngov.parse_meetings, lCommitteeId=committee.id,
                                      sFromDate=moderngov.service_date(start), sToDate=moderngov.service_date(end))
                except (ServiceError, FetchFailed) as e:
                    self.problem(f"{committee.title}, meetings {start} to {end}: {e}")
                    continue
                meetings.update({m.id: m for m in found if self.options.since <= m.date <= until})
        self.report.meetings = len(meetings)
        return sorted(meetings.values(), key=lambda m: (m.date, m.id))

    def fetch_meeting(self, meeting: Meeting) -> None:
        """Fetch what matches in one meeting; a meeting that cannot be read is reported and counted."""
        if meeting.status.lower() == "cancelled":
            return
        try:
            items = self.call("GetMeeting", moderngov.parse_meeting, lMeetingId=meeting.id)
        except (ServiceError, FetchFailed) as e:
            self.report.meetings_failed += 1
            self.problem(f"{meeting.committee}, {meeting.date}: {e}")
            return
        for item in items:
            if any(self.pattern.search(text) for text in item.texts()):
                self.fetch_item(meeting, item)

    def fetch_item(self, meeting: Meeting, item: AgendaItem) -> None:
        self.report.items_matched += 1
        if item.restricted:
            self.report.restricted += 1
            for document in item.documents:
                self.manifest.add(self.row(meeting, item, document.url, document, kind="attachment", restricted=True))
            return
        for document in item.documents:
            if document.restricted:
                self.report.restricted += 1
                self.manifest.add(self.row(meeting, item, document.url, document, kind="attachment", restricted=True))
            else:
                self.fetch_document(meeting, item, document)
        if item.minutes_html or item.decision_html:
            self.write_minutes(meeting, item)

    # --- Files ---------------------------------------------------------------------------

    def fetch_document(self, meeting: Meeting, item: AgendaItem, document: LinkedDocument) -> None:
        """Download one linked document unless this run has it already or the server says it is unchanged."""
        url = document.url
        if url in self.seen_urls:  # an agenda pack listing a report that an item links too
            self.report.duplicates += 1
            return
        self.seen_urls.add(url)
        held = self.held(url)
        if held and not (held.etag or held.last_modified):
            self.count_unchanged(held)  # no validators to ask with: what is held is kept
            return
        try:
            response = self.client.get(url, etag=held.etag if held else "",
                                       last_modified=held.last_modified if held else "")
            if response.status == 304 and held:
                self.count_unchanged(held)
                return
            suffix = document_suffix(response, url)
        except FetchFailed as e:
            self.report.failed += 1
            self.problem(f"{meeting.committee}, {meeting.date}, item {item.number or item.id} "
                         f"'{document.title}': {e}")
            return
        row = self.row(meeting, item, url, document, kind="attachment", restricted=False)
        self.keep(row, response.body, suffix, held, response)

    def write_minutes(self, meeting: Meeting, item: AgendaItem) -> None:
        """Write the item's own minutes and decision text as an HTML file of its own."""
        url = f"{self.council.base_url.rstrip('/')}/mgAi.aspx?ID={item.id}"
        data = minutes_html(self.council, meeting, item).encode("utf-8")
        row = self.row(meeting, item, url, None, kind="minutes", restricted=False)
        self.keep(row, data, ".html", self.held(url), None)

    def held(self, url: str) -> ManifestRow | None:
        """The manifest row for `url` if this folder holds its bytes intact (in its file, or its twin's)."""
        row = self.manifest.get(url)
        if row is None or row.restricted or not (row.file or row.same_as):
            return None
        path = self.out_dir / (row.file or row.same_as)
        return row if path.is_file() and sha256_of(path.read_bytes()) == row.sha256 else None

    def count_unchanged(self, held: ManifestRow) -> None:
        if held.same_as:
            self.report.duplicates += 1
        else:
            self.report.unchanged += 1

    def keep(self, row: ManifestRow, data: bytes, suffix: str, held: ManifestRow | None,
             response: Response | None) -> None:
        """Store `data` as the row's file: unchanged, a duplicate of another file, updated or new."""
        row.sha256 = sha256_of(data)
        if response is not None:
            row.etag, row.last_modified = response.etag, response.last_modified
        if held and held.sha256 == row.sha256:
            self.manifest.add(dataclasses.replace(row, file=held.file, same_as=held.same_as,
                                                  fetched_at=held.fetched_at))
            self.count_unchanged(held)
            return
        twin = self.manifest.by_sha256(row.sha256)
        if twin and twin.source_url != row.source_url:
            self.manifest.add(dataclasses.replace(row, same_as=twin.file))
            self.report.duplicates += 1
            return
        row.file = held.file if held and held.file else file_name(row, suffix)
        _write_atomic(self.out_dir / row.file, data)
        self.manifest.add(row)
        if held and held.file:
            self.report.updated += 1
        else:
            self.report.new += 1

    def row(self, meeting: Meeting, item: AgendaItem, url: str, document: LinkedDocument | None, *,
            kind: str, restricted: bool) -> ManifestRow:
        return ManifestRow(
            file="", source_url=url, attachment_id=document.attachment_id if document else "",
            council=self.council.name, gss_code=self.council.gss_code, committee=meeting.committee,
            meeting_date=meeting.date.isoformat(), meeting_id=str(meeting.id), item_number=item.number,
            item_title=item.title, document_title=document.title if document else f"{item.title}: minutes",
            kind=kind, restricted=restricted, sha256="", fetched_at=_now())


def windows(since: dt.date, until: dt.date) -> list[tuple[dt.date, dt.date]]:
    """[since, until] cut into windows of a year at most (a day short of the same date a year on)."""
    found = []
    start = since
    while start <= until:
        year_on = start.replace(year=start.year + 1, day=min(start.day, 28 if start.month == 2 else 31))
        end = min(year_on - dt.timedelta(days=1), until)
        found.append((start, end))
        start = end + dt.timedelta(days=1)
    return found


#: Content types and URL suffixes to the file type they claim.
CLAIMED_TYPES = {"application/pdf": "pdf", "application/msword": "doc",
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
                 "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
                 "application/vnd.ms-powerpoint": "ppt", "application/vnd.ms-excel": "xls"}
OFFICE = {"doc", "docx", "pptx", "xlsx", "ppt", "xls", "office"}


def document_suffix(response: Response, url: str) -> str:
    """The suffix to save a document under, from its bytes; FetchFailed if they are not what it claims.

    A ModernGov address that fails answers with an HTML page (often with status 200), so a
    document must be a PDF or an Office file, and a PDF when it is said to be one.
    """
    actual = sniff_document(response.body)
    claimed = claimed_type(response, url)
    if actual in ("html", "unknown"):
        what = "an HTML page" if actual == "html" else "data of no known document format"
        raise FetchFailed(f"{url}: said to be {_a(claimed)} but is {what}: not kept")
    if claimed and (claimed == "pdf") != (actual == "pdf"):
        raise FetchFailed(f"{url}: said to be {_a(claimed)} but is {_a(actual)}: not kept")
    return "." + (actual if actual != "office" else "doc")


def _a(file_type: str) -> str:
    return {"": "a document", "office": "an Office file"}.get(file_type, f"a {file_type.upper()}")


def claimed_type(response: Response, url: str) -> str:
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type in CLAIMED_TYPES:
        return CLAIMED_TYPES[content_type]
    path = urlsplit(url).path.lower()
    if path.endswith("mgconvert2pdf.aspx"):
        return "pdf"
    suffix = path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else ""
    return suffix if suffix in {"pdf", *OFFICE} else ""


def sniff_document(data: bytes) -> str:
    """pdf, docx, pptx, xlsx, office (an old binary Office file), html or unknown, from the bytes."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK"):
        try:
            names = zipfile.ZipFile(BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return "unknown"
        for prefix, kind in (("word/", "docx"), ("ppt/", "pptx"), ("xl/", "xlsx")):
            if any(name.startswith(prefix) for name in names):
                return kind
        return "unknown"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "office"
    if b"<html" in head.lower() or head.lstrip().lower().startswith((b"<!doctype", b"<?xml")):
        return "html"
    return "unknown"


def minutes_html(council: Council, meeting: Meeting, item: AgendaItem) -> str:
    """An agenda item's minutes and decision as a page of its own, headed as committee systems head them.

    The same item always gives the same bytes, so an unchanged item is recognised by its sha256.
    """
    number = f" (Item {escape(item.number)})" if item.number else ""
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f"<title>{escape(item.title)}</title></head><body>", f"<h1>{escape(item.title)}</h1>"]
    if council.name:
        parts.append(f"<p>{escape(council.name)}</p>")
    parts.append(f"<p>Meeting: {meeting.date:%d/%m/%Y} - {escape(meeting.committee)}{number}</p>")
    for label, body in (("Minutes", item.minutes_html), ("Decision", item.decision_html)):
        if body:
            parts += [f"<h2>{label}:</h2>", body]
    parts.append("</body></html>\n")
    return "\n".join(parts)


def file_name(row: ManifestRow, suffix: str) -> str:
    """`2023-06-15_safer-communities_item-7_prevent-update_60860.pdf`: sortable by date, readable."""
    parts = [row.meeting_date, _slug(row.committee, 40), "item-" + _slug(row.item_number or "x", 10),
             _slug(row.document_title, 60)]
    if row.attachment_id:
        parts.append(_slug(row.attachment_id, 20))
    return "_".join(part for part in parts if part) + suffix


def _slug(text: str, limit: int) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit].strip("-")


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def _write_atomic(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.part")
    temporary.write_bytes(data)
    os.replace(temporary, path)


class _ServiceCache:
    """Web-service answers with an ETag or Last-Modified, so the next run can ask if they changed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, dict[str, str]] = {}
        if path.is_file():
            try:
                self.entries = json.loads(path.read_text(encoding="utf-8"))
            except (ValueError, OSError):
                self.entries = {}  # a damaged cache only costs full requests

    def get(self, url: str) -> dict[str, str]:
        return self.entries.get(url, {})

    def put(self, url: str, response: Response, body: bytes) -> None:
        self.entries[url] = {"etag": response.etag, "last_modified": response.last_modified,
                             "body": body.decode("utf-8", "replace")}

    def save(self) -> None:
        temporary = self.path.with_name(self.path.name + ".tmp")
        temporary.write_text(json.dumps(self.entries), encoding="utf-8")
        os.replace(temporary, self.path)


__all__ = ["DEFAULT_MATCH", "FetchFailed", "FetchOptions", "FetchReport", "FetchStopped", "MANIFEST_NAME",
           "ServiceError", "UnknownCouncil", "fetch", "resolve_council", "source_for"]
