"""Ctrl-C during a command: one line in the run's language and exit code 130, no traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import fresh_database

# Trillions of rows: runs for hours unless interrupted.
ENDLESS = "SELECT count(*) FROM range(100000000) a, range(100000) b"
# CPU time a command's start never reaches (about 0.4 s), and the query does within a second.
BUSY_CPU_SECONDS = 2.0

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of ``pid`` so far (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def default_sigint() -> None:
    """In the child: SIGINT as a terminal delivers it (a test run from a background shell
    would otherwise hand it down ignored)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def interrupted_query(db: Path, lang: str) -> subprocess.CompletedProcess[str]:
    """``pkobs sql ENDLESS``, sent SIGINT once the query is running (burning CPU)."""
    command = [sys.executable, "-m", "pkobs.cli", "--db", str(db), "--lang", lang, "sql", ENDLESS]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=default_sigint,
    )
    try:
        deadline = time.monotonic() + 120
        while cpu_seconds(process.pid) < BUSY_CPU_SECONDS and time.monotonic() < deadline:
            assert process.poll() is None, process.communicate()
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


@pytest.mark.parametrize(("lang", "said"), [("fr", "interrompu"), ("en", "interrupted")])
def test_ctrl_c_during_a_query_is_one_line_and_exit_code_130(
    template_db: Path, tmp_path: Path, lang: str, said: str
) -> None:
    # it printed a traceback ending "RuntimeError: Query interrupted" (DuckDB), and sometimes
    # DuckDB swallowed the interrupt and the query ran on
    db = fresh_database(template_db, tmp_path / "pkobs.duckdb")
    result = interrupted_query(db, lang)
    assert result.returncode == 130, result.stderr
    assert "Traceback" not in result.stderr and "RuntimeError" not in result.stderr
    assert result.stderr.strip() == said
    assert result.stdout == ""
