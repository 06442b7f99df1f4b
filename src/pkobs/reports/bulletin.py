"""Build one bulletin (PDF or HTML) or the archive of every month, atomically.

These are the bulletin's edges: each creates the one :class:`pkobs.i18n.Locale` the bulletin
is written in and passes it down; everything below gathers language-free facts
(:mod:`.data`) or words them with that locale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from pkobs.i18n import Locale
from pkobs.indicators import Params
from pkobs.render.export import check_extension, named_format
from pkobs.reports.blocks import Document
from pkobs.reports.data import check_month, gather
from pkobs.reports.errors import OutputNotWritableError, ReportError
from pkobs.reports.html_render import STYLE, render_html
from pkobs.reports.layout import compose
from pkobs.reports.output import check_writable, write_atomic
from pkobs.reports.typst_render import render_pdf
from pkobs.settings import Language
from pkobs.store import bulletin as store
from pkobs.store.bulletin import Handle
from pkobs.store.database import Database

FORMATS = ("pdf", "html")
# The extensions that name a bulletin's format (a --format that contradicts them is refused).
EXTENSIONS = {"pdf": "pdf", "html": "html", "htm": "html"}


def check_format(fmt: str) -> str:
    """``fmt`` itself when the bulletin can be written in it (``pdf``, ``html``), else a
    :class:`ReportError` (``report.error.unknown_format``) naming the formats."""
    if fmt not in FORMATS:
        raise ReportError("report.error.unknown_format", format=fmt)
    return fmt


def format_for(out: Path, fmt: str | None) -> str:
    """The explicit format, which the file extension must not contradict (``html`` for
    ``bulletin.pdf`` is refused: which one was meant?), else the one the extension names
    (``.pdf``, ``.html``, ``.htm``)."""
    if fmt is not None:
        check_extension(out, check_format(fmt), EXTENSIONS)
        return fmt
    named = named_format(out, EXTENSIONS)
    if named is None:
        raise ReportError("report.error.no_extension", path=str(out))
    return named


def _database(db: Handle) -> Database:
    return store.handle(db)


def document(
    db: Handle,
    month: dt.date,
    locale: Locale,
    params: Params | None = None,
    now: dt.datetime | None = None,
) -> Document:
    """Gather the figures of ``month`` (a month-end date) and lay the bulletin out."""
    data = gather(_database(db), month, params, now)  # language-free facts
    return compose(data, locale)


def document_for(
    db: Handle,
    month: dt.date,
    lang: Language,
    params: Params | None = None,
    now: dt.datetime | None = None,
) -> Document:
    """The bulletin of ``month`` in ``lang`` as blocks (one :class:`Locale` made here)."""
    return document(db, month, Locale(lang), params, now)


def render(document: Document, fmt: str) -> bytes:
    return render_pdf(document) if fmt == "pdf" else render_html(document)


def build_bulletin(
    db: Handle,
    month: dt.date,
    lang: Language,
    out: Path,
    fmt: str | None = None,
    params: Params | None = None,
    now: dt.datetime | None = None,
) -> Path:
    """Write the bulletin of ``month`` in ``lang`` to ``out``; nothing is written if anything
    fails."""
    database = _database(db)
    locale = Locale(lang)
    out = Path(out)
    check_writable(out)
    chosen = format_for(out, fmt)
    check_month(database, month)
    write_atomic(out, render(document(database, month, locale, params, now), chosen))
    return out


@dataclass
class Archive:
    folder: Path
    index: Path
    files: dict[dt.date, list[Path]] = field(default_factory=dict)


def bulletin_name(month: dt.date, lang: Language, fmt: str) -> str:
    return f"bulletin-{month:%Y-%m}.{lang}.{fmt}"


def _archive_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise OutputNotWritableError("report.error.archive_is_file", folder=str(folder))
    if not folder.exists():
        check_writable(folder)
        try:
            folder.mkdir()
        except OSError as exc:
            raise OutputNotWritableError(
                "report.error.mkdir_failed", folder=str(folder), reason=str(exc.strerror)
            ) from None


def build_archive(
    db: Handle,
    lang: Language,
    folder: Path,
    formats: tuple[str, ...] = FORMATS,
    params: Params | None = None,
    now: dt.datetime | None = None,
    progress: Callable[[dt.date], None] | None = None,
) -> Archive:
    """One bulletin per month with data, in each format, and an ``index.html`` linking them."""
    database = _database(db)
    locale = Locale(lang)
    folder = Path(folder)
    for fmt in formats:
        check_format(fmt)
    _archive_folder(folder)
    index = folder / "index.html"
    check_writable(index)
    months = store.months_with_data(database)
    if not months:
        raise ReportError("report.error.empty")
    stamp = now or dt.datetime.now(dt.UTC)
    archive = Archive(folder, index)
    for month in months:
        if progress is not None:
            progress(month)
        blocks = document(database, month, locale, params, stamp)
        paths = []
        for fmt in formats:
            path = folder / bulletin_name(month, lang, fmt)
            write_atomic(path, render(blocks, fmt))
            paths.append(path)
        archive.files[month] = paths
    write_atomic(index, index_page(archive, locale))
    return archive


def index_page(archive: Archive, locale: Locale) -> bytes:
    months = sorted(archive.files, reverse=True)
    rows = "".join(
        f"<tr><td>{escape(locale.month(month))}</td><td>"
        + " · ".join(
            f'<a href="{escape(path.name)}">{escape(path.suffix.lstrip(".").upper())}</a>'
            for path in archive.files[month]
        )
        + "</td></tr>"
        for month in months
    )
    title = locale.t("report.archive.title")
    intro = locale.plural(
        "report.archive.intro",
        len(months),
        count=locale.number(len(months)),
        first=locale.month(months[-1]),
        last=locale.month(months[0]),
    )
    page = (
        f'<!DOCTYPE html>\n<html lang="{locale.lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f'<header class="cover"><div class="observatory">'
        f"{escape(locale.t('report.observatory'))}</div>"
        f'<p class="title">{escape(title)}</p></header>\n<p>{escape(intro)}</p>\n'
        f"<table><thead><tr><th>{escape(locale.t('report.archive.month'))}</th>"
        f"<th>{escape(locale.t('report.archive.files'))}</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>\n</body>\n</html>\n"
    )
    return page.encode("utf-8")


__all__ = [
    "FORMATS",
    "Archive",
    "build_archive",
    "build_bulletin",
    "bulletin_name",
    "check_format",
    "document",
    "document_for",
    "format_for",
    "render",
]
