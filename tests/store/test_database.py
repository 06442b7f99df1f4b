"""The one database handle: read-only never writes, transactions are written once."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from pkobs.errors import DatabaseError
from pkobs.store import SCHEMA_VERSION
from pkobs.store.connection import views_digest
from pkobs.store.database import Database
from pkobs.store.groups import check_group, known_groups, members_at
from tests.conftest import fresh_database


def fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def test_open_read_only_on_a_missing_file_raises_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "pkobs.duckdb"
    with pytest.raises(DatabaseError) as info:
        Database.open_read_only(missing)
    assert info.value.key == "db.missing" and info.value.exit_code == 4
    assert str(missing) in info.value.message("en")
    assert "pkobs ingest" in info.value.message("en")
    assert "l’ouvrir en lecture n’en crée jamais" in info.value.message("fr")
    assert not missing.exists() and not missing.parent.exists()
    assert list(tmp_path.iterdir()) == []


def test_open_read_only_never_migrates_an_outdated_file(tmp_path: Path, template_db: Path) -> None:
    path = fresh_database(template_db, tmp_path / "old.duckdb")
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.execute("CHECKPOINT")
    con.close()
    before = fingerprint(path)
    with pytest.raises(DatabaseError) as info:
        Database.open_read_only(path)
    assert info.value.key == "db.outdated"
    assert info.value.values["version"] == 1 and info.value.values["expected"] == SCHEMA_VERSION
    assert "pkobs coverage" in info.value.message("en")
    assert fingerprint(path) == before  # not migrated, not touched
    assert not path.with_name(path.name + ".wal").exists()


def test_views_from_another_pkobs_are_outdated_too(tmp_path: Path, template_db: Path) -> None:
    path = fresh_database(template_db, tmp_path / "views.duckdb")
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = 'other' WHERE key = 'views_sha256'")
    con.close()
    with pytest.raises(DatabaseError) as info:
        Database.open_read_only(path)
    assert info.value.key == "db.outdated"


def test_a_newer_schema_is_refused_both_ways(tmp_path: Path, template_db: Path) -> None:
    path = fresh_database(template_db, tmp_path / "newer.duckdb")
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION + 1)])
    con.close()
    for opener in (Database.open_read_only, Database.open):
        with pytest.raises(DatabaseError) as info:
            opener(path)
        assert info.value.key == "db.newer" and info.value.values["version"] == SCHEMA_VERSION + 1
        assert "upgrade pkobs" in str(info.value)


def test_prepare_creates_or_migrates_only_when_needed(tmp_path: Path) -> None:
    path = tmp_path / "home" / "pkobs.duckdb"
    assert Database.prepare(path) is True  # missing: created, migrated, reference data loaded
    before = fingerprint(path)
    assert Database.prepare(path) is False  # up to date: not even opened for writing
    assert fingerprint(path) == before
    with Database.open_read_only(path) as db:
        assert db.read_only
        assert db.scalar("SELECT value FROM meta WHERE key = 'views_sha256'") == views_digest()
        assert db.scalar("SELECT count(*) FROM ref_countries") > 190
    assert fingerprint(path) == before  # reading wrote nothing


def test_a_read_only_handle_refuses_writes(tmp_path: Path, template_db: Path) -> None:
    from pkobs.errors import QueryError

    path = fresh_database(template_db, tmp_path / "ro.duckdb")
    before = fingerprint(path)
    with Database.open_read_only(path) as db, pytest.raises(QueryError) as info:
        db.query("DELETE FROM ref_countries")
    assert info.value.key == "store.read_only_query"
    assert fingerprint(path) == before


def test_atomic_commits_rolls_back_and_nests(tmp_path: Path, template_db: Path) -> None:
    path = fresh_database(template_db, tmp_path / "atomic.duckdb")
    with Database.open(path) as db:
        db.execute("CREATE TABLE t (n INTEGER)")
        with db.atomic():
            db.execute("INSERT INTO t VALUES (1)")
            with db.atomic():  # joins the outer transaction
                db.execute("INSERT INTO t VALUES (2)")
        assert db.scalar("SELECT sum(n) FROM t") == 3
        with pytest.raises(RuntimeError), db.atomic():
            db.execute("INSERT INTO t VALUES (10)")
            with Database.of(db.con).atomic():  # another handle on the same connection joins
                db.execute("INSERT INTO t VALUES (20)")
            raise RuntimeError("boom")
        assert db.scalar("SELECT sum(n) FROM t") == 3  # both inserts rolled back together
        with db.atomic():  # the connection is usable for a new transaction afterwards
            db.execute("INSERT INTO t VALUES (4)")
        assert db.scalar("SELECT sum(n) FROM t") == 7


def test_only_the_database_handle_writes_transactions() -> None:
    """``BEGIN``/``COMMIT``/``ROLLBACK`` are written once, in store/database.py."""
    source = Path(__file__).resolve().parents[2] / "src" / "pkobs"
    allowed = {source / "store" / "database.py"}
    writers = []
    for path in sorted(source.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if any(f'"{word}' in text for word in ("BEGIN", "COMMIT", "ROLLBACK")):
            writers.append(path)
    assert [p.relative_to(source).as_posix() for p in writers if p not in allowed] == []


def test_groups_are_read_from_the_store(tmp_path: Path, template_db: Path) -> None:
    from pkobs.errors import QueryError

    path = fresh_database(template_db, tmp_path / "groups.duckdb")
    with Database.open_read_only(path) as db:
        assert "oif" in known_groups(db)
        with pytest.raises(QueryError) as info:
            check_group(db, "nato")
        assert str(info.value).startswith("unknown group 'nato'; known groups: ")
        assert "groupe inconnu «\u202fnato\u202f»" in info.value.message("fr")
        import datetime as dt

        french = members_at(db, "oif", dt.date(2014, 2, 28), "name_fr")
        english = members_at(db, "oif", dt.date(2014, 2, 28), "name_en")
    assert (
        french.columns
        == english.columns
        == [
            "iso3",
            "name",
            "status",
            "suspended",
            "sovereign",
            "member_id",
        ]
    )
    assert len(french.rows) == len(english.rows) > 50
    by_iso3 = {row[0]: row[1] for row in french.rows}
    assert by_iso3["BEL"] == "Belgique"
    assert {row[0]: row[1] for row in english.rows}["BEL"] == "Belgium"
    assert french.column("status").kind == "category"


def test_open_for_reading_prepares_only_what_a_read_only_open_refuses(tmp_path: Path) -> None:
    path = tmp_path / "fresh" / "pkobs.duckdb"
    with Database.open_for_reading(path) as db:  # a read command on a fresh home
        assert db.read_only and db.scalar("SELECT count(*) FROM sources") == 0
    before = fingerprint(path)
    with Database.open_for_reading(path) as db:
        assert db.read_only
    assert fingerprint(path) == before  # up to date: opened once, read-only, nothing written
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION + 1)])
    con.close()
    with pytest.raises(DatabaseError) as info:  # newer: refused, never "prepared"
        Database.open_for_reading(path)
    assert info.value.key == "db.newer"


def test_a_live_reader_never_creates_the_file_it_serves(tmp_path: Path, template_db: Path) -> None:
    from pkobs.store.live import LiveDatabase

    missing = tmp_path / "served" / "pkobs.duckdb"
    live = LiveDatabase(missing)
    with pytest.raises(DatabaseError) as info:
        live.cursor()
    assert info.value.key == "db.missing" and not missing.parent.exists()
    path = fresh_database(template_db, tmp_path / "live.duckdb")
    live = LiveDatabase(path)
    try:
        with live.database() as db:
            assert db.read_only and db.scalar("SELECT count(*) FROM ref_groups") > 0
    finally:
        live.close()
