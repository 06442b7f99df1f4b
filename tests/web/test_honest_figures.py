"""Issue 13 point 4 (honest figures) as a reader sees it, in real headless Chromium, in French and
in English, on a real server over the shipped history (1990-2025): a member that sends nobody is a
zero with the month it stopped; a contingent missing for one month between two present months
(France in UNIFIL, June 2012) is drawn as a gap, said in words and kept out of the alerts;
senior-post shares come with their n and the registry's completeness; ``kind=pko`` counts
peacekeeping operations only; every page says when the latest month is more than three months
old.

Expected figures come from the open API (another path to the same data). Screenshots go to
/tmp/e2e.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from pkobs.i18n import Locale
from pkobs.settings import Language
from tests.web.chromium import (
    browser_marks,
    chart_data,
    phone_width_fits,
    shot,
    wait_for_charts,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = browser_marks

LAST_MONTH = dt.date(2025, 7, 31)  # the shipped history's latest month
JUNE_2012 = dt.date(2012, 6, 30)
SENIOR_PERIOD = {"from": "2009-01", "to": "2026-12"}  # what the senior-posts page shows
POSTS_DRAWN = ("all", "head_of_mission", "force_commander", "police_commissioner")  # in order
STALE_PAGES = ["/", "/francophonie", "/contributors", "/gender", "/map", "/methodology"]


def indicator(api: httpx.Client, name: str, **params: str) -> list[dict[str, Any]]:
    response = api.get(f"/api/v1/indicators/{name}", params=params)
    assert response.status_code == 200, response.text
    rows: list[dict[str, Any]] = response.json()["rows"]
    return rows


def at(trace: dict[str, Any], month: str) -> Any:
    """The value a chart trace draws at ``month`` (``YYYY-MM``)."""
    return trace["y"][trace["x"].index(month)]


# --- zeros that say since when ---------------------------------------------------------------


def test_a_member_sending_nobody_is_a_zero_with_the_month_it_stopped(
    page: Page, lang: Language, history_server: str
) -> None:
    words = {
        "fr": (
            "n’a envoyé personne depuis décembre 2010",
            "n’a envoyé personne depuis novembre 2023",
        ),
        "en": ("has sent nobody since December 2010", "has sent nobody since November 2023"),
    }[lang]
    page.goto(f"{history_server}/{lang}/francophonie?month=2014-02")
    congo = page.locator("#not-contributing li[data-iso3='COG']")
    assert congo.is_visible() and words[0] in congo.inner_text()
    shot(page, f"francophonie-zeros-{lang}")
    page.goto(f"{history_server}/{lang}/countries/LUX")
    summary = page.locator("#country-history-summary").inner_text()
    assert words[1] in summary
    assert Locale(lang).month(LAST_MONTH) in summary  # "0 in July 2025, the latest month"
    total = next(t for t in chart_data(page, "country-history") if t["y"][-1] is not None)
    assert at(total, "2025-07") == 0  # drawn as a zero, not a gap
    assert at(total, "2023-10") > 0
    zero = {"fr": "un zéro, non une donnée manquante", "en": "a zero, not missing data"}[lang]
    assert zero in page.locator("section[aria-labelledby='by-mission']").inner_text()
    shot(page, f"country-lux-{lang}")
    page.goto(f"{history_server}/{lang}/countries/MCO")  # never sent anyone: zero every month
    never = {"fr": "zéro chaque mois, et non une donnée manquante", "en": "a zero every month"}
    assert never[lang] in page.locator("#country-history-summary").inner_text()


# --- probable source gaps --------------------------------------------------------------------


def test_a_missing_contingent_is_a_gap_in_the_chart_and_said_in_words(
    page: Page, lang: Language, history_server: str
) -> None:
    locale = Locale(lang)
    june = locale.month(JUNE_2012)
    unifil = {"fr": "FINUL", "en": "UNIFIL"}[lang]
    page.goto(f"{history_server}/{lang}/countries/FRA")
    wait_for_charts(page)
    traces = chart_data(page, "country-history")
    assert traces and all(at(t, "2012-06") is None for t in traces)  # a gap, not a drop
    assert all(at(t, "2012-05") is not None and at(t, "2012-07") is not None for t in traces)
    notes = page.locator(".chart-note").all_inner_texts()
    note = next(n for n in notes if june in n)
    assert f"({unifil})" in note and locale.number(1061) in note and locale.number(971) in note
    shot(page, f"country-fra-gap-{lang}")

    page.goto(f"{history_server}/{lang}/missions/UNIFIL")
    share = chart_data(page, "mission-gap")
    assert at(share[0], "2012-06") is None and at(share[0], "2012-05") is not None
    france = {"fr": "France", "en": "France"}[lang]
    assert any(
        june in n and f"({france})" in n for n in page.locator(".chart-note").all_inner_texts()
    )
    shot(page, f"mission-unifil-gap-{lang}")

    page.goto(f"{history_server}/{lang}/francophonie?month=2012-06")
    assert f"France × {unifil}" in page.locator("main").inner_text()
    assert unifil not in page.locator("#gap-summary").inner_text()  # not named as a finding


def test_a_missing_contingent_is_not_an_alert(page: Page, history_server: str) -> None:
    """France's 1,061 UNIFIL personnel of May 2012 and nobody in June would be an alert (over
    100 and 20 %) twice over; as a probable source gap it is none."""
    period = "from=2012-04&to=2012-09"
    page.goto(f"{history_server}/api/v1/indicators/alerts?group=oif&{period}")
    rows = json.loads(page.locator("body").inner_text())["rows"]
    assert rows  # other alerts of those months are there
    assert all(r["key"] not in ("FRA", "UNIFIL") for r in rows), rows
    page.goto(f"{history_server}/api/v1/indicators/alerts?group=oif&{period}&mission=UNIFIL")
    assert json.loads(page.locator("body").inner_text())["rows"] == []


# --- senior posts ----------------------------------------------------------------------------


def test_senior_post_shares_come_with_their_n_and_the_completeness(
    page: Page, lang: Language, history_server: str, api: httpx.Client
) -> None:
    locale = Locale(lang)
    latest = indicator(api, "senior-posts", group="oif", **SENIOR_PERIOD)
    last = max(r["month"] for r in latest if r["posts_expected"])
    now = next(r for r in latest if r["month"] == last and r["post"] == "all")
    # the shipped registry in December 2025 (MONUSCO's police commissioner known since 25 Nov 2025)
    assert (now["posts_held_by_group"], now["posts_filled"], now["posts_expected"]) == (10, 23, 26)
    page.goto(f"{history_server}/{lang}/senior-posts")
    wait_for_charts(page)
    figures = page.locator("section[aria-labelledby='senior-figures'] dd").all_inner_texts()
    share = next(f for f in figures if f.startswith(locale.share(now["share"])))
    assert locale.number(now["posts_held_by_group"]) in share
    assert locale.number(now["posts_filled"]) in share  # the n
    complete = next(f for f in figures if f.startswith(locale.share(now["completeness"])))
    assert locale.number(now["posts_filled"]) in complete
    assert locale.number(now["posts_expected"]) in complete

    coverage = page.locator("section[aria-labelledby='coverage-title'] tbody tr")
    first = coverage.first.locator("td").all_inner_texts()
    rows = [r for r in latest if r["post"] == "all"]
    expected = sum(r["posts_expected"] or 0 for r in rows)
    filled = sum(r["posts_filled"] or 0 for r in rows)
    assert [first[0], first[1], first[2]] == [
        locale.number(expected),
        locale.number(filled),
        locale.share(filled / expected),
    ]
    # each point is the share of posts with a known holder; a month without one is a gap
    traces = chart_data(page, "senior-posts-share")
    police = traces[3]  # all three posts, head of mission, force commander, police commissioner
    assert police["name"].lower() == locale.t("value.post.police_commissioner").lower()
    for trace, post in ((traces[0], "all"), (police, "police_commissioner")):
        by_month = {r["month"][:7]: r for r in latest if r["post"] == post}
        assert len(trace["x"]) > 100
        for month, value in zip(trace["x"], trace["y"], strict=True):
            row = by_month[month]
            if row["posts_filled"]:
                assert value == pytest.approx(row["posts_held_by_group"] / row["posts_filled"])
            else:
                assert value is None, month
    # the coverage table fits its own box on a laptop (its last column was cut off at 1280 px)
    box = page.locator("section[aria-labelledby='coverage-title'] .table-scroll")
    inner, outer = box.evaluate("b => [b.scrollWidth, b.clientWidth]")
    assert inner <= outer
    last = box.locator("thead th").last.bounding_box()
    visible = box.bounding_box()
    assert last is not None and visible is not None
    assert last["x"] + last["width"] <= visible["x"] + visible["width"] + 1
    shot(page, f"senior-posts-{lang}")
    assert phone_width_fits(page) <= 390
    inner, outer = box.evaluate("b => [b.scrollWidth, b.clientWidth]")
    assert inner <= outer  # on a phone, one labelled block per post


def hover_label(page: Page, chart_id: str, trace: int, point: int, month: str) -> str:
    """The hover label Plotly shows when the mouse rests on point ``point`` of trace ``trace``
    (the real mouse, moved onto the point's pixel), once it names ``month`` (Plotly throttles
    its hovers: the label of a point passed on the way may still be shown)."""
    chart = page.locator(f"#{chart_id}")
    chart.scroll_into_view_if_needed()
    x, y = chart.evaluate(
        """(el, [trace, point]) => {
            const layout = el._fullLayout, data = el.data[trace];
            return [layout.xaxis.l2p(layout.xaxis.d2l(data.x[point])) + layout._size.l,
                    layout.yaxis.l2p(data.y[point]) + layout._size.t];
        }""",
        [trace, point],
    )
    box = chart.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + x - 40, box["y"] + y - 40)
    page.mouse.move(box["x"] + x, box["y"] + y, steps=5)
    page.wait_for_function(
        """([id, month]) => Array.from(document.querySelectorAll(`#${id} .hovertext`))
            .some(t => t.textContent.includes(month))""",
        arg=[chart_id, month],
        timeout=5_000,
    )
    label = page.locator(f"#{chart_id} .hoverlayer .hovertext")
    return " ".join(label.first.locator("text.nums tspan").all_text_contents())


def test_each_senior_post_share_hovers_with_its_n(
    page: Page, lang: Language, history_server: str, api: httpx.Client
) -> None:
    """A share of 0 % may rest on very few known holders: the hover says how many (police
    commissioners, November - December 2025: 0 of 2 known, MONUSCO's and UNMISS's, neither
    counted for the OIF)."""
    locale = Locale(lang)
    rows = indicator(api, "senior-posts", group="oif", **SENIOR_PERIOD)
    page.goto(f"{history_server}/{lang}/senior-posts")
    wait_for_charts(page)
    texts: list[list[str | None]] = page.evaluate(
        "() => document.getElementById('senior-posts-share').data.map(t => t.text)"
    )
    traces = chart_data(page, "senior-posts-share")
    for trace, text, post in zip(traces, texts, POSTS_DRAWN, strict=True):
        by_month = {r["month"][:7]: r for r in rows if r["post"] == post}
        for month, value, note in zip(trace["x"], trace["y"], text, strict=True):
            row = by_month[month]
            if value is None:
                assert note is None, (post, month)
                continue
            assert note == locale.plural(
                "senior.hover_n",
                row["posts_filled"],
                held=locale.number(row["posts_held_by_group"]),
                filled=locale.number(row["posts_filled"]),
            )
    police, known = traces[3], {r["month"][:7]: r for r in rows if r["post"] == POSTS_DRAWN[3]}
    lone = [
        i
        for i, (month, value) in enumerate(zip(police["x"], police["y"], strict=True))
        if value == 0 and known[month]["posts_filled"] == 2
    ]
    assert lone, "no month where the police commissioner share is 0 % of two known holders"
    year, month = police["x"][lone[0]].split("-")
    # the month in the page's language ("novembre 2025" / "November 2025"), never "2025-11"
    shown = locale.month(dt.date(int(year), int(month), 1))
    label = hover_label(page, "senior-posts-share", 3, lone[0], shown)
    n = {"fr": "0 sur 2 postes au titulaire connu", "en": "0 of 2 posts with a known holder"}[lang]
    assert label == f"{shown} {locale.share(0.0)} {n}"
    shot(page, f"senior-posts-hover-{lang}")


# --- peacekeeping operations only ------------------------------------------------------------


def test_kind_pko_counts_peacekeeping_operations_only(
    page: Page, lang: Language, history_server: str, api: httpx.Client
) -> None:
    locale = Locale(lang)
    every = indicator(api, "share", group="oif", **{"from": "2025-07", "to": "2025-07"})
    pko = indicator(api, "share", group="oif", kind="pko", **{"from": "2025-07", "to": "2025-07"})
    every_all = next(r for r in every if r["category"] == "all")
    pko_all = next(r for r in pko if r["category"] == "all")
    assert (pko_all["group_personnel"], pko_all["total_personnel"]) == (19297, 59913)
    assert pko_all["total_personnel"] < every_all["total_personnel"] == 61127
    page.goto(f"{history_server}/{lang}/?from=2025-01&to=2025-07&kind=pko")
    wait_for_charts(page)
    summary = page.locator("#share-trend-summary").inner_text()
    assert locale.number(pko_all["total_personnel"]) in summary
    assert locale.number(pko_all["group_personnel"]) in summary
    assert locale.share(pko_all["share"]) in summary
    trend = chart_data(page, "share-trend")[0]
    assert trend["y"][-1] == pytest.approx(pko_all["share"])
    # the key figures above the charts count the same missions, and the page says so
    figures = page.locator("dl.figures").inner_text()
    assert locale.number(pko_all["total_personnel"]) in figures
    assert locale.share(pko_all["share"]) in figures
    assert page.locator("#overview-kinds").inner_text() == locale.t("overview.kinds.pko")
    # the period form keeps the restriction when it is submitted
    assert page.locator('form.period-form input[name="kind"]').get_attribute("value") == "pko"
    shot(page, f"overview-pko-{lang}")
    page.goto(f"{history_server}/{lang}/?from=2025-01&to=2025-07")
    assert locale.number(every_all["total_personnel"]) in page.locator("dl.figures").inner_text()
    assert page.locator("#overview-kinds").count() == 0
    summary = page.locator("#share-trend-summary").inner_text()
    assert locale.number(every_all["total_personnel"]) in summary


# --- old data --------------------------------------------------------------------------------


def test_every_page_says_the_data_are_old(page: Page, lang: Language, history_server: str) -> None:
    locale = Locale(lang)
    today = dt.date.today()
    months = (today.year - LAST_MONTH.year) * 12 + today.month - LAST_MONTH.month
    assert months > 3  # the shipped history ends in July 2025
    ago = locale.plural("profiles.months_ago", months, n=locale.number(months))
    expected = locale.t("profiles.stale_data", month=locale.month(LAST_MONTH), months=ago)
    for path in STALE_PAGES:
        page.goto(f"{history_server}/{lang}{path}")
        notice = page.locator(".old-data-notice")
        assert notice.count() == 1 and notice.is_visible(), path
        assert notice.get_attribute("role") == "note"
        assert notice.inner_text() == expected, path
        box = notice.bounding_box()
        assert box is not None and box["y"] < 300, path  # above the figures, not in a footer
    shot(page, f"old-data-{lang}")
