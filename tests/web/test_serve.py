"""``pkobs serve --workers 2``: a real multi-process server over one read-only database file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx

from pkobs.web.server import wait_for_health
from tests.web.conftest import free_port

# Two workers each import the web stack and open the file: on a machine shared by several test
# runs this takes far longer than the usual second or two.
START_SECONDS = 120


def test_pkobs_serve_with_two_workers(real_db_path: Path) -> None:
    port = free_port()
    pkobs = Path(sys.executable).parent / "pkobs"
    process = subprocess.Popen(
        [str(pkobs), "--db", str(real_db_path), "serve", "--port", str(port), "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(base, START_SECONDS)  # ServerStartError when it never answers
        url = base + "/api/v1/indicators/share?from=2014-02&to=2014-02"
        responses = [httpx.get(url, timeout=10) for _ in range(12)]
        assert {r.status_code for r in responses} == {200}
        assert len({r.headers["etag"] for r in responses}) == 1  # same data, same ETag
        assert len({r.content for r in responses}) == 1
        assert (
            httpx.get(base + "/", headers={"Accept-Language": "en"}, follow_redirects=True).url.path
            == "/en/"
        )
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=15)
    assert b"Started parent process" in stderr or b"Uvicorn running" in stderr


def test_serve_help() -> None:
    from typer.testing import CliRunner

    from pkobs.cli import app

    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--workers" in result.output and "--port" in result.output
