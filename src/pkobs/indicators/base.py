"""What every indicator shares: its declaration, parameters and their validation, metadata, and
the result type.

An indicator is *declared* (in the spirit of owid/etl's small steps with their metadata beside
them): each module holds one :class:`Indicator` naming the indicator, its columns
(:class:`pkobs.table.Column` with kind and unit), the level of detail it needs (``mission``,
``contributor`` or ``registry``) and its query, a function ``(Database, Params) ->
IndicatorResult``. Its title and definition live in the message catalogue
(``indicator.<name>.title``, ``indicator.<name>.definition``, area ``indicators.po``), where
translators work. :func:`run_declared` runs every indicator the same way and returns a table
whose ``kinds`` are the declared columns.

Results are language-free: notes and generated sentences are :class:`pkobs.messages.Message`
values, and the names of countries, missions and centres :class:`pkobs.messages.Name` values
(both languages), rendered by the edges with the functions of :mod:`pkobs.render.results`
(``rendered``, ``result_dict``, ``title``...). The SQL lives in
:mod:`pkobs.store.indicators`; the answers without a mission split come from the per-version
cube (:mod:`pkobs.store.aggregates`).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations
from typing import TYPE_CHECKING, Any, Literal

from pkobs.errors import QueryError
from pkobs.messages import Message
from pkobs.store import aggregates
from pkobs.store import indicators as reads
from pkobs.store.database import Database
from pkobs.store.gaps import probable_source_gaps

# CATEGORY_SQL: re-exported for store.site, which still imports it from here
from pkobs.store.indicators import CATEGORY_SQL, Handle, needs_mission
from pkobs.table import Column, Table

if TYPE_CHECKING:
    from pkobs.i18n import Locale

Detail = Literal["mission", "contributor", "registry"]
Connection = Handle  # a Database, or (from callers not moved yet) a raw connection

STATUSES = ("member", "associate", "observer")
# every non-empty set of statuses, one status first, then two, then all three
STATUS_SETS = tuple(c for n in (1, 2, 3) for c in combinations(STATUSES, n))
KINDS = ("pko", "spm", "support")  # missions.kind: peacekeeping, special political, support
DEFAULT_STATUSES = ("member", "associate")
ALL = "all"  # the pseudo-group of every contributor


def members_key(params: Params) -> str:
    """The group and status set of ``params`` as a key (``all`` is every contributor, whatever
    the statuses: one key for every status set)."""
    bits = 7 if params.group == ALL else aggregates.status_bits(params.statuses)
    return f"{params.group}:{bits}"


def month_end(value: dt.date) -> dt.date:
    following = dt.date(value.year + value.month // 12, value.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def month_index(month: dt.date) -> int:
    """The month counted from January of year 0 (the difference of two is months apart)."""
    return month.year * 12 + month.month - 1


def add_months(month: dt.date, count: int) -> dt.date:
    index = month_index(month) + count
    return month_end(dt.date(index // 12, index % 12 + 1, 1))


def between(months: Sequence[dt.date], first: dt.date, last: dt.date) -> slice:
    """Where ``first`` to ``last`` (both included) lie in ``months``, sorted: a slice of it."""
    start = bisect_left(months, first)
    return slice(start, bisect_right(months, last, lo=start))


def parse_month(text: str, option: str = "month") -> dt.date:
    """``YYYY-MM`` (or a full date) -> the month's last day; a clear error otherwise."""
    try:
        if len(text) == 7:
            return month_end(dt.date.fromisoformat(text + "-01"))
        return month_end(dt.date.fromisoformat(text))
    except ValueError:
        raise QueryError("indicator.error.not_a_month", option=option, text=text) from None


@dataclass(frozen=True)
class Params:
    """Parameters shared by the indicators (each uses the ones it needs)."""

    group: str = "oif"
    statuses: tuple[str, ...] = DEFAULT_STATUSES
    from_month: dt.date | None = None
    to_month: dt.date | None = None
    mission: str | None = None
    by_mission: bool = False
    groups: tuple[str, ...] = ("oif", "au", "eu")
    window: int | None = None  # trend: months before ``to_month``
    min_change: int = 100  # alerts: absolute threshold (personnel)
    min_relative: float = 0.2  # alerts: relative threshold (fraction)
    # Mission kinds that count (``missions.kind``); None: every kind. Mission-level data only.
    kinds: tuple[str, ...] | None = None

    def with_months(self, first: dt.date | None, last: dt.date | None) -> Params:
        return replace(self, from_month=first, to_month=last)


