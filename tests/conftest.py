"""Shared fixtures: real IPI data when present, small hand-made files, databases built for tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from pkobs.cli import app
from pkobs.pipeline import ingest_files
from pkobs.store import open_database

ROOT = Path(__file__).resolve().parents[1]
IPI_DIR = Path(os.environ.get("PKOBS_IPI_DIR", ROOT.parent / "shared" / "data" / "ipi"))
GENDER_FILE = IPI_DIR / "Gender.Full.csv"
PPP_FILE = IPI_DIR / "current_month.csv"
DATA = Path(__file__).resolve().parent / "data"
ARTIFACTS = ROOT / "artifacts"

requires_ipi = pytest.mark.skipif(
    not GENDER_FILE.exists() or not PPP_FILE.exists(),
    reason=f"real IPI data not found in {IPI_DIR}",
)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "pkobs.duckdb"


@pytest.fixture
def con(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = open_database(db_path)
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def real_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding both real IPI files (built once per test session; do not modify)."""
    if not GENDER_FILE.exists() or not PPP_FILE.exists():
        pytest.skip(f"real IPI data not found in {IPI_DIR}")
    path = tmp_path_factory.mktemp("real") / "real.duckdb"
    connection = open_database(path)
    ingest_files(connection, [GENDER_FILE, PPP_FILE])
    connection.close()
    return path


@pytest.fixture
def real_con(real_db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(real_db_path), read_only=True)
    yield connection
    connection.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


class Cli:
    """Invoke the real CLI in-process against one database; returns the Click result."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.runner = CliRunner()

    def __call__(self, *args: str, lang: str = "en") -> object:
        return self.runner.invoke(app, ["--db", str(self.db), "--lang", lang, *args])


@pytest.fixture
def cli(db_path: Path) -> Cli:
    return Cli(db_path)
