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
from pkobs.i18n import count_of, t
from pkobs.ingest import FORMATS, Batch, detect_format, inspect_file, validate_file
from pkobs.ingest.inspect import open_regular
from pkobs.ingest.ipi_json import read_ipi_json
from pkobs.ingest.ipi_series import is_series_header, read_ipi_series
from pkobs.ingest.rows import ParsedFile, StagedRows, stage_rows
from pkobs.ingest.un_pdf import is_pdf, read_un_pdf
from pkobs.refdata.countries import CountryResolver
from pkobs.settings import Language
from pkobs.store.write import BatchToWrite, known_sha256, resolve_months, write_batch

# Formats pkobs parses itself (not CSV files read by DuckDB).
OWN_FORMATS: tuple[str, ...] = ("un-pdf", "ipi-json", "ipi-series")
FORMAT_NAMES: tuple[str, ...] = (*FORMATS, *OWN_FORMATS)
Staged = Batch | StagedRows


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


def _own_format(path: Path, requested: str, lang: Language) -> str | None:
    """Which of pkobs's own formats ``path`` is in (None: a CSV format DuckDB reads)."""
    if requested in OWN_FORMATS:
        return requested
    if requested != "auto":
        return None
    with open_regular(path, lang) as (handle, _size):  # refuses special files unread
        head = handle.read(64)
    if is_pdf(head):
        return "un-pdf"
    if path.suffix.lower() == ".json" or head.lstrip().startswith((b"[", b"{")):
        return "ipi-json"
    return None


def _parse_own(path: Path, name: str, month: dt.date | None, lang: Language) -> ParsedFile:
    if name == "un-pdf":
        return read_un_pdf(path, month, lang)
    if name == "ipi-json":
        return read_ipi_json(path, lang)
    return read_ipi_series(path, lang)


def _already(path: Path, existing: str | None, fmt: str, encoding: str) -> FileOutcome:
    return FileOutcome(
        path, "already ingested", existing or "(same file twice)", fmt, encoding, 0, None, None
    )


def _check_all(
    con: duckdb.DuckDBPyConnection,
    paths: Sequence[Path],
    source_format: str,
    say: Progress,
    today: dt.date | None,
    report: IngestReport,
    lang: Language,
    month: dt.date | None = None,
) -> list[Staged]:
    """Validate every file; raise one IngestError listing the problems of all of them."""
    resolver = _resolver(con)
    problems: list[DataProblem] = []
    failed: list[str] = []
    batches: list[Staged] = []
    seen: dict[str, Path] = {}  # sha256 -> the first file of this call with those bytes
    run = uuid.uuid4().hex[:8]
    try:
        for index, path in enumerate(map(Path, paths)):
            say(t("ingest.reading", lang, path=path))
            prefix = f"ingest_{run}_{index}"
            found: list[DataProblem]
            batch: Staged | None
            try:
                own = _own_format(path, source_format, lang)
                info = None if own else inspect_file(path, lang)
                if info is not None and source_format == "auto" and is_series_header(info.header):
                    own = "ipi-series"
                if own:
                    parsed = _parse_own(path, own, month, lang)
                    existing = known_sha256(con, parsed.sha256)
                    if existing or parsed.sha256 in seen:
                        first = existing or f"(same bytes as {seen[parsed.sha256].name})"
                        report.files.append(_already(path, first, own, parsed.encoding))
                        continue
                    seen[parsed.sha256] = path
                    say(t("ingest.checking", lang, path=path, format=own, encoding=parsed.encoding))
                    batch, found = stage_rows(
                        con, parsed, resolver, prefix, today or dt.date.today(), lang
                    )
                else:
                    assert info is not None
                    fmt = FORMATS.get(source_format) or detect_format(info.header, lang)
                    existing = known_sha256(con, info.sha256)
                    if existing or info.sha256 in seen:
                        first = existing or f"(same bytes as {seen[info.sha256].name})"
                        report.files.append(_already(path, first, fmt.name, info.encoding))
                        continue
                    seen[info.sha256] = path
                    say(
                        t(
                            "ingest.checking",
                            lang,
                            path=path,
                            format=fmt.name,
                            encoding=info.encoding,
                        )
                    )
                    batch, found = validate_file(con, info, fmt, resolver, prefix, today, lang)
            except IngestError as exc:
                failed.append(exc.summary)
                problems += exc.problems or [DataProblem(exc.summary, path, lang=lang)]
                continue
            if batch is None:
                failed.append(
                    t(
                        "ingest.file_problems",
                        lang,
                        path=path,
                        problems=count_of(len(found), "problem", lang),
                    )
                )
                problems += found
            else:
                batches.append(batch)
        if problems:
            raise IngestError(
                t("ingest.nothing_ingested", lang, reasons="; ".join(failed)), problems, lang
            )
    except BaseException:
        for batch in batches:
            batch.cleanup(con)
        raise
    return batches


def _to_write(batch: Staged) -> BatchToWrite:
    if isinstance(batch, StagedRows):
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
    return BatchToWrite(
        batch.info.path,
        batch.info.sha256,
        batch.source_format.name,
        batch.info.encoding,
        batch.view,
        batch.months,
        all_with_mission=True,
    )


def ingest_files(
    con: duckdb.DuckDBPyConnection,
    paths: Sequence[Path],
    source_format: str = "auto",
    progress: Progress | None = None,
    today: dt.date | None = None,
    lang: Language = "en",
    month: dt.date | None = None,
) -> IngestReport:
    """Ingest ``paths`` in one transaction; raise :class:`IngestError` listing every problem
    (worded in ``lang``). ``month`` dates a PDF report that prints no date."""
    if source_format != "auto" and source_format not in FORMAT_NAMES:
        raise IngestError(
            t(
                "ingest.unknown_format_name",
                lang,
                name=source_format,
                formats=", ".join(FORMAT_NAMES),
            ),
            lang=lang,
        )
    say = progress or (lambda _message: None)
    report = IngestReport()
    batches = _check_all(con, paths, source_format, say, today, report, lang, month)
    if not batches:
        return report
    now = dt.datetime.now(dt.UTC)
    months: set[dt.date] = set()
    con.execute("BEGIN TRANSACTION")
    try:
        for batch in batches:
            target = _to_write(batch)
            say(t("ingest.writing", lang, path=target.path))
            name, rows = write_batch(con, target, now)
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
        resolve_months(con, sorted(months))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        for batch in batches:
            batch.cleanup(con)
    return report
