"""The API writes kept rows (a month's alerts, in every group's answer) once per language and keeps
their JSON text by the row's identity: the page is the same bytes as the plain rendering, the
first time and every time after, and a row is never mistaken for another."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import orjson
import pytest

from pkobs.indicators import Params, compute, parse_month
from pkobs.render.json import json_bytes
from pkobs.render.results import result_dict, result_json
from pkobs.render.row_texts import RowTexts
from pkobs.settings import LANGUAGES

PAGES = [(0, None), (0, 25), (40, 7), (10_000, 5)]


@pytest.fixture(scope="module")
def history(shipped_history: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(shipped_history), read_only=True)
    yield connection
    connection.close()


def plain(result: Any, lang: Any, offset: int, limit: int | None, more: dict[str, Any]) -> bytes:
    shown = result_dict(result, lang, offset, limit)
    shown["meta"].update(more)
    return json_bytes(shown)


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("alerts", Params(group="all")),
        ("alerts", Params(group="oif", from_month=parse_month("2016-01"))),
    ],
)
def test_kept_rows_pages_are_the_plain_rendering(
    history: duckdb.DuckDBPyConnection, name: str, params: Params
) -> None:
    texts = RowTexts()
    result = compute(history, name, params)
    assert result.kept_rows
    assert len(result.table.rows) > 50
    for _ in range(2):  # written, then read back from ``texts``
        for lang in LANGUAGES:
            for offset, limit in PAGES:
                more = {"total": len(result.table.rows), "offset": offset, "limit": limit}
                kept = result_json(result, lang, offset, limit, more, texts)
                assert kept == plain(result, lang, offset, limit, more)
    assert texts.bytes > 0
    # a fresh computation of the same question gives the same bytes through the same texts
    again = compute(history, name, params)
    assert result_json(again, "fr", 0, 30, None, texts) == plain(again, "fr", 0, 30, {})


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("alerts", Params(group="all", mission="MINUSMA")),  # computed alone
        ("contributors", Params(group="oif", from_month=parse_month("2020-01"))),  # one group's
    ],
)
def test_rows_not_kept_render_plainly(
    history: duckdb.DuckDBPyConnection, name: str, params: Params
) -> None:
    result = compute(history, name, params)
    assert not result.kept_rows
    assert result.table.rows
    texts = RowTexts()
    for lang in LANGUAGES:
        assert result_json(result, lang, 0, 10, None, texts) == plain(result, lang, 0, 10, {})
    assert texts.bytes == 0


def counted() -> tuple[list[tuple[Any, ...]], Any]:
    calls: list[tuple[Any, ...]] = []

    def text(row: tuple[Any, ...]) -> bytes:
        calls.append(row)
        return orjson.dumps({"a": row[0], "b": row[1]})

    return calls, text


def test_a_row_is_found_by_its_identity_never_by_its_value() -> None:
    texts = RowTexts()
    calls, text = counted()
    first = [(1, "x"), (2, "y")]
    texts.fragments("en", ("a", "b"), first, text)
    texts.fragments("en", ("a", "b"), first, text)
    assert calls == first  # written once each
    equal = [tuple(list(row)) for row in first]  # equal values, other objects
    assert all(a is not b for a, b in zip(first, equal, strict=True))
    texts.fragments("en", ("a", "b"), equal, text)
    assert len(calls) == 4
    texts.fragments("fr", ("a", "b"), first, text)  # another language: written again
    texts.fragments("en", ("a", "c"), first, text)  # other columns: written again
    assert len(calls) == 8
    page = orjson.dumps(texts.fragments("en", ("a", "b"), first, text))
    assert orjson.loads(page) == [{"a": 1, "b": "x"}, {"a": 2, "b": "y"}]
    assert len(calls) == 8


def test_the_texts_are_bounded_and_dropped_together_when_full() -> None:
    texts = RowTexts(max_bytes=2_000)
    calls, text = counted()
    rows = [(n, "z" * 100) for n in range(12)]
    for row in rows:
        texts.fragments("en", ("a", "b"), [row], text)
        assert texts.bytes <= 2_000
    assert len(calls) == 12
    texts.fragments("en", ("a", "b"), rows[-1:], text)  # the last one is still kept
    assert len(calls) == 12
    texts.fragments("en", ("a", "b"), rows[:1], text)  # the first was dropped
    assert len(calls) == 13
    texts.clear()
    assert texts.bytes == 0


def test_rows_written_in_one_call_are_the_records_bytes() -> None:
    from pkobs.messages import Name
    from pkobs.render.results import rows_json
    from pkobs.table import Table

    table = Table(
        ["month", "name", "total", "note"],
        [
            (parse_month("2014-02"), Name("Côte d'Ivoire", "Côte d’Ivoire"), 12, None),
            (parse_month("2014-03"), None, 2**70, "text"),  # beyond 64 bits: written exactly
            (parse_month("2014-04"), Name("Égypte", "Egypt"), 0, "x"),
        ],
    )
    for lang in LANGUAGES:
        records = [
            {
                k: (v.get(lang) if isinstance(v, Name) else v)
                for k, v in zip(table.columns, row, strict=True)
            }
            for row in table.rows
        ]
        assert orjson.dumps([rows_json(table, lang)]) == b"[" + json_bytes(records) + b"]"
    assert b"1180591620717411303424" in orjson.dumps(rows_json(table, "fr"))
