"""The renderers of pkobs.render: human formats by declared kind, data formats in machine values."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from decimal import Decimal
from typing import Any

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape
from rich.console import Console

from pkobs.i18n import Locale
from pkobs.render.cells import MISSING, cell, has_key, header, human_rows
from pkobs.render.csv import csv_string, csv_text, plain_cell
from pkobs.render.html import escape_text, html_table, text_table
from pkobs.render.json import json_bytes, json_default, json_text
from pkobs.render.terminal import rich_table
from pkobs.table import Column, Table

FR, EN = Locale("fr"), Locale("en")
NARROW = "\u202f"
FEB = dt.date(2014, 2, 28)
SHARE = Table(
    ["month", "category", "group_personnel", "total_personnel", "share"],
    [(FEB, "military", 1234, 5273, 0.234), (FEB, "police", 0, 0, None)],
    {
        "month": Column("month", "month"),
        "category": Column("category", "category"),
        "group_personnel": Column("group_personnel", "count", "personnel"),
        "total_personnel": Column("total_personnel", "count", "personnel"),
        "share": Column("share", "share"),
    },
)


def test_cells_follow_the_declared_kind_in_each_language() -> None:
    assert human_rows(SHARE, FR)[0] == [
        "février 2014",
        "militaire",
        f"1{NARROW}234",
        f"5{NARROW}273",
        "23,4\u00a0%",
    ]
    assert human_rows(SHARE, EN)[0] == ["February 2014", "military", "1,234", "5,273", "23.4%"]
    assert human_rows(SHARE, EN)[1][4] == MISSING  # NULL is no value, not zero


def test_kinds_are_never_guessed_from_column_names() -> None:
    undeclared = Table(["month", "share", "total"], [(FEB, 0.5, 1234)])
    assert human_rows(undeclared, FR)[0] == ["2014-02-28", "0.5", "1234"]
    as_date = Column("start_date", "date")
    assert cell(dt.date(2014, 7, 1), as_date, FR) == "1er juillet 2014"
    assert cell(True, Column("sovereign", "flag"), FR) == "oui"
    assert cell(False, Column("sovereign", "flag"), EN) == "no"
    assert cell("no_such_value", Column("category", "category"), FR) == "no_such_value"


def test_headers_come_from_the_catalogue_when_it_has_the_key() -> None:
    assert header("month", FR) == "Mois" and header("month", EN) == "Month"
    assert header("group_personnel", FR) == "Personnel du groupe"
    assert header("a_column_nobody_named", FR) == "a_column_nobody_named"


def test_terminal_table_in_french() -> None:
    console = Console(width=120, record=True, file=io.StringIO())
    console.print(rich_table(SHARE, FR, title="Part"))
    text = console.export_text()
    assert "Mois" in text and "Personnel du groupe" in text
    assert "février 2014" in text and "23,4\u00a0%" in text and "militaire" in text


def test_html_table_escapes_and_aligns_numbers() -> None:
    table = Table(
        ["name", "total"], [("<b>Côte d'Ivoire</b>", 1234)], {"total": Column("total", "count")}
    )
    markup = str(html_table(table, FR, caption="A & B"))
    assert "<caption>A &amp; B</caption>" in markup
    assert "&lt;b&gt;Côte d&#39;Ivoire&lt;/b&gt;" in markup
    assert f'<td class="num">1{NARROW}234</td>' in markup
    assert '<th scope="col">Nom</th><th scope="col" class="num">Total</th>' in markup


def test_text_tables_escape_as_jinja_does() -> None:
    """The site's chart tables and month lists are written in Python, not by the template's
    autoescape: the same escaping, character for character."""
    for text in ["Côte d'Ivoire", 'a "b" <c> & d', "&amp;", "", "\u202f%"]:
        assert escape_text(text) == str(escape(text))
    markup = str(
        text_table(
            ["Mois", "Part"],
            [["février 2014", "26,4\u00a0%"], ["<mars>", "1 & 2"]],
            [False, True],
            caption="Part d'OIF",
            row_headers=True,
            numeric_headers=False,
        )
    )
    assert markup == (
        '<table><caption>Part d&#39;OIF</caption><thead><tr><th scope="col">Mois</th>'
        '<th scope="col">Part</th></tr></thead><tbody><tr><th scope="row">février 2014'
        '</th><td class="num">26,4\u00a0%</td></tr><tr><th scope="row">&lt;mars&gt;</th>'
        '<td class="num">1 &amp; 2</td></tr></tbody></table>'
    )


def test_csv_keeps_machine_values_and_neutralises_formulas() -> None:
    table = Table(
        ["month", "name", "share", "n"],
        [(FEB, "=HYPERLINK(1)", 0.1 + 0.2, None), (FEB, "-5", 1e-05, 3)],
        SHARE.kinds,
    )
    rows = list(csv.reader(io.StringIO(csv_string(table))))
    assert rows == [
        ["month", "name", "share", "n"],
        ["2014-02-28", "'=HYPERLINK(1)", "0.30000000000000004", ""],
        ["2014-02-28", "'-5", "1e-05", "3"],
    ]
    assert csv_text("@SUM") == "'@SUM" and csv_text("plain") == "plain"
    assert plain_cell(dt.datetime(2026, 1, 2, 3, 4, 5)) == "2026-01-02T03:04:05"


def old_csv(table: Table) -> str:
    """The CLI's CSV before pkobs.render (stdlib csv over the same cells)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_text(c) for c in table.columns])
    for row in table.rows:
        writer.writerow([csv_text(v) if isinstance(v, str) else plain_cell(v) for v in row])
    return out.getvalue()


