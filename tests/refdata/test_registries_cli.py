"""The registries through the command line: check-data and export."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pkobs.cli import app, reference
from pkobs.refdata import specs, validate
from pkobs.store import open_database


def test_check_data_exits_zero_on_shipped_data() -> None:
    result = CliRunner().invoke(app, ["--lang", "en", "check-data"])
    assert result.exit_code == 0, result.output
    assert "senior-post holders: " in result.output and "ref_senior_posts" not in result.output
    assert "training centres: " in result.output


def test_check_data_lists_registry_gaps() -> None:
    result = CliRunner().invoke(app, ["--lang", "en", "check-data"])
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert "Period covered: January 2009 – December 2025;" in output
    assert "UNMIL, police commissioner: January 2013 – September 2016 (45 months)" in output
    french = CliRunner().invoke(app, ["--lang", "fr", "check-data"])
    assert "UNMIL, chef de la police\u202f: janvier 2013 – septembre 2016" in french.output
    assert "(45 mois)" in french.output


def test_check_data_exits_one_with_line_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(specs.DATA_DIR, data_dir)
    path = data_dir / "registries" / "senior_posts.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.append("MONUSCO,force_commander,Nobody,XXA,2014-01-01,,yes,no,,https://example.org")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(
        reference,
        "check_reference_data",
        lambda lang="en": validate.check_reference_data(data_dir, lang=lang),
    )
    result = CliRunner().invoke(app, ["--lang", "en", "check-data"])
    assert result.exit_code == 1
    assert f"line {len(lines)}, column 4 (nationality_iso3): unknown country code 'XXA'" in (
        result.output.replace("\n", "")
    )


@pytest.mark.parametrize(
    ("table", "spec"),
    [("training_centres", specs.TRAINING_CENTRES), ("senior_posts", specs.SENIOR_POSTS)],
)
def test_export_registry_as_csv(table: str, spec: specs.FileSpec, tmp_path: Path) -> None:
    out = tmp_path / f"{table}.csv"
    db = tmp_path / "pkobs.duckdb"
    open_database(db).close()  # export reads a database, never creates one
    result = CliRunner().invoke(
        app,
        ["--db", str(db), "--lang", "en", "export", table, "--format", "csv", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as handle:
        exported = list(csv.DictReader(handle))
    with (specs.DATA_DIR / spec.pattern).open(encoding="utf-8") as handle:
        shipped = list(csv.DictReader(handle))
    assert len(exported) == len(shipped)
    assert set(spec.names) <= set(exported[0])
    assert [r["source"] for r in exported] == [r["source"] for r in shipped]
