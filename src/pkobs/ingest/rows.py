"""Formats that pkobs parses itself (PDF reports, JSON records, per-country series) hand over
parsed rows; this module checks them against the reference data and stages them in a TEMP table.

The checks are the same as for the CSV formats: every country resolves (reviewed aliases, never a
guess), every mission is known, counts are non-negative integers, no cell is given twice, and no
month lies in the future. Every problem names the file and its line or page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pkobs.errors import DataProblem
from pkobs.messages import Count, Message
from pkobs.refdata.countries import CountryResolver
from pkobs.store.schema import PERSONNEL_TYPES

MAX_PROBLEMS = 200


@dataclass(frozen=True)
class ParsedRow:
    """One count as a source gives it, before names are resolved."""

    line: int  # 1-based line (CSV, JSON record number) or data-row number (PDF)
    page: int | None  # 1-based page for PDF reports
    month: dt.date  # the month's last day
    contributor: str  # name as written ("" when only a code is given)
    contributor_code: str | None  # ISO-3 code as written, when the source has one
    mission: str | None  # None: the source gives no mission split
    personnel_type: str
    male: int | None
    female: int | None
    total: int


@dataclass(frozen=True)
class ParsedFile:
    """A file read by one of pkobs's own parsers, with the months it covers."""

    path: Path
    sha256: str
    size: int
    format_name: str
    encoding: str
    rows: tuple[ParsedRow, ...]
    months: tuple[dt.date, ...]  # every month the file covers, zero-only months included
    checks: int = 0  # printed totals reconciled
    notes: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class StagedRows:
    """Checked rows in a TEMP table (``view``), ready for :func:`pkobs.store.write.write_batch`."""

    parsed: ParsedFile
    view: str

    def cleanup(self, con: duckdb.DuckDBPyConnection) -> None:
        con.execute(f"DROP TABLE IF EXISTS {self.view}")


def _known_missions(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[dt.date, dt.date | None]]:
    rows = con.execute("SELECT acronym, start_date, end_date FROM ref_missions").fetchall()
    return {str(r[0]): (r[1], r[2]) for r in rows}


def _problem(
    parsed: ParsedFile, row: ParsedRow, message: Message, column: str | None = None
) -> DataProblem:
    line = None if row.page is not None else row.line
    return DataProblem(message, parsed.path, line, None, column, page=row.page)


def _resolve(
    parsed: ParsedFile, resolver: CountryResolver
) -> tuple[dict[tuple[str, str | None], str], list[DataProblem]]:
    resolved: dict[tuple[str, str | None], str] = {}
    problems: list[DataProblem] = []
    first: dict[tuple[str, str | None], tuple[ParsedRow, int]] = {}
    for row in parsed.rows:
        key = (row.contributor, row.contributor_code)
        seen = first.get(key)
        first[key] = (seen[0], seen[1] + 1) if seen else (row, 1)
    for (name, code), (row, count) in first.items():
        rows = Count(count, "row")
        by_name = resolver.resolve(name) if name.strip() else None
        upper = (code or "").strip().upper()
        by_code = upper if upper in resolver.known else None
        if code and by_code is None:
            message = Message.of("ingest.unknown_code", code=code, rows=rows)
            problems.append(_problem(parsed, row, message))
        elif by_name and by_code and by_name != by_code:
            message = Message.of(
                "ingest.name_code_mismatch", name=name, iso3=by_name, code=code, rows=rows
            )
            problems.append(_problem(parsed, row, message))
        elif not by_name and not by_code:
            message = Message.of("ingest.unknown_country", name=name, rows=rows)
            problems.append(_problem(parsed, row, message))
        else:
            resolved[(name, code)] = str(by_code or by_name)
    return resolved, problems


