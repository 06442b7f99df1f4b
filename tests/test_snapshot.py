"""The real history on a fresh clone: the shipped snapshot equals a fresh build from the real
files, loads into an empty database, and serves 1990 to July 2025."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest

from pkobs.snapshot import SNAPSHOT_DIR, build_snapshot, default_data_root, load_shipped
from pkobs.store.snapshot import snapshot_rows

DATA_ROOT = default_data_root()
requires_shared = pytest.mark.skipif(
    not (DATA_ROOT / "un-monthly-pdf").is_dir() or not (DATA_ROOT / "ipi").is_dir(),
    reason=f"real data not found in {DATA_ROOT}",
)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("snapshot") / "history.duckdb"
    load_shipped(path)
    return path


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
def test_shipped_snapshot_equals_a_fresh_build(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    build_snapshot(DATA_ROOT, fresh)
    assert snapshot_rows(fresh) == snapshot_rows(SNAPSHOT_DIR)
    shipped = json.loads((SNAPSHOT_DIR / "manifest.json").read_text(encoding="utf-8"))
    built = json.loads((fresh / "manifest.json").read_text(encoding="utf-8"))
    assert built == shipped
