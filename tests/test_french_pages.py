"""Every page of the site, read as a reader sees it: French that a person would have written on
the French pages, no English left there, and no French, option name or column id on the English
pages (issue 13 point 6).

The pages are found from the application's own routes (a new page is checked the day it is
added), rendered over the shipped real history (1990-2025, no ../shared needed), at the
default month, at the three reference months of the bulletin (February 2014, June 2011,
July 2025) and from August 2010 to April 2024 (months that French elides « de » before).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from pkobs.i18n import catalogue
from pkobs.indicators import INDICATORS, Params, compute
from pkobs.refdata.specs import DATA_DIR
from pkobs.settings import Settings
from pkobs.store.database import Database
from pkobs.typography import (
    TypographyProblem,
    english_words,
    french_problems,
    french_words,
    reader_problems,
    visible_text,
)
from pkobs.web import create_app
from tests.test_typography import reference_text

Check = Callable[[str, str], list[TypographyProblem]]
# Path parameters: a few countries (francophone or not, a big contributor, a host) and missions
# (with and without a French acronym, past and present).
SAMPLES = {
    "iso3": ("FRA", "SEN", "COD", "CAN", "BGD"),
    "acronym": ("UNIFIL", "MINUSMA", "MONUSCO", "UNOCI", "UNMISS", "MINUSTAH"),
    "month": ("2014-02", "2011-06"),
    "name": ("2014-02.html", "2016-08.html"),  # August: « Le dernier jour d’août 2016 »
}
# The bulletin's reference months, asked of every page that takes a period (others ignore it),
# and a period from and to months that start with a vowel (« d’août 2010 à avril 2024 »).
QUERIES = (
    "",
    "?from=2013-02&to=2014-02",
    "?to=2011-06&group=francophone",
    "?to=2025-07",
    "?from=2010-08&to=2024-04",
)


@pytest.fixture(scope="module")
def history_path(shipped_history: Path) -> str:
    return str(shipped_history)


@pytest.fixture(scope="module")
def app(history_path: str, tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    home = tmp_path_factory.mktemp("french-pages-home")
    return create_app(Settings.from_env(db=history_path, environ={"PKOBS_HOME": str(home)}))


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


def page_routes(app: FastAPI) -> list[str]:
    """Every HTML page route under ``/{lang}/`` (the API, data files and static files apart)."""
    found: list[str] = []

    def walk(router: object) -> None:
        if (
            isinstance(router, APIRoute)
            and router.path.startswith("/{lang}/")
            and "GET" in (router.methods or set())
        ):
            found.append(router.path)
        for child in getattr(router, "routes", []):
            walk(child)
        if (included := getattr(router, "original_router", None)) is not None:
            walk(included)

    walk(app.router)
    return sorted(set(found))


def page_urls(app: FastAPI, lang: str) -> list[str]:
    urls: list[str] = []
    for route in page_routes(app):
        names = re.findall(r"\{(\w+)\}", route.removeprefix("/{lang}"))
        unknown = [name for name in names if name not in SAMPLES]
        assert not unknown, f"{route}: give SAMPLES values for {unknown}"
        paths = [route.replace("{lang}", lang)]
        for name in names:
            paths = [p.replace("{" + name + "}", v) for p in paths for v in SAMPLES[name]]
        if names and not route.endswith("}"):
            urls += paths  # a file under a page (a bulletin): one rendering is enough
            continue
        urls += [path + query for path in paths for query in QUERIES]
    return urls


def problems_on_pages(client: TestClient, urls: list[str], checks: tuple[Check, ...]) -> list[str]:
    """Each distinct (rule, excerpt) found, with the first page it was found on."""
    found: dict[tuple[str, str], str] = {}
    for index, url in enumerate(urls):
        try:
            response = client.get(url)
        except Exception as error:  # a page that fails is a fault too: report them all at once
            found.setdefault(("the page fails", repr(error)[:200]), url)
            continue
        if response.status_code != 200:
            found.setdefault((f"status {response.status_code}", response.text[:200]), url)
            continue
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue  # a PDF or a data file: the bulletin's own tests read its text
        text = visible_text(response.text)
        if index % 10 == 0:  # a sample of the pages, read by the standard library's parser too
            assert text == reference_text(response.text), f"visible_text misreads {url}"
        for check in checks:
            for problem in check(text, url):
                found.setdefault((problem.rule, problem.excerpt), url)
    return [f"{url}: {rule}: …{excerpt}…" for (rule, excerpt), url in sorted(found.items())]


def test_every_page_route_is_checked(app: FastAPI) -> None:
    routes = page_routes(app)
    for page in ("/{lang}/", "/{lang}/map", "/{lang}/coverage", "/{lang}/data"):
        assert page in routes
    assert "/{lang}/countries/{iso3}" in routes and "/{lang}/missions/{acronym}" in routes
    urls = page_urls(app, "fr")
    assert "/fr/countries/SEN?to=2011-06&group=francophone" in urls
    assert len(urls) >= len(routes) * len(QUERIES)


def test_french_pages_read_as_french(app: FastAPI, client: TestClient) -> None:
    """Typography (U+202F, « », 1er, ’), wording (membres du personnel, a cessé de contribuer),
    no English word, option name or column id in what a reader of a French page sees."""
    problems = problems_on_pages(client, page_urls(app, "fr"), (french_problems, english_words))
    assert problems == [], "\n".join(problems)


def test_english_pages_hold_no_french_nor_ids(app: FastAPI, client: TestClient) -> None:
    problems = problems_on_pages(client, page_urls(app, "en"), (french_words, reader_problems))
    assert problems == [], "\n".join(problems)


def french_acronyms() -> dict[str, str]:
    with (DATA_DIR / "missions.csv").open(encoding="utf-8") as handle:
        return {
            row["acronym"]: row["acronym_fr"]
            for row in csv.DictReader(handle)
            if row["acronym_fr"] and row["acronym_fr"] != row["acronym"]
        }


# Every page that names missions: the list, profiles (a mission whose French acronym differs,
# one whose acronym is the same in both languages, a country serving in many), senior posts
# (with the filter of one mission), the map. The URL keeps the canonical code (/fr/missions/UNIFIL).
ACRONYM_PAGES = (
    "missions",
    "missions/UNIFIL",
    "missions/UNOCI",
    "missions/UNMISS",
    "missions/MINUSMA",
    "countries/FRA",
    "countries/BGD",
    "countries/SEN",
    "senior-posts",
    "senior-posts?mission=UNIFIL",
    "map",
)


def named_acronyms(text: str, acronyms: list[str]) -> list[str]:
    return sorted(a for a in acronyms if re.search(rf"(?<![\w/-]){a}(?![\w-])", text))


@pytest.mark.parametrize("page", ACRONYM_PAGES)
def test_french_pages_name_missions_by_their_french_acronym(client: TestClient, page: str) -> None:
    acronyms = french_acronyms()
    assert acronyms["UNIFIL"] == "FINUL" and acronyms["UNMISS"] == "MINUSS"
    text = visible_text(client.get(f"/fr/{page}").text)
    english = named_acronyms(text, list(acronyms))
    assert english == [], f"/fr/{page} names {english} by their English acronym"
    shown = named_acronyms(text, list(acronyms.values()))
    if page != "missions/MINUSMA":  # MINUSMA is MINUSMA in both languages
        assert shown, f"/fr/{page} shows no French acronym"


@pytest.mark.parametrize("page", ACRONYM_PAGES)
def test_english_pages_name_missions_by_their_english_acronym(
    client: TestClient, page: str
) -> None:
    acronyms = french_acronyms()
    text = visible_text(client.get(f"/en/{page}").text)
    french = named_acronyms(text, list(acronyms.values()))
    assert french == [], f"/en/{page} names {french} by their French acronym"
    if page != "missions/MINUSMA":
        assert named_acronyms(text, list(acronyms)), f"/en/{page} shows no English acronym"


def test_mission_pages_keep_the_canonical_code_in_links_and_data(client: TestClient) -> None:
    """/fr/missions/UNIFIL is titled FINUL; links, filters and data keep the code UNIFIL, with
    the acronym of the page's language beside it (``short_name``)."""
    html = client.get("/fr/missions/UNIFIL").text
    assert re.search(r"<h1>FINUL <span", html) and "<title>FINUL" in html
    assert 'href="/fr/senior-posts?mission=UNIFIL"' in html
    listing = client.get("/fr/missions").text
    assert re.search(r'<a href="/fr/missions/UNIFIL">FINUL</a>', listing)
    options = client.get("/fr/senior-posts?mission=UNIFIL").text
    assert re.search(r'<option value="UNIFIL" selected>FINUL</option>', options)
    assert re.search(r'<option value="UNMISS">MINUSS</option>', options)
    for lang, shown in (("fr", "FINUL"), ("en", "UNIFIL")):
        missions = client.get(f"/{lang}/missions.json").json()["tables"]["missions"]
        unifil = next(r for r in missions if r["acronym"] == "UNIFIL")
        assert unifil["short_name"] == shown
        france = client.get(f"/{lang}/countries/FRA.json").json()["tables"]
        served = {r["mission"]: r["short_name"] for r in france["by_mission"]}
        assert served["UNIFIL"] == shown
        posts = client.get(f"/{lang}/senior-posts.json?mission=UNIFIL").json()["tables"]
        assert {r["short_name"] for r in posts["current"]} == {shown}
        gaps = client.get(f"/{lang}/countries/FRA.json").json()["tables"]["source_gaps"]
        assert {r["short_name"] for r in gaps if r["mission"] == "UNIFIL"} == {shown}
    csv_text = client.get("/fr/countries/FRA.csv?table=by_mission").text
    header, first = csv_text.splitlines()[:2]
    assert header.startswith("mission,short_name,name,") and first.startswith("UNIFIL,FINUL,")


