"""Downloads of whole tables: ``/downloads/{view}.{csv|xlsx|parquet}``, by allow-list only.

The file name is never used as a path: it must be ``<view>.<format>`` with ``view`` one of the
contract views and ``format`` one of the export formats, and the export is written to a fresh
temporary folder that is removed once the response is sent.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from pkobs.store.query import EXPORT_FORMATS, export_table
from pkobs.store.schema import VIEWS
from pkobs.web.context import WebContext, web_context
from pkobs.web.params import NotFoundError

router = APIRouter(include_in_schema=False)

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FILENAME = re.compile(r"([a-z_]{1,40})\.(csv|parquet|xlsx)")


@router.get("/downloads/{filename}")
def download(filename: str, context: WebContext = Depends(web_context)) -> FileResponse:
    match = FILENAME.fullmatch(filename)
    if match is None or match.group(1) not in VIEWS or match.group(2) not in EXPORT_FORMATS:
        raise NotFoundError(
            f"no download called {filename!r}: use <table>.<format> with a table among "
            f"{', '.join(VIEWS)} and a format among {', '.join(EXPORT_FORMATS)}"
        )
    view, fmt = match.group(1), match.group(2)
    folder = Path(tempfile.mkdtemp(prefix="pkobs-download-"))
    target = folder / f"{view}.{fmt}"
    try:
        with context.cursor() as cursor:
            export_table(cursor, view, fmt, target)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(
        target,
        media_type=MEDIA_TYPES[fmt],
        filename=f"pkobs-{view}.{fmt}",
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )
