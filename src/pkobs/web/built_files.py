"""Files the site builds when first asked, once per data version, then streams from disk: the
whole-table downloads (:mod:`pkobs.web.downloads`) and the monthly bulletins
(:mod:`pkobs.web.bulletins`).

Each file lives under ``$PKOBS_HOME/web-cache/<kind>/<database>/<version folder>/``, is written
to a temporary file and renamed into place, and is built at most once: requests for a file being
built wait for that build instead of starting another (in this process through an asyncio lock,
across worker processes through a lock file). Builds run in worker threads, at most
``MAX_CONCURRENT_BUILDS`` at a time per process whatever their kind, so that the event loop keeps
answering. Folders of other versions are removed once untouched for ``OLD_VERSION_SECONDS``.
"""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import anyio

from pkobs.web.context import WebContext

CACHE = Path("web-cache")
MAX_CONCURRENT_BUILDS = 2
OLD_VERSION_SECONDS = 600

_build_limiter = anyio.CapacityLimiter(MAX_CONCURRENT_BUILDS)
_build_locks: dict[Path, asyncio.Lock] = {}


def cache_root(context: WebContext, kind: str) -> Path:
    """One folder per kind and database file (several databases may share one PKOBS_HOME)."""
    database = hashlib.sha256(str(context.settings.db_path.resolve()).encode()).hexdigest()
    return context.settings.home / CACHE / kind / database[:16]


def build_file(target: Path, build: Callable[[Path], None]) -> None:
    """``build(target)`` unless another thread or process just built it (in a worker thread);
    ``build`` writes a temporary file and renames it to ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    lock_path = target.with_name(f".{target.name}.lock")
    handle = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        if target.is_file():
            return
        build(target)
    finally:
        os.close(handle)
    remove_other_versions(target.parent)


def remove_other_versions(current: Path) -> None:
    """Files of older data versions are not served again once every worker has moved on: their
    folders are removed when untouched for ``OLD_VERSION_SECONDS``. (A response streaming one of
    them keeps its open file; POSIX frees it once closed.)"""
    now = time.time()
    for folder in current.parent.iterdir():
        try:
            old = now - folder.stat().st_mtime > OLD_VERSION_SECONDS
        except OSError:
            continue
        if folder != current and folder.is_dir() and old:
            shutil.rmtree(folder, ignore_errors=True)


async def ensure_file(target: Path, build: Callable[[Path], None]) -> Path:
    """``target``, built first by ``build`` if it is not on disk yet (see the module)."""
    if target.is_file():
        return target
    lock = _build_locks.setdefault(target, asyncio.Lock())
    try:
        async with lock:
            if not target.is_file():
                await anyio.to_thread.run_sync(build_file, target, build, limiter=_build_limiter)
    finally:
        if not lock.locked():
            _build_locks.pop(target, None)
    return target


__all__ = [
    "CACHE",
    "MAX_CONCURRENT_BUILDS",
    "OLD_VERSION_SECONDS",
    "build_file",
    "cache_root",
    "ensure_file",
    "remove_other_versions",
]
