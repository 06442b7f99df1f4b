"""``alerts``: month-over-month changes above thresholds, per contributor and per mission."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from itertools import pairwise
from typing import Any

from pkobs.indicators.base import (
    ALL,
    Connection,
    Indicator,
    IndicatorResult,
    Meta,
    Params,
    add_months,
    between,
    members_key,
    mission_kinds,
    month_index,
    needs_mission,
    params_dict,
    source_gaps,
    sources_used,
    unfiltered,
    validate,
)
from pkobs.indicators.sentences import alert_message, percent
from pkobs.messages import LazyValues, Message, Name
from pkobs.store import aggregates
from pkobs.store.indicators.alerts import sql_alerts
from pkobs.table import Column, Table

NAME = "alerts"
COLUMNS = [
    "month",
    "scope",
    "key",
    "name",
    "previous",
    "current",
    "change",
    "relative_change",
    "sentence",
]
RAW_COLUMNS = [c for c in COLUMNS if c not in ("name", "sentence")]
DECLARED = (
    Column("month", "month"),
    Column("scope", "category"),
    Column("key", "code"),
    Column("name", "text"),  # a Name (both languages), shown in the reader's by the edges
    Column("previous", "count", "personnel"),
    Column("current", "count", "personnel"),
    Column("change", "count", "personnel"),
    Column("relative_change", "share", "fraction of the previous month"),
    Column("sentence", "text"),  # a Message, rendered by the edges
)


def compute(con: Connection, params: Params) -> IndicatorResult:
    """A change is an alert when |change| >= min_change AND (|relative| >= min_relative, or the
    previous month was zero). Only consecutive months that both have data are compared.

    Countries and missions are named by :class:`pkobs.messages.Name` values (both languages:
    a mission by its acronym as readers know it, FINUL / UNIFIL), in the table and in the
    sentences; the edges show the reader's."""
    params = validate(con, params)
    if needs_mission(params):
        rows = alert_rows(con, params, sql_table(con, params))
    else:
        rows = history_alerts(con, params, params.from_month, params.to_month)
    # the months' rows are kept by the cube (history_alerts) unless computed alone
    kept = not needs_mission(params) and params.min_change > 0
    meta = Meta(
        name=NAME,
        unit="personnel; relative change as a fraction",
        definition_values={
            "min_change": params.min_change,
            "min_relative": percent(params.min_relative, 0),
        },
        params={
            **params_dict(params),
            "min_change": params.min_change,
            "min_relative": params.min_relative,
        },
        sources=sources_used(con, params),
    )
    return IndicatorResult(Table(COLUMNS, rows), meta, kept_rows=kept)


def sentence_values(
    name: str | Name, scope: str, month: dt.date, before: int, now: int
) -> Mapping[str, Any]:
    """The values of an alert's sentence (:func:`pkobs.indicators.sentences.alert_message`)."""
    return alert_message(name, scope, month, before, now).values


# the key alert_message gives: scope x (from zero, rise, fall)
SENTENCE_KEYS = {
    (scope, direction): f"indicator.sentence.alert.{kind}.{direction}"
    for scope, kind in (("contributor", "contributor"), ("mission", "mission"))
    for direction in ("from_zero", "rise", "fall")
}


def sentence(name: str | Name, scope: str, month: dt.date, before: int, now: int) -> Message:
    """``alert_message(name, scope, month, before, now)``, its values worked out when read (a
    long answer holds tens of thousands of alerts, and only the page an edge shows is rendered;
    the same alert in another group's answer is worded once per language)."""
    direction = "from_zero" if before == 0 else "rise" if now > before else "fall"
    values = LazyValues(sentence_values, name, scope, month, before, now)
    return Message(SENTENCE_KEYS[scope, direction], values)


def alert_rows(con: Connection, params: Params, raw: Table) -> list[tuple[Any, ...]]:
    """The rows of the result: ``raw`` (:func:`cube_alerts` or :func:`sql_table`) once the
    source gaps are left out, with the names and the sentences."""
    raw = without_source_gaps(con, raw, params)
    cube = aggregates.for_connection(con)
    names = {"contributor": cube.country_labels(con), "mission": cube.mission_labels(con)}
    rows = []
    for month, scope, key, previous, current, *rest in raw.rows:
        name = names[scope].get(key)
        said = sentence(name or key, scope, month, int(previous), int(current))
        rows.append((month, scope, key, name, previous, current, *rest, said))
    return rows


