"""HTML tables: headers from the catalogue, cells by their declared kind, all escaped.

:func:`html_table` renders a :class:`~pkobs.table.Table` in a locale; :func:`text_table` writes
the markup of cells already in words (a chart's data table on the site), in one pass: a table
of several hundred rows costs far less than the same loop in a template.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from markupsafe import Markup

from pkobs.i18n import Locale
from pkobs.render.cells import cell, header, is_numeric
from pkobs.table import Table


def escape_text(text: str) -> str:
    """``text`` escaped for HTML exactly as markupsafe (and so Jinja) escapes it."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


def text_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    numeric: Sequence[bool],
    *,
    caption: str | None = None,
    css_class: str | None = None,
    row_headers: bool = False,
    numeric_headers: bool = True,
) -> Markup:
    """``<table>`` markup of texts: ``numeric`` columns get ``class="num"`` (their headers too
    unless ``numeric_headers`` is false); with ``row_headers`` each row's first cell is its
    ``<th scope="row">``."""
    opening = f'<table class="{escape_text(css_class)}">' if css_class else "<table>"
    parts = [opening]
    if caption:
        parts.append(f"<caption>{escape_text(caption)}</caption>")
    parts.append("<thead><tr>")
    for text, right in zip(headers, numeric, strict=True):
        parts.append(f'<th scope="col"{_num(right and numeric_headers)}>{escape_text(text)}</th>')
    parts.append("</tr></thead><tbody>")
    opens = [f"<td{_num(right)}>" for right in numeric]
    closes = ["</td>"] * len(numeric)
    if row_headers and numeric:
        opens[0], closes[0] = '<th scope="row">', "</th>"
    for row in rows:
        parts.append("<tr>")
        parts.extend(
            f"{start}{escape_text(text)}{end}"
            for start, text, end in zip(opens, row, closes, strict=True)
        )
        parts.append("</tr>")
    parts.append("</tbody></table>")
    return Markup("".join(parts))


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
    texts = [(headers or {}).get(c.name) or header(c.name, locale) for c in columns]
    rows = (
        [cell(value, column, locale) for value, column in zip(row, columns, strict=True)]
        for row in table.rows
    )
    numeric = [is_numeric(column) for column in columns]
    return text_table(texts, rows, numeric, caption=caption, css_class=css_class)


def _num(numeric: bool) -> str:
    return ' class="num"' if numeric else ""


__all__ = ["escape_text", "html_table", "text_table"]
