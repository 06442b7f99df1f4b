"""``un-pdf``: the UN's monthly PDF report of contributions, read by :mod:`pkobs.ingest.pdf`.

This module turns a parsed, reconciled report into rows for the store, and a rejected report into
an :class:`IngestError` whose problems name the file, the page and the printed line.
"""

from __future__ import annotations

import csv
import datetime as dt
from functools import cache
from pathlib import Path

from pkobs.errors import DataProblem, IngestError
from pkobs.i18n import t
from pkobs.ingest.inspect import open_regular
from pkobs.ingest.rows import ParsedFile, ParsedRow
from pkobs.settings import Language

FORMAT = "un-pdf"
REPORT_ALIASES = Path(__file__).resolve().parents[1] / "refdata" / "data" / "report_aliases.csv"


@cache
def report_aliases() -> dict[tuple[str, str], str]:
    """(sha256, name as printed) -> ISO-3 for names one report cuts short ("Republic of"),
    each reviewed with its evidence in ``refdata/data/report_aliases.csv``. They apply to that
    file only: the same cut name in another report is not resolved."""
    with REPORT_ALIASES.open(encoding="utf-8", newline="") as handle:
        return {(r["sha256"], r["printed"]): r["iso3"] for r in csv.DictReader(handle)}


def is_pdf(head: bytes) -> bool:
    return head.lstrip(b"\r\n\t ").startswith(b"%PDF-")


def read_un_pdf(path: Path, month: dt.date | None = None, lang: Language = "en") -> ParsedFile:
    """Parse and reconcile one report. Raises :class:`IngestError` naming page and line."""
    from pypdfium2 import PdfiumError

    from pkobs.ingest.pdf import PdfReportError, read_report

    with open_regular(path, lang) as (_handle, size):  # special files refused before pdfium
        pass
    try:
        report = read_report(path, month)
    except PdfiumError as exc:
        problem = DataProblem(t("history.pdf_unreadable", lang, reason=str(exc)), path, lang=lang)
        raise IngestError(
            t("history.pdf_unreadable_summary", lang, path=path), [problem], lang
        ) from None
    except PdfReportError as exc:
        problems = [
            DataProblem(
                t("history.printed", lang, message=t(p.key, lang, **p.values), text=p.text)
                if p.text
                else t(p.key, lang, **p.values),
                path,
                lang=lang,
                page=p.page,
            )
            for p in exc.problems
        ]
        raise IngestError(t(exc.key, lang, **exc.values), problems, lang) from None
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