HISTORIES = 32  # group x statuses x threshold pairs whose alerts a cube keeps
EVERYONE = 8  # threshold pairs whose alerts of every contributor (group all) it keeps apart


def history_alerts(
    con: Connection, params: Params, first: dt.date | None, last: dt.date | None
) -> list[tuple[Any, ...]]:
    """The alerts from ``first`` to ``last`` without a mission split, from the alerts of each
    month, kept per data version, group, statuses and thresholds once a range has asked for
    them (a range computes only the months no range asked for before).

    A month's alerts are the same in every range that holds it: an alert compares the month
    with the month before, whatever the range, and a key with nobody in either month is never
    an alert when the threshold is positive (with a threshold of zero or less, the range is
    computed alone). When every contributor's alerts of the missing months are kept (group
    ``all``, the same thresholds: the server works out the whole history once per version), a
    group's are taken from them (:func:`members_alerts`).
    """
    assert first is not None and last is not None
    if params.min_change <= 0:
        return alert_rows(con, params, cube_alerts(con, params))
    cube = unfiltered(aggregates.for_connection(con))
    thresholds = f"{params.min_change!r}:{params.min_relative!r}"
    # every contributor's alerts are kept apart: the groups' are taken from them
    everyone = cube.months_if_kept("alerts:everyone", thresholds)
    if params.group == ALL:
        by_month = cube.months_kept("alerts:everyone", thresholds, EVERYONE)
    else:
        key = f"{members_key(params)}:{thresholds}"
        by_month = cube.months_kept("alerts:months", key, HISTORIES)
    months = cube.months[between(cube.months, first, last)]
    missing = [m for m in months if m not in by_month]
    if missing:
        if everyone is not by_month and everyone and all(m in everyone for m in missing):
            computed = members_alerts(con, params, missing, everyone)
        else:
            computed = {m: [] for m in missing}
            run = params.with_months(missing[0], missing[-1])
            for row in alert_rows(con, run, cube_alerts(con, run)):
                computed.setdefault(row[0], []).append(row)
        by_month.update(computed)  # the same rows whichever thread stores them
    return [row for month in months for row in by_month[month]]


def members_alerts(
    con: Connection,
    params: Params,
    months: list[dt.date],
    everyone: Mapping[dt.date, list[tuple[Any, ...]]],
) -> dict[dt.date, list[tuple[Any, ...]]]:
    """The group's alerts of ``months`` (of the cube's), from ``everyone``'s: the alerts of
    every contributor by month, with the same thresholds (:func:`history_alerts` of ``all``).

    A mission's alerts are the same whatever the group. A contributor that is a member in the
    month and in the month before has the same alert in the group as among all contributors,
    source gaps included (a gap counts for a member of both months). Only the members that
    joined or left in the month are compared again, their month out of the group counted as
    nobody, as :func:`cube_alerts` counts it. The rows, in the order :func:`cube_alerts` gives.
    """
    cube = unfiltered(aggregates.for_connection(con))
    members = cube.members(con, params.group, params.statuses)
    sums = cube.contributor_sums(con)
    at = {month: index for index, month in enumerate(cube.months)}
    nobody: frozenset[str] = frozenset()
    found: dict[dt.date, list[tuple[Any, ...]]] = {}
    moved: list[tuple[Any, ...]] = []  # raw rows of members that joined or left
    for month in months:
        before_month = add_months(month, -1)
        now, before = members.get(month, nobody), members.get(before_month, nobody)
        both = now & before
        found[month] = [row for row in everyone[month] if row[1] == "mission" or row[2] in both]
        index = at[month]
        if not index or cube.months[index - 1] != before_month:
            continue  # no month before with data: no contributor's alert
        changed = now ^ before
        if not changed:
            continue
        sent_now = {r[0]: r[3] for r in sums.get(month, ()) if r[0] in changed}
        sent_before = {r[0]: r[3] for r in sums.get(before_month, ()) if r[0] in changed}
        for iso3 in sorted(changed):
            previous = sent_before.get(iso3, 0) if iso3 in before else 0
            current = sent_now.get(iso3, 0) if iso3 in now else 0
            row = alert(month, "contributor", iso3, previous, current, params)
            if row is not None:
                moved.append(row)
    if moved:
        for row in alert_rows(con, params, Table(RAW_COLUMNS, moved)):
            found[row[0]].append(row)
        for month in {row[0] for row in moved}:
            found[month].sort(key=lambda r: (-abs(r[6]), r[2]))
    return found


