"""A real ``pkobs serve`` in a subprocess on a free local port, for tests and benchmarks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

HOST = "127.0.0.1"


class ServerStartError(RuntimeError):
    """The server did not answer ``/api/v1/health`` in time."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class ServerProcess:
    """A running ``pkobs serve``: its base URL and process id (for its memory, say)."""

    base: str
    pid: int


@contextmanager
def serve_process(
    db: Path,
    workers: int = 1,
    timeout: float = 30,
    access_log: bool = True,
    environ: dict[str, str] | None = None,
) -> Iterator[ServerProcess]:
    """``pkobs --db DB serve`` on a free port of 127.0.0.1 for the ``with`` block.

    The same command as in production (protocol guard and timeouts included), with the current
    environment plus ``environ`` (``PKOBS_WEB_CACHE_MB``, say). Yields once
    ``/api/v1/health`` answers 200; stops the server when the block ends. Raises
    :class:`ServerStartError` (the process stopped) when the server does not answer within
    ``timeout`` seconds.
    """
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "pkobs.cli",
        "--db",
        str(db),
        "serve",
        "--host",
        HOST,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
    ]
    if not access_log:
        command.append("--no-access-log")
    env = {**os.environ, **(environ or {}), "PKOBS_DB": str(db)}
    process = subprocess.Popen(command, env=env)
    try:
        base = f"http://{HOST}:{port}"
        wait_for_health(base, timeout)
        yield ServerProcess(base, process.pid)
    finally:
        process.terminate()
        process.wait(timeout=15)


@contextmanager
def running_server(
    db: Path, workers: int = 1, timeout: float = 30, access_log: bool = True
) -> Iterator[str]:
    """:func:`serve_process`, yielding only the base URL (``http://127.0.0.1:PORT``)."""
    with serve_process(db, workers, timeout, access_log) as server:
        yield server.base


def rss_bytes(pid: int) -> int:
    """Resident memory of ``pid`` and its children (uvicorn workers), from /proc (Linux)."""
    total = 0
    for one in [pid, *child_pids(pid)]:
        try:
            status = Path(f"/proc/{one}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
    return total


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by ``pid`` and its children (uvicorn workers), from
    /proc (Linux): what a load run costs the server whatever else the machine is doing."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for one in [pid, *child_pids(pid)]:
        try:
            stat = Path(f"/proc/{one}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime and stime
    return total


def child_pids(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = Path(f"/proc/{pid}/task").iterdir()
        for task in tasks:
            children = (task / "children").read_text().split()
            for child in children:
                found += [int(child), *child_pids(int(child))]
    except OSError:
        return found
    return found


def wait_for_health(base: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise ServerStartError(f"the server did not start within {timeout:.0f} s")


__all__ = [
    "ServerProcess",
    "ServerStartError",
    "child_pids",
    "cpu_seconds",
    "free_port",
    "rss_bytes",
    "running_server",
    "serve_process",
]
