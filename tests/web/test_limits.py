"""Limits of a real ``pkobs serve``: memory under distinct queries, slow clients (issue 11)."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pkobs.web.protocol import HEADER_TIMEOUT_SECONDS
from pkobs.web.server import ServerProcess, rss_bytes, serve_process

MIB = 1024 * 1024


@pytest.fixture(scope="module")
def server(real_db_path: Path) -> Iterator[ServerProcess]:
    with serve_process(real_db_path, access_log=False) as running:
        yield running


async def fetch_all(base: str, paths: list[str], connections: int = 6) -> list[int]:
    limits = httpx.Limits(max_connections=connections)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        queue: asyncio.Queue[str] = asyncio.Queue()
        for path in paths:
            queue.put_nowait(path)
        statuses: list[int] = []

        async def worker() -> None:
            while not queue.empty():
                response = await client.get(queue.get_nowait())
                statuses.append(response.status_code)

        await asyncio.gather(*(worker() for _ in range(connections)))
        return statuses


def test_memory_stays_flat_under_distinct_queries(server: ServerProcess) -> None:
    big = [f"/api/v1/tables/contributions?limit=9000&offset={n * 7}" for n in range(500)]
    small = [
        f"/api/v1/tables/all_contributions?limit={100 + n}&offset={n * 13}&format=csv"
        for n in range(500)
    ]
    warm = big[:40] + small[:40]  # let allocators, DuckDB and the caches reach their size
    assert set(asyncio.run(fetch_all(server.base, warm))) == {200}
    before = rss_bytes(server.pid)
    assert before > 0
    statuses = asyncio.run(fetch_all(server.base, big[40:] + small[40:]))
    after = rss_bytes(server.pid)
    assert set(statuses) == {200} and len(statuses) == 920
    # Before the caches were bounded by bytes, this grew by about 1.5 GiB (1,024 entries of up
    # to 2 MiB in each of two caches); now both caches together hold at most 80 MiB.
    growth = (after - before) / MIB
    assert growth < 150, f"RSS grew by {growth:.0f} MiB ({before / MIB:.0f} -> {after / MIB:.0f})"


def closed_within(sock: socket.socket, seconds: float) -> float | None:
    """Seconds until the server closed ``sock`` (reading EOF), or None if it stayed open."""
    start = time.monotonic()
    sock.settimeout(0.2)
    while time.monotonic() - start < seconds:
        try:
            data = sock.recv(65536)
        except TimeoutError:
            continue
        except ConnectionResetError:
            return time.monotonic() - start
        if data == b"":
            return time.monotonic() - start
    return None


def connect(base: str) -> socket.socket:
    host, port = base.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=5)


def test_half_sent_request_line_is_closed(server: ServerProcess) -> None:
    with connect(server.base) as sock:
        sock.sendall(b"GET /api/v1/hea")
        elapsed = closed_within(sock, HEADER_TIMEOUT_SECONDS + 4)
    assert elapsed is not None, "the server kept a half-sent request open"
    assert elapsed >= HEADER_TIMEOUT_SECONDS - 1


def test_dripped_headers_do_not_extend_the_deadline(server: ServerProcess) -> None:
    with connect(server.base) as sock:
        start = time.monotonic()
        sock.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")
        closed = False
        while time.monotonic() - start < HEADER_TIMEOUT_SECONDS + 4:
            try:
                sock.sendall(b"X-Slow: 1\r\n")
            except OSError:
                closed = True
                break
            if closed_within(sock, 0.8) is not None:
                closed = True
                break
    assert closed, "a client dripping header lines held the connection open"


def test_idle_and_half_sent_second_request_on_keep_alive(server: ServerProcess) -> None:
    with connect(server.base) as sock:
        sock.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
        first = sock.recv(65536)
        assert first.startswith(b"HTTP/1.1 200")
        sock.sendall(b"GET /api/v1/he")  # a second request, never finished
        assert closed_within(sock, HEADER_TIMEOUT_SECONDS + 4) is not None


def test_complete_requests_are_unaffected(server: ServerProcess) -> None:
    with httpx.Client(base_url=server.base) as client:
        for _ in range(3):
            assert client.get("/api/v1/health").status_code == 200
            time.sleep(0.5)
