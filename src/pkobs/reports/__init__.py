"""The monthly bulletin: figures from the indicators, generated text, charts, PDF and HTML.

``build_bulletin(db, month, lang, out)`` writes one bulletin (format from the extension);
``build_archive(db, lang, folder)`` writes every month and an ``index.html``. ``db`` is a
:class:`pkobs.store.database.Database`; each entry point makes the bulletin's one
:class:`pkobs.i18n.Locale`. Layers: :mod:`.data` (language-free facts from the indicators and
:mod:`pkobs.store.bulletin`), :mod:`.narrative` and :mod:`.text` (sentences, from the
``report`` catalogue), :mod:`.charts` (matplotlib), :mod:`.blocks` (what a document is made of),
:mod:`.layout` (the month's document composed of them), :mod:`.typst_render` /
:mod:`.html_render`, and :mod:`.output` (atomic writes).
"""

from __future__ import annotations

from pkobs.reports.bulletin import (
    FORMATS,
    Archive,
    build_archive,
    build_bulletin,
    bulletin_name,
    check_format,
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
    "check_format",
    "document_for",
    "format_for",
    "render",
]
