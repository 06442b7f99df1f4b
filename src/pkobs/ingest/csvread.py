"""Reading a CSV file into a TEMP table with DuckDB, and placing each record on its real line.

Two reading modes share the same checks (see :mod:`pkobs.ingest.validate`). The fast mode reads
dates as DATE and counts as text; the checks then test each count column's distinct values
(few) for plain integers (:func:`plain_count`), and the count columns are converted to BIGINT
once (:func:`store_counts_as_integers`). When a cell does not fit
(a date that is not one, a count such as ``62.6``), the file is read again with every cell as
text, so each bad cell can be reported with its line and column.

DuckDB numbers records, not lines: after a quoted newline or a blank line the two differ. When the
file has more physical lines than records, the real line of each record is computed once with
Python's csv module (streamed). The same module locates short or long rows when DuckDB refuses
the file, with the expected and found numbers of fields.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass

import duckdb

from pkobs.errors import DataProblem, IngestError
from pkobs.ingest.formats import ColumnMap, SourceFormat
from pkobs.ingest.inspect import MAX_LINE_BYTES, FileInfo
from pkobs.messages import Message

# A count is digits only (a minus sign is read so that it can be reported as negative), with
# optional spaces around. DuckDB's own cast also takes 62.6, 0x3F, 0b111, 1e2, 1_000 and +63.
COUNT_PATTERN = "' *-?[0-9]{1,18} *'"


def plain_count(text: str) -> bool:
    """Whether a count cell reads as itself in the fast mode: an integer written the way DuckDB
    writes it back (``-5``, ``63``; not `` 63 ``, ``007``, ``62.6``, ``+63``, ``1_000``). The
    others go to the text mode, whose pattern takes `` 63 `` and ``007`` and reports the rest."""
    digits = text[1:] if text.startswith("-") else text
    return (
        0 < len(digits) <= 18 and digits.isascii() and digits.isdigit() and str(int(text)) == text
    )


MAX_RAGGED_ROWS = 200


@dataclass(frozen=True)
class Cells:
    """SQL for reading a cell, in the typed (fast) or text (detailed) mode."""

    typed: bool

    def count(self, column: str) -> str:
        """A count cell as BIGINT; NA or empty is NULL."""
        if self.typed:  # plain integers only (checked by validate's plain_counts)
            return f"CAST({column} AS BIGINT)"
        return (
            f"CASE WHEN {column} IS NULL OR upper(trim({column})) IN ('', 'NA', 'N/A') "
            f"THEN NULL WHEN regexp_full_match({column}, {COUNT_PATTERN}) "
            f"THEN CAST(trim({column}) AS BIGINT) END"
        )

    def integer(self, column: str) -> str:
        """A checked count cell as INTEGER (checked counts are at most ``ABSURD_COUNT``)."""
        if self.typed:
            return f"CAST({column} AS INTEGER)"
        return f"({self.count(column)})::INTEGER"

    def month(self, column: str) -> str:
        """A month cell as the month's last day: ``YYYY-MM`` or any ``YYYY-MM-DD`` of the month.

        Real files date a month by its last day, but not always correctly (IPI's file has
        2012-02-28 for February 2012, a leap year), so any valid day names its month.
        """
        if self.typed:
            return f"last_day({column})"
        text = f"trim({column})"
        return (
            f"CASE WHEN regexp_full_match({text}, '\\d{{4}}-\\d{{2}}') "
            f"THEN last_day(TRY_CAST({text} || '-01' AS DATE)) "
            f"WHEN regexp_full_match({text}, '\\d{{4}}-\\d{{2}}-\\d{{2}}') "
            f"THEN last_day(TRY_CAST({text} AS DATE)) END"
        )


def _records(info: FileInfo) -> Iterator[tuple[int, list[str] | None, str | None]]:
    """(first line, fields, None) of every non-blank record, header included, streamed; on a
    syntax error, a last (line, None, reason)."""
    csv.field_size_limit(2 * MAX_LINE_BYTES)
    with open(info.path, encoding=info.text_encoding, newline="") as handle:
        reader = csv.reader(handle, strict=True)
        before = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield before + 1, None, str(exc)
                return
            if row:
                yield before + 1, row, None
            before = reader.line_num


def record_lines(info: FileInfo) -> list[int]:
    """The first line of each data record (the header excluded)."""
    return [line for line, fields, _ in _records(info) if fields is not None][1:]


def ragged_rows(info: FileInfo) -> list[DataProblem]:
    """Records whose number of fields differs from the header's, and CSV syntax errors."""
    problems: list[DataProblem] = []
    expected: int | None = None
    for line, fields, reason in _records(info):
        if fields is None:
            message = Message.of("ingest.csv_syntax", reason=str(reason))
            problems.append(DataProblem(message, info.path, line))
            break
        if expected is None:
            expected = len(fields)
        elif len(fields) != expected:
            key = "ingest.row_too_long" if len(fields) > expected else "ingest.row_too_short"
            message = Message.of(key, found=len(fields), expected=expected)
            problems.append(DataProblem(message, info.path, line))
            if len(problems) >= MAX_RAGGED_ROWS:
                break
    return problems


