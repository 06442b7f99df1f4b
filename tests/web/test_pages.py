"""Every page in both languages: language, navigation, accessible charts, links and errors."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from fastapi.testclient import TestClient

from pkobs.i18n import all_keys

PAGES = [
    "",
    "contributors",
    "countries/FRA",
    "missions",
    "missions/MINUSTAH",
    "missions/MONUSCO",
    "gender",
    "senior-posts",
    "training-centres",
    "compare",
    "data",
    "methodology",
    "about",
    "coverage",
]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_page_renders_in_both_languages(client: TestClient, lang: str, page: str) -> None:
    response = client.get(f"/{lang}/{page}")
    assert response.status_code == 200, response.text[:500]
    html = response.text
    assert f'<html lang="{lang}">' in html
    assert 'class="skip-link" href="#main"' in html and 'id="main"' in html
    other = "en" if lang == "fr" else "fr"
    assert f'class="lang-switch" href="/{other}/{page}"' in html
    assert "<script>" not in html and "onclick" not in html  # CSP: no inline script
    for table in re.findall(r"<table.*?</table>", html, flags=re.S):
        assert "<caption>" in table
    assert response.headers["etag"]


def test_root_redirects_by_accept_language(client: TestClient) -> None:
    cases = {
        "en-GB,en;q=0.9,fr;q=0.8": "/en/",
        "fr-CA,fr;q=0.9,en;q=0.5": "/fr/",
        "de-DE,en;q=0.5": "/en/",
        "de-DE": "/fr/",
        "en;q=0.2,fr;q=0.9": "/fr/",
        "": "/fr/",
    }
    for header, target in cases.items():
        response = client.get("/", headers={"Accept-Language": header}, follow_redirects=False)
        assert response.status_code == 307
        assert response.headers["location"] == target, header
    assert client.get("/en", follow_redirects=False).headers["location"] == "/en/"


def test_overview_figures_are_formatted_per_locale(client: TestClient) -> None:
    french = client.get("/fr/").text
    english = client.get("/en/").text
    assert "mars 2014" in french and "March 2014" in english
    share = client.get("/api/v1/indicators/share?from=2014-03&to=2014-03").json()["rows"][0]
    shown_fr = f"{share['share'] * 100:.1f}".replace(".", ",") + "\u00a0%"
    assert shown_fr in french
    assert f"{share['share'] * 100:.1f}%" in english


def test_chart_carries_data_table_csv_link_and_permalink(client: TestClient) -> None:
    html = client.get("/en/?from=2013-01&to=2013-06&group=oif&status=member").text
    spec = re.search(
        r'<script type="application/json" id="share-trend-spec">(.*?)</script>', html, re.S
    )
    assert spec is not None
    traces = json.loads(spec.group(1))["traces"]
    assert traces[0]["x"][0] == "2013-01" and len(traces[0]["x"]) == 6
    csv_link = re.search(r'class="csv-link" href="([^"]+)"', html)
    assert csv_link is not None
    url = csv_link.group(1).replace("&amp;", "&")
    assert "from=2013-01" in url and "to=2013-06" in url and "status=member" in url
    rows = list(csv.DictReader(io.StringIO(client.get(url).text)))
    shares = [float(r["share"]) for r in rows if r["category"] == "all"]
    assert shares == pytest.approx(traces[0]["y"])
    assert 'class="permalink" href="/en/?group=oif&amp;status=member&amp;from=2013-01' in html
    assert 'value="2013-01"' in html  # the form reopens with the same period
    headline = client.get("/api/v1/indicators/share?status=member&from=2014-03&to=2014-03").json()
    latest = f"{headline['rows'][0]['share'] * 100:.1f}%"
    assert f"Share of OIF</dt><dd>{latest}</dd>" in html  # the headline stays on the latest month


def test_page_chart_csv(client: TestClient) -> None:
    response = client.get("/fr/countries/SEN?chart=country-history&format=csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows and all(int(r["military"]) + int(r["police"]) == int(r["total"]) for r in rows)
    assert client.get("/fr/countries/SEN?chart=nope&format=csv").status_code == 404


def test_ranking_links_to_country_profiles(client: TestClient) -> None:
    html = client.get("/en/contributors?to=2014-02").text
    links = re.findall(r'href="/en/countries/([A-Z]{3})"', html)
    assert len(links) > 50
    ranking = client.get("/api/v1/indicators/share?from=2014-02&to=2014-02&group=all").json()
    total = ranking["rows"][0]["total_personnel"]
    shown = [
        int(v.replace(",", "")) for v in re.findall(r'<td class="num">([\d,]+)</td></tr>', html)
    ]
    assert sum(shown) == total  # the ranking's totals add up to all uniformed personnel


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/fr/countries/XXX", 404),
        ("/fr/countries/FRAN", 400),  # lower case is a 308 (test_small_things.py)
        ("/en/missions/NOPE", 404),
        ("/fr/?from=2014-13", 400),
        ("/en/?group=nope", 400),
        ("/de/", 404),
        ("/fr/nothing", 404),
        ("/fr/compare?groups=oif,nope", 400),
    ],
)
def test_page_errors_are_pages(client: TestClient, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert "text/html" in response.headers["content-type"]
    assert 'role="alert"' in response.text


def test_static_plotly_is_vendored_and_small(client: TestClient) -> None:
    html = client.get("/fr/").text
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert all(s.startswith("/static/") for s in scripts)
    total = sum(len(client.get(s).content) for s in scripts)
    assert total <= 2_000_000
    assert client.get("/static/vendor/plotly-LICENSE.txt").status_code == 200


def test_web_catalogues_have_the_same_keys() -> None:
    keys = all_keys()
    assert keys["fr"] == keys["en"]
    assert "nav.overview" in keys["fr"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_methodology_defines_every_indicator(client: TestClient, lang: str) -> None:
    """Each indicator's section has its title and definition (drivers, which compares two
    months, included: a one-month range is an error for it)."""
    response = client.get(f"/{lang}/methodology.json")
    assert response.status_code == 200
    definitions = response.json()["tables"]["definitions"]
    names = [d["name"] for d in definitions]
    assert "drivers" in names and "share" in names
    for item in definitions:
        assert item["definition"], item["name"]
        assert item["title"] != item["name"], item["name"]
