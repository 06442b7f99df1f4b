"""Limits of a real ``pkobs serve``: memory under distinct queries, slow clients (issue 11)."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from pkobs.settings import ENV_WEB_CACHE_MB
from pkobs.web.protocol import HEADER_TIMEOUT_SECONDS
from pkobs.web.server import ServerProcess, rss_bytes, serve_process

MIB = 1024 * 1024
CACHE_MB = 8  # each of the two caches: a few 2 MB answers fill it, so eviction starts early


@pytest.fixture(scope="module")
def server(real_db_path: Path) -> Iterator[ServerProcess]:
    environ = {ENV_WEB_CACHE_MB: str(CACHE_MB)}
    with serve_process(real_db_path, access_log=False, environ=environ) as running:
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
    # 2 MB JSON pages and small CSV pages, each asked once: with caches bounded by bytes
    # (PKOBS_WEB_CACHE_MB=8 here) they evict older answers; an unbounded cache, or one bounded
    # by its number of entries, keeps every 2 MB page: about 300 MiB more for these 150.
    big = [f"/api/v1/tables/contributions?limit=9000&offset={n * 7}" for n in range(170)]
    assert len(httpx.get(server.base + big[0], timeout=60).content) > 1_900_000
    small = [
        f"/api/v1/tables/all_contributions?limit={100 + n}&offset={n * 13}&format=csv"
        for n in range(170)
    ]
    warm = big[:20] + small[:20]  # fills both caches past their bound: eviction has begun
    assert set(asyncio.run(fetch_all(server.base, warm))) == {200}
    before = rss_bytes(server.pid)
    assert before > 0
    statuses = asyncio.run(fetch_all(server.base, big[20:] + small[20:]))
    after = rss_bytes(server.pid)
    assert set(statuses) == {200} and len(statuses) == 300
    # Before the caches were bounded by bytes, this grew by about 2 MiB a page (1,024 entries
    # of up to 2 MiB in each of two caches); bounded, it stays within allocator noise.
    growth = (after - before) / MIB
    assert growth < 100, f"RSS grew by {growth:.0f} MiB ({before / MIB:.0f} -> {after / MIB:.0f})"


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


def half_sent_request_line(base: str) -> float | None:
    """Seconds until the server closed a request line sent in part (None: it stayed open)."""
    with connect(base) as sock:
        sock.sendall(b"GET /api/v1/hea")
        return closed_within(sock, HEADER_TIMEOUT_SECONDS + 4)


def dripped_headers(base: str) -> bool:
    """Whether the server closed a connection sent one header line every 0.8 s."""
    with connect(base) as sock:
        start = time.monotonic()
        sock.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")
        while time.monotonic() - start < HEADER_TIMEOUT_SECONDS + 4:
            try:
                sock.sendall(b"X-Slow: 1\r\n")
            except OSError:
                return True
            if closed_within(sock, 0.8) is not None:
                return True
    return False


def half_sent_second_request(base: str) -> tuple[bytes, float | None]:
    """The answer to a first request on a keep-alive connection, and the seconds until the
    server closed the second one, sent in part (None: it stayed open)."""
    with connect(base) as sock:
        sock.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
        first = sock.recv(65536)
        sock.sendall(b"GET /api/v1/he")  # a second request, never finished
        return first, closed_within(sock, HEADER_TIMEOUT_SECONDS + 4)


@pytest.fixture(scope="module")
def slow_clients(server: ServerProcess) -> Iterator[dict[str, Future[object]]]:
    """The three slow clients below, on three connections at once: each waits out the header
    deadline (``HEADER_TIMEOUT_SECONDS``), so together they take one deadline, not three. Each
    test takes its own client's outcome."""
    with ThreadPoolExecutor(max_workers=3) as pool:
        yield {
            "half_sent": pool.submit(half_sent_request_line, server.base),
            "dripped": pool.submit(dripped_headers, server.base),
            "keep_alive": pool.submit(half_sent_second_request, server.base),
        }


def test_half_sent_request_line_is_closed(slow_clients: dict[str, Future[object]]) -> None:
    elapsed = slow_clients["half_sent"].result()
    assert isinstance(elapsed, float), "the server kept a half-sent request open"
    assert elapsed >= HEADER_TIMEOUT_SECONDS - 1


def test_dripped_headers_do_not_extend_the_deadline(
    slow_clients: dict[str, Future[object]],
) -> None:
    closed = slow_clients["dripped"].result()
    assert closed is True, "a client dripping header lines held the connection open"


def test_idle_and_half_sent_second_request_on_keep_alive(
    slow_clients: dict[str, Future[object]],
) -> None:
    outcome = slow_clients["keep_alive"].result()
    assert isinstance(outcome, tuple)
    first, closed_after = outcome
    assert first.startswith(b"HTTP/1.1 200")
    assert closed_after is not None


def test_complete_requests_are_unaffected(server: ServerProcess) -> None:
    with httpx.Client(base_url=server.base) as client:
        for _ in range(3):
            assert client.get("/api/v1/health").status_code == 200
            time.sleep(0.5)


def test_web_cache_bound_is_read_from_the_environment(real_db_path: Path, tmp_path: Path) -> None:
    from pkobs.settings import Settings
    from pkobs.web import create_app
    from pkobs.web.response_cache import RESPONSE_CACHE_BYTES, RESULT_CACHE_BYTES, ResponseCache

    def bounds(environ: dict[str, str]) -> tuple[int, int]:
        app = create_app(Settings.from_env(db=real_db_path, environ=environ))
        stack = app.build_middleware_stack()
        while not isinstance(stack, ResponseCache):
            stack = stack.app  # type: ignore[attr-defined]
        return stack.entries.max_bytes, app.state.web.cache.entries.max_bytes

    home = {"PKOBS_HOME": str(tmp_path)}
    assert bounds(home) == (RESPONSE_CACHE_BYTES, RESULT_CACHE_BYTES)
    assert bounds({**home, ENV_WEB_CACHE_MB: "8"}) == (8 * MIB, 8 * MIB)
    for bad in ("0", "-3", "eight", "1.5"):
        with pytest.raises(ValueError, match=ENV_WEB_CACHE_MB):
            Settings.from_env(environ={**home, ENV_WEB_CACHE_MB: bad})
