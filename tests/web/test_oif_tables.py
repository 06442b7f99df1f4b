"""Issue 13 point 3 as a reader sees it, in real headless Chromium, in French and in English, on a
real server over the shipped history (1990-2025): the contributors ranking honours ``group=`` and
marks members, with a legend; mission contributor tables mark members; country profiles give
women's share with its n; the gender page sets the group against all contributors; every group
selector offers the French-speaking lens beside the OIF; the methodology explains the difference.

Expected figures come from the open API and from the contract view ``contributions`` (another
path to the same data), never from the page itself. Screenshots go to /tmp/e2e.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import httpx
import pytest

from pkobs.i18n import Locale
from pkobs.settings import Language
from pkobs.typography import french_problems
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

JULY_2025 = {"from": "2025-07", "to": "2025-07"}
ROWS_JS = """rows => rows.map(r => ({
    iso3: (r.querySelector("a[href*='/countries/']") || {}).pathname?.split("/").pop(),
    cells: [...r.querySelectorAll("td")].map(c => c.innerText.trim()),
    oif: r.querySelectorAll(".tag-oif").length,
    francophone: r.querySelectorAll(".tag-francophone").length,
}))"""
# the pages with a group selector (compare takes a free list of group ids instead)
SELECTOR_PAGES = [
    "/",
    "/francophonie",
    "/contributors",
    "/map",
    "/gender",
    "/senior-posts",
    "/training-centres",
]


@pytest.fixture(scope="module")
def contributions(shipped_history: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(shipped_history), read_only=True)
    yield connection
    connection.close()


def indicator(api: httpx.Client, name: str, **params: str) -> list[dict[str, Any]]:
    response = api.get(f"/api/v1/indicators/{name}", params=params)
    assert response.status_code == 200, response.text
    rows: list[dict[str, Any]] = response.json()["rows"]
    return rows


def number(text: str) -> int:
    """A count as the page prints it (``1 293``, ``1,293``)."""
    return int(re.sub(r"\D", "", text))


def members(api: httpx.Client, group: str) -> set[str]:
    """The group's contributors with personnel in July 2025, by the API."""
    return {r["contributor_iso3"] for r in indicator(api, "contributors", group=group, **JULY_2025)}


