"""``compare``: several groups' shares side by side (OIF, AU, EU...)."""

from __future__ import annotations

import duckdb

from pkobs.errors import QueryError
from pkobs.indicators.base import (
    IndicatorResult,
    Meta,
    Params,
    params_dict,
    sources_used,
    validate,
)
from pkobs.indicators.share import share_table
from pkobs.table import Table

NAME = "compare"
NO_BY_MISSION = (
    "the compare indicator has no per-mission breakdown: drop by_mission (--by-mission), or use "
    "share with by_mission for one row per mission"
)
COLUMNS = ["month", "group_id", "category", "group_personnel", "total_personnel", "share"]


def compute(con: duckdb.DuckDBPyConnection, params: Params) -> IndicatorResult:
    if params.by_mission:
        raise QueryError(NO_BY_MISSION)
    params = validate(con, params)
    rows = []
    for group in params.groups:
        for row in share_table(con, params, group).rows:
            rows.append((row[0], group, *row[1:]))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    meta = Meta(
        name=NAME,
        title_fr="Comparaison des groupes : part du personnel en tenue",
        title_en="Groups compared: share of uniformed personnel",
        unit="fraction of personnel (0-1)",
        definition_fr=(
            "L'indicateur « share » calculé pour chaque groupe choisi, avec les mêmes statuts. "
            "Un pays membre de plusieurs groupes compte dans chacun."
        ),
        definition_en=(
            "The share indicator computed for each chosen group, with the same statuses. A "
            "country that belongs to several groups counts in each."
        ),
        params={**params_dict(params), "groups": list(params.groups)},
        sources=sources_used(con, params),
    )
    return IndicatorResult(Table(COLUMNS, rows), meta)
