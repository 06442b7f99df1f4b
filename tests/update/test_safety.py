"""Failure safety and no downtime: a failed update changes nothing; readers never stop."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from pkobs.settings import Settings
from pkobs.store.live import LiveDatabase
from pkobs.update import (
    SourceContentInvalid,
    UpdateError,
    UpdateInProgress,
    adhoc_source,
    update,
    update_lock,
)
from tests.update.conftest import FAST, PSDH_SMALL, LoopbackServer, files_snapshot, revised_psdh


@pytest.mark.parametrize("failure", ["html", "truncate", "500", "bad rows"])
def test_failed_update_leaves_database_and_downloads_untouched(
    server: LoopbackServer, settings: Settings, tmp_path: Path, failure: str
) -> None:
    route = server.serve("psdh.csv", PSDH_SMALL.read_bytes(), etag='"v1"')
    source = adhoc_source(server.url("psdh.csv"), "un-psdh")
    update(settings, [source], FAST)
    database = settings.db_path.read_bytes()
    downloads = files_snapshot(settings.downloads_dir)
    route.etag = '"v2"'
    route.body = revised_psdh(tmp_path / "revised.csv").read_bytes()
    if failure == "bad rows":  # served fine, but the data does not pass the ingest checks
        route.body = route.body.replace(
            b"BRA,Brazil,UNFICYP,Troops,2014-03-31,500",
            b"BRA,Brazil,UNFICYP,Troops,2014-03-31,-500",
        )
    else:
        route.script = [failure] * 5
    with pytest.raises(UpdateError) as error:
        update(settings, [source], FAST, sleep=lambda _s: None)
    assert error.value.exit_code == (5 if failure == "500" else 6)
    assert settings.db_path.read_bytes() == database
    after = files_snapshot(settings.downloads_dir)
    partial = {name for name in after if "/.partial/" in name}
    # Only a cut-short download may stay behind, in .partial/, to be resumed next time.
    assert partial == (
        {f"{source.name}/.partial/psdh.csv.part", f"{source.name}/.partial/psdh.csv.part.json"}
        if failure == "truncate"
        else set()
    )
    assert {k: v for k, v in after.items() if k not in partial} == downloads
    leftovers = [p.name for p in settings.db_path.parent.iterdir() if p.suffix == ".next"]
    assert leftovers == []


def test_invalid_rows_exit_6_with_the_problem_named(
    server: LoopbackServer, settings: Settings
) -> None:
    body = PSDH_SMALL.read_bytes().replace(b"CAN,Canada,MINUSTAH", b"CAN,Canada,NOSUCHMISSION")
    server.serve("psdh.csv", body)
    with pytest.raises(SourceContentInvalid) as error:
        update(settings, [adhoc_source(server.url("psdh.csv"), "un-psdh")], FAST)
    assert error.value.exit_code == 6 and "NOSUCHMISSION" in error.value.message("en")
    assert not settings.db_path.exists()
    assert not any(
        p.is_file() and ".partial" not in str(p) for p in settings.downloads_dir.rglob("*")
    )


def test_readers_keep_answering_and_see_the_new_data(
    server: LoopbackServer, settings: Settings, tmp_path: Path
) -> None:
    route = server.serve("psdh.csv", PSDH_SMALL.read_bytes(), etag='"v1"')
    source = adhoc_source(server.url("psdh.csv"), "un-psdh")
    update(settings, [source], FAST)
    live = LiveDatabase(settings.db_path)
    query = "SELECT count(*), sum(total) FROM contributions"
    assert live.cursor().execute(query).fetchall() == [(11, 4635)]
    answers: list[tuple[int, int]] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def serve_requests() -> None:  # what pkobs serve does: one cursor per request
        while not stop.is_set():
            try:
                answers.append(live.cursor().execute(query).fetchall()[0])
            except BaseException as exc:  # pragma: no cover - the failure we test against
                errors.append(exc)

    reader = threading.Thread(target=serve_requests)
    reader.start()
    try:
        route.body = revised_psdh(tmp_path / "revised.csv").read_bytes()
        route.etag = '"v2"'
        report = update(settings, [source], FAST)
        assert report.swapped
        new_state = (13, 4635 + 5 - 10 + 917 + 520)
        deadline = threading.Event()
        for _ in range(200):
            if answers and answers[-1] == new_state:
                break
            deadline.wait(0.02)
    finally:
        stop.set()
        reader.join()
        live.close()
    assert errors == []
    assert set(answers) <= {(11, 4635), new_state}  # never a half-written state
    assert answers[0] == (11, 4635) and answers[-1] == new_state


def test_lock_refuses_or_waits(settings: Settings) -> None:
    with update_lock(settings.db_path):
        with pytest.raises(UpdateInProgress) as busy:
            update(settings, [], FAST)
        assert busy.value.exit_code == 7 and "another update" in str(busy.value)
        waited: list[float] = []
        with pytest.raises(UpdateInProgress):
            update(
                settings,
                [],
                FAST,
                wait_seconds=0.3,
                on_wait=lambda _pid, seconds: waited.append(seconds),
            )
        assert waited == [0.3]
    assert update(settings, [], FAST).up_to_date  # released
