"""``drivers``: what moved the group's personnel and share between two months, by mission and by
contributor.

Between the start month A (``--from``; default 12 months before ``--to``) and the end month B
(``--to``; default the latest month), with g the group's personnel and t all personnel, the
share moves from S0 = G_A / T_A to S1 = G_B / T_B, and

    S1 - S0 = sum over m of (dg_m - S0 * dt_m) / T_B

exactly, for missions m as for contributors m (a contributor's g is its personnel when it was a
member that month, else 0): ``share_points`` is each row's term, so the mission rows (and the
contributor rows) add up to the change of the share, and their ``group_change`` to the change of
the group's personnel.

Mission rows need a mission split at both months (else a note names the month: never zeros);
contributor rows work back to 1990. A contributor x mission cell that is a probable source gap
(:mod:`pkobs.store.gaps`) at either month is left out at both months and listed in the extra
table ``probable_source_gaps``. With mission kinds (``--kind pko``) only those missions count.

:func:`drivers_headline` turns a result into the overview's and the bulletin's sentence. It never
names a special political mission, a support mission or a mission of fewer than
:data:`MIN_PERSONNEL` uniformed personnel at both months as the cause (the Francophonie page's
rule: those are shown apart, never at the top of a ranking): the table still lists them, each
mission row with its ``kind``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import partial
from typing import Any

from pkobs.errors import QueryError
from pkobs.indicators.base import (
    Connection,
    Indicator,
    IndicatorResult,
    Meta,
    Params,
    add_months,
    gaps_by_month,
    mission_kinds,
    params_dict,
    sources_used,
    unfiltered,
    validate,
)
from pkobs.indicators.sentences import percent
from pkobs.messages import Count, Message, Month, Name
from pkobs.store import aggregates
from pkobs.store.gaps import COLUMNS as GAP_COLUMNS
from pkobs.store.indicators import drivers as reads
from pkobs.table import Column, Table

NAME = "drivers"
COLUMNS = [
    "dimension",
    "key",
    "name_fr",
    "name_en",
    "group_before",
    "group_after",
    "group_change",
    "total_before",
    "total_after",
    "total_change",
    "share_points",
    "kind",
]
DECLARED = (
    Column("dimension", "category"),
    Column("key", "code"),
    Column("name_fr", "text"),
    Column("name_en", "text"),
    Column("group_before", "count", "personnel"),
    Column("group_after", "count", "personnel"),
    Column("group_change", "count", "personnel"),
    Column("total_before", "count", "personnel"),
    Column("total_after", "count", "personnel"),
    Column("total_change", "count", "personnel"),
    Column("share_points", "points", "contribution to the change of the share (fraction)"),
    Column("kind", "category"),  # a mission row's kind (pko, spm, support); None for contributors
)
SUMMARY_COLUMNS = [
    "month_before",
    "month_after",
    "group_before",
    "group_after",
    "total_before",
    "total_after",
    "share_before",
    "share_after",
    "share_change",
    "gaps_in_figures",
]
SUMMARY = (
    Column("month_before", "month"),
    Column("month_after", "month"),
    Column("group_before", "count", "personnel"),
    Column("group_after", "count", "personnel"),
    Column("total_before", "count", "personnel"),
    Column("total_after", "count", "personnel"),
    Column("share_before", "share", "fraction of personnel"),
    Column("share_after", "share", "fraction of personnel"),
    Column("share_change", "points", "change of the share (fraction)"),
    # probable source gaps with personnel of the group at one of the two months: the group's
    # figures above leave it out, so they differ from the months' own totals (0: they do not)
    Column("gaps_in_figures", "count", "contributor x mission cells"),
)
EXTRAS = {
    "summary": SUMMARY,
    "mission_hosts": (
        Column("key", "code"),
        Column("host_iso3", "code"),
        Column("host_fr", "text"),
        Column("host_en", "text"),
        Column("first_month", "month"),
        Column("kind", "category"),
    ),
    "probable_source_gaps": GAP_COLUMNS,
    "months_without_mission_split": (Column("month", "month"), Column("detail", "text")),
    "membership_changes": (
        Column("key", "code"),
        Column("name_fr", "text"),
        Column("name_en", "text"),
        Column("membership", "category"),  # left: counted at the start only; joined: at the end
        Column("group_before", "count", "personnel"),
        Column("group_after", "count", "personnel"),
    ),
}
MEMBERSHIP_COLUMNS = [c.name for c in EXTRAS["membership_changes"]]

# One month's contributor x mission cells with the mission's kind.
Cell = tuple[str, str]  # (contributor iso3, mission)
Sums = dict[str, tuple[int, int]]  # key -> (group personnel, all personnel)


def _missions(
    con: Connection,
) -> dict[str, tuple[str, str, str, dt.date | None, str, str | None]]:
    """acronym -> (acronym, French acronym, host iso3, start date, kind, predecessor)."""
    cube = aggregates.for_connection(con)
    return cube.memo(
        "drivers_missions",
        lambda: reads.mission_records(con),
    )


def _cells(
    con: Connection, before: dt.date, after: dt.date
) -> dict[dt.date, dict[Cell, tuple[int, str]]]:
    """Each month's contributor x mission cells (personnel, mission kind), read once per month
    and data version."""
    cube = unfiltered(aggregates.for_connection(con))

    return {
        m: cube.memo(f"drivers_cells:{m:%Y-%m}", partial(reads.month_cells, con, m))
        for m in (before, after)
    }


def _split_sums(
    cells: dict[Cell, tuple[int, str]],
    members: frozenset[str],
    left_out: set[Cell],
    kinds: tuple[str, ...] | None,
) -> tuple[Sums, Sums]:
    """(by mission, by contributor) sums of one month's cells."""
    by_mission: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_contributor: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (iso3, mission), (total, kind) in cells.items():
        if (iso3, mission) in left_out or (kinds is not None and kind not in kinds):
            continue
        member = total if iso3 in members else 0
        for sums, key in ((by_mission, mission), (by_contributor, iso3)):
            sums[key][0] += member
            sums[key][1] += total
    return (
        {k: (v[0], v[1]) for k, v in by_mission.items()},
        {k: (v[0], v[1]) for k, v in by_contributor.items()},
    )


