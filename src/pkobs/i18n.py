"""Translations and locale-aware formatting (Babel), shared by the CLI, web pages and reports.

Messages live in ``pkobs/locales/<area>.<lang>.json`` (one file per area: core, web, report...);
a test checks that French and English have exactly the same keys.
Numbers and dates always go through Babel: ``23,4 %`` / ``février 2014`` in French, ``23.4%`` /
``February 2014`` in English.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from importlib import resources
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from pkobs.settings import LANGUAGES, Language


@cache
def catalogue(lang: Language) -> dict[str, str]:
    data: dict[str, str] = {}
    folder = resources.files("pkobs") / "locales"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(f".{lang}.json"):
            for key, value in json.loads(entry.read_text(encoding="utf-8")).items():
                if key in data:
                    raise KeyError(f"message {key!r} defined twice in the {lang} catalogues")
                data[key] = value
    return data


def t(key: str, lang: Language, /, **values: Any) -> str:
    """The message ``key`` in ``lang``, with ``{placeholders}`` filled."""
    template = catalogue(lang).get(key)
    if template is None:
        raise KeyError(f"message {key!r} missing from the {lang} catalogue")
    return template.format(**values) if values else template


def all_keys() -> dict[Language, set[str]]:
    return {lang: set(catalogue(lang)) for lang in LANGUAGES}


def fmt_int(value: int, lang: Language) -> str:
    return format_decimal(value, format="#,##0", locale=lang)


def fmt_share(value: float | None, lang: Language, digits: int = 1) -> str:
    """A fraction as a percentage: 0.2345 -> ``23,4 %`` (fr) or ``23.4%`` (en)."""
    if value is None:
        return "—"
    number = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    pattern = number + ("\u00a0%" if lang == "fr" else "%")
    return format_percent(value, format=pattern, locale=lang)


def fmt_month(month: dt.date, lang: Language) -> str:
    """``février 2014`` / ``February 2014``."""
    return format_date(month, format="LLLL y", locale=lang)


def fmt_date(day: dt.date, lang: Language) -> str:
    return format_date(day, format="long", locale=lang)


def count_of(count: int, noun: str, lang: Language) -> str:
    """``1 ligne`` / ``2 lignes`` / ``0 ligne`` (French: 0 and 1 are singular); ``1 row`` /
    ``0 rows`` in English. ``noun`` names a pair of keys ``noun.<noun>.one`` / ``.other``."""
    singular = count in (0, 1) if lang == "fr" else count == 1
    return t(f"noun.{noun}.{'one' if singular else 'other'}", lang, n=fmt_int(count, lang))
