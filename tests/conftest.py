"""Shared fixtures: real IPI data when present, small hand-made files, databases built for tests."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

# With PYTHONDONTWRITEBYTECODE=1 (set in this workplace's shells), every process of a run (the
# xdist controller and workers, the CLI and server subprocesses) compiled every module it
# imports from source, and pytest rewrote every test module again: about 5 s of each worker's
# collection. The bytecode is kept instead outside the working tree (a PYTHONPYCACHEPREFIX in
# the temporary folder, which the subprocesses inherit); a prefix given explicitly is kept.
if sys.dont_write_bytecode and not os.environ.get("PYTHONPYCACHEPREFIX"):
    PYCACHE = Path(tempfile.gettempdir()) / f"pkobs-pycache-{os.getuid()}"
    sys.pycache_prefix = str(PYCACHE)
    sys.dont_write_bytecode = False
    os.environ["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

import duckdb
import pytest
from typer.testing import CliRunner, Result

from pkobs.cli import app
from pkobs.pipeline import ingest_files
from pkobs.snapshot import load_shipped
from pkobs.store import open_database
from tests.scheduling import pytest_xdist_make_scheduler as pytest_xdist_make_scheduler

if TYPE_CHECKING:
    from pkobs.ingest.pdf import PdfReport

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


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database holding the shipped reference data and no contributions, built once
    per session. Never open it: copy it with ``fresh_database``."""
    path = tmp_path_factory.mktemp("template") / "template.duckdb"
    open_database(path).close()
    return path


def fresh_database(template: Path, target: Path) -> Path:
    """A writable copy of the template at ``target``: the same file ``open_database(target)``
    would build, at the cost of a file copy instead of migrating and loading reference data."""
    shutil.copyfile(template, target)
    return target


@pytest.fixture(scope="session")
def small_db(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``tests/data/psdh_small.csv`` ingested into a copy of the template, once per session.
    Never write to it: copy it with ``fresh_database``."""
    path = fresh_database(template_db, tmp_path_factory.mktemp("small") / "small.duckdb")
    connection = open_database(path)
    try:
        ingest_files(connection, [DATA / "psdh_small.csv"])
    finally:
        connection.close()
    return path


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where this test's database lives; the file does not exist yet (commands create it)."""
    return tmp_path / "pkobs.duckdb"


@pytest.fixture
def con(db_path: Path, template_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A fresh, writable database with reference data and no contributions, at ``db_path``."""
    connection = open_database(fresh_database(template_db, db_path))
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


@pytest.fixture(scope="session")
def shipped_history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped snapshot of the real history (1990-2025, no ../shared needed), loaded once per
    test session; open it read-only, never modify it."""
    path = tmp_path_factory.mktemp("shipped") / "history.duckdb"
    load_shipped(path)
    return path


class ParsedReports:
    """``read_report`` once per file (as it stands on disk) and month in a test session.

    The UN's 126 reports take about 35 s to parse; ``tests/ingest/test_pdf.py`` checks what
    the parser reads in each of them and ``tests/test_snapshot.py`` builds the snapshot from
    the same files: both read through one of these (the scheduler puts them on one worker), so
    the files are parsed once, by the code under test, in this session."""

    def __init__(self) -> None:
        self.reports: dict[tuple[Path, dt.date | None, int, int], PdfReport] = {}

    def read(self, path: Path, month: dt.date | None = None) -> PdfReport:
        from pkobs.ingest.pdf.read import read_report  # the parser's own, never a stand-in

        path = Path(path)
        stat = path.stat()
        key = (path.resolve(), month, stat.st_size, stat.st_mtime_ns)
        report = self.reports.get(key)
        if report is None:
            report = self.reports[key] = read_report(path, month)
        return report if report.path == path else dataclasses.replace(report, path=path)


@pytest.fixture(scope="session")
def parsed_reports() -> ParsedReports:
    return ParsedReports()


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

    def __call__(self, *args: str, lang: str = "en") -> Result:
        return self.runner.invoke(app, ["--db", str(self.db), "--lang", lang, *args])


@pytest.fixture
def cli(db_path: Path) -> Cli:
    return Cli(db_path)
