"""Bulletins built once per session on the real IPI data (February 2014, both languages)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pkobs.indicators import parse_month
from pkobs.reports import build_bulletin
from pkobs.settings import Language
from pkobs.store.database import Database

MONTH = "2014-02"
NOW = dt.datetime(2026, 11, 28, 9, 30, tzinfo=dt.UTC)


def _build(path: Path, folder: Path, lang: Language, fmt: str) -> Path:
    with Database.open_read_only(path) as db:
        return build_bulletin(db, parse_month(MONTH), lang, folder / f"b.{lang}.{fmt}", now=NOW)


@pytest.fixture(scope="session")
def bulletins(real_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """``{"fr.pdf": path, "en.pdf": path, "fr.html": path, "en.html": path}``."""
    folder = tmp_path_factory.mktemp("bulletins")
    return {
        f"{lang}.{fmt}": _build(real_db_path, folder, lang, fmt)
        for lang in ("fr", "en")
        for fmt in ("pdf", "html")
    }
