"""A cache of whole API responses, keyed by data version, path and query string.

Every API answer depends only on the data and the request, and the data version changes whenever
the database is replaced, so a stored response stays right until then. A hit skips routing,
parameter parsing and the query entirely: this keeps the indicator endpoints about as fast as a
trivial one under load. Only successful GET/HEAD answers of modest size are kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_ENTRIES = 1024
MAX_BODY_BYTES = 2 * 1024 * 1024
Key = tuple[str, str, bytes]


class ResponseCache:
    def __init__(self, app: ASGIApp, prefix: str, version: Callable[[], str]) -> None:
        self.app = app
        self.prefix = prefix
        self.version = version
        self._entries: OrderedDict[Key, tuple[list[Message], int]] = OrderedDict()
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or not scope["path"].startswith(self.prefix)
        ):
            await self.app(scope, receive, send)
            return
        key: Key = (self.version(), scope["path"], scope.get("query_string", b""))
        with self._lock:
            stored = self._entries.get(key)
            if stored is not None:
                self._entries.move_to_end(key)
        if stored is not None:
            for message in stored[0]:
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
            await send(message)

        await self.app(scope, receive, capture)
        if keep and captured and not captured[-1].get("more_body", False):
            with self._lock:
                self._entries[key] = (captured, size)
                while len(self._entries) > MAX_ENTRIES:
                    self._entries.popitem(last=False)
