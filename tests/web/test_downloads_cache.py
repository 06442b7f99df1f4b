"""Downloads are built once per data version, on disk, a bounded number at a time (issue 11, 4)
and CSV cells that look like formulas are neutralised everywhere (issue 11, 10)."""

from __future__ import annotations

import asyncio
import csv
import io
import shutil
import threading
import time
from pathlib import Path

import duckdb
import httpx
import pytest
from fastapi.testclient import TestClient

from pkobs.render import xlsx
from pkobs.render.export import export_table
from pkobs.settings import Settings
from pkobs.store import open_database
from pkobs.table import Table
from pkobs.web import create_app, downloads
from pkobs.web.render import csv_bytes

XLSX = "/downloads/all_contributions.xlsx"


@pytest.fixture
def app_over_copy(real_db_path: Path, tmp_path: Path) -> tuple[Settings, TestClient]:
    db = tmp_path / "copy.duckdb"
    shutil.copyfile(real_db_path, db)
    settings = Settings(home=tmp_path / "home", db_path=db, lang="en")
    return settings, TestClient(create_app(settings))


class CountingExport:
    """Counts calls to export_table and how many run at the same time (a real export each)."""

    def __init__(self) -> None:
        self.calls = 0
        self.running = 0
        self.most = 0
        self.lock = threading.Lock()

    def __call__(self, con: duckdb.DuckDBPyConnection, view: str, fmt: str, out: Path) -> int:
        with self.lock:
            self.calls += 1
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            return export_table(con, view, fmt, out)
        finally:
            with self.lock:
                self.running -= 1


def test_download_is_built_once_per_data_version_and_streamed_from_disk(
    app_over_copy: tuple[Settings, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings, client = app_over_copy
    counting = CountingExport()
    monkeypatch.setattr(downloads, "export_table", counting)
    first = client.get(XLSX)
    assert first.status_code == 200 and first.content.startswith(b"PK")
    started = time.monotonic()
    second = client.get(XLSX)
    assert time.monotonic() - started < 1.0
    assert second.content == first.content and counting.calls == 1
    built = list((settings.home / downloads.CACHE_FOLDER).rglob("all_contributions.xlsx"))
    assert len(built) == 1 and built[0].read_bytes() == first.content
    assert not list(built[0].parent.glob("*.part"))  # the temporary file was renamed
    # a new data version (the file is replaced) builds a new file, in its own folder
    replacement = settings.db_path.with_name("next.duckdb")
    shutil.copyfile(settings.db_path, replacement)
    replacement.replace(settings.db_path)
    assert client.get(XLSX).status_code == 200 and counting.calls == 2
    assert len(list((settings.home / downloads.CACHE_FOLDER).rglob("all_contributions.xlsx"))) == 2


def test_concurrent_downloads_share_one_build_and_health_stays_fast(
    app_over_copy: tuple[Settings, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings, _ = app_over_copy
    counting = CountingExport()
    monkeypatch.setattr(downloads, "export_table", counting)
    app = create_app(settings)

    async def scenario() -> tuple[list[int], list[float]]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            names = ["all_contributions.xlsx"] * 8 + ["contributions.xlsx"] * 4
            names += ["contributions.csv", "sources.parquet", "countries.xlsx"]
            tasks = [asyncio.create_task(client.get(f"/downloads/{n}")) for n in names]
            latencies: list[float] = []
            while not all(task.done() for task in tasks):
                started = time.perf_counter()
                assert (await client.get("/api/v1/health")).status_code == 200
                latencies.append(time.perf_counter() - started)
                await asyncio.sleep(0.02)
            return [(await task).status_code for task in tasks], latencies

    statuses, latencies = asyncio.run(scenario())
    assert statuses == [200] * 15
    assert counting.calls == 5  # one build per distinct file
    assert counting.most <= downloads.MAX_CONCURRENT_BUILDS
    assert len(latencies) >= 5
    assert max(latencies) < 0.5, f"health took {max(latencies):.2f} s during the builds"


def test_csv_text_cells_that_look_like_formulas_are_neutralised() -> None:
    table = Table(
        ["name", "count", "share"],
        [
            ('=HYPERLINK("http://x")', -5, -0.25),
            ("+1", 3, 0.5),
            ("-2+3", 0, None),
            ("@SUM(A1)", 1, 1.0),
            ("\t=1", 2, 0.1),
            ("Côte d'Ivoire", 7, 0.0),
        ],
    )
    assert csv_bytes(Table(["name"], [("\r=1",)])) == b"name\n'\r=1\n"
    rows = list(csv.reader(io.StringIO(csv_bytes(table).decode(), newline="")))
    assert [r[0] for r in rows[1:]] == [
        '\'=HYPERLINK("http://x")',
        "'+1",
        "'-2+3",
        "'@SUM(A1)",
        "'\t=1",
        "Côte d'Ivoire",
    ]
    assert rows[1][1:] == ["-5", "-0.25"]  # numbers stay numbers


def test_every_csv_export_neutralises_text(tmp_path: Path) -> None:
    db = tmp_path / "hostile.duckdb"
    con = open_database(db)
    con.execute(
        "INSERT INTO ref_countries VALUES ('ZZZ', 'ZZ', '=cmd|'' /C calc''!A0', '@evil', 'x')"
    )
    export_table(con, "countries", "csv", tmp_path / "countries.csv")
    con.close()
    exported = (tmp_path / "countries.csv").read_text()
    assert "'=cmd|" in exported and "'@evil" in exported
    client = TestClient(create_app(Settings(home=tmp_path / "home", db_path=db, lang="en")))
    for path in ("/api/v1/tables/countries?format=csv&limit=10000", "/downloads/countries.csv"):
        body = client.get(path).text
        assert "'=cmd|" in body and "'@evil" in body, path
        assert ",=cmd" not in body and ",@evil" not in body, path


@pytest.mark.parametrize(
    ("lang", "note"),
    [
        ("en", "not as XLSX (a worksheet holds 100 rows)"),
        ("fr", "pas en XLSX (une feuille contient 100 lignes)"),
    ],
)
def test_a_table_longer_than_a_worksheet_is_not_offered_as_xlsx(
    app_over_copy: tuple[Settings, TestClient],
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    note: str,
) -> None:
    """The data page says why instead of linking a download that would be refused."""
    _, client = app_over_copy
    monkeypatch.setattr(xlsx, "MAX_ROWS", 101)  # 100 rows below the header
    html = client.get(f"/{lang}/data").text
    assert note in html
    assert 'href="/downloads/contributions.xlsx"' not in html  # 44,948 rows
    assert 'href="/downloads/contributions.csv"' in html
    assert 'href="/downloads/missions.xlsx"' in html  # 60 rows
    refused = client.get("/downloads/contributions.xlsx")
    assert refused.status_code == 400
    assert "more rows than an XLSX worksheet holds (100 below its header)" in refused.text
