"""Ingesting files into the store. Every file is read and checked first (into TEMP objects only);
then all of them are written in one transaction. Any problem in any file leaves the database
exactly as it was, and so does a crash at any point."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pkobs.errors import DataProblem, IngestError
from pkobs.ingest import FORMATS, Batch, detect_format, inspect_file, validate_file
from pkobs.ingest.formats import is_pdf, is_series_header
from pkobs.ingest.inspect import open_regular
from pkobs.ingest.validate import MAX_DUPLICATES, duplicate_problems
from pkobs.messages import Count, Message
from pkobs.store import revisions
from pkobs.store.database import Connection, Database
from pkobs.store.revisions import MonthRevision
from pkobs.store.write import (
    BatchToWrite,
    country_resolver,
    duplicate_cells,
    known_sha256,
    resolve_months,
    write_batch,
)

if TYPE_CHECKING:  # the own formats' staging is loaded when a file in one of them comes
    from pkobs.ingest.rows import ParsedFile, StagedRows

    Staged = Batch | StagedRows

# Formats pkobs parses itself (not CSV files read by DuckDB).
OWN_FORMATS: tuple[str, ...] = ("un-pdf", "ipi-json", "ipi-series")
FORMAT_NAMES: tuple[str, ...] = (*FORMATS, *OWN_FORMATS)


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
    # Months that older sources already covered where the new files' figures now win (source
    # precedence): every cell whose shown counts changed. Empty when the files only add months.
    revised: list[MonthRevision] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(f.rows for f in self.files if f.status == "ingested")


Progress = Callable[[Message], None]  # told what is being done, worded at the edge


def _own_format(path: Path, requested: str) -> str | None:
    """Which of pkobs's own formats ``path`` is in (None: a CSV format DuckDB reads)."""
    if requested in OWN_FORMATS:
        return requested
    if requested != "auto":
        return None
    with open_regular(path) as (handle, _size):  # refuses special files unread
        head = handle.read(64)
    if is_pdf(head):
        return "un-pdf"
    if path.suffix.lower() == ".json" or head.lstrip().startswith((b"[", b"{")):
        return "ipi-json"
    return None


def _parse_own(path: Path, name: str, month: dt.date | None) -> ParsedFile:
    # Imported here: ingesting CSV files does not load these readers.
    if name == "un-pdf":
        from pkobs.ingest.un_pdf import read_un_pdf

        return read_un_pdf(path, month)
    if name == "ipi-json":
        from pkobs.ingest.ipi_json import read_ipi_json

        return read_ipi_json(path)
    from pkobs.ingest.ipi_series import read_ipi_series

    return read_ipi_series(path)


def _file_problems(path: Path, found: list[DataProblem]) -> Message:
    return Message.of("ingest.file_problems", path=str(path), problems=Count(len(found), "problem"))


def _checking(path: Path, format_name: str, encoding: str) -> Message:
    return Message.of("ingest.checking", path=str(path), format=format_name, encoding=encoding)


def _already(path: Path, existing: str | None, fmt: str, encoding: str) -> FileOutcome:
    return FileOutcome(
        path, "already ingested", existing or "(same file twice)", fmt, encoding, 0, None, None
    )


