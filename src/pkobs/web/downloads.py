"""Downloads of whole tables: ``/downloads/{view}.{csv|xlsx|parquet}``, by allow-list only.

The file name is never used as a path: it must be ``<view>.<format>`` with ``view`` one of the
contract views and ``format`` one of the export formats.

Each file is built once per data version, on disk under ``$PKOBS_HOME/web-cache/downloads/``
(one folder per data version; a new version removes the older folders), written to a temporary
file and renamed into place, then streamed from disk. Builds run in worker threads, at most
``MAX_CONCURRENT_BUILDS`` at a time per process, so that the event loop keeps answering; requests
for a file being built wait for that build instead of starting another (also across worker
processes, through a lock file).
"""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import os
import re
import shutil
import time
from pathlib import Path

import anyio
from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse

from pkobs.render.export import EXPORT_FORMATS, export_table
from pkobs.store.schema import VIEWS
from pkobs.web.context import WebContext, web_context
from pkobs.web.page_parts import database
from pkobs.web.params import NotFoundError

router = APIRouter(include_in_schema=False)

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FILENAME = re.compile(r"([a-z_]{1,40})\.(csv|parquet|xlsx)")
MAX_CONCURRENT_BUILDS = 2
CACHE_FOLDER = Path("web-cache") / "downloads"
OLD_VERSION_SECONDS = 600

_build_limiter = anyio.CapacityLimiter(MAX_CONCURRENT_BUILDS)
_build_locks: dict[Path, asyncio.Lock] = {}


def cache_root(context: WebContext) -> Path:
    """One folder per database file (several databases may share one PKOBS_HOME)."""
    database = hashlib.sha256(str(context.settings.db_path.resolve()).encode()).hexdigest()
    return context.settings.home / CACHE_FOLDER / database[:16]


def cached_download(context: WebContext, view: str, fmt: str) -> Path:
    return cache_root(context) / context.version() / f"{view}.{fmt}"


def build_download(context: WebContext, view: str, fmt: str, target: Path) -> None:
    """Export ``view`` to ``target`` unless another thread or process just did (thread)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    lock_path = target.with_name(f".{target.name}.lock")
    handle = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        if target.is_file():
            return
        with database(context) as db:
            export_table(db, view, fmt, target)  # temporary file, then rename
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


async def ensure_download(context: WebContext, view: str, fmt: str) -> Path:
    target = cached_download(context, view, fmt)
    if target.is_file():
        return target
    lock = _build_locks.setdefault(target, asyncio.Lock())
    try:
        async with lock:
            if not target.is_file():
                await anyio.to_thread.run_sync(
                    build_download, context, view, fmt, target, limiter=_build_limiter
                )
    finally:
        if not lock.locked():
            _build_locks.pop(target, None)
    return target


@router.get("/downloads/{filename}")
async def download(filename: str, context: WebContext = Depends(web_context)) -> FileResponse:
    match = FILENAME.fullmatch(filename)
    if match is None or match.group(1) not in VIEWS or match.group(2) not in EXPORT_FORMATS:
        raise NotFoundError(
            "web.no_download", name=filename, tables=list(VIEWS), formats=list(EXPORT_FORMATS)
        )
    view, fmt = match.group(1), match.group(2)
    target = await ensure_download(context, view, fmt)
    return FileResponse(target, media_type=MEDIA_TYPES[fmt], filename=f"pkobs-{view}.{fmt}")
