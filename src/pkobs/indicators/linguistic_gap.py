"""``linguistic-gap``: in missions hosted by a group member, the group's share of the personnel."""

from __future__ import annotations

import duckdb

from pkobs.indicators.base import (
    IndicatorResult,
    Meta,
    Params,
    members_cte,
    params_dict,
    range_filter,
    sources_used,
    validate,
)
from pkobs.indicators.share import mission_split_notes
from pkobs.store.query import run_sql

NAME = "linguistic-gap"


def compute(con: duckdb.DuckDBPyConnection, params: Params) -> IndicatorResult:
    params = validate(con, params)
    mission_filter, values = range_filter(params)
    base = f"""
    WITH members AS ({members_cte(params)}),
    deployed AS (
        SELECT c.month, c.mission, mi.host_iso3, c.total,
               (m.iso3 IS NOT NULL) AS from_member,
               (h.iso3 IS NOT NULL) AS member_host
        FROM contributions c
        JOIN missions mi ON mi.acronym = c.mission
        LEFT JOIN members m ON m.month = c.month AND m.iso3 = c.contributor_iso3
        LEFT JOIN members h ON h.month = c.month AND h.iso3 = mi.host_iso3
        WHERE c.month BETWEEN $first AND $last {mission_filter}
    )"""
    table = run_sql(
        con,
        base
        + """
        SELECT month, mission, host_iso3,
               coalesce(sum(total) FILTER (WHERE from_member), 0)::BIGINT AS group_personnel,
               sum(total)::BIGINT AS total_personnel,
               coalesce(sum(total) FILTER (WHERE from_member), 0) / sum(total) AS share
        FROM deployed WHERE member_host
        GROUP BY ALL HAVING sum(total) > 0
        ORDER BY month, share, mission""",
        values,
    )
    hosted = run_sql(
        con,
        base
        + """
        SELECT month,
               coalesce(sum(total) FILTER (WHERE member_host), 0)::BIGINT AS hosted_personnel,
               sum(total)::BIGINT AS total_personnel,
               coalesce(sum(total) FILTER (WHERE member_host), 0) / sum(total) AS share
        FROM deployed GROUP BY month ORDER BY month""",
        values,
    )
    extras, notes = mission_split_notes(con, params, always=True)
    meta = Meta(
        name=NAME,
        title_fr="Écart linguistique dans les missions déployées dans les pays du groupe",
        title_en="Linguistic gap in missions deployed in the group's countries",
        unit="fraction of the mission's personnel (0-1)",
        definition_fr=(
            "Pour chaque mois et chaque mission dont le pays hôte est membre du groupe ce mois-là "
            "(statuts choisis) : personnel en tenue fourni par les membres du groupe, divisé par "
            "tout le personnel en tenue de la mission. Les missions sont classées de la plus "
            "faible à la plus forte part. Tableau annexe « hosted » : part de tout le personnel "
            "de l'ONU déployé dans des pays hôtes membres du groupe."
        ),
        definition_en=(
            "For each month and each mission whose host country is a group member that month "
            "(chosen statuses): uniformed personnel sent by group members, divided by all the "
            "mission's uniformed personnel. Missions are ranked from the lowest share to the "
            'highest. Extra table "hosted": the part of all UN uniformed personnel deployed in '
            "host countries that are group members."
        ),
        params=params_dict(params),
        sources=sources_used(con, params),
        notes=[
            "Mission acronyms are kept as published (MONUC before July 2010, MONUSCO after).",
            *notes,
        ],
    )
    return IndicatorResult(table, meta, {"hosted": hosted, **extras})
