"""Reference data into the database: validated first, loaded in one transaction, only when it
changed; the reader's problems are language-free messages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pkobs.errors import ReferenceDataError
from pkobs.messages import Message
from pkobs.refdata import specs
from pkobs.refdata.loader import reference_digest
from pkobs.refdata.reader import read_reference_file
from pkobs.store.database import Database
from pkobs.store.refdata_load import load_all, sync_reference_data
from tests.conftest import fresh_database


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(specs.DATA_DIR, target)
    return target


def test_unchanged_reference_data_is_not_reloaded(tmp_path: Path, template_db: Path) -> None:
    with Database.open(fresh_database(template_db, tmp_path / "db.duckdb")) as db:
        assert sync_reference_data(db) is False
        stored = db.scalar("SELECT value FROM meta WHERE key = 'refdata_sha256'")
        assert stored == reference_digest()[:16]


def test_changed_files_are_reloaded(tmp_path: Path, template_db: Path, data_dir: Path) -> None:
    missions = data_dir / "missions.csv"
    lines = missions.read_text(encoding="utf-8").splitlines()
    missions.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")  # one mission fewer
    with Database.open(fresh_database(template_db, tmp_path / "db.duckdb")) as db:
        before = db.scalar("SELECT count(*) FROM ref_missions")
        assert sync_reference_data(db, data_dir) is True
        assert db.scalar("SELECT count(*) FROM ref_missions") == before - 1
        assert sync_reference_data(db, data_dir) is False


def test_invalid_files_change_nothing(tmp_path: Path, template_db: Path, data_dir: Path) -> None:
    countries = data_dir / "countries.csv"
    countries.write_text(
        countries.read_text(encoding="utf-8") + "fra,FR,France,France,twice\n", encoding="utf-8"
    )
    with Database.open(fresh_database(template_db, tmp_path / "db.duckdb")) as db:
        before = db.query("SELECT * FROM ref_countries ORDER BY iso3").rows
        with pytest.raises(ReferenceDataError):
            load_all(db, data_dir)
        assert db.query("SELECT * FROM ref_countries ORDER BY iso3").rows == before
        stored = db.scalar("SELECT value FROM meta WHERE key = 'refdata_sha256'")
        assert stored == reference_digest()[:16]


def test_reader_problems_are_messages_in_both_languages(tmp_path: Path) -> None:
    spec = next(s for s in specs.ALL_SPECS if s.pattern == "countries.csv")
    path = tmp_path / "countries.csv"
    header = ",".join(spec.names)
    path.write_text(f"{header}\nfra,FR,France,France,x\n", encoding="utf-8")
    result = read_reference_file(path, spec)
    assert [p.key for p in result.problems] == ["refdata.not_iso3"]
    problem = result.problems[0]
    assert isinstance(problem.message, Message) and problem.message.values == {"value": "fra"}
    assert (problem.line, problem.column, problem.column_name) == (2, 1, "iso3")
    assert "fra" in problem.describe("en") and "line 2" in problem.describe("en")
    assert "ligne 2" in problem.describe("fr")
    assert problem.text("en") != problem.text("fr")
