"""``un-pdf``: the UN's monthly PDF report of contributions, read by :mod:`pkobs.ingest.pdf`.

This module turns a parsed, reconciled report into rows for the store, and a rejected report into
an :class:`IngestError` whose problems name the file, the page and the printed line.
"""

from __future__ import annotations

import csv
import datetime as dt
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from pkobs.errors import DataProblem, IngestError
from pkobs.ingest.inspect import open_regular
from pkobs.ingest.rows import ParsedFile, ParsedRow
from pkobs.messages import Message

if TYPE_CHECKING:
    from pkobs.ingest.pdf.model import PdfProblem

FORMAT = "un-pdf"
REPORT_ALIASES = Path(__file__).resolve().parents[1] / "refdata" / "data" / "report_aliases.csv"


@cache
def report_aliases() -> dict[tuple[str, str], str]:
    """(sha256, name as printed) -> ISO-3 for names one report cuts short ("Republic of"),
    each reviewed with its evidence in ``refdata/data/report_aliases.csv``. They apply to that
    file only: the same cut name in another report is not resolved."""
    with REPORT_ALIASES.open(encoding="utf-8", newline="") as handle:
        return {(r["sha256"], r["printed"]): r["iso3"] for r in csv.DictReader(handle)}


def _pdf_message(problem: PdfProblem) -> Message:
    """A parser problem as a Message: numbers as printed, a column by its translated name."""
    values: dict[str, object] = {
        name: Message(f"pdf.column.{value}") if name == "column" else str(value)
        for name, value in problem.values.items()
    }
    message = Message(problem.key, values)
    if problem.text:
        return Message.of("history.printed", message=message, text=problem.text)
    return message


def read_un_pdf(path: Path, month: dt.date | None = None) -> ParsedFile:
    """Parse and reconcile one report. Raises :class:`IngestError` naming page and line."""
    from pypdfium2 import PdfiumError

    from pkobs.ingest.pdf import PdfReportError, read_report

    with open_regular(path) as (_handle, size):  # special files refused before pdfium
        pass
    try:
        report = read_report(path, month)
    except PdfiumError as exc:
        problem = DataProblem(Message.of("history.pdf_unreadable", reason=str(exc)), path)
        raise IngestError("history.pdf_unreadable_summary", [problem], path=str(path)) from None
    except PdfReportError as exc:
        problems = [DataProblem(_pdf_message(p), path, page=p.page) for p in exc.problems]
        summary = Message(exc.key, {k: str(v) for k, v in exc.values.items()})
        raise IngestError(summary, problems) from None
    aliases = report_aliases()
    rows = tuple(
        ParsedRow(
            r.line,
            r.page,
            report.month,
            r.contributor,
            aliases.get((report.sha256, r.contributor)),
            r.mission,
            r.personnel_type,
            r.male,
            r.female,
            r.total,
        )
        for r in report.rows
    )
    return ParsedFile(
        path,
        report.sha256,
        size,
        FORMAT,
        "pdf",
        rows,
        (report.month,),
        report.checks,
        (report.layout,),
    )
