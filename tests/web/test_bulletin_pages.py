"""The site's HTML bulletins as a browser shows them: styled and with their charts, under a
Content-Security-Policy that allows exactly what a bulletin holds (its one inline style, its
charts as data: URIs) and nothing else (the site's own policy would block both)."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from tests.web.chromium import guarded_page, requires_chromium

if TYPE_CHECKING:
    from playwright.sync_api import Browser


def inline_style_hash(html: str) -> str:
    match = re.search(r"<style>(.*?)</style>", html, re.DOTALL)
    assert match is not None, "the bulletin has no inline style"
    return base64.b64encode(hashlib.sha256(match.group(1).encode()).digest()).decode()


def test_an_html_bulletin_allows_its_own_style_and_charts_only(api: httpx.Client) -> None:
    html = api.get("/en/bulletins/2014-02.html")
    assert html.status_code == 200
    policy = html.headers["content-security-policy"]
    assert f"style-src 'sha256-{inline_style_hash(html.text)}'" in policy
    assert "default-src 'none'" in policy and "img-src data:" in policy
    assert "script-src" not in policy and "unsafe" not in policy
    assert html.text.count('<img src="data:image/png;base64,') == 4
    site = api.get("/en/bulletins")  # the site's pages keep the site's policy
    assert site.headers["content-security-policy"].startswith("default-src 'self'")


@pytest.mark.browser
@requires_chromium
def test_html_bulletins_are_styled_and_show_their_charts_in_chromium(
    history_server: str, browser: Browser, artifacts: Path
) -> None:
    """A console error (a refused style or image is one) fails the test (``guarded_page``)."""
    with guarded_page(browser) as (page, _):
        for lang in ("fr", "en"):
            page.goto(f"{history_server}/{lang}/bulletins/2014-02.html")
            widths = page.evaluate("[...document.images].map(image => image.naturalWidth)")
            assert widths == [1260] * 4, widths  # every chart decoded, 16 cm at 200 dpi
            font = page.evaluate("getComputedStyle(document.body).fontFamily")
            assert font.startswith('"DejaVu Sans"'), font  # the bulletin's style applied
            cover = page.evaluate("getComputedStyle(document.querySelector('.cover')).color")
            assert cover == "rgb(255, 255, 255)"
            page.screenshot(path=str(artifacts / f"web-bulletin-2014-02.{lang}.png"))
