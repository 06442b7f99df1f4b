"""Probable source gaps: a contingent missing for one month between two present months."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pkobs.store.database import Database
from pkobs.store.gaps import COMPARABLE_RATIO, COMPARABLE_SLACK, comparable, probable_source_gaps


def test_france_unifil_june_2012_is_a_probable_gap(real_db_path: Path) -> None:
    with Database.open_read_only(real_db_path) as db:
        gaps = probable_source_gaps(db, dt.date(2012, 1, 1), dt.date(2012, 12, 31)).records()
    france = [g for g in gaps if g["contributor_iso3"] == "FRA" and g["mission"] == "UNIFIL"]
    assert france == [
        {
            "month": dt.date(2012, 6, 30),
            "contributor_iso3": "FRA",
            "mission": "UNIFIL",
            "total_before": 1061,
            "total_after": 971,
        }
    ]


def test_a_real_withdrawal_is_not_a_gap(real_db_path: Path) -> None:
    """A contingent that leaves and does not come back next month is not flagged."""
    with Database.open_read_only(real_db_path) as db:
        gaps = probable_source_gaps(db)
        months = {(g["contributor_iso3"], g["mission"], g["month"]) for g in gaps.records()}
        # every flagged cell really has rows on both sides and none in its month
        for iso3, mission, month in list(months)[:20]:
            present = db.scalar(
                "SELECT count(*) FROM contributions WHERE contributor_iso3 = ? AND mission = ?"
                " AND month = ?",
                [iso3, mission, month],
            )
            assert present == 0
    assert gaps.column("total_before").kind == "count"
    assert len(months) == len(gaps.rows) > 0


def one_month_holes(db: Database) -> dict[tuple[dt.date, str, str], tuple[int, int]]:
    """Every contributor x mission cell missing for one month between two present months of the
    by-mission detail, whatever the sizes either side, worked out plainly in Python."""
    months = [
        r[0]
        for r in db.query(
            "SELECT DISTINCT month FROM source_months WHERE detail IN ('mission_sex', 'mission')"
            " ORDER BY month"
        ).rows
    ]
    by_month: dict[dt.date, dict[tuple[str, str], int]] = {month: {} for month in months}
    for month, iso3, mission, total in db.query(
        "SELECT month, contributor_iso3, mission, sum(total) FROM contributions GROUP BY ALL"
    ).rows:
        if month in by_month:
            by_month[month][iso3, mission] = int(total)
    holes = {}
    for before, month, after in zip(months, months[1:], months[2:], strict=False):
        for cell, total_before in by_month[before].items():
            if cell not in by_month[month] and cell in by_month[after]:
                holes[month, *cell] = (total_before, by_month[after][cell])
    return holes


def test_a_withdrawal_is_not_a_probable_gap(shipped_history: Path) -> None:
    """The Democratic Republic of the Congo's MINUSCA contingent was repatriated early in 2016:
    808 in January, no row in February, 9 in April (March has no figures). A one-month hole,
    but the contingent after it is not comparable to the one before: no probable gap. France
    in UNIFIL, June 2012 (1,061, nothing, 971) still is one."""
    with Database.open_read_only(shipped_history) as db:
        holes = one_month_holes(db)
        gaps = {(g[0], g[1], g[2]): (g[3], g[4]) for g in probable_source_gaps(db).rows}
    february = dt.date(2016, 2, 29)
    assert holes[february, "COD", "MINUSCA"] == (808, 9)
    assert (february, "COD", "MINUSCA") not in gaps
    assert gaps[dt.date(2012, 6, 30), "FRA", "UNIFIL"] == (1061, 971)


def test_the_gaps_are_the_holes_of_comparable_size(shipped_history: Path) -> None:
    """On the full history, the probable gaps are the one-month holes whose sizes either side
    differ by at most half or by at most ten; five of the 283 holes are not."""
    with Database.open_read_only(shipped_history) as db:
        holes = one_month_holes(db)
        gaps = {(g[0], g[1], g[2]): (g[3], g[4]) for g in probable_source_gaps(db).rows}
    assert len(holes) == 283
    kept = {
        cell: sizes
        for cell, sizes in holes.items()
        if 2 * min(sizes) >= max(sizes) or max(sizes) - min(sizes) <= 10
    }
    assert gaps == kept
    assert sorted(set(holes) - set(gaps)) == [
        (dt.date(2012, 5, 31), "LKA", "UNMISS"),  # 16, then 2
        (dt.date(2014, 8, 31), "BEN", "MINUSCA"),  # 1, then 33
        (dt.date(2015, 12, 31), "COL", "MINUSTAH"),  # 16, then 5
        (dt.date(2016, 2, 29), "COD", "MINUSCA"),  # 808, then 9
        (dt.date(2017, 2, 28), "BEL", "MINUSMA"),  # 7, then 19
    ]


def test_comparable_sizes() -> None:
    assert comparable(1061, 971) and comparable(971, 1061)
    assert comparable(20, 10) and comparable(10, 20)  # the smaller is half the larger
    assert not comparable(21, 10) and not comparable(10, 21)  # less than half, 11 apart
    assert comparable(1, 3) and comparable(2, 12)  # at most ten apart: ordinary turnover
    assert not comparable(808, 9) and not comparable(1, 33) and not comparable(7, 19)
    assert COMPARABLE_RATIO == 2 and COMPARABLE_SLACK == 10  # as docs/methodology.md says
