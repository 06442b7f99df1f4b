"""The HTML table: headers from the catalogue, cells by their declared kind, all escaped."""

from __future__ import annotations

from markupsafe import Markup, escape

from pkobs.i18n import Locale
from pkobs.render.cells import cell, header, is_numeric
from pkobs.table import Table


def html_table(
    table: Table,
    locale: Locale,
    caption: str | None = None,
    css_class: str = "data",
    headers: dict[str, str] | None = None,
) -> Markup:
    """``table`` as ``<table>`` markup in ``locale``; numeric cells get ``class="num"``.

    ``headers`` replaces the catalogue's header of some columns (a page-specific wording).
    """
    columns = [table.column(name) for name in table.columns]
    numeric = [is_numeric(column) for column in columns]
    parts = [f'<table class="{escape(css_class)}">']
    if caption:
        parts.append(f"<caption>{escape(caption)}</caption>")
    parts.append("<thead><tr>")
    for column, right in zip(columns, numeric, strict=True):
        text = (headers or {}).get(column.name) or header(column.name, locale)
        parts.append(f'<th scope="col"{_num(right)}>{escape(text)}</th>')
    parts.append("</tr></thead><tbody>")
    for row in table.rows:
        parts.append("<tr>")
        for value, column, right in zip(row, columns, numeric, strict=True):
            parts.append(f"<td{_num(right)}>{escape(cell(value, column, locale))}</td>")
        parts.append("</tr>")
    parts.append("</tbody></table>")
    return Markup("".join(parts))


def _num(numeric: bool) -> str:
    return ' class="num"' if numeric else ""


__all__ = ["html_table"]
