"""The terminal table (Rich): headers from the catalogue, cells by their declared kind."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table as RichTable

from pkobs.i18n import Locale
from pkobs.render.cells import cell, header, is_numeric
from pkobs.table import Table


def rich_table(table: Table, locale: Locale, title: str | None = None) -> RichTable:
    """``table`` as a Rich table in ``locale`` (counts, numbers and shares right-aligned)."""
    shown = RichTable(title=title, show_lines=False)
    columns = [table.column(name) for name in table.columns]
    for column in columns:
        if is_numeric(column):
            shown.add_column(header(column.name, locale), justify="right")
        else:
            shown.add_column(header(column.name, locale))
    for row in table.rows:
        shown.add_row(*[cell(v, c, locale) for v, c in zip(row, columns, strict=True)])
    return shown


def print_table(table: Table, locale: Locale, console: Console, title: str | None = None) -> None:
    console.print(rich_table(table, locale, title))


__all__ = ["print_table", "rich_table"]
