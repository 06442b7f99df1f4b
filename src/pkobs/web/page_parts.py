"""What the page routers share: the database handle, cached results (indicators and site
reads), group names, missions' acronyms in the page's language, the filter form (its pickers offer
the months with data), the ``share`` chart with its data table (a month without data inside the
period is a row that says so), CSV link and permalink, and the age of the data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, Concatenate, ParamSpec, TypeVar

from pkobs.errors import PkobsError
from pkobs.i18n import Locale
from pkobs.indicators import INDICATORS, IndicatorResult, Params, compute
from pkobs.indicators.base import add_months
from pkobs.render import results
from pkobs.render.cells import human_rows
from pkobs.store import site, span
from pkobs.store.database import Database
from pkobs.table import Column, Table
from pkobs.web.charts import Chart, Series, with_gaps
from pkobs.web.context import WebContext
from pkobs.web.language import Lang, in_language
from pkobs.web.params import MAX_LIMIT, NoDataError, Query, empty_period
from pkobs.web.templating import url_with

__all__ = ["Lang"]  # re-exported: the routers' path parameter type

T = TypeVar("T")
P = ParamSpec("P")


@contextmanager
def database(context: WebContext) -> Iterator[Database]:
    """The request's read-only :class:`Database` on the served file (one cursor)."""
    with context.cursor() as cursor:
        yield Database(cursor, context.database.path, read_only=True)


def site_read(
    context: WebContext,
    name: str,
    read: Callable[Concatenate[Database, P], T],
    *args: P.args,
    **kwargs: P.kwargs,
) -> T:
    """``read(db, *args, **kwargs)`` (a language-free ``pkobs.store.site`` read), cached once per
    data version, whatever the language of the page that asks."""
    named = (f"{k}={v!r}" for k, v in sorted(kwargs.items()))
    key = ("site", context.version(), name, *(repr(a) for a in args), *named)

    def compute() -> T:
        with database(context) as db:
            return read(db, *args, **kwargs)

    return context.cache.get_or_compute(key, compute)


def no_data_in(
    context: WebContext, start: dt.date | None, end: dt.date | None
) -> NoDataError | None:
    """The 404 to answer when the period from ``start`` to ``end`` (either open) holds no month
    with data; ``None`` when some does or nothing was asked (see :func:`empty_period`)."""
    if start is None and end is None:
        return None
    return empty_period(site_read(context, "data_months", span.data_months), start, end)


def data_month_values(context: WebContext) -> frozenset[str]:
    """The months some source covers, as the pickers' ``YYYY-MM`` values."""
    return frozenset(
        f"{month:%Y-%m}" for month in site_read(context, "data_months", span.data_months)
    )


def months_without_data(
    context: WebContext, start: dt.date | None, end: dt.date | None
) -> tuple[dt.date, ...]:
    """The months (month ends, oldest first) from ``start`` to ``end`` (either open: the data's
    first or last month; both clamped to the data's span) that no source covers."""
    months = site_read(context, "data_months", span.data_months)
    if not months:
        return ()
    first, last = max(start or months[0], months[0]), min(end or months[-1], months[-1])
    covered, missing, month = set(months), [], first
    while month <= last:
        if month not in covered:
            missing.append(month)
        month = add_months(month, 1)
    return tuple(missing)


def has_own_span(name: str | None) -> bool:
    """Whether indicator ``name`` reads a registry, which has its own span (not the data's)."""
    indicator = INDICATORS.get(name) if name else None
    return getattr(indicator, "detail", None) == "registry"


def latest(context: WebContext) -> tuple[dt.date, dt.date]:
    first, last = site_read(context, "month_range", site.month_range)
    if first is None or last is None:
        raise PkobsError("web.no_data")
    return first, last


def computed(context: WebContext, name: str, params: Params, locale: Locale) -> IndicatorResult:
    """The indicator ``name`` for ``params``, rendered for ``locale``.

    The language-free result (:func:`pkobs.indicators.compute`) is what stays in the cache until
    the data changes: one entry serves both languages, and only its generated sentences are
    rendered per request (its sentences, and its names of countries and missions).
    """
    key = ("page-indicator", context.version(), name, repr(params))

    def calculate() -> IndicatorResult:
        cube = context.aggregates()  # the data version's aggregates, shared with the API
        with database(context) as db:
            return compute(db, name, params, cube)

    result = results.rendered(context.cache.get_or_compute(key, calculate), locale.lang)
    return IndicatorResult(
        in_language(result.table, locale.lang),
        result.meta,
        {name: in_language(table, locale.lang) for name, table in result.extras.items()},
    )


