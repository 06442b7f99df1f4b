"""Every page is also data: ``.json``/``.csv`` suffixes and ``?format=json|csv``."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from tests.web.test_pages import PAGES

DATA_PAGES = [*PAGES, "senior-posts", "training-centres"]


@pytest.mark.parametrize("page", DATA_PAGES)
def test_every_page_is_json(client: TestClient, page: str) -> None:
    path = page or "index"
    response = client.get(f"/en/{path}.json")
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"] == "application/json"
    payload = response.json()
    assert payload["meta"]["lang"] == "en"
    assert payload["meta"]["html"] == f"/en/{page}"
    assert payload == client.get(f"/en/{page}?format=json").json()
    for name, rows in payload["tables"].items():  # each table also as CSV, same rows
        table = client.get(f"/en/{path}.csv?table={name}")
        assert table.status_code == 200
        assert len(list(csv.DictReader(io.StringIO(table.text)))) == len(rows), name


def test_page_csv_is_the_main_table(client: TestClient) -> None:
    response = client.get("/en/contributors.csv?to=2014-02")
    assert response.status_code == 200
    assert 'filename="pkobs-contributors-ranking.csv"' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    share = client.get("/api/v1/indicators/share?from=2014-02&to=2014-02&group=all").json()
    assert sum(int(r["total"]) for r in rows) == share["rows"][0]["total_personnel"]
    assert rows[0]["rank"] == "1"


def test_page_json_shares_the_indicator_definition(client: TestClient) -> None:
    page = client.get("/fr/gender.json").json()["tables"]["gender"]
    api = client.get("/api/v1/indicators/gender?group=all").json()["rows"]
    everyone = [r for r in api if r["scope"] == "all"]
    assert [(r["month"], r["female"], r["personnel"]) for r in page] == [
        (r["month"], r["female"], r["personnel"]) for r in everyone
    ]


def test_json_keeps_the_page_filters(client: TestClient) -> None:
    tables = client.get("/en/senior-posts.json?mission=MONUSCO&post=force_commander").json()
    assert {r["mission"] for r in tables["tables"]["current"]} == {"MONUSCO"}
    assert {r["post"] for r in tables["tables"]["current"]} == {"force_commander"}


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/fr/gender.csv?table=nope", 404),
        ("/fr/about.csv", 404),
        ("/fr/gender?format=xml", 400),
        ("/fr/senior-posts.json?mission=NOPE", 400),
        ("/fr/countries/XXX.json", 404),
        ("/fr/nothing.json", 404),
    ],
)
def test_data_errors_are_json(client: TestClient, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status
    if "format=xml" not in url:  # an unknown format gets the page's error page
        assert response.json()["status"] == status


def test_months_without_data_are_gaps_in_lines_not_bridges() -> None:
    import datetime as dt

    from pkobs.web.charts import Series, with_gaps

    months = [
        dt.date(2014, 7, 31),
        dt.date(2014, 8, 31),
        dt.date(2015, 1, 31),
        dt.date(2015, 2, 28),
    ]
    shown = with_gaps(Series("share", months, [0.3, 0.31, 0.33, 0.34]))
    assert shown.x == [months[0], months[1], dt.date(2014, 9, 30), months[2], months[3]]
    assert shown.y == [0.3, 0.31, None, 0.33, 0.34]
    december = with_gaps(Series("s", [dt.date(2014, 11, 30), dt.date(2015, 2, 28)], [1, 2]))
    assert december.x[1] == dt.date(2014, 12, 31) and december.y[1] is None
