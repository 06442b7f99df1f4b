"""Checks on the ingested data itself (``pkobs check-data``): where two sources disagree, and
figures that add up but are implausible. Nothing here corrects anything: it reports, with the
file and the line or page to look at.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from pkobs.messages import Name
from pkobs.store.database import Connection, Database
from pkobs.table import Table

# A contingent is "printed under the wrong sex" when its women's share differs from the same
# contingent's share in the surrounding months by at least this much (and it is large enough).
SEX_SHIFT = 0.5
SEX_MIN_TOTAL = 50
# A figure "far outside its own history": a one-month spike, at least SPIKE_RATIO times both the
# month before and the month after (same contributor x mission x type), and SPIKE_MIN_EXCESS
# above the larger of them. A ramp-up that lasts is a real change, not a spike.
SPIKE_RATIO = 5.0
SPIKE_MIN_EXCESS = 300
WINDOW = 6  # months on each side for the women's share
# A whole category's split misprinted in one report: the month's women's share over every
# contributor (the swapped contingents already left out) stands at least this far from both the
# month before and the month after, on the same side. August 2020 is the one such report of the
# history (formed police units 0.1 % between 10.9 % and 11.5 %); the largest other one-month
# move is 6.5 points (individual police, January 2021).
MONTH_SHIFT = 0.08

COARSE = """CASE WHEN personnel_type IN ('troops', 'staff_officers') THEN 'troops'
    WHEN personnel_type = 'experts_on_mission' THEN 'experts' ELSE 'police' END"""


@dataclass(frozen=True)
class Disagreements:
    """Where the detailed files and IPI's country series give different figures."""

    compared: int  # month x contributor x category cells present in both
    table: Table  # the cells that differ, largest difference first


def source_disagreements(handle: Database | Connection, limit: int = 20) -> Disagreements:
    """Months with both a mission-level source and contributor totals (IPI's series for
    2009-2014): compare per month x contributor x category (troops incl. staff officers,
    police, experts)."""
    base = f"""
    WITH detailed AS (
        SELECT month, contributor_iso3, {COARSE} AS category, sum(total)::BIGINT AS detailed,
               string_agg(DISTINCT source, '; ') AS detailed_source
        FROM contributions GROUP BY ALL),
    totals AS (
        SELECT month, contributor_iso3, {COARSE} AS category, sum(total)::BIGINT AS series,
               string_agg(DISTINCT source, '; ') AS series_source,
               min(source_line) AS series_line
        FROM all_contributor_records GROUP BY ALL),
    both_months AS (
        SELECT DISTINCT d.month FROM detailed d JOIN totals t USING (month)),
    cells AS (
        SELECT month, contributor_iso3, category, coalesce(d.detailed, 0) AS detailed,
               coalesce(t.series, 0) AS series, d.detailed_source, t.series_source,
               t.series_line
        FROM detailed d FULL JOIN totals t USING (month, contributor_iso3, category)
        WHERE month IN (SELECT month FROM both_months))"""
    db = Database.of(handle)
    compared = db.scalar(base + " SELECT count(*) FROM cells")
    table = db.query(
        base
        + f""" SELECT month, contributor_iso3, category, detailed, series,
                      series - detailed AS difference, detailed_source, series_source,
                      series_line
               FROM cells WHERE detailed <> series
               ORDER BY abs(series - detailed) DESC, month, contributor_iso3, category
               LIMIT {int(limit)}""",
    )
    return Disagreements(int(compared), table)


def disagreement_count(handle: Database | Connection) -> int:
    result = source_disagreements(handle, limit=1_000_000)
    return len(result.table.rows)


