"""Caches of responses, bounded by bytes (per worker process), keyed by data version and request.

Every API answer depends only on the data and the request, and the data version changes whenever
the database is replaced, so a stored response stays right until then. A hit skips routing,
parameter parsing and the query entirely: this keeps the indicator endpoints about as fast as a
trivial one under load. Only successful GET answers of modest size are kept.

Both caches here are bounded by the bytes they hold, not by their number of entries: distinct
queries (every ``offset`` of a 9,000-row page, say) evict older answers instead of growing the
process. Each worker process has its own caches, so a server holds at most
``workers x (RESPONSE_CACHE_BYTES + RESULT_CACHE_BYTES)`` in them.
"""

from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from starlette.types import ASGIApp, Message, Receive, Scope, Send

RESPONSE_CACHE_BYTES = 48 * 1024 * 1024
RESULT_CACHE_BYTES = 32 * 1024 * 1024
MAX_BODY_BYTES = 2 * 1024 * 1024  # larger answers are never kept
ENTRY_OVERHEAD = 512  # bytes counted for each entry's key, headers and bookkeeping
Key = tuple[str, str, bytes]
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def approximate_size(value: object) -> int:
    """Bytes a cached value holds, roughly: exact for bytes and str, estimated for tables."""
    if isinstance(value, bytes | bytearray | str):
        return len(value) + ENTRY_OVERHEAD
    body = getattr(value, "body", None)  # an answer as sent (the API's pages): its body
    if isinstance(body, bytes):
        return len(body) + ENTRY_OVERHEAD
    table = getattr(value, "table", value)  # an IndicatorResult holds a Table
    rows = getattr(table, "rows", None)
    columns = getattr(table, "columns", None)
    if isinstance(rows, list) and isinstance(columns, list):
        extras = getattr(value, "extras", {})
        extra = sum(approximate_size(t) for t in extras.values()) if isinstance(extras, dict) else 0
        # a tuple per row plus about 64 bytes per cell (a Python int, str or date object)
        return ENTRY_OVERHEAD + 4096 + len(rows) * (56 + 64 * len(columns)) + extra
    return ENTRY_OVERHEAD + sys.getsizeof(value)


class ByteBoundedLRU(Generic[K, V]):
    """A thread-safe least-recently-used map whose entries together hold at most ``max_bytes``."""

    def __init__(self, max_bytes: int, size_of: Callable[[V], int] = approximate_size) -> None:
        self.max_bytes = max_bytes
        self.size_of = size_of
        self.bytes = 0
        self._items: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: K) -> V | None:
        with self._lock:
            stored = self._items.get(key)
            if stored is None:
                return None
            self._items.move_to_end(key)
            return stored[0]

    def put(self, key: K, value: V) -> None:
        size = self.size_of(value)
        if size > self.max_bytes:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.bytes -= old[1]
            self._items[key] = (value, size)
            self.bytes += size
            while self.bytes > self.max_bytes and self._items:
                _, (_, freed) = self._items.popitem(last=False)
                self.bytes -= freed

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.bytes = 0


def message_bytes(messages: list[Message]) -> int:
    body = sum(len(m.get("body", b"")) for m in messages)
    headers = sum(len(name) + len(value) for m in messages for name, value in m.get("headers", ()))
    return body + headers + ENTRY_OVERHEAD


class ResponseCache:
    def __init__(
        self,
        app: ASGIApp,
        prefix: str,
        version: Callable[[], str],
        max_bytes: int = RESPONSE_CACHE_BYTES,
    ) -> None:
        self.app = app
        self.prefix = prefix
        self.version = version
        self.entries: ByteBoundedLRU[Key, list[Message]] = ByteBoundedLRU(max_bytes, message_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or not scope["path"].startswith(self.prefix)
        ):
            await self.app(scope, receive, send)
            return
        key: Key = (self.version(), scope["path"], scope.get("query_string", b""))
        stored = self.entries.get(key)
        if stored is not None:
            for message in stored:
                await send(message)
            return
        captured: list[Message] = []
        size = 0
        keep = True

        async def capture(message: Message) -> None:
            nonlocal size, keep
            if message["type"] == "http.response.start":
                keep = message["status"] == 200
            elif message["type"] == "http.response.body":
                size += len(message.get("body", b""))
                keep = keep and size <= MAX_BODY_BYTES
            if keep:
                captured.append(message)
            else:
                captured.clear()
            await send(message)

        await self.app(scope, receive, capture)
        if keep and captured and not captured[-1].get("more_body", False):
            self.entries.put(key, captured)
