"""The bulletins of every month with data: ``/fr|en/bulletins`` (also ``.json``/``.csv``) lists
them by year; ``/fr|en/bulletins/YYYY-MM.pdf`` and ``.html`` write one on demand.

A bulletin is the same document as ``pkobs report --month YYYY-MM`` (:mod:`pkobs.reports`), in the
page's language, for the OIF (members and associate members). It is built when first asked
(about a second; matplotlib and Typst are imported then, not when the site starts), once per
data version, language and day (it states when it was generated and how old its data is), then
served from disk under ``$PKOBS_HOME/web-cache/bulletins/`` like the downloads
(:mod:`pkobs.web.built_files`): asking again, or with other query parameters, costs no build.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import anyio
from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from pkobs.errors import QueryError
from pkobs.i18n import Locale
from pkobs.indicators import parse_month
from pkobs.store import bulletin as store
from pkobs.table import Column, Table
from pkobs.web.built_files import cache_root, ensure_file
from pkobs.web.context import WebContext, web_context
from pkobs.web.formats import respond
from pkobs.web.language import page_locale
from pkobs.web.page_parts import database, site_read
from pkobs.web.params import NotFoundError

router = APIRouter(include_in_schema=False)

MEDIA_TYPES = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}
KIND = "bulletins"
COLUMNS = (Column("month", "month"), Column("pdf", "text"), Column("html", "text"))


def bulletin_path(lang: str, month: dt.date, fmt: str) -> str:
    return f"/{lang}/bulletins/{month:%Y-%m}.{fmt}"


def listing(months: list[dt.date], lang: str) -> Table:
    """One row per month with data, newest first, with the links to its PDF and HTML."""
    rows = [
        (month, bulletin_path(lang, month, "pdf"), bulletin_path(lang, month, "html"))
        for month in sorted(months, reverse=True)
    ]
    return Table([c.name for c in COLUMNS], rows).declared(*COLUMNS)


@router.get("/{lang}/bulletins", response_class=HTMLResponse)
def bulletins(
    request: Request,
    locale: Locale = Depends(page_locale),
    context: WebContext = Depends(web_context),
) -> Response:
    months = site_read(context, "bulletin_months", store.months_with_data)
    by_year: dict[int, list[dt.date]] = defaultdict(list)
    for month in sorted(months, reverse=True):
        by_year[month.year].append(month)
    return respond(
        request,
        "bulletins.html",
        locale.lang,
        "bulletins",
        {"bulletins": listing(months, locale.lang)},
        years=sorted(by_year.items(), reverse=True),
        count=len(months),
        first=min(months) if months else None,
        last=max(months) if months else None,
        path=lambda month, fmt: bulletin_path(locale.lang, month, fmt),
    )


def cached_bulletin(context: WebContext, filename: str, today: dt.date) -> Path:
    return cache_root(context, KIND) / f"{context.version()}-{today:%Y%m%d}" / filename


@router.get("/{lang}/bulletins/{name}")
async def bulletin(
    name: str,
    locale: Locale = Depends(page_locale),
    context: WebContext = Depends(web_context),
) -> Response:
    """``YYYY-MM.pdf`` or ``YYYY-MM.html``: the bulletin of that month, in the page's language."""
    stem, _, fmt = name.rpartition(".")
    if fmt not in MEDIA_TYPES or len(stem) != 7:
        raise NotFoundError("report.web.unknown_bulletin", name=name)
    try:
        month = parse_month(stem)
    except QueryError:  # an unreadable month is a page that does not exist
        raise NotFoundError("report.web.unknown_bulletin", name=name) from None
    months = await anyio.to_thread.run_sync(
        site_read, context, "bulletin_months", store.months_with_data
    )
    if month not in months:
        raise NotFoundError("report.web.unknown_bulletin", name=name)
    filename = f"bulletin-{month:%Y-%m}.{locale.lang}.{fmt}"

    def build(target: Path) -> None:
        from pkobs.reports import document_for, render  # matplotlib and Typst: only when asked
        from pkobs.reports.output import write_atomic

        with database(context) as db:
            write_atomic(target, render(document_for(db, month, locale.lang), fmt))

    today = dt.datetime.now(dt.UTC).date()
    target = await ensure_file(cached_bulletin(context, filename, today), build)
    headers = {"Content-Disposition": f'inline; filename="{filename}"'}
    if fmt == "html":  # its inline style and data: charts, which the site's own policy refuses
        from pkobs.reports.html_render import CONTENT_SECURITY_POLICY

        headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    return FileResponse(target, media_type=MEDIA_TYPES[fmt], headers=headers)


__all__ = ["bulletin_path", "cached_bulletin", "listing", "router"]
