"""Everything one bulletin shows, gathered from the indicators and the store for one month.

Language-free: figures, indicator results, and names in both languages. The bulletin's edge
(:func:`pkobs.reports.bulletin.build_bulletin`) renders them with its one
:class:`pkobs.i18n.Locale`. Each section runs one indicator through ``INDICATORS.get(name)``;
a section whose indicator is not installed, or that has no data for the month, is ``None`` and
the bulletin says so. Every other read is a function of :mod:`pkobs.store.bulletin`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pkobs
from pkobs.errors import QueryError
from pkobs.indicators import INDICATORS, IndicatorResult, Meta, Params, compute
from pkobs.indicators.base import add_months
from pkobs.indicators.drivers import MIN_PERSONNEL as DRIVERS_MIN_PERSONNEL
from pkobs.messages import Count, Message
from pkobs.reports.errors import MonthWithoutDataError, ReportError
from pkobs.store import bulletin as store
from pkobs.store.bulletin import (
    SENIOR_POSTS,
    Handle,
    Names,
    SeniorHolder,
    SourceFile,
    Suspension,
)
from pkobs.store.database import Database
from pkobs.table import Column, Table

CATEGORIES = ("all", "military", "police")
# Missions ranked in the linguistic gap (narrative, chart, annex): peacekeeping operations of at
# least MIN_PERSONNEL uniformed personnel, the Francophonie page's rule
# (pkobs.web.francophonie.MIN_PERSONNEL) and the drivers' headline's; the others are listed apart,
# never ranked, never named as a cause.
MIN_PERSONNEL = DRIVERS_MIN_PERSONNEL
POLITICAL_KINDS = ("spm", "support")  # special political missions, support offices
SECTIONS = (
    "trend",
    "alerts",
    "contributors",
    "linguistic-gap",
    "gender",
    "senior-posts",
    "training-centres",
    "drivers",
)


@dataclass(frozen=True)
class ShareFigures:
    """The group's personnel, all personnel and the share for one month and category."""

    group_personnel: int
    total_personnel: int
    share: float


@dataclass(frozen=True)
class RegistryFile:
    """A reviewed reference file shipped with pkobs (e.g. a registry) that a section used."""

    path: str  # inside the pkobs package, as the indicator's metadata gives it
    sha256: str


@dataclass(frozen=True)
class BulletinData:
    """The facts of one bulletin; no language (names are kept in both, see :class:`Names`)."""

    month: dt.date
    params: Params
    group: Names | None  # the group's name (None: not in the groups table)
    generated_at: dt.datetime
    history: dict[str, list[tuple[dt.date, float | None]]]  # category -> (month, share)
    current: dict[str, ShareFigures]  # category -> figures of ``month``
    previous_month: dt.date
    previous: ShareFigures | None  # "all" of the month before (None: no data)
    year_before_month: dt.date
    year_before: ShareFigures | None
    sections: dict[str, IndicatorResult | None]
    indicators: list[Meta]  # the metadata (titles, definitions) of each indicator used
    sources: list[SourceFile]
    months_available: list[dt.date] = field(default_factory=list)
    missions: dict[str, Names] = field(default_factory=dict)  # acronym -> as readers know it
    mission_kinds: dict[str, str] = field(default_factory=dict)  # acronym -> pko, spm, support
    countries: dict[str, Names] = field(default_factory=dict)  # iso3 -> name
    senior_holders: list[SeniorHolder] = field(default_factory=list)  # on the month's last day
    registry_files: list[RegistryFile] = field(default_factory=list)
    detail: str | None = None  # the month's level of detail (see contributor_months)
    # the group's members suspended on the month's last day (None: the group has no record of
    # suspensions, or every contributor is the group)
    suspensions: list[Suspension] | None = None

    def section(self, name: str) -> IndicatorResult | None:
        return self.sections.get(name)

    def rows(self, name: str) -> list[dict[str, Any]]:
        """The rows of a section for the bulletin's month (every row if no ``month`` column)."""
        result = self.sections.get(name)
        if result is None:
            return []
        return rows_for_month(result.table, self.month)

    def column(self, name: str, column: str) -> Column:
        """The declared column (kind, unit) of a section's table: how its cells are shown."""
        result = self.sections.get(name)
        return result.table.column(column) if result is not None else Column(column)

    def apart_reason(self, row: dict[str, Any]) -> str | None:
        """Why a ``linguistic-gap`` row is listed apart, never ranked: ``spm`` or ``support``
        (a political or support mission), ``small`` (fewer than :data:`MIN_PERSONNEL`
        uniformed personnel); ``None`` for a ranked peacekeeping operation."""
        kind = self.mission_kinds.get(str(row["mission"]), "pko")
        if kind in POLITICAL_KINDS:
            return kind
        if int(row["total_personnel"] or 0) < MIN_PERSONNEL:
            return "small"
        return None

    def gap_rows(self, ranked: bool = True) -> list[dict[str, Any]]:
        """The month's ``linguistic-gap`` rows that are ranked (``ranked=False``: those listed
        apart), lowest share (the widest gap) first."""
        rows = sorted(self.rows("linguistic-gap"), key=lambda r: (float(r["share"]), r["mission"]))
        return [r for r in rows if (self.apart_reason(r) is None) == ranked]

    def extra_rows(self, name: str, extra: str) -> list[dict[str, Any]]:
        result = self.sections.get(name)
        if result is None or extra not in result.extras:
            return []
        return rows_for_month(result.extras[extra], self.month)


def rows_for_month(table: Table, month: dt.date) -> list[dict[str, Any]]:
    records = table.records()
    if "month" not in table.columns:
        return records
    return [r for r in records if r["month"] == month]


