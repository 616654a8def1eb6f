"""End to end: `prevent-docs serve` on a free local port, driven by headless Chromium.

Uses Debian's /usr/bin/chromium through Playwright's bundled driver (no browser download);
skips, saying why, where either is missing.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: Seconds to wait for the server to answer, and for a page to load.
STARTUP_TIMEOUT = 60
PAGE_TIMEOUT_MS = 30_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    pytest.fail(f"serve did not answer {url} within {STARTUP_TIMEOUT}s:\n{log.read_text()}")


@pytest.fixture
def server(ingested_db, tmp_path):
    """The real server over the ingested corpus, in a subprocess; yields its base URL."""
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "prevent_docs", "serve", "--db", str(ingested_db), "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/-/versions.json", process, log)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's chromium (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.mark.slow
def test_browser_search_passages_and_open_the_heatmap(server, browser, tmp_path):
    page = browser.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)

    page.goto(server + "/")
    assert page.locator("h1").inner_text() == "Prevent duty papers"
    page.goto(server + "/prevent/passages")
    page.fill("input#_search", "Channel panel")
    page.locator("input#_search").press("Enter")
    page.wait_for_url("**_search=Channel*")
    assert "where search matches" in page.locator("h3").first.inner_text()
    cells = page.locator("td.col-text").all_inner_texts()
    assert "Channel Panel" in " ".join(cells[0].split())  # the first paper's first match (a table cell)
    source = page.locator("td.col-document_id a.source").first
    assert source.get_attribute("href").startswith("/-/source/")
    page.screenshot(path=str(tmp_path / "search.png"), full_page=True)

    page.goto(server + "/-/heatmap")
    assert page.locator("h1").inner_text().startswith("Benchmark heatmap: ")
    headers = page.locator("table.heatmap thead th").all_inner_texts()
    assert headers[2] == "Risk assessment" and headers[9] == "Venue hire / IT"
    scored = page.locator("table.heatmap td[data-score]:not([data-score=''])")
    assert scored.count() > 0
    colours = {scored.nth(i).evaluate("cell => getComputedStyle(cell).backgroundColor")
               for i in range(scored.count())}
    assert len(colours) > 1  # cells are coloured by score
    page.screenshot(path=str(tmp_path / "heatmap.png"), full_page=True)
    assert (tmp_path / "heatmap.png").stat().st_size > 0

    scored.first.locator("a").click()
    page.wait_for_url("**/prevent/benchmarks?*")
    assert "benchmarks" in page.title()
