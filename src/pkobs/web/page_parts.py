"""What the page routers share: cached indicator results, group names, the filter form, and the
``share`` chart with its data table, CSV link and permalink.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pkobs.errors import PkobsError
from pkobs.i18n import fmt_int, fmt_month, fmt_share, t
from pkobs.indicators import IndicatorResult, Params, run
from pkobs.settings import Language
from pkobs.web import queries
from pkobs.web.charts import Chart, Series, with_gaps
from pkobs.web.context import WebContext
from pkobs.web.params import Query
from pkobs.web.templating import url_with

Lang = Literal["fr", "en"]


def latest(context: WebContext) -> tuple[dt.date, dt.date]:
    with context.cursor() as cursor:
        first, last = queries.month_range(cursor)
    if first is None or last is None:
        raise PkobsError("no data yet: ingest a file first (pkobs ingest FILE)")
    return first, last


def computed(context: WebContext, name: str, params: Params) -> IndicatorResult:
    """The indicator ``name`` for ``params``, kept in the cache until the data changes."""
    key = ("page-indicator", context.version(), name, repr(params))

    def compute() -> IndicatorResult:
        with context.cursor() as cursor:
            return run(cursor, name, params)

    return context.cache.get_or_compute(key, compute)


def share_chart_parts(
    context: WebContext, query: Query, lang: Language
) -> tuple[IndicatorResult, dict[str, str]]:
    """The ``share`` indicator for ``query``, and the query string that reopens the same view."""
    return computed(context, "share", query.params(lang)), query.as_query_string()


def group_names(context: WebContext, lang: Language) -> dict[str, str]:
    """Group id -> name in ``lang``, for the group selectors and chart labels."""
    with context.cursor() as cursor:
        return dict(queries.groups(cursor, lang).rows)


def indicator_csv_url(name: str, values: dict[str, str]) -> str:
    """The API address of indicator ``name`` as CSV, for the query string ``values``."""
    return url_with(f"/api/v1/indicators/{name}", {**values, "format": "csv"})


def series_by(
    rows: list[dict[str, Any]], key: str, value: str, keys: list[str], lang: Language, prefix: str
) -> list[Series]:
    """One series per value of ``key`` in ``keys``, named by the catalogue entry ``prefix.KEY``."""
    found = []
    for wanted in keys:
        chosen = [r for r in rows if r[key] == wanted]
        name = t(f"{prefix}.{wanted}", lang)
        found.append(
            with_gaps(Series(name, [r["month"] for r in chosen], [r[value] for r in chosen]))
        )
    return found


def share_totals(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of the ``share`` indicator for all personnel categories, where a share exists."""
    return [r for r in records if r["category"] == "all" and r["share"] is not None]


def share_series(name: str, totals: list[dict[str, Any]]) -> Series:
    return with_gaps(Series(name, [r["month"] for r in totals], [r["share"] for r in totals]))


def share_columns(lang: Language, *between: str) -> list[str]:
    """Data table header of a ``share`` chart: month, ``between``, personnel counts, share."""
    return [
        t("col.month", lang),
        *between,
        t("col.group_personnel", lang),
        t("col.total_personnel", lang),
        t("chart.share", lang),
    ]


def share_cells(row: dict[str, Any], lang: Language, *between: str) -> list[str]:
    """One data table row of a ``share`` chart, in the order of :func:`share_columns`."""
    return [
        fmt_month(row["month"], lang),
        *between,
        fmt_int(row["group_personnel"], lang),
        fmt_int(row["total_personnel"], lang),
        fmt_share(row["share"], lang),
    ]


def share_trend_chart(
    chart_id: str,
    title: str,
    summary: str,
    totals: list[dict[str, Any]],
    lang: Language,
    csv_url: str,
    permalink: str,
) -> Chart:
    """The group's share month by month (``totals``, see :func:`share_totals`) as one line."""
    return Chart(
        chart_id,
        title,
        summary,
        [share_series(t("chart.share", lang), totals)],
        percent=True,
        csv_url=csv_url,
        permalink=permalink,
        table_columns=share_columns(lang),
        table_rows=[share_cells(r, lang) for r in totals],
    )


def form_context(
    query: Query, params: Params, first: dt.date, last: dt.date, group_names: dict[str, str]
) -> dict[str, Any]:
    return {
        "from": query.from_ or f"{first:%Y-%m}",
        "to": query.to or f"{last:%Y-%m}",
        "min": f"{first:%Y-%m}",
        "max": f"{last:%Y-%m}",
        "group": params.group,
        "status": ",".join(params.statuses),
        "groups": group_names,
    }
