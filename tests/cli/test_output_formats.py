"""An output file's format follows its extension; a --format that contradicts it is refused."""

from __future__ import annotations

import zipfile
from pathlib import Path

import duckdb
import pytest

from tests.conftest import Cli, fresh_database


@pytest.fixture
def loaded(cli: Cli, small_db: Path) -> Cli:
    fresh_database(small_db, cli.db)
    return cli


@pytest.mark.parametrize("name", ["c.csv", "c.parquet", "c.xlsx", "C.PARQUET"])
def test_export_writes_the_format_its_extension_names(
    loaded: Cli, tmp_path: Path, name: str
) -> None:
    # without --format it wrote CSV whatever the extension (CSV text in a .parquet file)
    out = tmp_path / name
    result = loaded("export", "contributions", "--out", str(out))
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    suffix = out.suffix.lower()
    if suffix == ".parquet":
        assert data[:4] == b"PAR1" and data[-4:] == b"PAR1"
        con = duckdb.connect()
        rows = con.execute("SELECT count(*) FROM read_parquet(?)", [str(out)]).fetchall()
        con.close()
        assert rows == [(11,)]
    elif suffix == ".xlsx":
        assert "xl/workbook.xml" in zipfile.ZipFile(out).namelist()
    else:
        assert data.decode().splitlines()[0].startswith("month,")
        assert len(data.decode().splitlines()) == 12


def test_export_refuses_an_extension_that_names_no_format(loaded: Cli, tmp_path: Path) -> None:
    out = tmp_path / "contributions.txt"
    french = loaded("export", "contributions", "--out", str(out), lang="fr")
    assert french.exit_code == 2, french.output
    assert f"l’extension de {out} ne désigne aucun format\u202f:" in french.output
    assert "--format (csv, parquet, xlsx)" in french.output
    english = loaded("export", "contributions", "--out", str(out))
    assert english.exit_code == 2
    assert f"the extension of {out} names no format" in english.output
    assert list(tmp_path.iterdir()) == [loaded.db]
    given = loaded("export", "contributions", "--out", str(out), "--format", "parquet")
    assert given.exit_code == 0, given.output  # said explicitly: the extension names none
    assert out.read_bytes()[:4] == b"PAR1"


def test_export_refuses_a_format_that_contradicts_the_extension(
    loaded: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "contributions.parquet"
    french = loaded("export", "contributions", "--out", str(out), "--format", "csv", lang="fr")
    assert french.exit_code == 2, french.output
    assert (
        f"--format csv contredit l’extension de {out}, qui désigne parquet\u202f: retirez "
        "--format, ou donnez au fichier l’extension .csv"
    ) in french.output
    english = loaded("export", "contributions", "--out", str(out), "--format", "csv")
    assert f"--format csv contradicts the extension of {out}, which names parquet" in (
        english.output
    )
    assert not out.exists()


def test_report_refuses_a_format_that_contradicts_the_extension(
    loaded: Cli, tmp_path: Path
) -> None:
    # `report --out x.pdf --format html` wrote HTML into x.pdf
    out = tmp_path / "bulletin.pdf"
    args = ("report", "--month", "2014-02", "--out", str(out), "--format", "html")
    french = loaded(*args, lang="fr")
    assert french.exit_code == 2, french.output
    assert f"--format html contredit l’extension de {out}, qui désigne pdf\u202f:" in (
        french.output
    )
    english = loaded(*args)
    assert english.exit_code == 2
    assert f"--format html contradicts the extension of {out}, which names pdf" in (english.output)
    htm = loaded(*args[:3], "--out", str(tmp_path / "b.htm"), "--format", "pdf")
    assert htm.exit_code == 2 and "which names html" in htm.output
    assert list(tmp_path.iterdir()) == [loaded.db]


def test_report_names_the_option_of_a_bad_month(loaded: Cli, tmp_path: Path) -> None:
    result = loaded("report", "--month", "2014-13", "--out", str(tmp_path / "b.pdf"), lang="fr")
    assert result.exit_code == 2
    assert "--month '2014-13' n’est pas un mois" in result.output
