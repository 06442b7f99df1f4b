"""``gender``: the female share by personnel category, for the group and for all contributors,
against the yearly targets of the UN Uniformed Gender Parity Strategy 2018-2028.

The share is over the figures whose split is believable: a contributor x mission x type x month
that ``pkobs check-data`` flags as probably printed under the wrong sex (the one rule,
:func:`pkobs.store.checks.implausible_figures`, kind ``sex``) is left out of both the women and
the personnel of known sex, and a note per month says how many and how many personnel. A
month x category whose split is not believable as a whole (August 2020's report misprints the
sex of whole categories: :func:`pkobs.store.checks.implausible_months`) has no share at all,
for the group and for everyone, with a note giving the printed share and its neighbours'."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pkobs.indicators.base import (
    Connection,
    Indicator,
    IndicatorResult,
    Meta,
    Params,
    between,
    needs_mission,
    params_dict,
    sources_used,
    validate,
)
from pkobs.messages import Count, Message, Month, Share
from pkobs.store import aggregates
from pkobs.store.indicators import mission_kinds
from pkobs.store.indicators.gender import sql_gender_table
from pkobs.table import Column, Table

NAME = "gender"
SWAPPED_NOTE = "indicator.note.swapped_sex"  # a month's figures left out of the share
MONTH_NOTE = "indicator.note.implausible_month"  # a month x category without a share
COLUMNS = [
    "month",
    "scope",
    "personnel_category",
    "female",
    "personnel",
    "female_share",
    "target_share",
    "target_2028",
]
DECLARED = (
    Column("month", "month"),
    Column("scope", "category"),
    Column("personnel_category", "category"),
    Column("female", "count", "personnel"),
    Column("personnel", "count", "personnel"),
    Column("female_share", "share", "fraction of personnel whose sex is reported"),
    Column("target_share", "share", "fraction of personnel"),
    Column("target_2028", "share", "fraction of personnel"),
)


def group_sums(
    con: Connection,
    cube: aggregates.Aggregates,
    group: str,
    statuses: tuple[str, ...],
) -> dict[tuple[Any, str], list[int]]:
    """The group's women and personnel of known sex by month x category, without the figures
    printed under the wrong sex (kept per version)."""
    sums = cube.gender_sums(con)
    bits = aggregates.status_bits(statuses)
    return cube.memo(f"gender:{group}:{bits}", lambda: sums.members(group, statuses))


def flagged_figures(con: Connection, cube: aggregates.Aggregates) -> Table:
    """Every figure of the history that looks printed under the wrong sex (kept per version):
    the figures the women's share leaves out."""
    return cube.sex_swaps(con)


def unbelievable(con: Connection, cube: aggregates.Aggregates) -> set[tuple[Any, str]]:
    """The month x category cells of the history without a share (kept per version)."""
    return cube.memo(
        "gender-unbelievable", lambda: {(r[0], r[1]) for r in cube.sex_months(con).rows}
    )


def without_unbelievable(
    rows: list[tuple[Any, ...]], cells: set[tuple[Any, str]]
) -> list[tuple[Any, ...]]:
    """``rows`` (of :data:`COLUMNS`) with no women and no share in the ``cells`` month x
    category: the personnel of known sex stay, as printed."""
    if not cells:
        return rows
    return [
        (r[0], r[1], r[2], None, r[4], None, r[6], r[7]) if (r[0], r[2]) in cells else r
        for r in rows
    ]


def history_rows(
    con: Connection, cube: aggregates.Aggregates, group: str, statuses: tuple[str, ...]
) -> tuple[list[dt.date], list[tuple[Any, ...]]]:
    """Every month's rows of the group and of all contributors, in the table's order (month,
    the group before all, category), with each row's month: kept per version, group and
    statuses, so a range is a slice of them."""

    def build() -> tuple[list[dt.date], list[tuple[Any, ...]]]:
        sums = cube.gender_sums(con)
        members = group_sums(con, cube, group, statuses)
        cells = sorted(
            [(month, 0, category) for (month, category) in members]
            + [(month, 1, category) for (month, category) in sums.everyone]
        )
        rows: list[tuple[Any, ...]] = []
        for month, scope, category in cells:
            female, personnel = (
                members[(month, category)] if scope == 0 else sums.everyone[(month, category)]
            )
            rows.append(
                (
                    month,
                    "group" if scope == 0 else "all",
                    category,
                    female,
                    personnel,
                    female / personnel if personnel else None,
                    sums.targets.get((month.year, category)),
                    sums.targets.get((2028, category)),
                )
            )
        return [row[0] for row in rows], without_unbelievable(rows, unbelievable(con, cube))

    bits = aggregates.status_bits(statuses)
    return cube.memo(f"gender-rows:{group}:{bits}", build)


