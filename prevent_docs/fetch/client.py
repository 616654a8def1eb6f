"""An HTTP client that is a good citizen on other people's servers.

Councils' committee systems are small servers run for their residents, not for crawlers, so
every request `fetch` makes goes through `PoliteClient`: only to the hosts the user named
(a redirect elsewhere is refused), one request at a time per host with a delay between
them, a User-Agent naming prevent-docs, retries with backoff on 429 and 5xx that honour
Retry-After, and conditional requests (If-None-Match / If-Modified-Since) where an earlier
answer gave an ETag or Last-Modified. What goes wrong is one `FetchFailed` line naming the
address: a timeout, an HTTP error, a redirect to ModernGov's `mgError.aspx`.

The standard library's urllib is enough here; `sleep` is a parameter so that tests can
set the delay to 0 and see what a Retry-After asked for without waiting for it.
"""

from __future__ import annotations

import email.utils
import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urlsplit

from prevent_docs import __version__
from prevent_docs.errors import PreventDocsError

USER_AGENT = (f"prevent-docs/{__version__} (fetches council papers about the Prevent duty "
              f"for research; one request at a time)")
#: Seconds between two requests to one host, and how long one request may take.
DEFAULT_DELAY = 1.0
DEFAULT_TIMEOUT = 60.0
#: Retries after a 429, a 5xx or a timeout; the first backoff, doubled each time; the longest wait.
DEFAULT_RETRIES = 3
DEFAULT_BACKOFF = 2.0
MAX_WAIT = 300.0
#: Larger answers are refused (as ingest refuses larger files).
MAX_BYTES = 512 * 1024 * 1024
#: Where ModernGov sends a request it cannot answer, with a 302 and a 200 page.
ERROR_PAGE = "mgerror.aspx"


class FetchFailed(PreventDocsError):
    """A request got no usable answer: refused host, HTTP error, timeout, error page."""


@dataclass
class Response:
    """A server's answer: status (200, or 304 to a conditional request), final URL, headers, bytes."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes = b""

    @property
    def etag(self) -> str:
        return self.headers.get("etag", "")

    @property
    def last_modified(self) -> str:
        return self.headers.get("last-modified", "")


@dataclass
class RequestLog:
    """What a client asked: every request sent, and how many were conditional."""

    sent: int = 0
    conditional: int = 0
    not_modified: int = 0
    waits: list[float] = field(default_factory=list)


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to allowed hosts; one to ModernGov's error page is an error."""

    def __init__(self, hosts: set[str]) -> None:
        self.hosts = hosts

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).path.lower().endswith(ERROR_PAGE):
            raise FetchFailed(f"{req.full_url}: redirected to the committee system's error page ({newurl})")
        if host_of(newurl) not in self.hosts:
            raise FetchFailed(f"{req.full_url}: redirected to {host_of(newurl)}, a host not named: not followed")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def host_of(url: str) -> str:
    """The host name of a URL, lower case, without port."""
    return (urlsplit(url).hostname or "").lower()