def alert(
    month: dt.date, scope: str, key: str, previous: int, current: int, params: Params
) -> tuple[Any, ...] | None:
    """The raw alert row of ``key``'s change from ``previous`` to ``current`` in ``month``, or
    None below the thresholds: |change| >= min_change and (|relative| >= min_relative, or
    nobody the month before)."""
    change = current - previous
    if abs(change) < params.min_change:
        return None
    if previous != 0 and abs(change) / previous < params.min_relative:
        return None
    relative = change / previous if previous > 0 else None
    return (month, scope, key, previous, current, change, relative)


def sql_table(con: Connection, params: Params) -> Table:
    """The alerts straight from the contract views (:mod:`pkobs.store.indicators.alerts`),
    before the source gaps are left out: the rows of :func:`cube_alerts`."""
    assert params.from_month is not None
    lookback = add_months(params.from_month, -1)
    return sql_alerts(con, params, lookback, params.min_change, params.min_relative)


def without_source_gaps(con: Connection, alerts: Table, params: Params) -> Table:
    """The alerts once the probable source gaps are left out (:mod:`pkobs.store.gaps`).

    A contributor x mission cell missing for one month between two present months of comparable
    size (:func:`pkobs.store.gaps.comparable`) is a hole in the source, not a withdrawal and a
    return: for the two comparisons that touch the hole
    (month before -> hole, hole -> month after), the cell is left out of both months, and the
    alert stays only if the change without it still passes the thresholds.
    """
    gaps = source_gaps(con)
    if not gaps or not alerts.rows:
        return alerts
    cube = aggregates.for_connection(con)
    members = cube.members(con, params.group, params.statuses)
    if params.mission is None and params.kinds is None:  # the usual question: indexed once
        holes = cube.memo("alerts:gaps", lambda: _by_month(_gap_index(gaps, None, None, {})))
    else:
        kinds = mission_kinds(con) if params.kinds is not None else {}
        holes = _by_month(_gap_index(gaps, params.mission, params.kinds, kinds))
    if not holes[0]:
        return alerts
    at_hole, after_hole = holes
    mission_months = unfiltered(cube).mission_months
    nobody: frozenset[str] = frozenset()
    none: dict[str, int] = {}
    months_before: dict[dt.date, dt.date] = {}
    rows: list[tuple[Any, ...]] = []
    changed = False
    for row in alerts.rows:
        month, scope, key, previous, current = row[:5]
        before_month = months_before.get(month)
        if before_month is None:
            before_month = months_before[month] = add_months(month, -1)
        # a hole this month (the cell was there the month before), a hole the month before
        # (the cell is back this month): most months x scopes have neither
        now_holes = at_hole.get((scope, month), none)
        before_holes = after_hole.get((scope, before_month), none)
        if key not in now_holes and key not in before_holes:
            rows.append(row)
            continue
        if month not in mission_months or before_month not in mission_months:
            rows.append(row)
            continue
        if scope == "mission":
            hole_now = now_holes.get(key, 0)
            hole_before = before_holes.get(key, 0)
        else:
            hole_now = now_holes.get(key, 0) if key in members.get(before_month, nobody) else 0
            hole_before = before_holes.get(key, 0) if key in members.get(month, nobody) else 0
        if not hole_now and not hole_before:
            rows.append(row)
            continue
        changed = True
        kept = alert(
            month, scope, key, int(previous) - hole_now, int(current) - hole_before, params
        )
        if kept is not None:
            rows.append(kept)
    if not changed:  # rows left out or kept as they were: still in the order they came in
        return Table(alerts.columns, rows)
    rows.sort(key=lambda r: (r[0], -abs(r[5]), r[2]))
    return Table(alerts.columns, rows)


