"""Parser for the UN's monthly PDF reports of uniformed personnel by contributing country.

``read_report(path)`` reads one report, whatever its layout (January 2015 – July 2025), checks it
against every subtotal and total it prints, and returns language-free rows; anything it cannot
read or that does not add up raises :class:`PdfReportError`, whose problems carry message keys
(``pdf.*``): each problem's :attr:`PdfProblem.message` is a language-free Message, and the error
is worded at the edge by ``error.message(lang)``.

The names below are imported on first use: a command that only needs :mod:`.dates` (the CSV and
JSON readers) does not load the layouts and the PDF engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pkobs.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from pkobs.ingest.pdf.layouts import LAYOUTS
    from pkobs.ingest.pdf.model import PdfProblem, PdfReport, PdfReportError, PdfRow
    from pkobs.ingest.pdf.read import read_report

_WHERE = {
    "LAYOUTS": "layouts",
    "PdfProblem": "model",
    "PdfReport": "model",
    "PdfReportError": "model",
    "PdfRow": "model",
    "read_report": "read",
}

__all__ = [
    "LAYOUTS",
    "PdfProblem",
    "PdfReport",
    "PdfReportError",
    "PdfRow",
    "read_report",
]

__getattr__ = lazy_exports(__name__, _WHERE)
