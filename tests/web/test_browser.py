"""End-to-end flows in real headless Chromium (Debian's package) against a real uvicorn server.

Every request that does not go to 127.0.0.1 is blocked and recorded: the site must work offline
(tests/web/chromium.py, shared by every browser test).
Screenshots go to artifacts/ for people to look at.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from tests.web.chromium import (
    ARGS,
    CHROMIUM,
    Recorder,
    browser,
    browser_marks,
    guarded_page,
    page_and_log,
    wait_for_charts,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = browser_marks

# the shared browser helpers, importable from here too (tests/web/test_small_things.py does)
__all__ = ["ARGS", "CHROMIUM", "Recorder", "browser", "page_and_log", "wait_for_charts"]


def test_french_overview_then_english(
    live_server: str, page_and_log: tuple[Page, Recorder], artifacts: Path
) -> None:
    page, _ = page_and_log
    page.goto(live_server + "/")
    assert page.url == live_server + "/fr/"  # Accept-Language fr-FR
    assert page.get_attribute("html", "lang") == "fr"
    assert page.locator("h1").inner_text() == "Vue d’ensemble"
    wait_for_charts(page)
    page.screenshot(path=str(artifacts / "web-overview-fr.png"), full_page=True)
    page.click("a.lang-switch")
    page.wait_for_url(live_server + "/en/")
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("h1").inner_text() == "Overview"
    wait_for_charts(page)
    page.screenshot(path=str(artifacts / "web-overview-en.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    wait_for_charts(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    page.screenshot(path=str(artifacts / "web-overview-phone.png"), full_page=True)


def test_keyboard_skip_link(live_server: str, page_and_log: tuple[Page, Recorder]) -> None:
    page, _ = page_and_log
    page.goto(live_server + "/en/about")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_country_profile_from_the_ranking(
    live_server: str, page_and_log: tuple[Page, Recorder], artifacts: Path
) -> None:
    page, _ = page_and_log
    page.goto(live_server + "/en/contributors")
    first = page.locator("table.ranking tbody tr").first
    name = first.locator("th a").inner_text()
    first.locator("th a").click()
    page.wait_for_url("**/en/countries/*")
    assert page.locator("h1").inner_text().startswith(name)
    wait_for_charts(page)
    # military and police stacked (the height is the total), years on the axis (not "2009-01")
    chart = page.locator("#country-history")
    assert chart.evaluate("el => el._fullLayout.barmode") == "stack"
    years = chart.locator(".xtick text").all_text_contents()
    assert len(years) >= 3 and all(re.fullmatch(r"(19|20)\d\d", year) for year in years), years
    assert page.locator("#groups-title").is_visible()
    page.screenshot(path=str(artifacts / "web-country.png"), full_page=True)
    page.click("a.lang-switch")
    page.wait_for_url("**/fr/countries/*")  # the switch stays on the same page


def test_change_period_then_download_csv(
    live_server: str, page_and_log: tuple[Page, Recorder], artifacts: Path
) -> None:
    page, _ = page_and_log
    page.goto(live_server + "/en/")
    wait_for_charts(page)
    # the month pickers (month-picker.js): a month and a year list each
    for name, month in (("from", "01"), ("to", "12")):
        picker = f"[data-month-picker]:has(select[name={name}])"
        page.select_option(f"{picker} select[data-part=year]", "2012")
        page.select_option(f"{picker} select[data-part=month]", month)
    page.select_option("select[name=status]", "member")
    page.click(".period-form button[type=submit]")
    page.wait_for_url("**/en/?*from=2012-01*")
    assert "to=2012-12" in page.url and "status=member" in page.url
    wait_for_charts(page)
    points = page.evaluate("document.getElementById('share-trend').data[0].x.length")
    assert points == 12
    page.screenshot(path=str(artifacts / "web-overview-2012.png"), full_page=True)
    reopened = page.url
    page.goto(live_server + "/fr/")
    page.goto(reopened)  # the link reopens the same view
    assert page.input_value("select[name=from]") == "2012-01"

    with page.expect_download() as download_info:
        page.locator("#share-trend-title").locator("..").locator("a.csv-link").click()
    path = download_info.value.path()
    rows = list(csv.DictReader(io.StringIO(Path(path).read_text(encoding="utf-8"))))
    api = httpx.get(
        live_server + "/api/v1/indicators/share",
        params={"group": "oif", "status": "member", "from": "2012-01", "to": "2012-12"},
    ).json()["rows"]
    assert len(rows) == len(api) == 36
    for from_csv, from_api in zip(rows, api, strict=True):
        assert from_csv["month"] == from_api["month"]
        assert int(from_csv["group_personnel"]) == from_api["group_personnel"]
        assert int(from_csv["total_personnel"]) == from_api["total_personnel"]
        assert float(from_csv["share"]) == pytest.approx(from_api["share"])
    block = page.locator("#share-trend-title").locator("..")
    block.locator("details summary").click()  # open the accessible data table
    table_text = block.locator("table").inner_text()
    first_api = next(r for r in api if r["category"] == "all")
    assert f"{first_api['total_personnel']:,}" in table_text


def test_senior_posts_filter_by_mission_and_post(
    live_server: str, page_and_log: tuple[Page, Recorder], artifacts: Path
) -> None:
    page, _ = page_and_log
    page.goto(live_server + "/fr/")
    page.click("nav a[href='/fr/senior-posts']")
    page.wait_for_url("**/fr/senior-posts")
    assert page.locator("h1").inner_text() == "Postes de direction des missions"
    wait_for_charts(page)
    traces = page.evaluate("document.getElementById('senior-posts-share').data.length")
    assert traces == 4
    assert page.locator("#current-title").is_visible()
    assert page.locator(".tag-uncertain").first.is_visible()  # the flag is shown, in words
    page.screenshot(path=str(artifacts / "web-senior-posts-fr.png"), full_page=True)
    page.select_option("select[name=mission]", "MONUSCO")
    page.select_option("select[name=post]", "force_commander")
    page.click(".period-form button[type=submit]")
    page.wait_for_url("**/fr/senior-posts?*mission=MONUSCO*")
    wait_for_charts(page)
    assert page.evaluate("document.getElementById('senior-posts-share').data.length") == 1
    holders = page.locator("section[aria-labelledby='current-title'] tbody tr")
    assert holders.count() == 1
    assert "Ulisses de Mesquita Gomes" in holders.first.inner_text()
    page.screenshot(path=str(artifacts / "web-senior-posts-monusco.png"), full_page=True)
    page.click("a.lang-switch")
    page.wait_for_url("**/en/senior-posts?*mission=MONUSCO*")
    assert page.locator("select[name=post]").input_value() == "force_commander"
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    wait_for_charts(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    page.screenshot(path=str(artifacts / "web-senior-posts-phone.png"), full_page=True)


@pytest.mark.parametrize(
    "path",
    [
        "/fr/training-centres",
        "/en/missions/MONUSCO",
        "/fr/countries/SEN",
        "/fr/missions",
        "/fr/missions/MINUSTAH",
        "/en/gender",
        "/fr/compare",
        "/fr/data",
        "/en/methodology",
    ],
)
def test_other_pages_in_the_browser(
    live_server: str, page_and_log: tuple[Page, Recorder], artifacts: Path, path: str
) -> None:
    page, _ = page_and_log
    page.goto(live_server + path)
    if page.locator(".chart").count():
        wait_for_charts(page)
    name = path.strip("/").replace("/", "-")
    page.screenshot(path=str(artifacts / f"web-{name}.png"), full_page=True)


def test_the_guard_blocks_other_hosts_and_records_console_errors(browser: Browser) -> None:
    guarded = guarded_page(browser)
    page, log = guarded.__enter__()
    try:  # a blank page: no site's Content-Security-Policy stops the request before the guard
        page.set_content('<img src="http://192.0.2.1/x.png"><script>console.error("boom")</script>')
        page.wait_for_timeout(500)
        assert log.blocked == ["http://192.0.2.1/x.png"]
        assert "boom" in log.errors
    finally:
        with pytest.raises(AssertionError, match=r"requests left 127\.0\.0\.1"):
            guarded.__exit__(None, None, None)
