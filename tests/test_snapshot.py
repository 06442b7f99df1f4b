"""The real history on a fresh clone: the shipped snapshot equals a fresh build from the real
files, loads into an empty database, and serves 1990 to July 2025."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest

import pkobs.ingest.pdf as pdf_package
from pkobs.snapshot import SNAPSHOT_DIR, build_snapshot, default_data_root
from pkobs.store.snapshot import snapshot_rows
from tests.conftest import ParsedReports

DATA_ROOT = default_data_root()
requires_shared = pytest.mark.skipif(
    not (DATA_ROOT / "un-monthly-pdf").is_dir() or not (DATA_ROOT / "ipi").is_dir(),
    reason=f"real data not found in {DATA_ROOT}",
)


@pytest.fixture(scope="module")
def loaded(shipped_history: Path) -> Path:
    """The shipped snapshot loaded by ``load_shipped`` into an empty database (the session's)."""
    return shipped_history


def test_shipped_manifest_names_every_source_with_its_sha256() -> None:
    manifest = json.loads((SNAPSHOT_DIR / "manifest.json").read_text(encoding="utf-8"))
    formats = {s["format"] for s in manifest["sources"]}
    assert formats == {"ipi-series", "ipi-gender", "ipi-ppp", "ipi-json", "un-pdf"}
    assert all(
        len(s["sha256"]) == 64 and not s["path"].startswith("/") for s in manifest["sources"]
    )
    pdfs = sum(s["format"] == "un-pdf" for s in manifest["sources"])
    # 126 reports: 122 distinct files; four are byte-identical to another (2015-03 = 2015-04...)
    assert pdfs == 122 and not manifest["rejected"]
    assert sorted(r["path"] for r in manifest["identical"]) == [
        f"un-monthly-pdf/UN_country_contributions_{m}.pdf"
        for m in ("2015_04", "2016_04", "2017_04", "2022_06")
    ]
    assert not any(
        name.endswith((".pdf", ".csv", ".json"))
        for name in (p.name for p in SNAPSHOT_DIR.iterdir() if p.name != "manifest.json")
    )


def test_snapshot_serves_1990_to_july_2025(loaded: Path) -> None:
    con = duckdb.connect(str(loaded), read_only=True)
    try:
        first, last, months = con.execute(
            "SELECT min(month), max(month), count(DISTINCT month) FROM contributor_months"
        ).fetchall()[0]
        feb_2014 = con.execute(
            "SELECT sum(total) FROM contributor_months WHERE month = DATE '2014-02-28'"
        ).fetchall()[0][0]
        detail = dict(
            con.execute(
                """SELECT strftime(month, '%Y-%m'), min(detail) FROM contributor_months
                   WHERE month IN ('2018-06-30', '2023-09-30', '2025-07-31', '1995-01-31')
                   GROUP BY month"""
            ).fetchall()
        )
    finally:
        con.close()
    assert (first, last) == (dt.date(1990, 11, 30), dt.date(2025, 7, 31))
    assert months > 400 and feb_2014 == 98350
    assert detail == {
        "1995-01": "contributor",
        "2018-06": "contributor_sex",
        "2023-09": "contributor",
        "2025-07": "mission_sex",
    }


@requires_shared
@pytest.mark.slow
def test_shipped_snapshot_equals_a_fresh_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parsed_reports: ParsedReports
) -> None:
    """Built from the real files by the code under test; the UN reports are parsed once per
    session, by the parser itself (``tests/ingest/test_pdf.py`` reads the same files, on the
    same worker), instead of twice."""
    monkeypatch.setattr(pdf_package, "read_report", parsed_reports.read)
    fresh = tmp_path / "fresh"
    build_snapshot(DATA_ROOT, fresh)
    assert snapshot_rows(fresh) == snapshot_rows(SNAPSHOT_DIR)
    shipped = json.loads((SNAPSHOT_DIR / "manifest.json").read_text(encoding="utf-8"))
    built = json.loads((fresh / "manifest.json").read_text(encoding="utf-8"))
    assert built == shipped


def month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def test_each_level_of_detail_in_the_indicators(loaded: Path) -> None:
    from pkobs.indicators import Params, run

    con = duckdb.connect(str(loaded), read_only=True)
    try:
        # contributor_sex (March 2018 - August 2019): shares and gender, no mission split.
        june = Params(from_month=month_end(2018, 6), to_month=month_end(2018, 6))
        share = {r[1]: r for r in run(con, "share", june).table.rows}
        assert share["all"][3] == 91_699 and share["all"][2] == 31_303
        gender = run(con, "gender", june).table.rows
        assert gender and all(r[0] == month_end(2018, 6) for r in gender)
        gap = run(con, "linguistic-gap", june)
        assert not gap.table.rows
        missing = [r[0] for r in gap.extras["months_without_mission_split"].rows]
        assert missing == [month_end(2018, 6)]
        # contributor (September 2023, the UN's country x type report): no sex, no mission.
        september = Params(from_month=month_end(2023, 9), to_month=month_end(2023, 9))
        assert run(con, "share", september).table.rows[0][3] == 72_631
        assert not run(con, "gender", september).table.rows
        # mission_sex (July 2025): everything, and the linguistic gap of MONUSCO (DR Congo).
        july = Params(from_month=month_end(2025, 7), to_month=month_end(2025, 7))
        missions = {r[1] for r in run(con, "linguistic-gap", july).table.rows}
        assert {"MONUSCO", "MINUSCA", "UNIFIL"} <= missions
        # A month no source covers is no data, never zero (March 2017).
        gap_month = Params(from_month=month_end(2017, 2), to_month=month_end(2017, 4))
        rows = {r[0]: r for r in run(con, "share", gap_month).table.rows if r[1] == "all"}
        assert rows[month_end(2017, 3)][3] is None and rows[month_end(2017, 4)][3] > 90_000
    finally:
        con.close()


def test_bulletin_for_a_month_without_mission_split(loaded: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pkobs.cli import app

    out = tmp_path / "bulletin.html"
    result = CliRunner().invoke(
        app,
        [
            "--db",
            str(loaded),
            "--lang",
            "fr",
            "report",
            "--month",
            "2023-09",
            "--format",
            "html",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "sans ventilation par mission ni par sexe" in text
    assert "septembre 2023" in text