def _follow_successors(
    before: Sums, after: Sums, missions: dict[str, tuple[Any, ...]]
) -> tuple[tuple[Sums, Sums], dict[str, str]]:
    """A mission that took over from another in the same host country between the two months
    (MONUC became MONUSCO in July 2010) is one row, under the successor's acronym: not a
    collapse of the one and a rise of the other. Returns the sums and successor -> predecessor.
    """
    before = dict(before)
    renamed: dict[str, str] = {}
    changed = True
    while changed:
        changed = False
        for successor, row in missions.items():
            predecessor = row[5]
            if (
                predecessor
                and predecessor in before
                and predecessor not in after
                and successor in after
                and successor not in before
                and missions.get(predecessor, row)[2] == row[2]  # the same host
            ):
                before[successor] = before.pop(predecessor)
                renamed[successor] = renamed.pop(predecessor, predecessor)
                changed = True
    return (before, after), renamed


def _contributor_sums(con: Connection, month: dt.date, members: frozenset[str]) -> Sums:
    """Contributor sums of a month from its most detailed source (back to 1990)."""
    sums = aggregates.for_connection(con).contributor_sums(con).get(month, ())
    return {iso3: (total if iso3 in members else 0, total) for iso3, _, _, total in sums}


def _totals(sums: Sums) -> tuple[int, int]:
    return sum(v[0] for v in sums.values()), sum(v[1] for v in sums.values())


def _rows(
    dimension: str,
    before: Sums,
    after: Sums,
    start_share: float,
    end_total: int,
    names: dict[str, tuple[str, str]],
    kinds: dict[str, str] | None = None,
) -> list[tuple[Any, ...]]:
    """One row per key; a mission row carries its kind (``None`` for contributors)."""
    rows = []
    for key in sorted(before.keys() | after.keys()):
        g0, t0 = before.get(key, (0, 0))
        g1, t1 = after.get(key, (0, 0))
        points = ((g1 - g0) - start_share * (t1 - t0)) / end_total if end_total else None
        name_fr, name_en = names.get(key, (key, key))
        kind = (kinds.get(key) or None) if kinds is not None else None
        rows.append(
            (dimension, key, name_fr, name_en, g0, g1, g1 - g0, t0, t1, t1 - t0, points, kind)
        )
    rows.sort(key=lambda r: (-abs(r[6]), -abs(r[10] or 0), r[1]))
    return rows


