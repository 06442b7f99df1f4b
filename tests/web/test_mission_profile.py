"""A mission's profile month: the last month with personnel, except after the end of a mandate
(the sources go on counting a drawdown and a liquidation), on the shipped real history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pkobs.settings import Settings
from pkobs.store import site
from pkobs.store.database import Database
from pkobs.typography import french_problems, visible_text
from pkobs.web import create_app

NNBSP = "\u202f"


@pytest.fixture(scope="module")
def history(
    shipped_history: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    home = tmp_path_factory.mktemp("mission-profile-home")
    app = create_app(Settings.from_env(db=shipped_history, environ={"PKOBS_HOME": str(home)}))
    with TestClient(app) as client:
        yield client


def test_an_ended_mission_is_shown_at_the_last_month_of_its_mandate(
    shipped_history: Path, history: TestClient
) -> None:
    # MINUSMA's mandate ended on 31 December 2023; the UN's reports count its liquidation until
    # October 2024 (141 personnel, 2 from OIF countries: "1,4 %" would be its headline)
    with Database.open_read_only(shipped_history) as db:
        last = db.scalar("SELECT max(month) FROM contributions WHERE mission = 'MINUSMA'")
        month, contributors = site.mission_contributors(db, "MINUSMA")
        assert last == dt.date(2024, 10, 31) and month == dt.date(2023, 12, 31)
        assert sum(r["total"] for r in contributors.records()) > 141
        unifil, _ = site.mission_contributors(db, "UNIFIL")  # an ongoing mission: its last month
        assert unifil == db.scalar("SELECT max(month) FROM contributions WHERE mission = 'UNIFIL'")
    french = visible_text(history.get("/fr/missions/MINUSMA").text)
    assert (
        f"Le mandat de la mission MINUSMA a pris fin le 31 décembre 2023{NNBSP}; les sources "
        "comptent encore du personnel dans la mission jusqu’en octobre 2024 (retrait et "
        f"liquidation){NNBSP}: la page présente décembre 2023"
    ) in french
    assert f"MINUSMA, décembre 2023{NNBSP}: les pays de l’OIF fournissent" in french
    assert "Contributeurs, décembre 2023" in french
    assert "octobre 2024 : les pays" not in french.replace(NNBSP, " ")
    assert not french_problems(french.split("Le mandat de la mission")[1][:300])
    english = visible_text(history.get("/en/missions/MINUSMA").text)
    assert "The mandate of MINUSMA ended on December 31, 2023; the sources still count" in english
    assert "MINUSMA, December 2023: OIF countries provide" in english
    # an ongoing mission says nothing of a mandate's end
    assert "Le mandat de la mission" not in visible_text(history.get("/fr/missions/UNIFIL").text)
