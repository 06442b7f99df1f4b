"""``trend``: change of the group's military and police personnel between two months."""

from __future__ import annotations

from pkobs.errors import QueryError
from pkobs.indicators.base import (
    Connection,
    Indicator,
    IndicatorResult,
    Meta,
    Params,
    add_months,
    data_months,
    params_dict,
    sources_used,
    validate,
)
from pkobs.indicators.sentences import trend_message
from pkobs.indicators.share import share_table
from pkobs.table import Column, Table

NAME = "trend"
COLUMNS = [
    "category",
    "start_month",
    "end_month",
    "start_personnel",
    "end_personnel",
    "absolute_change",
    "relative_change",
    "sentence",
]
DECLARED = (
    Column("category", "category"),
    Column("start_month", "month"),
    Column("end_month", "month"),
    Column("start_personnel", "count", "personnel"),
    Column("end_personnel", "count", "personnel"),
    Column("absolute_change", "count", "personnel"),
    Column("relative_change", "share", "fraction of the start"),
    Column("sentence", "text"),  # a Message, rendered by the edges
)


def compute(con: Connection, params: Params) -> IndicatorResult:
    """Between ``from`` and ``to`` (or ``window`` months before ``to``; default 12)."""
    if params.by_mission:
        raise QueryError("indicator.error.no_by_mission", name=NAME)
    explicit_start = params.from_month is not None and params.window is None
    params = validate(con, params)
    assert params.to_month is not None and params.from_month is not None
    end = params.to_month
    start = params.from_month if explicit_start else add_months(end, -(params.window or 12))
    months = data_months(con)
    available = set(months)
    missing = [m for m in (start, end) if m not in available]
    if missing:
        raise QueryError(
            "indicator.error.no_data_for",
            missing=", ".join(f"{m:%Y-%m}" for m in missing),
            first=f"{months[0]:%Y-%m}",
            last=f"{months[-1]:%Y-%m}",
        )
    rows = []
    for month in (start, end):
        one = params.with_months(month, month)
        for row in share_table(con, one).rows:
            rows.append((month, row[1], int(row[2] or 0)))
    values = {(m, c): v for m, c, v in rows}
    table_rows = []
    for category in ("military", "police", "all"):
        before, after = values[(start, category)], values[(end, category)]
        table_rows.append(
            (
                category,
                start,
                end,
                before,
                after,
                after - before,
                (after - before) / before if before else None,
                trend_message(params.group, category, start, end, before, after),
            )
        )
    meta = Meta(
        name=NAME,
        unit="personnel; relative change as a fraction",
        params={**params_dict(params), "from": f"{start:%Y-%m}", "window": params.window},
        sources=sources_used(con, params.with_months(start, end)),
    )
    return IndicatorResult(Table(COLUMNS, table_rows), meta)


INDICATOR = Indicator(name=NAME, columns=DECLARED, detail="contributor", query=compute)
