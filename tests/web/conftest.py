"""Fixtures for the web tests: the app over the real-data database, and a real uvicorn server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from pkobs.settings import Settings
from pkobs.web import create_app


@pytest.fixture(scope="session")
def web_app(real_db_path: Path) -> FastAPI:
    return create_app(Settings.from_env(db=real_db_path, environ={}))


@pytest.fixture(scope="session")
def client(web_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(web_app) as test_client:
        yield test_client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(db: Path, workers: int = 1) -> tuple[subprocess.Popen[bytes], str]:
    """``pkobs serve`` in a subprocess on a free local port; returns it once it answers."""
    port = free_port()
    env = {**os.environ, "PKOBS_DB": str(db)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "pkobs.web:create_app_from_env",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                return process, base
        except httpx.HTTPError:
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError("the server did not start within 30 s")


@pytest.fixture(scope="session")
def live_server(real_db_path: Path) -> Iterator[str]:
    process, base = start_server(real_db_path)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
