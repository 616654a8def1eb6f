"""The app's own pages in headless Chromium over the real server on the demo corpus: each page
opened, its filters used, its content checked, at 1280 px and at phone width, with every request
off the server refused (the pages need no internet); screenshots are kept in the test's
temporary folder (or in PREVENT_DOCS_SCREENSHOTS, if set) and their paths printed."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from tests.test_browser import PAGE_TIMEOUT_MS, browser, server  # noqa: F401 (fixtures)

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    kept = os.environ.get("PREVENT_DOCS_SCREENSHOTS")
    if kept:
        Path(kept).mkdir(parents=True, exist_ok=True)
        return Path(kept)
    return tmp_path_factory.mktemp("screenshots")


def open_page(browser, server, size):  # noqa: F811
    """A page of the given size that may load nothing but the server's own URLs."""
    page = browser.new_page(viewport=size)
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    refused = []

    def offline(route):
        if route.request.url.startswith(server):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", offline)
    page.refused = refused
    return page


def shoot(page, folder: Path, name: str) -> Path:
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 0
    print(f"screenshot: {path}")
    return path


def fits_width(page) -> bool:
    """True if the page scrolls no wider than the window (wide tables scroll inside their own box)."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.slow
def test_pages_browser_authority_profile_chart(server, browser, screenshots):  # noqa: F811
    for size, name in ((DESKTOP, "authority-1280"), (PHONE, "authority-phone")):
        page = open_page(browser, server, size)
        page.goto(server + "/-/heatmap?year=2023")
        page.get_by_role("link", name="Leicestershire", exact=True).first.click()
        page.wait_for_url("**/-/authority/E10000018")
        assert page.locator("h1").inner_text() == "Leicestershire"
        page.wait_for_function("window.chartView !== undefined")
        points = page.evaluate("chartView.data('scores')")
        venue = {p["year"]: p["score"] for p in points
                 if p["series"] == "Leicestershire" and p["area"] == "venue_hire_it"}
        assert venue == {2022: 3, 2023: 2, 2024: 4}
        assert {p["series"] for p in points} >= {"East Midlands mean", "County mean"}
        labels = page.locator("#chart svg text").all_text_contents()
        assert "Venue hire / IT" in labels and {"3", "2", "4"} <= set(labels)  # numbers drawn on the chart
        assert "Open items (" in page.locator("h2#open").inner_text()
        assert page.locator("a.source").count() > 0  # papers link to their files
        assert fits_width(page), name
        assert page.refused == []
        shoot(page, screenshots, name)
        page.close()


@pytest.mark.slow
def test_pages_browser_open_list_filters_and_thread(server, browser, screenshots):  # noqa: F811
    page = open_page(browser, server, DESKTOP)
    page.goto(server + "/-/open")
    everything = int(page.locator("#count").inner_text().split()[0])
    options = page.locator("#authority-list option").evaluate_all("os => os.map(o => o.value)")
    assert "Leicestershire" in options  # the type-ahead list
    page.fill("#authority", "Leicestershire")
    page.select_option("#area", "training")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/-/open?authority=Leicestershire&area=training*")
    shown = int(page.locator("#count").inner_text().split()[0])
    assert 0 < shown < everything
    assert page.locator("section.authority-group h2").all_inner_texts()[0].startswith("Leicestershire")
    item = page.locator("details.item", has_text="training strategy")
    assert "since 2023-06-30" in item.locator("summary").inner_text()
    item.locator("summary").click()
    thread = item.locator("ol.timeline")
    assert thread.is_visible()
    assert "2023-06-30" in thread.inner_text() and "training strategy" in thread.inner_text()
    assert "Latest evidence" in item.inner_text() and item.locator("blockquote.quote").count() >= 1
    assert item.locator("a.source").first.get_attribute("href").startswith("/-/source/")
    shoot(page, screenshots, "open-leicestershire-training-1280")

    csv_text = page.request.get(server + page.locator("a#csv").get_attribute("href")).text()
    table = list(csv.DictReader(io.StringIO(csv_text)))
    assert len(table) == shown and {row["area"] for row in table} == {"training"}

    page.goto(server + "/-/open?overdue=1")
    overdue = page.locator("details.item")
    assert overdue.count() > 0 and overdue.count() == overdue.locator(".tag.overdue").count()
    assert page.refused == []
    page.close()

    phone = open_page(browser, server, PHONE)
    phone.goto(server + "/-/open?authority=Leicestershire&area=training")
    phone.locator("details.item summary").first.click()
    assert fits_width(phone)
    shoot(phone, screenshots, "open-leicestershire-training-phone")
    phone.close()


@pytest.mark.slow
def test_pages_browser_heatmap_filters_latest_and_change(server, browser, screenshots):  # noqa: F811
    page = open_page(browser, server, DESKTOP)
    page.goto(server + "/-/heatmap")
    assert page.locator("h1").inner_text() == "Benchmark heatmap: 2023"  # most authorities scored
    scored = page.locator("table.heatmap td[data-score]:not([data-score=''])")
    assert scored.count() >= 8 * 10
    texts = scored.locator("a").all_inner_texts()
    assert all(text.split()[0] in "12345" for text in texts)  # the number is in every scored cell
    colours = {scored.nth(i).evaluate("cell => getComputedStyle(cell).backgroundColor")
               for i in range(scored.count())}
    assert len(colours) > 2
    shoot(page, screenshots, "heatmap-2023-1280")

    page.select_option("#region", "East Midlands")
    page.select_option("#tier", "county")
    page.check("#change")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**region=East+Midlands*")
    authorities = page.locator("table.heatmap tbody th.authority").all_inner_texts()
    assert "Leicestershire" in authorities and "Rutland" not in authorities
    venue = page.locator("tr", has_text="Leicestershire").locator("td[data-area=venue_hire_it]")
    assert venue.get_attribute("data-change") == "-1" and venue.inner_text().split() == ["2", "-1"]
    shoot(page, screenshots, "heatmap-east-midlands-counties-change-1280")

    page.select_option("#year", "latest")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**year=latest*")
    venue = page.locator("tr", has_text="Leicestershire").locator("td[data-area=venue_hire_it]")
    assert venue.inner_text().split()[:2] == ["4", "2024"]
    assert page.refused == []
    page.close()

    phone = open_page(browser, server, PHONE)
    phone.goto(server + "/-/heatmap")
    assert fits_width(phone)  # the table scrolls in its own box, the authority column stays
    shoot(phone, screenshots, "heatmap-phone")
    phone.close()


@pytest.mark.slow
def test_pages_browser_search_everything(server, browser, screenshots):  # noqa: F811
    page = open_page(browser, server, DESKTOP)
    page.goto(server + "/")
    assert page.locator("nav a[href='/-/search']").count() == 1  # in the site menu, beside the others
    assert page.locator("nav a[href='/-/open']").count() == 1
    page.goto(server + "/-/search")
    page.fill("#q", "venue hire")
    page.locator("#q").press("Enter")
    page.wait_for_url("**/-/search?q=venue+hire")
    headings = page.locator(".results h2").all_inner_texts()
    assert [h.split(" (")[0] for h in headings] == ["Passages", "Recommendations", "Actions", "Owners", "Figures"]
    for kind in ("passages", "recommendations", "actions"):
        assert int(page.locator(f"section#{kind}").get_attribute("data-count")) > 0
        assert page.locator(f"section#{kind} li").count() > 0
    assert page.locator("section#recommendations a[href^='/-/authority/']").count() > 0
    assert page.refused == []
    shoot(page, screenshots, "search-venue-hire-1280")
    page.close()

    phone = open_page(browser, server, PHONE)
    phone.goto(server + "/-/search?q=training")
    assert fits_width(phone)
    shoot(phone, screenshots, "search-training-phone")
    phone.close()
