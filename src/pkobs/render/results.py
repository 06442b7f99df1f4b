"""A language-free indicator result rendered for one language, at the edge.

The indicators return :class:`pkobs.indicators.base.IndicatorResult` values in no language:
generated sentences and notes are :class:`pkobs.messages.Message` values, the names of
countries, missions and centres :class:`pkobs.messages.Name` values. The edges (CLI, web site,
API, bulletin) render them here: :func:`rendered` gives the same result with its sentences and
names in the reader's language (and its rows listed in that language's order where the result
asks for it), :func:`result_dict` its JSON shape (:func:`meta_dict` the metadata's),
:func:`title`, :func:`definition` and :func:`note_texts` its metadata's texts. Each number,
month and count is formatted once per language: Babel parses its locale on every call, and a
table of 20,000 sentences would parse it 60,000 times.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import orjson

from pkobs.messages import Count, LazyValues, Message, Month, Name, Share
from pkobs.settings import Language
from pkobs.table import Table

if TYPE_CHECKING:
    from pkobs.indicators.base import IndicatorResult, Meta
    from pkobs.render.row_texts import RowTexts


@lru_cache(maxsize=4)
def _symbols(lang: Language) -> tuple[str, str]:
    """The group separator and minus sign of ``lang`` (CLDR, read once)."""
    from babel.numbers import get_group_symbol, get_minus_sign_symbol

    return get_group_symbol(lang), get_minus_sign_symbol(lang)


def _number(value: int, lang: Language) -> str:
    """``fmt_int(value, lang)`` (pattern ``#,##0``: groups of three), without Babel per call."""
    group, minus = _symbols(lang)
    text = f"{abs(value):,}".replace(",", group)
    return minus + text if value < 0 else text


@lru_cache(maxsize=4096)
def _month(value: dt.date, lang: Language) -> str:
    from pkobs.i18n import fmt_month

    return fmt_month(value, lang)


@lru_cache(maxsize=4096)
def _day(value: dt.date, lang: Language) -> str:
    from pkobs.i18n import fmt_date

    return fmt_date(value, lang)


@lru_cache(maxsize=65536)
def _count(number: int, noun: str, lang: Language) -> str:
    """``count_of(number, noun, lang)``: the CLDR plural form, the number formatted once."""
    from pkobs.i18n import t_plural

    return t_plural(f"noun.{noun}", number, lang, n=_number(number, lang))


def _cell_value(value: Any, lang: Language) -> str:
    """A Message value formatted as :class:`pkobs.i18n.Locale` formats it, with each number,
    month and count formatted once per language (Babel parses its locale on every call: a
    table of 20,000 sentences would parse it 60,000 times)."""
    kind = type(value)  # the usual values first, by their exact type (bool is not int here)
    if kind is str:
        return value  # type: ignore[no-any-return]
    if kind is int:
        return _number(value, lang)
    if kind is Message:
        return render(value, lang)
    if kind is Month:
        return _month(value.value, lang)
    if kind is Count:
        return _count(value.number, value.noun, lang)
    if kind is Name:
        return value.fr if lang == "fr" else value.en  # type: ignore[no-any-return]
    if isinstance(value, Message):
        return render(value, lang)
    if isinstance(value, Month):
        return _month(value.value, lang)
    if isinstance(value, Count):
        return _count(value.number, value.noun, lang)
    if isinstance(value, Name):
        return value.get(lang)
    if isinstance(value, Share):
        from pkobs.i18n import fmt_share

        return fmt_share(value.value, lang, value.digits)
    if isinstance(value, bool):
        from pkobs.i18n import t

        return t("value.yes" if value else "value.no", lang)
    if isinstance(value, int):
        return _number(value, lang)
    if isinstance(value, dt.date):
        return _day(value, lang)
    if isinstance(value, list | tuple):
        return ", ".join(_cell_value(v, lang) for v in value)
    return str(value)


@lru_cache(maxsize=4)
def _templates(lang: Language) -> dict[str, str]:
    """The one-form messages of ``lang`` (:func:`pkobs.i18n.catalogue`), looked up once."""
    from pkobs.i18n import catalogue

    return catalogue(lang)


LEAVES = 65_536  # texts of small messages kept (a percentage, a month...), per process
_leaves: dict[tuple[Any, ...], str] = {}
SENTENCES = 131_072  # texts of lazily valued messages kept (an alert's sentence), per process
_sentences: dict[tuple[Any, ...], str] = {}


def render(message: Message, lang: Language) -> str:
    """``message`` in ``lang``: the same text as ``Locale(lang).message(message)``.

    A message whose values are all strings and whole numbers (a percentage: sign, whole part,
    decimals) reads the same whenever it comes back: its text is kept (a table of 20,000 alert
    sentences holds about as many percentages, few of them different). So is the text of a
    message whose values are :class:`pkobs.messages.LazyValues`, by their identity (an alert
    is in the answer of every group its country belongs to)."""
    template = _templates(lang).get(message.key)
    if template is None:  # not a one-form message: i18n.t says why
        from pkobs.i18n import t

        return t(message.key, lang)
    given = message.values
    kept: dict[tuple[Any, ...], str] | None = None  # where the text is kept, if it is
    key: tuple[Any, ...] = ()
    if type(given) is LazyValues:  # generated: the same identity reads the same
        kept, bound, key = _sentences, SENTENCES, (lang, message.key, given.identity)
    elif not given:
        return template
    elif type(given) is dict and all(type(v) is str or type(v) is int for v in given.values()):
        kept, bound, key = _leaves, LEAVES, (lang, message.key, *given.items())
    if kept is not None:
        text = kept.get(key)
        if text is not None:
            return text
    text = template.format_map({name: _cell_value(value, lang) for name, value in given.items()})
    if lang == "fr":
        from pkobs.i18n import elided  # « de avril » -> « d’avril », as i18n.t writes it

        text = elided(text, lang)
    if kept is not None:
        if len(kept) >= bound:
            kept.clear()
        kept[key] = text
    return text


# declared kinds that never hold a Message or a Name (numbers, months, days, flags)
PLAIN_KINDS = frozenset({"month", "date", "timestamp", "count", "number", "share", "flag"})


def _language_columns(table: Table) -> list[int]:
    """The columns holding Messages or Names: a column holds them in every row or in none (a
    name may be missing: NULL), so its first value that is not NULL tells; a column declared
    with a plain kind (a count, a share...) is not looked into (a column of NULLs would be
    read to its end)."""
    found = []
    kinds = table.kinds
    for index, name in enumerate(table.columns):
        declared = kinds.get(name)
        if declared is not None and declared.kind in PLAIN_KINDS:
            continue
        first = next((row[index] for row in table.rows if row[index] is not None), None)
        if isinstance(first, Message | Name):
            found.append(index)
    return found


def _in_language(cell: Any, lang: Language) -> Any:
    kind = type(cell)
    if kind is Name:
        return cell.fr if lang == "fr" else cell.en
    if kind is Message or isinstance(cell, Message):
        return render(cell, lang)
    if isinstance(cell, Name):
        return cell.get(lang)
    return cell


@lru_cache(maxsize=4096)
def folded(text: str | None) -> str:
    """Sort key ignoring accents and case, so that ``Égypte`` sorts among the E's (NULL: "")."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _rendered_table(
    table: Table, lang: Language, by_name: int | None = None, by_folded: tuple[str, ...] = ()
) -> Table:
    """``table`` with every Message cell rendered in ``lang`` and every Name in it (other cells
    untouched); ``by_name``: the column of names the rows are then ordered by (NULL last);
    ``by_folded``: the columns the rows are then ordered by, accents and case folded."""
    columns = _language_columns(table)
    if not columns:
        return table
    rows = []
    for row in table.rows:
        cells = list(row)
        for index in columns:
            cells[index] = _in_language(cells[index], lang)
        rows.append(tuple(cells))
    if by_name is not None:
        rows.sort(key=lambda r: (r[by_name] is None, r[by_name] or ""))
    if by_folded:
        at = [table.columns.index(name) for name in by_folded]
        rows.sort(key=lambda r: tuple(folded(r[i]) for i in at))
    return Table(table.columns, rows, table.kinds)


def title(meta: Meta, lang: Language) -> str:
    """The indicator's title in ``lang``."""
    return meta.title_fr if lang == "fr" else meta.title_en


def definition(meta: Meta, lang: Language) -> str:
    """The indicator's definition in ``lang``."""
    return meta.definition_fr if lang == "fr" else meta.definition_en


def note_texts(meta: Meta, lang: Language) -> list[str]:
    """The notes of ``meta`` in ``lang`` (plain strings from older indicators as they are)."""
    return [render(n, lang) if isinstance(n, Message) else n for n in meta.notes]


def meta_dict(meta: Meta, lang: Language = "en") -> dict[str, Any]:
    """The JSON shape of the metadata; notes in ``lang`` (English by default)."""
    return {
        "name": meta.name,
        "title": {"fr": meta.title_fr, "en": meta.title_en},
        "unit": meta.unit,
        "definition": {"fr": meta.definition_fr, "en": meta.definition_en},
        "parameters": meta.params,
        "sources": meta.sources,
        "notes": note_texts(meta, lang),
    }


def rendered(result: IndicatorResult, lang: Language) -> IndicatorResult:
    """``result`` with its Message cells (generated sentences) and its names in ``lang``; the
    tables it lists by name (``by_name``, ``folded_order``) ordered in that language."""
    return page(result, lang)


def page(
    result: IndicatorResult, lang: Language, offset: int = 0, limit: int | None = None
) -> IndicatorResult:
    """:func:`rendered`, with only the rows ``offset`` to ``offset + limit`` of the main table
    (every row when ``limit`` is None), in the order :func:`rendered` lists them; the extra
    tables whole. Only those rows are rendered: a long result (tens of thousands of sentences)
    costs what its page holds."""
    from pkobs.indicators.base import IndicatorResult

    table = result.table
    rows = page_rows(result, lang, offset, limit)
    return IndicatorResult(
        _rendered_table(
            table if rows is table.rows else Table(table.columns, rows, table.kinds), lang
        ),
        result.meta,
        shown_extras(result, lang),
        result.by_name,
        result.folded_order,
    )


def page_rows(
    result: IndicatorResult, lang: Language, offset: int = 0, limit: int | None = None
) -> list[tuple[Any, ...]]:
    """The main table's rows ``offset`` to ``offset + limit`` (every row when ``limit`` is
    None) in the order :func:`rendered` lists them, not rendered (the same tuples)."""
    table = result.table
    rows = table.rows
    order = result.folded_order.get("", ())
    if order:  # the reader's order first (names in ``lang``, folded), then the page
        at = [table.columns.index(name) for name in order]
        rows = sorted(rows, key=lambda r: tuple(folded(_in_language(r[i], lang)) for i in at))
    if offset or (limit is not None and limit < len(rows)):
        rows = rows[offset : None if limit is None else offset + limit]
    return rows


def shown_extras(result: IndicatorResult, lang: Language) -> dict[str, Table]:
    """The extra tables rendered in ``lang``, those listed by name in that language's order."""

    def shown(name: str, table: Table) -> Table:
        ordered = name in result.by_name and "name" in table.columns
        by_name = table.columns.index("name") if ordered else None
        return _rendered_table(table, lang, by_name, result.folded_order.get(name, ()))

    return {name: shown(name, t) for name, t in result.extras.items()}


def result_dict(
    result: IndicatorResult, lang: Language = "en", offset: int = 0, limit: int | None = None
) -> dict[str, Any]:
    """Rows and metadata as JSON-ready values; Message cells, names and notes in ``lang``
    (English by default); ``offset`` and ``limit``: only those rows (:func:`page`)."""
    table = result.table
    rows = page_rows(result, lang, offset, limit)
    meta = _meta_and_extras(result, lang)
    return {"rows": _records(Table(table.columns, rows, table.kinds), lang), "meta": meta}


def _meta_and_extras(result: IndicatorResult, lang: Language) -> dict[str, Any]:
    """The metadata in ``lang`` with the extra tables' records (``meta.extras``)."""
    meta = meta_dict(result.meta, lang)
    meta["extras"] = {name: t.records() for name, t in shown_extras(result, lang).items()}
    return meta


def _records(table: Table, lang: Language) -> list[dict[str, Any]]:
    """``_rendered_table(table, lang).records()`` in one pass (no rendered row built)."""
    names = table.columns
    columns = [(index, names[index]) for index in _language_columns(table)]
    if not columns:
        return table.records()
    return [_record(names, columns, row, lang) for row in table.rows]


def rows_json(table: Table, lang: Language) -> orjson.Fragment:
    """``json_bytes(_records(table, lang))`` as a fragment, the same bytes, written in one
    orjson call: each row's record is built by ``dict(zip(...))`` and its Names and Messages
    are written in ``lang`` by orjson's ``default`` hook (no record rebuilt in Python)."""
    from pkobs.render.json import WEB_OPTIONS, json_bytes, json_default

    def in_language(value: Any) -> Any:
        if isinstance(value, Message | Name):
            return _in_language(value, lang)
        return json_default(value)

    names = table.columns
    try:
        written = orjson.dumps(
            [dict(zip(names, row)) for row in table.rows],  # noqa: B905 (strict: 1.6x slower)
            default=in_language,
            option=WEB_OPTIONS,
        )
    except orjson.JSONEncodeError:  # an integer beyond 64 bits: the exact, slower way
        written = json_bytes(_records(table, lang))
    return orjson.Fragment(written)


def _record(
    names: list[str], columns: list[tuple[int, str]], row: tuple[Any, ...], lang: Language
) -> dict[str, Any]:
    """One row as a record, its cells of ``columns`` (index, name) in ``lang``."""
    record = dict(zip(names, row, strict=True))
    for index, name in columns:
        record[name] = _in_language(row[index], lang)
    return record


def result_json(
    result: IndicatorResult,
    lang: Language,
    offset: int = 0,
    limit: int | None = None,
    more_meta: Mapping[str, Any] | None = None,
    texts: RowTexts | None = None,
) -> bytes:
    """``json_bytes(result_dict(result, lang, offset, limit))`` with ``more_meta`` added to its
    metadata: the same bytes. When the result's rows are kept from one answer to the next
    (``kept_rows``: a month's alerts in every group's answer), each row's text is kept in
    ``texts`` by the row's identity (:mod:`pkobs.render.row_texts`): a page of rows already
    written costs a lookup a row."""
    from pkobs.render.json import json_bytes

    table = result.table
    rows = page_rows(result, lang, offset, limit)
    names = table.columns
    meta = _meta_and_extras(result, lang)
    written: orjson.Fragment | list[orjson.Fragment]
    if texts is None or not result.kept_rows:
        written = rows_json(Table(names, rows, table.kinds), lang)
    else:
        at = _language_columns(Table(names, rows, table.kinds))
        columns = [(index, names[index]) for index in at]

        def text(row: tuple[Any, ...]) -> bytes:
            return json_bytes(_record(names, columns, row, lang))

        written = texts.fragments(lang, names, rows, text)
    if more_meta:
        meta.update(more_meta)
    return json_bytes({"rows": written, "meta": meta})


__all__ = [
    "definition",
    "folded",
    "meta_dict",
    "note_texts",
    "page",
    "page_rows",
    "render",
    "rendered",
    "result_dict",
    "result_json",
    "rows_json",
    "shown_extras",
    "title",
]
