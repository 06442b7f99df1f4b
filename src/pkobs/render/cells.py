"""A cell and a header in a human format, from the column's declared kind and one Locale.

The data formats (CSV, JSON, XLSX) never come here: they keep machine values.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal

from pkobs.i18n import Locale, catalogue
from pkobs.messages import Name
from pkobs.table import Column, Table

MISSING = "—"  # an empty cell in a human format (NULL: no value, not zero)
NUMERIC_KINDS = frozenset({"count", "number", "share", "points"})


def has_key(key: str, locale: Locale) -> bool:
    return key in catalogue(locale.lang)


def header(name: str, locale: Locale) -> str:
    """A column's header: the catalogue's ``column.<name>`` when it has one, else the name."""
    key = f"column.{name}"
    return locale.t(key) if has_key(key, locale) else name


def category(column: str, value: object, locale: Locale) -> str:
    """A value from a closed list, through the catalogue: ``value.<column>.<value>``, else the
    shared ``value.<value>``, else the value as is (a code the catalogue does not name)."""
    text = str(value)
    for key in (f"value.{column}.{text}", f"value.{text}"):
        if has_key(key, locale):
            return locale.t(key)
    return text


def point_figure(change: float, locale: Locale) -> str:
    """A change of a share in percentage points, as a signed figure with one decimal and a
    true minus: ``+4,3`` / ``\u22120,5``; a change that rounds to nothing is ``0,0`` (never
    ``-0,0``)."""
    value = round(change * 100, 1)
    if value == 0:
        return format_decimal(0, format="#,##0.0", locale=locale.lang)
    text = format_decimal(value, format="+#,##0.0;-#,##0.0", locale=locale.lang)
    return text.replace("-", "\u2212")


def signed_points(change: float, locale: Locale) -> str:
    """:func:`point_figure` with its short unit: ``+4,3 pt``."""
    return locale.t("report.pt", value=point_figure(change, locale))


def cell(value: Any, column: Column, locale: Locale) -> str:
    """One cell in ``locale``, as its column's kind says."""
    if value is None:
        return MISSING
    if isinstance(value, Name):  # a name given in both languages: the reader's
        return value.get(locale.lang)
    kind = column.kind
    if kind == "month" and isinstance(value, dt.date):
        return locale.month(value)
    if kind == "date" and isinstance(value, dt.date):
        return locale.date(value)
    if kind == "timestamp" and isinstance(value, dt.datetime):
        return f"{locale.date(value.date())} {value:%H:%M}"
    numeric = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
    if kind == "count" and numeric:
        return locale.number(int(value))
    if kind == "number" and numeric:
        return format_decimal(value, format="#,##0.###", locale=locale.lang)
    if kind == "share" and numeric:
        return locale.share(float(value))
    if kind == "points" and numeric:
        return signed_points(float(value), locale)
    if kind == "category":
        return category(column.name, value, locale)
    if kind == "flag":
        return locale.t("value.yes" if value else "value.no")
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()  # an undeclared date: shown as is, never guessed
    return str(value)


def human_rows(table: Table, locale: Locale) -> list[list[str]]:
    """Every row of ``table`` as text in ``locale``."""
    columns = [table.column(name) for name in table.columns]
    return [
        [cell(value, column, locale) for value, column in zip(row, columns, strict=True)]
        for row in table.rows
    ]


def is_numeric(column: Column) -> bool:
    """Whether the column's cells are right-aligned (counts, numbers, shares)."""
    return column.kind in NUMERIC_KINDS


__all__ = ["MISSING", "category", "cell", "header", "human_rows", "is_numeric"]
