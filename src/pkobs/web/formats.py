"""Every HTML page is also data: ``/fr/gender.json``, ``/fr/gender.csv`` or ``?format=json|csv``.

A page declares the tables behind it (``tables={"name": Table}``, the main one first) and answers
through :func:`respond`: HTML by default; with ``format=json``, all its tables as
``{"tables": {name: [rows]}, "meta": {...}}``; with ``format=csv``, one table as CSV (the first,
or the one named by ``table=``). :class:`PageSuffix` turns the ``.json``/``.csv`` suffix of a page
path into that query parameter (``/fr/index.json`` is the overview), so links stay readable.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlencode

from fastapi import Request
from fastapi.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from pkobs.render.csv import csv_bytes
from pkobs.render.json import json_bytes
from pkobs.settings import Language
from pkobs.table import Table
from pkobs.web.charts import Chart
from pkobs.web.params import NotFoundError, ParameterError
from pkobs.web.templating import render

PAGE_FORMATS = ("json", "csv")
SUFFIX = re.compile(r"^/(fr|en)/(.*)\.(json|csv)$")
TABLE_NAME = re.compile(r"^[a-z_]{1,40}$")


class PageSuffix:
    """Pure ASGI middleware: ``/en/countries/SEN.csv`` -> ``/en/countries/SEN?format=csv``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            match = SUFFIX.match(scope["path"])
            if match is not None:
                lang, rest, fmt = match.groups()
                rest = "" if rest == "index" else rest
                path = f"/{lang}/{rest}"
                query = [
                    (key, value)
                    for key, value in parse_qsl(scope["query_string"].decode("latin-1"))
                    if key != "format"
                ]
                query.append(("format", fmt))
                scope = {
                    **scope,
                    "path": path,
                    "raw_path": path.encode(),
                    "query_string": urlencode(query).encode("latin-1"),
                }
        await self.app(scope, receive, send)


def wants_data(request: Request) -> bool:
    """Whether the request asks for a page's data (errors then answer in JSON too)."""
    return request.query_params.get("format") in PAGE_FORMATS


def respond(
    request: Request,
    template: str,
    lang: Language,
    page: str,
    tables: dict[str, Table],
    csv_charts: tuple[Chart, ...] = (),
    **context: Any,
) -> Response:
    """The page as HTML, or the data behind it (see the module docstring)."""
    fmt = request.query_params.get("format")
    if fmt is None:
        return render(request, template, lang, page, **context)
    if fmt not in PAGE_FORMATS:
        raise ParameterError("page_data.bad_format", format=fmt, known=list(PAGE_FORMATS))
    if fmt == "csv" and request.query_params.get("chart") is not None:
        return chart_csv(request, csv_charts)
    html = request.url.path
    if fmt == "json":
        meta = {
            "page": page,
            "lang": lang,
            "html": html,
            "csv": {name: f"{html}?format=csv&table={name}" for name in tables},
        }
        payload = {"tables": {name: table.records() for name, table in tables.items()}}
        return Response(json_bytes({**payload, "meta": meta}), media_type="application/json")
    if not tables:
        raise NotFoundError("page_data.no_table", page=html)
    wanted = request.query_params.get("table") or next(iter(tables))
    if not TABLE_NAME.match(wanted) or wanted not in tables:
        raise NotFoundError("page_data.unknown_table", table=wanted, known=list(tables))
    return csv_response(csv_bytes(tables[wanted]), f"{page}-{wanted}")


def csv_response(payload: bytes, name: str) -> Response:
    return Response(
        payload,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="pkobs-{name}.csv"'},
    )


def chart_csv(request: Request, charts: tuple[Chart, ...]) -> Response:
    """``?format=csv&chart=ID``: the raw data behind one chart of the page, as CSV."""
    wanted = request.query_params.get("chart")
    for chart in charts:
        if chart.chart_id == wanted and chart.data is not None:
            return Response(
                csv_bytes(chart.data),
                media_type="text/csv; charset=utf-8",
                headers={"Content-Disposition": f'attachment; filename="{chart.chart_id}.csv"'},
            )
    raise NotFoundError("page_data.unknown_chart", chart=str(wanted))


def table_of(records: list[dict[str, Any]], columns: list[str]) -> Table:
    """A table from dictionaries (for pages whose data is assembled in Python)."""
    return Table(columns, [tuple(record.get(column) for column in columns) for record in records])
