"""Everything one bulletin shows, gathered from the indicators for one month.

Each section runs one indicator through ``INDICATORS.get(name)``; a section whose indicator is
not installed, or that has no data for the month, is ``None`` and the bulletin says so.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import duckdb

import pkobs
from pkobs.errors import QueryError
from pkobs.indicators import INDICATORS, IndicatorResult, Params
from pkobs.indicators.base import add_months, data_months, month_ranges
from pkobs.reports.errors import MonthWithoutDataError, ReportError
from pkobs.settings import Language
from pkobs.table import Table

CATEGORIES = ("all", "military", "police")
SECTIONS = (
    "trend",
    "alerts",
    "contributors",
    "linguistic-gap",
    "gender",
    "senior-posts",
    "training-centres",
)
SENIOR_POSTS = ("head_of_mission", "force_commander", "police_commissioner")


@dataclass(frozen=True)
class ShareFigures:
    """The group's personnel, all personnel and the share for one month and category."""

    group_personnel: int
    total_personnel: int
    share: float


@dataclass(frozen=True)
class SourceFile:
    source: str
    path: str
    format: str
    sha256: str
    first_month: dt.date | None
    last_month: dt.date | None
    ingested_at: dt.datetime


@dataclass(frozen=True)
class RegistryFile:
    """A reviewed reference file shipped with pkobs (e.g. a registry) that a section used."""

    path: str  # inside the pkobs package, as the indicator's metadata gives it
    sha256: str


@dataclass(frozen=True)
class SeniorHolder:
    """Who held a senior post of a mission on the bulletin month's last day."""

    mission: str
    post: str
    person: str
    nationality_iso3: str
    acting: bool
    uncertain: bool


@dataclass(frozen=True)
class BulletinData:
    month: dt.date
    lang: Language
    params: Params
    group_name: str
    generated_at: dt.datetime
    history: dict[str, list[tuple[dt.date, float | None]]]  # category -> (month, share)
    current: dict[str, ShareFigures]  # category -> figures of ``month``
    previous_month: dt.date
    previous: ShareFigures | None  # "all" of the month before (None: no data)
    year_before_month: dt.date
    year_before: ShareFigures | None
    sections: dict[str, IndicatorResult | None]
    definitions: list[tuple[str, str]]  # (title, definition) of each indicator used
    sources: list[SourceFile]
    months_available: list[dt.date] = field(default_factory=list)
    mission_acronyms: dict[str, str] = field(default_factory=dict)  # acronym -> localized
    country_names: dict[str, str] = field(default_factory=dict)  # iso3 -> localized name
    senior_holders: list[SeniorHolder] = field(default_factory=list)  # on the month's last day
    registry_files: list[RegistryFile] = field(default_factory=list)
    detail: str | None = None  # the month's level of detail (see contributor_months)

    def section(self, name: str) -> IndicatorResult | None:
        return self.sections.get(name)

    def rows(self, name: str) -> list[dict[str, Any]]:
        """The rows of a section for the bulletin's month (every row if no ``month`` column)."""
        result = self.sections.get(name)
        if result is None:
            return []
        return rows_for_month(result.table, self.month)

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


def describe_months(months: list[dt.date]) -> str:
    """``2009-11 to 2014-03`` style runs of consecutive months, joined by commas."""
    return month_ranges(months)


def check_month(con: duckdb.DuckDBPyConnection, month: dt.date) -> list[dt.date]:
    """The months with data; a clear error listing them when ``month`` is not one of them."""
    months = data_months(con)
    if not months:
        raise MonthWithoutDataError("no data: ingest a file first (pkobs ingest FILE)")
    if month not in months:
        raise MonthWithoutDataError(
            f"no data for {month:%Y-%m}; months available: {describe_months(months)} "
            f"({len(months)} months)"
        )
    return months


def group_name(con: duckdb.DuckDBPyConnection, group: str, lang: Language) -> str:
    column = "name_fr" if lang == "fr" else "name_en"
    row = con.execute(f"SELECT {column} FROM groups WHERE group_id = ?", [group]).fetchone()
    return str(row[0]) if row else group.upper()


def run_section(
    con: duckdb.DuckDBPyConnection, name: str, params: Params
) -> IndicatorResult | None:
    """Run an indicator; ``None`` when it is not installed or refuses the month (no data)."""
    indicator = INDICATORS.get(name)
    if indicator is None:
        return None
    try:
        return indicator(con, params)
    except QueryError:
        return None


def section_params(name: str, base: Params, month: dt.date, first: dt.date) -> Params:
    if name == "trend":
        return base.with_months(max(first, add_months(month, -12)), month)
    if name == "alerts":
        return base.with_months(max(first, add_months(month, -1)), month)
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


def read_sources(con: duckdb.DuckDBPyConnection, month: dt.date) -> list[SourceFile]:
    """The files the figures of ``month`` and of the twelve months before come from (the
    sources chosen in ``contributor_months``; the full list is on the methodology page)."""
    rows = con.execute(
        """WITH used AS (
               SELECT DISTINCT trim(unnest(string_split(source, ';'))) AS source
               FROM contributor_months WHERE month BETWEEN ? AND ?)
           SELECT s.source, s.path, s.format, s.sha256, s.first_month, s.last_month,
                  s.ingested_at
           FROM sources s JOIN used USING (source)
           ORDER BY s.first_month, s.source""",
        [add_months(month, -12), month],
    ).fetchall()
    return [SourceFile(*row) for row in rows]


