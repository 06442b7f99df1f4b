"""The small things users hit (issue 13 point 9), against a real server on the shipped history
(November 1990 - July 2025) and in real Chromium, in both languages: codes in another case are
redirected, unknown codes are 404 pages, a country that never contributed reads as a zero, a
period without data says the data's span, the data page describes its tables, licence and
citation, and the key pages fit a phone's width. Screenshots go to /tmp/small/."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest
from markupsafe import escape

from tests.web.chromium import Recorder, guarded_page, requires_chromium

if TYPE_CHECKING:
    from playwright.sync_api import Browser

SHOTS = Path("/tmp/small")
NNBSP = "\u202f"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def shots() -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS


def get(base: str, path: str) -> httpx.Response:
    return httpx.get(base + path, follow_redirects=False, timeout=60)


@pytest.mark.parametrize(
    ("asked", "canonical"),
    [
        ("/en/missions/monusco", "/en/missions/MONUSCO"),
        ("/fr/missions/Minusma?group=francophone", "/fr/missions/MINUSMA?group=francophone"),
        ("/fr/countries/sen", "/fr/countries/SEN"),
        ("/en/countries/Fra.json", "/en/countries/FRA.json"),
    ],
)
def test_a_code_in_another_case_is_a_permanent_redirect(
    history_server: str, asked: str, canonical: str
) -> None:
    response = get(history_server, asked)
    assert response.status_code == 308
    assert response.headers["location"] == canonical
    assert response.headers["x-content-type-options"] == "nosniff"
    assert get(history_server, canonical).status_code == 200


@pytest.mark.parametrize(
    ("path", "said", "back"),
    [
        ("/en/countries/XXX", "Unknown country: XXX", "/en/contributors"),
        ("/fr/countries/XXX", f"Pays inconnu{NNBSP}: XXX", "/fr/contributors"),
        ("/en/missions/NOPE", "Unknown mission: NOPE", "/en/missions"),
        ("/fr/missions/NOPE", f"Mission inconnue{NNBSP}: NOPE", "/fr/missions"),
    ],
)
def test_an_unknown_code_is_a_404_page_in_the_language_with_a_way_back(
    history_server: str, path: str, said: str, back: str
) -> None:
    response = get(history_server, path)
    assert response.status_code == 404
    assert said in response.text
    assert f'href="{back}"' in response.text
    assert f'<html lang="{path[1:3]}">' in response.text


def test_a_country_that_never_contributed_is_a_zero_not_an_empty_profile(
    history_server: str,
) -> None:
    english = get(history_server, "/en/countries/AFG").text
    assert (
        "Afghanistan: no uniformed personnel sent to UN peace operations between November 1990"
        " and July 2025" in english
    )
    assert 'id="country-history"' in english  # a chart of zeros, not the 'no data' notice
    french = get(history_server, "/fr/countries/AFG").text
    assert f"Afghanistan{NNBSP}: aucun membre du personnel en tenue envoyé" in french
    assert "entre novembre 1990 et juillet 2025" in french
    # the month's missions table says zero too, not "no data"
    assert "No uniformed personnel in any UN peace operation in July 2025: a zero" in english
    assert f"opération de paix de l’ONU en juillet 2025{NNBSP}: un zéro" in french
    # a country that did contribute keeps its own sentence, and its empty month is a zero
    iceland = get(history_server, "/en/countries/ISL").text
    assert "has sent nobody since December 2010" in iceland
    assert "No uniformed personnel in any UN peace operation in July 2025" in iceland


SPAN_EN = "the data runs from November 1990 to July 2025."
SPAN_FR = "les données vont de novembre 1990 à juillet 2025."


@pytest.mark.parametrize(
    ("path", "said"),
    [
        ("/en/?from=2030-01&to=2030-01", f"No data for January 2030: {SPAN_EN}"),
        ("/fr/?from=2030-01&to=2030-01", f"Aucune donnée pour janvier 2030{NNBSP}: {SPAN_FR}"),
        (
            "/en/gender?from=1980-01&to=1990-10",
            f"No data from January 1980 to October 1990: {SPAN_EN}",
        ),
        ("/fr/compare?from=2030-04", f"Aucune donnée à partir d’avril 2030{NNBSP}: {SPAN_FR}"),
        ("/fr/contributors?to=1985-06", f"Aucune donnée pour juin 1985{NNBSP}: {SPAN_FR}"),
        (
            "/en/contributors?to=2020-06",
            "No data for June 2020: no source covers this period, although the data runs from"
            " November 1990 to July 2025.",
        ),
    ],
)
def test_a_period_without_data_says_the_span(history_server: str, path: str, said: str) -> None:
    response = get(history_server, path)
    assert response.status_code == 404
    assert said in response.text
    assert f'href="{path.split("?")[0]}"' in response.text  # the same page at its latest month


def test_the_api_says_the_span_in_the_language_asked(history_server: str) -> None:
    french = get(history_server, "/api/v1/indicators/share?from=2030-01&to=2030-01&lang=fr")
    assert french.status_code == 404
    assert french.json() == {
        "error": f"Aucune donnée pour janvier 2030{NNBSP}: {SPAN_FR}",
        "status": 404,
        "data_span": {"first": "1990-11", "last": "2025-07"},
    }
    english = get(history_server, "/api/v1/indicators/trend?to=1989-12&lang=en").json()
    assert english["error"] == f"No data up to December 1989: {SPAN_EN}"
    # a period with some data answers; a registry's indicator keeps its own span
    assert (
        get(history_server, "/api/v1/indicators/share?from=1985-01&to=1991-01").status_code == 200
    )
    registry = get(history_server, "/api/v1/indicators/senior-posts?from=1980-01&to=1980-02")
    assert registry.status_code == 200


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_data_page_describes_tables_licence_and_citation(
    history_server: str, lang: str
) -> None:
    html = get(history_server, f"/{lang}/data").text
    tables = get(history_server, "/api/v1/tables").json()["tables"]
    for table in tables:
        assert f'id="table-{table["name"]}"' in html, table["name"]
    descriptor = get(history_server, f"/datapackage.json?lang={lang}").json()
    assert f'href="/datapackage.json?lang={lang}"' in html
    assert str(escape(descriptor["licenses"][0]["title"])) in html
    assert descriptor["version"] in html  # the citation names the data version
    assert "SHA-256" in html and 'href="/downloads/sources.csv"' in html
    assert ("One row: one month × contributing country × mission" in html) == (lang == "en")
    assert ("Une ligne" + NNBSP + ": un mois × pays contributeur" in html) == (lang == "fr")
    # every column of every table is described in words
    assert "<dd></dd>" not in html
    assert html.count("<dt><code>") == sum(
        len(r["schema"]["fields"]) for r in descriptor["resources"]
    )


def only_the_404s(log: Recorder) -> None:
    """The browser logs a page answered 404 as a console error: that one is expected here."""
    assert all("404" in error for error in log.errors), log.errors
    log.errors.clear()


@pytest.mark.browser
@requires_chromium
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_errors_and_data_page_in_chromium(
    history_server: str, browser: Browser, shots: Path, lang: str
) -> None:
    with guarded_page(browser) as (page, log):
        page.goto(f"{history_server}/{lang}/countries/xxx")  # redirected, then a 404 page
        assert page.url.endswith(f"/{lang}/countries/XXX")
        assert page.locator("h1").inner_text() in ("Error (404)", "Erreur (404)")
        only_the_404s(log)
        page.screenshot(path=str(shots / f"404-{lang}.png"), full_page=True)
        page.goto(f"{history_server}/{lang}/?from=2030-01&to=2030-01")
        alert = page.locator(".error-message").inner_text()
        assert (
            "No data for January 2030" if lang == "en" else "Aucune donnée pour janvier 2030"
        ) in alert
        only_the_404s(log)
        page.screenshot(path=str(shots / f"empty-range-{lang}.png"), full_page=True)
        page.goto(f"{history_server}/{lang}/data")
        page.locator("#table-contributions summary").click()
        assert page.locator("#table-contributions dl.columns").is_visible()
        page.screenshot(path=str(shots / f"data-{lang}.png"), full_page=True)


# page: (path, its key numbers, whether they are in the first screen without any scrolling)
PHONE_PAGES = {
    "overview": ("/", ".figures", True),
    "francophonie": ("/francophonie", ".figures", True),
    "country": ("/countries/SEN", ".facts", True),
    "mission": ("/missions/MONUSCO", ".facts", True),
    "data": ("/data", "table.downloads", True),
}


@pytest.mark.browser
@requires_chromium
@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("name", sorted(PHONE_PAGES))
def test_key_numbers_fit_a_phone(
    history_server: str, browser: Browser, shots: Path, lang: str, name: str
) -> None:
    path, key, first_screen = PHONE_PAGES[name]
    with guarded_page(browser, width=PHONE["width"], height=PHONE["height"]) as (page, _):
        page.goto(f"{history_server}/{lang}{path}")
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= page.evaluate("innerWidth"), f"{name} scrolls sideways ({width}px)"
        box = page.locator(key).first.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        if first_screen:
            assert box["y"] < PHONE["height"], f"{name}: the key numbers are below the first screen"
        page.screenshot(path=str(shots / f"phone-{name}-{lang}.png"))
