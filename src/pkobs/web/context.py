"""What one application instance holds: settings, its read-only database handle, a result cache,
and the per-data-version metadata and aggregates (computed once per version, not per request).

A request's cursor is taken from a small pool of idle cursors of the current file: opening one
costs a ``USE`` statement (about 1 ms, as much as answering a question from the aggregates), so
cursors are reused until the database file is replaced.
"""

from __future__ import annotations

import gc
import hashlib
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TypeVar

from fastapi import Request

from pkobs.render.row_texts import RowTexts
from pkobs.settings import Settings
from pkobs.store import aggregates as cubes
from pkobs.store.connection import data_version
from pkobs.store.database import Connection
from pkobs.store.live import LiveDatabase
from pkobs.synthetic import synthetic_sources
from pkobs.web.response_cache import RESULT_CACHE_BYTES, ByteBoundedLRU

T = TypeVar("T")
IDLE_CURSORS = 64  # at most this many idle cursors kept (the thread pool has 40 threads)
Stamp = tuple[int, int, int]  # the database file's inode, modification time and size


class ResultCache:
    """Computed responses and results, keyed by data version and request; bounded by bytes."""

    def __init__(self, max_bytes: int = RESULT_CACHE_BYTES) -> None:
        self.entries: ByteBoundedLRU[tuple[str, ...], object] = ByteBoundedLRU(max_bytes)

    def get(self, key: tuple[str, ...]) -> object | None:
        return self.entries.get(key)

    def get_or_compute(self, key: tuple[str, ...], compute: Callable[[], T]) -> T:
        stored = self.entries.get(key)
        if stored is not None:
            return stored  # type: ignore[return-value]
        value = compute()
        self.entries.put(key, value)
        return value


@dataclass
class WebContext:
    settings: Settings
    database: LiveDatabase
    cache: ResultCache = field(default_factory=ResultCache)
    row_texts: RowTexts = field(default_factory=RowTexts)  # kept rows' JSON (the API's pages)

    _idle: tuple[Stamp | None, list[Connection]] = field(default_factory=lambda: (None, []))
    _idle_lock: threading.Lock = field(default_factory=threading.Lock)

    @contextmanager
    def cursor(self) -> Iterator[Connection]:
        """A cursor on the current database file, for one request (or one thread) at a time.

        Taken from the idle cursors of the file the name points to now (a new one when there is
        none, or when the file was replaced), and given back when the block ends; a cursor whose
        block raised is closed instead (its state is not known).
        """
        stamp = self._stamp()
        cursor = self._take(stamp)
        try:
            yield cursor
        except BaseException:
            cursor.close()
            raise
        self._give_back(stamp, cursor)

    def _stamp(self) -> Stamp | None:
        try:
            stat = os.stat(self.database.path)
        except FileNotFoundError:  # mid-rename: keep serving the open file
            return None
        return stat.st_ino, stat.st_mtime_ns, stat.st_size

    def _take(self, stamp: Stamp | None) -> Connection:
        with self._idle_lock:
            known, idle = self._idle
            if stamp is not None and known == stamp and idle:
                return idle.pop()
        return self.database.cursor()  # reopens the file when it was replaced

    def _give_back(self, stamp: Stamp | None, cursor: Connection) -> None:
        """Keep ``cursor`` for the next request if it reads the file the name points to now."""
        if stamp is not None and stamp == self._stamp():
            with self._idle_lock:
                known, idle = self._idle
                if known != stamp:  # the first cursor of a new file: the old ones go
                    stale, self._idle = idle, (stamp, [cursor])
                    for old in stale:
                        old.close()
                    return
                if len(idle) < IDLE_CURSORS:
                    idle.append(cursor)
                    return
        cursor.close()

    _version: tuple[Stamp | None, str] = (None, "")
    _version_lock: threading.Lock = field(default_factory=threading.Lock)
    _aggregates: tuple[str, cubes.Aggregates | None] = ("", None)
    _aggregates_lock: threading.Lock = field(default_factory=threading.Lock)

    _server: bool = False  # set by prepare(): this process is a server worker
    _prepared: str = ""  # the data version whose aggregates' parts are all prepared

    def prepare(self) -> None:
        """Build the current data version's aggregates now rather than at the first request
        (``pkobs serve`` does it in each worker before it accepts connections). A database that
        cannot be read yet is left for the requests to report.

        From then on this process is a server: once each version's aggregates are complete they
        are moved out of reach of the garbage collector's full passes (``gc.freeze``), which
        otherwise walk the whole cube with every thread waiting (measured on the 1.5 M-row
        SYNTHETIC history: 18 full passes in 60 new alerts questions, 2.0 s in all, up to
        0.15 s each; frozen: 0.5 s in all, up to 0.08 s). What the answers keep afterwards
        (each month's rankings and alerts, each group's history) is frozen too, after each full
        pass (:func:`freeze_after_full_passes`), so a full pass walks only what is new.
        """
        self._server = True
        freeze_after_full_passes()
        try:
            self.aggregates()
        except Exception:
            return

    def has_aggregates(self) -> bool:
        """Whether the aggregates of the current data version are built already."""
        known, cube = self._aggregates
        return cube is not None and known == self.version()

    def has_prepared_parts(self) -> bool:
        """Whether the background preparation of the current version's aggregates is done:
        their parts, every indicator asked once, every contributor's rankings and alerts."""
        return self._prepared == self.version() and self.has_aggregates()

    def aggregates(self) -> cubes.Aggregates:
        """The precomputed aggregates of the current data version (built on the first request
        of a version, then shared by every request and thread of the process)."""
        version = self.version()
        known, cube = self._aggregates
        if known == version and cube is not None:
            return cube
        with self._aggregates_lock:
            known, cube = self._aggregates
            if known == version and cube is not None:
                return cube
            with self.cursor() as cursor:
                cube = cubes.build(cursor)
            self._aggregates = (version, cube)
        threading.Thread(target=self._prepare_parts, args=(cube,), daemon=True).start()
        return cube

    def _prepare_parts(self, cube: cubes.Aggregates) -> None:
        """In the background: the version's other aggregates, before requests need them; then
        one question of every indicator in each language (what each builds on first use: its
        own parts of the cube, the languages' number and date formats); then the rankings and
        alerts of every month for every contributor (group ``all``), which ``contributors`` and
        ``alerts`` keep by month: the longest answers, each month's computed once."""
        from pkobs.indicators import INDICATORS, Params, compute, prepare
        from pkobs.render.json import json_bytes
        from pkobs.render.results import result_dict, result_json
        from pkobs.settings import LANGUAGES
        from pkobs.web.params import Query

        try:
            with self.cursor() as cursor:
                prepare(cursor, cube)
        except Exception:
            return
        if not cube.months:
            return
        month = cube.months[-1].strftime("%Y-%m")
        for name in INDICATORS:
            for lang in LANGUAGES:
                try:
                    with self.cursor() as cursor:
                        params = Query(from_=month, to=month).params()
                        result = compute(cursor, name, params, cube)
                    json_bytes(result_dict(result, lang))
                except Exception:  # an indicator that needs more (a mission...): on first use
                    continue
        # every month of the answers kept by month for every contributor (``all``, whatever
        # the statuses): the longest answers, where a question's months would cost the most
        everyone = Params(group="all", from_month=cube.months[0], to_month=cube.months[-1])
        for name in ("contributors", "alerts"):
            try:
                with self.cursor() as cursor:
                    result = compute(cursor, name, everyone, cube)
            except Exception:
                continue
            if name == "alerts":  # its rows are in every group's answer: written once each
                for lang in LANGUAGES:
                    result_json(result, lang, texts=self.row_texts)
        # then, in a server, the same for every group and status set (on the 1.5 M-row
        # SYNTHETIC history, four groups x seven status sets: about 1.2 s and 47 MiB a
        # worker), the most asked first
        groups = cube.groups if self._server else ()
        for group, statuses in prepared_selections(groups, PREPARED_SELECTIONS):
            whole = replace(everyone, group=group, statuses=statuses)
            for name in ("contributors", "alerts", "linguistic-gap", "gender"):
                try:
                    with self.cursor() as cursor:
                        compute(cursor, name, whole, cube)
                except Exception:
                    continue
        if self._server:  # the cube lives as long as its version: never worth a full pass
            gc.collect()
            gc.freeze()
        known, built = self._aggregates
        if built is cube:
            self._prepared = known

    def has_synthetic_sources(self) -> bool:
        """Whether a SYNTHETIC demo file was ingested (cached per data version)."""

        def compute() -> bool:
            with self.cursor() as cursor:
                return bool(synthetic_sources(cursor))

        return self.cache.get_or_compute(("synthetic", self.version()), compute)

    def version(self) -> str:
        """The data version: changes when the database file is replaced or its data changes.

        Computed from ``data_version`` (the ``meta`` table) and the number of times the file was
        reopened; recomputed only when the file's inode, modification time or size changes, so
        asking costs one ``stat`` per request.
        """
        stamp = self._stamp()
        known, token = self._version
        if stamp is not None and stamp == known:
            return token
        with self._version_lock, self.cursor() as cursor:
            stamp_text = data_version(cursor)
            token = hashlib.sha256(f"{self.database.version}|{stamp_text}".encode()).hexdigest()
            self._version = (stamp, token[:20])
        return token[:20]


