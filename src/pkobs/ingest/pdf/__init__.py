"""Parser for the UN's monthly PDF reports of uniformed personnel by contributing country.

``read_report(path)`` reads one report, whatever its layout (January 2015 – July 2025), checks it
against every subtotal and total it prints, and returns language-free rows; anything it cannot
read or that does not add up raises :class:`PdfReportError`, whose problems carry message keys
(``pdf.*``) rendered by :func:`describe`.
"""

from __future__ import annotations

from pkobs.ingest.pdf.layouts import LAYOUTS
from pkobs.ingest.pdf.model import PdfProblem, PdfReport, PdfReportError, PdfRow, describe
from pkobs.ingest.pdf.read import read_report

__all__ = [
    "LAYOUTS",
    "PdfProblem",
    "PdfReport",
    "PdfReportError",
    "PdfRow",
    "describe",
    "read_report",
]