def _check_all(
    con: Connection,
    paths: Sequence[Path],
    source_format: str,
    say: Progress,
    today: dt.date | None,
    report: IngestReport,
    month: dt.date | None = None,
) -> list[Staged]:
    """Validate every file; raise one IngestError listing the problems of all of them."""
    resolver = country_resolver(con)
    problems: list[DataProblem] = []
    failed: list[Message] = []
    batches: list[Staged] = []
    seen: dict[str, Path] = {}  # sha256 -> the first file of this call with those bytes
    run = uuid.uuid4().hex[:8]
    try:
        for index, path in enumerate(map(Path, paths)):
            say(Message.of("ingest.reading", path=str(path)))
            prefix = f"ingest_{run}_{index}"
            found: list[DataProblem]
            batch: Staged | None
            try:
                own = _own_format(path, source_format)
                info = None if own else inspect_file(path)
                if info is not None and source_format == "auto" and is_series_header(info.header):
                    own = "ipi-series"
                if own:
                    from pkobs.ingest.rows import stage_rows

                    parsed = _parse_own(path, own, month)
                    existing = known_sha256(con, parsed.sha256)
                    if existing or parsed.sha256 in seen:
                        first = existing or f"(same bytes as {seen[parsed.sha256].name})"
                        report.files.append(_already(path, first, own, parsed.encoding))
                        continue
                    seen[parsed.sha256] = path
                    say(_checking(path, own, parsed.encoding))
                    batch, found = stage_rows(
                        con, parsed, resolver, prefix, today or dt.date.today()
                    )
                else:
                    assert info is not None
                    fmt = FORMATS.get(source_format) or detect_format(info.header)
                    existing = known_sha256(con, info.sha256)
                    if existing or info.sha256 in seen:
                        first = existing or f"(same bytes as {seen[info.sha256].name})"
                        report.files.append(_already(path, first, fmt.name, info.encoding))
                        continue
                    seen[info.sha256] = path
                    say(_checking(path, fmt.name, info.encoding))
                    batch, found = validate_file(con, info, fmt, resolver, prefix, today)
            except IngestError as exc:
                failed.append(exc.summary)
                # A file refused whole: name it, unless its message already does.
                named = str(path) in map(str, exc.summary.values.values())
                where = None if named else path
                problems += exc.problems or [DataProblem(exc.summary, where)]
                continue
            if batch is None:
                failed.append(_file_problems(path, found))
                problems += found
            else:
                batches.append(batch)
        if problems:
            raise IngestError("ingest.nothing_ingested", problems, reasons=failed)
    except BaseException:
        for batch in batches:
            batch.cleanup(con)
        raise
    return batches


def _to_write(batch: Staged) -> BatchToWrite:
    if isinstance(batch, Batch):
        return BatchToWrite(
            batch.info.path,
            batch.info.sha256,
            batch.source_format.name,
            batch.info.encoding,
            batch.view,
            batch.months,
            all_with_mission=True,
        )
    parsed = batch.parsed
    return BatchToWrite(
        parsed.path,
        parsed.sha256,
        parsed.format_name,
        parsed.encoding,
        batch.view,
        list(parsed.months),
        has_page=True,
    )


def ingest_files(
    db: Database | Connection,
    paths: Sequence[Path],
    source_format: str = "auto",
    progress: Progress | None = None,
    today: dt.date | None = None,
    month: dt.date | None = None,
) -> IngestReport:
    """Ingest ``paths`` in one transaction; raise :class:`IngestError` listing every problem
    (language-free: render it with ``error.message(lang)``). ``month`` dates a PDF report that
    prints no date. ``progress`` is told each step as a :class:`Message`."""
    if source_format != "auto" and source_format not in FORMAT_NAMES:
        raise IngestError(
            "ingest.unknown_format_name", name=source_format, formats=", ".join(FORMAT_NAMES)
        )
    database = db if isinstance(db, Database) else Database(db, ":connection:", read_only=False)
    con = database.con
    say = progress or (lambda _message: None)
    report = IngestReport()
    batches = _check_all(con, paths, source_format, say, today, report, month)
    if not batches:
        return report
    now = dt.datetime.now(dt.UTC)
    try:
        with database.atomic():
            _write_all(con, batches, now, report, say)
    finally:
        for batch in batches:
            batch.cleanup(con)
    return report


def _write_all(
    con: Connection,
    batches: list[Staged],
    now: dt.datetime,
    report: IngestReport,
    say: Progress,
) -> None:
    """Write every staged batch, then choose each cell's source in the months touched (the
    caller holds the transaction)."""
    months: set[dt.date] = set()
    problems: list[DataProblem] = []
    failed: list[Message] = []
    written: list[int] = []
    for batch in batches:
        target = _to_write(batch)
        say(Message.of("ingest.writing", path=str(target.path)))
        source_id, name, rows = write_batch(con, target, now)
        written.append(source_id)
        if isinstance(batch, Batch):  # own formats were checked for duplicates when staged
            found = duplicate_problems(batch, duplicate_cells(con, source_id, MAX_DUPLICATES))
            if found:
                failed.append(_file_problems(target.path, found))
                problems += found
                continue
        months.update(target.months)
        report.files.append(
            FileOutcome(
                target.path,
                "ingested",
                name,
                target.format_name,
                target.encoding,
                rows,
                target.months[0] if target.months else None,
                target.months[-1] if target.months else None,
            )
        )
    if problems:  # raised inside the transaction: nothing written stays
        raise IngestError("ingest.nothing_ingested", problems, reasons=failed)
    shared = revisions.keep_overlap(con, sorted(months), written)
    resolve_months(con, sorted(months))
    report.revised = revisions.overlap_revisions(con, shared)
