"""Charts' month axes are labelled in the page's language by Babel, never by Plotly's English
month names nor as "1995-01": years over long spans, "janv. 2013" / "Jan 2013" over short ones,
thinned by charts.js (never turned sideways) when they do not fit a phone; hovers name the month
("janvier 2013" / "January 2013"). A country's bars are stacked: military and police make the
month's total, which each part's hover also gives."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import re
from typing import TYPE_CHECKING, Any

import pytest
from fastapi.testclient import TestClient

from pkobs.i18n import Locale
from pkobs.settings import Language
from pkobs.web.charts import Series, month_ticks
from tests.web.chromium import requires_chromium, wait_for_charts

if TYPE_CHECKING:
    from playwright.sync_api import Page


def chart_spec(client: TestClient, url: str, chart_id: str) -> dict[str, Any]:
    page = client.get(url)
    assert page.status_code == 200, url
    spec = re.search(rf'id="{chart_id}-spec">(.*?)</script>', page.text, re.S)
    assert spec is not None, url
    loaded: dict[str, Any] = json.loads(spec.group(1))
    return loaded


def monthly(first: dt.date, last: dt.date) -> list[Series]:
    """One series with a point in every month from ``first`` to ``last``."""
    months = []
    month = first
    while month <= last:
        months.append(month)
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return [Series("s", months, [1] * len(months))]


def test_the_shipped_history_is_labelled_every_fifth_year() -> None:
    ticks, labels = month_ticks(monthly(dt.date(1990, 11, 1), dt.date(2025, 7, 1)), "fr")
    assert labels == ["1995", "2000", "2005", "2010", "2015", "2020", "2025"]
    assert ticks == [f"{year}-01" for year in labels]


def test_more_than_three_years_are_labelled_by_year() -> None:
    """38 months (February 2013 - March 2016) are years; 37 (to February 2016) still months."""
    ticks, labels = month_ticks(monthly(dt.date(2013, 2, 1), dt.date(2016, 3, 1)), "en")
    assert (ticks, labels) == (["2014-01", "2015-01", "2016-01"], ["2014", "2015", "2016"])
    ticks, labels = month_ticks(monthly(dt.date(2013, 2, 1), dt.date(2016, 2, 1)), "fr")
    assert labels == ["janv. 2014", "janv. 2015", "janv. 2016"]


def test_a_year_is_labelled_every_second_month_and_one_month_alone() -> None:
    _, labels = month_ticks(monthly(dt.date(2013, 1, 1), dt.date(2013, 12, 1)), "fr")
    assert labels == [
        "janv. 2013",
        "mars 2013",
        "mai 2013",
        "juil. 2013",
        "sept. 2013",
        "nov. 2013",
    ]
    assert month_ticks(monthly(dt.date(2014, 2, 1), dt.date(2014, 2, 1)), "en") == (
        ["2014-02"],
        ["Feb 2014"],
    )
    assert month_ticks([], "fr") == ([], [])


@pytest.mark.parametrize(
    ("lang", "labels", "hover"),
    [
        (
            "fr",
            ["janv. 2013", "févr. 2013", "mars 2013", "avr. 2013", "mai 2013", "juin 2013"],
            "janvier 2013",
        ),
        (
            "en",
            ["Jan 2013", "Feb 2013", "Mar 2013", "Apr 2013", "May 2013", "Jun 2013"],
            "January 2013",
        ),
    ],
)
def test_a_short_span_is_labelled_by_month_in_the_page_language(
    client: TestClient, lang: Language, labels: list[str], hover: str
) -> None:
    chart = chart_spec(client, f"/{lang}/?from=2013-01&to=2013-06", "share-trend")
    xaxis = chart["layout"]["xaxis"]
    assert xaxis["tickvals"] == [f"2013-0{m}" for m in range(1, 7)]
    assert xaxis["ticktext"] == labels
    assert "tickformat" not in xaxis and "hoverformat" not in xaxis
    trace = chart["traces"][0]
    assert trace["hovertext"][0] == hover
    assert trace["hovertemplate"] == "%{hovertext}<br>%{customdata}"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_long_span_is_labelled_by_year(client: TestClient, lang: Language) -> None:
    chart = chart_spec(client, f"/{lang}/?from=1995-01&to=2025-07", "share-trend")
    xaxis = chart["layout"]["xaxis"]
    ticks, labels = xaxis["tickvals"], xaxis["ticktext"]
    assert 4 <= len(labels) <= 8
    assert all(re.fullmatch(r"\d{4}", label) for label in labels), labels
    assert ticks == [f"{label}-01" for label in labels]
    assert "tickformat" not in xaxis


@pytest.mark.parametrize(("lang", "total"), [("fr", "Total\u202f: {}"), ("en", "Total: {}")])
def test_a_country_s_bars_are_stacked_to_its_monthly_total(
    client: TestClient, lang: Language, total: str
) -> None:
    """Senegal: military and police stacked (not side by side), each month's two parts add up
    to the total of the chart's CSV, and each part's hover gives that total and the month."""
    locale = Locale(lang)
    chart = chart_spec(client, f"/{lang}/countries/SEN", "country-history")
    assert chart["layout"]["barmode"] == "stack"
    military, police = chart["traces"]
    assert [military["name"], police["name"]] == [
        locale.t("category.military"),
        locale.t("category.police"),
    ]
    response = client.get(f"/{lang}/countries/SEN?chart=country-history&format=csv")
    rows = {r["month"][:7]: r for r in csv.DictReader(io.StringIO(response.text))}
    drawn = 0
    for index, month in enumerate(military["x"]):
        assert police["x"][index] == month
        soldiers, officers = military["y"][index], police["y"][index]
        if soldiers is None:  # a month without data, or a probable source gap: no bar at all
            assert officers is None and military["text"][index] is None, month
            continue
        assert soldiers + officers == int(rows[month]["total"]), month
        expected = total.format(locale.number(int(rows[month]["total"])))
        assert military["text"][index] == police["text"][index] == expected, month
        assert police["hovertemplate"] == "%{hovertext}<br>%{y:,d}<br>%{text}"
        year, number = month.split("-")
        assert police["hovertext"][index] == locale.month(dt.date(int(year), int(number), 1))
        drawn += 1
    assert drawn > 40 and any(int(r["police"]) > 0 for r in rows.values())


def test_only_a_chart_of_parts_is_stacked(client: TestClient) -> None:
    """The overview's lines stay unstacked (``group``): shares of different wholes."""
    assert chart_spec(client, "/fr/", "share-trend")["layout"]["barmode"] == "group"


