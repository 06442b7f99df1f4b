"""The open API under ``/api/v1``: indicators and contract views, as JSON (default) or CSV."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from pkobs.indicators import INDICATORS, IndicatorResult, compute
from pkobs.render import results
from pkobs.settings import Language
from pkobs.store.query import view_page
from pkobs.store.schema import VIEWS
from pkobs.web import params as p
from pkobs.web.context import WebContext, web_context
from pkobs.web.render import csv_bytes, json_bytes
from pkobs.web.templating import render

router = APIRouter()

Format = Literal["json", "csv"]
# Indicators answered from the aggregates alone when they need no mission split: from the cube
# itself, and from the parts each worker prepares in the background (once they are ready).
FROM_AGGREGATES = frozenset({"share", "compare", "trend"})
FROM_PREPARED = frozenset({"gender", "linguistic-gap", "contributors", "alerts"})
IndicatorName = Path(
    description="Indicator name; see /api/v1/indicators", pattern=r"^[a-z][a-z0-9-]{0,40}$"
)
ViewName = Path(description="Table (view) name; see /api/v1/tables", pattern=r"^[a-z_]{1,40}$")


async def query_params(
    group: str | None = Query(None, pattern=p.GROUP_PATTERN, description="Group id, e.g. oif"),
    status: str | None = Query(
        None, pattern=p.STATUS_PATTERN, description="Statuses, comma-separated (member,associate)"
    ),
    from_: str | None = Query(None, alias="from", pattern=p.MONTH_PATTERN, description="YYYY-MM"),
    to: str | None = Query(None, pattern=p.MONTH_PATTERN, description="YYYY-MM"),
    mission: str | None = Query(None, pattern=p.MISSION_PATTERN, description="Mission acronym"),
    groups: str | None = Query(None, pattern=p.GROUPS_PATTERN, description="compare: oif,au,eu"),
    window: int | None = Query(None, ge=1, le=600, description="trend: months"),
    by_mission: bool = Query(False, description="share: one row per mission"),
    kind: str | None = Query(
        None,
        pattern=p.KIND_PATTERN,
        description="Only missions of these kinds, comma-separated: pko (peacekeeping "
        "operations, as in the UN's fact sheets), spm, support. Needs a mission split.",
    ),
) -> p.Query:
    return p.Query(group, status, from_, to, mission, groups, window, by_mission, kind)


def body(payload: bytes, fmt: str, filename: str) -> Response:
    if fmt == "csv":
        return Response(
            payload,
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
        )
    return Response(payload, media_type="application/json")


@router.get("/health", summary="Liveness check (trivial endpoint)")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/indicators", summary="The available indicators")
def list_indicators() -> dict[str, Any]:
    return {
        "indicators": [{"name": name, "url": f"/api/v1/indicators/{name}"} for name in INDICATORS]
    }


DEFAULT_LIMIT = 1000  # rows per page of an indicator's answer, unless ``limit`` says otherwise


@dataclass(frozen=True)
class Answer:
    """One page of an indicator's answer as sent: the body, and the next page's address."""

    body: bytes
    next: str | None


def next_page(
    name: str, query: p.Query, lang: str, fmt: str, limit: int, offset: int, total: int
) -> str | None:
    """The address of the page after rows ``offset`` to ``offset + limit`` of ``total`` (its
    query string built from the parsed parameters, in a fixed order), ``None`` on the last."""
    if offset + limit >= total:
        return None
    values = query.as_query_string()
    if query.by_mission:
        values["by_mission"] = "true"
    values["lang"] = lang
    if fmt != "json":
        values["format"] = fmt
    if limit != DEFAULT_LIMIT:
        values["limit"] = str(limit)
    values["offset"] = str(offset + limit)
    return f"/api/v1/indicators/{name}?{urlencode(values)}"


@router.get(
    "/indicators/{name}",
    summary="One indicator: rows and metadata (JSON) or rows (CSV), paged with limit and offset",
    description=(
        "The rows come in pages of `limit` rows (1000 by default, at most "
        f"{p.MAX_LIMIT:,}) starting at row `offset` (0 first), in the order of the full answer. "
        "JSON: `meta.total` is the number of rows of the full answer, `meta.limit` and "
        "`meta.offset` the page's, `meta.next` the address of the next page (null on the last "
        "one); the extra tables (`meta.extras`) come whole with every page. CSV: the page's "
        'rows, and a `Link: <address>; rel="next"` header when there are more.'
    ),
    responses={200: {"content": {"text/csv": {}}}, 400: {}, 404: {}},
)
async def indicator(
    name: str = IndicatorName,
    query: p.Query = Depends(query_params),
    lang: Language = Query("fr", description="Language of the metadata"),
    format: Format = Query("json"),
    limit: int = Query(
        DEFAULT_LIMIT, ge=1, le=p.MAX_LIMIT, description="Rows per page (see meta.total)"
    ),
    offset: int = Query(
        0, ge=0, le=p.MAX_OFFSET, description="Rows of the full answer before the page's first"
    ),
    context: WebContext = Depends(web_context),
) -> Response:
    found = await indicator_answer(context, name, query, lang, format, limit, offset)
    return paged(found, format, name)


async def indicator_answer(
    context: WebContext,
    name: str,
    query: p.Query,
    lang: Language,
    format: Format,
    limit: int,
    offset: int,
) -> Answer:
    """One page of indicator ``name``'s answer (validated parameters; raises the API's errors):
    the endpoint's work, shared with the direct route (:mod:`pkobs.web.direct`)."""
    if name not in INDICATORS:
        raise p.NotFoundError(
            "indicator.error.unknown_indicator", name=name, known=", ".join(INDICATORS)
        )
    params = query.params()
    version = context.version()
    key = ("indicator", version, name, repr(params), format, lang, str(limit), str(offset))

    def computed() -> IndicatorResult:
        cube = context.aggregates()
        with context.cursor() as cursor:
            return compute(cursor, name, params, cube)

    def answer() -> Answer:
        # the language-free result, shared by its pages, both languages and the web pages
        result = context.cache.get_or_compute(
            ("page-indicator", version, name, repr(params)), computed
        )
        total = len(result.table.rows)
        following = next_page(name, query, lang, format, limit, offset, total)
        # the edge: only the page's rows rendered (sentences, names) in the request's language
        if format == "csv":
            return Answer(csv_bytes(results.page(result, lang, offset, limit).table), following)
        more = {"total": total, "limit": limit, "offset": offset, "next": following}
        shown = results.result_json(result, lang, offset, limit, more, context.row_texts)
        return Answer(shown, following)

    cached = context.cache.get(key)
    if isinstance(cached, Answer):
        return cached
    plain = not (query.by_mission or query.mission or query.kind)
    quick = plain and (
        (name in FROM_AGGREGATES and context.has_aggregates())
        or (name in FROM_PREPARED and context.has_prepared_parts())
    )
    if quick:
        # answered from the in-memory aggregates in about a millisecond: no thread hop
        return context.cache.get_or_compute(key, answer)
    # computing runs in a worker thread, never on the event loop
    return await run_in_threadpool(context.cache.get_or_compute, key, answer)


