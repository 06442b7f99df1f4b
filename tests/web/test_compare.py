"""The compare page as a reader uses it, in real headless Chromium, in French and in English, on a
real server over the shipped history (1990-2025): the groups compared are chosen by checkboxes
named in the page's language (the French-speaking countries right after the OIF, as in every
group choice), the chart draws the groups ticked, and a link's ``groups=oif,au`` works as before.

Expected figures come from the open API (another path to the same data). Screenshots go to
/tmp/e2e.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx
import pytest

from pkobs.settings import Language
from pkobs.web.params import MAX_LIMIT
from tests.web.chromium import (
    browser_marks,
    chart_data,
    phone_width_fits,
    shot,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = browser_marks

BOXES = "fieldset.choices input[type=checkbox][name=groups]"
NAMES = {
    "fr": {
        "oif": "Organisation internationale de la Francophonie",
        "francophone": "Pays ayant le français pour langue officielle",
        "au": "Union africaine",
        "eu": "Union européenne",
    },
    "en": {
        "oif": "Organisation internationale de la Francophonie",
        "francophone": "French-speaking countries (French an official language)",
        "au": "African Union",
        "eu": "European Union",
    },
}


def boxes(page: Page) -> list[tuple[str, str, bool]]:
    """Each group checkbox: its value, its label as read, whether it is ticked."""
    found: list[list[Any]] = page.eval_on_selector_all(
        BOXES, "bs => bs.map(b => [b.value, b.parentElement.innerText.trim(), b.checked])"
    )
    return [(str(value), str(label), bool(ticked)) for value, label, ticked in found]


def latest_share(api: httpx.Client, group: str) -> tuple[str, float]:
    """The group's share of all uniformed personnel in the latest month, from the API."""
    # the whole history (over 1,000 rows): one page of the largest size
    response = api.get("/api/v1/indicators/share", params={"group": group, "limit": MAX_LIMIT})
    assert response.status_code == 200, response.text
    rows: list[dict[str, Any]] = response.json()["rows"]
    last = max((r for r in rows if r["category"] == "all"), key=lambda r: r["month"])
    return last["month"][:7], last["share"]


def test_the_groups_compared_are_ticked_by_name_the_french_speaking_lens_after_the_oif(
    page: Page, lang: Language, history_server: str, api: httpx.Client
) -> None:
    page.goto(f"{history_server}/{lang}/compare")
    assert page.locator("input[type=text][name=groups]").count() == 0  # no free-text list left
    # every known group, by its name in the page's language; the default view ticks oif, au, eu
    assert boxes(page) == [
        ("oif", NAMES[lang]["oif"], True),
        ("francophone", NAMES[lang]["francophone"], False),
        ("au", NAMES[lang]["au"], True),
        ("eu", NAMES[lang]["eu"], True),
    ]
    drawn = chart_data(page, "compare-groups")
    assert [t["name"] for t in drawn] == [NAMES[lang][g] for g in ("oif", "au", "eu")]

    page.locator("fieldset.choices").get_by_label(NAMES[lang]["francophone"], exact=True).check()
    page.locator("fieldset.choices").get_by_label(NAMES[lang]["eu"], exact=True).uncheck()
    page.locator("form.period-form button[type=submit]").click()
    page.wait_for_url("**/compare?*")
    assert page.url.count("groups=") == 3  # one per ticked box: oif, francophone, au
    assert [(value, ticked) for value, _, ticked in boxes(page)] == [
        ("oif", True),
        ("francophone", True),
        ("au", True),
        ("eu", False),
    ]
    drawn = chart_data(page, "compare-groups")
    assert [t["name"] for t in drawn] == [NAMES[lang][g] for g in ("oif", "francophone", "au")]
    for trace, group in zip(drawn, ("oif", "francophone", "au"), strict=True):
        month, share = latest_share(api, group)
        assert trace["x"][-1] == month
        assert trace["y"][-1] == pytest.approx(share)
    oif, francophone = drawn[0]["y"][-1], drawn[1]["y"][-1]
    assert oif != pytest.approx(francophone)  # two lenses, two different shares
    shot(page, f"compare-ticked-{lang}")
    assert phone_width_fits(page) <= 390
    shot(page, f"compare-ticked-phone-{lang}")


def test_a_link_with_a_list_of_group_ids_still_opens_its_view(
    page: Page, lang: Language, history_server: str
) -> None:
    page.goto(f"{history_server}/{lang}/compare?groups=francophone,oif")
    assert [(value, ticked) for value, _, ticked in boxes(page)] == [
        ("oif", True),
        ("francophone", True),
        ("au", False),
        ("eu", False),
    ]
    drawn = chart_data(page, "compare-groups")
    # the chart keeps the order the link asked for
    assert [t["name"] for t in drawn] == [NAMES[lang]["francophone"], NAMES[lang]["oif"]]
    permalink = page.locator("a.permalink").first.get_attribute("href") or ""
    assert "groups=francophone%2Coif" in permalink or "groups=francophone,oif" in permalink
