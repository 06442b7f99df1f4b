"""``trend``: change of the group's military and police personnel between two months."""

from __future__ import annotations

import duckdb

from pkobs.errors import QueryError
from pkobs.indicators.base import (
    IndicatorResult,
    Meta,
    Params,
    add_months,
    data_months,
    params_dict,
    sources_used,
    validate,
)
from pkobs.indicators.sentences import trend_sentence
from pkobs.indicators.share import share_table
from pkobs.table import Table

NAME = "trend"
NO_BY_MISSION = (
    "the trend indicator has no per-mission breakdown: drop by_mission (--by-mission), or use "
    "share with by_mission for one row per mission"
)
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


def compute(con: duckdb.DuckDBPyConnection, params: Params) -> IndicatorResult:
    """Between ``from`` and ``to`` (or ``window`` months before ``to``; default 12)."""
    if params.by_mission:
        raise QueryError(NO_BY_MISSION)
    explicit_start = params.from_month is not None and params.window is None
    params = validate(con, params)
    assert params.to_month is not None and params.from_month is not None
    end = params.to_month
    start = params.from_month if explicit_start else add_months(end, -(params.window or 12))
    available = set(data_months(con))
    missing = [m for m in (start, end) if m not in available]
    if missing:
        months = sorted(available)
        raise QueryError(
            f"no data for {', '.join(f'{m:%Y-%m}' for m in missing)}; data covers "
            f"{months[0]:%Y-%m} to {months[-1]:%Y-%m}"
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
                trend_sentence(params.group, category, start, end, before, after, params.lang),
            )
        )
    meta = Meta(
        name=NAME,
        title_fr="Évolution du personnel du groupe (militaire et police)",
        title_en="Change in the group's personnel (military and police)",
        unit="personnel; relative change as a fraction",
        definition_fr=(
            "Personnel en tenue fourni par les membres du groupe au mois de fin, moins celui du "
            "mois de début (variation absolue), divisé par celui du mois de début (variation "
            "relative, indéfinie si le début vaut zéro). Par défaut : les 12 mois précédant le "
            "dernier mois disponible."
        ),
        definition_en=(
            "Uniformed personnel sent by group members in the end month minus that of the start "
            "month (absolute change), divided by the start month's (relative change, undefined "
            "when the start is zero). Default: the 12 months before the latest month available."
        ),
        params={**params_dict(params), "from": f"{start:%Y-%m}", "window": params.window},
        sources=sources_used(con, params.with_months(start, end)),
    )
    return IndicatorResult(Table(COLUMNS, table_rows), meta)
