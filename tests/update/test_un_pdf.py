"""The UN's monthly PDF report as a named source: the URL pattern from sources.toml, the month
filled in, the real report served by a loopback server and ingested."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest

from pkobs.update import load_sources
from tests.conftest import ROOT, Cli
from tests.update.conftest import LoopbackServer

PDF_DIR = ROOT.parent / "shared" / "data" / "un-monthly-pdf"
JULY_2025 = PDF_DIR / "UN_country_contributions_2025_07.pdf"
requires_pdf = pytest.mark.skipif(not JULY_2025.exists(), reason=f"no UN PDF reports in {PDF_DIR}")


def configure(home: Path, server: LoopbackServer) -> None:
    pattern = server.url("reports/{year}/{month}/contributions.pdf")
    (home / "sources.toml").write_text(
        f'[sources.un-monthly-pdf]\nurl = "{pattern}"\nenabled = true\n', encoding="utf-8"
    )


def test_the_monthly_source_fills_its_month(tmp_path: Path) -> None:
    source = next(s for s in load_sources(tmp_path) if s.name == "un-monthly-pdf")
    assert source.monthly and source.format == "un-pdf" and not source.enabled
    july = source.for_month(dt.date(2025, 7, 31))
    assert july.url.endswith("/UN_country_contributions_2025_07.pdf")
    assert july.filename == "UN_country_contributions_2025_07.pdf"
    assert july.name == "un-monthly-pdf-2025-07" and "application/pdf" in july.content_types


@requires_pdf
def test_update_downloads_and_ingests_the_real_report(
    server: LoopbackServer, home: Path, cli: Cli, db_path: Path, tmp_path: Path
) -> None:
    served = tmp_path / "served.pdf"  # a copy made at test time, never committed
    served.write_bytes(JULY_2025.read_bytes())
    server.serve(
        "reports/2025/07/contributions.pdf", served.read_bytes(), content_type="application/pdf"
    )
    configure(home, server)
    result = cli("update", "--source", "un-monthly-pdf", "--month", "2025-07", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["sources"][0]["status"] == "ingested"
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        months = con.execute("SELECT DISTINCT month FROM source_months").fetchall()
        total = con.execute(
            "SELECT sum(total) FROM contributor_months WHERE month = DATE '2025-07-31'"
        ).fetchall()[0][0]
    finally:
        con.close()
    assert months == [(dt.date(2025, 7, 31),)] and total > 50_000
    # Without --month, the next report is asked for: August 2025 is not published (404) and the
    # database keeps July.
    again = cli("update", "--source", "un-monthly-pdf", "--json")
    assert again.exit_code != 0
    assert any(hit.path == "/reports/2025/08/contributions.pdf" for hit in server.hits)
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM sources").fetchall() == [(1,)]
    finally:
        con.close()