def test_every_indicator_unit_is_in_the_catalogue(history_path: str) -> None:
    """The unit an indicator declares (English, in the API's metadata) has a catalogue entry:
    the same text in English, a French one for the French methodology."""
    with Database.open_read_only(history_path) as db:
        for name in INDICATORS:
            meta = compute(db, name, Params()).meta
            if not meta.unit:
                continue
            key = f"indicator.{name}.unit"
            assert catalogue("en").get(key) == meta.unit, name
            assert english_words(catalogue("fr")[key]) == [], name


def test_the_checks_find_english_and_french_left_over() -> None:
    assert [p.rule for p in english_words("Cible annuelle (8% women in troops)")] == [
        "English on a French page",
        "English on a French page",
        "English on a French page",
    ]
    assert english_words("PER, AND et EST contribuent ; la police des Nations Unies") == []
    assert english_words("Source en.people.cn") == []
    assert [p.rule for p in french_words("Share of members in the mois")] == [
        "French on an English page"
    ]
    assert french_words("Organisation internationale de la Francophonie (OIF), Côte d’Ivoire") == []
    assert [p.rule for p in reader_problems("see group_personnel or --from")] == [
        "an option name in reader-facing text",
        "a column id in reader-facing text",
    ]
    assert [p.rule for p in french_problems("la Côte d'Ivoire")] == [
        "a typographic apostrophe ’ (not ')"
    ]