def implausible_figures(
    handle: Database | Connection,
    first: object | None = None,
    last: object | None = None,
    kind: str | None = None,
) -> Table:
    """Figures that add up but do not fit their own history, with file and line or page.

    ``kind`` is ``sex`` (the women's share jumps by at least 50 points against the same
    contingent's surrounding months: probably printed under the wrong sex) or ``spike`` (at
    least five times both the month before and the month after). ``first``/``last`` (month
    ends) and ``kind`` narrow the answer."""
    table = Database.of(handle).query(
        f"""WITH cells AS (
            SELECT c.month, c.contributor_iso3, c.mission, c.personnel_type, c.male, c.female,
                   c.total, s.path, s.source, c.line, c.page
            FROM contribution_records c JOIN source_files s USING (source_id)
            WHERE c.chosen
              AND c.month BETWEEN coalesce($first::DATE, DATE '1900-01-01') - INTERVAL 13 MONTH
                              AND coalesce($last::DATE, DATE '9999-12-31') + INTERVAL 13 MONTH),
        history AS (
            SELECT *,
                   sum(female) OVER w - coalesce(female, 0) AS other_female,
                   sum(male + female) OVER w - coalesce(male + female, 0) AS other_known,
                   CASE WHEN lag(month) OVER k = last_day(month - INTERVAL 1 MONTH)
                        THEN lag(total) OVER k END AS before,
                   CASE WHEN lead(month) OVER k = last_day(month + INTERVAL 1 MONTH)
                        THEN lead(total) OVER k END AS after
            FROM cells
            WINDOW w AS (PARTITION BY contributor_iso3, mission, personnel_type ORDER BY month
                         RANGE BETWEEN INTERVAL {WINDOW} MONTH PRECEDING
                               AND INTERVAL {WINDOW} MONTH FOLLOWING),
                   k AS (PARTITION BY contributor_iso3, mission, personnel_type ORDER BY month))
        SELECT 'sex' AS kind, month, contributor_iso3, mission, personnel_type, male, female,
               total, round(other_female / other_known, 3) AS expected, source, path, line, page
        FROM history
        WHERE female IS NOT NULL AND total >= {SEX_MIN_TOTAL} AND other_known >= {SEX_MIN_TOTAL}
          AND abs(female / total - other_female / other_known) >= {SEX_SHIFT}
        UNION ALL
        SELECT 'spike', month, contributor_iso3, mission, personnel_type, male, female, total,
               greatest(before, after), source, path, line, page
        FROM history
        WHERE before IS NOT NULL AND after IS NOT NULL
          AND total >= {SPIKE_RATIO} * greatest(before, after)
          AND total - greatest(before, after) >= {SPIKE_MIN_EXCESS}
        ORDER BY month, contributor_iso3, mission, personnel_type""",
        {"first": first, "last": last},
    )
    if first is None and last is None and kind is None:
        return table
    rows = [
        r
        for r in table.rows
        if (first is None or r[1] >= first)
        and (last is None or r[1] <= last)
        and (kind is None or r[0] == kind)
    ]
    return Table(table.columns, rows)


MONTH_COLUMNS = [
    "month",
    "personnel_category",
    "female",
    "personnel",
    "female_share",
    "share_before",
    "share_after",
]


def implausible_months(sums: Mapping[tuple[dt.date, str], tuple[int, int]]) -> Table:
    """Month x category whose women's split is not believable as a whole: its share over every
    contributor (``sums``: women and personnel of known sex by month x category, the swapped
    contingents left out) is at least :data:`MONTH_SHIFT` from both the month before and the
    month after, on the same side. A column misprinted for every contingent, which the
    contingent rule of :func:`implausible_figures` cannot see in small figures."""
    shares: dict[str, list[tuple[dt.date, int, int, float]]] = {}
    for (month, category), (female, personnel) in sorted(sums.items()):
        if personnel:
            shares.setdefault(category, []).append((month, female, personnel, female / personnel))
    rows: list[tuple[object, ...]] = []
    for category, series in shares.items():
        for before, (month, female, personnel, share), after in zip(
            series, series[1:], series[2:], strict=False
        ):
            up, down = share - before[3], share - after[3]
            if up * down > 0 and min(abs(up), abs(down)) >= MONTH_SHIFT:
                rows.append((month, category, female, personnel, share, before[3], after[3]))
    return Table(MONTH_COLUMNS, sorted(rows, key=lambda r: (r[0], r[1])))


__all__ = [
    "Disagreements",
    "disagreement_count",
    "implausible_figures",
    "implausible_months",
    "source_disagreements",
]


@dataclass(frozen=True)
class ReaderNames:
    """Countries and missions as readers know them, in both languages (``Égypte`` / ``Egypt``,
    ``FINUL`` / ``UNIFIL``), for the checks' sentences; a code without a name stays as is."""

    countries: dict[str, Name]
    missions: dict[str, Name]

    def country(self, iso3: str) -> Name | str:
        return self.countries.get(iso3, iso3)

    def mission(self, acronym: str) -> Name | str:
        return self.missions.get(acronym, acronym)


def reader_names(con: Connection | Database) -> ReaderNames:
    """Every country's and mission's :class:`ReaderNames` from the reference views."""
    db = Database.of(con)
    countries = db.query(
        "SELECT iso3, coalesce(name_fr, name_en, iso3), coalesce(name_en, iso3) FROM countries"
    )
    missions = db.query("SELECT acronym, coalesce(acronym_fr, acronym) FROM missions")
    return ReaderNames(
        {iso3: Name(fr, en) for iso3, fr, en in countries.rows},
        {acronym: Name(fr, acronym) for acronym, fr in missions.rows},
    )