@dataclass(frozen=True)
class Meta:
    """An indicator result's metadata: name, unit, parameters, sources and notes.

    The title and definition come from the catalogue (``indicator.<name>.title`` and
    ``.definition``, filled with ``definition_values``); ``title_fr``... remain for indicators
    not converted yet (used only when the catalogue has no entry). ``notes`` are Messages
    (plain strings from older indicators are kept as they are).
    """

    name: str
    title_fr: str = ""
    title_en: str = ""
    unit: str = ""
    definition_fr: str = ""
    definition_en: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    sources: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str | Message] = field(default_factory=list)
    definition_values: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Titles and definitions come from the catalogue; the ``*_fr`` / ``*_en`` fields are
        # filled from it (kept for the consumers that read them).
        from pkobs.i18n import Locale

        for part in ("title", "definition"):
            values = self.definition_values if part == "definition" else {}
            for locale in (Locale("fr"), Locale("en")):
                attribute = f"{part}_{locale.lang}"
                if not getattr(self, attribute):
                    found = self._catalogued(part, locale, values)
                    if found is not None:
                        object.__setattr__(self, attribute, found)

    def _catalogued(self, part: str, locale: Locale, values: Mapping[str, Any]) -> str | None:
        from pkobs.i18n import catalogue

        key = f"indicator.{self.name}.{part}"
        if key not in catalogue(locale.lang):
            return None
        return locale.message(Message(key, values))


@dataclass(frozen=True)
class IndicatorResult:
    """A table, its metadata and extra tables, in no language.

    ``by_name`` names the extra tables whose rows are listed by name (a ``name`` column of
    :class:`pkobs.messages.Name` values): the order is the reader's language's, so the edge
    sorts them when it renders (:func:`pkobs.render.results.rendered`); unrendered, they are
    in code order.
    ``folded_order`` maps a table (``""``: the main one, else an extra's name) to the columns of
    names its rows are listed by, accents and case ignored (``Égypte`` among the E's), also
    sorted by the edge (a stable sort: rows with equal names keep their order).
    ``kept_rows``: the main table's rows are kept by the aggregates from one answer to the next
    (a month's alerts, the same tuple objects in every range and group that holds
    them), so an edge may keep what it makes of a row by the row's identity
    (:mod:`pkobs.render.row_texts`).
    """

    table: Table
    meta: Meta
    extras: dict[str, Table] = field(default_factory=dict)
    by_name: tuple[str, ...] = ()
    folded_order: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    kept_rows: bool = False


Query = Callable[[Database, Params], IndicatorResult]


@dataclass(frozen=True)
class Indicator:
    """One declared indicator: what it is called, what it returns, what it needs, how to get it.

    ``columns`` are the result table's columns in order (kind and unit); ``extras`` declares
    the columns of its extra tables; ``detail`` is the level of detail it needs: ``mission``
    (rows that name a mission), ``contributor`` (every month, mission split or not) or
    ``registry`` (reference data only). Titles and definitions: the catalogue.
    """

    name: str
    columns: tuple[Column, ...]
    detail: Detail
    query: Query
    extras: Mapping[str, tuple[Column, ...]] = field(default_factory=dict)
    by_mission_columns: tuple[Column, ...] | None = None  # the columns with ``by_mission``

    def columns_for(self, params: Params) -> tuple[Column, ...]:
        if params.by_mission and self.by_mission_columns is not None:
            return self.by_mission_columns
        return self.columns

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def __call__(self, con: Connection, params: Params) -> IndicatorResult:
        return run_declared(self, con, params)


def run_declared(indicator: Indicator, con: Connection, params: Params) -> IndicatorResult:
    """Run a declared indicator: its query, then its declared columns as the tables' kinds.

    The table a query returns must have exactly the declared columns, in order.
    """
    db = Database.of(con)
    cube = aggregates.for_connection(db)  # looked up once per run
    if params.kinds is not None:
        check_kinds(params.kinds)
        cube = restricted_to_kinds(cube, db, params.kinds)
    with aggregates.using(cube):
        result = indicator.query(db, params)
    if params.kinds is not None:
        result = _with_kind_notes(result, unfiltered(cube), params.kinds)
    table = result.table
    columns = indicator.columns_for(params)
    if table.columns != [c.name for c in columns]:
        raise QueryError(
            "indicator.error.columns",
            name=indicator.name,
            declared=", ".join(c.name for c in columns),
            returned=", ".join(table.columns),
        )
    extras = {
        name: extra.declared(*indicator.extras.get(name, ()))
        for name, extra in result.extras.items()
    }
    return replace(result, table=table.declared(*columns), extras=extras)