def _row_problems(
    parsed: ParsedFile,
    missions: dict[str, tuple[dt.date, dt.date | None]],
    today: dt.date,
) -> Iterable[DataProblem]:
    unknown_missions: set[str] = set()
    future: set[dt.date] = set()
    for row in parsed.rows:
        mission = row.mission
        if mission is not None and mission not in missions and mission not in unknown_missions:
            unknown_missions.add(mission)
            count = sum(1 for r in parsed.rows if r.mission == mission)
            message = Message.of("ingest.unknown_mission", value=mission, rows=Count(count, "row"))
            yield _problem(parsed, row, message)
        if row.personnel_type not in PERSONNEL_TYPES:
            known = ", ".join(PERSONNEL_TYPES)
            message = Message.of(
                "ingest.unknown_type", value=row.personnel_type, rows="1", known=known
            )
            yield _problem(parsed, row, message)
        for value in (row.male, row.female, row.total):
            if value is not None and value < 0:
                yield _problem(parsed, row, Message.of("ingest.negative", value=str(value)))
        if row.male is not None and row.female is not None and row.male + row.female != row.total:
            message = Message.of(
                "ingest.sex_above_total",
                male=str(row.male),
                female=str(row.female),
                total=str(row.total),
            )
            yield _problem(parsed, row, message)
        if row.month > today and row.month not in future:
            future.add(row.month)
            message = Message.of(
                "ingest.future",
                value=f"{row.month:%Y-%m}",
                today=today.isoformat(),
                rows=Count(sum(1 for r in parsed.rows if r.month == row.month), "row"),
            )
            yield _problem(parsed, row, message)


def _duplicates(
    parsed: ParsedFile, resolved: dict[tuple[str, str | None], str]
) -> Iterable[DataProblem]:
    seen: dict[tuple[object, ...], ParsedRow] = {}
    for row in parsed.rows:
        if not (row.total or row.male or row.female):
            continue  # a printed zero is "sent nobody": never stored, never a duplicate
        iso3 = resolved.get((row.contributor, row.contributor_code))
        key = (row.month, iso3, row.mission, row.personnel_type)
        if iso3 is None:
            continue
        if key in seen:
            where = seen[key].line if seen[key].page is None else seen[key].page
            message = Message.of(
                "history.duplicate",
                month=f"{row.month:%Y-%m}",
                iso3=iso3,
                mission=row.mission or "—",
                type=row.personnel_type,
                first=str(where),
            )
            yield _problem(parsed, row, message)
        else:
            seen[key] = row


def stage_rows(
    con: duckdb.DuckDBPyConnection,
    parsed: ParsedFile,
    resolver: CountryResolver,
    table: str,
    today: dt.date,
) -> tuple[StagedRows | None, list[DataProblem]]:
    """Check ``parsed`` and load it into the TEMP table ``table``; (staged, []) or (None, why)."""
    resolved, problems = _resolve(parsed, resolver)
    for problem in _row_problems(parsed, _known_missions(con), today):
        problems.append(problem)
        if len(problems) >= MAX_PROBLEMS:
            break
    if not problems:
        problems += list(_duplicates(parsed, resolved))[:MAX_PROBLEMS]
    if problems:
        return None, problems
    con.execute(
        f"""CREATE TEMP TABLE {table}(line INTEGER, page INTEGER, month DATE,
            contributor_iso3 VARCHAR, mission VARCHAR, personnel_type VARCHAR,
            male INTEGER, female INTEGER, total INTEGER)"""
    )
    rows = [r for r in parsed.rows if r.total or r.male or r.female]
    if rows:
        columns: list[list[object]] = [
            [r.line for r in rows],
            [r.page for r in rows],
            [r.month for r in rows],
            [resolved[(r.contributor, r.contributor_code)] for r in rows],
            [r.mission for r in rows],
            [r.personnel_type for r in rows],
            [r.male for r in rows],
            [r.female for r in rows],
            [r.total for r in rows],
        ]
        con.execute(
            f"""INSERT INTO {table} SELECT unnest($1), unnest($2), unnest($3::DATE[]),
                unnest($4), unnest($5::VARCHAR[]), unnest($6), unnest($7::INTEGER[]),
                unnest($8::INTEGER[]), unnest($9)""",
            columns,
        )
    return StagedRows(parsed, table), []
