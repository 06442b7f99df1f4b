"""Month pickers in the page's language (issue 13): a month list of Babel's month names and a
year list of the data's years, written by the server in the page's language whatever the
browser's (``<input type="month">`` was drawn in the browser's); without JavaScript one list of
every month submits the parameter. The URL contract is unchanged: ``from``/``to``/``month`` as
``YYYY-MM``."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from fastapi.testclient import TestClient

from pkobs.i18n import Locale
from pkobs.store.database import Database
from pkobs.store.span import data_months
from pkobs.web.month_picker import month_picker
from tests.web.chromium import guarded_page, requires_chromium, shot

if TYPE_CHECKING:
    from playwright.sync_api import Browser

Option = tuple[str, str, bool]  # value, text, selected


class Pickers(HTMLParser):
    """The options of every list of a page's month pickers, keyed by ``(field, part)``: field
    the parameter the picker submits, part ``month``, ``year`` or ``full`` (the fallback)."""

    def __init__(self) -> None:
        super().__init__()
        self.lists: dict[tuple[str, str], list[Option]] = {}
        self.field = ""
        self.current: list[Option] | None = None
        self.option: list[str | bool] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "select" and found.get("data-part"):
            part = found["data-part"] or ""
            if part == "full":
                self.field = found.get("name") or ""
            self.current = self.lists.setdefault((self.field, part), [])
        elif tag == "option" and self.current is not None:
            self.option = [found.get("value") or "", "", "selected" in found]

    def handle_data(self, data: str) -> None:
        if self.option is not None:
            self.option[1] = str(self.option[1]) + data

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" and self.option is not None and self.current is not None:
            value, text, selected = self.option
            self.current.append((str(value), str(text).strip(), bool(selected)))
            self.option = None
        elif tag == "select":
            self.current = None


def pickers(html: str) -> dict[tuple[str, str], list[Option]]:
    parser = Pickers()
    parser.feed(html)
    return parser.lists


def selected(options: list[Option]) -> list[str]:
    return [value for value, _, chosen in options if chosen]


@pytest.fixture(scope="module")
def data_years(shipped_history: Path) -> list[str]:
    database = Database.open_read_only(shipped_history)
    return sorted({f"{month.year}" for month in data_months(database)})


@pytest.mark.parametrize(
    ("path", "fields"),
    [
        ("/{lang}/map?month=2013-01", {"month": "2013-01"}),
        ("/{lang}/?from=2013-01&to=2014-02", {"from": "2013-01", "to": "2014-02"}),
        ("/{lang}/contributors?to=2013-01", {"to": "2013-01"}),
        ("/{lang}/compare?from=2013-01&to=2014-02", {"from": "2013-01", "to": "2014-02"}),
    ],
)
@pytest.mark.parametrize(
    ("lang", "january", "february"), [("fr", "janvier", "février"), ("en", "January", "February")]
)
def test_pickers_speak_the_page_language_and_cover_the_data_years(
    history_client: TestClient,
    data_years: list[str],
    path: str,
    fields: dict[str, str],
    lang: str,
    january: str,
    february: str,
) -> None:
    response = history_client.get(path.format(lang=lang), headers={"accept-language": "de-DE"})
    assert response.status_code == 200
    html = response.text
    assert 'type="month"' not in html
    lists = pickers(html)
    assert {field for field, _ in lists} == set(fields)
    for field, value in fields.items():
        year, month = value.split("-")
        months = lists[(field, "month")]
        assert [text for _, text, _ in months][:2] == [january, february]
        assert [v for v, _, _ in months] == [f"{n:02d}" for n in range(1, 13)]
        assert selected(months) == [month]
        years = lists[(field, "year")]
        assert [v for v, _, _ in years] == data_years
        assert selected(years) == [year]
        full = lists[(field, "full")]  # what the form submits, with or without JavaScript
        assert selected(full) == [value]
        assert full[0][0] == "1990-11" and full[-1][0] == "2025-07"
        assert len(full) == len(data_months_between("1990-11", "2025-07"))
    assert f'<span class="visually-hidden">{"Année" if lang == "fr" else "Year"}</span>' in html
    assert html.count('src="/static/js/month-picker.js"') == 1


def data_months_between(first: str, last: str) -> list[str]:
    start, end = (
        (int(first[:4]) * 12 + int(first[5:]) - 1),
        (int(last[:4]) * 12 + int(last[5:]) - 1),
    )
    return [f"{n // 12}-{n % 12 + 1:02d}" for n in range(start, end + 1)]


def test_a_month_outside_the_span_is_clamped_and_the_first_year_starts_in_november() -> None:
    picker = month_picker("from", "1980-01", "1990-11", "2025-07", Locale("fr"))
    assert picker.value == "1990-11"
    assert [o.value for o in picker.every_month[0].months] == ["1990-11", "1990-12"]
    assert [o.label for o in picker.every_month[0].months] == ["novembre 1990", "décembre 1990"]
    assert [o.value for o in picker.years if o.selected] == ["1990"]
    assert month_picker("to", "2030-05", "1990-11", "2025-07", Locale("en")).value == "2025-07"
    with pytest.raises(ValueError, match="no span"):
        month_picker("to", "2013-01", "2025-07", "1990-11", Locale("en"))


# --- in a real browser -----------------------------------------------------------------------


@pytest.mark.browser
@requires_chromium
@pytest.mark.parametrize(("lang", "month_name"), [("fr", "mars"), ("en", "March")])
def test_choosing_a_month_in_an_english_browser_lands_on_its_url(
    history_server: str, browser: Browser, lang: str, month_name: str
) -> None:
    with guarded_page(browser, locale="en-GB", width=390, height=844) as (page, _):
        page.goto(f"{history_server}/{lang}/map?month=2025-07")
        assert page.locator(".month-fallback").is_hidden()
        assert page.locator("select[data-part=month]").is_visible()
        page.select_option("select[data-part=month]", label=month_name)
        page.select_option("select[data-part=year]", "2013")
        page.click(".period-form button[type=submit]")
        page.wait_for_url(f"**/{lang}/map?month=2013-03*")
        assert page.input_value("select[data-part=month]") == "03"
        assert page.input_value("select[data-part=year]") == "2013"
        # 1990 starts in November: a January moves there, the earlier months cannot be chosen
        page.select_option("select[data-part=month]", "01")
        page.select_option("select[data-part=year]", "1990")
        assert page.input_value("select[data-part=month]") == "11"
        assert page.locator("select[data-part=month] option:disabled").count() == 10
        assert page.input_value("select[name=month]") == "1990-11"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        shot(page, f"month-picker-{lang}-390")

        page.goto(f"{history_server}/{lang}/?from=2020-01")
        page.select_option(
            "[data-month-picker]:has(select[name=from]) select[data-part=year]", "2012"
        )
        page.select_option(
            "[data-month-picker]:has(select[name=to]) select[data-part=year]", "2012"
        )
        page.select_option("[data-month-picker]:has(select[name=to]) select[data-part=month]", "12")
        page.click(".period-form button[type=submit]")
        page.wait_for_url(f"**/{lang}/?*from=2012-01*")
        assert "to=2012-12" in page.url


@pytest.mark.browser
@requires_chromium
def test_without_javascript_the_list_of_every_month_submits(
    history_server: str, browser: Browser
) -> None:
    with guarded_page(browser, locale="en-GB", java_script_enabled=False) as (page, _):
        page.goto(f"{history_server}/fr/contributors?to=2025-07")
        assert page.locator(".month-parts").is_hidden()
        page.select_option("select[name=to]", label="février 2014")
        page.click(".period-form button[type=submit]")
        page.wait_for_url("**/fr/contributors?to=2014-02*")
        assert page.locator("select[name=to] option:checked").text_content() == "février 2014"