def test_csv_is_the_same_bytes_as_before() -> None:
    assert csv_string(SHARE) == old_csv(SHARE)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-1e-3, max_value=1e-3),
    st.text(),
    st.dates(),
    st.datetimes(),
    st.decimals(
        allow_nan=False, allow_infinity=False, places=3, max_value=10**9, min_value=-(10**9)
    ),
)
payloads = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(payloads)
def test_cli_json_is_byte_identical_to_python_json(payload: Any) -> None:
    for indent in (1, None):
        expected = json.dumps(payload, default=json_default, ensure_ascii=False, indent=indent)
        assert json_text(payload, indent) == expected


@settings(max_examples=200, deadline=None)
@given(payloads)
def test_web_json_reads_back_as_python_json(payload: Any) -> None:
    def same(a: Any, b: Any) -> bool:
        if isinstance(a, float) and not math.isfinite(a):
            return b is None  # NaN and infinities are null in valid JSON (Python writes NaN)
        if isinstance(a, list) and isinstance(b, list):
            return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
        if isinstance(a, dict) and isinstance(b, dict):
            return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
        return bool(a == b)

    expected = json.loads(json.dumps(payload, default=json_default))
    # read back with Python's parser: orjson reads integers beyond 64 bits as floats
    assert same(expected, json.loads(json_bytes(payload)))


def test_json_machine_values() -> None:
    payload = {"month": FEB, "d": Decimal("2"), "x": Decimal("0.5"), "big": 2**70}
    assert orjson.loads(json_bytes(payload)) == {
        "month": "2014-02-28",
        "d": 2,
        "x": 0.5,
        "big": 2**70,
    }


def test_every_declared_indicator_column_has_a_header_in_both_languages() -> None:
    from pkobs.indicators import DECLARED

    missing = set()
    for name, declared in DECLARED.items():
        extras = [c for columns in declared.extras.values() for c in columns]
        for column in [*declared.columns, *(declared.by_mission_columns or ()), *extras]:
            for locale in (FR, EN):
                if not has_key(f"column.{column.name}", locale):
                    missing.add((name, column.name, locale.lang))
    assert not missing, "add column.<name> to a catalogue: " + repr(sorted(missing))


@settings(max_examples=200, deadline=None)
@given(
    st.dates(),
    st.datetimes(timezones=st.sampled_from([None, dt.UTC, dt.timezone(dt.timedelta(hours=-5))])),
)
def test_web_json_writes_dates_as_python_does(day: dt.date, moment: dt.datetime) -> None:
    """orjson writes the web's dates natively: the same ISO text as ``isoformat``."""
    payload = {"day": day, "moment": moment, "rows": [[day, 1], [moment, 2.5]]}
    python = json.dumps(payload, default=json_default, separators=(",", ":")).encode()
    assert json_bytes(payload) == python
