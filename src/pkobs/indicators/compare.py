"""``compare``: several groups' shares side by side (OIF, AU, EU...)."""

from __future__ import annotations

from operator import itemgetter

from pkobs.errors import QueryError
from pkobs.indicators.base import (
    Connection,
    Indicator,
    IndicatorResult,
    Meta,
    Params,
    params_dict,
    sources_used,
    validate,
)
from pkobs.indicators.share import DECLARED as SHARE_COLUMNS
from pkobs.indicators.share import share_table
from pkobs.table import Column, Table

NAME = "compare"
COLUMNS = ["month", "group_id", "category", "group_personnel", "total_personnel", "share"]
DECLARED = (SHARE_COLUMNS[0], Column("group_id", "category"), *SHARE_COLUMNS[1:])


def compute(con: Connection, params: Params) -> IndicatorResult:
    if params.by_mission:
        raise QueryError("indicator.error.no_by_mission", name=NAME)
    params = validate(con, params)
    rows = []
    for order, group in enumerate(params.groups):
        for row in share_table(con, params, group).rows:
            rows.append((row[0], order, group, *row[1:]))
    rows.sort(key=itemgetter(0, 1, 3))  # month, then the groups in the order asked
    rows = [(month, *rest) for month, _, *rest in rows]
    meta = Meta(
        name=NAME,
        unit="fraction of personnel (0-1)",
        params={**params_dict(params), "groups": list(params.groups)},
        sources=sources_used(con, params),
    )
    return IndicatorResult(Table(COLUMNS, rows), meta)


INDICATOR = Indicator(name=NAME, columns=DECLARED, detail="contributor", query=compute)
