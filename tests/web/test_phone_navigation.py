"""On a 390 px phone the site's navigation sits behind « Menu » and its links wrap when opened:
neither the page nor the menu scrolls sideways, in both languages, on the overview, the
Francophonie page, a country and a mission. On a wide screen the links are always shown. In
real Chromium, on the shipped history; screenshots go to /tmp/e2e/."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from pkobs.i18n import Locale
from pkobs.settings import Language
from tests.web.chromium import browser_marks, guarded_page, shot

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = browser_marks

PHONE = {"width": 390, "height": 844}
PAGES = {
    "overview": "/",
    "francophonie": "/francophonie",
    "country": "/countries/SEN",
    "mission": "/missions/MONUSCO",
}


def sideways(page: Page) -> tuple[int, int]:
    """The document's width and the window's: the page scrolls sideways when the first is larger."""
    widths: list[int] = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return widths[0], widths[1]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_phone_menu_wraps_and_nothing_scrolls_sideways(
    history_server: str, browser: Browser, lang: Language, name: str
) -> None:
    with guarded_page(browser, width=PHONE["width"], height=PHONE["height"]) as (page, _):
        page.goto(f"{history_server}/{lang}{PAGES[name]}")
        page.wait_for_load_state("networkidle")
        document, window = sideways(page)
        assert document <= window, f"{name} scrolls sideways ({document}px in {window}px)"
        menu = page.locator("nav summary")
        assert menu.is_visible() and menu.inner_text().strip() == Locale(lang).t("nav.menu")
        links = page.locator("nav .nav a")
        assert links.count() == 14
        assert not links.first.is_visible()  # closed: the page's figures come first
        menu.click()
        for index in range(links.count()):
            box = links.nth(index).bounding_box()
            assert box is not None and links.nth(index).is_visible()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], index
            assert box["height"] >= 24  # a finger-sized target
        inner, outer = page.locator("nav .nav").evaluate("n => [n.scrollWidth, n.clientWidth]")
        assert inner <= outer, "the opened menu scrolls sideways"
        document, window = sideways(page)
        assert document <= window, f"{name} with its menu open scrolls sideways ({document}px)"
        shot(page, f"phone-menu-{name}-{lang}")
        current = page.locator("nav .nav a[aria-current='page']")
        if name in ("overview", "francophonie"):
            assert current.count() == 1
        links.nth(3).click()  # the missions list, reached from the menu
        page.wait_for_url(f"**/{lang}/missions")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_wide_screen_shows_every_link_without_a_menu(
    history_server: str, browser: Browser, lang: Language
) -> None:
    with guarded_page(browser, width=1280, height=900) as (page, _):
        page.goto(f"{history_server}/{lang}/")
        assert not page.locator("nav summary").is_visible()
        links = page.locator("nav .nav a")
        assert all(links.nth(i).is_visible() for i in range(links.count()))
        page.click(f"nav a[href='/{lang}/training-centres']")
        page.wait_for_url(f"**/{lang}/training-centres")
