"""The application factory: routers, static files, security headers, ETags and error handling."""

from __future__ import annotations

import datetime as dt
import os
import re
from importlib import resources
from pathlib import Path

from fastapi import Depends, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pkobs import messages
from pkobs.errors import PkobsError
from pkobs.i18n import Locale
from pkobs.indicators import parse_month
from pkobs.render.row_texts import ROW_TEXT_BYTES, RowTexts
from pkobs.settings import Language, Settings
from pkobs.store import span
from pkobs.store.live import LiveDatabase
from pkobs.web.api import router as api_router
from pkobs.web.bulletins import router as bulletins_router
from pkobs.web.context import ResultCache, WebContext, web_context
from pkobs.web.coverage import pages as coverage_pages
from pkobs.web.coverage import router as coverage_router
from pkobs.web.datapackage import router as datapackage_router
from pkobs.web.direct import DirectIndicators
from pkobs.web.downloads import router as downloads_router
from pkobs.web.formats import PageSuffix, wants_data
from pkobs.web.francophonie import router as francophonie_router
from pkobs.web.language import request_language
from pkobs.web.map import api_router as map_api_router
from pkobs.web.map import router as map_router
from pkobs.web.page_parts import has_own_span, no_data_in, site_read
from pkobs.web.pages import error_page
from pkobs.web.pages import router as pages_router
from pkobs.web.params import (
    MONTH_PATTERN,
    STATUS_PATTERN,
    NoDataError,
    NotFoundError,
)
from pkobs.web.profiles import router as profiles_router
from pkobs.web.registries import router as registries_router
from pkobs.web.response_cache import RESPONSE_CACHE_BYTES, RESULT_CACHE_BYTES, ResponseCache

API_PREFIX = "/api/v1"
CACHE_CONTROL = "public, max-age=300"
# Plotly.js appends one *empty* <style> element and fills it through the CSSOM (which CSP does
# not restrict); the hash below is the SHA-256 of the empty string, so it allows exactly that empty
# element and no inline style or script content.
EMPTY_STYLE_HASH = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        f"default-src 'self'; style-src 'self' {EMPTY_STYLE_HASH}; base-uri 'self'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match",
    "Access-Control-Expose-Headers": "ETag",
}
CACHEABLE_PREFIXES = (API_PREFIX + "/", "/downloads/", "/fr/", "/en/")


def static_dir() -> Path:
    return Path(str(resources.files("pkobs.web") / "static"))


