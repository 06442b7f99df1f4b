"""``share``: the group's share of UN uniformed personnel, by month and category."""

from __future__ import annotations

from pkobs.indicators.base import (
    ALL,
    Connection,
    Indicator,
    IndicatorResult,
    Meta,
    Params,
    add_months,
    month_end,
    month_index,
    month_runs,
    months_without_mission_split,
    needs_mission,
    params_dict,
    sources_used,
    validate,
)
from pkobs.messages import Message
from pkobs.store import aggregates
from pkobs.store.indicators.share import sql_share_table
from pkobs.table import Column, Table

NAME = "share"
COLUMNS = ["month", "category", "group_personnel", "total_personnel", "share"]
DECLARED = (
    Column("month", "month"),
    Column("category", "category"),
    Column("group_personnel", "count", "personnel"),
    Column("total_personnel", "count", "personnel"),
    Column("share", "share", "fraction of personnel"),
)
BY_MISSION = (DECLARED[0], Column("mission", "code"), *DECLARED[1:])
MONTHS_WITHOUT_MISSION_SPLIT = (Column("month", "month"), Column("detail", "text"))


def share_table(con: Connection, params: Params, group: str | None = None) -> Table:
    """Rows ``month, [mission,] category, group_personnel, total_personnel, share``.

    Months of the range without data are rows with NULL counts ("no data", never zero).
    Without a mission split, the answer comes from the per-version aggregates (no query);
    with one, from :func:`pkobs.store.indicators.share.sql_share_table`.
    """
    if not needs_mission(params):
        return cube_share_table(aggregates.for_connection(con), params, group)
    return sql_share_table(con, params, group)


def cube_share_table(cube: aggregates.Aggregates, params: Params, group: str | None) -> Table:
    """:func:`share_table` without a mission split, from the aggregates: the same rows (the
    months of the cube's span sliced from :func:`history_rows`)."""
    assert params.from_month is not None and params.to_month is not None
    group_id = group or params.group
    first, last = params.from_month, params.to_month
    rows: list[tuple[object, ...]] = []
    month, end = month_end(first), month_end(last)
    span = (cube.months[0], cube.months[-1]) if cube.months else None
    while month <= end:
        if span is not None and span[0] <= month <= span[1] and month <= last:
            stop = min(end, span[1])
            if stop > last:  # ``last`` inside its month: that month is not covered
                stop = add_months(stop, -1)
            history = history_rows(cube, group_id, params.statuses)
            width = len(aggregates.CATEGORIES)  # rows a month
            start = width * (month_index(month) - month_index(span[0]))
            rows += history[start : start + width * (month_index(stop) - month_index(month) + 1)]
            month = add_months(stop, 1)
            continue
        rows += [(month, category, None, None, None) for category in aggregates.CATEGORIES]
        month = add_months(month, 1)
    return Table(COLUMNS, rows)


def history_rows(
    cube: aggregates.Aggregates, group_id: str, statuses: tuple[str, ...]
) -> list[tuple[object, ...]]:
    """The rows of every calendar month from the cube's first month to its last, one per
    category (NULL counts in a month without data): kept per version, group and statuses."""
    bits = 7 if group_id == ALL else aggregates.status_bits(statuses)

    def build() -> list[tuple[object, ...]]:
        sums = None if group_id == ALL else cube.group_personnel(group_id, statuses)
        totals = cube.month_totals
        rows: list[tuple[object, ...]] = []
        month, end = cube.months[0], cube.months[-1]
        while month <= end:
            covered = month in cube.month_set
            for category in aggregates.CATEGORIES:
                total = totals.get((month, category)) if covered else None
                if total is None:
                    rows.append((month, category, None, None, None))
                    continue
                members = total if sums is None else sums.get((month, category), 0)
                rows.append((month, category, members, total, members / total if total else None))
            month = add_months(month, 1)
        return rows

    return cube.memo(f"share-rows:{group_id}:{bits}", build)


def compute(con: Connection, params: Params) -> IndicatorResult:
    params = validate(con, params)
    table = share_table(con, params)
    extras, notes = mission_split_notes(con, params)
    meta = Meta(
        name=NAME,
        unit="fraction of personnel (0-1)",
        params=params_dict(params),
        sources=sources_used(con, params),
        notes=list(notes),
    )
    return IndicatorResult(table, meta, extras)


def mission_split_notes(
    con: Connection, params: Params, always: bool = False
) -> tuple[dict[str, Table], list[Message]]:
    """For a query that needs a mission split: the months of the range without one, as an extra
    table ``months_without_mission_split`` and a note (never zeros, never another level)."""
    if not (always or needs_mission(params)):
        return {}, []
    missing = months_without_mission_split(con, params)
    if not missing.rows:
        return {}, []
    note = Message(
        "indicator.note.no_mission_split", {"months": month_runs([r[0] for r in missing.rows])}
    )
    return {"months_without_mission_split": missing}, [note]


INDICATOR = Indicator(
    name=NAME,
    columns=DECLARED,
    detail="contributor",
    query=compute,
    extras={"months_without_mission_split": MONTHS_WITHOUT_MISSION_SPLIT},
    by_mission_columns=BY_MISSION,
)

__all__ = ["COLUMNS", "INDICATOR", "NAME", "compute", "mission_split_notes", "share_table"]
