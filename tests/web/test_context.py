"""The web context's cursors: reused between requests, never across a replaced database file."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import duckdb
import pytest

from pkobs.settings import Settings
from pkobs.store.live import LiveDatabase
from pkobs.web.context import WebContext
from tests.conftest import fresh_database

COUNT = "SELECT count(*) FROM contributions"


def context_on(path: Path) -> WebContext:
    settings = Settings(home=path.parent, db_path=path)
    return WebContext(settings=settings, database=LiveDatabase(path))


def test_a_request_reuses_the_cursor_of_the_one_before(small_db: Path, tmp_path: Path) -> None:
    context = context_on(fresh_database(small_db, tmp_path / "web.duckdb"))
    with context.cursor() as first:
        rows = first.execute(COUNT).fetchall()
    with context.cursor() as second:
        assert second is first  # no new cursor, no USE statement
        assert second.execute(COUNT).fetchall() == rows == [(11,)]
    with context.cursor() as outer, context.cursor() as inner:
        assert inner is not outer  # two requests at once never share one
        assert inner.execute(COUNT).fetchall() == outer.execute(COUNT).fetchall()
    context.database.close()


def test_a_cursor_whose_request_failed_is_not_reused(small_db: Path, tmp_path: Path) -> None:
    context = context_on(fresh_database(small_db, tmp_path / "web.duckdb"))
    with pytest.raises(duckdb.Error), context.cursor() as failed:
        failed.execute("SELECT * FROM no_such_table")
    with context.cursor() as cursor:
        assert cursor is not failed
        assert cursor.execute(COUNT).fetchall() == [(11,)]
    with pytest.raises(duckdb.Error):  # the failed one was closed, not kept
        failed.execute("SELECT 1")
    context.database.close()


def test_a_replaced_file_is_read_by_the_next_request(small_db: Path, tmp_path: Path) -> None:
    path = fresh_database(small_db, tmp_path / "web.duckdb")
    context = context_on(path)
    version = context.version()
    with context.cursor() as old:
        assert old.execute(COUNT).fetchall() == [(11,)]
    held = context.cursor()  # a request still in flight when the file is swapped
    in_flight = held.__enter__()
    update = shutil.copyfile(path, tmp_path / "update.duckdb")
    with duckdb.connect(str(update)) as writer:  # an update: fewer rows, a new data version
        writer.execute("DELETE FROM contribution_records WHERE total < 100")
        writer.execute("INSERT OR REPLACE INTO meta VALUES ('data_version', 'test-swap')")
        remaining = writer.execute(COUNT).fetchall()
    assert remaining != [(11,)]
    os.replace(update, path)
    with context.cursor() as new:
        assert new is not old and new is not in_flight
        assert new.execute(COUNT).fetchall() == remaining
    assert in_flight.execute(COUNT).fetchall() == [(11,)]  # it keeps reading the file it had
    held.__exit__(None, None, None)
    with pytest.raises(duckdb.Error):  # the old file's idle cursor was closed
        old.execute("SELECT 1")
    with pytest.raises(duckdb.Error):  # and the in-flight one when it came back
        in_flight.execute("SELECT 1")
    with context.cursor() as again:
        assert again is new
    assert context.version() != version
    context.database.close()


def test_threads_share_the_idle_cursors_safely(small_db: Path, tmp_path: Path) -> None:
    context = context_on(fresh_database(small_db, tmp_path / "web.duckdb"))
    answers: list[int] = []
    errors: list[BaseException] = []

    def requests() -> None:
        for _ in range(50):
            try:
                with context.cursor() as cursor:
                    answers.append(int(cursor.execute(COUNT).fetchall()[0][0]))
            except BaseException as exc:  # pragma: no cover - the failure tested against
                errors.append(exc)

    threads = [threading.Thread(target=requests) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and answers == [11] * 400
    assert len(context._idle[1]) <= 8  # at most one idle cursor per thread that ran at once
    context.database.close()


def test_what_survives_a_full_pass_is_frozen_and_garbage_is_still_freed() -> None:
    import gc
    import weakref

    from pkobs.web.context import _freeze_survivors, freeze_after_full_passes

    class Node:
        def __init__(self) -> None:
            self.other: Node | None = None

    gc.unfreeze()
    try:
        freeze_after_full_passes()
        freeze_after_full_passes()  # once per process
        assert gc.callbacks.count(_freeze_survivors) == 1
        kept = [Node() for _ in range(100)]
        cycle = Node()
        cycle.other = Node()
        cycle.other.other = cycle
        gone = weakref.ref(cycle)
        del cycle
        gc.collect()
        assert gone() is None  # the cycle was garbage: freed, not frozen
        assert gc.get_freeze_count() >= len(kept)  # the survivors are out of the next passes
    finally:
        gc.callbacks.remove(_freeze_survivors)
        gc.unfreeze()


def test_a_server_prepares_every_group_with_the_default_statuses_first() -> None:
    from pkobs.web.context import PREPARED_SELECTIONS, prepared_selections

    chosen = prepared_selections({"oif", "au", "eu", "francophone"}, PREPARED_SELECTIONS)
    assert len(chosen) == 4 * 7 == len(set(chosen))  # every non-empty set of statuses
    assert chosen[:4] == [(g, ("member", "associate")) for g in ("au", "eu", "francophone", "oif")]
    assert ("oif", ("observer",)) in chosen
    assert ("oif", ("member", "associate", "observer")) in chosen
    assert prepared_selections({"oif", "au"}, 3) == [
        ("au", ("member", "associate")),
        ("oif", ("member", "associate")),
        ("au", ("member",)),
    ]
