"""The indicators' answers in pages (``limit``, ``offset``): metadata, next links, CSV Link header.

On the shipped real history (1990-2025): ``contributors`` for every country over three years
(thousands of rows), ``alerts`` over the whole history (over a thousand rows, each a sentence),
in French and in English, against the full answer (one page of the largest size) and against the
library's own result.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from pkobs.indicators import compute
from pkobs.render.results import folded
from pkobs.settings import Language
from pkobs.store import open_read_only
from pkobs.web.params import MAX_LIMIT, Query

CONTRIBUTORS = "/api/v1/indicators/contributors?group=all&from=2012-01&to=2014-12"
ALERTS = "/api/v1/indicators/alerts?group=all&from=1990-12&to=2025-07"


def unpaged_count(shipped_history: Path, name: str, query: Query) -> int:
    """The number of rows of the library's full result (no web, no paging)."""
    params = query.params()
    db = open_read_only(shipped_history)
    try:
        return len(compute(db, name, params).table.rows)
    finally:
        db.close()


def get(client: TestClient, url: str) -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pages_of_a_long_answer(
    history_client: TestClient, shipped_history: Path, lang: Language
) -> None:
    url = f"{CONTRIBUTORS}&lang={lang}"
    full = get(history_client, f"{url}&limit={MAX_LIMIT}")
    total = unpaged_count(
        shipped_history, "contributors", Query(group="all", from_="2012-01", to="2014-12")
    )
    assert 2_500 < total < MAX_LIMIT  # several pages, the full answer in one of the largest
    assert len(full["rows"]) == full["meta"]["total"] == total
    assert full["meta"]["next"] is None
    first = get(history_client, url)
    meta = first["meta"]
    assert (meta["total"], meta["limit"], meta["offset"]) == (total, 1000, 0)
    assert first["rows"] == full["rows"][:1000]
    # every key of before is still there, with the same values; the extras come whole
    for key in ("name", "title", "unit", "definition", "parameters", "sources", "notes", "extras"):
        assert meta[key] == full["meta"][key], key
    assert meta["next"].startswith("/api/v1/indicators/contributors?")
    assert "offset=1000" in meta["next"] and f"lang={lang}" in meta["next"]
    second = get(history_client, meta["next"])
    assert second["rows"] == full["rows"][1000:2000]
    assert (second["meta"]["offset"], second["meta"]["total"]) == (1000, total)
    # following the links to the end gives back the full answer, row for row
    rows, page, pages = list(first["rows"]), second, 2
    rows += second["rows"]
    while page["meta"]["next"] is not None:
        page = get(history_client, page["meta"]["next"])
        rows += page["rows"]
        pages += 1
    assert rows == full["rows"]
    assert pages == -(-total // 1000)
    last = page["meta"]
    assert last["next"] is None and last["offset"] == (pages - 1) * 1000
    assert len(page["rows"]) == total - last["offset"]
    # past the end: no rows, no next page
    beyond = get(history_client, f"{url}&offset={total + 5}")
    assert beyond["rows"] == [] and beyond["meta"]["next"] is None
    assert beyond["meta"]["total"] == total


def test_pages_are_rendered_in_the_request_language(history_client: TestClient) -> None:
    """The page's sentences and names are in the request's language, the same on a page as in
    the full answer (rows 1000 on of the full answer are the second page)."""
    pages: dict[str, dict[str, Any]] = {}
    for lang in ("fr", "en"):
        full = get(history_client, f"{ALERTS}&lang={lang}&limit={MAX_LIMIT}")
        total = full["meta"]["total"]
        assert total > 1000
        second = get(history_client, f"{ALERTS}&lang={lang}&offset=1000")
        assert second["rows"] == full["rows"][1000:2000]
        assert second["meta"]["next"] is None  # the history's alerts fit in two pages
        pages[lang] = second
    french, english = pages["fr"]["rows"], pages["en"]["rows"]
    assert [r["key"] for r in french] == [r["key"] for r in english]
    assert " le personnel " in french[0]["sentence"]
    assert " personnel " in english[0]["sentence"] and " le " not in english[0]["sentence"]
    assert french[0]["sentence"] != english[0]["sentence"]
    by_code = {r["key"]: (r["name"], e["name"]) for r, e in zip(french, english, strict=True)}
    assert any(fr != en for fr, en in by_code.values())  # names in each reader's language


def test_a_page_as_csv_links_to_the_next(history_client: TestClient) -> None:
    url = f"{CONTRIBUTORS}&lang=en&format=csv"
    response = history_client.get(url)
    assert response.status_code == 200
    link = response.headers["link"]
    assert link.startswith("</api/v1/indicators/contributors?") and link.endswith('>; rel="next"')
    target = link[1 : link.index(">")]
    assert "format=csv" in target and "offset=1000" in target
    first = list(csv.DictReader(io.StringIO(response.text)))
    assert len(first) == 1000
    json_first = get(history_client, f"{CONTRIBUTORS}&lang=en")["rows"]
    assert [r["contributor_iso3"] for r in first] == [r["contributor_iso3"] for r in json_first]
    second = history_client.get(target)
    rows = list(csv.DictReader(io.StringIO(second.text)))
    json_second = get(history_client, f"{CONTRIBUTORS}&lang=en&offset=1000")["rows"]
    assert [(r["month"], r["contributor_iso3"]) for r in rows] == [
        (r["month"], r["contributor_iso3"]) for r in json_second
    ]
    total = get(history_client, f"{CONTRIBUTORS}&lang=en")["meta"]["total"]
    last = history_client.get(f"{url}&offset={total - 10}")
    assert last.status_code == 200 and "link" not in last.headers
    assert len(list(csv.DictReader(io.StringIO(last.text)))) == 10
    small = history_client.get(
        "/api/v1/indicators/share?group=oif&from=2014-01&to=2014-02&format=csv"
    )
    assert small.status_code == 200 and "link" not in small.headers  # a single page


@pytest.mark.parametrize("query", ["limit=0", f"limit={MAX_LIMIT + 1}", "offset=-1", "limit=x"])
def test_bad_pages_are_refused(history_client: TestClient, query: str) -> None:
    response = history_client.get(f"{CONTRIBUTORS}&{query}")
    assert response.status_code == 400, response.text
    assert response.json()["error"]


def test_paging_is_documented_in_the_openapi_schema(history_client: TestClient) -> None:
    operation = history_client.get("/api/v1/openapi.json").json()["paths"][
        "/api/v1/indicators/{name}"
    ]
    described = {p["name"]: p for p in operation["get"]["parameters"]}
    assert described["limit"]["schema"]["default"] == 1000
    assert described["limit"]["schema"]["maximum"] == MAX_LIMIT
    assert described["offset"]["schema"]["minimum"] == 0
    assert "meta.next" in operation["get"]["description"]
    assert 'rel="next"' in operation["get"]["description"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pages_follow_the_reader_order(history_client: TestClient, lang: Language) -> None:
    """``training-centres`` lists its rows by country name in the reader's language (accents
    and case folded): the pages are cut from that order, not from the order of the codes."""
    url = f"/api/v1/indicators/training-centres?lang={lang}"
    full = get(history_client, url)["rows"]
    assert len(full) > 10
    keys = [folded(row["country"]) for row in full]
    assert keys == sorted(keys)  # by name in the reader's language, not by code
    codes = [row["country_iso3"] for row in full]
    assert codes != sorted(codes)
    paged: list[dict[str, Any]] = []
    for offset in range(0, len(full), 7):
        page = get(history_client, f"{url}&limit=7&offset={offset}")
        assert page["meta"]["total"] == len(full)
        paged += page["rows"]
    assert paged == full