def create_app(settings: Settings) -> FastAPI:
    """A new application serving ``settings.db_path`` read-only."""
    app = FastAPI(
        title="pkobs open API",
        description="Open data on UN peacekeeping contributions (French/English observatory).",
        version="1",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    cache_bytes = settings.web_cache_bytes  # None: each cache's default bound
    context = WebContext(
        settings=settings,
        database=LiveDatabase(settings.db_path),
        cache=ResultCache(cache_bytes or RESULT_CACHE_BYTES),
        row_texts=RowTexts(cache_bytes or ROW_TEXT_BYTES),
    )
    app.state.web = context
    app.mount("/static", StaticFiles(directory=static_dir()), name="static")
    in_span = [Depends(data_in_span)]  # a period with no data is a 404 that says the span
    app.include_router(api_router, prefix=API_PREFIX, dependencies=in_span)
    app.include_router(coverage_router, prefix=API_PREFIX)
    app.include_router(map_api_router, prefix=API_PREFIX)
    app.add_api_route("/favicon.ico", favicon, include_in_schema=False)
    app.include_router(downloads_router)
    app.include_router(datapackage_router)
    app.include_router(pages_router, dependencies=in_span)
    app.include_router(profiles_router, dependencies=in_span)
    app.include_router(registries_router)
    app.include_router(coverage_pages)
    app.include_router(map_router)
    app.include_router(francophonie_router)
    app.include_router(bulletins_router)
    # Starlette runs the last added middleware first: headers and 304s, then the response cache,
    # then the direct route to the indicators (the API's common questions without FastAPI)
    app.add_middleware(DirectIndicators, context=context, prefix=API_PREFIX + "/")
    app.add_middleware(
        ResponseCache,
        prefix=API_PREFIX + "/",
        version=context.version,
        max_bytes=cache_bytes or RESPONSE_CACHE_BYTES,
    )
    app.add_middleware(HeadersAndETags, context=context)
    app.add_middleware(PageSuffix)  # /fr/gender.json -> /fr/gender?format=json
    app.add_middleware(CanonicalCodes, context=context)  # outermost: /fr/missions/monusco -> 308
    app.add_exception_handler(PkobsError, pkobs_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    return app


async def favicon() -> FileResponse:
    """The site's icon (browsers ask for /favicon.ico whatever the page says)."""
    return FileResponse(static_dir() / "favicon.ico", media_type="image/x-icon")


def create_app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` (one app per worker process): reads ``PKOBS_DB``."""
    app = create_app(Settings.from_env(environ=dict(os.environ)))
    app.state.web.prepare()  # each worker builds the version's aggregates before it accepts
    return app


# a page naming a mission or a country by its code, with the page suffix kept (.json, .csv)
CODE_PATH = re.compile(r"^/(fr|en)/(missions|countries)/([A-Za-z0-9-]{2,20})(\.[a-z]+)?$")


def canonical_path(context: WebContext, path: str) -> str | None:
    """The canonical spelling of a page path whose code is written in another case
    (``/en/missions/monusco`` -> ``/en/missions/MONUSCO``); ``None`` when it is already canonical
    or names nothing known (the page then says it is unknown)."""
    found = CODE_PATH.match(path)
    if found is None:
        return None
    lang, kind, code, suffix = found.groups()
    if kind == "missions":
        known = {
            a.upper(): a for a in site_read(context, "mission_acronyms", span.mission_acronyms)
        }
        canonical = known.get(code.upper())
    else:  # an ISO 3166-1 alpha-3 code is upper case, known or not (unknown: a 404 after it)
        canonical = code.upper() if re.fullmatch(r"[A-Za-z]{3}", code) else None
    if canonical is None or canonical == code:
        return None
    return f"/{lang}/{kind}/{canonical}{suffix or ''}"


class CanonicalCodes:
    """Pure ASGI middleware: a mission or country code in another case than the reference's is a
    308 to the canonical URL, with the language prefix, the page suffix and the query string."""

    def __init__(self, app: ASGIApp, context: WebContext) -> None:
        self.app = app
        self.context = context

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            target = canonical_path(self.context, scope["path"])
            if target is not None:
                query = scope.get("query_string", b"").decode("latin-1")
                moved = RedirectResponse(target + (f"?{query}" if query else ""), status_code=308)
                await with_headers(moved, False)(scope, receive, send)
                return
        await self.app(scope, receive, send)


# How each page or endpoint reads its months: a period (from..to) or the one month it shows
# (the contributors ranking: ?to=). The francophonie page and the map (page and API) answer a
# month without data themselves, with the span on the page (200). A route's path is its
# router's (FastAPI keeps the prefix apart); both spellings are listed.
ONE_MONTH = {"/{lang}/contributors": "to"}
PERIODS = frozenset(
    {"/{lang}/", "/{lang}/compare", "/{lang}/gender", "/indicators/{name}"}
    | {API_PREFIX + "/indicators/{name}"}
)


def asked_month(request: Request, name: str) -> dt.date | None:
    """``?name=YYYY-MM`` as its month's last day; ``None`` when absent or not a month (the
    route's own validation then says what is wrong)."""
    value = request.query_params.get(name)
    if value is None or not re.fullmatch(MONTH_PATTERN, value):
        return None
    return parse_month(value, name)


def asked_period(request: Request) -> tuple[dt.date | None, dt.date | None]:
    """The months the route will show, as (start, end), either open; (None, None) when the
    route takes no months or the period is about a registry (its own span)."""
    route = request.scope.get("route")
    path = getattr(route, "path", "")
    if path in ONE_MONTH:
        month = asked_month(request, ONE_MONTH[path])
        return month, month
    if path in PERIODS:
        if has_own_span(request.path_params.get("name")):  # a registry
            return None, None
        return asked_month(request, "from"), asked_month(request, "to")
    return None, None


async def data_in_span(request: Request, context: WebContext = Depends(web_context)) -> None:
    """Raises :class:`NoDataError` (404) when the period asked holds no month with data."""
    problem = no_data_in(context, *asked_period(request))
    if problem is not None:
        raise problem


class HeadersAndETags:
    """Pure ASGI middleware: read-only methods, HEAD, security headers, CORS, ETag and 304.

    HEAD is answered on every GET route: the request goes through as GET and the response is sent
    with the same status and headers (``Content-Length`` included) but no body.

        The ETag is the data version (see :meth:`WebContext.version`), so a client holding the ETag
        of any response gets 304 until the database changes.
    """

    def __init__(self, app: ASGIApp, context: WebContext) -> None:
        self.app = app
        self.context = context

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        method: str = scope["method"]
        is_api = path.startswith(API_PREFIX)
        if method == "OPTIONS" and is_api:
            await with_headers(Response(status_code=204), is_api)(scope, receive, send)
            return
        if method not in ("GET", "HEAD"):
            lang = request_language(Request(scope))
            refused = JSONResponse(
                {"error": Locale(lang).t("web.read_only"), "status": 405},
                status_code=405,
                headers={"Allow": "GET, HEAD"},
            )
            await with_headers(refused, is_api)(scope, receive, send)
            return
        head = method == "HEAD"
        if head:  # answered as GET by every route, then sent without its body
            scope = {**scope, "method": "GET"}
        etag = None
        if path.startswith(CACHEABLE_PREFIXES):
            etag = f'"{self.context.version()}"'
            if etag in Headers(scope=scope).get("if-none-match", ""):
                not_modified = Response(status_code=304, headers={"ETag": etag})
                await with_headers(not_modified, is_api)(scope, receive, send)
                return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                add_headers(headers, is_api)
                if etag and message["status"] == 200:
                    headers["ETag"] = etag
                    headers["Cache-Control"] = CACHE_CONTROL
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def add_headers(headers: MutableHeaders, is_api: bool) -> None:
    for name, value in SECURITY_HEADERS.items():
        if name not in headers:
            headers[name] = value
    if is_api:
        for name, value in CORS_HEADERS.items():
            headers[name] = value


def with_headers(response: Response, is_api: bool) -> Response:
    add_headers(response.headers, is_api)
    return response


def error_body(message: str, status: int) -> JSONResponse:
    return JSONResponse({"error": message, "status": status}, status_code=status)


def html_error(request: Request) -> bool:
    """Errors of pages are pages, except when the page's data (JSON/CSV) was asked for."""
    return not request.url.path.startswith((API_PREFIX, "/downloads")) and not wants_data(request)


def error_response(request: Request, message: messages.Message, status: int) -> Response:
    """``message`` in the request's language: an error page, or a JSON body."""
    lang = request_language(request)
    return error_text(request, Locale(lang).message(message), status, lang)


def error_text(request: Request, text: str, status: int, lang: Language) -> Response:
    if html_error(request):
        return error_page(request, text, status, lang)
    return error_body(text, status)


# where an error page sends the reader back to, by the error's key (the overview otherwise)
BACK_LINKS = {
    "error.country": ("contributors", "error.back_countries"),
    "error.mission": ("missions", "error.back_missions"),
}


async def pkobs_error(request: Request, exc: Exception) -> Response:
    status = 404 if isinstance(exc, NotFoundError) else 400
    lang: Language = request_language(request)
    text = exc.message(lang) if isinstance(exc, PkobsError) else str(exc)
    if not html_error(request):
        if isinstance(exc, NoDataError):  # the span, for a machine
            return JSONResponse(
                {"error": text, "status": status, "data_span": exc.span()}, status_code=status
            )
        return error_body(text, status)
    links: list[tuple[str, str]] = []
    key = exc.key if isinstance(exc, PkobsError) else ""
    if key in BACK_LINKS:
        page, label = BACK_LINKS[key]
        links.append((f"/{lang}/{page}", Locale(lang).t(label)))
    if isinstance(exc, NoDataError):  # the same page, at its latest month
        links.append((request.url.path, Locale(lang).t("error.latest")))
    return error_page(request, text, status, lang, links)


PARAMETER_PROBLEMS = {
    "string_pattern_mismatch": ("web.parameter.pattern", "pattern"),
    "literal_error": ("web.parameter.choice", "expected"),
    "enum": ("web.parameter.choice", "expected"),
    "greater_than_equal": ("web.parameter.at_least", "ge"),
    "greater_than": ("web.parameter.more_than", "gt"),
    "less_than_equal": ("web.parameter.at_most", "le"),
    "less_than": ("web.parameter.less_than", "lt"),
    "int_parsing": ("web.parameter.whole_number", ""),
    "int_from_float": ("web.parameter.whole_number", ""),
    "bool_parsing": ("web.parameter.boolean", ""),
    "missing": ("web.parameter.missing", ""),
}


# patterns a reader is told in words rather than as a regular expression
READABLE_PATTERNS = {MONTH_PATTERN: "web.parameter.month", STATUS_PATTERN: "web.parameter.status"}


def parameter_problem(problem: dict[str, object]) -> messages.Message:
    """One of FastAPI's validation problems as a message: the parameter and what it expects."""
    location = problem.get("loc", ())
    parts = location if isinstance(location, list | tuple) else ()
    name = ".".join(str(p) for p in parts if p not in ("query", "path"))
    key, context_name = PARAMETER_PROBLEMS.get(
        str(problem.get("type", "")), ("web.parameter.invalid", "")
    )
    context = problem.get("ctx")
    values: dict[str, object] = {}
    pattern = context.get("pattern") if isinstance(context, dict) else None
    if key == "web.parameter.pattern" and pattern in READABLE_PATTERNS:
        key, context_name = READABLE_PATTERNS[str(pattern)], ""
    if context_name:
        found = context.get(context_name, "") if isinstance(context, dict) else ""
        values["limit" if context_name in ("ge", "gt", "le", "lt") else context_name] = str(found)
    return messages.Message(
        "web.parameter.problem", {"name": name, "problem": messages.Message(key, values)}
    )


async def validation_error(request: Request, exc: Exception) -> Response:
    problems = exc.errors() if isinstance(exc, RequestValidationError) else []
    # a bad path segment (/de/, an unknown language) names a page that does not exist
    if any(p.get("loc", ("",))[0] == "path" for p in problems):
        return error_response(
            request, messages.Message("web.no_page", {"path": request.url.path}), 404
        )
    if not problems:
        return error_response(request, messages.Message("web.invalid_parameter"), 400)
    listed = [parameter_problem(p) for p in problems]
    return error_response(
        request, messages.Message("web.invalid_parameters", {"problems": listed}), 400
    )


async def http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, StarletteHTTPException) else 500
    path = request.url.path
    if status == 404 and html_error(request) and not path.startswith("/static"):
        return error_response(request, messages.Message("web.no_page", {"path": path}), 404)
    if status == 404 and path.startswith("/downloads"):
        said = messages.Message("web.no_download_here")
    elif status == 404 and path.startswith(API_PREFIX):
        said = messages.Message("web.no_api_endpoint", {"path": path})
    elif status == 404:
        said = messages.Message("web.no_page", {"path": path})
    elif status == 405:
        said = messages.Message("web.read_only")
    else:
        detail = exc.detail if isinstance(exc, StarletteHTTPException) else "error"
        said = messages.Message("web.http_error", {"status": str(status), "detail": str(detail)})
    response = error_body(Locale(request_language(request)).message(said), status)
    if status == 405:
        response.headers["Allow"] = "GET, HEAD"
    return response
