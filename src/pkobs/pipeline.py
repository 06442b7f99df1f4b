"""Ingesting files into the store: read, validate every file, then write them all in one
transaction. Any problem in any file leaves the database exactly as it was."""

from __future__ import annotations

import datetime as dt
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
    problems: list[DataProblem] = []
    failed: list[str] = []
    batches: list[Batch] = []
    con.execute("BEGIN TRANSACTION")
    try:
        resolver = _resolver(con)
        seen: set[str] = set()
        for index, path in enumerate(paths):
            say(f"reading {path}")
            try:
                info = inspect_file(Path(path))
                fmt = FORMATS[source_format] if source_format != "auto" else detect_format(
                    info.header
                )
            except IngestError as exc:
                failed.append(exc.summary)
                problems += exc.problems or [DataProblem(exc.summary, Path(path))]
                continue
            existing = known_sha256(con, info.sha256)
            if existing or info.sha256 in seen:
                report.files.append(
                    FileOutcome(Path(path), "already ingested", existing or "(same file twice)",
                                fmt.name, info.encoding, 0, None, None)
                )
                continue
            seen.add(info.sha256)
            say(f"checking {path} ({fmt.name}, {info.encoding})")
            try:
                batch, found = validate_file(con, info, fmt, resolver, f"ingest{index}", today)
            except IngestError as exc:
                failed.append(exc.summary)
                problems += exc.problems
                # DuckDB aborts the transaction on a parse error: start a fresh one so the other
                # files are still checked (nothing will be written, since problems were found).
                con.execute("ROLLBACK")
                con.execute("BEGIN TRANSACTION")
                continue
            if batch is None:
                failed.append(f"{path}: {len(found)} problems")
                problems += found
                continue
            batches.append(batch)
        if problems:
            raise IngestError(
                "nothing was ingested; " + "; ".join(failed), problems
            )
        now = dt.datetime.now(dt.UTC)
        months: set[dt.date] = set()
        for batch in batches:
            say(f"writing {batch.info.path} ({batch.rows:,} rows)")
            name = write_batch(con, batch, now)
            months.update(batch.months)
            report.files.append(
                FileOutcome(batch.info.path, "ingested", name, batch.source_format.name,
                            batch.info.encoding, batch.rows,
                            batch.months[0] if batch.months else None,
                            batch.months[-1] if batch.months else None)
            )
        resolve_months(con, sorted(months))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return report