def read_raw(
    con: duckdb.DuckDBPyConnection,
    info: FileInfo,
    fmt: SourceFormat,
    cmap: ColumnMap,
    table: str,
    typed: bool,
) -> bool:
    """Create ``{table}_cells`` and the view ``{table}`` (with line numbers). False if a typed
    read met a date it could not convert. Counts are read as text in both modes (DuckDB's own
    integer reading would take ``62.6``, ``0x3F``, ``1e2``, ``1_000`` or ``+63``)."""
    date = cmap.number(fmt.date)

    def kind(i: int) -> str:
        return "DATE" if typed and i == date else "VARCHAR"

    columns = "{" + ", ".join(f"'c{i}': '{kind(i)}'" for i in range(1, len(info.header) + 1)) + "}"
    # Only the columns the format reads are kept (the parser skips converting the others).
    wanted = [*fmt.required, *fmt.count_columns(), fmt.long_type or ""]
    kept = sorted({c for c in wanted if c in cmap.positions}, key=cmap.number)
    needed = ", ".join(cmap.sql(c) for c in kept)
    try:
        con.execute(
            f"""CREATE TEMP TABLE {table}_cells AS
            SELECT {needed} FROM read_csv(?, header = true, columns = {columns}, delim = ',',
                                   quote = '"', escape = '"', encoding = ?, strict_mode = true,
                                   null_padding = false, auto_detect = false,
                                   max_line_size = {2 * MAX_LINE_BYTES},
                                   nullstr = ['NA', 'N/A', ''])""",
            [str(info.path), info.duckdb_encoding],
        )
    except duckdb.Error as exc:
        if typed:  # the text mode will find and place the problem
            return False
        _refuse_malformed(info, str(exc))
    _number_lines(con, info, table)
    return True


def _refuse_malformed(info: FileInfo, text: str) -> None:
    problems = ragged_rows(info)
    if not problems:
        match = re.search(r"[Ll]ine:?\s*(\d+)", text)
        first = text.splitlines()[0] if text else "unreadable CSV"
        line = int(match.group(1)) if match else None
        problems = [DataProblem(Message.of("ingest.csv_reader", reason=first), info.path, line)]
    raise IngestError("ingest.malformed_summary", problems, path=str(info.path))


def store_counts_as_integers(
    con: duckdb.DuckDBPyConnection, table: str, columns: list[str]
) -> None:
    """After a fast read whose count cells are all plain integers (validate's ``plain_counts``):
    store those columns of ``{table}_cells`` as BIGINT, converted once, instead of text the
    checks and the long rows would each convert again (several times a row). Every value reads
    the same (a plain integer is written as DuckDB writes it back); record ids, and so lines,
    are kept, which is checked."""
    if not columns:
        return
    cells = f"{table}_cells"
    before = con.execute(f"SELECT min(rowid), max(rowid) FROM {cells}").fetchall()[0]
    for column in columns:
        con.execute(f"ALTER TABLE {cells} ALTER {column} TYPE BIGINT")
    after = con.execute(f"SELECT min(rowid), max(rowid) FROM {cells}").fetchall()[0]
    if after != before:  # the views number lines from the record ids
        raise RuntimeError(f"DuckDB renumbered {cells} when converting its counts")


def _number_lines(con: duckdb.DuckDBPyConnection, info: FileInfo, table: str) -> None:
    """The view ``{table}``: every record with its first line in the file (header = line 1)."""
    # Insertion order is the file's order, so the row's rank + 1 is its line (header = 1) when
    # every line is one record. Inside a transaction DuckDB numbers new rows from a large
    # offset: subtract the first.
    first, records = con.execute(f"SELECT min(rowid), count(*) FROM {table}_cells").fetchall()[0]
    first = int(first or 0)
    if records == info.lines - 1:
        con.execute(
            f"CREATE TEMP VIEW {table} AS "
            f"SELECT (rowid - {first} + 2)::INTEGER AS line, * FROM {table}_cells"
        )
        return
    # Quoted newlines or blank lines: place each record on its real first line.
    lines = record_lines(info)
    con.execute(
        f"""CREATE TEMP TABLE {table}_lines AS
            SELECT unnest(range(0, len(l))) AS record, unnest(l) AS line
            FROM (SELECT ?::INTEGER[] AS l)""",
        [lines],
    )
    con.execute(
        f"""CREATE TEMP VIEW {table} AS
            SELECT coalesce(n.line, c.rowid - {first} + 2)::INTEGER AS line, c.*
            FROM {table}_cells c LEFT JOIN {table}_lines n ON n.record = c.rowid - {first}"""
    )
