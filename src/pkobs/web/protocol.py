"""A deadline for request headers, which uvicorn does not have (slow clients, "slowloris").

uvicorn cancels its keep-alive timer as soon as a byte arrives and then waits for the rest of the
request line and headers forever: a client that sends half a request line holds a connection
(and a file descriptor) for as long as it likes. These protocol classes close any connection
whose request headers are not complete ``HEADER_TIMEOUT_SECONDS`` after the connection opened or
the previous response ended. Slow *responses* (a large download to a slow reader) are not
affected: the deadline applies only while no request is being answered.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_TIMEOUT_SECONDS = 5.0
KEEP_ALIVE_SECONDS = 5


class HeaderDeadline:
    """Mixin for a uvicorn HTTP protocol class (``cycle`` and ``transport`` are theirs)."""

    cycle: Any
    transport: asyncio.Transport
    header_timeout: float = HEADER_TIMEOUT_SECONDS
    _deadline: asyncio.TimerHandle | None = None

    def _waiting_for_headers(self) -> bool:
        return self.cycle is None or bool(self.cycle.response_complete)

    def _arm(self) -> None:
        if self._deadline is None and self._waiting_for_headers():
            loop = asyncio.get_running_loop()
            self._deadline = loop.call_later(self.header_timeout, self._expire)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expire(self) -> None:
        self._deadline = None
        if self._waiting_for_headers() and not self.transport.is_closing():
            self.transport.close()

    def _after_data(self) -> None:
        if self._waiting_for_headers():
            self._arm()  # armed once per request: dripping bytes does not extend it
        else:
            self._disarm()


class GuardedH11Protocol(HeaderDeadline, H11Protocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._after_data()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._disarm()  # uvicorn's keep-alive timer now watches the idle connection

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:  # pragma: no cover - httptools is optional
    GuardedProtocol: type[asyncio.Protocol] = GuardedH11Protocol
else:

    class GuardedHttpToolsProtocol(HeaderDeadline, HttpToolsProtocol):
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            self._after_data()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._disarm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

    GuardedProtocol = GuardedHttpToolsProtocol
