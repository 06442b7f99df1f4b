"""``pkobs serve --workers 2``: a real multi-process server over one read-only database file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from pkobs.web.server import wait_for_health
from tests.conftest import fresh_database
from tests.web.conftest import free_port

# Two workers each import the web stack and open the file: on a machine shared by several test
# runs this takes far longer than the usual second or two.
START_SECONDS = 120


def two_workers(db: Path, port: int) -> subprocess.Popen[bytes]:
    """``pkobs --db DB serve --port PORT --workers 2`` started (its stderr piped)."""
    pkobs = Path(sys.executable).parent / "pkobs"
    return subprocess.Popen(
        [str(pkobs), "--db", str(db), "serve", "--port", str(port), "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_pkobs_serve_with_two_workers(real_db_path: Path) -> None:
    port = free_port()
    process = two_workers(real_db_path, port)
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


def connections_by_process(port: int) -> dict[str, int]:
    """Established connections to ``port`` by the process holding them (``ss``)."""
    import re
    from collections import Counter

    shown = subprocess.run(
        ["ss", "-tnpH", "state", "established", f"( sport = :{port} )"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return dict(Counter(re.findall(r"pid=(\d+)", shown)))


def test_connections_are_spread_over_the_workers(real_db_path: Path) -> None:
    # one listening socket per worker (SO_REUSEPORT): with uvicorn's shared socket, a burst of
    # keep-alive connections went to one worker (32 of 32), the other core idle
    import shutil
    import time

    if shutil.which("ss") is None:
        pytest.skip("ss (iproute2) is not installed")
    port = free_port()
    process = two_workers(real_db_path, port)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(base, START_SECONDS)
        deadline = time.monotonic() + START_SECONDS
        while True:  # until both workers listen (each prepares its data first)
            clients = [httpx.Client(base_url=base, timeout=10) for _ in range(32)]
            try:
                for client in clients:
                    assert client.get("/api/v1/health").status_code == 200
                held = connections_by_process(port)
            finally:
                for client in clients:
                    client.close()
            if len(held) == 2 or time.monotonic() > deadline:
                break
            time.sleep(1)
        assert len(held) == 2, held
        assert sum(held.values()) == 32
        assert min(held.values()) >= 4  # 32 connections over two: rarely fewer than 8
    finally:
        process.terminate()
        process.communicate(timeout=15)


def serve_once(db: Path, lang: str, *options: str) -> subprocess.CompletedProcess[str]:
    """``pkobs --db DB --lang LANG serve OPTIONS`` run to its end (it should not start)."""
    pkobs = Path(sys.executable).parent / "pkobs"
    command = [str(pkobs), "--db", str(db), "--lang", lang, "serve", *options]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def said_once(stderr: str) -> None:
    """One message, and no server start, uvicorn error or C++ abort around it."""
    assert len(stderr.strip().splitlines()) == 1, stderr
    for never in ("servie sur", "serving", "Traceback", "ERROR:", "terminate called", "FATAL"):
        assert never not in stderr, stderr


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_port_in_use_is_said_in_the_run_language(
    template_db: Path, tmp_path: Path, workers: str
) -> None:
    # with one worker it printed "serving on", then uvicorn's "[Errno 98] ... address already in
    # use", and sometimes aborted in C++ at exit (exit code 134): the port is now bound first
    import socket

    db = fresh_database(template_db, tmp_path / "pkobs.duckdb")
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    try:
        for lang, said in (
            ("fr", "le port est déjà utilisé"),
            ("en", "the port is already in use"),
        ):
            result = serve_once(db, lang, "--port", str(port), "--workers", workers)
            assert result.returncode == 3, result.stderr
            assert said in result.stderr
            assert f"127.0.0.1:{port}" in result.stderr
            said_once(result.stderr)
    finally:
        taken.close()


@pytest.mark.parametrize("workers", ["1", "2"])
@pytest.mark.parametrize(
    ("host", "french", "english"),
    [
        ("999.1.1.1", "n’est ni une adresse de cette machine", "is neither an address"),
        ("192.0.2.1", "cette machine n’a pas l’adresse 192.0.2.1", "has no address 192.0.2.1"),
    ],
)
def test_a_bad_host_is_said_in_the_run_language(
    template_db: Path, tmp_path: Path, workers: str, host: str, french: str, english: str
) -> None:
    db = fresh_database(template_db, tmp_path / "pkobs.duckdb")
    for lang, said in (("fr", french), ("en", english)):
        result = serve_once(db, lang, "--host", host, "--workers", workers)
        assert result.returncode == 3, result.stderr
        assert said in result.stderr and "--host" in result.stderr
        said_once(result.stderr)
