"""The map: the shipped Geo-PKO layer (equal to a fresh build), the store reads behind it, the
page in both languages with its data table and CSV, the API, and a real headless Chromium that
draws both maps with no request leaving the machine."""

from __future__ import annotations

import csv
import filecmp
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from fastapi.testclient import TestClient

from pkobs.geo import layer, locate, shapes, topology_path
from pkobs.geo.sites import Site, mission_years, sha256
from pkobs.settings import Settings
from pkobs.table import Table
from pkobs.typography import french_problems, visible_text
from pkobs.web import create_app
from pkobs.web.map import shape_ids, with_locations
from tests.web.chromium import guarded_page, requires_chromium

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Response

ROOT = Path(__file__).resolve().parents[2]
GEO_PKO = ROOT.parent / "shared" / "data" / "geo-pko"
OVERVIEW_JS_LIMIT = 2_000_000


@pytest.fixture(scope="module")
def history_db(shipped_history: Path) -> Path:
    """The shipped real history (1990-2025, no ../shared needed), loaded once per session."""
    return shipped_history


@pytest.fixture(scope="module")
def history(history_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    home = tmp_path_factory.mktemp("map-home")
    app = create_app(Settings.from_env(db=history_db, environ={"PKOBS_HOME": str(home)}))
    with TestClient(app) as client:
        yield client


# --- the layer -------------------------------------------------------------------------------


@pytest.mark.skipif(not GEO_PKO.is_dir(), reason=f"Geo-PKO not found in {GEO_PKO}")
def test_shipped_layer_equals_a_fresh_build(tmp_path: Path) -> None:
    built = layer.build(GEO_PKO, tmp_path)
    for name in (layer.SITES_FILE, layer.CENTRES_FILE, layer.MANIFEST_FILE):
        assert filecmp.cmp(tmp_path / name, layer.data_dir() / name, shallow=False), name
    front_map = next(s for s in built["sources"] if s["path"].startswith("geo-pko/"))
    assert front_map["sha256"] == sha256(GEO_PKO / "FrontMap_v.2.3.csv")


def test_manifest_names_sources_with_sha256() -> None:
    sources = layer.manifest()["sources"]
    assert [s["path"] for s in sources] == [
        "geo-pko/FrontMap_v.2.3.csv",
        "world-atlas/countries-50m.json",
    ]
    assert all(re.fullmatch(r"[0-9a-f]{64}", s["sha256"]) for s in sources)
    assert sources[1]["sha256"] == sha256(topology_path())


def test_headquarters_win_over_the_centroid_and_the_nearest_year_is_used() -> None:
    minusma = locate("MINUSMA", 2014, "MLI")
    assert minusma is not None and (minusma.method, minusma.location) == ("hq", "Bamako")
    # 2025 is past Geo-PKO's last year (2024): the nearest year is used
    late = locate("MONUSCO", 2025, "COD")
    assert late is not None and (late.year, late.location) == (2024, "Kinshasa")
    # MINURCAT has no headquarters coded: the personnel-weighted centre of its sites (Chad/CAR)
    minurcat = locate("MINURCAT", 2010, "TCD")
    assert minurcat is not None and minurcat.method == "centroid"
    assert 5 < minurcat.latitude < 16 and 14 < minurcat.longitude < 24
    # a special political mission Geo-PKO does not map: the centre of its host country
    unama = locate("UNAMA", 2014, "AFG")
    assert unama is not None and unama.method == "host_country"
    assert 29 < unama.latitude < 38 and 61 < unama.longitude < 71
    assert locate("NOSUCH", 2014, None) is None


def test_every_reference_mission_has_a_place() -> None:
    missions = ROOT / "src" / "pkobs" / "refdata" / "data" / "missions.csv"
    with missions.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        for year in range(int(row["start_date"][:4]), int((row["end_date"] or "2025")[:4]) + 1):
            assert locate(row["acronym"], year, row["host_iso3"]) is not None, row["acronym"]


def test_a_mission_without_a_place_has_no_point() -> None:
    missions = Table(["mission", "host_iso3", "total"], [("UNIFIL", "LBN", 9), ("NOSUCH", None, 3)])
    placed = with_locations(missions, 2014).records()
    assert (placed[0]["location"], placed[0]["location_method"]) == ("Naqoura", "hq")
    assert placed[1]["latitude"] is None and placed[1]["location_method"] is None


def test_the_weighted_centroid_follows_the_troops() -> None:
    sites = [
        Site("X", 2000, "A", 0.0, 0.0, 300, False),
        Site("X", 2000, "B", 10.0, 10.0, 100, False),
        Site("Y", 2000, "C", 0.0, 0.0, 0, False),
        Site("Y", 2000, "D", 10.0, 20.0, 0, True),
    ]
    x, y = mission_years(sites)
    assert (x.method, x.latitude, x.longitude, x.sites) == ("centroid", 2.5, 2.5, 2)
    assert (y.method, y.location, y.latitude, y.longitude) == ("hq", "D", 10.0, 20.0)
    assert (y.centroid_latitude, y.centroid_longitude) == (5.0, 10.0)  # plain mean: no troops


def test_topology_shapes_carry_iso3_codes() -> None:
    codes = {s.iso3 for s in shapes()}
    assert {"SEN", "FRA", "COD", "XKX", "FJI", "BGD", "RWA"} <= codes
    assert len(shape_ids()["FRA"]) == 1


# --- the page and the API --------------------------------------------------------------------


@pytest.mark.parametrize("group", ["oif", "francophone", "au"])
def test_map_agrees_with_the_share_indicator_by_mission(history: TestClient, group: str) -> None:
    missions = history.get(f"/api/v1/map?month=2014-02&group={group}").json()["missions"]
    share_url = f"/api/v1/indicators/share?from=2014-02&to=2014-02&by_mission=true&group={group}"
    share = history.get(share_url).json()["rows"]
    expected = {
        r["mission"]: (r["group_personnel"], r["total_personnel"])
        for r in share
        if r["category"] == "all"
    }
    assert {r["mission"]: (r["group_personnel"], r["total"]) for r in missions} == expected
    minusma = next(r for r in missions if r["mission"] == "MINUSMA")
    assert minusma["total"] == 7093
    if group == "oif":
        assert minusma["group_personnel"] == 5826
    assert minusma["military"] + minusma["police"] == minusma["total"]
    assert minusma["location"] == "Bamako" and minusma["location_year"] == 2014


def test_french_page_uses_french_acronyms_and_french_typography(history: TestClient) -> None:
    page = history.get("/fr/map?month=2014-02")
    assert page.status_code == 200
    html = page.text
    assert "Carte des déploiements" in html and "février 2014" in html
    assert ">FINUL</abbr>" in html and ">ONUCI</abbr>" in html and ">UNIFIL</abbr>" not in html
    assert "membres du personnel" in html and "personnels" not in html
    assert "\u202f:" in html
    block = re.search(r'id="mission-map-spec">(.*?)</script>', html, re.S)
    assert block is not None
    spec = json.loads(block[1])
    labels = {p["id"]: p["label"] for p in spec["points"]}
    assert labels["UNIFIL"] == "FINUL" and labels["UNMISS"] == "MINUSS"
    # bubbles: largest first, area proportional to personnel
    radii = [p["r"] for p in spec["points"]]
    assert radii == sorted(radii, reverse=True)
    assert spec["topology"] == "/static/vendor/world-atlas/countries-50m.json"


@pytest.mark.parametrize("month", ["2014-02", "2005-01", "1989-01", "2025-07"])
def test_french_pages_and_tooltips_follow_french_typography(
    history: TestClient, month: str
) -> None:
    html = history.get(f"/fr/map?month={month}").text
    problems = french_problems(visible_text(html), f"/fr/map?month={month}")
    for block in re.findall(r'type="application/json" id="[^"]+">(.*?)</script>', html, re.S):
        spec = json.loads(block)
        tooltips = [p["title"] for p in spec.get("points", [])]
        for text in [*tooltips, *spec.get("titles", {}).values()]:
            problems += french_problems(text, "tooltip")
    assert problems == []


def test_english_page_and_csv_links(history: TestClient) -> None:
    html = history.get("/en/map?month=2014-02&group=oif").text
    assert "Map of deployments" in html and "February 2014" in html
    assert ">UNIFIL</abbr>" in html and ">FINUL</abbr>" not in html
    links = re.findall(r'class="csv-link" href="([^"]+)"', html)
    assert len(links) == 2
    rows = list(csv.DictReader(io.StringIO(history.get(links[1].replace("&amp;", "&")).text)))
    pakistan = next(r for r in rows if r["contributor_iso3"] == "PAK")
    assert pakistan["total"] == "8266" and pakistan["is_member"] == "False"
    senegal = next(r for r in rows if r["contributor_iso3"] == "SEN")
    assert senegal["is_member"] == "True"
    tables = history.get("/en/map.json?month=2014-02").json()["tables"]
    assert {"missions", "contributors"} <= tables.keys()


def test_group_all_counts_every_contributor(history: TestClient) -> None:
    payload = history.get("/api/v1/map?month=2014-02&group=all").json()
    assert {r["share"] for r in payload["missions"]} == {1.0}
    assert all(r["is_member"] for r in payload["contributors"])


def test_titles_name_the_group_in_each_language(history: TestClient) -> None:
    french = history.get("/fr/map?month=2014-02&group=oif").text
    assert "la part des membres de l’OIF</h2>" in french
    english = history.get("/en/map?month=2014-02&group=francophone").text
    assert "share of countries with French as an official language</h2>" in english


def test_month_without_mission_split_says_so_instead_of_zeros(history: TestClient) -> None:
    html = history.get("/en/map?month=2005-01").text
    assert 'id="map-no-split"' in html and "January 2005" in html
    assert 'id="mission-map"' not in html  # no map of zeros
    assert 'id="contributor-map"' in html  # contributor totals exist for that month
    api = history.get("/api/v1/map?month=2005-01").json()
    assert api["mission_split"] is False and api["missions"] == []
    assert sum(r["total"] for r in api["contributors"]) > 50_000
    french = history.get("/fr/map?month=2005-01").text
    assert "Aucune source ne ventile janvier 2005 par mission\u202f:" in french


def test_previous_and_next_month_links(history: TestClient) -> None:
    html = history.get("/fr/map?month=2014-02&group=au").text
    assert (
        'href="/fr/map?month=2014-01&amp;group=au&amp;status=member%2Cassociate" rel="prev"' in html
    )
    assert "Mois suivant (mars 2014) →" in html
    last = history.get("/en/map?month=2025-07").text
    assert 'rel="prev"' in last and 'rel="next"' not in last  # July 2025 is the last month


def test_month_without_data_names_the_span(history: TestClient) -> None:
    html = history.get("/en/map?month=1989-01").text
    assert 'id="map-no-data"' in html and "November 1990" in html and "July 2025" in html


def test_bad_parameters_are_refused(history: TestClient) -> None:
    assert history.get("/api/v1/map?group=nosuch").status_code == 400
    assert history.get("/api/v1/map?month=2014-13").status_code == 400
    assert history.get("/fr/map?group=nosuch").status_code == 400


def test_map_scripts_load_only_on_the_map_page(history: TestClient) -> None:
    overview = history.get("/fr/").text
    assert "map.js" not in overview
    assert '<a href="/fr/map">Carte</a>' in overview  # linked from every page's navigation
    scripts = re.findall(r'<script src="([^"]+)"', overview)
    size = sum(len(history.get(s).content) for s in scripts)
    assert size <= OVERVIEW_JS_LIMIT
    page = history.get("/fr/map").text
    assert re.findall(r'<script src="([^"]+)"', page) == [
        "/static/js/month-picker.js",
        "/static/js/map.js",
    ]
    topology = history.get("/static/vendor/world-atlas/countries-50m.json")
    assert topology.status_code == 200 and topology.json()["type"] == "Topology"
    assert history.get("/static/vendor/world-atlas/LICENSE.txt").status_code == 200


# --- in a real browser -----------------------------------------------------------------------


@pytest.mark.browser
@requires_chromium
def test_maps_render_offline_in_chromium(
    history_server: str, browser: Browser, artifacts: Path
) -> None:
    base = history_server
    with guarded_page(browser) as (page, _):
        for lang, month, label in (("fr", "2014-02", "FINUL"), ("en", "2014-02", "UNIFIL")):
            page.goto(f"{base}/{lang}/map?month={month}")
            page.wait_for_selector(".map[data-drawn='true']", timeout=20_000)
            assert page.locator(".map[data-drawn='true']").count() == 2
            assert page.locator("#contributor-map svg path").count() > 200
            circles = page.locator("#mission-map circle")
            assert circles.count() == 17
            title = page.locator("#mission-map circle[data-mission='UNIFIL'] title")
            assert title.text_content().startswith(label)  # type: ignore[union-attr]
            page.screenshot(path=str(artifacts / f"map-{lang}.png"), full_page=True)
        page.goto(f"{base}/en/map?month=2005-01")
        page.wait_for_selector("#contributor-map[data-drawn='true']", timeout=20_000)
        assert page.locator("#mission-map").count() == 0
        assert page.locator("#map-no-split").is_visible()


@pytest.mark.browser
@requires_chromium
def test_overview_javascript_fetched_by_chromium_is_at_most_2_mb(
    history_server: str, browser: Browser
) -> None:
    """What the browser really downloads as script for the overview (vendor Plotly included,
    and anything a script loads later), not only the tags of the HTML: at most 2 MB."""
    for lang in ("fr", "en"):
        with guarded_page(browser) as (page, _):
            scripts: dict[str, int] = {}

            def record(response: Response, scripts: dict[str, int] = scripts) -> None:
                if response.request.resource_type == "script":
                    scripts[response.url] = len(response.body())

            page.on("response", record)
            page.goto(f"{history_server}/{lang}/")
            page.wait_for_selector(".chart[data-drawn='true']", timeout=20_000)
            page.wait_for_load_state("networkidle")
            assert any(url.endswith("/plotly-basic.min.js") for url in scripts)
            assert not any("map.js" in url for url in scripts)
            assert 0 < sum(scripts.values()) <= OVERVIEW_JS_LIMIT, scripts


@pytest.mark.parametrize(
    ("lang", "unifil", "congo"),
    [
        ("fr", "FINUL", "République démocratique du Congo"),
        ("en", "UNIFIL", "Democratic Republic of the Congo"),
    ],
)
def test_the_json_gives_short_names_as_every_other_page(
    history: TestClient, lang: str, unifil: str, congo: str
) -> None:
    # the page's JSON: short_name (the acronym the UN uses in the page's language) and name
    # (the UN's short country name) as /missions.json and the profiles give them; the old keys
    # stay, so no client breaks
    tables = history.get(f"/{lang}/map.json?month=2014-02").json()["tables"]
    missions = {r["mission"]: r for r in tables["missions"]}
    assert missions["UNIFIL"]["short_name"] == unifil
    assert missions["UNIFIL"]["acronym_fr"] == "FINUL"  # kept
    assert missions["UNIFIL"]["name"] == missions["UNIFIL"][f"name_{lang}"]
    listed = {
        r["acronym"]: r for r in history.get(f"/{lang}/missions.json").json()["tables"]["missions"]
    }
    assert missions["UNIFIL"]["short_name"] == listed["UNIFIL"]["short_name"]
    contributors = {r["contributor_iso3"]: r for r in tables["contributors"]}
    assert contributors["COD"]["name"] == congo
    assert {"name_en", "name_fr"} <= contributors["COD"].keys()  # kept
    # the language-free API gives both, like the store's other reads
    api = {r["mission"]: r for r in history.get("/api/v1/map?month=2014-02").json()["missions"]}
    assert (api["UNIFIL"]["short_name_fr"], api["UNIFIL"]["short_name_en"]) == ("FINUL", "UNIFIL")
    csv_rows = list(csv.DictReader(io.StringIO(history.get(f"/{lang}/map.csv?month=2014-02").text)))
    assert next(r for r in csv_rows if r["mission"] == "UNIFIL")["short_name"] == unifil


LABEL_BOXES = """() => {
  const svg = document.querySelector('#mission-map svg');
  const scale = svg.clientWidth / svg.viewBox.baseVal.width;
  const frame = svg.getBoundingClientRect();
  return Array.from(svg.querySelectorAll('text')).map(text => {
    const r = text.getBoundingClientRect();
    const size = parseFloat(text.parentNode.getAttribute('font-size'));
    return {label: text.textContent, px: size * scale, box: [r.left, r.top, r.right, r.bottom],
            frame: [frame.left, frame.top, frame.right, frame.bottom]};
  });
}"""


@pytest.mark.browser
@requires_chromium
@pytest.mark.parametrize(("lang", "largest"), [("fr", "MINUAD"), ("en", "UNAMID")])
@pytest.mark.parametrize("width", [390, 1280])
def test_mission_labels_are_readable_and_apart_at_phone_and_desktop_widths(
    history_server: str, browser: Browser, artifacts: Path, lang: str, largest: str, width: int
) -> None:
    with guarded_page(browser, width=width, height=844) as (page, _):
        page.goto(f"{history_server}/{lang}/map?month=2013-03")
        page.wait_for_selector("#mission-map[data-drawn='true']", timeout=20_000)
        labels = page.evaluate(LABEL_BOXES)
        page.locator("#mission-map").screenshot(
            path=str(artifacts / f"map-labels-{lang}-{width}.png")
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    names = [label["label"] for label in labels]
    assert largest in names and len(names) >= 4, names
    for label in labels:
        assert label["px"] >= 11.9, label  # 12 CSS pixels at least, on a phone too
        left, top, right, bottom = label["box"]
        frame = label["frame"]
        assert frame[0] - 1 <= left and right <= frame[2] + 1, label  # not cut by the map's edge
        assert frame[1] - 1 <= top and bottom <= frame[3] + 1, label
    for index, one in enumerate(labels):
        for other in labels[index + 1 :]:
            a, b = one["box"], other["box"]
            apart = a[2] <= b[0] + 1 or b[2] <= a[0] + 1 or a[3] <= b[1] + 1 or b[3] <= a[1] + 1
            assert apart, (one, other)


@pytest.mark.browser
@requires_chromium
def test_the_labels_are_laid_out_again_when_the_window_narrows(
    history_server: str, browser: Browser
) -> None:
    """Drawn at 1280 px, then the window made 390 px wide (a phone turned, a narrowed window):
    one map, drawn again for its new width, its labels 12 px at least and inside the map."""
    with guarded_page(browser, width=1280, height=844) as (page, _):
        page.goto(f"{history_server}/fr/map?month=2013-03")
        page.wait_for_selector("#mission-map[data-drawn='true']", timeout=20_000)
        wide = page.evaluate(LABEL_BOXES)
        font = "() => document.querySelector('#mission-map svg .labels').getAttribute('font-size')"
        before = page.evaluate(font)
        page.set_viewport_size({"width": 390, "height": 844})
        # drawn again: the labels' size in map units grows as the map narrows
        page.wait_for_function(
            f"wide => ({font})() !== wide && ({font})() !== null", arg=before, timeout=10_000
        )
        narrow = page.evaluate(LABEL_BOXES)
        assert page.locator("#mission-map svg").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert min(label["px"] for label in wide) >= 11.9
    assert len(narrow) < len(wide)  # fewer fit on the narrow map
    for label in narrow:
        assert label["px"] >= 11.9, label
        left, _, right, _ = label["box"]
        assert label["frame"][0] - 1 <= left and right <= label["frame"][2] + 1, label