def share_chart_parts(
    context: WebContext, query: Query, locale: Locale
) -> tuple[IndicatorResult, dict[str, str]]:
    """The ``share`` indicator for ``query``, and the query string that reopens the same view."""
    return computed(context, "share", query.params(), locale), query.as_query_string()


def group_names(context: WebContext, locale: Locale) -> dict[str, str]:
    """Group id -> name in the page's language, for the group selectors and chart labels."""
    groups = in_language(site_read(context, "groups", site.groups), locale.lang)
    return {str(row[0]): str(row[1]) for row in groups.rows}


def mission_short_names(context: WebContext, lang: Lang) -> dict[str, str]:
    """Mission code -> the acronym a reader of ``lang`` knows it by (``UNIFIL`` -> ``FINUL`` in
    French); a code missing here is shown as it is."""
    names = in_language(site_read(context, "mission_short_names", site.mission_short_names), lang)
    return {str(row[0]): str(row[1]) for row in names.rows}


def with_short_names(table: Table, names: Mapping[str, str], code: str = "mission") -> Table:
    """``table`` with ``short_name`` (the acronym of its ``code`` column's mission in the page's
    language, from :func:`mission_short_names`) right after that column; the code stays, for
    links and joins."""
    if code not in table.columns or "short_name" in table.columns:
        return table
    at = table.columns.index(code) + 1
    rows = [(*row[:at], names.get(row[at - 1], row[at - 1]), *row[at:]) for row in table.rows]
    return Table([*table.columns[:at], "short_name", *table.columns[at:]], rows, table.kinds)


def indicator_csv_url(name: str, values: dict[str, str]) -> str:
    """The API address of indicator ``name`` as CSV, for the query string ``values``: one page
    of the API's largest size (the API pages its answers, 1000 rows by default)."""
    values = {**values, "format": "csv", "limit": str(MAX_LIMIT)}
    return url_with(f"/api/v1/indicators/{name}", values)


def series_by(
    rows: list[dict[str, Any]], key: str, value: str, keys: list[str], locale: Locale, prefix: str
) -> list[Series]:
    """One series per value of ``key`` in ``keys``, named by the catalogue entry ``prefix.KEY``."""
    found = []
    for wanted in keys:
        chosen = [r for r in rows if r[key] == wanted]
        name = locale.t(f"{prefix}.{wanted}")
        found.append(
            with_gaps(Series(name, [r["month"] for r in chosen], [r[value] for r in chosen]))
        )
    return found


