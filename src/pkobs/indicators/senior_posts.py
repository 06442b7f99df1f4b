"""``senior-posts``: the share of senior mission posts held by nationals of a group's members.

For each month and post type (head of mission, force commander, police commissioner, and
``all`` three together), a post of a mission counts as *filled* when someone holds it on the
month's last day. When two people cover that day (an acting holder overlapping a titular one),
the post counts once, with the titular holder; an acting holder counts when alone. The post is
*held by the group* when that holder's nationality held one of the chosen statuses in the group
on the same day (the time-aware membership of ``members_cte``). Deputy heads are not counted.

Month range: the ``--from``/``--to`` parameters; by default the months of the ingested
contribution data, so the indicator lines up with the others; with no contribution data, from
the first month in the registry to the current month.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pkobs.errors import QueryError
from pkobs.i18n import t
from pkobs.indicators import base
from pkobs.indicators.base import (
    ALL,
    Connection,
    Indicator,
    IndicatorResult,
    Meta,
    Params,
    data_months,
    month_end,
    validate,
)
from pkobs.messages import Message
from pkobs.store import aggregates, registry_checks
from pkobs.table import Column, Table

NAME = "senior-posts"
POST_TYPES = registry_checks.POST_TYPES
COLUMNS = registry_checks.SHARE_COLUMNS  # the store's share rows, as declared below
COVERAGE_COLUMNS = [
    "post",
    "post_months_expected",
    "post_months_known",
    "completeness",
    "post_months_held_by_group",
    "share",
]
CURRENT_COLUMNS = registry_checks.CURRENT_COLUMNS
REGISTRY_SOURCE = {
    "source": "reference data: senior posts registry",
    "path": "refdata/data/registries/senior_posts.csv",
}


def check_group_and_statuses(con: Connection, params: Params) -> None:
    """The checks of ``validate`` that do not need contribution data."""
    base.check_group_and_statuses(con, params, aggregates.for_connection(con).groups)


def resolve(con: Connection, params: Params) -> Params:
    """Check the parameters and fill the month range (see the module docstring)."""
    if data_months(con):
        return validate(con, params)
    check_group_and_statuses(con, params)
    first_start = registry_checks.first_holder_start(con)
    if first_start is None:
        raise QueryError("indicator.error.registry_empty")
    first = params.from_month or month_end(first_start)
    last = params.to_month or month_end(dt.date.today())
    if first > last:
        raise QueryError(
            "indicator.error.start_after_end", first=f"{first:%Y-%m}", last=f"{last:%Y-%m}"
        )
    if params.mission is not None and not registry_checks.mission_exists(con, params.mission):
        raise QueryError("indicator.error.unknown_mission", mission=params.mission)
    return params.with_months(first, last)


def senior_posts_table(con: Connection, params: Params) -> Table:
    """Rows ``month, post, posts_filled, posts_held_by_group, share, posts_expected,
    completeness``: over the posts the registry expects that month (``posts_expected``), those
    with a known holder (``posts_filled``, the n of the share), those held by the group, the
    share (NULL when no post is filled) and the registry's completeness (filled / expected).
    Months outside the registry's coverage are NULL throughout: no data, never zero."""
    assert params.from_month is not None and params.to_month is not None
    return registry_checks.senior_post_shares(
        con, params.from_month, params.to_month, params.group, params.statuses, params.mission
    )


def coverage_table(table: Table) -> Table:
    """Per post type over the whole period: post × months expected, known (the n of the share)
    and held by the group, the registry's completeness and the pooled share."""
    sums: dict[str, list[int]] = {post: [0, 0, 0] for post in ("all", *POST_TYPES)}
    for record in table.records():
        if record["posts_expected"] is None:
            continue
        totals = sums[str(record["post"])]
        totals[0] += int(record["posts_expected"])
        totals[1] += int(record["posts_filled"])
        totals[2] += int(record["posts_held_by_group"])
    return Table(
        COVERAGE_COLUMNS,
        [
            (
                post,
                expected,
                known,
                known / expected if expected else None,
                held,
                held / known if known else None,
            )
            for post, (expected, known, held) in sums.items()
        ],
    )


