"""The xdist scheduling of ``make unit`` (tests/scheduling.py), on a real ``pytest -n 2`` run of
a generated suite: a group stays on one worker, and the two longest tests start first, one on
each worker, each followed by short ones rather than by the other long one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

CONFTEST = """
import pytest
from tests.scheduling import LongestFirstScheduling


class Scheduling(LongestFirstScheduling):
    modules = {"test_grouped.py": "grouped"}
    costs = {"test_long.py::test_first": 30.0, "test_long.py::test_second": 20.0}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    return Scheduling(config, log)
"""
RECORD = """
import os
from pathlib import Path


def record(name: str) -> None:
    with (Path(__file__).parent / "order.txt").open("a") as out:
        out.write(f"{os.environ['PYTEST_XDIST_WORKER']} {name}\\n")
"""

# plugins the generated suite does not use (each costs its start-up in all three processes)
UNUSED_PLUGINS = [
    f"-pno:{name}"
    for name in ("cacheprovider", "schemathesis", "anyio", "platformdirs", "hypothesispytest")
]


def test_groups_stay_on_one_worker_and_long_tests_start_first(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(CONFTEST)
    (tmp_path / "record.py").write_text(RECORD)
    grouped = "from record import record\n" + "".join(
        f"def test_g{n}():\n    record('g{n}')\n" for n in range(8)
    )
    (tmp_path / "test_grouped.py").write_text(grouped)
    short = "from record import record\n" + "".join(
        f"def test_s{n}():\n    record('s{n}')\n" for n in range(30)
    )
    (tmp_path / "test_short.py").write_text(short)
    long = "import time\nfrom record import record\n" + "".join(
        f"def test_{name}():\n    record('{name}')\n    time.sleep(0.5)\n"
        for name in ("first", "second")
    )
    (tmp_path / "test_long.py").write_text(long)  # collected last: only the costs put it first
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{tmp_path}"}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-n",
            "2",
            "-q",
            *UNUSED_PLUGINS,
            "--rootdir",
            str(tmp_path),
            "-c",
            os.devnull,
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "40 passed" in run.stdout
    lines = [line.split() for line in (tmp_path / "order.txt").read_text().splitlines()]
    by_worker: dict[str, list[str]] = {}
    for worker, name in lines:
        by_worker.setdefault(worker, []).append(name)
    assert len(by_worker) == 2
    groups = {worker for worker, name in lines if name.startswith("g")}
    assert len(groups) == 1, by_worker  # the whole group ran on one worker
    firsts = sorted(names[0] for names in by_worker.values())
    assert firsts == ["first", "second"], by_worker  # one long test started on each worker
