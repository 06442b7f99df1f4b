"""The monthly bulletin: figures from the indicators, generated text, charts, PDF and HTML.

``build_bulletin(con, month, lang, out)`` writes one bulletin (format from the extension);
``build_archive(con, lang, folder)`` writes every month and an ``index.html``.
Layers: :mod:`.data` (indicators -> figures), :mod:`.narrative` (sentences), :mod:`.charts`
(matplotlib), :mod:`.layout` (blocks), :mod:`.typst_render` / :mod:`.html_render`, and
:mod:`.output` (atomic writes).
"""

from __future__ import annotations

from pkobs.reports.bulletin import (
    FORMATS,
    Archive,
    build_archive,
    build_bulletin,
    bulletin_name,
    document_for,
    format_for,
    render,
)
from pkobs.reports.errors import MonthWithoutDataError, OutputNotWritableError, ReportError

__all__ = [
    "FORMATS",
    "Archive",
    "MonthWithoutDataError",
    "OutputNotWritableError",
    "ReportError",
    "build_archive",
    "build_bulletin",
    "bulletin_name",
    "document_for",
    "format_for",
    "render",
]