def compute(con: Connection, params: Params) -> IndicatorResult:
    if params.by_mission:
        raise QueryError("indicator.error.no_by_mission", name=NAME)
    if params.mission is not None:
        raise QueryError("drivers.error.no_mission")
    explicit_start = params.from_month is not None
    params = validate(con, params)
    assert params.to_month is not None and params.from_month is not None
    end = params.to_month
    start = params.from_month if explicit_start else add_months(end, -12)
    if start >= end:
        raise QueryError("drivers.error.order", first=f"{start:%Y-%m}", last=f"{end:%Y-%m}")
    cube = unfiltered(aggregates.for_connection(con))
    missing = [m for m in (start, end) if m not in cube.month_set]
    if missing:
        inside = all(cube.months[0] < m < cube.months[-1] for m in missing)
        raise QueryError(
            # a month without any source inside the data's span is a hole, not the data's edge
            "drivers.error.month_without_source" if inside else "indicator.error.no_data_for",
            missing=", ".join(f"{m:%Y-%m}" for m in missing),
            first=f"{cube.months[0]:%Y-%m}",
            last=f"{cube.months[-1]:%Y-%m}",
        )
    without_split = [m for m in (start, end) if m not in cube.mission_months]
    if without_split and params.kinds is not None:
        raise QueryError(
            "drivers.error.kind_needs_mission_split",
            months=", ".join(f"{m:%Y-%m}" for m in without_split),
        )
    members = cube.members(con, params.group, params.statuses)
    start_members = members.get(start, frozenset())
    end_members = members.get(end, frozenset())
    kinds = mission_kinds(con)
    by_month = gaps_by_month(con)
    gaps = [
        g
        for g in (*by_month.get(start, ()), *by_month.get(end, ()))
        if params.kinds is None or kinds.get(g[2]) in params.kinds
    ]
    notes: list[Message] = []
    extras: dict[str, Table] = {}
    mission_sums: tuple[Sums, Sums] | None = None
    in_figures = 0
    if not without_split:
        cells = _cells(con, start, end)
        left_out = {(g[1], g[2]) for g in gaps}
        in_figures = sum(
            1
            for cell in left_out
            if (cell in cells[start] and cell[0] in start_members)
            or (cell in cells[end] and cell[0] in end_members)
        )
        mission_before, contributor_before = _split_sums(
            cells[start], start_members, left_out, params.kinds
        )
        mission_after, contributor_after = _split_sums(
            cells[end], end_members, left_out, params.kinds
        )
        mission_sums = (mission_before, mission_after)
        mission_sums, renamed = _follow_successors(*mission_sums, _missions(con))
    else:
        contributor_before = _contributor_sums(con, start, start_members)
        contributor_after = _contributor_sums(con, end, end_members)
        extras["months_without_mission_split"] = Table(
            ["month", "detail"], [(m, cube.details[m]) for m in without_split]
        )
        notes.append(
            Message("drivers.note.no_mission_split", {"months": [Month(m) for m in without_split]})
        )
        if gaps:
            notes.append(Message("drivers.note.gaps_kept", {"count": len(gaps)}))
    g0, t0 = _totals(contributor_before)
    g1, t1 = _totals(contributor_after)
    s0 = g0 / t0 if t0 else 0.0
    s1 = g1 / t1 if t1 else 0.0
    names = _names(con)
    if mission_sums is not None:
        for successor, predecessor in renamed.items():
            before_fr, before_en = names["mission"].get(predecessor, (predecessor, predecessor))
            after_fr, after_en = names["mission"].get(successor, (successor, successor))
            names["mission"][successor] = (f"{before_fr} → {after_fr}", f"{before_en} → {after_en}")
    rows: list[tuple[Any, ...]] = []
    if mission_sums is not None:
        rows += _rows("mission", *mission_sums, s0, t1, names["mission"], kinds)
    rows += _rows(
        "contributor", contributor_before, contributor_after, s0, t1, names["contributor"]
    )
    if mission_sums is not None:
        extras["mission_hosts"] = _mission_table(con, {r[1] for r in rows if r[0] == "mission"})
    extras["summary"] = Table(
        SUMMARY_COLUMNS, [(start, end, g0, g1, t0, t1, s0, s1, s1 - s0, in_figures)]
    )
    extras["membership_changes"] = _membership_changes(
        (start_members, end_members), (contributor_before, contributor_after), names
    )
    extras["probable_source_gaps"] = Table([c.name for c in GAP_COLUMNS], gaps)
    if gaps and not without_split:
        notes.append(Message("drivers.note.gaps_left_out", {"count": len(gaps)}))
    meta = Meta(
        name=NAME,
        unit="personnel; share points as a fraction",
        params={**params_dict(params), "from": f"{start:%Y-%m}"},
        sources=sources_used(con, params.with_months(start, end)),
        notes=list(notes),
    )
    return IndicatorResult(Table(COLUMNS, rows), meta, extras)