def check_kinds(kinds: tuple[str, ...]) -> None:
    bad = [k for k in kinds if k not in KINDS]
    if bad or not kinds:
        raise QueryError(
            "kinds.error.unknown", kind=", ".join(bad) or "(none)", known=", ".join(KINDS)
        )


# Parts of the cube that do not depend on the missions' kinds (shared by a restricted cube).
_KIND_DEPENDENT = (
    "mission_sums",
    "mission_members:",
    "kinds:",
    "linguistic-gap:",
    "share-rows:",
    "gender-rows:",
)


def restricted_to_kinds(
    cube: aggregates.Aggregates, con: Connection, kinds: tuple[str, ...]
) -> aggregates.Aggregates:
    """The cube of the data restricted to missions of ``kinds`` (built once per version).

    Only months with a mission split have such data: they are its months; the personnel by
    month x mission (and by the groups' members) keeps the missions of those kinds. The parts
    that need no mission split (month totals, contributor sums) stay as they are: the
    indicators read mission-level data whenever ``kinds`` is set (:func:`needs_mission`).
    ``unfiltered`` gives the full cube back.
    """
    check_kinds(kinds)
    wanted = tuple(sorted(set(kinds)))

    def build() -> aggregates.Aggregates:
        keep = {mission for mission, kind in mission_kinds(con).items() if kind in wanted}
        sums = cube.missions_by_month(con)
        restricted_sums = aggregates.MissionSums(
            sums.hosts,
            {
                month: [(mission, n) for mission, n in rows if mission in keep]
                for month, rows in sums.by_month.items()
            },
            {
                key: {cell: n for cell, n in cells.items() if cell[1] in keep}
                for key, cells in sums.by_group.items()
            },
        )
        months = tuple(m for m in cube.months if m in cube.mission_months)
        restricted = replace(cube, months=months, month_set=frozenset(months), selected={}, lazy={})
        restricted.lazy.update(
            (name, part) for name, part in cube.lazy.items() if not name.startswith(_KIND_DEPENDENT)
        )
        restricted.lazy["mission_sums"] = restricted_sums
        restricted.lazy["unfiltered"] = cube
        return restricted

    return cube.memo("kinds:" + ",".join(wanted), build)


def source_gaps(con: Connection) -> list[tuple[Any, ...]]:
    """Every probable source gap of the data (:mod:`pkobs.store.gaps`: month, contributor,
    mission, total before, total after), computed once per data version."""
    db = Database.of(con)
    cube = unfiltered(aggregates.for_connection(db))
    return cube.memo("probable_source_gaps", lambda: probable_source_gaps(db).rows)


def gaps_by_month(con: Connection) -> dict[dt.date, list[tuple[Any, ...]]]:
    """:func:`source_gaps` indexed by month (built once per data version)."""
    cube = unfiltered(aggregates.for_connection(con))

    def index() -> dict[dt.date, list[tuple[Any, ...]]]:
        found: dict[dt.date, list[tuple[Any, ...]]] = {}
        for gap in source_gaps(con):
            found.setdefault(gap[0], []).append(gap)
        return found

    return cube.memo("probable_source_gaps_by_month", index)


def mission_kinds(con: Connection) -> dict[str, str]:
    """mission acronym -> kind (``pko``, ``spm``, ``support``), read once per data version."""
    cube = unfiltered(aggregates.for_connection(con))
    return cube.memo("mission_kinds", lambda: reads.mission_kinds(con))


def unfiltered(cube: aggregates.Aggregates) -> aggregates.Aggregates:
    """The full cube behind a cube restricted to mission kinds (or the cube itself)."""
    found = cube.lazy.get("unfiltered", cube)
    assert isinstance(found, aggregates.Aggregates)
    return found


def _with_kind_notes(
    result: IndicatorResult, cube: aggregates.Aggregates, kinds: tuple[str, ...]
) -> IndicatorResult:
    """Say which kinds counted, and name the months of the range where that cannot be applied
    (no mission split)."""
    notes: list[str | Message] = [Message("kinds.note.applied", {"kinds": ", ".join(kinds)})]
    first, last = result.meta.params.get("from"), result.meta.params.get("to")
    if isinstance(first, str) and isinstance(last, str):
        start, end = parse_month(first), parse_month(last)
        missing = [m for m in cube.months if start <= m <= end and m not in cube.mission_months]
        if missing:
            notes.append(Message("kinds.note.not_applied", {"months": month_runs(missing)}))
    meta = replace(result.meta, notes=[*result.meta.notes, *notes])
    return replace(result, meta=meta)