def month_detail(con: duckdb.DuckDBPyConnection, month: dt.date) -> str | None:
    """The month's level of detail: mission_sex, mission, contributor_sex or contributor."""
    rows = con.execute(
        "SELECT min(detail) FROM contributor_months WHERE month = ?", [month]
    ).fetchall()
    return str(rows[0][0]) if rows and rows[0][0] is not None else None


def read_senior_holders(con: duckdb.DuckDBPyConnection, month: dt.date) -> list[SeniorHolder]:
    """The holder of each senior post of each mission on ``month`` (a month-end date).

    The ``senior-posts`` indicator counts these posts but lists names only for today's holders;
    the bulletin names the month's holders with the indicator's rule: one holder per post, the
    titular one when an acting holder overlaps. Deputies are left out, as in the indicator.
    """
    posts = ", ".join(f"'{p}'" for p in SENIOR_POSTS)
    try:
        rows = con.execute(
            f"""SELECT mission, post, person, nationality_iso3, acting, uncertain FROM (
                  SELECT *, row_number() OVER (PARTITION BY mission, post
                                               ORDER BY acting, start_date DESC, person) AS rank
                  FROM senior_posts
                  WHERE start_date <= $month
                    AND coalesce(end_date, DATE '9999-12-31') >= $month AND post IN ({posts}))
                WHERE rank = 1""",
            {"month": month},
        ).fetchall()
    except duckdb.Error:  # no registry in this database: the section says so
        return []
    return [
        SeniorHolder(str(a), str(b), str(c), str(d), bool(e), bool(f)) for a, b, c, d, e, f in rows
    ]


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


def gather(
    con: duckdb.DuckDBPyConnection,
    month: dt.date,
    lang: Language,
    params: Params | None = None,
    now: dt.datetime | None = None,
) -> BulletinData:
    """Run every indicator the bulletin needs for ``month`` (a month-end date)."""
    months = check_month(con, month)
    base = replace(params or Params(), lang=lang, mission=None, by_mission=False, window=None)
    share = INDICATORS.get("share")
    if share is None:
        raise ReportError("the share indicator is not installed; the bulletin needs it")
    first = months[0]
    previous_month = add_months(month, -1)
    year_before_month = add_months(month, -12)
    history_result = share(con, base.with_months(min(first, year_before_month), month))
    table = history_result.table
    current = {c: f for c in CATEGORIES if (f := _figures(table, month, c)) is not None}
    if "all" not in current:
        raise MonthWithoutDataError(
            f"no uniformed personnel recorded for {month:%Y-%m}; months available: "
            f"{describe_months(months)}"
        )
    history: dict[str, list[tuple[dt.date, float | None]]] = {c: [] for c in CATEGORIES}
    for record in table.records():
        if record["month"] >= first:
            share_value = record["share"]
            history[record["category"]].append(
                (record["month"], None if share_value is None else float(share_value))
            )
    sections = {
        name: run_section(con, name, section_params(name, base, month, first)) for name in SECTIONS
    }
    used = [history_result, *[s for s in sections.values() if s is not None]]
    definitions = [(r.meta.title(lang), r.meta.definition(lang)) for r in used]
    return BulletinData(
        month=month,
        lang=lang,
        params=base,
        group_name=group_name(con, base.group, lang),
        generated_at=now or dt.datetime.now(dt.UTC),
        history=history,
        current=current,
        previous_month=previous_month,
        previous=_figures(table, previous_month, "all"),
        year_before_month=year_before_month,
        year_before=_figures(table, year_before_month, "all"),
        sections=sections,
        definitions=definitions,
        sources=read_sources(con, month),
        months_available=months,
        mission_acronyms=mission_acronyms(con, lang),
        country_names=country_names(con, lang),
        senior_holders=read_senior_holders(con, month) if sections["senior-posts"] else [],
        registry_files=registry_files(used),
        detail=month_detail(con, month),
    )


def mission_acronyms(con: duckdb.DuckDBPyConnection, lang: Language) -> dict[str, str]:
    """French readers know UNIFIL as FINUL and UNOCI as ONUCI."""
    localized = "coalesce(acronym_fr, acronym)" if lang == "fr" else "acronym"
    return {
        str(a): str(b)
        for a, b in con.execute(f"SELECT acronym, {localized} FROM missions").fetchall()
    }


def country_names(con: duckdb.DuckDBPyConnection, lang: Language) -> dict[str, str]:
    column = "name_fr" if lang == "fr" else "name_en"
    return {
        str(a): str(b) for a, b in con.execute(f"SELECT iso3, {column} FROM countries").fetchall()
    }


__all__ = [
    "CATEGORIES",
    "BulletinData",
    "RegistryFile",
    "SeniorHolder",
    "ShareFigures",
    "SourceFile",
    "check_month",
    "describe_months",
    "gather",
]
