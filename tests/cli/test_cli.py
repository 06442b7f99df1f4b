"""The CLI, invoked for real: exit codes and output, in both languages."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import DATA, Cli, fresh_database


@pytest.fixture
def loaded(cli: Cli, small_db: Path) -> Cli:
    """The CLI on this test's own copy of a database holding psdh_small.csv."""
    fresh_database(small_db, cli.db)
    return cli


def test_help_everywhere_has_examples(cli: Cli) -> None:
    commands = (
        "ingest",
        "sql",
        "export",
        "groups",
        "sources",
        "check-data",
        "indicator",
        "serve",
        "report",
        "update",
        "demo-sample",
    )
    for command in commands:
        result = cli(command, "--help")
        assert result.exit_code == 0
        assert "Example" in result.output, command


def test_ingest_json_summary_and_messages(cli: Cli) -> None:
    result = cli("ingest", str(DATA / "psdh_small.csv"), "--json")
    payload = json.loads(result.output)
    assert payload["rows"] == 11 and payload["files"][0]["format"] == "un-psdh"
    again = cli("ingest", str(DATA / "psdh_small.csv"), lang="fr")
    assert again.exit_code == 0 and "déjà ingéré" in again.output


def test_bad_file_exit_code_and_location(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    lines = (DATA / "psdh_small.csv").read_text().splitlines()
    lines[2] = lines[2].replace("MINUSMA", "MINUFOO")
    bad.write_text("\n".join(lines) + "\n")
    result = cli("ingest", str(bad))
    assert result.exit_code == 2
    assert "line 3, column 4 (mission_acronym): unknown mission 'MINUFOO'" in result.output
    assert (
        cli(
            "sql", "SELECT count(*) AS n FROM contributions", "--format", "csv"
        ).output.splitlines()[-1]
        == "0"
    )


def test_sql_formats_and_read_only(loaded: Cli) -> None:
    as_csv = loaded(
        "sql",
        "SELECT contributor_iso3, sum(total) AS n FROM contributions GROUP BY 1 ORDER BY 1",
        "--format",
        "csv",
    )
    rows = list(csv.reader(io.StringIO(as_csv.output)))
    assert rows[0] == ["contributor_iso3", "n"] and ["CAN", "80"] in rows
    as_json = json.loads(loaded("sql", "SELECT 1 AS one", "--format", "json").output)
    assert as_json == [{"one": 1}]
    refused = loaded("sql", "DELETE FROM contribution_records")
    assert refused.exit_code == 2 and "only reads" in refused.output


def test_export_formats(loaded: Cli, tmp_path: Path) -> None:
    import duckdb

    for fmt in ("csv", "parquet", "xlsx"):
        out = tmp_path / f"contributions.{fmt}"
        result = loaded("export", "contributions", "--format", fmt, "--out", str(out))
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 0
    relation = duckdb.sql(f"SELECT count(*) FROM '{tmp_path / 'contributions.parquet'}'")
    assert relation is not None
    rows = relation.fetchall()
    assert rows[0][0] == 11
    assert zipfile_names(tmp_path / "contributions.xlsx") >= {"xl/workbook.xml"}
    bad = loaded("export", "../../etc/passwd", "--format", "csv", "--out", str(tmp_path / "x"))
    assert bad.exit_code == 2 and "unknown table" in bad.output
    nowhere = loaded("export", "countries", "--out", str(tmp_path / "no" / "such" / "c.csv"))
    assert nowhere.exit_code == 2 and "does not exist" in nowhere.output


def zipfile_names(path: Path) -> set[str]:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return set(archive.namelist())


def test_groups_time_aware(loaded: Cli) -> None:
    cli = loaded  # the groups are read from a database (its reference data)
    result = cli("groups", "oif", "--at", "2014-02-28", "--format", "csv")
    rows = {r["iso3"] or r["name"]: r for r in csv.DictReader(io.StringIO(result.output))}
    assert rows["FRA"]["status"] == "member" and rows["MLI"]["status"] == "member"
    assert rows["Quebec"]["sovereign"] == "False"
    later = cli("groups", "oif", "--at", "2025-06-30", "--format", "csv")
    assert "MLI" not in {r["iso3"] for r in csv.DictReader(io.StringIO(later.output))}
    bad = cli("groups", "nato")
    assert bad.exit_code == 2 and "unknown group 'nato'" in bad.output
    bad_day = cli("groups", "oif", "--at", "2014-02-30")
    assert bad_day.exit_code == 2 and "is not a date" in bad_day.output


def test_sources_and_check_data(loaded: Cli) -> None:
    result = loaded("sources", "--format", "json")
    records = json.loads(result.output)
    assert records[0]["format"] == "un-psdh" and len(records[0]["sha256"]) == 64
    assert loaded("check-data").exit_code == 0


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_indicator_formats(loaded: Cli, fmt: str, lang: str) -> None:
    result = loaded(
        "indicator", "trend", "--from", "2014-01", "--to", "2014-02", "--format", fmt, lang=lang
    )
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())  # the terminal table wraps long cells
    assert ("janvier 2014" if lang == "fr" else "January 2014") in text
    if fmt == "json":
        payload = json.loads(result.output)
        assert payload["meta"]["name"] == "trend" and len(payload["rows"]) == 3


def test_indicator_errors(loaded: Cli) -> None:
    result = loaded("indicator", "share", "--status", "friend")
    assert result.exit_code == 2 and "unknown status friend" in result.output
    result = loaded("indicator", "share", "--from", "2014-13")
    assert result.exit_code == 2 and "not a month" in result.output


def test_errors_are_in_the_run_language_all_the_way(loaded: Cli, tmp_path: Path) -> None:
    bad = loaded("export", "../../etc/passwd", "--out", str(tmp_path / "x.csv"), lang="fr")
    assert bad.exit_code == 2
    unknown = "erreur\u202f: table inconnue «\u202f../../etc/passwd\u202f»\u202f;"
    assert bad.output.startswith(unknown)
    nowhere = loaded("export", "countries", "--out", str(tmp_path / "no" / "c.csv"), lang="fr")
    assert nowhere.exit_code == 2 and "n’existe pas" in nowhere.output
    status = loaded("indicator", "share", "--status", "friend", lang="fr")
    assert status.exit_code == 2 and status.output.startswith("erreur\u202f: ")
    assert "unknown status" not in status.output
    day = loaded("groups", "oif", "--at", "2014-02-30", lang="fr")
    assert day.exit_code == 2 and "n’est pas une date AAAA-MM-JJ" in day.output
    fmt = loaded("sql", "SELECT 1 AS one", "--format", "xml")
    assert fmt.exit_code == 2 and "unknown format xml; use table, csv, json" in fmt.output


def test_terminal_table_is_formatted_by_declared_kinds(loaded: Cli) -> None:
    french = loaded("indicator", "share", "--from", "2014-02", "--to", "2014-02", lang="fr")
    assert french.exit_code == 0, french.output
    assert "Personnel du groupe" in french.output and "Mois" in french.output
    # February 2014, every category: 1,905 of 2,774 peacekeepers (68.67%)
    assert "février 2014" in french.output and "ensemble" in french.output
    assert "1\u202f905" in french.output and "68,7\u00a0%" in french.output
    english = loaded("indicator", "share", "--from", "2014-02", "--to", "2014-02")
    assert "Group personnel" in english.output and "1,905" in english.output
    assert "68.7%" in english.output
    as_csv = loaded("indicator", "share", "--from", "2014-02", "--to", "2014-02", "--format", "csv")
    assert "2014-02-28,all,1905,2774,0.686" in as_csv.output  # machine values in data formats
