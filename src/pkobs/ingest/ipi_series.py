"""``ipi-series``: IPI's per-country monthly series (``country-series/<Country>.csv``).

``Date, Troops, Police, Experts`` from November 1990 to March 2014, no mission and no sex. The
country is only in the file name: a name that does not resolve is an error, not a skip. ``NA``
means none (a zero: the country sent nobody of that type that month).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

from pkobs.errors import DataProblem, IngestError
from pkobs.ingest.formats import SERIES_HEADER as HEADER
from pkobs.ingest.formats import is_series_header
from pkobs.ingest.inspect import file_digest
from pkobs.ingest.pdf.dates import last_day
from pkobs.ingest.rows import ParsedFile, ParsedRow
from pkobs.messages import Message

FORMAT = "ipi-series"
TYPES = ("troops", "police", "experts_on_mission")
MAX_BYTES = 16 << 20
COUNT = re.compile(r"[0-9]+")
DATE = re.compile(r"([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?")


def country_of(path: Path) -> str:
    """The contributor named by the file: ``Cote d Ivoire.csv`` -> ``Cote d Ivoire``."""
    return path.stem.replace("_", " ").strip()


def _month(text: str) -> dt.date | None:
    match = DATE.fullmatch(text.strip())
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    try:
        dt.date(year, month, int(match.group(3) or 1))
    except ValueError:
        return None
    return last_day(year, month)


def read_ipi_series(path: Path) -> ParsedFile:
    """Parse one per-country series. Raises :class:`IngestError` listing every bad cell."""
    sha256, size = file_digest(path)
    summary = Message.of("history.series_summary", path=str(path))
    if size > MAX_BYTES:
        message = Message.of("history.too_large", size=size, limit=MAX_BYTES)
        raise IngestError(summary, [DataProblem(message, path)])
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise IngestError(summary, [DataProblem(Message("ingest.encoding"), path)]) from None
    name = country_of(path)
    problems: list[DataProblem] = []
    rows: list[ParsedRow] = []
    months: list[dt.date] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    if not is_series_header(header):
        message = Message.of("history.series_header", header=", ".join(header))
        raise IngestError(summary, [DataProblem(message, path, 1)])
    seen: dict[dt.date, int] = {}
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(HEADER):
            message = Message.of("history.series_fields", found=len(cells), expected=len(HEADER))
            problems.append(DataProblem(message, path, line))
            continue
        month = _month(cells[0])
        if month is None:
            message = Message.of("ingest.not_month", value=cells[0], rows="1")
            problems.append(DataProblem(message, path, line, 1, "Date"))
            continue
        if month in seen:
            message = Message.of(
                "history.series_month_twice", month=f"{month:%Y-%m}", first=str(seen[month])
            )
            problems.append(DataProblem(message, path, line, 1, "Date"))
            continue
        seen[month] = line
        months.append(month)
        for column, (cell, personnel_type) in enumerate(zip(cells[1:], TYPES, strict=True), 2):
            value = cell.strip()
            if value.upper() in ("", "NA"):
                continue
            if not COUNT.fullmatch(value):
                message = Message.of("ingest.not_integer", value=cell)
                problems.append(DataProblem(message, path, line, column, header[column - 1]))
                continue
            total = int(value)
            if total:
                rows.append(
                    ParsedRow(
                        line, None, month, name, None, None, personnel_type, None, None, total
                    )
                )
    if not months and not problems:
        problems.append(DataProblem(Message("ingest.no_rows"), path, 2))
    if problems:
        raise IngestError(summary, problems)
    return ParsedFile(path, sha256, size, FORMAT, "utf-8", tuple(rows), tuple(sorted(months)))
