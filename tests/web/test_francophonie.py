"""The Francophonie page on the shipped real history (1990-2025): the store reads behind it agree
with the indicators, small and political missions never top the linguistic gap, a member that
sends nobody is a zero with the month it stopped, the page's JSON and CSV, French typography over
the reference months, the overview's headline with its cause, and a real headless Chromium in
both languages."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from fastapi.testclient import TestClient

from pkobs.i18n import Locale
from pkobs.indicators import Params, compute
from pkobs.indicators.drivers import drivers_headline
from pkobs.settings import Settings
from pkobs.store import francophonie as store
from pkobs.store.database import Database
from pkobs.typography import french_problems, visible_text
from pkobs.web import create_app
from pkobs.web.francophonie import MIN_PERSONNEL
from tests.web.chromium import guarded_page, requires_chromium, wait_for_charts

if TYPE_CHECKING:
    from playwright.sync_api import Browser

FEB_2014 = dt.date(2014, 2, 28)
STATUSES = ("member", "associate")


@pytest.fixture(scope="module")
def history_db(shipped_history: Path) -> Path:
    """The shipped real history (1990-2025, no ../shared needed), loaded once per session."""
    return shipped_history


@pytest.fixture(scope="module")
def history(history_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    home = tmp_path_factory.mktemp("francophonie-home")
    app = create_app(Settings.from_env(db=history_db, environ={"PKOBS_HOME": str(home)}))
    with TestClient(app) as client:
        yield client


@pytest.fixture(scope="module")
def db(history_db: Path) -> Iterator[Database]:
    handle = Database.open_read_only(history_db)
    yield handle
    handle.con.close()


def tables(client: TestClient, query: str) -> dict[str, list[dict[str, Any]]]:
    response = client.get(f"/en/francophonie.json?{query}")
    assert response.status_code == 200, response.text
    found: dict[str, list[dict[str, Any]]] = response.json()["tables"]
    return found


def text_of(client: TestClient, path: str, forms: bool = True) -> str:
    """The page's visible text (``forms=False``: without its forms, whose month pickers label
    the months without data « pas de données »)."""
    response = client.get(path)
    assert response.status_code == 200, response.text
    html = response.text if forms else re.sub(r"<form\b.*?</form>", "", response.text, flags=re.S)
    return re.sub(r"[ \t\r\n]+", " ", visible_text(html))  # keeps U+202F


# --- the store reads --------------------------------------------------------------------------


@pytest.mark.parametrize("group", ["oif", "francophone"])
def test_hosted_missions_agree_with_the_linguistic_gap_indicator(db: Database, group: str) -> None:
    params = Params(group=group, from_month=FEB_2014, to_month=FEB_2014)
    gap = compute(db, "linguistic-gap", params).table.records()
    hosted = store.hosted_missions(db, FEB_2014, group, STATUSES).records()
    assert [r["mission"] for r in hosted] == [r["mission"] for r in gap]
    for split, row in zip(hosted, gap, strict=True):
        assert split["total"] == row["total_personnel"]
        assert split["group_personnel"] == row["group_personnel"]
        assert split["military"] + split["police"] == split["total"]
        assert split["group_military"] + split["group_police"] == split["group_personnel"]
    minusma = next(r for r in hosted if r["mission"] == "MINUSMA")
    if group == "oif":  # hand-checked against the map and the February 2014 bulletin
        assert (minusma["total"], minusma["group_personnel"]) == (7093, 5826)
        assert (minusma["military"], minusma["group_military"]) == (6137, 5203)
        assert (minusma["police"], minusma["group_police"]) == (956, 623)


def test_member_personnel_at_both_ends_of_the_period(db: Database) -> None:
    members = store.member_personnel(db, dt.date(2013, 2, 28), FEB_2014, "oif", STATUSES)
    rows = {r["iso3"]: r for r in members.records()}
    rwanda = rows["RWA"]
    assert (rwanda["total_first"], rwanda["total_last"], rwanda["change"]) == (4691, 4802, 111)
    assert rwanda["military_last"] + rwanda["police_last"] == rwanda["total_last"]
    congo = rows["COG"]  # sent nobody since its contingent left in November 2010
    assert congo["total_last"] == 0
    assert congo["last_personnel"] == dt.date(2010, 11, 30)
    assert congo["nobody_since"] == dt.date(2010, 12, 31)
    assert rows["MCO"]["last_personnel"] is None  # Monaco: no personnel in the whole history
    assert rows["LUX"]["last_in_period"] == dt.date(2014, 1, 31)


# --- the page's figures -----------------------------------------------------------------------


def test_political_and_small_missions_never_top_the_gap(history: TestClient) -> None:
    missions = tables(history, "month=2025-07")["missions"]
    unowas = next(r for r in missions if r["mission"] == "UNOWAS")
    assert unowas["total"] == 2 and unowas["share"] == 1.0  # what used to top the ranking
    assert unowas["ranked"] is False and unowas["apart"] == "political"
    ranked = [r for r in missions if r["ranked"]]
    assert ranked and all(r["kind"] == "pko" and r["total"] >= MIN_PERSONNEL for r in ranked)
    assert all(r["apart"] == "small" for r in missions if r["kind"] == "pko" and not r["ranked"])
    shares = [r["share"] for r in ranked]
    assert shares == sorted(shares)  # widest gap (lowest share) first
    html = history.get("/en/francophonie?month=2025-07").text
    summary = re.search(r'id="gap-summary">([^<]*)<', html)
    assert summary is not None and "UNOWAS" not in summary[1] and "BINUH" not in summary[1]
    ranking = html.split('id="gap-ranking"')[1].split("</table>")[0]
    assert 'data-mission="UNOWAS"' not in ranking
    apart = html.split('id="gap-apart"')[1].split("</table>")[0]
    assert 'data-mission="UNOWAS"' in apart and "political or support mission" in apart


def test_february_2014_figures(history: TestClient) -> None:
    data = tables(history, "month=2014-02")
    share = {(r["month"], r["category"]): r for r in data["share"]}
    end = share[("2014-02-28", "all")]
    assert (end["group_personnel"], end["total_personnel"]) == (26076, 98350)
    assert len({r["month"] for r in data["share"]}) == 13  # February 2013 to February 2014
    top = data["top_contributors"]
    assert [r["iso3"] for r in top[:3]] == ["RWA", "SEN", "GHA"]
    assert (top[0]["total_last"], top[0]["total_first"], top[0]["change"]) == (4802, 4691, 111)
    assert len(top) == 10
    assert [r["iso3"] for r in data["stopped"]] == ["LUX"]
    assert {"ALB", "MRT", "GNB", "VUT"} <= {r["iso3"] for r in data["started"]}
    nobody = {r["iso3"]: r for r in data["not_contributing"]}
    assert nobody["COG"]["nobody_since"] == "2010-12-31"
    assert "RWA" not in nobody


def test_sent_nobody_is_a_zero_with_the_month_it_stopped(history: TestClient) -> None:
    french = text_of(history, "/fr/francophonie?month=2014-02")
    assert "Congo n’a envoyé personne depuis décembre 2010" in french
    never = french.split("Aucun personnel depuis le début des données (novembre 1990)\u202f:")[1]
    assert "Monaco" in never.split(".")[0] and "Congo" not in never.split(".")[0]
    assert "Luxembourg a cessé de contribuer après janvier 2014" in french
    assert "s’est retiré" not in french
    figures = text_of(history, "/fr/francophonie?month=2014-02", forms=False).split("Méthode")[0]
    assert "pas de données" not in figures
    english = text_of(history, "/en/francophonie?month=2014-02")
    assert "Congo has sent nobody since December 2010" in english
    assert "Luxembourg stopped contributing after January 2014" in english
    assert "Albania resumed contributing in December 2013" in english


def test_a_one_month_hole_in_the_source_is_not_a_stop_or_a_start(history: TestClient) -> None:
    # Belgium: 2 personnel in June 2024, no row in July, 1 in August
    at_hole = tables(history, "month=2024-07")
    belgium = next(r for r in at_hole["not_contributing"] if r["iso3"] == "BEL")
    assert belgium["probable_source_gap"] is True
    assert "BEL" not in {r["iso3"] for r in at_hole["stopped"]}
    after = tables(history, "from=2024-07&to=2025-07")
    assert "BEL" not in {r["iso3"] for r in after["started"]}
    assert {r["iso3"] for r in after["stopped"]} == {"QAT", "STP"}
    french = text_of(history, "/fr/francophonie?month=2024-07")
    assert "Belgique n’apparaît pas dans la source en juillet 2024" in french
    assert "probable lacune de la source, pas un arrêt" in french


def test_a_hole_between_sizes_far_apart_is_a_start_not_a_gap(history: TestClient) -> None:
    # Bulgaria (an observer then): 20 personnel in July 1992, no row in August, 796 in September
    # (its UNTAC battalion). Absent one month between two present ones, but the sizes are not
    # comparable (pkobs.store.gaps.comparable): it sent nobody in August, then started
    observers = "status=member,observer"
    at_hole = tables(history, f"month=1992-08&{observers}")
    bulgaria = next(r for r in at_hole["not_contributing"] if r["iso3"] == "BGR")
    assert bulgaria["probable_source_gap"] is False
    assert bulgaria["nobody_since"] == "1992-08-31"
    after = tables(history, f"from=1992-08&to=1993-08&{observers}")
    assert "BGR" in {r["iso3"] for r in after["started"]}
    french = text_of(history, f"/fr/francophonie?month=1992-08&{observers}")
    assert "Bulgarie n’apparaît pas dans la source" not in french
    assert "Bulgarie n’a envoyé personne depuis août 1992" in french


def test_a_mission_missing_a_contingent_is_flagged_and_not_named(history: TestClient) -> None:
    # the June 2012 file lacks France's UNIFIL contingent (1,061 in May, 971 in July)
    data = tables(history, "month=2012-06")
    assert [(r["contributor_iso3"], r["mission"]) for r in data["probable_source_gaps"]] == [
        ("FRA", "UNIFIL")
    ]
    html = history.get("/fr/francophonie?month=2012-06").text
    summary = re.search(r'id="gap-summary">([^<]*)<', html)
    assert summary is not None and "FINUL" not in summary[1]
    assert "la ligne France × FINUL manque en juin 2012" in html
    assert "(1\u202f061 membres du personnel le mois d’avant, 971 le mois d’après)" in html


def test_a_month_without_data_says_so_and_names_the_span(history: TestClient) -> None:
    english = text_of(history, "/en/francophonie?month=1989-01")
    assert "No data for January 1989: the data run from November 1990 to July 2025." in english
    html = history.get("/en/francophonie?month=1989-01").text
    assert 'id="not-contributing"' not in html  # no zeros made up for a month without data
    assert "has sent nobody since" not in english
    assert tables(history, "month=1989-01").keys() == {"share"}


def test_a_month_without_mission_split_has_no_gap_of_zeros(history: TestClient) -> None:
    html = history.get("/fr/francophonie?month=2005-01").text
    assert 'id="francophonie-no-split"' in html and 'id="gap-ranking"' not in html
    assert "Aucune source ne ventile janvier 2005 par mission\u202f:" in html
    assert 'id="top-contributors"' in html  # contributor totals exist for that month


def test_the_francophone_lens(history: TestClient) -> None:
    data = tables(history, "group=francophone&month=2014-02")
    iso3 = {r["iso3"] for r in data["top_contributors"]}
    assert "EGY" not in iso3 and "SEN" in iso3  # Egypt is in the OIF, French is not official
    english = text_of(history, "/en/francophonie?group=francophone&month=2014-02")
    assert "countries with French as an official language" in english


# --- data, links and errors -------------------------------------------------------------------


def test_csv_of_each_table_and_of_the_chart(history: TestClient) -> None:
    html = history.get("/en/francophonie?month=2014-02").text
    links = [
        link.replace("&amp;", "&") for link in re.findall(r'class="csv-link" href="([^"]+)"', html)
    ]
    assert any(link.startswith("/api/v1/indicators/share?") for link in links)  # the chart's
    tables_csv = [link for link in links if link.startswith("/en/francophonie.csv")]
    named = {re.search(r"table=([a-z_]+)", link)[1] for link in tables_csv}  # type: ignore[index]
    assert named == {"missions", "top_contributors", "not_contributing", "started", "stopped"}
    for link in links:
        response = history.get(link)
        assert response.status_code == 200 and response.headers["content-type"].startswith(
            "text/csv"
        )
    missions = history.get(next(link for link in links if "table=missions" in link)).text
    rows = list(csv.DictReader(io.StringIO(missions)))
    minusma = next(r for r in rows if r["mission"] == "MINUSMA")
    assert minusma["group_personnel"] == "5826" and minusma["ranked"] == "True"
    share = list(csv.DictReader(io.StringIO(history.get(links[0]).text)))
    assert {"2013-02", "2014-02"} <= {r["month"][:7] for r in share}


def test_linked_from_the_overview_and_the_navigation(history: TestClient) -> None:
    overview = history.get("/fr/").text
    assert 'id="francophonie-link" href="/fr/francophonie?group=oif"' in overview
    assert '<a href="/fr/francophonie">Francophonie</a>' in overview
    page = history.get("/en/francophonie").text
    assert '<a href="/en/francophonie" aria-current="page">Francophonie</a>' in page


def test_bad_parameters_are_refused(history: TestClient) -> None:
    assert history.get("/fr/francophonie?group=au").status_code == 400
    assert history.get("/fr/francophonie?month=2014-13").status_code in (400, 422)
    clash = history.get("/en/francophonie?month=2014-02&to=2014-03")
    assert clash.status_code == 400 and "give one or the other" in clash.text
    assert history.get("/en/francophonie?from=2014-03&to=2014-02").status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        "month=2014-02",
        "month=2011-06",
        "month=2025-07",
        "month=2005-01",
        "month=2024-07",
        "month=2012-06",
        "month=1989-01",
        "group=francophone&from=2010-01&to=2014-02",
    ],
)
def test_french_page_follows_french_typography(history: TestClient, query: str) -> None:
    html = history.get(f"/fr/francophonie?{query}").text
    assert french_problems(visible_text(html), f"/fr/francophonie?{query}") == []
    assert "personnels" not in html


# --- the overview's headline ------------------------------------------------------------------


def test_overview_headline_gives_the_cause(history: TestClient, db: Database) -> None:
    result = compute(db, "drivers", Params(to_month=dt.date(2025, 7, 31)))
    for lang in ("fr", "en"):
        expected = Locale(lang).message(drivers_headline(result))
        html = history.get(f"/{lang}/").text
        found = re.search(r'id="overview-cause">([^<]*)<', html)
        assert found is not None
        assert found[1].replace("&#39;", "'") == expected.replace("'", "'")
        assert "MINUSCA" in found[1]
    french = text_of(history, "/fr/")
    assert french_problems(french.split("Vue d’ensemble")[-1][:600], "/fr/ headline") == []


# --- in a real browser ------------------------------------------------------------------------


@pytest.mark.browser
@requires_chromium
def test_francophonie_page_in_chromium(
    history_server: str, browser: Browser, artifacts: Path
) -> None:
    base = history_server
    with guarded_page(browser) as (page, _):
        for lang, title, congo in (
            ("fr", "La Francophonie dans les opérations de paix", "depuis décembre 2010"),
            ("en", "La Francophonie in UN peace operations", "since December 2010"),
        ):
            page.goto(f"{base}/{lang}/")
            assert "MINUSCA" in page.locator("#overview-cause").inner_text()
            page.screenshot(path=str(artifacts / f"francophonie-overview-{lang}.png"))
            page.click("#francophonie-link")
            page.wait_for_url(f"{base}/{lang}/francophonie?group=oif")
            assert page.locator("h1").inner_text() == title
            page.goto(f"{base}/{lang}/francophonie?month=2014-02")
            assert page.locator(".chart").count() == 1
            wait_for_charts(page)
            assert page.locator("#gap-ranking tbody tr").count() == 6
            first = page.locator("#gap-ranking tbody tr").first.get_attribute("data-mission")
            assert first == "UNFICYP"
            assert congo in page.locator("#not-contributing li[data-iso3='COG']").inner_text()
            page.screenshot(path=str(artifacts / f"francophonie-{lang}.png"), full_page=True)
        page.goto(f"{base}/en/francophonie?month=2025-07")
        page.wait_for_selector(".chart[data-drawn='true']", timeout=20_000)
        assert page.locator("#gap-apart tr[data-mission='UNOWAS']").count() == 1
        assert page.locator("#gap-ranking tr[data-mission='UNOWAS']").count() == 0
        page.set_viewport_size({"width": 390, "height": 844})
        page.reload()
        page.wait_for_selector(".chart[data-drawn='true']", timeout=20_000)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
        page.screenshot(path=str(artifacts / "francophonie-phone.png"), full_page=True)


@pytest.mark.parametrize(
    ("lang", "unifil", "lebanon", "congo"),
    [
        ("fr", "FINUL", "Liban", "République démocratique du Congo"),
        ("en", "UNIFIL", "Lebanon", "Democratic Republic of the Congo"),
    ],
)
def test_the_json_gives_short_names_as_every_other_page(
    history: TestClient, lang: str, unifil: str, lebanon: str, congo: str
) -> None:
    # short_name (the mission's acronym in the page's language), name (the UN's short country
    # name) and host_name beside the old language pairs, which stay
    found = history.get(f"/{lang}/francophonie.json?month=2012-06").json()["tables"]
    missions = {r["mission"]: r for r in found["missions"]}
    assert (
        missions["UNIFIL"]["short_name"] == unifil and missions["UNIFIL"]["acronym_fr"] == "FINUL"
    )
    assert missions["UNIFIL"]["host_name"] == lebanon
    assert missions["UNIFIL"]["name"] == missions["UNIFIL"][f"name_{lang}"]
    gap = found["probable_source_gaps"][0]
    assert (gap["mission"], gap["short_name"]) == ("UNIFIL", unifil)
    assert gap["name"] == "France" and gap["contributor_iso3"] == "FRA"
    congo_mission = missions["MONUSCO"]
    assert congo_mission["host_name"] == congo
    assert congo_mission["host_name_fr"] == "République démocratique du Congo"  # kept


def test_a_single_month_is_said_as_one(history: TestClient) -> None:
    # « de janvier 1995 à janvier 1995 » for a period of one month: « en janvier 1995 »
    french = history.get("/fr/francophonie?from=1995-01&to=1995-01").text
    assert "personnel en tenue de l’ONU en janvier 1995\u202f: leur part" in french
    assert "de janvier 1995 à janvier 1995" not in french
    english = history.get("/en/francophonie?from=1995-01&to=1995-01").text
    assert "uniformed personnel in January 1995: their share" in english
    longer = history.get("/fr/francophonie?from=2024-04&to=2025-04").text
    assert "de l’ONU, d’avril 2024 à avril 2025\u202f: leur part" in longer
