"""Probable source gaps: a contingent missing for one month between two present months."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pkobs.store.database import Database
from pkobs.store.gaps import probable_source_gaps


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
