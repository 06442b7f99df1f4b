"""Fixtures for the web tests: the app over the real-data database, real uvicorn servers (on the
IPI files and on the shipped history), and the offline-guarded Chromium of ``chromium.py``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from pkobs.settings import Settings
from pkobs.web import create_app
from pkobs.web.server import free_port as free_port  # test_serve.py imports it from here
from pkobs.web.server import running_server
from tests.web.chromium import browser as browser  # the shared Chromium fixtures, for all tests
from tests.web.chromium import lang as lang
from tests.web.chromium import page as page
from tests.web.chromium import page_and_log as page_and_log


@pytest.fixture(scope="session")
def web_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """PKOBS_HOME of the test app (its download cache), never the user's own folder."""
    return tmp_path_factory.mktemp("web-home")


@pytest.fixture(scope="session")
def web_app(real_db_path: Path, web_home: Path) -> FastAPI:
    return create_app(Settings.from_env(db=real_db_path, environ={"PKOBS_HOME": str(web_home)}))


@pytest.fixture(scope="session")
def client(web_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(web_app) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def history_client(
    shipped_history: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    """An in-process client of an app on the shipped history (1990-2025), one per module (its
    own download cache in a PKOBS_HOME of its own)."""
    home = tmp_path_factory.mktemp("history-home")
    settings = Settings.from_env(db=shipped_history, environ={"PKOBS_HOME": str(home)})
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture(scope="session")
def live_server(real_db_path: Path) -> Iterator[str]:
    with running_server(real_db_path) as base:
        yield base


@pytest.fixture(scope="session")
def history_server(shipped_history: Path) -> Iterator[str]:
    """A real server on the shipped history (1990-2025), shared by the browser tests (a long
    start timeout: the machine's two cores are often shared by several test runs)."""
    with running_server(shipped_history, timeout=120) as base:
        yield base


@pytest.fixture(scope="module")
def api(history_server: str) -> Iterator[httpx.Client]:
    """An HTTP client of the shipped-history server: the open API, another path to the figures
    the pages show."""
    with httpx.Client(base_url=history_server, timeout=120) as client:
        yield client