def _membership_changes(
    members: tuple[frozenset[str], frozenset[str]],
    sums: tuple[Sums, Sums],
    names: dict[str, dict[str, tuple[str, str]]],
) -> Table:
    """The contributors counted in the group at one of the two months only (they left it or
    changed status, or joined it), with the group personnel they count for: part of the
    group's change is theirs whatever their deployments did. Largest first."""
    rows = []
    for iso3 in members[0] - members[1]:
        if sums[0].get(iso3, (0, 0))[0]:
            rows.append((iso3, "left", sums[0][iso3][0], 0))
    for iso3 in members[1] - members[0]:
        if sums[1].get(iso3, (0, 0))[0]:
            rows.append((iso3, "joined", 0, sums[1][iso3][0]))
    rows.sort(key=lambda r: (-(r[2] + r[3]), r[0]))
    contributors = names["contributor"]
    return Table(
        MEMBERSHIP_COLUMNS,
        [(k, *contributors.get(k, (k, k)), which, g0, g1) for k, which, g0, g1 in rows],
    )


def _first_months(con: Connection) -> dict[str, dt.date]:
    """mission -> the first month the data shows personnel in it."""
    cube = unfiltered(aggregates.for_connection(con))

    def compute() -> dict[str, dt.date]:
        found: dict[str, dt.date] = {}
        for month, rows in sorted(cube.missions_by_month(con).by_month.items()):
            for mission, personnel in rows:
                if personnel > 0:
                    found.setdefault(mission, month)
        return found

    return cube.memo("drivers_first_months", compute)


def _mission_table(con: Connection, acronyms: set[str]) -> Table:
    """The host (code and both names) of each mission of the mission rows, the first month the
    data shows personnel in it, and its kind."""
    countries = aggregates.for_connection(con).country_names(con)
    first_months = _first_months(con)
    rows = []
    for acronym, (_, _, host, _, kind, _) in sorted(_missions(con).items()):
        if acronym in acronyms:
            host_fr, host_en = countries.get(host, (host, host))
            rows.append((acronym, host, host_fr, host_en, first_months.get(acronym), kind or None))
    return Table(["key", "host_iso3", "host_fr", "host_en", "first_month", "kind"], rows)


def _names(con: Connection) -> dict[str, dict[str, tuple[str, str]]]:
    """(French name, English name) of every mission (acronyms) and contributor."""
    cube = aggregates.for_connection(con)
    countries = cube.country_names(con)
    missions = {acronym: (row[1], row[0]) for acronym, row in _missions(con).items()}
    return {"mission": missions, "contributor": dict(countries)}


# --- the headline ---------------------------------------------------------------------------

OFFSET = 3.0  # the top driver moved more than three times the net change: opposite movements
ALMOST_ALL = 0.9  # the top driver's part of the change for "almost entirely"
MOSTLY = 0.5  # ... for "mostly"
SLIGHT = 0.05  # the others' net change, as a part of the group's start, for "slightly"
# Uniformed personnel (at one of the two months, at least) below which a mission is never named
# as the cause in a headline: the Francophonie page's and the bulletin's minimum size.
MIN_PERSONNEL = 100
HEADLINE_KINDS = ("pko",)  # political and support missions are never named as the cause


def may_be_named(row: tuple[Any, ...]) -> bool:
    """Whether a driver row may be named as the cause in a headline: any contributor; a mission
    only when it is a peacekeeping operation of at least :data:`MIN_PERSONNEL` uniformed
    personnel at one of the two months (the others are shown apart: in the table, never named).
    """
    if row[0] != "mission":
        return True
    return row[11] in HEADLINE_KINDS and max(row[7], row[8]) >= MIN_PERSONNEL


def _name(fr: str, en: str) -> Message:
    """A name in both languages: the catalogue picks the reader's one."""
    return Message("drivers.name", {"fr": fr, "en": en})