def cube_table(con: Connection, params: Params) -> Table:
    """The table without a mission split, from the aggregates: the rows of
    :func:`pkobs.store.indicators.gender.sql_gender_table`."""
    cube = aggregates.for_connection(con)
    months, rows = history_rows(con, cube, params.group, params.statuses)
    assert params.from_month is not None and params.to_month is not None
    return Table(COLUMNS, rows[between(months, params.from_month, params.to_month)])


def compute(con: Connection, params: Params) -> IndicatorResult:
    params = validate(con, params)
    mission_level = needs_mission(params)
    if mission_level:
        table = sql_gender_table(con, params)
        cells = unbelievable(con, aggregates.for_connection(con))
        table = Table(table.columns, without_unbelievable(table.rows, cells), table.kinds)
    else:
        table = cube_table(con, params)
    extras, notes = flagged(con, params)
    # by month; within a month, the categories without a share before the contingents left out
    notes = sorted([*month_notes(con, params), *notes], key=lambda n: n.values["month"].value)
    meta = Meta(
        name=NAME,
        unit="fraction of personnel whose sex is reported (0-1)",
        params=params_dict(params),
        sources=[
            *sources_used(con, params),
            {"source": "reference data: gender targets", "path": "refdata/data/gender_targets.csv"},
        ],
        notes=list(notes),
    )
    return IndicatorResult(table, meta, extras)


def flagged(con: Connection, params: Params) -> tuple[dict[str, Table], list[Message]]:
    """The figures of the range left out of the share as probably printed under the wrong sex
    (extra table ``flagged_figures``), and one note per month: how many contingents, how many
    personnel."""
    # the whole history's figures once per data version (the same rows, filtered by month)
    every = flagged_figures(con, aggregates.for_connection(con))
    assert params.from_month is not None and params.to_month is not None
    first, last = params.from_month, params.to_month
    rows = [r for r in every.rows if first <= r[1] <= last]
    if params.mission is not None:
        rows = [r for r in rows if r[3] == params.mission]
    if params.kinds is not None and rows:
        kinds = mission_kinds(con)
        rows = [r for r in rows if kinds.get(r[3]) in params.kinds]
    if not rows:
        return {}, []
    by_month: dict[Any, list[int]] = {}
    for row in rows:
        cell = by_month.setdefault(row[1], [0, 0])
        cell[0] += 1
        cell[1] += int(row[7])
    notes = [
        Message(
            SWAPPED_NOTE,
            {
                "month": Month(month),
                "contingents": Count(contingents, "swapped_contingent"),
                "personnel": Count(personnel, "peacekeeper"),
            },
        )
        for month, (contingents, personnel) in sorted(by_month.items())
    ]
    return {"flagged_figures": Table(every.columns, rows)}, notes


def month_notes(con: Connection, params: Params) -> list[Message]:
    """One note per month x category of the range without a share: the share as printed, and
    the month before's and after's."""
    months = aggregates.for_connection(con).sex_months(con)
    assert params.from_month is not None and params.to_month is not None
    first, last = params.from_month, params.to_month
    return [
        Message(
            MONTH_NOTE,
            {
                "month": Month(r[0]),
                "category": Message(f"value.{r[1]}"),
                "share": Share(r[4]),
                "before": Share(r[5]),
                "after": Share(r[6]),
            },
        )
        for r in months.rows
        if first <= r[0] <= last
    ]


def left_out_notes(result: IndicatorResult, month: dt.date | None = None) -> list[Message]:
    """The notes of a ``gender`` result on the figures left out of the share (the categories
    without a share, the contingents left out: one a month), or only ``month``'s."""
    return [
        note
        for note in result.meta.notes
        if isinstance(note, Message)
        and note.key in (MONTH_NOTE, SWAPPED_NOTE)
        and (month is None or note.values["month"] == Month(month))
    ]


INDICATOR = Indicator(name=NAME, columns=DECLARED, detail="contributor", query=compute)