def month_runs(months: list[dt.date]) -> list[Message]:
    """Runs of consecutive months, each a message: ``2009-11``, ``2009-11 to 2014-03``."""
    runs: list[tuple[dt.date, dt.date]] = []
    for month in sorted(months):
        if runs and add_months(runs[-1][1], 1) == month:
            runs[-1] = (runs[-1][0], month)
        else:
            runs.append((month, month))
    return [
        Message.of("report.error.month_run", first=f"{first:%Y-%m}", last=f"{last:%Y-%m}")
        if first != last
        else Message.of("report.error.month_single", month=f"{first:%Y-%m}")
        for first, last in runs
    ]


def check_month(db: Database, month: dt.date) -> list[dt.date]:
    """The months with data; a clear error listing them when ``month`` is not one of them."""
    months = store.months_with_data(db)
    if not months:
        raise MonthWithoutDataError("report.error.empty")
    if month not in months:
        raise MonthWithoutDataError(
            "report.error.no_data",
            month=f"{month:%Y-%m}",
            available=month_runs(months),
            count=Count(len(months), "report_month"),
        )
    return months


def run_section(db: Database, name: str, params: Params) -> IndicatorResult | None:
    """Run an indicator (a language-free result); ``None`` when it is not installed or refuses
    the month (no data)."""
    if name not in INDICATORS:
        return None
    try:
        return compute(db, name, params)
    except QueryError:
        return None


def section_params(name: str, base: Params, month: dt.date, first: dt.date) -> Params:
    if name == "trend":
        return base.with_months(max(first, add_months(month, -12)), month)
    if name == "alerts":
        return base.with_months(max(first, add_months(month, -1)), month)
    if name == "drivers":  # what moved the group over the year: the bulletin's headline
        return base.with_months(add_months(month, -12), month)
    return base.with_months(month, month)


def _figures(table: Table, month: dt.date, category: str) -> ShareFigures | None:
    for record in table.records():
        if record["month"] == month and record["category"] == category:
            if record["total_personnel"] is None or not record["total_personnel"]:
                return None
            group_personnel = int(record["group_personnel"] or 0)
            total = int(record["total_personnel"])
            return ShareFigures(group_personnel, total, group_personnel / total)
    return None


def registry_files(results: list[IndicatorResult]) -> list[RegistryFile]:
    """The registry files named in the indicators' sources, with their checksum."""
    package = Path(pkobs.__file__).parent
    files: dict[str, RegistryFile] = {}
    for result in results:
        for source in result.meta.sources:
            path = str(source.get("path") or "")
            if "/registries/" in path and path not in files and (package / path).is_file():
                digest = hashlib.sha256((package / path).read_bytes()).hexdigest()
                files[path] = RegistryFile(path, digest)
    return list(files.values())


def suspensions(db: Database, params: Params, month: dt.date) -> list[Suspension] | None:
    """The group's suspended members that month; ``None`` when the group keeps no record of
    suspensions (or is every contributor)."""
    if params.group == "all" or not store.has_suspensions(db, params.group):
        return None
    return store.suspended_members(db, params.group, params.statuses, month)


def gather(
    db: Database | Handle,
    month: dt.date,
    params: Params | None = None,
    now: dt.datetime | None = None,
) -> BulletinData:
    """Run every indicator the bulletin needs for ``month`` (a month-end date)."""
    db = store.handle(db)
    months = check_month(db, month)
    base = replace(params or Params(), mission=None, by_mission=False, window=None)
    if "share" not in INDICATORS:
        raise ReportError("report.error.no_share")
    first = months[0]
    previous_month = add_months(month, -1)
    year_before_month = add_months(month, -12)
    history_result = compute(db, "share", base.with_months(min(first, year_before_month), month))
    table = history_result.table
    current = {c: f for c in CATEGORIES if (f := _figures(table, month, c)) is not None}
    if "all" not in current:
        raise MonthWithoutDataError(
            "report.error.no_personnel",
            month=f"{month:%Y-%m}",
            available=month_runs(months),
        )
    history: dict[str, list[tuple[dt.date, float | None]]] = {c: [] for c in CATEGORIES}
    for record in table.records():
        if record["month"] >= first:
            share_value = record["share"]
            history[record["category"]].append(
                (record["month"], None if share_value is None else float(share_value))
            )
    sections = {
        name: run_section(db, name, section_params(name, base, month, first)) for name in SECTIONS
    }
    used = [history_result, *[s for s in sections.values() if s is not None]]
    return BulletinData(
        month=month,
        params=base,
        group=store.group_names(db, base.group),
        generated_at=now or dt.datetime.now(dt.UTC),
        history=history,
        current=current,
        previous_month=previous_month,
        previous=_figures(table, previous_month, "all"),
        year_before_month=year_before_month,
        year_before=_figures(table, year_before_month, "all"),
        sections=sections,
        indicators=[r.meta for r in used],
        sources=store.sources_between(db, add_months(month, -12), month),
        months_available=months,
        missions=store.mission_acronyms(db),
        mission_kinds=store.mission_kinds(db),
        countries=store.country_names(db),
        senior_holders=store.senior_holders(db, month) if sections["senior-posts"] else [],
        registry_files=registry_files(used),
        detail=store.month_detail(db, month),
        suspensions=suspensions(db, base, month),
    )


__all__ = [
    "CATEGORIES",
    "MIN_PERSONNEL",
    "POLITICAL_KINDS",
    "SENIOR_POSTS",
    "BulletinData",
    "Names",
    "RegistryFile",
    "SeniorHolder",
    "ShareFigures",
    "SourceFile",
    "Suspension",
    "check_month",
    "gather",
    "month_runs",
]