def _signed(number: int) -> Message:
    """A signed change with its unit (``+5 826 membres du personnel``): no bare number."""
    return Message(
        "drivers.signed.plus" if number >= 0 else "drivers.signed.minus",
        {"n": Count(abs(number), "peacekeeper")},
    )


def _group(group: str) -> Message:
    if group in ("oif", "francophone", "au", "eu", "all"):
        return Message(f"drivers.group.{group}")
    return Message("drivers.group.other", {"name": group.upper()})


def driver_name(
    row: tuple[Any, ...], start: dt.date, missions: dict[str, tuple[Any, ...]]
) -> Message:
    """A driver row's name; a mission names its host, and since when the data shows personnel in
    it when that is after ``start``."""
    name = _name(row[2], row[3])
    if row[0] != "mission" or row[1] not in missions:
        return name
    _, _, host_fr, host_en, since, *_ = missions[row[1]]
    host = _name(host_fr or "", host_en or "")
    if row[7] == 0 and since is not None and since > start:
        return Message("drivers.mission.new", {"name": name, "host": host, "since": Month(since)})
    return Message("drivers.mission", {"name": name, "host": host})


def _used(values: dict[str, Any], everyone: str) -> dict[str, Any]:
    """The values a headline template uses (the ``.all`` ones name no group and no share)."""
    if not everyone:
        return values
    return {k: v for k, v in values.items() if k in ("period", "change", "after")}


def drivers_headline(result: IndicatorResult) -> Message:
    """The sentence that says what moved the group's personnel and share (language-free): the
    change, the top driver (by mission when both months have a mission split, else by
    contributor) with its part of the change, and whether the others moved the same way."""
    summary = result.extras["summary"].rows[0]
    start, end, g0, g1, _t0, _t1, s0, s1, _, in_figures = summary
    group = str(result.meta.params.get("group", "oif"))
    change = g1 - g0
    months = {"start": Month(start), "end": Month(end)}
    # the figures compared leave out the probable source gaps (at both months): said when that
    # makes them differ from the months' own totals, which the other pages and tables give
    period = (
        Message(
            "drivers.period.comparable", {**months, "gaps": Count(int(in_figures), "source_gap")}
        )
        if in_figures
        else Message("drivers.period", months)
    )
    values = {
        "period": period,
        "group": _group(group),
        "change": Count(abs(change), "drivers_person"),
        "after": Count(g1, "drivers_person"),
        "share_before": percent(s0),
        "share_after": percent(s1),
    }
    everyone = ".all" if group == "all" else ""  # a share of 100 % is not news
    used = _used(values, everyone)
    membership = [] if everyone else _membership(result)
    if change == 0:
        return _then(Message(f"drivers.headline.stable{everyone}", used), membership)
    direction = "rise" if change > 0 else "fall"
    first = Message(f"drivers.headline.{direction}{everyone}", used)
    if membership:
        moved = sum(abs(r[4] - r[5]) for r in result.extras["membership_changes"].rows)
        if 2 * moved >= abs(change):  # the membership explains half of the change or more
            return _with_drivers(_then(first, membership), result, change, g0)
    return _then(_with_drivers(first, result, change, g0), membership)


def _then(headline: Message, sentences: list[Message]) -> Message:
    for sentence in sentences:
        headline = Message("drivers.headline.more", {"headline": headline, "more": sentence})
    return headline


def _membership(result: IndicatorResult) -> list[Message]:
    """Who stopped counting in the group between the two months (left it or changed status),
    and who came to count, with the personnel that moved with them: a membership, not a
    deployment."""
    table = result.extras.get("membership_changes")
    if table is None:
        return []
    sentences = []
    for which, index in (("left", 4), ("joined", 5)):
        rows = [r for r in table.rows if r[3] == which]
        if rows:
            sentences.append(
                Message(
                    f"drivers.membership.{which}",
                    {
                        "names": [Name(r[1], r[2]) for r in rows],
                        "personnel": Count(sum(r[index] for r in rows), "peacekeeper"),
                    },
                )
            )
    return sentences


