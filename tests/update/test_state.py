"""Update state is decided by the database being updated, not by $PKOBS_HOME (issue 11, 1 and 10).

Several databases may share one PKOBS_HOME (and so one downloads folder); a database may be
deleted or restored from a backup. Each update must bring *its* database up to date.
"""

from __future__ import annotations

from pathlib import Path

from pkobs.settings import Settings
from pkobs.store import open_read_only
from pkobs.update import SourceContentInvalid, adhoc_source, update
from pkobs.update.swap import stale_builds
from tests.update.conftest import FAST, PSDH_SMALL, LoopbackServer, revised_psdh

ETAG = '"v1"'
LAST_MODIFIED = "Fri, 28 Feb 2014 12:00:00 GMT"


def rows(db: Path) -> int:
    con = open_read_only(db)
    try:
        return int(con.execute("SELECT count(*) FROM contributions").fetchall()[0][0])
    finally:
        con.close()


def other(settings: Settings, name: str) -> Settings:
    return Settings(home=settings.home, db_path=settings.home / name, lang="en")


def test_second_database_in_the_same_home_is_filled(
    server: LoopbackServer, settings: Settings
) -> None:
    server.serve("psdh.csv", PSDH_SMALL.read_bytes(), etag=ETAG, last_modified=LAST_MODIFIED)
    source = adhoc_source(server.url("psdh.csv"), "un-psdh")
    first = other(settings, "A.duckdb")
    second = other(settings, "B.duckdb")
    assert update(first, [source], FAST).swapped
    report = update(second, [source], FAST)
    assert not report.up_to_date and [o.status for o in report.outcomes] == ["ingested"]
    assert rows(second.db_path) == rows(first.db_path) == 11
    # B did not hold the version A's validators describe: its request was not conditional
    assert server.statuses("psdh.csv") == [200, 200]
    assert "If-None-Match" not in server.hits[-1].headers
    assert "If-Modified-Since" not in server.hits[-1].headers
    # now that both hold it, both ask conditionally and are up to date
    assert update(first, [source], FAST).up_to_date
    assert update(second, [source], FAST).up_to_date
    assert server.statuses("psdh.csv") == [200, 200, 304, 304]


def test_deleted_database_is_rebuilt(server: LoopbackServer, settings: Settings) -> None:
    server.serve("psdh.csv", PSDH_SMALL.read_bytes(), etag=ETAG)
    source = adhoc_source(server.url("psdh.csv"), "un-psdh")
    update(settings, [source], FAST)
    settings.db_path.unlink()
    report = update(settings, [source], FAST)
    assert report.swapped and report.outcomes[0].status == "ingested"
    assert rows(settings.db_path) == 11


def test_restored_database_gets_the_revision_another_database_downloaded(
    server: LoopbackServer, settings: Settings, tmp_path: Path
) -> None:
    route = server.serve("psdh.csv", PSDH_SMALL.read_bytes(), etag=ETAG)
    source = adhoc_source(server.url("psdh.csv"), "un-psdh")
    old = other(settings, "old.duckdb")
    new = other(settings, "new.duckdb")
    update(old, [source], FAST)
    update(new, [source], FAST)
    route.body = revised_psdh(tmp_path / "revised.csv").read_bytes()
    route.etag = '"v2"'
    assert update(new, [source], FAST).swapped  # the downloads folder now records v2
    report = update(old, [source], FAST)  # old still holds v1 only
    assert report.swapped and report.outcomes[0].status == "ingested"
    assert rows(old.db_path) == rows(new.db_path) == 13
    assert server.hits[-1].headers.get("If-None-Match") is None


def test_same_file_already_held_is_not_reingested(
    server: LoopbackServer, settings: Settings
) -> None:
    server.serve("psdh.csv", PSDH_SMALL.read_bytes())  # no validators: always 200
    source = adhoc_source(server.url("psdh.csv"), "un-psdh")
    update(settings, [source], FAST)
    before = settings.db_path.stat()
    report = update(settings, [source], FAST)
    assert report.up_to_date and report.outcomes[0].status == "unchanged"
    after = settings.db_path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_stale_copy_of_a_killed_update_is_removed(
    server: LoopbackServer, settings: Settings
) -> None:
    server.serve("psdh.csv", PSDH_SMALL.read_bytes(), etag=ETAG)
    source = adhoc_source(server.url("psdh.csv"), "un-psdh")
    update(settings, [source], FAST)
    folder = settings.db_path.parent
    stale = folder / f".{settings.db_path.name}.k1ll3d.next"
    stale.write_bytes(b"\0" * (1 << 20))  # what kill -9 during a build leaves behind
    (folder / f".{settings.db_path.name}.k1ll3d.next.wal").write_bytes(b"wal")
    unrelated = folder / ".other.duckdb.x.next"
    unrelated.write_bytes(b"not ours")
    assert len(stale_builds(settings.db_path)) == 2
    assert update(settings, [source], FAST).up_to_date  # even when nothing is new
    assert stale_builds(settings.db_path) == [] and not stale.exists()
    assert unrelated.exists()


def test_failed_ingest_leaves_no_copy(server: LoopbackServer, settings: Settings) -> None:
    server.serve("psdh.csv", PSDH_SMALL.read_bytes())
    update(settings, [adhoc_source(server.url("psdh.csv"), "un-psdh")], FAST)
    bad = PSDH_SMALL.read_text().replace("880", "eighty", 1).encode()
    server.serve("bad.csv", bad)
    try:
        update(settings, [adhoc_source(server.url("bad.csv"), "un-psdh")], FAST)
    except SourceContentInvalid:
        pass
    else:
        raise AssertionError("the invalid file was accepted")
    assert stale_builds(settings.db_path) == []
    assert sorted(p.name for p in settings.db_path.parent.glob("*.next*")) == []
