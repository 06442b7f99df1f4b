"""Bad input: a month without data, an output that cannot be written; nothing half-written."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pkobs.indicators import parse_month
from pkobs.reports import (
    MonthWithoutDataError,
    OutputNotWritableError,
    ReportError,
    build_bulletin,
    format_for,
)
from pkobs.reports.output import check_writable, write_atomic
from pkobs.store.database import Database
from tests.conftest import Cli, requires_ipi


@requires_ipi
@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "no data for 2015-02; months available: 2009-11 to 2014-03 (53 months)"),
        # a French bulletin's error is French too (catalogue key report.error.no_data)
        ("fr", "aucune donnée pour 2015-02 ; mois disponibles : 2009-11 à 2014-03 (53 mois)"),
    ],
)
def test_month_without_data_lists_the_months_and_writes_nothing(
    real_db_path: Path, tmp_path: Path, lang: str, expected: str
) -> None:
    result = Cli(real_db_path)(
        "report", "--month", "2015-02", "--lang", lang, "--out", str(tmp_path / "b.pdf")
    )
    assert result.exit_code == 2
    assert expected in result.output.replace("\u202f", " ")
    assert list(tmp_path.iterdir()) == []


def test_report_errors_carry_catalogue_keys(tmp_path: Path) -> None:
    with pytest.raises(ReportError) as refused:
        format_for(tmp_path / "b.docx", None)
    assert refused.value.key == "report.error.no_extension"
    assert refused.value.message("fr").startswith(
        f"impossible de déduire le format de {tmp_path / 'b.docx'} de son extension\u202f;"
    )
    with pytest.raises(OutputNotWritableError) as missing:
        check_writable(tmp_path / "no" / "b.pdf")
    assert missing.value.key == "report.error.no_folder"
    assert missing.value.values["folder"] == str(tmp_path / "no")
    assert "le dossier" in missing.value.message("fr") and "does not exist" in str(missing.value)


@requires_ipi
def test_month_without_data_in_a_gap_is_refused(real_db_path: Path, tmp_path: Path) -> None:
    with (
        Database.open_read_only(real_db_path) as db,
        pytest.raises(MonthWithoutDataError, match="months available: 2009-11 to 2014-03"),
    ):
        build_bulletin(db, parse_month("2009-10"), "en", tmp_path / "b.html")
    assert list(tmp_path.iterdir()) == []


@requires_ipi
def test_a_raw_connection_is_still_accepted(
    real_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    """The transition shim: older callers pass a DuckDB connection; it is wrapped."""
    with pytest.raises(MonthWithoutDataError) as refused:
        build_bulletin(real_con, parse_month("2009-10"), "fr", tmp_path / "b.html")
    assert refused.value.key == "report.error.no_data"
    assert refused.value.values["month"] == "2009-10"


@requires_ipi
def test_unwritable_output_is_a_clear_error(real_db_path: Path, tmp_path: Path) -> None:
    cli = Cli(real_db_path)
    missing = tmp_path / "missing" / "b.pdf"
    result = cli("report", "--month", "2014-02", "--out", str(missing))
    assert result.exit_code == 2
    assert f"folder {missing.parent} does not exist" in result.output
    a_file = tmp_path / "file.txt"
    a_file.write_text("not a folder")
    result = cli("report", "--month", "2014-02", "--out", str(a_file / "b.pdf"))
    assert result.exit_code == 2
    assert "is not a folder" in result.output
    result = cli("report", "--month", "2014-02", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "it is a folder" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]


def test_unknown_extension_needs_a_format(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match=r"name it \.pdf or \.html"):
        format_for(tmp_path / "b.docx", None)
    assert format_for(tmp_path / "b.docx", "html") == "html"
    assert format_for(tmp_path / "B.PDF", None) == "pdf"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "b.pdf"
    out.write_bytes(b"old")

    def refuse(_source: object, _target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("pkobs.reports.output.os.replace", refuse)
    with pytest.raises(OutputNotWritableError, match="No space left on device"):
        write_atomic(out, b"new")
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["b.pdf"]


def test_write_atomic_replaces_the_file(tmp_path: Path) -> None:
    out = tmp_path / "b.html"
    write_atomic(out, b"first")
    write_atomic(out, b"second")
    assert out.read_bytes() == b"second"
    assert [p.name for p in tmp_path.iterdir()] == ["b.html"]