def _with_drivers(first: Message, result: IndicatorResult, change: int, g0: int) -> Message:
    """The change's sentence followed by its top driver's and the others'."""
    start = result.extras["summary"].rows[0][0]
    rows = result.table.rows
    missions = (
        {r[0]: r for r in result.extras["mission_hosts"].rows}
        if "mission_hosts" in result.extras
        else {}
    )
    dimension = "mission" if any(r[0] == "mission" for r in rows) else "contributor"
    ranked = [r for r in rows if r[0] == dimension]
    named = [r for r in ranked if may_be_named(r)]
    sign = 1 if change > 0 else -1
    direction = "rise" if change > 0 else "fall"
    if not named:
        return first
    top = min(named, key=lambda r: (-sign * r[6], r[1]))
    if sign * top[6] <= 0:
        return first
    # a mission shown apart that moved more than the named one: the sentence says the named one
    # leads the peacekeeping operations only, and gives the missions apart their own total
    apart = [r for r in ranked if not may_be_named(r) and r[6] != 0]
    outranked = any(sign * r[6] > sign * top[6] for r in apart)
    part = top[6] / change
    others = [r for r in (named if outranked else ranked) if r is not top and r[6] != 0]
    if not outranked and part > OFFSET and others:
        # a small net change between large opposite movements: no "1 000 % of the change"
        return Message(
            "drivers.headline",
            {
                "change": first,
                "drivers": Message(
                    f"drivers.offset.{dimension}",
                    {
                        "name": driver_name(top, start, missions),
                        "change": _signed(top[6]),
                        "others": _signed(sum(r[6] for r in others)),
                    },
                ),
            },
        )
    if outranked:
        level = "largest_pko"
    elif part > 1:
        level = "beyond_all"
    elif part >= ALMOST_ALL:
        level = "almost_all"
    else:
        level = "mostly" if part >= MOSTLY else "largest"
    driver = Message(
        f"drivers.driver.{level}",
        {
            "what": Message(f"drivers.what.{direction}"),
            "one": Message(f"drivers.one.{dimension}"),
            "name": driver_name(top, start, missions),
            "change": _signed(top[6]),
            "part": percent(part, 0),
            **({"minimum": Count(MIN_PERSONNEL, "peacekeeper")} if outranked else {}),
        },
    )
    if outranked:
        values = {"driver": driver, "apart": _apart(apart)}
        if others:
            values["others"] = _others(dimension, others, g0)
        second: Message = Message(
            "drivers.driver_others_apart" if others else "drivers.driver_apart", values
        )
    elif not others:
        second = Message("drivers.driver_only", {"driver": driver})
    else:
        second = Message(
            "drivers.driver_and_others",
            {"driver": driver, "others": _others(dimension, others, g0)},
        )
    return Message("drivers.headline", {"change": first, "drivers": second})


def _others(dimension: str, others: list[tuple[Any, ...]], start: int) -> Message:
    """How the rows other than the named one moved: all the same way or not, and slightly
    (their net change at most :data:`SLIGHT` of the group's personnel at the start) or not."""
    net = sum(r[6] for r in others)
    rising = [r for r in others if r[6] > 0]
    if net == 0:
        pattern = "balanced"
    else:
        pattern = "rose" if net > 0 else "fell"
        if 0 < len(rising) < len(others):
            pattern = "net_" + pattern  # some moved the other way
        if start and abs(net) <= SLIGHT * start:
            pattern += "_slightly"
    return Message(f"drivers.others.{dimension}.{pattern}", {"change": _signed(net)})


def _apart(apart: list[tuple[Any, ...]]) -> Message:
    """The net change of the missions shown apart, said by what they are (political or support
    missions, small missions, or both), never by name."""
    political = any(r[11] not in HEADLINE_KINDS for r in apart)
    small = any(r[11] in HEADLINE_KINDS for r in apart)
    which = "both" if political and small else "political" if political else "small"
    return Message(
        f"drivers.apart.{which}",
        {
            "change": _signed(sum(r[6] for r in apart)),
            "minimum": Count(MIN_PERSONNEL, "peacekeeper"),
        },
    )


def headline_for(con: Connection, params: Params) -> Message | None:
    """The overview's and the bulletin's sentence for ``params`` (by default its ``to_month``
    against twelve months earlier), or None when the two months cannot be compared (a month
    without data, a mission kind without a mission split)."""
    try:
        return drivers_headline(INDICATOR(con, params))
    except QueryError:
        return None


INDICATOR = Indicator(
    name=NAME, columns=DECLARED, detail="contributor", query=compute, extras=EXTRAS
)

__all__ = [
    "COLUMNS",
    "INDICATOR",
    "MIN_PERSONNEL",
    "NAME",
    "compute",
    "drivers_headline",
    "headline_for",
    "may_be_named",
]
