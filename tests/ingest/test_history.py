"""The real history before 2015: IPI's monthly JSON records and per-country series, the levels of
detail they bring, and how each indicator reads the level it needs."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from pkobs.errors import IngestError
from pkobs.i18n import Locale
from pkobs.indicators import Params, run
from pkobs.pipeline import ingest_files
from pkobs.store import open_database
from tests.conftest import GENDER_FILE, IPI_DIR, PPP_FILE

JSON_DIR = IPI_DIR / "monthly-2014"
SERIES_DIR = IPI_DIR / "country-series"
requires_history = pytest.mark.skipif(
    not JSON_DIR.is_dir() or not SERIES_DIR.is_dir() or not GENDER_FILE.exists(),
    reason=f"IPI history files not found in {IPI_DIR}",
)
pytestmark = [pytest.mark.realdata, requires_history]


def month(year: int, number: int) -> dt.date:
    following = dt.date(year + number // 12, number % 12 + 1, 1)
    return following - dt.timedelta(days=1)


@pytest.fixture(scope="module")
def history_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every IPI file: series 1990-2014, gender file, March 2014, JSON April - August 2014."""
    path = tmp_path_factory.mktemp("history") / "history.duckdb"
    con = open_database(path)
    files = [*sorted(SERIES_DIR.glob("*.csv")), GENDER_FILE, PPP_FILE]
    ingest_files(con, [*files, *sorted(JSON_DIR.glob("*.json"))])
    con.close()
    return path


@pytest.fixture
def history(history_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(history_path), read_only=True)
    yield con
    con.close()


def test_json_matches_ipi_own_grand_total(con: duckdb.DuckDBPyConnection) -> None:
    report = ingest_files(con, [JSON_DIR / "20140430.json"])
    assert report.files[0].format == "ipi-json"
    records = json.loads((JSON_DIR / "20140430.json").read_text(encoding="utf-8"))
    grand = next(r for r in records if r["tcc_country_id"] == "all" and r["mission"] == "all")
    troops, women = con.execute(
        """SELECT sum(total) FILTER (WHERE personnel_type = 'troops'),
                  sum(female) FILTER (WHERE personnel_type = 'troops')
           FROM contributions WHERE month = DATE '2014-04-30'"""
    ).fetchall()[0]
    assert (troops, women) == (grand["troops"], grand["troops_f"]) == (83936, 2399)