# --- in Chromium ------------------------------------------------------------------------------


def drawn_ticks(page: Page, chart_id: str) -> list[dict[str, Any]]:
    """The x-axis labels Plotly drew: text, whether turned, and their boxes on screen."""
    ticks: list[dict[str, Any]] = page.evaluate(
        """id => Array.from(document.querySelectorAll(`#${id} .xtick text`)).map(t => {
            const box = t.getBoundingClientRect();
            return {text: t.textContent, turned: (t.getAttribute("transform") || "")
                .includes("rotate"), left: box.left, right: box.right};
        })""",
        chart_id,
    )
    return ticks


@pytest.mark.parametrize(("width", "every"), [(1280, 1), (390, 2)])
@pytest.mark.browser
@requires_chromium
def test_month_labels_fit_the_screen_side_by_side(
    page: Page, lang: Language, history_server: str, width: int, every: int
) -> None:
    """January - June 2013: six month labels on a wide screen, every second one on a phone
    (390 px), never turned sideways nor overlapping; the labels are the page language's."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{history_server}/{lang}/?from=2013-01&to=2013-06")
    wait_for_charts(page)
    labels = {
        "fr": ["janv. 2013", "févr. 2013", "mars 2013", "avr. 2013", "mai 2013", "juin 2013"],
        "en": ["Jan 2013", "Feb 2013", "Mar 2013", "Apr 2013", "May 2013", "Jun 2013"],
    }[lang]
    ticks = drawn_ticks(page, "share-trend")
    assert [t["text"] for t in ticks] == labels[::every]
    assert not any(t["turned"] for t in ticks)
    for left, right in itertools.pairwise(ticks):
        assert left["right"] < right["left"], (left, right)


@pytest.mark.browser
@requires_chromium
def test_a_stacked_part_hovers_with_its_month_and_the_total(
    page: Page, lang: Language, history_server: str
) -> None:
    """The real mouse on the police part of Senegal's December 2023 bar (200 military, 980
    police): the hover names the month, the part and the bar's total."""
    page.goto(f"{history_server}/{lang}/countries/SEN")
    wait_for_charts(page)
    chart = page.locator("#country-history")
    chart.scroll_into_view_if_needed()
    assert chart.evaluate("el => el._fullLayout.barmode") == "stack"
    # the legend in the series' order, the bottom part first (Plotly reverses a stack's)
    legend = chart.locator(".legend .legendtext").all_text_contents()
    assert legend == [Locale(lang).t("category.military"), Locale(lang).t("category.police")]
    point = chart.evaluate("el => el.data[1].x.indexOf('2023-12')")
    x, y = chart.evaluate(
        """(el, point) => {
            const layout = el._fullLayout, bar = el.calcdata[1][point];
            return [layout.xaxis.l2p(layout.xaxis.d2l(el.data[1].x[point])) + layout._size.l,
                    layout.yaxis.l2p((bar.s0 + bar.s1) / 2) + layout._size.t];
        }""",
        point,
    )
    box = chart.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + x - 40, box["y"] + y - 40)
    page.mouse.move(box["x"] + x, box["y"] + y, steps=5)
    locale = Locale(lang)
    december = locale.month(dt.date(2023, 12, 1))
    # Plotly throttles its hovers: wait for the one of the mouse's last position
    page.wait_for_function(
        """month => Array.from(document.querySelectorAll("#country-history .hovertext"))
            .some(t => t.textContent.includes(month))""",
        arg=december,
        timeout=5_000,
    )
    label = page.locator("#country-history .hoverlayer .hovertext")
    text = " ".join(label.first.locator("text.nums tspan").all_text_contents())
    total = {"fr": "Total\u202f: 1\u202f180", "en": "Total: 1,180"}[lang]
    assert text == f"{december} {locale.number(980)} {total}"
    assert label.first.locator("text.name").text_content() == locale.t("category.police")
