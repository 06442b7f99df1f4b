"""Build one bulletin (PDF or HTML) or the archive of every month, atomically."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import duckdb

from pkobs.i18n import fmt_month, t
from pkobs.indicators import Params
from pkobs.indicators.base import data_months
from pkobs.reports.data import check_month, gather
from pkobs.reports.errors import OutputNotWritableError, ReportError
from pkobs.reports.html_render import STYLE, render_html
from pkobs.reports.layout import Document, compose
from pkobs.reports.output import check_writable, write_atomic
from pkobs.reports.typst_render import render_pdf
from pkobs.settings import Language

FORMATS = ("pdf", "html")


def format_for(out: Path, fmt: str | None) -> str:
    """The explicit format, else the one the file extension names (``.pdf``, ``.html``)."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise ReportError(f"unknown format {fmt!r}; use pdf or html")
        return fmt
    suffix = out.suffix.lower().lstrip(".")
    if suffix == "htm":
        return "html"
    if suffix not in FORMATS:
        raise ReportError(
            f"cannot tell the format of {out} from its extension; name it .pdf or .html, "
            "or give --format pdf|html"
        )
    return suffix


def document_for(
    con: duckdb.DuckDBPyConnection,
    month: dt.date,
    lang: Language,
    params: Params | None = None,
    now: dt.datetime | None = None,
) -> Document:
    """Gather the figures of ``month`` (a month-end date) and lay the bulletin out."""
    return compose(gather(con, month, lang, params, now))


def render(document: Document, fmt: str) -> bytes:
    return render_pdf(document) if fmt == "pdf" else render_html(document)


def build_bulletin(
    con: duckdb.DuckDBPyConnection,
    month: dt.date,
    lang: Language,
    out: Path,
    fmt: str | None = None,
    params: Params | None = None,
    now: dt.datetime | None = None,
) -> Path:
    """Write the bulletin of ``month`` to ``out``; nothing is written if anything fails."""
    out = Path(out)
    check_writable(out)
    chosen = format_for(out, fmt)
    check_month(con, month)
    write_atomic(out, render(document_for(con, month, lang, params, now), chosen))
    return out


@dataclass
class Archive:
    folder: Path
    index: Path
    files: dict[dt.date, list[Path]] = field(default_factory=dict)


def bulletin_name(month: dt.date, lang: Language, fmt: str) -> str:
    return f"bulletin-{month:%Y-%m}.{lang}.{fmt}"


def build_archive(
    con: duckdb.DuckDBPyConnection,
    lang: Language,
    folder: Path,
    formats: tuple[str, ...] = FORMATS,
    params: Params | None = None,
    now: dt.datetime | None = None,
    progress: Callable[[dt.date], None] | None = None,
) -> Archive:
    """One bulletin per month with data, in each format, and an ``index.html`` linking them."""
    folder = Path(folder)
    for fmt in formats:
        format_for(folder / "x", fmt)
    if folder.exists() and not folder.is_dir():
        raise OutputNotWritableError(f"cannot write the archive in {folder}: it is a file")
    if not folder.exists():
        check_writable(folder)
        try:
            folder.mkdir()
        except OSError as exc:
            raise OutputNotWritableError(f"cannot create folder {folder}: {exc.strerror}") from None
    index = folder / "index.html"
    check_writable(index)
    months = data_months(con)
    if not months:
        raise ReportError("no data: ingest a file first (pkobs ingest FILE)")
    stamp = now or dt.datetime.now(dt.UTC)
    archive = Archive(folder, index)
    for month in months:
        if progress is not None:
            progress(month)
        document = document_for(con, month, lang, params, stamp)
        paths = []
        for fmt in formats:
            path = folder / bulletin_name(month, lang, fmt)
            write_atomic(path, render(document, fmt))
            paths.append(path)
        archive.files[month] = paths
    write_atomic(index, index_page(archive, lang))
    return archive


def index_page(archive: Archive, lang: Language) -> bytes:
    months = sorted(archive.files, reverse=True)
    rows = "".join(
        f"<tr><td>{escape(fmt_month(month, lang))}</td><td>"
        + " · ".join(
            f'<a href="{escape(path.name)}">{escape(path.suffix.lstrip(".").upper())}</a>'
            for path in archive.files[month]
        )
        + "</td></tr>"
        for month in months
    )
    title = t("report.archive.title", lang)
    intro = t(
        "report.archive.intro",
        lang,
        count=len(months),
        first=fmt_month(months[-1], lang),
        last=fmt_month(months[0], lang),
    )
    page = (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f'<header class="cover"><div class="observatory">'
        f"{escape(t('report.observatory', lang))}</div>"
        f'<p class="title">{escape(title)}</p></header>\n<p>{escape(intro)}</p>\n'
        f"<table><thead><tr><th>{escape(t('report.archive.month', lang))}</th>"
        f"<th>{escape(t('report.archive.files', lang))}</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>\n</body>\n</html>\n"
    )
    return page.encode("utf-8")


__all__ = [
    "FORMATS",
    "Archive",
    "build_archive",
    "build_bulletin",
    "bulletin_name",
    "document_for",
    "format_for",
    "render",
]
