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
from pkobs.refdata.countries import CountryResolver
from pkobs.settings import Language
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
    lang: Language,
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
            say(t("ingest.reading", lang, path=path))
            try:
                info = inspect_file(path, lang)
                fmt = FORMATS.get(source_format) or detect_format(info.header, lang)
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
                say(t("ingest.checking", lang, path=path, format=fmt.name, encoding=info.encoding))
                batch, found = validate_file(
                    con, info, fmt, resolver, f"ingest_{run}_{index}", today, lang
                )
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


def ingest_files(
    con: duckdb.DuckDBPyConnection,
    paths: Sequence[Path],
    source_format: str = "auto",
    progress: Progress | None = None,
    today: dt.date | None = None,
    lang: Language = "en",
) -> IngestReport:
    """Ingest ``paths`` in one transaction; raise :class:`IngestError` listing every problem
    (worded in ``lang``)."""
    if source_format != "auto" and source_format not in FORMATS:
        raise IngestError(
            t("ingest.unknown_format_name", lang, name=source_format, formats=", ".join(FORMATS)),
            lang=lang,
        )
    say = progress or (lambda _message: None)
    report = IngestReport()
    batches = _check_all(con, paths, source_format, say, today, report, lang)
    if not batches:
        return report
    now = dt.datetime.now(dt.UTC)
    months: set[dt.date] = set()
    con.execute("BEGIN TRANSACTION")
    try:
        for batch in batches:
            say(t("ingest.writing", lang, path=batch.info.path))
            name, rows = write_batch(con, batch, now)
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
