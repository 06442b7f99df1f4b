"""Ingesting files into the store. Every file is read and checked first (into TEMP objects only);
then all of them are written in one transaction. Any problem in any file leaves the database
exactly as it was, and so does a crash at any point."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pkobs.errors import DataProblem, IngestError
from pkobs.ingest import FORMATS, Batch, detect_format, inspect_file, validate_file
from pkobs.refdata.countries import CountryResolver
from pkobs.store.write import known_sha256, resolve_months, write_batch


@dataclass(frozen=True)
class FileOutcome:
    path: Path
    status: str  # "ingested" or "already ingested"
    source: str
    format: str
    encoding: str
    rows: int
    first_month: dt.date | None
    last_month: dt.date | None


@dataclass
class IngestReport:
    files: list[FileOutcome] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(f.rows for f in self.files if f.status == "ingested")


Progress = Callable[[str], None]


def _resolver(con: duckdb.DuckDBPyConnection) -> CountryResolver:
    aliases = dict(con.execute("SELECT alias, iso3 FROM ref_country_aliases").fetchall())
    known = [r[0] for r in con.execute("SELECT iso3 FROM ref_countries").fetchall()]
    return CountryResolver(aliases, known)


def _check_all(
    con: duckdb.DuckDBPyConnection,
    paths: Sequence[Path],
    source_format: str,
    say: Progress,
    today: dt.date | None,
    report: IngestReport,
) -> list[Batch]:
    """Validate every file; raise one IngestError listing the problems of all of them."""
    resolver = _resolver(con)
    problems: list[DataProblem] = []
    failed: list[str] = []
    batches: list[Batch] = []
    seen: set[str] = set()
    run = uuid.uuid4().hex[:8]
    try:
        for index, path in enumerate(map(Path, paths)):
            say(f"reading {path}")
            try:
                info = inspect_file(path)
                fmt = FORMATS.get(source_format) or detect_format(info.header)
                existing = known_sha256(con, info.sha256)
                if existing or info.sha256 in seen:
                    report.files.append(
                        FileOutcome(
                            path,
                            "already ingested",
                            existing or "(same file twice)",
                            fmt.name,
                            info.encoding,
                            0,
                            None,
                            None,
                        )
                    )
                    continue
                seen.add(info.sha256)
                say(f"checking {path} ({fmt.name}, {info.encoding})")
                batch, found = validate_file(
                    con, info, fmt, resolver, f"ingest_{run}_{index}", today
                )
            except IngestError as exc:
                failed.append(exc.summary)
                problems += exc.problems or [DataProblem(exc.summary, path)]
                continue
            if batch is None:
                failed.append(f"{path}: {len(found)} problems")
                problems += found
            else:
                batches.append(batch)
        if problems:
            raise IngestError("nothing was ingested; " + "; ".join(failed), problems)
    except BaseException:
        for batch in batches:
            batch.cleanup(con)
        raise
    return batches


def ingest_files(
    con: duckdb.DuckDBPyConnection,
    paths: Sequence[Path],
    source_format: str = "auto",
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> IngestReport:
    """Ingest ``paths`` in one transaction; raise :class:`IngestError` listing every problem."""
    if source_format != "auto" and source_format not in FORMATS:
        raise IngestError(
            f"unknown format {source_format!r}; use auto or one of {', '.join(FORMATS)}"
        )
    say = progress or (lambda _message: None)
    report = IngestReport()
    batches = _check_all(con, paths, source_format, say, today, report)
    if not batches:
        return report
    now = dt.datetime.now(dt.UTC)
    months: set[dt.date] = set()
    con.execute("BEGIN TRANSACTION")
    try:
        for batch in batches:
            say(f"writing {batch.info.path}")
            name, _source_id, rows = write_batch(con, batch, now)
            months.update(batch.months)
            report.files.append(
                FileOutcome(
                    batch.info.path,
                    "ingested",
                    name,
                    batch.source_format.name,
                    batch.info.encoding,
                    rows,
                    batch.months[0] if batch.months else None,
                    batch.months[-1] if batch.months else None,
                )
            )
        resolve_months(con, sorted(months))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        for batch in batches:
            batch.cleanup(con)
    return report
