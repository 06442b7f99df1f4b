"""Months without data on the web site, on the shipped history (November 1990 - July 2025, with
months no source covers: September to December 2014, March 2015, 2016 and 2017, June 2020, July
2022): the pickers list them disabled and labelled "no data" / « pas de données »; the
overview's and the ranking's 404 for such a month keep their form; a chart's data table has a
row that says "no data" for each of them inside the period, and its line a gap there."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from fastapi.testclient import TestClient

from pkobs.i18n import Locale
from pkobs.store.database import Database
from pkobs.store.span import data_months
from pkobs.web.month_picker import month_picker
from tests.web.chromium import guarded_page, requires_chromium

if TYPE_CHECKING:
    from playwright.sync_api import Browser

NO_DATA = {"fr": "pas de données", "en": "no data"}
OIF_FR, AU_FR = "Organisation internationale de la Francophonie", "Union africaine"
JULY_2022 = {"fr": "juillet 2022", "en": "July 2022"}
JUNE_2022 = {"fr": "juin 2022", "en": "June 2022"}
AUGUST_2022 = {"fr": "août 2022", "en": "August 2022"}
# the months no source covers, read from the shipped history's source_months by hand
GAPS = [
    "2014-09",
    "2014-10",
    "2014-11",
    "2014-12",
    "2015-03",
    "2016-03",
    "2017-03",
    "2020-06",
    "2022-07",
]


class Page(HTMLParser):
    """A page's forms (their actions), every picker's fallback list (``name`` -> options as
    (value, text, selected, disabled)), selected options of other lists (``name`` -> value),
    and every data table's rows (cells' texts)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[str] = []
        self.full: dict[str, list[tuple[str, str, bool, bool]]] = {}
        self.chosen: dict[str, list[str]] = {}
        self.tables: list[list[list[str]]] = []
        self.select: str | None = None
        self.full_select = False
        self.option: list[str | bool] | None = None
        self.row: list[str] | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form":
            self.forms.append(found.get("action") or "")
        elif tag == "select":
            self.select = found.get("name") or ""
            self.full_select = found.get("data-part") == "full"
        elif tag == "option" and self.select is not None:
            self.option = [found.get("value") or "", "", "selected" in found, "disabled" in found]
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []

    def handle_data(self, data: str) -> None:
        if self.option is not None:
            self.option[1] = str(self.option[1]) + data
        if self.cell is not None:
            self.cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" and self.option is not None and self.select is not None:
            value, text, selected, disabled = self.option
            if self.full_select:
                self.full.setdefault(self.select, []).append(
                    (str(value), str(text).strip(), bool(selected), bool(disabled))
                )
            elif selected:
                self.chosen.setdefault(self.select, []).append(str(value))
            self.option = None
        elif tag == "select":
            self.select = None
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append("".join(self.cell).strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables[-1].append(self.row)
            self.row = None


def parsed(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


@pytest.fixture(scope="module")
def gaps(shipped_history: Path) -> list[str]:
    """The months of the data's span that no source covers, from the database itself."""
    months = data_months(Database.open_read_only(shipped_history))
    covered = {f"{m:%Y-%m}" for m in months}
    first, last = months[0], months[-1]
    every = [
        f"{n // 12}-{n % 12 + 1:02d}"
        for n in range(first.year * 12 + first.month - 1, last.year * 12 + last.month)
    ]
    return [month for month in every if month not in covered]


def test_the_shipped_history_has_the_gaps_these_tests_expect(gaps: list[str]) -> None:
    assert gaps == GAPS


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize(
    ("path", "fields"),
    [
        ("/{lang}/?from=2022-01&to=2022-12", {"from": "2022-01", "to": "2022-12"}),
        ("/{lang}/compare?from=2022-01&to=2022-12", {"from": "2022-01", "to": "2022-12"}),
        ("/{lang}/contributors?to=2022-06", {"to": "2022-06"}),
    ],
)
def test_pickers_list_months_without_data_disabled_and_labelled(
    history_client: TestClient, lang: str, path: str, fields: dict[str, str]
) -> None:
    response = history_client.get(path.format(lang=lang))
    assert response.status_code == 200
    page = parsed(response.text)
    assert set(page.full) == set(fields)
    for name, value in fields.items():
        options = page.full[name]
        disabled = [v for v, _, _, off in options if off]
        assert disabled == GAPS
        july = next(o for o in options if o[0] == "2022-07")
        assert july[1] == f"{JULY_2022[lang]} ({NO_DATA[lang]})"
        june = next(o for o in options if o[0] == "2022-06")
        assert june[1] == JUNE_2022[lang] and not june[3]
        assert [v for v, _, chosen, _ in options if chosen] == [value]
        assert len(options) == 417  # every month of the span stays listed (408 with data)


def test_a_picker_of_a_registry_page_is_not_limited_to_the_monthly_data(
    history_client: TestClient,
) -> None:
    # the senior posts' registry has its own span: the data's gaps say nothing about it
    response = history_client.get("/fr/senior-posts")
    assert response.status_code == 200
    assert all(not off for options in parsed(response.text).full.values() for *_, off in options)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_overview_404_for_a_month_without_data_keeps_its_form(
    history_client: TestClient, lang: str
) -> None:
    response = history_client.get(f"/{lang}/?from=2022-07&to=2022-07&group=au&status=member")
    assert response.status_code == 404
    said = {
        "fr": "Aucune donnée pour juillet 2022\u202f: aucune source ne couvre cette période",
        "en": "No data for July 2022: no source covers this period",
    }
    assert said[lang] in response.text
    page = parsed(response.text)
    assert page.forms == [f"/{lang}/"]
    assert set(page.full) == {"from", "to"}
    for name in ("from", "to"):  # the nearest month with data is chosen, July listed disabled
        assert [v for v, _, chosen, _ in page.full[name] if chosen] == ["2022-06"]
        assert ("2022-07", f"{JULY_2022[lang]} ({NO_DATA[lang]})", False, True) in page.full[name]
    assert page.chosen["group"] == ["au"]
    assert page.chosen["status"] == ["member"]
    assert response.text.count('src="/static/js/month-picker.js"') == 1


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_ranking_404_for_a_month_without_data_keeps_its_form(
    history_client: TestClient, lang: str
) -> None:
    response = history_client.get(f"/{lang}/contributors?to=2022-07&group=oif")
    assert response.status_code == 404
    assert JULY_2022[lang] in response.text
    page = parsed(response.text)
    assert page.forms == [f"/{lang}/contributors"]
    assert set(page.full) == {"to"}
    assert [v for v, _, chosen, _ in page.full["to"] if chosen] == ["2022-06"]
    assert page.chosen["group"] == ["oif"]
    # the form submits a month with data: the ranking answers
    again = history_client.get(f"/{lang}/contributors?to=2022-06&group=oif")
    assert again.status_code == 200
    assert parsed(again.text).forms == [f"/{lang}/contributors"]


def test_an_error_page_of_another_kind_has_no_form(history_client: TestClient) -> None:
    response = history_client.get("/fr/countries/XXX")
    assert response.status_code == 404
    assert parsed(response.text).forms == []


def rows_by_month(table: list[list[str]]) -> list[str]:
    return [row[0] for row in table[1:]]  # the first row is the header


def spec(html: str, chart_id: str) -> dict[str, object]:
    match = re.search(rf'<script type="application/json" id="{chart_id}-spec">(.*?)</script>', html)
    assert match is not None
    loaded: dict[str, object] = json.loads(match.group(1).replace("<\\/", "</"))
    return loaded


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_chart_table_has_a_no_data_row_and_its_line_a_gap(
    history_client: TestClient, lang: str
) -> None:
    response = history_client.get(f"/{lang}/?from=2022-05&to=2022-09")
    assert response.status_code == 200
    trend, police = parsed(response.text).tables[:2]
    assert rows_by_month(trend)[:4] == [
        {"fr": "mai 2022", "en": "May 2022"}[lang],
        JUNE_2022[lang],
        JULY_2022[lang],
        AUGUST_2022[lang],
    ]
    assert trend[3] == [JULY_2022[lang], NO_DATA[lang], NO_DATA[lang], NO_DATA[lang]]
    assert trend[2][1:] == (
        ["27\u202f751", "74\u202f892", "37,1\xa0%"]
        if lang == "fr"
        else ["27,751", "74,892", "37.1%"]
    )
    # the police and military table: one row for the month, between June's and August's pairs
    assert rows_by_month(police)[3:6] == [JUNE_2022[lang], JULY_2022[lang], AUGUST_2022[lang]]
    assert police[5] == [JULY_2022[lang], "", NO_DATA[lang], NO_DATA[lang], NO_DATA[lang]]
    traces = spec(response.text, "share-trend")["traces"]
    assert isinstance(traces, list)
    points = dict(zip(traces[0]["x"], traces[0]["y"], strict=True))
    assert points["2022-07"] is None  # a gap, never a zero
    assert points["2022-06"] == pytest.approx(27751 / 74892)


def test_every_month_of_a_longer_gap_has_its_row(history_client: TestClient) -> None:
    response = history_client.get("/en/?from=2014-07&to=2015-04")
    assert response.status_code == 200
    trend = parsed(response.text).tables[0]
    no_data = [row[0] for row in trend[1:] if row[1:] == [NO_DATA["en"]] * 3]
    assert no_data == [
        "September 2014",
        "October 2014",
        "November 2014",
        "December 2014",
        "March 2015",
    ]
    assert len(trend) - 1 == 10  # July 2014 to April 2015, each month once
    assert "0" not in [cell for row in trend[1:] for cell in row[1:]]


def test_the_compare_table_has_a_no_data_row_for_each_group(history_client: TestClient) -> None:
    response = history_client.get("/fr/compare?from=2022-06&to=2022-08&groups=oif,au")
    assert response.status_code == 200
    table = parsed(response.text).tables[0]
    july = [row for row in table[1:] if row[0] == "juillet 2022"]
    assert [row[1] for row in july] == [OIF_FR, AU_FR]
    assert all(row[2:] == [NO_DATA["fr"]] * 3 for row in july)


def test_a_picker_moves_a_month_without_data_to_the_nearest_with_data() -> None:
    picker = month_picker("to", "2022-07", "2022-05", "2022-10", Locale("en"))
    with_data = picker.with_data(frozenset({"2022-05", "2022-06", "2022-08", "2022-10"}))
    assert with_data.value == "2022-06"  # June and August are as near: the earlier
    options = [o for year in with_data.every_month for o in year.months]
    assert [(o.value, o.disabled) for o in options] == [
        ("2022-05", False),
        ("2022-06", False),
        ("2022-07", True),
        ("2022-08", False),
        ("2022-09", True),
        ("2022-10", False),
    ]
    assert [o.label for o in options if o.disabled] == [
        "July 2022 (no data)",
        "September 2022 (no data)",
    ]
    assert [o.value for o in with_data.months if o.selected] == ["06"]
    later = month_picker("to", "2022-09", "2022-05", "2022-10", Locale("fr"))
    assert later.with_data(frozenset({"2022-05", "2022-10"})).value == "2022-10"
    assert picker.with_data(None) is picker
    assert "disabled>July 2022 (no data)</option>" in str(with_data.every_month_markup())


@requires_chromium
@pytest.mark.browser
def test_the_month_and_year_lists_skip_a_month_without_data(
    browser: Browser, history_server: str
) -> None:
    with guarded_page(browser, locale="fr-FR") as (page, _):
        page.goto(f"{history_server}/fr/contributors?to=2022-06")
        assert page.locator("select[data-part=month]").is_visible()
        july = page.locator("select[data-part=month] option[value='07']")
        assert july.is_disabled()
        assert page.locator("select[data-part=month] option[value='08']").is_enabled()
        page.select_option("select[data-part=year]", "2020")  # June 2020 has no data either
        assert page.input_value("select[data-part=month]") == "05"
        assert page.input_value("select[name=to]") == "2020-05"
        page.select_option("select[data-part=year]", "2022")
        page.select_option("select[data-part=month]", "08")
        page.click(".period-form button[type=submit]")
        page.wait_for_url("**/fr/contributors?to=2022-08*")


JUNE_2020 = {"fr": "juin 2020", "en": "June 2020"}
MAY_2020 = {"fr": "mai 2020", "en": "May 2020"}
JULY_2020 = {"fr": "juillet 2020", "en": "July 2020"}


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize(
    ("path", "tables", "blank"),
    [
        ("/{lang}/countries/FRA", 1, 0),  # months: military, police, total
        ("/{lang}/missions/MINUSMA", 1, 0),  # months: the group's, all, share
        ("/{lang}/gender", 2, 1),  # by category, and the group against all (one text column)
    ],
)
def test_profile_and_gender_tables_have_a_no_data_row(
    history_client: TestClient, lang: str, path: str, tables: int, blank: int
) -> None:
    """June 2020 (no report) is a row of its own in each monthly chart table, in its place,
    never a zero and never left out."""
    response = history_client.get(path.format(lang=lang))
    assert response.status_code == 200
    monthly = [t for t in parsed(response.text).tables if JUNE_2020[lang] in rows_by_month(t)]
    assert len(monthly) == tables
    for table in monthly:
        months = rows_by_month(table)
        assert months.count(JUNE_2020[lang]) == 1
        june = months.index(JUNE_2020[lang])
        assert months[june - 1] == MAY_2020[lang] and months[june + 1] == JULY_2020[lang]
        row = table[june + 1]
        assert row[1 : 1 + blank] == [""] * blank
        assert row[1 + blank :] == [NO_DATA[lang]] * (len(row) - 1 - blank)


def test_the_pooled_share_of_a_month_with_an_unbelievable_category_is_no_share(
    history_client: TestClient,
) -> None:
    """August 2020 has no women's share for three categories (test_gender_months): the group
    against all, all categories together, has none either (the military contingents alone
    would not compare with July's or September's)."""
    tables = parsed(history_client.get("/en/gender").text).tables
    pooled = [t for t in tables if len(t[0]) == 5 and "All contributing countries" in str(t)]
    assert len(pooled) == 1
    august = [row for row in pooled[0][1:] if row[0] == "August 2020"]
    assert [(row[2], row[4]) for row in august] == [("—", "—"), ("—", "—")]
    assert all(row[3] not in ("", "—") for row in august)  # the headcount of known sex stays
