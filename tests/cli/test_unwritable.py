"""A database, or an export, in a folder that cannot be written: a clear error with the path and
the reason, in the run's language; nothing is created."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import DATA, Cli, fresh_database

ROOT_IGNORES_MODES = os.geteuid() == 0  # chmod does not stop root from writing


def blocked_by_a_file(tmp_path: Path) -> tuple[Path, str, str]:
    """A database path whose folder is a file; the reason in French and English."""
    in_the_way = tmp_path / "data"
    in_the_way.write_text("not a folder\n")
    return (
        in_the_way / "pkobs.duckdb",
        f"{in_the_way} est un fichier, pas un dossier",
        f"{in_the_way} is a file, not a folder",
    )


# The commands that create a missing database (the update fails at its lock, before any download)
WRITES: list[tuple[str, ...]] = [
    ("ingest", str(DATA / "psdh_small.csv")),
    ("ingest", "--quiet", str(DATA / "psdh_small.csv")),
    ("update", "--url", "http://127.0.0.1:9/psdh.csv", "--format", "un-psdh"),
    ("snapshot", "load"),
]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_folder_that_is_a_file(tmp_path: Path, lang: str) -> None:
    # it ended with FileExistsError / OSError tracebacks from update/lock.py
    db, french, english = blocked_by_a_file(tmp_path)
    before = sorted(tmp_path.iterdir())
    for args in WRITES:
        result = Cli(db)(*args, lang=lang)
        assert result.exit_code == 4, (args, result.output)
        assert isinstance(result.exception, SystemExit), args
        said = french if lang == "fr" else english
        assert said in result.output and str(db) in result.output, (args, result.output)
        folder = "dans le dossier" if lang == "fr" else "in the folder"
        assert folder in result.output and "--db" in result.output
    assert sorted(tmp_path.iterdir()) == before


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="no /proc")
def test_a_folder_where_no_file_can_be_created() -> None:
    # /proc takes no new file, even from root: os.open(...update.lock, O_CREAT) failed raw
    for db in (Path("/proc/pkobs.duckdb"), Path("/proc/pkobs-no-such-folder/pkobs.duckdb")):
        result = Cli(db)("ingest", str(DATA / "psdh_small.csv"), lang="fr")
        assert result.exit_code == 4, result.output
        assert f"de la base de données {db}\u202f: aucun fichier ne peut y être créé" in (
            result.output
        )
        english = Cli(db)("ingest", str(DATA / "psdh_small.csv"))
        assert "no file can be created there" in english.output
        assert not db.exists()


@pytest.mark.skipif(ROOT_IGNORES_MODES, reason="root writes in a 0o555 folder")
def test_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    db = folder / "pkobs.duckdb"
    try:
        for lang, said in (("fr", "permission refusée"), ("en", "permission denied")):
            for args in WRITES:
                result = Cli(db)(*args, lang=lang)
                assert result.exit_code == 4, (args, result.output)
                assert said in result.output and str(folder) in result.output
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_an_export_into_a_folder_that_cannot_be_written(
    tmp_path: Path, small_db: Path, cli: Cli
) -> None:
    fresh_database(small_db, cli.db)
    result = cli("export", "countries", "--out", "/proc/countries.csv", lang="fr")
    assert result.exit_code == 2, result.output
    assert "impossible d’écrire /proc/countries.csv\u202f: aucun fichier ne peut y être créé" in (
        result.output
    )