def paged(answer: Answer, fmt: str, filename: str) -> Response:
    """The HTTP response of one page: with a ``Link`` header to the next page in CSV."""
    response = body(answer.body, fmt, filename)
    if fmt == "csv" and answer.next is not None:
        response.headers["Link"] = f'<{answer.next}>; rel="next"'
    return response


@router.get("/tables", summary="The available tables (contract views)")
def list_tables() -> dict[str, Any]:
    return {"tables": [{"name": name, "url": f"/api/v1/tables/{name}"} for name in VIEWS]}


@router.get(
    "/tables/{view}",
    summary="Rows of one table, paged with limit and offset",
    responses={200: {"content": {"text/csv": {}}}, 400: {}, 404: {}},
)
def table(
    view: str = ViewName,
    format: Format = Query("json"),
    limit: int = Query(1000, ge=1, le=p.MAX_LIMIT),
    offset: int = Query(0, ge=0, le=p.MAX_OFFSET),
    context: WebContext = Depends(web_context),
) -> Response:
    if view not in VIEWS:
        raise p.NotFoundError("indicator.error.unknown_table", table=view, known=", ".join(VIEWS))
    key = ("table", context.version(), view, str(limit), str(offset), format)

    def compute() -> bytes:
        with context.cursor() as cursor:
            rows, total = view_page(cursor, view, limit, offset)
        if format == "csv":
            return csv_bytes(rows)
        meta = {"table": view, "limit": limit, "offset": offset, "total": total}
        return json_bytes({"rows": rows.records(), "meta": meta})

    return body(context.cache.get_or_compute(key, compute), format, view)


@router.get("/docs", include_in_schema=False, response_class=HTMLResponse)
def docs(request: Request) -> Response:
    """A self-made, offline documentation page built from the OpenAPI schema."""
    schema = request.app.openapi()
    operations = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            parameters = [
                {
                    "name": param["name"],
                    "where": param["in"],
                    "required": param.get("required", False),
                    "schema": describe(param.get("schema", {})),
                    "description": param.get("description", ""),
                }
                for param in operation.get("parameters", [])
            ]
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "parameters": parameters,
                }
            )
    return render(
        request, "api_docs.html", "en", "api_docs", operations=operations, examples=examples()
    )


def describe(schema: dict[str, Any]) -> str:
    options = schema.get("anyOf", [schema])
    parts = []
    for option in options:
        if option.get("type") == "null":
            continue
        text = option.get("type", "")
        if "enum" in option:
            text += " (" + " | ".join(str(v) for v in option["enum"]) + ")"
        if "pattern" in option:
            text += f" matching {option['pattern']}"
        if "minimum" in option or "maximum" in option:
            text += f" [{option.get('minimum', '')}..{option.get('maximum', '')}]"
        parts.append(text)
    default = schema.get("default")
    return " or ".join(parts) + (f", default {default}" if default not in (None, "") else "")


def examples() -> list[str]:
    found = [f"/api/v1/indicators/{name}" for name in INDICATORS]
    return [
        "/api/v1/indicators/share?group=oif&status=member&from=2014-02&to=2014-02",
        "/api/v1/indicators/share?group=oif&from=2014-01&to=2014-12&format=csv",
        "/api/v1/indicators/drivers?group=oif&from=2013-02&to=2014-02",
        "/api/v1/indicators/share?group=oif&to=2014-02&kind=pko",
        *found,
        "/api/v1/tables/sources",
        "/api/v1/tables/contributions?limit=100&offset=0&format=csv",
    ]
