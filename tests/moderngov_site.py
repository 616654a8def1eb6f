"""A ModernGov committee system on 127.0.0.1 for the fetch tests: real HTTP, no network.

It answers the web service (`mgWebService.asmx/GetCommittees`, `GetMeetings` for a
committee and a dd/mm/yyyy window, `GetMeeting`) from a folder of recorded answers, and
documents from a table of bytes, with an ETag on every answer and a 304 to a request that
sends it back. Misbehaviours are switched on per path: a 429 with Retry-After before the
first success, an answer slower than the client waits, a redirect. Every request is logged
with the headers that matter, so tests can say what the client asked and how.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http.server
import re
import threading
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit


@dataclass
class Logged:
    path: str  # path and query, as sent
    status: int
    if_none_match: str
    if_modified_since: str
    user_agent: str

    @property
    def conditional(self) -> bool:
        return bool(self.if_none_match or self.if_modified_since)


@dataclass
class ModernGovSite:
    """What the site serves: recorded web-service answers and documents, and its misbehaviours."""

    answers: Path  # committees.xml, meetings_<committee id>.xml or meetings.xml, meeting_<id>.xml or .html
    documents: dict[str, bytes] = field(default_factory=dict)  # path and query -> bytes
    content_types: dict[str, str] = field(default_factory=dict)
    too_many_once: dict[str, str] = field(default_factory=dict)  # path -> Retry-After of the first answer
    slow: dict[str, float] = field(default_factory=dict)  # path -> seconds before answering
    redirects: dict[str, str] = field(default_factory=dict)  # path -> Location (relative to the site)
    replace: dict[str, str] = field(default_factory=dict)  # text in answers -> text served
    renamed: dict[str, str] = field(default_factory=dict)  # answer file name -> the recorded file holding it
    log: list[Logged] = field(default_factory=list)

    def answer(self, target: str) -> tuple[int, dict[str, str], bytes]:
        """Status, headers and body for a request target (path and query)."""
        parts = urlsplit(target)
        params = {key: values[0] for key, values in parse_qs(parts.query).items()}
        if target in self.redirects:
            return 302, {"Location": self.redirects[target]}, b""
        if target in self.documents:
            return 200, {"Content-Type": self.content_types.get(target, "application/pdf")}, self.documents[target]
        method = parts.path.rsplit("/", 1)[-1]
        if "/mgWebService.asmx/" in parts.path:
            return self.service(method, params)
        if parts.path.lower().endswith("mgerror.aspx"):
            return 200, {"Content-Type": "text/html"}, b"<html><body><p>Sorry, an error occurred.</p></body></html>"
        return 404, {"Content-Type": "text/html"}, b"<html><body>Not found</body></html>"

    def service(self, method: str, params: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        if method == "GetCommittees":
            return self.recorded("committees.xml")
        if method == "GetMeetings":
            name = f"meetings_{params.get('lCommitteeId')}.xml"
            if not (self.answers / name).is_file():
                name = "meetings.xml"
            return self.recorded(name, window=(_date(params["sFromDate"]), _date(params["sToDate"])))
        if method == "GetMeeting":
            for suffix in (".xml", ".html"):
                name = f"meeting_{params.get('lMeetingId')}{suffix}"
                if (self.answers / self.renamed.get(name, name)).is_file():
                    return self.recorded(name)
        return 500, {"Content-Type": "text/plain"}, b"Request format is invalid."

    def recorded(self, name: str, window: tuple[dt.date, dt.date] | None = None):
        text = (self.answers / self.renamed.get(name, name)).read_text(encoding="utf-8")
        for old, new in self.replace.items():
            text = text.replace(old, new)
        if window:
            text = _meetings_in(text, *window)
        content_type = "text/html; charset=utf-8" if name.endswith(".html") else "text/xml; charset=utf-8"
        return 200, {"Content-Type": content_type}, text.encode("utf-8")


def _date(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d/%m/%Y").date()


def _meetings_in(text: str, start: dt.date, end: dt.date) -> str:
    """A GetMeetings answer cut to the meetings in [start, end], as the service answers a window."""
    root = ET.fromstring(text.encode("utf-8"))
    for holder in root.iter("committeemeetings"):
        for meeting in list(holder):
            if not start <= _date(meeting.findtext("meetingdate").strip()) <= end:
                holder.remove(meeting)
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


class _Handler(http.server.BaseHTTPRequestHandler):
    site: ModernGovSite
    served_once: set

    def do_GET(self) -> None:  # noqa: N802
        site, target = self.site, self.path
        if target in site.slow:
            time.sleep(site.slow[target])
        if target in site.too_many_once and target not in self.served_once:
            self.served_once.add(target)
            self._send(target, 429, {"Retry-After": site.too_many_once[target]}, b"Too many requests")
            return
        status, headers, body = site.answer(target)
        if status == 200:
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            headers["ETag"] = etag
            if self.headers.get("If-None-Match") == etag:
                status, body = 304, b""
        self._send(target, status, headers, body)

    def _send(self, target: str, status: int, headers: dict[str, str], body: bytes) -> None:
        self.site.log.append(Logged(target, status, self.headers.get("If-None-Match", ""),
                                    self.headers.get("If-Modified-Since", ""), self.headers.get("User-Agent", "")))
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped waiting (the timeout test)

    def log_message(self, format, *args) -> None:  # noqa: A002
        pass


class Server:
    """Serve a ModernGovSite on 127.0.0.1 at a free port until stopped."""

    def __init__(self, site: ModernGovSite) -> None:
        handler = type("Handler", (_Handler,), {"site": site, "served_once": set()})
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "Server":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def requests_to(log: list[Logged], pattern: str) -> list[Logged]:
    return [entry for entry in log if re.search(pattern, entry.path)]