def current_holders(con: Connection, params: Params, today: dt.date) -> Table:
    """Holders with no end date, their nationality's name (a :class:`pkobs.messages.Name`: the
    edge shows the reader's), and membership on ``today``."""
    return registry_checks.current_holders(
        con, params.group, params.statuses, today, params.mission
    )


def compute(con: Connection, params: Params) -> IndicatorResult:
    params = resolve(con, params)
    table = senior_posts_table(con, params)
    begin, end = registry_checks.coverage()
    current = current_holders(con, params, dt.date.today())
    meta = Meta(
        name=NAME,
        unit="posts (count); share as a fraction (0-1)",
        definition_fr=t("registries.definition.senior-posts", "fr"),
        definition_en=t("registries.definition.senior-posts", "en"),
        params={
            "group": params.group,
            "status": list(params.statuses),
            "from": f"{params.from_month:%Y-%m}" if params.from_month else None,
            "to": f"{params.to_month:%Y-%m}" if params.to_month else None,
            "mission": params.mission,
        },
        sources=[REGISTRY_SOURCE, *_group_sources(params)],
        notes=[
            Message(
                "registries.note.senior_posts_coverage",
                {"first": f"{begin:%Y-%m}", "last": f"{end:%Y-%m}"},
            ),
            Message("indicator.note.senior_posts_uncertain", {}),
        ],
    )
    return IndicatorResult(table, meta, {"current": current, "coverage": coverage_table(table)})


def _group_sources(params: Params) -> list[dict[str, Any]]:
    if params.group == ALL:
        return []
    return [
        {
            "source": f"reference data: group {params.group}",
            "path": f"refdata/data/groups/{params.group}.csv",
        }
    ]


DECLARED = (
    Column("month", "month"),
    Column("post", "category"),
    Column("posts_filled", "count", "posts"),
    Column("posts_held_by_group", "count", "posts"),
    Column("share", "share", "fraction of the posts with a known holder"),
    Column("posts_expected", "count", "posts"),
    Column("completeness", "share", "fraction of the posts expected"),
)
CURRENT = (
    Column("mission", "code"),
    Column("post", "category"),
    Column("person", "text"),
    Column("nationality_iso3", "code"),
    Column("nationality", "text"),  # a Name: the edge shows the reader's
    Column("start_date", "date"),
    Column("acting", "flag"),
    Column("uncertain", "flag"),
    Column("is_member", "flag"),
    Column("source", "text"),
    Column("nationality_fr", "text"),  # each language's name, as plain text (the CSV and
    Column("nationality_en", "text"),  # JSON give both whatever the language)
)
COVERAGE = (
    Column("post", "category"),
    Column("post_months_expected", "count", "post × months"),
    Column("post_months_known", "count", "post × months"),
    Column("completeness", "share", "fraction of the post × months expected"),
    Column("post_months_held_by_group", "count", "post × months"),
    Column("share", "share", "fraction of the post × months with a known holder"),
)
assert [c.name for c in DECLARED] == COLUMNS
assert [c.name for c in CURRENT] == CURRENT_COLUMNS
assert [c.name for c in COVERAGE] == COVERAGE_COLUMNS
INDICATOR = Indicator(
    name=NAME,
    columns=DECLARED,
    detail="registry",
    query=compute,
    extras={"current": CURRENT, "coverage": COVERAGE},
)

__all__ = [
    "COLUMNS",
    "COVERAGE_COLUMNS",
    "CURRENT_COLUMNS",
    "DECLARED",
    "INDICATOR",
    "NAME",
    "POST_TYPES",
    "compute",
    "coverage_table",
    "senior_posts_table",
]
