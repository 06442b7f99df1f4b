"""The XLSX writer: every value read back as written, a whole real view cell by cell, the
same bytes for the same rows, and nothing cut silently (too many rows, too long a text)."""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from pkobs.errors import QueryError
from pkobs.render import xlsx
from pkobs.render.export import export_table
from pkobs.store.database import Database
from tests.conftest import requires_ipi

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
ESCAPED = re.compile(r"_x([0-9A-F]{4})_")


def unescape(text: str) -> str:
    """Excel's reading of ``_xHHHH_`` (``_x005F_`` is a literal underscore)."""
    return ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def from_serial(serial: float, style: str | None) -> dt.date | dt.datetime:
    days = serial - 1 if serial > 60 else serial  # Excel's 29 February 1900
    moment = dt.datetime(1899, 12, 31) + dt.timedelta(days=days)
    if style == str(xlsx.DATE_STYLE):
        assert moment.time() == dt.time()
        return moment.date()
    return moment


def read_cells(path: Path) -> Iterator[tuple[str, Any]]:
    """(cell reference, value) of every written cell of the first worksheet, as Excel reads it."""
    with zipfile.ZipFile(path) as book, book.open("xl/worksheets/sheet1.xml") as sheet:
        for _event, cell in ElementTree.iterparse(sheet):
            if cell.tag != f"{MAIN}c":
                continue
            kind, style = cell.get("t"), cell.get("s")
            if kind == "inlineStr":
                value: Any = unescape("".join(cell.itertext()))
            else:
                text = cell.findtext(f"{MAIN}v")
                assert text is not None
                if kind == "b":
                    value = text == "1"
                elif style in (str(xlsx.DATE_STYLE), str(xlsx.DATETIME_STYLE)):
                    value = from_serial(float(text), style)
                else:
                    value = float(text)
            yield str(cell.get("r")), value
            cell.clear()


def read_rows(path: Path, width: int) -> list[list[Any]]:
    columns = {xlsx.column_letters(i): i for i in range(width)}
    reference = re.compile(r"([A-Z]+)(\d+)")
    rows: dict[int, list[Any]] = {}
    for ref, value in read_cells(path):
        match = reference.fullmatch(ref)
        assert match is not None
        letters, number = match.groups()
        rows.setdefault(int(number), [None] * width)[columns[letters]] = value
    return [rows.get(n, [None] * width) for n in range(1, max(rows) + 1)]


def test_every_kind_of_value_reads_back(tmp_path: Path) -> None:
    paris = dt.timezone(dt.timedelta(hours=1))
    rows = [
        ("A & B <c> d", 0, 1.25, True, dt.date(2014, 2, 28), dt.datetime(2026, 12, 4, 1, 30)),
        ("  leading and trailing  ", -7, Decimal("0.125"), False, dt.date(1900, 1, 1), None),
        ("bell\x07 and _x0041_ kept as typed", 2**40, math.nan, None, dt.date(1900, 3, 1), None),
        ("République démocratique du Congo", None, math.inf, None, None, None),
        ("=1+1", 10**6, -0.5, None, None, dt.datetime(2014, 2, 28, 23, 59, 59, tzinfo=paris)),
    ]
    path = tmp_path / "kinds.xlsx"
    columns = ["text", "count", "share", "flag", "month", "at"]
    xlsx.write_xlsx_batches(columns, [rows[:2], rows[2:]], path, "kinds")
    read = read_rows(path, len(columns))
    assert read[0] == columns
    expected = [
        [
            None if isinstance(v, float) and not math.isfinite(v) else v
            for v in (  # numbers read as floats; a time zone is dropped (wall-clock time kept)
                float(v) if isinstance(v, int | Decimal) and not isinstance(v, bool) else v
                for v in row
            )
        ]
        for row in rows
    ]
    expected[4][5] = dt.datetime(2014, 2, 28, 23, 59, 59)
    assert read[1:] == expected
    with zipfile.ZipFile(path) as book:
        assert book.testzip() is None
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
        assert '<t xml:space="preserve">  leading' in sheet  # spaces kept by Excel
        assert "<f>" not in sheet  # a formula-looking text stays text
        assert 'state="frozen"' in sheet  # the header row stays in view
        workbook = book.read("xl/workbook.xml").decode()
        assert '<sheet name="kinds"' in workbook
        types = book.read("[Content_Types].xml").decode()
        for part in ("/xl/workbook.xml", "/xl/worksheets/sheet1.xml", "/xl/styles.xml"):
            assert f'PartName="{part}"' in types


