"""An ingested file whose figures replace an older source's in a month already covered says so,
cell by cell, in text and JSON, in both languages; a file that only adds months says nothing."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from pkobs.pipeline import ingest_files
from pkobs.store.revisions import CellChange, Counts, MonthRevision
from tests.conftest import DATA, Cli

PSDH = DATA / "psdh_small.csv"
NB = "\u202f"


def _revised_copy(folder: Path) -> Path:
    """The small UN file with one figure corrected (Senegal's MINUSMA troops, 900 -> 905 men)
    and one new cell (Chad's MINUSMA troops)."""
    text = PSDH.read_text(encoding="utf-8")
    assert "MINUSMA,Troops,2014-02-28,900,12,x" in text
    text = text.replace("MINUSMA,Troops,2014-02-28,900,12,x", "MINUSMA,Troops,2014-02-28,905,12,x")
    text += "99,TCD,Chad,MINUSMA,Troops,2014-02-28,1000,10,x\n"
    path = folder / "psdh_corrected.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_library_reports_every_replaced_cell(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    first = ingest_files(con, [PSDH])
    assert first.revised == []  # new months: nothing replaced
    report = ingest_files(con, [_revised_copy(tmp_path)])
    [month] = report.revised
    assert isinstance(month, MonthRevision)
    assert month.month.isoformat() == "2014-02-28"
    assert month.cells == [
        CellChange("SEN", "MINUSMA", "troops", Counts(900, 12, 912), Counts(905, 12, 917)),
        CellChange("TCD", "MINUSMA", "troops", None, Counts(1000, 10, 1010)),
    ]
    # The TEMP table of the counts before is gone; the shown figure is the new one.
    assert con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'ingest_contributions_before'"
    ).fetchall() == [(0,)]
    assert con.execute(
        "SELECT total FROM contributions WHERE contributor_iso3 = 'SEN' "
        "AND mission = 'MINUSMA' AND personnel_type = 'troops' AND month = '2014-02-28'"
    ).fetchall() == [(917,)]


def test_the_command_says_which_figures_were_replaced(cli: Cli, tmp_path: Path) -> None:
    assert cli("ingest", "--quiet", str(PSDH)).exit_code == 0
    corrected = _revised_copy(tmp_path)
    done = cli("ingest", str(corrected), lang="fr")
    assert done.exit_code == 0, done.output
    output = done.output
    assert (
        f"Chiffres remplacés en février 2014, mois déjà couvert par une autre source "
        f"(2 effectifs modifiés){NB}:" in output
    )
    assert f"SEN · MINUSMA · troupes{NB}: 912 → 917" in output
    assert f"TCD · MINUSMA · troupes{NB}: — → 1{NB}010" in output
    assert "l’ordre de préséance des sources" in output
    # The same file again: already ingested, nothing replaced, nothing said about it.
    again = cli("ingest", "--json", str(corrected))
    assert json.loads(again.output)["changes"] == {"months_revised": []}


def test_the_json_summary_gives_old_and_new_counts(cli: Cli, tmp_path: Path) -> None:
    assert cli("ingest", "--quiet", str(PSDH)).exit_code == 0
    done = cli("ingest", "--json", str(_revised_copy(tmp_path)))
    assert done.exit_code == 0, done.output
    [month] = json.loads(done.output)["changes"]["months_revised"]
    assert month["month"] == "2014-02-28"
    assert month["cells"][0] == {
        "contributor_iso3": "SEN",
        "mission": "MINUSMA",
        "personnel_type": "troops",
        "old": {"male": 900, "female": 12, "total": 912},
        "new": {"male": 905, "female": 12, "total": 917},
    }


def test_an_english_run_words_it_in_english(cli: Cli, tmp_path: Path) -> None:
    assert cli("ingest", "--quiet", str(PSDH)).exit_code == 0
    done = cli("ingest", str(_revised_copy(tmp_path)), lang="en")
    assert done.exit_code == 0, done.output
    assert (
        "Figures replaced in February 2014, a month another source already covered "
        "(2 counts changed):" in done.output
    )
    assert "SEN · MINUSMA · troops: 912 → 917" in done.output
