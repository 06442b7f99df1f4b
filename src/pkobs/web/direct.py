"""The direct route to the API's most asked address: ``GET /api/v1/indicators/{name}``.

A pure ASGI middleware, the innermost one (after the read-only methods, headers, ETags and the
response cache): a request whose query string holds only the common parameters, each once and
well formed (``group``, ``status``, ``from``, ``to``, ``lang``, ``format``, ``limit``,
``offset``), is answered by the endpoint's own work (:func:`pkobs.web.api.indicator_answer`)
without FastAPI's routing and dependency solving, which cost about as much as a page answered
from the aggregates (about 0.5 ms a request on this machine). Anything else goes through FastAPI
as before: another parameter, a repeated or malformed one, a period without data, an error of
any kind. The answer is the same response either way (``tests/web/test_direct.py``).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from pkobs.indicators import INDICATORS, parse_month
from pkobs.settings import Language
from pkobs.web import params as p
from pkobs.web.api import DEFAULT_LIMIT, Format, indicator_answer, paged
from pkobs.web.context import WebContext
from pkobs.web.page_parts import has_own_span, no_data_in

COUNT_PATTERN = r"^(0|[1-9][0-9]{0,8})$"  # a whole number as written canonically
PATTERNS = {
    name: re.compile(pattern)
    for name, pattern in {
        "group": p.GROUP_PATTERN,
        "status": p.STATUS_PATTERN,
        "from": p.MONTH_PATTERN,
        "to": p.MONTH_PATTERN,
        "lang": p.LANG_PATTERN,
        "format": p.FORMAT_PATTERN,
        "limit": COUNT_PATTERN,
        "offset": COUNT_PATTERN,
    }.items()
}


def common_parameters(query_string: bytes) -> dict[str, str] | None:
    """The query string's parameters when each is a common one, given once and well formed (as
    the endpoint's validation would accept it); else ``None``."""
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    asked = dict(pairs)
    if len(asked) != len(pairs):
        return None
    for name, value in asked.items():
        pattern = PATTERNS.get(name)
        if pattern is None or pattern.fullmatch(value) is None:
            return None
    return asked


class DirectIndicators:
    """Answers ``GET {prefix}indicators/{name}`` with the common parameters directly."""

    def __init__(self, app: ASGIApp, context: WebContext, prefix: str) -> None:
        self.app = app
        self.context = context
        self.route = prefix + "indicators/"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            path: str = scope["path"]
            if path.startswith(self.route):
                response = await self.answer(path[len(self.route) :], scope["query_string"])
                if response is not None:
                    await response(scope, receive, send)
                    return
        await self.app(scope, receive, send)

    async def answer(self, name: str, query_string: bytes) -> Response | None:
        """The endpoint's response, or ``None`` to let FastAPI answer (and say what is wrong)."""
        asked = common_parameters(query_string)
        if name not in INDICATORS or asked is None:
            return None
        limit = int(asked.get("limit", DEFAULT_LIMIT))
        offset = int(asked.get("offset", 0))
        if not 1 <= limit <= p.MAX_LIMIT or offset > p.MAX_OFFSET:
            return None
        first, last = asked.get("from"), asked.get("to")
        query = p.Query(asked.get("group"), asked.get("status"), first, last)
        fmt: Format = "csv" if asked.get("format") == "csv" else "json"
        lang: Language = "en" if asked.get("lang") == "en" else "fr"
        try:
            if not has_own_span(name):  # a period without data: FastAPI's route says so
                start = parse_month(first, "from") if first else None
                end = parse_month(last, "to") if last else None
                if no_data_in(self.context, start, end) is not None:
                    return None
            found = await indicator_answer(self.context, name, query, lang, fmt, limit, offset)
        except Exception:  # FastAPI's route asks again and answers the error as it always has
            return None
        return paged(found, fmt, name)


__all__ = ["DirectIndicators", "common_parameters"]
