"""HEAD on every GET route, and indicators without a per-mission breakdown (issue 11, 5 and 6)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi import APIRouter
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from pkobs.cli import app as cli_app
from pkobs.web import api, downloads, pages, profiles, registries

# A real value for each path parameter of the application's routes.
PATH_VALUES = {
    "lang": "fr",
    "name": "share",
    "view": "contributions",
    "filename": "countries.csv",
    "iso3": "SEN",
    "acronym": "MINUSMA",
    "mission": "MINUSMA",
    "registry": "training-centres",
}


def concrete(path: str) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1).split(":")[0]
        if name not in PATH_VALUES:
            pytest.fail(f"no test value for path parameter {name!r} of {path}")
        return PATH_VALUES[name]

    return re.sub(r"\{([^}]+)\}", value, path)


ROUTERS: tuple[tuple[str, APIRouter], ...] = (
    ("/api/v1", api.router),
    ("", downloads.router),
    ("", pages.router),
    ("", profiles.router),
    ("", registries.router),
)


def get_routes() -> list[str]:
    """Every GET route of every router the application includes, with real path values."""
    return sorted(
        {
            concrete(prefix + route.path)
            for prefix, router in ROUTERS
            for route in router.routes
            if isinstance(route, APIRoute) and route.methods and "GET" in route.methods
        }
    )


def test_head_answers_every_get_route_like_get_without_body(client: TestClient) -> None:
    paths = get_routes()
    assert len(paths) >= 15
    for path in paths:
        got = client.get(path)
        head = client.head(path)
        assert head.status_code == got.status_code, path
        assert head.status_code != 405, path
        assert head.content == b"", path
        for name in ("content-type", "etag", "content-length", "cache-control"):
            assert head.headers.get(name) == got.headers.get(name), (path, name)
    # static files and the redirect at / answer HEAD too
    assert client.head("/static/style.css").status_code in (200, 404)
    assert client.head("/", follow_redirects=False).status_code in (302, 303, 307)


@pytest.mark.parametrize("name", ["trend", "compare"])
def test_by_mission_on_indicators_without_breakdown_is_a_400(client: TestClient, name: str) -> None:
    response = client.get(f"/api/v1/indicators/{name}?by_mission=true")
    assert response.status_code == 400
    assert "no per-mission breakdown" in response.json()["error"]
    assert client.get(f"/api/v1/indicators/{name}?by_mission=false").status_code == 200


@pytest.mark.parametrize("name", ["trend", "compare"])
def test_cli_by_mission_is_a_clean_error(real_db_path: Path, name: str) -> None:
    for lang, said in (
        ("en", "no per-mission breakdown"),
        ("fr", "pas de ventilation par mission"),
    ):
        result = CliRunner().invoke(
            cli_app,
            ["--db", str(real_db_path), "--lang", lang, "indicator", name, "--by-mission"],
        )
        assert result.exit_code == 2
        assert "Traceback" not in result.output
        assert said in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
