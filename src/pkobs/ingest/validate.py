"""Parse one file with DuckDB into temporary tables, check every value, expose long rows.

Only TEMP objects are created here; persistent tables are written by :mod:`pkobs.store.write`.
Every check collects all offending places (file, line, column) before anything is reported.
Reading (the fast typed mode and the detailed text mode) is in :mod:`pkobs.ingest.csvread`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import duckdb

from pkobs.errors import DataProblem
from pkobs.ingest.csvread import (
    COUNT_PATTERN,
    Cells,
    plain_count,
    read_raw,
    store_counts_as_integers,
)
from pkobs.ingest.formats import ColumnMap, SourceFormat, map_columns, normalise_column
from pkobs.ingest.inspect import FileInfo
from pkobs.messages import Count, Message
from pkobs.refdata.countries import CountryResolver

# A single contributor never sends more than a few thousand people to one mission; a count above
# this is a typing or parsing error, not data.
ABSURD_COUNT = 50_000
MAX_PROBLEMS_PER_CHECK = 200
# Rows may be dated up to this many months after the month a mission ended (late reports).
MISSION_END_GRACE_MONTHS = 3


@dataclass(frozen=True)
class Batch:
    """A validated file: a TEMP view of long rows ready to be written, and what to drop after."""

    info: FileInfo
    source_format: SourceFormat
    view: str
    months: list[dt.date]
    temporary: tuple[tuple[str, str], ...]  # ("VIEW" | "TABLE", name), dropped in this order
    columns: ColumnMap  # where each column the format reads is, to place problems

    def cleanup(self, con: duckdb.DuckDBPyConnection) -> None:
        for kind, name in self.temporary:
            con.execute(f"DROP {kind} IF EXISTS {name}")


class _Collector:
    def __init__(self, info: FileInfo, cmap: ColumnMap) -> None:
        self.info = info
        self.cmap = cmap
        self.problems: list[DataProblem] = []

    def say(self, message_id: str, /, **values: object) -> Message:
        return Message(message_id, values)

    def rows(self, count: object) -> Count:
        return Count(int(str(count)), "row")

    def add(self, message: Message, line: int | None, column: str | None = None) -> None:
        number = self.cmap.number(column) if column else None
        label = self.cmap.label(column) if column else None
        self.problems.append(DataProblem(message, self.info.path, line, number, label))

    def query(
        self,
        con: duckdb.DuckDBPyConnection,
        sql: str,
        column: str | None,
        message: Callable[[tuple[object, ...]], Message],
        params: list[object] | None = None,
    ) -> None:
        rows = con.execute(f"{sql} LIMIT {MAX_PROBLEMS_PER_CHECK}", params or []).fetchall()
        for row in rows:
            line = row[0]
            self.add(message(row), int(line) if isinstance(line, int) else None, column)


def plain_counts(
    con: duckdb.DuckDBPyConnection, raw: str, fmt: SourceFormat, cmap: ColumnMap
) -> dict[str, tuple[int, int]] | None:
    """After a fast read: each count column's (smallest, largest) value, from its distinct
    values (a file has few); None when one of them is not a plain integer (the text mode then
    reads the file again and reports each such cell)."""
    extremes: dict[str, tuple[int, int]] = {}
    for name in fmt.count_columns():
        if name not in cmap.positions:
            continue
        col = cmap.sql(name)
        values = [
            str(r[0])
            for r in con.execute(
                f"SELECT DISTINCT {col} FROM {raw}_cells WHERE {col} IS NOT NULL"
            ).fetchall()
        ]
        if not all(plain_count(v) for v in values):
            return None
        numbers = [int(v) for v in values] or [0]
        extremes[name] = (min(numbers), max(numbers))
    return extremes


Check = tuple[str, Callable[[], None]]  # (condition on a row, the query that lists such rows)


def _run_checks(con: duckdb.DuckDBPyConnection, raw: str, checks: list[Check]) -> None:
    """One pass counts the rows that fail each check; only a failed check lists its rows."""
    if not checks:
        return
    counts = con.execute(
        "SELECT " + ", ".join(f"count_if({condition})" for condition, _ in checks) + f" FROM {raw}"
    ).fetchall()[0]
    for failed, (_, report) in zip(counts, checks, strict=True):
        if failed:
            report()


def _check_counts(
    con: duckdb.DuckDBPyConnection,
    raw: str,
    fmt: SourceFormat,
    c: _Collector,
    cells: Cells,
    extremes: dict[str, tuple[int, int]] | None,
) -> None:
    """Counts are integers, neither negative nor absurd, and add up. ``extremes`` (fast mode)
    skips the checks that each column's smallest and largest values already pass."""
    checks: list[Check] = []

    def check(condition: str, sql: str, column: str, message: Callable[..., Message]) -> None:
        checks.append((condition, lambda: c.query(con, sql, column, message)))

    for name in fmt.count_columns():
        if name not in c.cmap.positions:
            continue
        col = c.cmap.sql(name)
        value = cells.count(col)
        if not cells.typed:
            odd = (
                f"{col} IS NOT NULL AND upper(trim({col})) NOT IN ('', 'NA', 'N/A') "
                f"AND NOT regexp_full_match({col}, {COUNT_PATTERN})"
            )
            check(
                odd,
                f"""SELECT line, {col}, regexp_full_match({col}, ' *[0-9]+ *') FROM {raw}
                    WHERE {odd} ORDER BY line""",
                name,
                lambda r: c.say(
                    "ingest.absurd" if r[2] else "ingest.not_integer",
                    value=str(r[1]),
                    limit=ABSURD_COUNT,
                ),
            )
        low, high = extremes[name] if extremes is not None else (-1, ABSURD_COUNT + 1)
        if low < 0:
            check(
                f"{value} < 0",
                f"SELECT line, {value} FROM {raw} WHERE {value} < 0 ORDER BY line",
                name,
                lambda r: c.say("ingest.negative", value=str(r[1])),
            )
        if high > ABSURD_COUNT:
            check(
                f"{value} > {ABSURD_COUNT}",
                f"SELECT line, {value} FROM {raw} WHERE {value} > {ABSURD_COUNT} ORDER BY line",
                name,
                lambda r: c.say("ingest.absurd", value=str(r[1]), limit=ABSURD_COUNT),
            )
    for group in fmt.types:
        if group.male and group.female and group.total:
            m, f, tot = (
                cells.count(c.cmap.sql(x)) for x in (group.male, group.female, group.total)
            )
            above = f"coalesce({m}, 0) + coalesce({f}, 0) > coalesce({tot}, 0)"
            check(
                above,
                f"SELECT line, {m}, {f}, {tot} FROM {raw} WHERE {above} ORDER BY line",
                group.total,
                lambda r: c.say(
                    "ingest.sex_above_total", male=str(r[1]), female=str(r[2]), total=str(r[3])
                ),
            )
    sums = ([fmt.total_check] if fmt.total_check else []) + list(fmt.extra_checks)
    for total, parts in sums:
        if total not in c.cmap.positions or any(p not in c.cmap.positions for p in parts):
            continue
        summed = " + ".join(f"coalesce({cells.count(c.cmap.sql(p))}, 0)" for p in parts)
        labels = " + ".join(c.cmap.label(p) for p in parts)
        whole = f"coalesce({cells.count(c.cmap.sql(total))}, 0)"
        check(
            f"{whole} <> {summed}",
            f"SELECT line, {whole}, {summed} FROM {raw} WHERE {whole} <> {summed} ORDER BY line",
            total,
            _differs(c, labels),
        )
    _run_checks(con, raw, checks)