class PoliteClient:
    """GET requests to named hosts, one at a time per host, `delay` seconds apart."""

    def __init__(self, hosts: set[str], *, delay: float = DEFAULT_DELAY, timeout: float = DEFAULT_TIMEOUT,
                 retries: int = DEFAULT_RETRIES, backoff: float = DEFAULT_BACKOFF, max_wait: float = MAX_WAIT,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.hosts = {host.lower() for host in hosts}
        self.delay, self.timeout, self.retries, self.backoff, self.max_wait = delay, timeout, retries, backoff, max_wait
        self.sleep = sleep
        self.log = RequestLog()
        self._opener = urllib.request.build_opener(_SameHostRedirects(self.hosts))
        self._locks: dict[str, threading.Lock] = {}
        self._last: dict[str, float] = {}

    def get(self, url: str, *, etag: str = "", last_modified: str = "") -> Response:
        """GET `url`, conditionally if validators are given; a 304 comes back as a Response.

        Raises FetchFailed, naming the URL, when there is no usable answer after the retries.
        """
        host = host_of(url)
        if host not in self.hosts:
            raise FetchFailed(f"{url}: on {host or 'no host'}, not a host named for this fetch: not fetched")
        headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        with self._locks.setdefault(host, threading.Lock()):
            attempt = 0
            while True:
                self._wait_turn(host)
                answer = self._attempt(urllib.request.Request(url, headers=headers))
                if isinstance(answer, Response):
                    return answer
                if attempt == self.retries:
                    raise FetchFailed(f"{url}: {answer.reason}, {attempt + 1} times; giving up")
                self._back_off(url, answer, attempt)
                attempt += 1

    def _wait_turn(self, host: str) -> None:
        """Sleep until `delay` has passed since the last request to `host`, then take the turn."""
        last = self._last.get(host)
        if last is not None:
            wait = last + self.delay - time.monotonic()
            if wait > 0:
                self.log.waits.append(wait)
                self.sleep(wait)
        self._last[host] = time.monotonic()

    def _back_off(self, url: str, answer: "_Retry", attempt: int) -> None:
        wait = answer.retry_after if answer.retry_after is not None else self.backoff * 2 ** attempt
        if wait > self.max_wait:
            raise FetchFailed(f"{url}: {answer.reason}, asked to wait {wait:g} s, longer than {self.max_wait:g} s")
        self.log.waits.append(wait)
        self.sleep(wait)

    def _attempt(self, request: urllib.request.Request) -> Response | "_Retry":
        """One request: a Response, a _Retry saying why to try again, or FetchFailed."""
        self.log.sent += 1
        conditional = request.has_header("If-none-match") or request.has_header("If-modified-since")
        self.log.conditional += bool(conditional)
        try:
            with self._opener.open(request, timeout=self.timeout) as answer:
                body = answer.read(MAX_BYTES + 1)
                final_url, status, headers = answer.geturl(), answer.status, _headers(answer.headers)
        except urllib.error.HTTPError as e:
            return self._http_error(request.full_url, e)
        except (TimeoutError, socket.timeout):
            return _Retry(f"no answer within {self.timeout:g} s")
        except urllib.error.URLError as e:
            if isinstance(e.reason, (TimeoutError, socket.timeout)):
                return _Retry(f"no answer within {self.timeout:g} s")
            raise FetchFailed(f"{request.full_url}: cannot connect ({e.reason})") from e
        except (ConnectionError, http.client.HTTPException) as e:
            return _Retry(f"connection broken ({type(e).__name__})")
        if urlsplit(final_url).path.lower().endswith(ERROR_PAGE):
            raise FetchFailed(f"{request.full_url}: redirected to the committee system's error page ({final_url})")
        if len(body) > MAX_BYTES:
            raise FetchFailed(f"{request.full_url}: larger than {MAX_BYTES} bytes: not fetched")
        return Response(final_url, status, headers, body)

    def _http_error(self, url: str, error: urllib.error.HTTPError) -> Response | "_Retry":
        headers = _headers(error.headers)
        error.close()
        if error.code == 304:
            self.log.not_modified += 1
            return Response(url, 304, headers)
        if error.code == 429 or error.code >= 500:
            return _Retry(f"HTTP {error.code} {error.reason}", retry_after(headers.get("retry-after", "")))
        raise FetchFailed(f"{url}: HTTP {error.code} {error.reason}")


@dataclass
class _Retry:
    """Why an attempt should be tried again, and how long the server asked us to wait."""

    reason: str
    retry_after: float | None = None


def retry_after(value: str) -> float | None:
    """Seconds a Retry-After header asks for: a number of seconds, or an HTTP date; None if neither."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _headers(message) -> dict[str, str]:
    return {name.lower(): value for name, value in (message.items() if message else [])}