def share_totals(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of the ``share`` indicator for all personnel categories, where a share exists."""
    return [r for r in records if r["category"] == "all" and r["share"] is not None]


def share_series(name: str, totals: list[dict[str, Any]]) -> Series:
    return with_gaps(Series(name, [r["month"] for r in totals], [r["share"] for r in totals]))


SHARE_FIGURES = ("group_personnel", "total_personnel", "share")


def share_columns(locale: Locale, *between: str) -> list[str]:
    """Data table header of a ``share`` chart: month, ``between``, personnel counts, share."""
    return [
        locale.t("col.month"),
        *between,
        locale.t("col.group_personnel"),
        locale.t("col.total_personnel"),
        locale.t("chart.share"),
    ]


def data_rows(
    records: list[dict[str, Any]], columns: list[str], kinds: Mapping[str, Column], locale: Locale
) -> list[list[str]]:
    """A chart's data table: ``columns`` of ``records``, each cell formatted in ``locale`` by its
    column's declared kind (``kinds``: the declared columns of the table the records come from;
    an undeclared column is text already in the page's language, such as a group's name)."""
    table = Table(columns, [tuple(r.get(c) for c in columns) for r in records], kinds)
    return human_rows(table, locale)


def share_rows(
    records: list[dict[str, Any]],
    kinds: Mapping[str, Column],
    locale: Locale,
    between: str | None = None,
    no_data: Sequence[dt.date] = (),
    between_value: str = "",
) -> list[list[str]]:
    """The data table rows of a ``share`` chart, in the order of :func:`share_columns`
    (``between``: the column shown between the month and the counts), by month: each month of
    ``no_data`` (months no source covers, see :func:`months_without_data`) is one row whose
    figures read "no data" / « pas de données » (``between_value`` in its ``between``
    column), never a zero and never left out."""
    columns = ["month", *([between] if between else []), *SHARE_FIGURES]
    fill = {between: between_value} if between else {}
    return no_data_rows(records, columns, kinds, locale, no_data, fill)


def no_data_rows(
    records: list[dict[str, Any]],
    columns: list[str],
    kinds: Mapping[str, Column],
    locale: Locale,
    no_data: Sequence[dt.date] = (),
    fill: Mapping[str, str] | None = None,
) -> list[list[str]]:
    """A monthly chart's data table (:func:`data_rows`, ``records`` in month order) with one
    row for each month of ``no_data`` (months no source covers, see
    :func:`months_without_data`), in its place: the month, then "no data" / « pas de données »
    in every column (``fill`` gives the text of the columns that are not figures, such as a
    category), never a zero and never left out."""
    missing = set(no_data)
    shown = [r for r in records if r["month"] not in missing]
    cells = data_rows(shown, columns, kinds, locale)
    if not missing:
        return cells
    dated = list(zip((r["month"] for r in shown), cells, strict=True))
    label = locale.t("chart.no_data_cell")
    given = fill or {}
    month_cells = data_rows([{"month": m} for m in no_data], ["month"], kinds, locale)
    dated += [
        (month, [head[0], *[given.get(c, label) for c in columns[1:]]])
        for month, head in zip(no_data, month_cells, strict=True)
    ]
    dated.sort(key=lambda pair: pair[0])  # stable: the rows of one month keep their order
    return [row for _, row in dated]


def share_trend_chart(
    chart_id: str,
    title: str,
    summary: str,
    totals: list[dict[str, Any]],
    kinds: Mapping[str, Column],
    locale: Locale,
    csv_url: str,
    permalink: str,
    no_data: Sequence[dt.date] = (),
) -> Chart:
    """The group's share month by month (``totals``, see :func:`share_totals`; ``kinds``, the
    share indicator's declared columns) as one line, broken at each month without data (the
    data table's rows for ``no_data`` say so)."""
    return Chart(
        chart_id,
        title,
        summary,
        [share_series(locale.t("chart.share"), totals)],
        percent=True,
        csv_url=csv_url,
        permalink=permalink,
        table_columns=share_columns(locale),
        table_rows=share_rows(totals, kinds, locale, no_data=no_data),
    )


def form_context(
    query: Query,
    params: Params,
    first: dt.date,
    last: dt.date,
    group_names: dict[str, str],
    data_months: frozenset[str] | None = None,
) -> dict[str, Any]:
    """The period form's values; ``data_months`` (``YYYY-MM``, see :func:`data_month_values`):
    the only months its pickers offer (``None``: every month of ``first`` to ``last``)."""
    return {
        "from": query.from_ or f"{first:%Y-%m}",
        "to": query.to or f"{last:%Y-%m}",
        "min": f"{first:%Y-%m}",
        "max": f"{last:%Y-%m}",
        "group": params.group,
        "status": ",".join(params.statuses),
        "groups": group_names,
        "kind": ",".join(params.kinds) if params.kinds else "",
        "months": data_months,
    }


OLD_AFTER_MONTHS = 3  # a latest month more than this many months before today's is old


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole calendar months from ``earlier``'s month to ``later``'s (July 2025 to December
    2026: 17)."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def data_age(context: WebContext, today: dt.date) -> tuple[dt.date, int] | None:
    """``(latest month, months before today)`` when the latest month of the data is more than
    :data:`OLD_AFTER_MONTHS` months before ``today``'s month; ``None`` when the data is recent
    (or absent: the page then says so itself)."""
    try:
        _, last = latest(context)
    except PkobsError:
        return None
    age = months_between(last, today)
    return (last, age) if age > OLD_AFTER_MONTHS else None
