"""A bad setting (language, cache bound) is a clear message in the run's language, exit 2, and
no command runs: never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pkobs.cli import app


def run(db: Path, *args: str, env: dict[str, str]) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--db", str(db), *args], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", "PKOBS_WEB_CACHE_MB=beaucoup\u202f: indiquez un nombre entier de Mio, au moins 1"),
        ("en", "PKOBS_WEB_CACHE_MB=beaucoup: give a whole number of MiB, at least 1"),
    ],
)
def test_a_bad_cache_bound_is_said_in_the_runs_language(
    tmp_path: Path, lang: str, expected: str
) -> None:
    db = tmp_path / "never.duckdb"
    code, output = run(
        db, "--lang", lang, "sql", "SELECT 1", env={"PKOBS_WEB_CACHE_MB": "beaucoup"}
    )
    assert code == 2
    assert expected in output
    assert "Traceback" not in output and not db.exists()


def test_an_unknown_language_is_said_in_french(tmp_path: Path) -> None:
    code, output = run(tmp_path / "x.duckdb", "sql", "SELECT 1", env={"PKOBS_LANG": "de"})
    assert code == 2
    assert "langue inconnue «\u202fde\u202f»\u202f: choisissez fr ou en" in output
