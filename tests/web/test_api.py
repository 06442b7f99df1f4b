"""The open API: same rows as the CLI, CSV vs JSON, ETags, CORS, headers and 4xx, never 5xx."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from pkobs.cli import app as cli_app
from pkobs.indicators import INDICATORS
from pkobs.store.schema import VIEWS

SHARE = "/api/v1/indicators/share?group=oif&status=member&from=2014-02&to=2014-02"


def test_share_matches_the_cli(client: TestClient, real_db_path: Path) -> None:
    response = client.get(SHARE)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    result = CliRunner().invoke(
        cli_app,
        [
            "--db",
            str(real_db_path),
            "indicator",
            "share",
            "--group",
            "oif",
            "--status",
            "member",
            "--from",
            "2014-02",
            "--to",
            "2014-02",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert response.json()["rows"] == json.loads(result.output)["rows"]
    rows = response.json()["rows"]
    assert [r["category"] for r in rows] == ["all", "military", "police"]
    total = rows[0]
    assert total["group_personnel"] == rows[1]["group_personnel"] + rows[2]["group_personnel"]
    assert total["share"] == pytest.approx(total["group_personnel"] / total["total_personnel"])
    meta = response.json()["meta"]
    assert meta["name"] == "share" and meta["parameters"]["from"] == "2014-02"
    assert meta["title"]["fr"] and meta["title"]["en"]


def test_share_as_csv_has_the_same_numbers(client: TestClient) -> None:
    response = client.get(SHARE + "&format=csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    by_json = client.get(SHARE).json()["rows"]
    assert [int(r["group_personnel"]) for r in rows] == [r["group_personnel"] for r in by_json]
    assert list(rows[0]) == ["month", "category", "group_personnel", "total_personnel", "share"]


@pytest.mark.parametrize("name", sorted(INDICATORS))
def test_every_indicator_answers_or_explains(client: TestClient, name: str) -> None:
    response = client.get(f"/api/v1/indicators/{name}?from=2014-01&to=2014-02")
    assert response.status_code in (200, 400), response.text
    if response.status_code == 200:
        assert set(response.json()) == {"rows", "meta"}
    else:
        assert response.json()["error"]


def test_lists(client: TestClient) -> None:
    names = [i["name"] for i in client.get("/api/v1/indicators").json()["indicators"]]
    assert names == list(INDICATORS)
    tables = [t["name"] for t in client.get("/api/v1/tables").json()["tables"]]
    assert tables == list(VIEWS)
    assert client.get("/api/v1/health").json() == {"status": "ok"}


def test_tables_paging_and_csv(client: TestClient) -> None:
    page = client.get("/api/v1/tables/contributions?limit=5&offset=10").json()
    assert len(page["rows"]) == 5
    assert page["meta"]["offset"] == 10 and page["meta"]["total"] > 1000
    following = client.get("/api/v1/tables/contributions?limit=5&offset=15").json()["rows"]
    assert following[0] != page["rows"][0]
    csv_text = client.get("/api/v1/tables/sources?format=csv").text
    header = csv_text.splitlines()[0].split(",")
    assert header[:3] == ["source", "path", "sha256"]
    assert len(csv_text.splitlines()) == 3  # header + the two real IPI files


@pytest.mark.parametrize(
    ("url", "status", "fragment"),
    [
        ("/api/v1/indicators/nope", 404, "unknown indicator"),
        ("/api/v1/indicators/share?from=2014-13", 400, "from"),
        ("/api/v1/indicators/share?from=14-02", 400, "from"),
        ("/api/v1/indicators/share?from=2014-03&to=2014-01", 400, "after"),
        ("/api/v1/indicators/share?group=zz", 400, "unknown group"),
        ("/api/v1/indicators/share?group=OIF;DROP", 400, "group"),
        ("/api/v1/indicators/share?status=king", 400, "status"),
        ("/api/v1/indicators/share?mission=NOPE", 400, "unknown mission"),
        ("/api/v1/indicators/share?format=xml", 400, "format"),
        ("/api/v1/indicators/share?lang=de", 400, "lang"),
        ("/api/v1/tables/ref_countries", 404, "unknown table"),
        ("/api/v1/tables/meta", 404, "unknown table"),
        ("/api/v1/tables/contributions?limit=0", 400, "limit"),
        ("/api/v1/tables/contributions?limit=100000", 400, "limit"),
        ("/api/v1/tables/contributions?offset=-1", 400, "offset"),
        ("/downloads/..%2F..%2Fetc%2Fpasswd", 404, "no download"),
        ("/downloads/contributions.exe", 404, "no download"),
        ("/downloads/meta.csv", 404, "no download"),
    ],
)
def test_bad_parameters_get_a_clear_4xx(
    client: TestClient, url: str, status: int, fragment: str
) -> None:
    response = client.get(url)
    assert response.status_code == status, response.text
    assert fragment in response.json()["error"]


def test_only_reads_are_allowed(client: TestClient) -> None:
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        response = client.request(method, "/api/v1/indicators/share")
        assert response.status_code == 405
        assert "read-only" in response.json()["error"]


def test_etag_and_304(client: TestClient) -> None:
    first = client.get(SHARE)
    etag = first.headers["etag"]
    assert first.headers["cache-control"].startswith("public")
    again = client.get(SHARE, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    stale = client.get(SHARE, headers={"If-None-Match": '"stale"'})
    assert stale.status_code == 200


def test_etag_changes_when_the_database_is_replaced(tmp_path: Path, real_db_path: Path) -> None:
    import shutil

    from pkobs.settings import Settings
    from pkobs.store import open_database
    from pkobs.web import create_app

    db = tmp_path / "copy.duckdb"
    shutil.copy(real_db_path, db)
    with TestClient(create_app(Settings.from_env(db=db, environ={}))) as local:
        before = local.get("/api/v1/tables/sources")
        replacement = tmp_path / "new.duckdb"
        open_database(replacement).close()  # an empty database, renamed over the old one
        replacement.replace(db)
        after = local.get("/api/v1/tables/sources")
    assert before.headers["etag"] != after.headers["etag"]
    assert len(before.json()["rows"]) == 2 and after.json()["rows"] == []


def test_security_and_cors_headers(client: TestClient) -> None:
    for url in (SHARE, "/fr/", "/static/js/charts.js"):
        headers = client.get(url).headers
        assert headers["content-security-policy"].startswith("default-src 'self'")
        assert "unsafe-inline" not in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"]
    api = client.get(SHARE).headers
    assert api["access-control-allow-origin"] == "*"
    assert api["access-control-allow-methods"] == "GET, HEAD, OPTIONS"
    preflight = client.options("/api/v1/indicators/share")
    assert preflight.status_code == 204
    assert "POST" not in preflight.headers["access-control-allow-methods"]


def test_openapi_and_offline_docs(client: TestClient) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/indicators/{name}" in schema["paths"]
    assert not any(path.startswith("/fr") for path in schema["paths"])
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert "/api/v1/indicators/{name}" in docs.text
    assert "cdn" not in docs.text.lower() and "https://" not in docs.text


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_downloads(client: TestClient, fmt: str) -> None:
    response = client.get(f"/downloads/countries.{fmt}")
    assert response.status_code == 200
    assert f"pkobs-countries.{fmt}" in response.headers["content-disposition"]
    if fmt == "csv":
        assert response.text.startswith("iso3,name_en,name_fr")
        assert "FRA,France,France" in response.text
    elif fmt == "xlsx":
        assert response.content[:2] == b"PK"
    else:
        assert response.content[:4] == b"PAR1"