def _differs(c: _Collector, labels: str) -> Callable[[tuple[object, ...]], Message]:
    return lambda r: c.say("ingest.total_differs", total=str(r[1]), parts=labels, sum=str(r[2]))


def _make_pairs(
    con: duckdb.DuckDBPyConnection, raw: str, fmt: SourceFormat, c: _Collector, cells: Cells
) -> str:
    """The TEMP table of (mission, date) pairs, with their month, first line and rows: a file
    has few, and the date and mission checks read them (trimmed and dated once per pair, not
    once per row)."""
    col, date = c.cmap.sql(fmt.mission), c.cmap.sql(fmt.date)
    con.execute(
        f"""CREATE TEMP TABLE {raw}_pairs AS
            SELECT trim(mission) AS mission, value, {cells.month("value")} AS month,
                   min(line) AS line, sum(n)::BIGINT AS n,
                   bool_or(mission <> trim(mission)) AS untrimmed
            FROM (SELECT {col} AS mission, {date} AS value, min(line) AS line, count(*) AS n
                  FROM {raw} GROUP BY ALL)
            GROUP BY ALL"""
    )
    return f"{raw}_pairs"


def _check_dates(
    con: duckdb.DuckDBPyConnection, pairs: str, fmt: SourceFormat, c: _Collector, today: dt.date
) -> None:
    c.query(
        con,
        f"""SELECT min(line), value, sum(n) FROM {pairs} WHERE month IS NULL
            GROUP BY value ORDER BY 1""",
        fmt.date,
        lambda r: c.say("ingest.not_month", value=str(r[1]), rows=c.rows(r[2])),
    )
    c.query(
        con,
        f"""SELECT min(line), value, sum(n) FROM {pairs} WHERE month > last_day(?::DATE)
            GROUP BY value ORDER BY 1""",
        fmt.date,
        lambda r: c.say(
            "ingest.future", value=str(r[1]), today=today.isoformat(), rows=c.rows(r[2])
        ),
        [today],
    )