def test_json_that_does_not_add_up_is_refused(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    records = json.loads((JSON_DIR / "20140531.json").read_text(encoding="utf-8"))
    index = next(
        i for i, r in enumerate(records) if r["tcc_country_id"] == "FRA" and r["mission"] != "all"
    )
    records[index]["troops"] = records[index].get("troops", 0) + 7
    records[index]["troops_m"] = records[index].get("troops_m", 0) + 7
    bad = tmp_path / "20140531.json"
    bad.write_text(json.dumps(records), encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        ingest_files(con, [bad])
    text = str(caught.value)
    assert "IPI's own total" in text and "troops" in text and str(bad) in text
    assert con.execute("SELECT count(*) FROM sources").fetchall() == [(0,)]


def test_json_with_a_bad_count_names_the_record(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    records = json.loads((JSON_DIR / "20140630.json").read_text(encoding="utf-8"))
    records[3]["ip"] = "12"
    bad = tmp_path / "june.json"
    bad.write_text(json.dumps(records), encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        ingest_files(con, [bad])
    problem = caught.value.problems[0]
    assert problem.line == 4 and problem.column_name == "ip"
    assert problem.key == "history.json_bad_count"
    assert "pas un nombre entier" in problem.text("fr")


def test_invalid_json_gives_line_and_column(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('[{"date": "20140430T000000",\n "ip": 1,,}]', encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        ingest_files(con, [bad])
    assert (caught.value.problems[0].line, caught.value.problems[0].column) == (2, 10)


def test_series_reads_the_country_from_the_file_name(con: duckdb.DuckDBPyConnection) -> None:
    report = ingest_files(con, [SERIES_DIR / "France.csv"])
    assert report.files[0].format == "ipi-series"
    rows = con.execute(
        """SELECT personnel_type, total, detail FROM contributor_months
           WHERE month = DATE '1990-11-30' AND contributor_iso3 = 'FRA'"""
    ).fetchall()
    assert rows == [("troops", 525, "contributor")]
    # NA is "none": France sent no police in November 1990, and no row says otherwise.
    last = con.execute(
        """SELECT personnel_type, total FROM contributor_months
           WHERE month = DATE '2014-03-31' ORDER BY 1"""
    ).fetchall()
    assert last == [("experts_on_mission", 17), ("police", 49), ("troops", 892)]


def test_series_whose_name_does_not_resolve_is_an_error(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    unknown = tmp_path / "Atlantis.csv"
    shutil.copy(SERIES_DIR / "France.csv", unknown)
    with pytest.raises(IngestError) as caught:
        ingest_files(con, [unknown])
    assert "Atlantis" in str(caught.value)
    assert con.execute("SELECT count(*) FROM sources").fetchall() == [(0,)]


@pytest.mark.parametrize("value", ["62.6", "0x3F", "1e2", "+63", "-4", "1_000"])
def test_series_counts_are_plain_integers(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, value: str
) -> None:
    bad = tmp_path / "France.csv"
    text = (SERIES_DIR / "France.csv").read_text(encoding="utf-8").splitlines()
    text[3] = f"1991-01-31,{value},NA,NA"
    bad.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        ingest_files(con, [bad], source_format="ipi-series")
    problem = caught.value.problems[0]
    assert (problem.line, problem.column, problem.column_name) == (4, 2, "Troops")


def test_every_month_from_1990_has_one_level(history: duckdb.DuckDBPyConnection) -> None:
    levels = dict(
        history.execute(
            """SELECT strftime(month, '%Y-%m'), string_agg(DISTINCT detail, ',')
               FROM contributor_months GROUP BY month"""
        ).fetchall()
    )
    assert levels["1990-11"] == "contributor" and levels["2009-10"] == "contributor"
    assert levels["2009-11"] == "mission_sex" and levels["2014-02"] == "mission_sex"
    assert levels["2014-03"] == "mission" and levels["2014-08"] == "mission_sex"
    assert len(levels) == (2014 - 1990) * 12 - 10 + 8  # Nov 1990 .. Aug 2014, no gap
    # February 2014 keeps the figure checked by hand from the gender file.
    total = history.execute(
        "SELECT sum(total) FROM contributor_months WHERE month = DATE '2014-02-28'"
    ).fetchall()
    assert total == [(98350,)]


def test_detailed_files_win_over_the_series_and_disagreements_are_listed(
    history: duckdb.DuckDBPyConnection,
) -> None:
    from pkobs.store.checks import source_disagreements

    sources = history.execute(
        """SELECT DISTINCT source FROM contributor_months
           WHERE month = DATE '2012-06-30' AND contributor_iso3 = 'FRA'"""
    ).fetchall()
    assert sources == [("ipi-gender:Gender.Full.csv@f923a2f0b1b0",)]
    found = source_disagreements(history, limit=1000)
    assert found.compared > 10_000
    cells = {(r[0], r[1], r[2]): (r[3], r[4]) for r in found.table.rows}
    # June 2012: the gender file lacks France's UNIFIL contingent that the series has.
    assert cells[(dt.date(2012, 6, 30), "FRA", "troops")] == (10, 1021)


def test_share_reaches_back_to_1990(history: duckdb.DuckDBPyConnection) -> None:
    result = run(history, "share", Params(from_month=month(1995, 1), to_month=month(1995, 1)))
    rows = {r[1]: r for r in result.table.rows}
    assert rows["all"][3] > 50_000 and 0 < rows["all"][4] < 1
    assert rows["military"][3] + rows["police"][3] == rows["all"][3]


def test_per_mission_indicators_name_the_months_without_a_split(
    history: duckdb.DuckDBPyConnection,
) -> None:
    params = Params(from_month=month(2009, 6), to_month=month(2009, 12))
    gap = run(history, "linguistic-gap", params)
    assert {r[0] for r in gap.table.rows} == {month(2009, 11), month(2009, 12)}
    missing = [r[0] for r in gap.extras["months_without_mission_split"].rows]
    assert missing == [month(2009, m) for m in range(6, 11)]
    notes = [n if isinstance(n, str) else Locale("en").message(n) for n in gap.meta.notes]
    assert any("2009-06 to 2009-10" in note for note in notes)
    by_mission = run(
        history,
        "share",
        Params(from_month=month(2009, 6), to_month=month(2009, 12), by_mission=True),
    )
    assert {r[0] for r in by_mission.table.rows} == {month(2009, 11), month(2009, 12)}
    unifil = run(
        history,
        "share",
        Params(from_month=month(2009, 9), to_month=month(2009, 11), mission="UNIFIL"),
    )
    shown = {(r[0], r[1]): r[3] for r in unifil.table.rows}
    assert shown[(month(2009, 10), "all")] is None  # no data, never zero
    assert shown[(month(2009, 11), "all")] > 10_000


def test_gender_has_no_figures_where_sex_is_not_known(history: duckdb.DuckDBPyConnection) -> None:
    result = run(history, "gender", Params(from_month=month(2005, 1), to_month=month(2010, 1)))
    assert {r[0] for r in result.table.rows} == {month(2009, 11), month(2009, 12), month(2010, 1)}


def test_alerts_do_not_compare_across_levels(history: duckdb.DuckDBPyConnection) -> None:
    # October 2009 has no mission split and November 2009 has: no mission alert for November.
    result = run(
        history, "alerts", Params(from_month=month(2009, 11), to_month=month(2009, 11), group="all")
    )
    assert not [r for r in result.table.rows if r[1] == "mission"]


def test_trend_and_contributors_in_1990s(history: duckdb.DuckDBPyConnection) -> None:
    trend = run(history, "trend", Params(from_month=month(1993, 1), to_month=month(1999, 1)))
    assert trend.table.rows and all(r[3] is not None for r in trend.table.rows)
    ranking = run(history, "contributors", Params(to_month=month(1994, 6), group="all"))
    assert ranking.table.rows[0][1] == 1 and ranking.table.rows[0][6] > 1000


def test_coverage_lists_every_month(history_path: Path) -> None:
    from typer.testing import CliRunner

    from pkobs.cli import app

    result = CliRunner().invoke(app, ["--db", str(history_path), "coverage", "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    rows = {r["month"]: r for r in payload["rows"]}
    assert rows["1990-11-30"]["detail"] == "contributor" and not rows["1990-11-30"]["has_mission"]
    assert rows["2012-06-30"]["detail"] == "mission_sex" and rows["2012-06-30"]["sources"] > 50
    assert payload["meta"]["missing_months"] == []


def test_check_data_reports_disagreements(history_path: Path) -> None:
    from typer.testing import CliRunner

    from pkobs.cli import app

    result = CliRunner().invoke(app, ["--db", str(history_path), "--lang", "fr", "check-data"])
    assert result.exit_code == 0, result.output
    assert "Les sources divergent sur" in result.output
    assert "France, troupes (officiers d’état-major compris), juin 2012\u202f:" in result.output
    assert "France.csv" in result.output
