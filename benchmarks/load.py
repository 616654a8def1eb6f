"""A load test of a real `prevent-docs serve`: many requests, a few at a time, over loopback.

Datasette answers a query that runs past its time limit with 400 "SQL Interrupted", and
under load a query that takes half the limit alone can take all of it: timing pages one at
a time in-process misses that. So this starts the server as a user does (`prevent-docs
serve` in its own process, on 127.0.0.1), sends `requests` GETs spread evenly over the pages,
`concurrency` at a time, and counts per page the answers that were not 200, the 5xx and the
interrupted queries, with the 50th and 95th percentile latency.
"""

from __future__ import annotations

import concurrent.futures
import http.client
import socket
import statistics
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PREVENT_DOCS = REPO / ".venv" / "bin" / "prevent-docs"
HOST = "127.0.0.1"


@dataclass
class PageLoad:
    """What the requests for one page met."""

    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    interrupted: int = 0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500)

    @property
    def not_ok(self) -> int:
        return sum(count for status, count in self.statuses.items() if status != 200)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """`prevent-docs serve --db DB` on a free loopback port, stopped on exit."""

    def __init__(self, db_path: Path):
        self.port = free_port()
        self.process = subprocess.Popen(
            [str(PREVENT_DOCS), "serve", "--db", str(db_path), "--host", HOST, "--port", str(self.port)],
            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def __enter__(self) -> "Server":
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"prevent-docs serve exited with {self.process.returncode}")
            try:
                status, _ = get(self.port, "/-/versions.json")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("prevent-docs serve did not answer within 120 s")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _timed_get(port: int, path: str) -> tuple[int, bytes, float]:
    started = time.perf_counter()
    status, body = get(port, path)
    return status, body, (time.perf_counter() - started) * 1000


def load(db_path: Path, pages: dict[str, str], *, requests: int = 2000, concurrency: int = 8) -> dict[str, PageLoad]:
    """Send `requests` GETs over `pages` (name to path), round robin, `concurrency` at a time,
    to a fresh `prevent-docs serve` on `db_path`; each page is asked once first to warm it."""
    results = {name: PageLoad() for name in pages}
    order = [name for _, name in zip(range(requests), _cycle(list(pages)))]
    with Server(db_path) as server:
        for path in pages.values():
            get(server.port, path)
        with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
            futures = {pool.submit(_timed_get, server.port, pages[name]): name for name in order}
            for future in concurrent.futures.as_completed(futures):
                page = results[futures[future]]
                try:
                    status, body, ms = future.result()
                except OSError:
                    status, body, ms = 599, b"", float("nan")
                page.statuses[status] = page.statuses.get(status, 0) + 1
                page.latencies_ms.append(ms)
                page.interrupted += status != 200 and (b"SQL Interrupted" in body or b"took too long" in body)
    return results


def _cycle(names: list[str]):
    while True:
        yield from names


def summary(results: dict[str, PageLoad]) -> str:
    """One line for the whole run: requests, 5xx, interrupted, and the slowest page's p95."""
    total = sum(len(page.latencies_ms) for page in results.values())
    slowest = max(results, key=lambda name: results[name].percentile(0.95))
    median = statistics.median(ms for page in results.values() for ms in page.latencies_ms)
    return (f"{total} requests: {sum(p.server_errors for p in results.values())} 5xx, "
            f"{sum(p.interrupted for p in results.values())} SQL Interrupted, "
            f"{sum(p.not_ok for p in results.values())} not 200; median {median:.0f} ms; "
            f"slowest p95 {results[slowest].percentile(0.95):.0f} ms ({slowest})")