def table_rows(page: Page, selector: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = page.eval_on_selector_all(selector, ROWS_JS)
    return rows


def caption_of(page: Page) -> str:
    caption: str = page.locator("table.ranking caption").text_content() or ""
    return caption.strip()


# --- the contributors ranking ----------------------------------------------------------------


def test_ranking_honours_the_group_and_ranks_among_all(
    page: Page, lang: Language, history_server: str, api: httpx.Client
) -> None:
    locale = Locale(lang)
    expected = indicator(api, "contributors", group="oif", **JULY_2025)
    everyone = indicator(api, "contributors", group="all", **JULY_2025)
    world_rank = {r["contributor_iso3"]: r["rank"] for r in everyone}
    francophone = members(api, "francophone")
    page.goto(f"{history_server}/{lang}/contributors?group=oif&to=2025-07")
    headers = page.locator("table.ranking thead th").all_inner_texts()
    assert headers[:2] == [locale.t("col.rank"), locale.t("profiles.world_rank")]
    caption = caption_of(page)
    assert "Organisation internationale de la Francophonie" in caption
    assert locale.month(dt.date(2025, 7, 31)) in caption
    rows = table_rows(page, "table.ranking tbody tr")
    assert len(rows) == len(expected) == 32
    for row, api_row in zip(rows, expected, strict=True):
        iso3 = api_row["contributor_iso3"]
        assert row["iso3"] == iso3
        assert number(row["cells"][0]) == api_row["rank"]
        assert number(row["cells"][1]) == world_rank[iso3]
        assert number(row["cells"][-1]) == api_row["total"]
        assert row["oif"] == 1  # every row of the OIF ranking is a member...
        assert row["francophone"] == (iso3 in francophone)  # ...some also French-speaking
    summary = page.locator("p.summary").inner_text()
    group_total = sum(r["total"] for r in expected)
    all_total = sum(r["total"] for r in everyone)
    assert (group_total, all_total) == (19312, 61127)
    assert locale.number(group_total) in summary and locale.number(all_total) in summary
    note = page.locator("#marks-note")
    assert note.is_visible() and note.inner_text() == locale.t("profiles.marks_note")
    shot(page, f"oif-ranking-{lang}")

    page.select_option("select[name=group]", "francophone")
    page.click(".period-form button[type=submit]")
    page.wait_for_url("**/contributors?*group=francophone*")
    rows = table_rows(page, "table.ranking tbody tr")
    assert {r["iso3"] for r in rows} == francophone and len(rows) == 17
    assert all(r["francophone"] == 1 for r in rows)
    assert "EGY" not in francophone and "EGY" in {r["contributor_iso3"] for r in expected}
    assert page.locator("#marks-note").is_visible()
    shot(page, f"francophone-ranking-{lang}")
    assert phone_width_fits(page) <= 390  # the table scrolls inside its box, not the page
    title = page.locator("#ranking-title").bounding_box()  # its name is shown whole
    assert title is not None and title["x"] >= 0 and title["x"] + title["width"] <= 390
    assert page.locator("#ranking-title").inner_text() == caption_of(page)
    shot(page, f"francophone-ranking-phone-{lang}")


def test_ranking_of_all_contributors_marks_the_members(
    page: Page, lang: Language, history_server: str, api: httpx.Client
) -> None:
    oif, francophone = members(api, "oif"), members(api, "francophone")
    page.goto(f"{history_server}/{lang}/contributors?to=2025-07")
    rows = table_rows(page, "table.ranking tbody tr")
    assert len(rows) == 117  # every contributing country of July 2025
    assert {r["iso3"] for r in rows if r["oif"]} == oif
    assert {r["iso3"] for r in rows if r["francophone"]} == francophone
    assert page.locator("#marks-note").is_visible()


# --- mission and country profiles ------------------------------------------------------------


def test_mission_contributors_mark_members(
    page: Page, lang: Language, history_server: str, api: httpx.Client
) -> None:
    oif, francophone = members(api, "oif"), members(api, "francophone")
    page.goto(f"{history_server}/{lang}/missions/UNIFIL")
    section = "section[aria-labelledby='contributors-title']"
    rows = table_rows(page, f"{section} tbody tr")
    missions = api.get("/api/v1/map", params={"month": "2025-07"}).json()["missions"]
    unifil = next(m for m in missions if m["mission"] == "UNIFIL")
    assert sum(number(r["cells"][-1]) for r in rows) == unifil["total"] == 10044
    marked = {r["iso3"]: (r["oif"], r["francophone"]) for r in rows}
    assert marked["FRA"] == (1, 1) and marked["ITA"] == (0, 0) and marked["GHA"] == (1, 0)
    for iso3, (in_oif, in_francophone) in marked.items():
        assert (in_oif, in_francophone) == (iso3 in oif, iso3 in francophone), iso3
    assert page.locator(f"{section} p.note").inner_text() == Locale(lang).t("profiles.marks_note")
    shot(page, f"mission-unifil-{lang}")


@pytest.mark.parametrize("iso3", ["SEN", "FRA", "LUX"])
def test_country_profile_gives_womens_share_with_its_n(
    page: Page,
    lang: Language,
    history_server: str,
    contributions: duckdb.DuckDBPyConnection,
    iso3: str,
) -> None:
    locale = Locale(lang)
    latest = contributions.execute(
        "SELECT max(month) FROM contributions WHERE contributor_iso3 = ? AND female IS NOT NULL",
        [iso3],
    ).fetchone()
    assert latest is not None
    month = latest[0]
    found = contributions.execute(
        """SELECT sum(female), sum(male + female) FROM contributions
           WHERE contributor_iso3 = ? AND month = ? AND female IS NOT NULL AND male IS NOT NULL""",
        [iso3, month],
    ).fetchone()
    assert found is not None
    female, known = found
    page.goto(f"{history_server}/{lang}/countries/{iso3}")
    facts = page.locator("dl.facts div").first
    assert facts.locator("dt").inner_text() == locale.t(
        "profiles.women_share", month=locale.month(month)
    )
    value = facts.locator("dd").inner_text()
    assert value.startswith(locale.share(female / known))
    n = locale.plural(
        "profiles.women_n", known, female=locale.number(female), personnel=locale.number(known)
    )
    assert facts.locator("dd .muted").inner_text() == n
    if iso3 == "LUX":  # no personnel since November 2023: the last month with a sex split
        assert month == dt.date(2023, 10, 31)
    shot(page, f"country-{iso3.lower()}-{lang}")


def test_country_without_any_sex_split_says_so(
    page: Page, lang: Language, history_server: str
) -> None:
    page.goto(f"{history_server}/{lang}/countries/MCO")
    facts = page.locator("dl.facts div").first
    assert facts.locator("dd").inner_text() == Locale(lang).t("profiles.women_no_data")


# --- the gender page -------------------------------------------------------------------------


def test_gender_page_sets_the_group_against_all_contributors(
    page: Page, lang: Language, history_server: str, api: httpx.Client
) -> None:
    locale = Locale(lang)
    rows = indicator(api, "gender", group="oif", **JULY_2025)
    sums: dict[str, tuple[int, int]] = {}
    for scope in ("group", "all"):
        mine = [r for r in rows if r["scope"] == scope]
        sums[scope] = (sum(r["female"] for r in mine), sum(r["personnel"] for r in mine))
    assert sums["group"] == (2280, 19312)
    page.goto(f"{history_server}/{lang}/gender?group=oif")
    wait_for_charts(page)
    traces = chart_data(page, "gender-group")
    assert [t["name"] for t in traces] == [
        "Organisation internationale de la Francophonie",
        locale.t("profiles.all_contributors"),
    ]
    for trace, scope in zip(traces, ("group", "all"), strict=True):
        female, known = sums[scope]
        assert trace["x"][-1] == "2025-07"
        assert trace["y"][-1] == pytest.approx(female / known)
    summary = page.locator("#gender-group-summary").inner_text()
    named = {
        "fr": "des pays du groupe «\u202fOrganisation internationale de la Francophonie\u202f»",
        "en": "of the countries of the group “Organisation internationale de la Francophonie”",
    }
    assert named[lang] in summary  # never "le personnel de Organisation..."
    if lang == "fr":
        assert french_problems(summary, "gender summary") == []
    for scope in ("group", "all"):
        female, known = sums[scope]
        assert locale.share(female / known) in summary and locale.number(known) in summary
    table = page.locator("section[aria-labelledby='by-category-title'] table")
    by_category = table.locator("tbody tr").all_inner_texts()
    assert len(by_category) == 4
    for row in rows:  # every share of the table comes with its n
        n = locale.t(
            "profiles.women_n_short",
            female=locale.number(row["female"]),
            personnel=locale.number(row["personnel"]),
        )
        assert any(n in line for line in by_category), n
    # August 2020's report misprints the sex (56 % women among the contingents as printed):
    # three categories have no believable split, so the pooled share is a gap, and the
    # figures left out are named beside the chart
    spike = traces[0]["x"].index("2020-08")
    assert traces[0]["y"][spike] is None
    assert traces[0]["y"][spike - 1] is not None and traces[0]["y"][spike + 1] is not None
    flagged = page.locator("#compare-flagged")
    assert flagged.is_visible() and locale.month(dt.date(2020, 8, 31)) in flagged.inner_text()
    shot(page, f"gender-oif-{lang}")

    page.select_option("select[name=group]", "francophone")
    page.click(".period-form button[type=submit]")
    page.wait_for_url("**/gender?*group=francophone*")
    wait_for_charts(page)
    names = [t["name"] for t in chart_data(page, "gender-group")]
    chosen = page.locator("select[name=group] option[value=francophone]").inner_text().strip()
    assert names == [chosen, traces[1]["name"]]
    francophone = indicator(api, "gender", group="francophone", **JULY_2025)
    known = sum(r["personnel"] for r in francophone if r["scope"] == "group")
    assert locale.number(known) in page.locator("#gender-group-summary").inner_text()
    assert phone_width_fits(page) <= 390


# --- group selectors and the methodology -----------------------------------------------------


def test_every_group_selector_offers_the_french_speaking_lens_beside_the_oif(
    page: Page, lang: Language, history_server: str
) -> None:
    labels: dict[str, str] = {}
    for path in SELECTOR_PAGES:
        page.goto(f"{history_server}/{lang}{path}")
        options = page.eval_on_selector_all(
            "select[name=group] option", "os => os.map(o => [o.value, o.innerText.trim()])"
        )
        values = [value for value, _ in options]
        assert "oif" in values, path
        assert values[values.index("oif") + 1] == "francophone", (path, values)
        for value, label in options:
            assert labels.setdefault(value, label) == label, (path, value)  # one name everywhere
    french_speaking = {
        "fr": "Pays ayant le français pour langue officielle",
        "en": "French-speaking countries (French an official language)",
    }
    assert labels["francophone"] == french_speaking[lang]


def test_methodology_explains_the_oif_and_the_french_speaking_lens(
    page: Page, lang: Language, history_server: str
) -> None:
    locale = Locale(lang)
    page.goto(f"{history_server}/{lang}/contributors")
    names = dict(
        page.eval_on_selector_all(
            "select[name=group] option", "os => os.map(o => [o.value, o.innerText.trim()])"
        )
    )
    page.click(f"footer a[href='/{lang}/methodology']")
    page.wait_for_url(f"**/{lang}/methodology")
    section = page.locator("#groups")
    assert section.locator("h2").inner_text() == locale.t("francophonie.methodology.groups_title")
    text = section.inner_text()
    assert names["oif"] in text and names["francophone"] in text  # as the selectors name them
    assert {"fr": "l’Égypte", "en": "Egypt"}[lang] in text  # an OIF member without French
    assert locale.t("profiles.mark_oif") in text and locale.t("profiles.mark_francophone") in text
    shot(page, f"methodology-{lang}")