def test_column_letters_and_serials() -> None:
    assert [xlsx.column_letters(i) for i in (0, 25, 26, 51, 52, 701, 702)] == [
        "A", "Z", "AA", "AZ", "BA", "ZZ", "AAA",
    ]  # fmt: skip
    # Excel's own serial numbers: 1 January 1900 is 1, 1 March 1900 is 61 (after its 29 Feb)
    assert xlsx.excel_serial(dt.date(1900, 1, 1)) == 1
    assert xlsx.excel_serial(dt.date(1900, 2, 28)) == 59
    assert xlsx.excel_serial(dt.date(1900, 3, 1)) == 61
    assert xlsx.excel_serial(dt.date(2014, 2, 28)) == 41698
    assert xlsx.excel_serial(dt.datetime(2014, 2, 28, 12)) == 41698.5


def as_excel(value: Any) -> Any:
    """A DuckDB value as Excel reads it back: numbers as floats, time zones dropped."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, bool) or value is None or isinstance(value, dt.date | str):
        return value
    return float(value)


@requires_ipi
def test_whole_views_read_back_cell_by_cell(real_db_path: Path, tmp_path: Path) -> None:
    """Every kind of column the views have: months, counts, codes, booleans, sources' time
    stamps with their zone, senior posts' notes (long, accented, with quotes and URLs)."""
    views = ["contributor_months", "sources", "senior_posts", "missions", "group_membership"]
    with Database.open_read_only(real_db_path) as db:
        for view in views:
            out = tmp_path / f"{view}.xlsx"
            count = export_table(db, view, "xlsx", out)
            relation = db.con.execute(f"SELECT * FROM {view}")
            columns = [d[0] for d in relation.description or []]
            rows = relation.fetchall()
            assert count == len(rows) > 0, view
            read = read_rows(out, len(columns))
            assert read[0] == columns and len(read) == count + 1, view
            with zipfile.ZipFile(out) as book:  # the used range, for readers that want it
                sheet = book.read("xl/worksheets/sheet1.xml").decode()
            last = f"{xlsx.column_letters(len(columns) - 1)}{count + 1}"
            assert f'<dimension ref="A1:{last}"/>' in sheet
            assert read[1:] == [[as_excel(v) for v in row] for row in rows], view
        again = tmp_path / "again.xlsx"
        export_table(db, views[0], "xlsx", again)
    # no time stamp: the same rows give the same bytes
    assert again.read_bytes() == (tmp_path / f"{views[0]}.xlsx").read_bytes()


def test_more_rows_than_a_worksheet_holds_are_refused(
    small_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx, "MAX_ROWS", 4)  # a header and three rows
    out = tmp_path / "contributions.xlsx"
    with Database.open_read_only(small_db) as db, pytest.raises(QueryError) as refused:
        export_table(db, "contributions", "xlsx", out)
    assert refused.value.message("en") == (
        "contributions has more rows than an XLSX worksheet holds (3 below its header): "
        "export it as CSV or Parquet, which hold every row"
    )
    assert refused.value.message("fr").startswith(
        "contributions a plus de lignes qu’une feuille XLSX n’en contient (3 sous son "
        "en-tête)\u202f: exportez-la en CSV ou en Parquet"
    )
    assert list(tmp_path.iterdir()) == []  # nothing written, no temporary file left
    # the writer's own bound, for rows that arrive in more batches than were counted
    with pytest.raises(QueryError, match="3 below its header"):
        xlsx.write_xlsx_batches(["n"], [[(1,), (2,)], [(3,), (4,)]], tmp_path / "x.xlsx", "x")
    xlsx.write_xlsx_batches(["n"], [[(1,), (2,)], [(3,)]], tmp_path / "y.xlsx", "y")
    assert read_rows(tmp_path / "y.xlsx", 1) == [["n"], [1.0], [2.0], [3.0]]


def test_a_text_longer_than_a_cell_is_refused_not_cut(tmp_path: Path) -> None:
    rows = [("short",), ("x" * (xlsx.MAX_TEXT + 1),)]
    with pytest.raises(QueryError) as refused:
        xlsx.write_xlsx_batches(["note"], [rows], tmp_path / "t.xlsx", "notes")
    assert refused.value.message("en").startswith(
        "cell A3 holds 32,768 characters, more than an XLSX cell holds (32,767)"
    )
    assert "la cellule A3 contient 32\u202f768 caractères" in refused.value.message("fr")
    xlsx.write_xlsx_batches(
        ["note"], [[*rows[:1], ("x" * xlsx.MAX_TEXT,)]], tmp_path / "ok.xlsx", "n"
    )
    assert len(read_rows(tmp_path / "ok.xlsx", 1)[2][0]) == xlsx.MAX_TEXT


def test_a_sheet_name_is_cut_to_what_excel_takes(tmp_path: Path) -> None:
    path = tmp_path / "long.xlsx"
    xlsx.write_xlsx_batches(["a"], [], path, "a_table_name_much_longer_than_31_chars & more")
    with zipfile.ZipFile(path) as book:
        workbook = ElementTree.parse(io.BytesIO(book.read("xl/workbook.xml")))
    names = [s.get("name") for s in workbook.iter(f"{MAIN}sheet")]
    assert names == ["a_table_name_much_longer_than_3"]
