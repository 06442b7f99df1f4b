"""Bulletins built once per session on the real IPI data (February 2014, both languages)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import pkobs.reports.bulletin as bulletin_module
from pkobs.i18n import Locale
from pkobs.indicators import Params, parse_month
from pkobs.reports import build_bulletin
from pkobs.reports.blocks import Document
from pkobs.reports.bulletin import document
from pkobs.settings import Language
from pkobs.store.bulletin import Handle
from pkobs.store.database import Database

MONTH = "2014-02"
NOW = dt.datetime(2026, 11, 28, 9, 30, tzinfo=dt.UTC)


def _build(path: Path, folder: Path, lang: Language, fmt: str) -> Path:
    with Database.open_read_only(path) as db:
        return build_bulletin(db, parse_month(MONTH), lang, folder / f"b.{lang}.{fmt}", now=NOW)


@pytest.fixture(scope="session")
def bulletins(real_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """``{"fr.pdf": path, "en.pdf": path, "fr.html": path, "en.html": path}``.

    Each language's bulletin is gathered and laid out once, by ``build_bulletin`` writing the
    PDF; writing the HTML then renders that same document (the layout is a function of the
    month, the language and ``now``), as an archive of both formats does."""
    folder = tmp_path_factory.mktemp("bulletins")
    laid_out: dict[tuple[object, ...], Document] = {}

    def once(
        db: Handle,
        month: dt.date,
        locale: Locale,
        params: Params | None = None,
        now: dt.datetime | None = None,
    ) -> Document:
        key = (month, locale.lang, params, now)
        if key not in laid_out:
            laid_out[key] = document(db, month, locale, params, now)
        return laid_out[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bulletin_module, "document", once)
        return {
            f"{lang}.{fmt}": _build(real_db_path, folder, lang, fmt)
            for lang in ("fr", "en")
            for fmt in ("pdf", "html")
        }