def months_without_mission_split(con: Connection, params: Params) -> Table:
    """Months of the range that have data but no mission split (a mission-level indicator says
    so, naming them, instead of showing zeros)."""
    cube = unfiltered(aggregates.for_connection(con))
    assert params.from_month is not None and params.to_month is not None
    first, last = params.from_month, params.to_month
    rows = [
        (month, cube.details[month])
        for month in cube.months
        if first <= month <= last and month not in cube.mission_months
    ]
    return Table(["month", "detail"], rows)


def month_runs(months: list[dt.date]) -> list[Message]:
    """Runs of consecutive months as Messages (``indicator.month`` / ``indicator.month_range``),
    so that the edges write "to" or "à" in the reader's language."""
    runs: list[tuple[dt.date, dt.date]] = []
    for month in sorted(months):
        if runs and add_months(runs[-1][1], 1) == month:
            runs[-1] = (runs[-1][0], month)
        else:
            runs.append((month, month))
    return [
        Message("indicator.month", {"month": f"{a:%Y-%m}"})
        if a == b
        else Message("indicator.month_range", {"first": f"{a:%Y-%m}", "last": f"{b:%Y-%m}"})
        for a, b in runs
    ]


def data_months(con: Connection) -> list[dt.date]:
    """Months for which at least one ingested source has data."""
    return list(aggregates.for_connection(con).months)


def check_group_and_statuses(con: Connection, params: Params, groups: tuple[str, ...]) -> None:
    """The group and status checks (``groups``: the groups of the reference data)."""
    del con
    for group in (params.group, *params.groups):
        if group != ALL and group not in groups:
            raise QueryError(
                "indicator.error.unknown_group", group=group, known=", ".join([ALL, *groups])
            )
    bad = [s for s in params.statuses if s not in STATUSES]
    if bad or not params.statuses:
        raise QueryError(
            "indicator.error.unknown_status",
            status=", ".join(bad) or "(none)",
            known=", ".join(STATUSES),
        )


def validate(con: Connection, params: Params) -> Params:
    """Check parameters against the data; fill the month range from the data when missing."""
    cube = aggregates.for_connection(con)
    check_group_and_statuses(con, params, cube.groups)
    if params.kinds is not None:
        check_kinds(params.kinds)
    months = cube.months
    if not months:
        raise QueryError("indicator.error.no_data")
    first = params.from_month or months[0]
    last = params.to_month or months[-1]
    if first > last:
        raise QueryError(
            "indicator.error.start_after_end", first=f"{first:%Y-%m}", last=f"{last:%Y-%m}"
        )
    if params.mission is not None:
        dates = cube.missions.get(params.mission)
        if dates is None:
            raise QueryError("indicator.error.unknown_mission", mission=params.mission)
        start, end = dates
        if start > last or (end is not None and end < add_months(first, -1)):
            if end:
                raise QueryError(
                    "indicator.error.mission_not_deployed",
                    mission=params.mission,
                    first=f"{first:%Y-%m}",
                    last=f"{last:%Y-%m}",
                    start=f"{start:%Y-%m}",
                    end=f"{end:%Y-%m}",
                )
            raise QueryError(
                "indicator.error.mission_started_after",
                mission=params.mission,
                start=f"{start:%Y-%m}",
                last=f"{last:%Y-%m}",
            )
    if params.window is not None and params.window < 1:
        raise QueryError("indicator.error.window")
    return params.with_months(first, last)


def sources_used(con: Connection, params: Params) -> list[dict[str, Any]]:
    cube = aggregates.for_connection(con)
    assert params.from_month is not None and params.to_month is not None
    refs = [
        {"source": f"reference data: group {g}", "path": f"refdata/data/groups/{g}.csv"}
        for g in sorted({params.group, *params.groups})
        if g != ALL
    ]
    return cube.sources_between(params.from_month, params.to_month) + refs


def params_dict(params: Params) -> dict[str, object]:
    """The parameters as they appear in metadata (and in a link that reopens the view)."""
    found: dict[str, object] = {
        "group": params.group,
        "status": list(params.statuses),
        "from": f"{params.from_month:%Y-%m}" if params.from_month else None,
        "to": f"{params.to_month:%Y-%m}" if params.to_month else None,
        "mission": params.mission,
    }
    if params.kinds is not None:
        found["kind"] = list(params.kinds)
    return found


__all__ = [
    "ALL",
    "CATEGORY_SQL",
    "Connection",
    "Indicator",
    "IndicatorResult",
    "Meta",
    "Params",
    "needs_mission",
    "validate",
]
