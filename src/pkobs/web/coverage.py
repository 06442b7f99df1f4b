"""The coverage page (``/{lang}/coverage``) and ``/api/v1/coverage``: month by month, which
sources exist and at which level of detail, and the months no source covers."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from pkobs.i18n import Locale, catalogue
from pkobs.store.coverage import COLUMNS, coverage_table, missing_months
from pkobs.table import Table
from pkobs.web.context import WebContext, web_context
from pkobs.web.formats import csv_response, respond
from pkobs.web.language import page_locale
from pkobs.web.page_parts import database
from pkobs.web.render import csv_bytes, json_bytes

router = APIRouter()
pages = APIRouter(include_in_schema=False)


def coverage(context: WebContext) -> Table:
    key = ("coverage", context.version())

    def compute() -> Table:
        with database(context) as db:
            return coverage_table(db)

    table: Table = context.cache.get_or_compute(key, compute)
    return table


def kind_name(source_format: str, locale: Locale) -> str:
    """A source format (``un-pdf``) as readers call it (« Rapports mensuels de l’ONU (PDF) »):
    the page's own name for it, else the format's name in words (``value.format.*``)."""
    for key in (f"coverage.kind.{source_format}", f"value.format.{source_format}"):
        if key in catalogue(locale.lang):
            return locale.t(key)
    return source_format


def kind_names(formats: str | None, locale: Locale) -> str:
    """``ipi-gender, ipi-series`` (the table's ``formats``) as readers call them."""
    return ", ".join(kind_name(f, locale) for f in (formats or "").split(", ") if f)


def source_kinds(table: Table, locale: Locale) -> list[dict[str, Any]]:
    """Each kind of source of the history: its name, and the first and last month it covers and
    how many months, in the order of the first month."""
    spans: dict[str, dict[str, Any]] = {}
    for row in table.rows:
        for source_format in (row[6] or "").split(", "):
            if not source_format:
                continue
            span = spans.setdefault(source_format, {"first": row[0], "months": 0})
            span["last"] = row[0]
            span["months"] += 1
    return [
        {"format": source_format, "name": kind_name(source_format, locale), **span}
        for source_format, span in sorted(spans.items(), key=lambda item: item[1]["first"])
    ]


def periods(table: Table, locale: Locale) -> list[dict[str, Any]]:
    """Consecutive months with the same status and detail, as one period each (its kinds of
    source named for readers in ``kinds``)."""
    found: list[dict[str, Any]] = []
    for row in table.rows:
        month, status, detail = row[0], row[1], row[2]
        formats = row[6]
        last = found[-1] if found else None
        if (
            last
            and last["status"] == status
            and last["detail"] == detail
            and (last["formats"] == formats)
        ):
            last["last"] = month
            last["months"] += 1
        else:
            found.append(
                {
                    "first": month,
                    "last": month,
                    "months": 1,
                    "status": status,
                    "detail": detail,
                    "formats": formats,
                    "kinds": kind_names(formats, locale),
                }
            )
    return found


@router.get("/coverage", summary="Coverage of the sources, month by month")
def coverage_api(
    format: Literal["json", "csv"] = Query("json"),
    context: WebContext = Depends(web_context),
) -> Response:
    table = coverage(context)
    if format == "csv":
        return csv_response(csv_bytes(table), "coverage")
    meta = {
        "columns": COLUMNS,
        "missing_months": missing_months(table),
        "details": ["mission_sex", "mission", "contributor_sex", "contributor"],
    }
    return Response(
        json_bytes({"rows": table.records(), "meta": meta}), media_type="application/json"
    )


@pages.get("/{lang}/coverage", response_class=HTMLResponse)
def coverage_page(
    request: Request,
    locale: Locale = Depends(page_locale),
    context: WebContext = Depends(web_context),
) -> Response:
    table = coverage(context)
    missing = missing_months(table)
    return respond(
        request,
        "coverage.html",
        locale.lang,
        "coverage",
        {"coverage": table},
        periods=periods(table, locale),
        kinds=source_kinds(table, locale),
        missing=missing,
        first=table.rows[0][0] if table.rows else None,
        last=table.rows[-1][0] if table.rows else None,
    )
