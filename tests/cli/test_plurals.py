"""Counts in the command line's sentences take the catalogue's plural forms (CLDR): « 1 ligne
ingérée », "1 row ingested"; French 0 is singular, English 0 plural."""

from __future__ import annotations

from pathlib import Path

import pytest

from pkobs.i18n import t_plural
from tests.conftest import DATA, Cli, fresh_database


def one_row_file(folder: Path) -> Path:
    """psdh_small.csv's header and first row."""
    header, first = (DATA / "psdh_small.csv").read_text().splitlines()[:2]
    path = folder / "one.csv"
    path.write_text(f"{header}\n{first}\n")
    return path


@pytest.mark.parametrize(
    ("lang", "one", "several"),
    [
        ("fr", "\u202f: 1 ligne ingérée, ", "\u202f: 11 lignes ingérées, "),
        ("en", ": 1 row ingested, ", ": 11 rows ingested, "),
    ],
)
def test_ingest_says_one_row_and_several_rows(
    tmp_path: Path, lang: str, one: str, several: str
) -> None:
    # it said "bad/one.csv: 1 rows ingested" and « 1 lignes ingérées »
    first = Cli(tmp_path / "one.duckdb")("ingest", str(one_row_file(tmp_path)), lang=lang)
    assert first.exit_code == 0, first.output
    assert one in first.output
    other = Cli(tmp_path / "small.duckdb")("ingest", str(DATA / "psdh_small.csv"), lang=lang)
    assert several in other.output


@pytest.mark.parametrize(
    ("lang", "none", "one", "several"),
    [
        ("fr", "0 ligne écrite dans", "1 ligne écrite dans", "11 lignes écrites dans"),
        ("en", "0 rows written to", "1 row written to", "11 rows written to"),
    ],
)
def test_export_counts_its_rows(
    tmp_path: Path, template_db: Path, small_db: Path, lang: str, none: str, one: str, several: str
) -> None:
    empty = Cli(fresh_database(template_db, tmp_path / "empty.duckdb"))
    nothing = empty("export", "contributions", "--out", str(tmp_path / "0.csv"), lang=lang)
    assert none in nothing.output
    single = Cli(tmp_path / "one.duckdb")
    assert single("ingest", "--quiet", str(one_row_file(tmp_path))).exit_code == 0
    assert one in single("export", "sources", "--out", str(tmp_path / "1.csv"), lang=lang).output
    small = Cli(fresh_database(small_db, tmp_path / "small.duckdb"))
    written = small("export", "contributions", "--out", str(tmp_path / "11.csv"), lang=lang)
    assert several in written.output


def test_the_reference_data_check_counts_its_problems() -> None:
    assert t_plural("check.failed", 1, "fr", count="1") == (
        "1 problème dans les données de référence"
    )
    assert t_plural("check.failed", 3, "fr", count="3") == (
        "3 problèmes dans les données de référence"
    )
    assert t_plural("check.failed", 1, "en", count="1") == "1 problem in the reference data"
    assert t_plural("check.failed", 3, "en", count="3") == "3 problems in the reference data"