# group x status sets whose answers over the whole history a worker prepares (the indicators
# keep those of at most 32 per version, group ``all`` included)
PREPARED_SELECTIONS = 30


def prepared_selections(groups: Iterable[str], bound: int) -> list[tuple[str, tuple[str, ...]]]:
    """Every group with the default statuses, then with each other set of statuses (every
    non-empty set, in a fixed order), at most ``bound`` of them."""
    from pkobs.indicators.base import DEFAULT_STATUSES, STATUS_SETS

    ordered = [DEFAULT_STATUSES, *(s for s in STATUS_SETS if s != DEFAULT_STATUSES)]
    chosen = [(group, statuses) for statuses in ordered for group in sorted(groups)]
    return chosen[:bound]


def _freeze_survivors(phase: str, info: dict[str, int]) -> None:
    if phase == "stop" and info["generation"] == 2:
        gc.freeze()


def freeze_after_full_passes() -> None:
    """After each full pass of the garbage collector, move the objects that survived it (what
    the process keeps: the cube, the answers kept by month) out of reach of the next ones.

    A full pass walks every object not frozen while every thread waits: the parts the answers
    keep grow with the questions asked (on the 1.5 M-row SYNTHETIC history, 3,000 new
    questions left two full passes of about 100 ms each, a pause for every request in
    flight). Only objects alive after a full pass are frozen: the garbage it found is freed
    first. Once per process."""
    if _freeze_survivors not in gc.callbacks:
        gc.callbacks.append(_freeze_survivors)


async def web_context(request: Request) -> WebContext:
    """The application's context (a coroutine: FastAPI would run a plain function in a thread)."""
    context = request.app.state.web
    if not isinstance(context, WebContext):
        raise RuntimeError("the application was not built by create_app")
    return context
