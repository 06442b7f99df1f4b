"""One update at a time per database: an advisory lock (``flock``) on a file beside it.

The lock is released by the kernel when the process ends, even after a crash, so a stale lock
file never blocks later updates.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pkobs.update.errors import UpdateInProgress

POLL_SECONDS = 0.1


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".update.lock")


def _holder(handle: int) -> str:
    """The pid written by the process that holds the lock (best effort)."""
    try:
        return os.pread(handle, 32, 0).decode("ascii", "replace").strip() or "?"
    except OSError:
        return "?"


@contextmanager
def update_lock(
    db_path: Path,
    wait_seconds: float = 0.0,
    on_wait: Callable[[str, float], None] | None = None,
) -> Iterator[None]:
    """Hold the update lock of ``db_path``; wait up to ``wait_seconds`` for another update.

    ``on_wait(holder_pid, wait_seconds)`` is called once if the lock is busy and we wait.
    Raises :class:`UpdateInProgress` when the lock is still busy after the wait, and
    :class:`pkobs.errors.DatabaseError` (``db.folder_not_writable``, with the path and the
    reason) when the lock file cannot be created beside the database.
    """
    path = lock_path(db_path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:  # a folder that cannot be written: said like any database error
        from pkobs.store.connection import folder_not_writable

        raise folder_not_writable(db_path, exc, path) from None
    try:
        deadline = time.monotonic() + max(wait_seconds, 0.0)
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = _holder(handle)
                if time.monotonic() >= deadline:
                    raise UpdateInProgress(
                        "update.locked", pid=holder, lock=str(path), wait=wait_seconds
                    ) from None
                if not told and on_wait is not None:
                    on_wait(holder, wait_seconds)
                    told = True
                time.sleep(POLL_SECONDS)
        os.ftruncate(handle, 0)
        os.pwrite(handle, f"{os.getpid()}\n".encode("ascii"), 0)
        try:
            yield
        finally:
            os.ftruncate(handle, 0)
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)
