"""HTTP behaviour of updates against a real loopback server: conditional, retried, verified."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pkobs.settings import Settings
from pkobs.store import open_read_only
from pkobs.update import (
    SourceContentInvalid,
    SourceUnreachable,
    adhoc_source,
    update,
)
from pkobs.update.downloads import DownloadArea
from tests.update.conftest import FAST, PSDH_SMALL, LoopbackServer, files_snapshot

ETAG = '"v1-psdh"'
LAST_MODIFIED = "Fri, 28 Feb 2014 12:00:00 GMT"


def row_count(settings: Settings) -> int:
    con = open_read_only(settings.db_path)
    try:
        return int(con.execute("SELECT count(*) FROM contributions").fetchall()[0][0])
    finally:
        con.close()


def test_first_download_ingests_and_keeps_provenance(
    server: LoopbackServer, settings: Settings
) -> None:
    body = PSDH_SMALL.read_bytes()
    server.serve("psdh.csv", body, etag=ETAG, last_modified=LAST_MODIFIED)
    source = adhoc_source(server.url("psdh.csv"), "un-psdh")
    report = update(settings, [source], FAST)
    assert report.swapped and [o.status for o in report.outcomes] == ["ingested"]
    assert report.outcomes[0].rows == 11
    assert row_count(settings) == 11
    record = json.loads((settings.downloads_dir / source.name / "current.json").read_text())
    assert record["url"] == source.url and record["etag"] == ETAG
    assert record["last_modified"] == LAST_MODIFIED and record["size"] == len(body)
    assert record["content_type"] == "text/csv" and record["downloaded_at"].endswith("+00:00")
    downloaded = Path(record["path"])
    assert downloaded.read_bytes() == body and downloaded.parent.parent == (
        settings.downloads_dir / source.name
    )
    assert json.loads(downloaded.with_name("psdh.csv.provenance.json").read_text()) == record
    import hashlib

    assert record["sha256"] == hashlib.sha256(body).hexdigest()
    # The database records the downloaded file as the source of every row.
    con = open_read_only(settings.db_path)
    assert con.execute("SELECT path FROM sources").fetchall() == [(str(downloaded),)]
    con.close()
    assert not (settings.downloads_dir / source.name / ".partial" / "psdh.csv.part").exists()


def test_second_run_gets_304_and_ingests_nothing(
    server: LoopbackServer, settings: Settings
) -> None:
    server.serve("psdh.csv", PSDH_SMALL.read_bytes(), etag=ETAG, last_modified=LAST_MODIFIED)
    source = adhoc_source(server.url("psdh.csv"), "un-psdh")
    update(settings, [source], FAST)
    before = settings.db_path.stat()
    report = update(settings, [source], FAST)
    assert report.up_to_date and [o.status for o in report.outcomes] == ["not_modified"]
    assert report.changes.empty
    assert server.statuses("psdh.csv") == [200, 304]
    second = server.hits[-1].headers
    assert second["If-None-Match"] == ETAG and second["If-Modified-Since"] == LAST_MODIFIED
    after = settings.db_path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_same_content_without_validators_is_up_to_date(
    server: LoopbackServer, settings: Settings
) -> None:
    server.serve("psdh.csv", PSDH_SMALL.read_bytes())  # no ETag, no Last-Modified
    source = adhoc_source(server.url("psdh.csv"), "un-psdh")
    update(settings, [source], FAST)
    report = update(settings, [source], FAST)
    assert server.statuses("psdh.csv") == [200, 200]
    assert report.up_to_date and [o.status for o in report.outcomes] == ["unchanged"]


def test_500_then_success_retries_with_growing_delays(
    server: LoopbackServer, settings: Settings
) -> None:
    server.serve("psdh.csv", PSDH_SMALL.read_bytes(), script=["500", "503"])
    delays: list[float] = []
    report = update(
        settings, [adhoc_source(server.url("psdh.csv"), "un-psdh")], FAST, sleep=delays.append
    )
    assert server.statuses("psdh.csv") == [500, 503, 200]
    assert delays == [0.01, 0.02]
    assert report.outcomes[0].status == "ingested" and row_count(settings) == 11


def test_retries_are_bounded(server: LoopbackServer, settings: Settings) -> None:
    server.serve("psdh.csv", PSDH_SMALL.read_bytes(), script=["500"] * 10)
    with pytest.raises(SourceUnreachable) as failure:
        update(
            settings, [adhoc_source(server.url("psdh.csv"), "un-psdh")], FAST, sleep=lambda _s: None
        )
    assert failure.value.exit_code == 5 and "HTTP 500" in str(failure.value)
    assert server.statuses("psdh.csv") == [500, 500, 500]  # first try + 2 retries
    assert not settings.db_path.exists()


def test_connection_errors_are_retried(server: LoopbackServer, settings: Settings) -> None:
    server.serve("psdh.csv", PSDH_SMALL.read_bytes(), script=["reset"])
    report = update(
        settings, [adhoc_source(server.url("psdh.csv"), "un-psdh")], FAST, sleep=lambda _s: None
    )
    assert server.statuses("psdh.csv") == [0, 200] and not report.up_to_date


def test_unreachable_host_and_404(server: LoopbackServer, settings: Settings) -> None:
    with pytest.raises(SourceUnreachable) as failure:
        update(settings, [adhoc_source(server.url("missing.csv"), "un-psdh")], FAST)
    assert "HTTP 404" in str(failure.value)
    assert server.statuses("missing.csv") == [404]  # a 404 is not retried
    port = server.port
    server.close()
    with pytest.raises(SourceUnreachable) as refused:
        update(
            settings,
            [adhoc_source(f"http://127.0.0.1:{port}/x.csv", "un-psdh")],
            FAST,
            sleep=lambda _s: None,
        )
    assert "cannot connect" in str(refused.value)


def test_timeout(server: LoopbackServer, settings: Settings) -> None:
    server.serve("psdh.csv", PSDH_SMALL.read_bytes(), script=["slow", "slow"], delay=3.0)
    policy = FAST.__class__(connect_timeout=1.0, read_timeout=0.3, retries=1, backoff=0.01)
    with pytest.raises(SourceUnreachable) as failure:
        update(settings, [adhoc_source(server.url("psdh.csv"), "un-psdh")], policy)
    assert "did not answer in time" in str(failure.value) and failure.value.exit_code == 5
    assert not settings.db_path.exists()


def test_truncated_body_is_invalid(server: LoopbackServer, settings: Settings) -> None:
    server.serve("psdh.csv", PSDH_SMALL.read_bytes(), script=["truncate"] * 3)
    with pytest.raises(SourceContentInvalid) as failure:
        update(
            settings, [adhoc_source(server.url("psdh.csv"), "un-psdh")], FAST, sleep=lambda _s: None
        )
    size = len(PSDH_SMALL.read_bytes())
    assert f"after {size // 2} of {size} bytes" in str(failure.value)
    assert failure.value.exit_code == 6
    assert not settings.db_path.exists()


def test_truncated_body_resumes_with_range(server: LoopbackServer, settings: Settings) -> None:
    body = PSDH_SMALL.read_bytes()
    server.serve("psdh.csv", body, etag=ETAG, ranges=True, script=["truncate"])
    source = adhoc_source(server.url("psdh.csv"), "un-psdh")
    report = update(settings, [source], FAST, sleep=lambda _s: None)
    assert server.statuses("psdh.csv") == [200, 206]
    assert server.hits[1].headers["Range"] == f"bytes={len(body) // 2}-"
    assert server.hits[1].headers["If-Range"] == ETAG
    provenance = report.outcomes[0].provenance
    assert provenance is not None and provenance.resumed
    assert Path(provenance.path).read_bytes() == body and row_count(settings) == 11


def test_partial_file_from_an_earlier_run_is_resumed(
    server: LoopbackServer, settings: Settings
) -> None:
    body = PSDH_SMALL.read_bytes()
    server.serve("psdh.csv", body, etag=ETAG, ranges=True, script=["truncate"] * 3)
    source = adhoc_source(server.url("psdh.csv"), "un-psdh")
    policy = FAST.__class__(retries=0, backoff=0.01)
    with pytest.raises(SourceContentInvalid):
        update(settings, [source], policy)
    partial = DownloadArea(settings.downloads_dir, source).partial()
    assert partial is not None and partial.size == len(body) // 2
    server.routes["/psdh.csv"].script.clear()
    report = update(settings, [source], policy)
    assert server.statuses("psdh.csv")[-1] == 206 and report.outcomes[0].status == "ingested"


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("html", "sent an HTML page"),
        ("html-as-csv", "sent an HTML page"),
        ("json", "sent application/json"),
    ],
)
def test_error_pages_with_status_200_are_invalid(
    server: LoopbackServer, settings: Settings, action: str, message: str
) -> None:
    server.serve("psdh.csv", PSDH_SMALL.read_bytes(), script=[action])
    source = adhoc_source(server.url("psdh.csv"), "un-psdh")
    with pytest.raises(SourceContentInvalid) as failure:
        update(settings, [source], FAST)
    assert message in str(failure.value) and failure.value.exit_code == 6
    assert server.statuses("psdh.csv") == [200]  # bad content is not retried
    assert not settings.db_path.exists()
    assert files_snapshot(settings.downloads_dir / source.name) == {}


def test_checksum_mismatch_is_invalid(server: LoopbackServer, settings: Settings) -> None:
    server.serve("psdh.csv", PSDH_SMALL.read_bytes())
    source = adhoc_source(server.url("psdh.csv"), "un-psdh", sha256="0" * 64)
    with pytest.raises(SourceContentInvalid) as failure:
        update(settings, [source], FAST)
    assert "expected " + "0" * 64 in str(failure.value)
    import hashlib

    good = adhoc_source(
        server.url("psdh.csv"),
        "un-psdh",
        sha256=hashlib.sha256(PSDH_SMALL.read_bytes()).hexdigest(),
    )
    assert update(settings, [good], FAST).outcomes[0].status == "ingested"
