"""One offline-guarded headless Chromium for every browser test (Debian's package, driven by
Playwright).

Every request that does not go to 127.0.0.1 is aborted and recorded, and every console error or
uncaught page error is recorded; :func:`guarded_page` fails the test at the end when either list
is not empty: the site must work offline and without script errors. The fixtures ``browser``
and ``page_and_log`` are registered for all of tests/web by its conftest.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import pytest

from pkobs.settings import Language

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOST = "127.0.0.1"
CHART_TIMEOUT_MS = 20_000
BROWSER_LOCALES = {"fr": "fr-FR", "en": "en-GB"}  # what the browser's own widgets speak
SHOTS = Path("/tmp/e2e")  # screenshots of the issue-13 tests, for people to look at

requires_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian chromium is not installed"
)
browser_marks = [pytest.mark.browser, requires_chromium]


class Recorder:
    """What a page did that it must not: requests leaving 127.0.0.1, console and page errors."""

    def __init__(self) -> None:
        self.blocked: list[str] = []
        self.errors: list[str] = []

    def check(self) -> None:
        assert self.blocked == [], f"requests left {LOCAL_HOST}: {self.blocked}"
        assert self.errors == [], f"console errors: {self.errors}"


@contextmanager
def launched() -> Iterator[Browser]:
    """Debian's Chromium, headless, with its background networking off."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def guarded_page(
    browser: Browser,
    locale: str | None = None,
    width: int = 1280,
    height: int = 900,
    **context_options: Any,
) -> Iterator[tuple[Page, Recorder]]:
    """A new page in a fresh context whose requests may only reach 127.0.0.1; asserts at the end
    that nothing was blocked and no console error was logged."""
    options: dict[str, Any] = {"viewport": {"width": width, "height": height}, **context_options}
    if locale is not None:
        options["locale"] = locale
    context = browser.new_context(**options)
    log = Recorder()

    def guard(route: Route) -> None:
        if urlparse(route.request.url).hostname == LOCAL_HOST:
            route.continue_()
        else:
            log.blocked.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on("console", lambda m: log.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: log.errors.append(str(e)))
    try:
        yield page, log
    finally:
        context.close()
    log.check()


def wait_for_charts(page: Page) -> None:
    """Every Plotly chart of the page drawn (``data-drawn`` set by charts.js, an SVG inside)."""
    page.wait_for_selector(".chart[data-drawn='true']", timeout=CHART_TIMEOUT_MS)
    count = page.locator(".chart").count()
    assert page.locator(".chart[data-drawn='true']").count() == count
    assert page.locator(".chart .main-svg").count() >= count  # Plotly really drew


def shot(page: Page, name: str) -> Path:
    """A full-page screenshot in :data:`SHOTS`; returns its path."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def chart_data(page: Page, chart_id: str) -> list[dict[str, Any]]:
    """The traces Plotly drew in ``#chart_id`` (``name``, ``x``, ``y``), read from the page."""
    page.wait_for_selector(f"#{chart_id}[data-drawn='true']", timeout=CHART_TIMEOUT_MS)
    traces: list[dict[str, Any]] = page.evaluate(
        "id => document.getElementById(id).data.map(t => ({name: t.name, x: t.x, y: t.y}))",
        chart_id,
    )
    return traces


def phone_width_fits(page: Page, width: int = 390, height: int = 844) -> int:
    """Reloads the page at a phone's size; returns how wide the document is (should be <= width)."""
    page.set_viewport_size({"width": width, "height": height})
    page.reload()
    scroll_width: int = page.evaluate("document.documentElement.scrollWidth")
    return scroll_width


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launched() as one:
        yield one


@pytest.fixture(params=["fr", "en"])
def lang(request: pytest.FixtureRequest) -> Language:
    """Each language in turn (a test that parametrizes ``lang`` itself overrides it)."""
    value: Language = request.param
    return value


@pytest.fixture
def page(browser: Browser, lang: Language) -> Iterator[Page]:
    """A guarded page whose browser speaks ``lang`` (its own widgets and Accept-Language)."""
    with guarded_page(browser, locale=BROWSER_LOCALES[lang]) as (one, _):
        yield one


@pytest.fixture
def page_and_log(browser: Browser) -> Iterator[tuple[Page, Recorder]]:
    """A guarded page with a French browser (Accept-Language fr-FR) that accepts downloads."""
    with guarded_page(browser, locale="fr-FR", accept_downloads=True) as pair:
        yield pair


__all__ = [
    "ARGS",
    "BROWSER_LOCALES",
    "CHROMIUM",
    "SHOTS",
    "Recorder",
    "browser",
    "browser_marks",
    "chart_data",
    "guarded_page",
    "lang",
    "launched",
    "page",
    "page_and_log",
    "phone_width_fits",
    "requires_chromium",
    "shot",
    "wait_for_charts",
]
