"""``pkobs update`` through the real CLI: the issue's "done when", exit codes, two runs at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

from tests.conftest import GENDER_FILE, ROOT, Cli, requires_ipi
from tests.update.conftest import PSDH_SMALL, LoopbackServer, wait_for

PKOBS = ROOT / ".venv" / "bin" / "pkobs"


def output(result: object) -> str:
    return str(result.output)  # type: ignore[attr-defined]


def code(result: object) -> int:
    return int(result.exit_code)  # type: ignore[attr-defined]


@requires_ipi
def test_gender_file_ingests_then_nothing_changed(
    server: LoopbackServer, home: Path, tmp_path: Path, cli: Cli, db_path: Path
) -> None:
    served = tmp_path / "served" / "Gender.Full.csv"  # a copy made at test time, never committed
    served.parent.mkdir()
    served.write_bytes(GENDER_FILE.read_bytes())
    server.serve(
        "Gender.Full.csv",
        served.read_bytes(),
        etag='"gender-936f28e"',
        last_modified="Mon, 31 Mar 2014 00:00:00 GMT",
    )
    url = server.url("Gender.Full.csv")
    first = cli("update", "--url", url, "--format", "ipi-gender")
    assert code(first) == 0, output(first)
    assert "rows ingested from" in output(first) and "Database updated" in output(first)
    assert "Months added: November 2009, December 2009" in output(first)
    con = duckdb.connect(str(db_path), read_only=True)
    months, rows = con.execute(
        "SELECT count(DISTINCT month), count(*) FROM contributions"
    ).fetchall()[0]
    con.close()
    assert months == 52 and rows > 29_115  # one row per personnel type with people
    stamp = db_path.stat().st_ino, db_path.stat().st_mtime_ns
    second = cli("update", "--url", url, "--format", "ipi-gender")
    assert code(second) == 0, output(second)
    assert "not modified since the last download (HTTP 304)" in output(second)
    assert "Up to date: nothing changed." in output(second)
    assert (db_path.stat().st_ino, db_path.stat().st_mtime_ns) == stamp
    french = cli("update", "--url", url, "--format", "ipi-gender", lang="fr")
    assert "À jour\u202f: rien n’a changé." in output(french)


def test_exit_codes_unreachable_and_invalid(
    server: LoopbackServer, home: Path, cli: Cli, db_path: Path
) -> None:
    server.serve("down.csv", b"", script=["503"] * 5)
    down = cli(
        "update",
        "--url",
        server.url("down.csv"),
        "--format",
        "un-psdh",
        "--retries",
        "1",
        "--backoff",
        "0.01",
        "--quiet",
    )
    assert code(down) == 5
    assert "source unreachable" in output(down) and "HTTP 503" in output(down)
    assert "left unchanged" in output(down)
    server.serve("page.csv", PSDH_SMALL.read_bytes(), script=["html"])
    page = cli("update", "--url", server.url("page.csv"), "--format", "un-psdh", "--json")
    assert code(page) == 6
    payload = json.loads(page.stdout)
    assert payload["status"] == "error" and payload["error"] == "SourceContentInvalid"
    assert payload["exit_code"] == 6 and "HTML" in payload["message"]
    french = cli("update", "--url", server.url("down.csv"), "--retries", "0", lang="fr")
    assert code(french) == 5 and "source injoignable" in output(french)
    assert not db_path.exists()


def test_named_sources_and_usage_errors(home: Path, cli: Cli, server: LoopbackServer) -> None:
    listed = cli("update", "--list")
    assert code(listed) == 0
    assert "un-psdh-current" in output(listed) and "un-psdh-pre2010" in output(listed)
    assert code(cli("update", "--source", "nope")) == 2
    assert code(cli("update", "--format", "un-psdh")) == 2
    server.serve("psdh.csv", PSDH_SMALL.read_bytes())
    (home / "sources.toml").write_text(
        f"[sources.un-psdh-pre2010]\nenabled = false\n\n"
        f'[sources.un-psdh-current]\nurl = "{server.url("psdh.csv")}"\n'
    )
    result = cli("update", "--json")
    assert code(result) == 0, output(result)
    payload = json.loads(output(result))
    assert [s["source"] for s in payload["sources"]] == ["un-psdh-current"]
    assert payload["sources"][0]["rows"] == 11
    record = home / "sources" / "un-psdh-current" / "current.json"
    assert json.loads(record.read_text())["url"] == server.url("psdh.csv")
    assert Path(json.loads(record.read_text())["path"]).name == "DPO-UCHISTORICAL.csv"


def _start(db_path: Path, home: Path, url: str, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PKOBS_HOME": str(home), "PKOBS_LANG": "en"}
    command = [
        str(PKOBS) if PKOBS.exists() else sys.executable,
        "--db",
        str(db_path),
        "update",
        "--url",
        url,
        "--format",
        "un-psdh",
        *extra,
    ]
    if not PKOBS.exists():
        command[1:1] = ["-m", "pkobs.cli"]
    return subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _contents(db_path: Path) -> tuple[int, int, int]:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        rows, total = con.execute("SELECT count(*), sum(total) FROM contributions").fetchall()[0]
        sources = con.execute("SELECT count(*) FROM sources").fetchall()[0][0]
        return int(rows), int(total), int(sources)
    finally:
        con.close()


def test_two_updates_at_once(server: LoopbackServer, home: Path, db_path: Path) -> None:
    route = server.serve(
        "psdh.csv", PSDH_SMALL.read_bytes(), etag='"v1"', script=["slow"], delay=20.0
    )
    url = server.url("psdh.csv")
    first = _start(db_path, home, url, "--wait", "30", "--json")
    wait_for(lambda: server.arrivals, timeout=15)  # the first run holds the lock from now on
    refused = _start(db_path, home, url, "--json")  # --wait 0: exits cleanly with its own code
    refused_out, refused_err = refused.communicate(timeout=30)
    waiting = _start(db_path, home, url, "--wait", "30")
    assert waiting.stderr is not None
    told = waiting.stderr.readline()  # printed as soon as it finds the lock taken
    route.gate.set()  # let the first download finish
    first_out, first_err = first.communicate(timeout=30)
    waiting_out, waiting_err = waiting.communicate(timeout=30)
    assert first.returncode == 0, first_err
    assert json.loads(first_out)["status"] == "updated"
    assert refused.returncode == 7, refused_err
    assert json.loads(refused_out)["error"] == "UpdateInProgress"
    assert "another update of this database is running" in refused_err
    assert "left unchanged" in refused_err
    assert waiting.returncode == 0, waiting_err
    assert "Another update is running" in told and "waiting up to 30 s" in told
    assert "Up to date: nothing changed." in waiting_out  # it waited, then got a 304
    assert server.arrivals == ["/psdh.csv", "/psdh.csv"]  # the refused run fetched nothing
    assert _contents(db_path) == (11, 4635, 1)
    assert sorted(p.name for p in db_path.parent.iterdir() if p.is_file()) == [
        "pkobs.duckdb",
        "pkobs.duckdb.update.lock",
    ]


def test_a_bad_month_is_a_clear_error_in_the_run_language(
    home: Path, cli: Cli, db_path: Path
) -> None:
    # it ended with a traceback (QueryError, in English whatever the language)
    for lang, said in (("fr", "--month '2014-13' n’est pas un mois"), ("en", "is not a month")):
        result = cli("update", "--source", "un-monthly-pdf", "--month", "2014-13", lang=lang)
        assert code(result) == 2, output(result)
        assert isinstance(result.exception, SystemExit)
        assert said in output(result) and "Traceback" not in output(result)
        assert "unchanged" not in output(result)  # a refused option: nothing had started
    as_json = cli("update", "--source", "un-monthly-pdf", "--month", "13/2014", "--json")
    assert code(as_json) == 2
    payload = json.loads(as_json.stdout)
    assert payload["error"] == "QueryError" and payload["exit_code"] == 2
    assert "is not a month" in payload["message"]
    assert not db_path.exists() and not db_path.parent.joinpath("sources").exists()


def test_one_row_ingested_is_said_in_the_singular(
    server: LoopbackServer, home: Path, tmp_path: Path, cli: Cli
) -> None:
    header, first = PSDH_SMALL.read_text().splitlines()[:2]
    server.serve("one.csv", f"{header}\n{first}\n".encode())
    url = server.url("one.csv")
    english = cli("update", "--url", url, "--format", "un-psdh")
    assert code(english) == 0, output(english)
    assert ": 1 row ingested from" in output(english) and "1 rows" not in output(english)
    french = Cli(tmp_path / "fr.duckdb")("update", "--url", url, "--format", "un-psdh", lang="fr")
    assert code(french) == 0, output(french)
    assert "\u202f: 1 ligne intégrée depuis" in output(french)
