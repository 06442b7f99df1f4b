"""A real ``uvicorn`` server in a subprocess on a free local port, for tests and benchmarks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

APP_FACTORY = "pkobs.web:create_app_from_env"
HOST = "127.0.0.1"


class ServerStartError(RuntimeError):
    """The server did not answer ``/api/v1/health`` in time."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def running_server(
    db: Path, workers: int = 1, timeout: float = 30, access_log: bool = True
) -> Iterator[str]:
    """``uvicorn --factory`` over ``db`` (passed as ``PKOBS_DB``) for the ``with`` block.

    Yields the base URL (``http://127.0.0.1:PORT``) once ``/api/v1/health`` answers 200, and
    stops the server when the block ends. Raises :class:`ServerStartError` (the process stopped)
    when the server does not answer within ``timeout`` seconds.
    """
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        APP_FACTORY,
        "--factory",
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
    process = subprocess.Popen(command, env={**os.environ, "PKOBS_DB": str(db)})
    try:
        base = f"http://{HOST}:{port}"
        wait_for_health(base, timeout)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def wait_for_health(base: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise ServerStartError(f"the server did not start within {timeout:.0f} s")


__all__ = ["ServerStartError", "free_port", "running_server"]
