"""Writing ingested batches: the source record, its rows, and which source wins each cell.

Callers hold the transaction (see :func:`pkobs.pipeline.ingest_files`); nothing here commits.
Rows that name a mission go to ``contribution_records``; rows without a mission split (reports
that give country x type only, IPI's per-country series) go to ``contributor_records``. After
every write, :func:`resolve_months` chooses the winning source of each cell and rebuilds the
``contributor_months`` rows of the months touched.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pkobs.refdata.countries import CountryResolver
from pkobs.store.schema import CONTRIBUTOR_MONTHS_SQL, FORMAT_RANK

# The level of detail a CSV format gives when a month holds no row to tell (zero-only months).
DEFAULT_DETAIL: dict[str, str] = {
    "un-psdh": "mission_sex",
    "ipi-gender": "mission_sex",
    "ipi-ppp": "mission",
    "ipi-json": "mission_sex",
    "un-pdf": "mission_sex",
    "ipi-series": "contributor",
}


@dataclass(frozen=True)
class BatchToWrite:
    """A staged file: a TEMP view or table of long rows and what identifies its source.

    ``view`` has the columns ``line, month, contributor_iso3, mission, personnel_type, male,
    female, total`` and, when ``has_page``, ``page``. ``mission`` is NULL for rows without a
    mission split. Rows whose counts are all zero are not stored ("sent nobody" is the absence
    of a row in a month that has data).
    """

    path: Path
    sha256: str
    format_name: str
    encoding: str
    view: str
    months: list[dt.date]
    has_page: bool = False
    source_path: str | None = None  # the path recorded in ``sources`` (default: resolved path)
    # CSV formats always name the mission and ``view`` is a (costly) view over the file: it is
    # then read once, and the level of detail is read back from the rows written.
    all_with_mission: bool = False


def source_name(format_name: str, path: Path, sha256: str) -> str:
    """A readable, unique id for a file: format, file name and the start of its sha256."""
    return f"{format_name}:{path.name}@{sha256[:12]}"


def country_resolver(con: duckdb.DuckDBPyConnection) -> CountryResolver:
    """Names and codes to ISO-3, from the reviewed aliases and the countries in the database."""
    aliases = dict(con.execute("SELECT alias, iso3 FROM ref_country_aliases").fetchall())
    known = [r[0] for r in con.execute("SELECT iso3 FROM ref_countries").fetchall()]
    return CountryResolver(aliases, known)


def known_sha256(con: duckdb.DuckDBPyConnection, sha256: str) -> str | None:
    rows = con.execute("SELECT source FROM source_files WHERE sha256 = ?", [sha256]).fetchall()
    return str(rows[0][0]) if rows else None


NON_ZERO = "(total > 0 OR coalesce(male, 0) > 0 OR coalesce(female, 0) > 0)"


def write_batch(
    con: duckdb.DuckDBPyConnection, batch: BatchToWrite, now: dt.datetime
) -> tuple[int, str, int]:
    """Insert one validated batch; returns (source id, source name, rows written)."""
    source_id = int(con.execute("SELECT nextval('source_id_seq')").fetchall()[0][0])
    name = source_name(batch.format_name, batch.path, batch.sha256)
    page = "page" if batch.has_page else "NULL"
    view = batch.view
    mission_filter = "" if batch.all_with_mission else "AND mission IS NOT NULL"
    with_mission = con.execute(
        f"""INSERT INTO contribution_records
                (source_id, line, month, contributor_iso3, mission, personnel_type,
                 male, female, total, chosen, page)
            SELECT {source_id}, line, month, contributor_iso3, mission, personnel_type,
                   male, female, total, true, {page}
            FROM {view} WHERE {NON_ZERO} {mission_filter}"""
    ).fetchall()[0][0]
    without_mission = 0
    if not batch.all_with_mission:
        without_mission = con.execute(
            f"""INSERT INTO contributor_records
                SELECT {source_id}, line, {page}, month, contributor_iso3, personnel_type,
                       male, female, total
                FROM {view} WHERE mission IS NULL AND {NON_ZERO}"""
        ).fetchall()[0][0]
    rows = int(with_mission) + int(without_mission)
    con.execute(
        "INSERT INTO source_files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            source_id,
            name,
            batch.source_path or str(Path(batch.path).resolve()),
            batch.sha256,
            batch.format_name,
            FORMAT_RANK[batch.format_name],
            batch.encoding,
            rows,
            batch.months[0] if batch.months else None,
            batch.months[-1] if batch.months else None,
            now,
        ],
    )
    # The rows just written tell each month's level (the CSV view is not read a second time).
    written = (
        f"""SELECT month, mission, male FROM contribution_records WHERE source_id = {source_id}
            UNION ALL
            SELECT month, NULL, male FROM contributor_records WHERE source_id = {source_id}"""
        if batch.all_with_mission
        else f"SELECT month, mission, male FROM {view} WHERE {NON_ZERO}"
    )
    con.execute(
        f"""INSERT INTO source_file_months (source_id, month, detail)
            WITH months AS (SELECT unnest(?::DATE[]) AS month),
            found AS (
                SELECT month,
                       CASE WHEN bool_or(mission IS NOT NULL) THEN
                            CASE WHEN bool_and(male IS NOT NULL) THEN 'mission_sex'
                                 ELSE 'mission' END
                       ELSE CASE WHEN bool_and(male IS NOT NULL) THEN 'contributor_sex'
                                 ELSE 'contributor' END
                       END AS detail
                FROM ({written}) GROUP BY month)
            SELECT ?, m.month, coalesce(f.detail, ?)
            FROM months m LEFT JOIN found f USING (month)""",
        [batch.months, source_id, DEFAULT_DETAIL.get(batch.format_name, "mission_sex")],
    )
    return source_id, name, rows


def duplicate_cells(
    con: duckdb.DuckDBPyConnection, source_id: int, limit: int
) -> list[tuple[object, ...]]:
    """Cells (month x contributor x mission x type) that the rows just written for
    ``source_id`` give more than once: (first line, month, contributor, mission, type, lines).

    Checked on the written rows, inside the caller's transaction (a duplicate is a problem of
    the file: the caller raises and the transaction rolls back), so that the file's long rows
    are computed once, by the INSERT, not a second time for the check.
    """
    # Fast test first: distinct hashes of the key. Equal counts prove there is no duplicate;
    # a difference may be a hash collision, so the exact GROUP BY below decides.
    duplicated = con.execute(
        """SELECT count(*) - count(DISTINCT hash(month, contributor_iso3, mission,
                                                  personnel_type))
           FROM contribution_records WHERE source_id = ?""",
        [source_id],
    ).fetchall()[0][0]
    if not duplicated:
        return []
    return con.execute(
        f"""SELECT min(line), month, contributor_iso3, mission, personnel_type,
                   string_agg(line::VARCHAR, ', ' ORDER BY line)
            FROM contribution_records WHERE source_id = ?
            GROUP BY month, contributor_iso3, mission, personnel_type
            HAVING count(*) > 1 ORDER BY 1 LIMIT {int(limit)}""",
        [source_id],
    ).fetchall()


def _choose_cells(con: duckdb.DuckDBPyConnection, months: list[dt.date]) -> None:
    """Mark the winning source of each month x contributor x mission among several."""
    shared = con.execute(
        """SELECT count(*) FROM (SELECT month FROM source_file_months
           WHERE month IN (SELECT unnest(?::DATE[])) GROUP BY month HAVING count(*) > 1)""",
        [months],
    ).fetchall()[0][0]
    if not shared:
        return
    con.execute(
        """UPDATE contribution_records r SET chosen = (r.source_id = w.source_id)
        FROM (
            SELECT month, contributor_iso3, mission,
                   arg_min(source_id, (format_rank, -epoch_us(ingested_at), -source_id))
                       AS source_id
            FROM (SELECT DISTINCT month, contributor_iso3, mission, source_id
                  FROM contribution_records
                  WHERE month IN (SELECT unnest(?::DATE[])))
            JOIN source_files USING (source_id)
            GROUP BY ALL
        ) w
        WHERE r.month = w.month AND r.contributor_iso3 = w.contributor_iso3
          AND r.mission = w.mission""",
        [months],
    )


def resolve_months(con: duckdb.DuckDBPyConnection, months: list[dt.date]) -> None:
    """Choose, for each month x contributor x mission of the given months, one source's rows,
    then rebuild the ``contributor_months`` rows of those months.

    The winner is the source of the best-ranked format (``FORMAT_RANK``), then the most recently
    ingested. A month's contributor figures come from its most detailed level: the sum over
    missions where any source splits the month by mission, otherwise the best-ranked source
    that gives contributor totals (chosen per contributor).
    """
    if months:
        _choose_cells(con, months)
        con.execute(
            "DELETE FROM contributor_month_rows WHERE month IN (SELECT unnest(?::DATE[]))",
            [months],
        )
        con.execute(
            "INSERT INTO contributor_month_rows "
            + CONTRIBUTOR_MONTHS_SQL.format(touched="SELECT unnest(?::DATE[]) AS month"),
            [months],
        )
    con.execute(
        "INSERT OR REPLACE INTO meta VALUES ('data_version', ?)",
        [dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")],
    )
