"""The change report: months added, revised cells (old -> new), new contributors and missions."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pkobs.settings import Settings
from pkobs.update import CellChange, Counts, adhoc_source, update
from tests.conftest import Cli
from tests.update.conftest import FAST, PSDH_SMALL, LoopbackServer, revised_psdh


def test_two_revised_months_list_exactly_the_changed_cells(
    server: LoopbackServer, settings: Settings, tmp_path: Path
) -> None:
    route = server.serve("psdh.csv", PSDH_SMALL.read_bytes(), etag='"v1"')
    source = adhoc_source(server.url("psdh.csv"), "un-psdh")
    first = update(settings, [source], FAST)
    assert first.changes.months_added == [dt.date(2014, 1, 31), dt.date(2014, 2, 28)]
    assert first.changes.months_revised == []
    assert first.changes.new_contributors == ["CAN", "CIV", "COD", "FRA", "NPL", "SEN"]

    route.body = revised_psdh(tmp_path / "revised.csv").read_bytes()
    route.etag = '"v2"'
    report = update(settings, [source], FAST)
    changes = report.changes
    assert changes.months_added == [dt.date(2014, 3, 31)]
    assert [r.month for r in changes.months_revised] == [dt.date(2014, 1, 31), dt.date(2014, 2, 28)]
    assert changes.months_revised[0].cells == [
        CellChange("SEN", "MINUSMA", "troops", Counts(880, 10, 890), Counts(885, 10, 895))
    ]
    assert changes.months_revised[1].cells == [
        CellChange("FRA", "UNIFIL", "troops", Counts(800, 40, 840), Counts(790, 40, 830))
    ]
    assert changes.new_contributors == ["BRA"] and changes.new_missions == ["UNFICYP"]
    assert report.to_json()["changes"]["months_revised"][1] == {
        "month": "2014-02-28",
        "cells": [
            {
                "contributor_iso3": "FRA",
                "mission": "UNIFIL",
                "personnel_type": "troops",
                "old": {"male": 800, "female": 40, "total": 840},
                "new": {"male": 790, "female": 40, "total": 830},
            }
        ],
    }


def test_cli_reports_changes_in_french_and_json(
    server: LoopbackServer, home: Path, tmp_path: Path, cli: Cli
) -> None:
    route = server.serve("psdh.csv", PSDH_SMALL.read_bytes(), etag='"v1"')
    url = server.url("psdh.csv")
    first = cli("update", "--url", url, "--format", "un-psdh", "--quiet")
    assert first.exit_code == 0, first.output
    route.body = revised_psdh(tmp_path / "revised.csv").read_bytes()
    route.etag = '"v2"'
    result = cli("update", "--url", url, "--format", "un-psdh", lang="fr")
    output = result.output
    assert result.exit_code == 0, output
    assert "Mois ajoutés\u202f: mars 2014" in output
    assert "Révisions de la source en janvier 2014 (1 effectif modifié)\u202f:" in output
    assert "SEN · MINUSMA · troupes\u202f: 890 → 895" in output
    assert "FRA · UNIFIL · troupes\u202f: 840 → 830" in output
    assert "Nouveaux pays contributeurs\u202f: BRA" in output
    assert "Nouvelles missions\u202f: UNFICYP" in output
    again = cli("update", "--url", url, "--format", "un-psdh", "--json")
    payload = json.loads(again.output)
    assert payload["status"] == "up_to_date"
    assert payload["sources"][0]["status"] == "not_modified"
    assert payload["changes"] == {
        "months_added": [],
        "months_revised": [],
        "new_contributors": [],
        "new_missions": [],
    }
