"""Downloads of whole tables: ``/downloads/{view}.{csv|xlsx|parquet}``, by allow-list only.

The file name is never used as a path: it must be ``<view>.<format>`` with ``view`` one of the
contract views and ``format`` one of the export formats.

Each file is built once per data version, on disk under ``$PKOBS_HOME/web-cache/downloads/``
(one folder per data version; a new version removes the older folders), then streamed from
disk: :mod:`pkobs.web.built_files` (shared with the bulletins) says how builds are bounded and
shared.
"""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse

from pkobs.render.export import EXPORT_FORMATS, export_table
from pkobs.store.schema import VIEWS
from pkobs.web.built_files import CACHE, MAX_CONCURRENT_BUILDS, cache_root, ensure_file
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
KIND = "downloads"
CACHE_FOLDER = CACHE / KIND


def cached_download(context: WebContext, view: str, fmt: str) -> Path:
    return cache_root(context, KIND) / context.version() / f"{view}.{fmt}"


async def ensure_download(context: WebContext, view: str, fmt: str) -> Path:
    def build(target: Path) -> None:
        with database(context) as db:
            export_table(db, view, fmt, target)  # temporary file, then rename

    return await ensure_file(cached_download(context, view, fmt), build)


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


__all__ = ["CACHE_FOLDER", "MAX_CONCURRENT_BUILDS", "cached_download", "ensure_download", "router"]