def _check_missions(
    con: duckdb.DuckDBPyConnection, pairs: str, fmt: SourceFormat, c: _Collector
) -> None:
    """Every mission is known, and every row is dated within its mission's life."""
    c.query(
        con,
        f"""SELECT min(line), mission, sum(n) FROM {pairs}
            WHERE mission NOT IN (SELECT acronym FROM ref_missions) OR mission IS NULL
            GROUP BY mission ORDER BY 1""",
        fmt.mission,
        lambda r: (
            c.say("ingest.unknown_mission", value=str(r[1]), rows=c.rows(r[2]))
            if r[1]
            else c.say("ingest.empty_mission", rows=c.rows(r[2]))
        ),
    )
    _check_mission_dates(con, pairs, fmt, c)


def _check_mission_dates(
    con: duckdb.DuckDBPyConnection, pairs: str, fmt: SourceFormat, c: _Collector
) -> None:
    """A row is dated within its mission's life: from its start month to a few months after it
    ended (reports of the closing months come late)."""
    grace = f"INTERVAL {MISSION_END_GRACE_MONTHS} MONTH"
    rows = con.execute(
        f"""SELECT p.line, p.value, m.acronym, m.start_date, m.end_date, p.n,
                   p.month < last_day(m.start_date) AS early
            FROM {pairs} p JOIN ref_missions m ON m.acronym = p.mission
            WHERE p.month < last_day(m.start_date)
               OR p.month > last_day(m.end_date + {grace})
            ORDER BY p.line LIMIT {MAX_PROBLEMS_PER_CHECK}"""
    ).fetchall()
    for line, value, mission, start, end, count, early in rows:
        if early:
            message = c.say(
                "ingest.before_mission",
                value=str(value),
                mission=mission,
                start=str(start),
                rows=c.rows(count),
            )
        else:
            message = c.say(
                "ingest.after_mission",
                value=str(value),
                mission=mission,
                end=str(end),
                grace=MISSION_END_GRACE_MONTHS,
                rows=c.rows(count),
            )
        c.add(message, line, fmt.date)


Groups = list[tuple[str, str, str, int, int]]  # (name, code, type value, first line, rows)


def _name_type_groups(
    con: duckdb.DuckDBPyConnection, raw: str, fmt: SourceFormat, cmap: ColumnMap
) -> Groups:
    """Every (contributor name, code, personnel-type value) a file gives, with its first line and
    its rows: a file has a few hundred, and the name and type checks both read them (one pass
    over the rows, not one per check)."""
    name_col = cmap.sql(fmt.contributor_name)
    code_col = cmap.sql(fmt.contributor_code) if fmt.contributor_code else "NULL"
    type_col = cmap.sql(fmt.long_type) if fmt.long_type else "NULL"
    rows = con.execute(
        f"""SELECT coalesce({name_col}, ''), coalesce({code_col}, ''), coalesce({type_col}, ''),
                   min(line), count(*)
            FROM {raw} GROUP BY 1, 2, 3"""
    ).fetchall()
    return [(str(n), str(k), str(t), int(line), int(count)) for n, k, t, line, count in rows]


def _sum_groups(
    groups: Groups, key: Callable[[tuple[str, str, str]], tuple[str, ...]]
) -> list[tuple[tuple[str, ...], int, int]]:
    """(key, first line, rows) of each key of the groups, first line first."""
    totals: dict[tuple[str, ...], tuple[int, int]] = {}
    for name, code, value, line, count in groups:
        k = key((name, code, value))
        first, rows = totals.get(k, (line, 0))
        totals[k] = (min(first, line), rows + count)
    ordered = sorted(totals.items(), key=lambda item: item[1][0])
    return [(k, line, count) for k, (line, count) in ordered]