MonthHoles = dict[tuple[str, dt.date], dict[str, int]]  # (scope, month) -> key -> personnel


def _by_month(
    holes: tuple[dict[GapKey, int], dict[GapKey, int]],
) -> tuple[MonthHoles, MonthHoles]:
    """:func:`_gap_index` by scope x month, then key (a row finds its month's holes at once)."""
    found: tuple[MonthHoles, MonthHoles] = ({}, {})
    for flat, nested in zip(holes, found, strict=True):
        for (scope, month, key), personnel in flat.items():
            nested.setdefault((scope, month), {})[key] = personnel
    return found


GapKey = tuple[str, dt.date, str]  # scope, month of the hole, contributor or mission


def _gap_index(
    gaps: list[tuple[Any, ...]],
    mission: str | None,
    kinds: tuple[str, ...] | None,
    kind_of: dict[str, str],
) -> tuple[dict[GapKey, int], dict[GapKey, int]]:
    """The probable source gaps summed by scope x month x key: the personnel the cell had the
    month before the hole, and the personnel it has again the month after."""
    at_hole: dict[GapKey, int] = {}
    after_hole: dict[GapKey, int] = {}
    for month, iso3, gap_mission, before, after in gaps:
        if mission is not None and gap_mission != mission:
            continue
        if kinds is not None and kind_of.get(gap_mission) not in kinds:
            continue
        for key in (("contributor", month, iso3), ("mission", month, gap_mission)):
            at_hole[key] = at_hole.get(key, 0) + int(before)
            after_hole[key] = after_hole.get(key, 0) + int(after)
    return at_hole, after_hole


def cube_alerts(con: Connection, params: Params) -> Table:
    """:func:`sql_table` without a mission split, from the aggregates (the same rows)."""
    cube = aggregates.for_connection(con)
    assert params.from_month is not None and params.to_month is not None
    first, last = params.from_month, params.to_month
    lookback = add_months(first, -1)
    missions = cube.missions_by_month(con)
    members = cube.members(con, params.group, params.statuses)
    contributor_sums = cube.contributor_sums(con)
    series: dict[str, dict[dt.date, dict[str, int]]] = {"contributor": {}, "mission": {}}
    for month in cube.months:
        if not lookback <= month <= last:
            continue
        month_members = members.get(month, frozenset())
        sent = {r[0]: r[3] for r in contributor_sums.get(month, ()) if r[0] in month_members}
        if sent:
            series["contributor"][month] = sent
        deployed = dict(missions.by_month.get(month, ()))
        if deployed:
            series["mission"][month] = deployed
    covered = {"contributor": list(cube.months), "mission": sorted(cube.mission_months)}
    rows: list[tuple[Any, ...]] = []
    for scope in ("contributor", "mission"):
        by_month = series[scope]
        everyone = params.min_change <= 0
        keys = sorted({key for sums in by_month.values() for key in sums}) if everyone else []
        months = covered[scope]
        for previous_month, month in pairwise(months):
            if not first <= month <= last:
                continue
            if month_index(month) - month_index(previous_month) != 1:
                continue
            before_sums = by_month.get(previous_month, {})
            now_sums = by_month.get(month, {})
            # with a positive threshold a key with nobody in either month is never an alert:
            # only the keys of the two months are compared
            for key in keys if everyone else before_sums.keys() | now_sums.keys():
                row = alert(
                    month, scope, key, before_sums.get(key, 0), now_sums.get(key, 0), params
                )
                if row is not None:
                    rows.append(row)
    rows.sort(key=lambda r: (r[0], -abs(r[5]), r[2]))
    return Table(RAW_COLUMNS, rows)


INDICATOR = Indicator(name=NAME, columns=DECLARED, detail="mission", query=compute)
