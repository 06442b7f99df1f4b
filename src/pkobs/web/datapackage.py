"""``/datapackage.json``: a Frictionless Data Package describing every downloadable table.

Each contract view is a resource (its CSV download), with a Table Schema built from the view's
own column types, its row count, its description in the requested language, the licence, how
to cite the data, and every source file with its sha256.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from pkobs.i18n import Locale
from pkobs.store.database import Database
from pkobs.store.datapackage import source_files, view_shapes
from pkobs.web.context import WebContext, web_context
from pkobs.web.render import json_bytes

router = APIRouter(include_in_schema=False)

PROFILE = "tabular-data-package"
UN_TERMS = "https://www.un.org/en/about-us/terms-of-use"
UN_REPORTS = "https://peacekeeping.un.org/en/data"
IPI_DATABASE = "https://www.ipinst.org/providing-for-peacekeeping"
MIT = "https://opensource.org/licenses/MIT"


def descriptor(db: Database, locale: Locale, version: str) -> dict[str, Any]:
    """The data package descriptor, with texts in ``locale``'s language."""
    resources = [
        {
            "name": shape.name,
            "path": f"/downloads/{shape.name}.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "profile": "tabular-data-resource",
            "description": locale.t(f"table.{shape.name}"),
            "schema": {"fields": [{"name": n, "type": t} for n, t in shape.fields]},
            "rows": shape.rows,  # a custom property: the row count at this data version
        }
        for shape in view_shapes(db)
    ]
    return {
        "profile": PROFILE,
        "name": "pkobs",
        "title": locale.t("datapackage.title"),
        "description": locale.t("datapackage.description"),
        "version": version,
        "language": locale.lang,
        "licenses": [{"name": "MIT", "path": MIT, "title": locale.t("datapackage.licence")}],
        "citation": locale.t("datapackage.cite", version=version),
        "sources": [
            {"title": locale.t("datapackage.source.un"), "path": UN_REPORTS, "terms": UN_TERMS},
            {"title": locale.t("datapackage.source.ipi"), "path": IPI_DATABASE},
        ],
        "files": source_files(db),  # every ingested file with its sha256
        "resources": resources,
    }


@router.get("/datapackage.json")
def datapackage_json(
    lang: Literal["fr", "en"] = Query("en"),
    context: WebContext = Depends(web_context),
) -> Response:
    version = context.version()

    def compute() -> bytes:
        with context.cursor() as cursor:
            db = Database(cursor, context.settings.db_path, read_only=True)
            return json_bytes(descriptor(db, Locale(lang), version))

    body: bytes = context.cache.get_or_compute(("datapackage", version, lang), compute)
    return Response(body, media_type="application/json")


__all__ = ["descriptor", "router"]