def _resolve_contributors(
    con: duckdb.DuckDBPyConnection,
    groups: Groups,
    fmt: SourceFormat,
    c: _Collector,
    resolver: CountryResolver,
    names_table: str,
) -> bool:
    """Resolve every (name, code) pair into ``names_table``; True when every pair's code is
    already its ISO-3 code as written (the long rows then take the code, without a join)."""
    pairs = _sum_groups(groups, lambda g: (g[0], g[1]))
    resolved: list[tuple[str, str, str]] = []
    for (name, code), line, count in pairs:
        by_name = resolver.resolve(name) if name.strip() else None
        by_code = code.strip().upper() if code.strip().upper() in resolver.known else None
        if code.strip() and by_code is None:
            c.add(
                c.say("ingest.unknown_code", code=code, rows=c.rows(count)),
                line,
                fmt.contributor_code,
            )
        elif by_name and by_code and by_name != by_code:
            c.add(
                c.say(
                    "ingest.name_code_mismatch",
                    name=name,
                    iso3=by_name,
                    code=code,
                    rows=c.rows(count),
                ),
                line,
                fmt.contributor_name,
            )
        elif not by_name and not by_code:
            c.add(
                c.say("ingest.unknown_country", name=name, rows=c.rows(count)),
                line,
                fmt.contributor_name,
            )
        else:
            resolved.append((name, code, str(by_code or by_name)))
    con.execute(f"CREATE TEMP TABLE {names_table}(name VARCHAR, code VARCHAR, iso3 VARCHAR)")
    _insert_columns(con, names_table, resolved)
    return fmt.contributor_code is not None and all(code == iso3 for _, code, iso3 in resolved)


def _insert_columns(
    con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[tuple[str, ...]]
) -> None:
    """Insert text rows in one statement, one list per column (``executemany`` would run one
    statement per row)."""
    if not rows:
        return
    width = len(rows[0])
    lists = ", ".join(f"unnest(${i + 1}::VARCHAR[])" for i in range(width))
    con.execute(
        f"INSERT INTO {table} SELECT {lists}", [[row[i] for row in rows] for i in range(width)]
    )


def _map_types(
    con: duckdb.DuckDBPyConnection,
    groups: Groups,
    fmt: SourceFormat,
    c: _Collector,
    types_table: str,
) -> None:
    """For long formats: map each personnel-type value; unknown values are listed."""
    con.execute(f"CREATE TEMP TABLE {types_table}(value VARCHAR, personnel_type VARCHAR)")
    if not fmt.long_type:
        return
    values = _sum_groups(groups, lambda g: (g[2],))
    known: list[tuple[str, str]] = []
    for (value,), line, count in values:
        mapped = fmt.type_values.get(normalise_column(value))
        if mapped is None:
            c.add(
                c.say(
                    "ingest.unknown_type",
                    value=value,
                    rows=c.rows(count),
                    known=", ".join(sorted(set(fmt.type_values))),
                ),
                line,
                fmt.long_type,
            )
        else:
            known.append((value, mapped))
    _insert_columns(con, types_table, known)


def _long_view(
    con: duckdb.DuckDBPyConnection,
    raw: str,
    fmt: SourceFormat,
    cmap: ColumnMap,
    cells: Cells,
    names: str,
    types: str,
    view: str,
    pairs: str,
    codes_are_iso3: bool = False,
) -> None:
    """The view of long rows, those with a count only (checked files: counts are non-negative
    and the sexes never exceed the total, so a row counts somebody exactly when its total is
    above zero). Dates already at their month's end and missions without spaces around are
    taken as written (the pairs tell)."""
    name_col, mission_col = cmap.sql(fmt.contributor_name), cmap.sql(fmt.mission)
    code_col = cmap.sql(fmt.contributor_code) if fmt.contributor_code else "NULL"
    ends = "bool_and(value = month)" if cells.typed else "false"  # value is a DATE if typed
    month_ends, untrimmed = con.execute(
        f"SELECT coalesce({ends}, false), coalesce(bool_or(untrimmed), false) FROM {pairs}"
    ).fetchall()[0]
    date = f"r.{cmap.sql(fmt.date)}"
    month = date if cells.typed and month_ends else cells.month(date)
    mission = f"trim(r.{mission_col})" if untrimmed else f"r.{mission_col}"
    selects = []
    for group in fmt.types:
        male = cells.integer(f"r.{cmap.sql(group.male)}") if group.male else "NULL"
        female = cells.integer(f"r.{cmap.sql(group.female)}") if group.female else "NULL"
        total = (
            f"coalesce({cells.integer('r.' + cmap.sql(group.total))}, 0)"
            if group.total
            else f"coalesce({male}, 0) + coalesce({female}, 0)"
        )
        if fmt.long_type:
            ptype = "ty.personnel_type"
            join = f"JOIN {types} ty ON ty.value = coalesce(r.{cmap.sql(fmt.long_type)}, '')"
        else:
            ptype, join = f"'{group.personnel_type}'", ""
        if codes_are_iso3:  # every row's code is its resolved ISO-3 code: no join needed
            iso3, names_join = f"r.{code_col}", ""
        else:
            iso3 = "n.iso3"
            names_join = (
                f"JOIN {names} n ON n.name = coalesce(r.{name_col}, '') "
                f"AND n.code = coalesce(r.{code_col}, '')"
            )
        selects.append(
            f"""SELECT r.line, {month} AS month, {iso3} AS contributor_iso3,
                   {mission} AS mission, {ptype} AS personnel_type,
                   ({male})::INTEGER AS male, ({female})::INTEGER AS female,
                   ({total})::INTEGER AS total
                FROM {raw} r
                {names_join}
                {join}"""
        )
    con.execute(
        f"""CREATE TEMP VIEW {view} AS
            SELECT * FROM ({" UNION ALL ".join(selects)}) WHERE total > 0"""
    )


