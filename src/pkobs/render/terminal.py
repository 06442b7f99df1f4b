"""The terminal table (Rich): headers from the catalogue, cells by their declared kind."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table as RichTable

from pkobs.i18n import Locale
from pkobs.render.cells import header, human_rows, is_numeric
from pkobs.table import Table


def rich_table(table: Table, locale: Locale, title: str | None = None) -> RichTable:
    """``table`` as a Rich table in ``locale``: counts, numbers and shares right-aligned and
    never broken across lines (their column is at least as wide as its widest figure; a narrow
    terminal wraps the headers and the text columns instead)."""
    shown = RichTable(title=title, show_lines=False)
    rows = human_rows(table, locale)
    for index, column in enumerate(table.column(name) for name in table.columns):
        if is_numeric(column):
            widest = max((len(row[index]) for row in rows), default=1)
            shown.add_column(header(column.name, locale), justify="right", min_width=widest)
        else:
            shown.add_column(header(column.name, locale))
    for row in rows:
        shown.add_row(*row)
    return shown


def print_table(table: Table, locale: Locale, console: Console, title: str | None = None) -> None:
    console.print(rich_table(table, locale, title))


__all__ = ["print_table", "rich_table"]
