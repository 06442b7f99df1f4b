"""A real HTTP server on 127.0.0.1 with scripted misbehaviour, and fast update settings."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pkobs.settings import Settings
from pkobs.update import FetchPolicy
from tests.conftest import DATA

PSDH_SMALL = DATA / "psdh_small.csv"
HTML_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>Maintenance</title></head>"
    b"<body><h1>The data hub is under maintenance</h1></body></html>\n"
)
FAST = FetchPolicy(connect_timeout=2.0, read_timeout=2.0, retries=2, backoff=0.01)


@dataclass
class Route:
    """What the server sends for one path. ``script`` lists one behaviour per request, in order
    (then ``ok`` forever): ok, 500, 503, slow, truncate, html, html-as-csv, json, reset."""

    body: bytes
    content_type: str = "text/csv; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    ranges: bool = False
    script: list[str] = field(default_factory=list)
    delay: float = 3.0  # longest wait of ``slow``; it ends earlier when ``gate`` is set
    gate: threading.Event = field(default_factory=threading.Event)


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    status: int


class LoopbackServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []  # answered requests
        self.arrivals: list[str] = []  # requests received (even if not yet answered)
        self.stop = threading.Event()
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                return None

            def do_GET(self) -> None:
                server.handle(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"

    def serve(self, path: str, body: bytes, **options: object) -> Route:
        route = Route(body, **options)  # type: ignore[arg-type]
        self.routes["/" + path.lstrip("/")] = route
        return route

    def statuses(self, path: str) -> list[int]:
        return [h.status for h in self.hits if h.path == "/" + path.lstrip("/")]

    def _record(self, handler: BaseHTTPRequestHandler, status: int) -> None:
        with self.lock:
            self.hits.append(Hit(handler.path, dict(handler.headers.items()), status))

    def _send(
        self,
        handler: BaseHTTPRequestHandler,
        status: int,
        body: bytes,
        headers: dict[str, str],
        declared: int | None = None,
    ) -> None:
        self._record(handler, status)
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body) if declared is None else declared))
        handler.end_headers()
        handler.wfile.write(body)
        handler.wfile.flush()

    def handle(self, handler: BaseHTTPRequestHandler) -> None:
        with self.lock:
            self.arrivals.append(handler.path)
        route = self.routes.get(handler.path)
        if route is None:
            self._send(handler, 404, b"not found\n", {"Content-Type": "text/plain"})
            return
        with self.lock:
            action = route.script.pop(0) if route.script else "ok"
        if action in ("500", "503"):
            self._send(
                handler,
                int(action),
                b"<html><body>server error</body></html>",
                {"Content-Type": "text/html"},
            )
            return
        if action == "slow":
            deadline = time.monotonic() + route.delay
            while time.monotonic() < deadline and not (route.gate.is_set() or self.stop.is_set()):
                time.sleep(0.01)
        if action == "reset":
            self._record(handler, 0)
            handler.close_connection = True
            return
        headers = {"Content-Type": route.content_type}
        if route.etag:
            headers["ETag"] = route.etag
        if route.last_modified:
            headers["Last-Modified"] = route.last_modified
        if route.ranges:
            headers["Accept-Ranges"] = "bytes"
        request = handler.headers
        if (route.etag and request.get("If-None-Match") == route.etag) or (
            route.last_modified and request.get("If-Modified-Since") == route.last_modified
        ):
            self._record(handler, 304)
            handler.send_response(304)
            for name, value in headers.items():
                handler.send_header(name, value)
            handler.end_headers()
            return
        body = route.body
        if action == "html":
            self._send(handler, 200, HTML_PAGE, {**headers, "Content-Type": "text/html"})
            return
        if action == "html-as-csv":
            self._send(handler, 200, HTML_PAGE, headers)
            return
        if action == "json":
            self._send(handler, 200, b'{"error": "quota"}', {"Content-Type": "application/json"})
            return
        wanted = request.get("Range", "")
        validator = request.get("If-Range")
        if (
            route.ranges
            and wanted.startswith("bytes=")
            and validator in (None, route.etag, route.last_modified)
        ):
            start = int(wanted[6:].split("-")[0])
            part = body[start:]
            headers["Content-Range"] = f"bytes {start}-{len(body) - 1}/{len(body)}"
            self._send(handler, 206, part, headers)
            return
        if action == "truncate":
            self._send(handler, 200, body[: len(body) // 2], headers, declared=len(body))
            handler.close_connection = True
            return
        self._send(handler, 200, body, headers)

    def start(self) -> None:
        self.thread.start()

    def close(self) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    loopback = LoopbackServer()
    loopback.start()
    yield loopback
    loopback.close()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """PKOBS_HOME in tmp_path, so that downloads never land in the real user folder."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("PKOBS_HOME", str(folder))
    return folder


@pytest.fixture
def settings(home: Path) -> Settings:
    return Settings(home=home, db_path=home / "pkobs.duckdb", lang="en")


def revised_psdh(path: Path) -> Path:
    """psdh_small.csv with two past months revised (one cell each) and a new month added."""
    text = PSDH_SMALL.read_text(encoding="utf-8")
    # January 2014: Senegal's troops in MINUSMA, 880 + 10 -> 885 + 10.
    text = text.replace(
        "8,SEN,Senegal,MINUSMA,Troops,2014-01-31,880,10,x",
        "8,SEN,Senegal,MINUSMA,Troops,2014-01-31,885,10,x",
    )
    # February 2014: France's troops in UNIFIL, 800 + 40 -> 790 + 40.
    text = text.replace(
        "5,FRA,France,UNIFIL,Troops,2014-02-28,800,40,x",
        "5,FRA,France,UNIFIL,Troops,2014-02-28,790,40,x",
    )
    text += (
        "12,SEN,Senegal,MINUSMA,Troops,2014-03-31,905,12,x\n"
        "13,BRA,Brazil,UNFICYP,Troops,2014-03-31,500,20,x\n"
    )
    path.write_text(text, encoding="utf-8")
    return path


def files_snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes (to prove that nothing was touched)."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def wait_for(predicate: object, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if callable(predicate) and predicate():
            return
        time.sleep(0.02)
    raise AssertionError("condition not met in time")