def duplicate_problems(batch: Batch, cells: list[tuple[object, ...]]) -> list[DataProblem]:
    """The cells a file gives twice (from :func:`pkobs.store.write.duplicate_cells`: first
    line, month, contributor, mission, type, lines), each placed on its first line."""
    c = _Collector(batch.info, batch.columns)
    for line, month, iso3, mission, personnel_type, lines in cells:
        assert isinstance(month, dt.date)
        message = c.say(
            "ingest.duplicate",
            month=f"{month:%Y-%m}",
            iso3=str(iso3),
            mission=str(mission),
            type=str(personnel_type),
            lines=str(lines),
        )
        c.add(message, int(str(line)), batch.source_format.contributor_name)
    return c.problems


MAX_DUPLICATES = MAX_PROBLEMS_PER_CHECK


def validate_file(
    con: duckdb.DuckDBPyConnection,
    info: FileInfo,
    fmt: SourceFormat,
    resolver: CountryResolver,
    prefix: str,
    today: dt.date | None = None,
) -> tuple[Batch | None, list[DataProblem]]:
    """Check one file and build the view ``{prefix}_long``; (batch, []) or (None, problems)."""
    today = today or dt.date.today()
    cmap = map_columns(info.header, fmt, info.path)
    raw, names, types, view = (f"{prefix}_{s}" for s in ("raw", "names", "types", "long"))
    typed = read_raw(con, info, fmt, cmap, raw, True)
    extremes = plain_counts(con, raw, fmt, cmap) if typed else None
    if typed and extremes is None:  # a count that is not a plain integer: read as text
        for kind, name in (("VIEW", raw), ("TABLE", f"{raw}_cells"), ("TABLE", f"{raw}_lines")):
            con.execute(f"DROP {kind} IF EXISTS {name}")
        typed = False
    if not typed:
        read_raw(con, info, fmt, cmap, raw, False)
    else:
        counted = [cmap.sql(name) for name in fmt.count_columns() if name in cmap.positions]
        store_counts_as_integers(con, raw, counted)
    cells = Cells(typed)
    c = _Collector(info, cmap)
    pairs = _make_pairs(con, raw, fmt, c, cells)
    _check_counts(con, raw, fmt, c, cells, extremes)
    _check_dates(con, pairs, fmt, c, today)
    _check_missions(con, pairs, fmt, c)
    groups = _name_type_groups(con, raw, fmt, cmap)
    codes_are_iso3 = _resolve_contributors(con, groups, fmt, c, resolver, names)
    _map_types(con, groups, fmt, c, types)
    if c.problems:
        return None, c.problems
    # A cell given twice is found on the rows written, in the write's transaction (see
    # pkobs.store.write.duplicate_cells): the long rows are computed once.
    _long_view(con, raw, fmt, cmap, cells, names, types, view, pairs, codes_are_iso3)
    months = [
        r[0] for r in con.execute(f"SELECT DISTINCT month FROM {pairs} ORDER BY 1").fetchall()
    ]
    temporary = (
        ("VIEW", view),
        ("TABLE", names),
        ("TABLE", types),
        ("VIEW", raw),
        ("TABLE", f"{raw}_cells"),
        ("TABLE", f"{raw}_lines"),
        ("TABLE", f"{raw}_pairs"),
    )
    return Batch(info, fmt, view, months, temporary, cmap), []
