"""The observatory's questions, one declared indicator per module.

Each indicator module declares ``INDICATOR``, a :class:`pkobs.indicators.base.Indicator`: its
name (CLI/API name), columns (kind, unit), the level of detail it needs, and its query. A module
not converted yet may still define ``NAME`` and ``compute(con, params)``. ``INDICATORS`` is built
from the modules of this package, so adding an indicator is adding a module.

Results are language-free (sentences and notes are Messages): :func:`compute` returns them so;
:func:`run` renders them in French for the callers of before.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

from pkobs.indicators.base import (
    ALL,
    DEFAULT_STATUSES,
    STATUS_SETS,
    STATUSES,
    Connection,
    Indicator,
    IndicatorResult,
    Meta,
    Params,
    parse_month,
)
from pkobs.store import aggregates as _aggregates
from pkobs.store.database import Database

Compute = Callable[[Database, Params], IndicatorResult]


def _discover() -> tuple[dict[str, Compute], dict[str, Indicator]]:
    found: dict[str, Compute] = {}
    declared: dict[str, Indicator] = {}
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        indicator = getattr(module, "INDICATOR", None)
        if isinstance(indicator, Indicator):
            declared[indicator.name] = indicator
            found[indicator.name] = indicator
            continue
        name = getattr(module, "NAME", None)
        compute = getattr(module, "compute", None)
        if isinstance(name, str) and callable(compute):
            found[name] = compute
    return found, declared


INDICATORS: dict[str, Compute]
DECLARED: dict[str, Indicator]
INDICATORS, DECLARED = _discover()


def compute(
    con: Connection,
    name: str,
    params: Params,
    aggregates: _aggregates.Aggregates | None = None,
) -> IndicatorResult:
    """Run the indicator called ``name``: a language-free result (Messages not rendered).

    ``aggregates``: the cube of the data ``con`` reads, when the caller already holds it (the
    web context keeps one per data version); otherwise it is looked up for ``con``.
    """
    from pkobs.errors import QueryError

    indicator = INDICATORS.get(name)
    if indicator is None:
        raise QueryError(
            "indicator.error.unknown_indicator", name=name, known=", ".join(INDICATORS)
        )
    db = Database.of(con)
    if aggregates is None:
        return indicator(db, params)
    with _aggregates.using(aggregates):
        return indicator(db, params)


def prepare(con: Connection, cube: _aggregates.Aggregates) -> None:
    """Build every part of a version's aggregates the indicators read, for every group and
    status set, so that no request of the version waits for one (the web runs this in the
    background when a new data version appears)."""
    from pkobs.indicators import gender

    _aggregates.prepare_parts(cube, con)
    for group in (*cube.groups, ALL):
        for statuses in STATUS_SETS:
            cube.group_personnel(group, statuses)
            cube.members(con, group, statuses)
            cube.mission_members(con, group, statuses)
            gender.group_sums(con, cube, group, statuses)
    gender.flagged_figures(con, cube)


def run(
    con: Connection,
    name: str,
    params: Params,
    aggregates: _aggregates.Aggregates | None = None,
) -> IndicatorResult:
    """Run the indicator called ``name`` (e.g. ``share``, ``linguistic-gap``).

    Transition shim for the callers of before: generated sentences and names come back
    rendered in French, as before. New callers use :func:`compute` (language-free) and render
    at their edge with :func:`pkobs.render.results.rendered`.
    """
    from pkobs.render.results import rendered

    result = compute(con, name, params, aggregates)
    return rendered(result, "fr")


__all__ = [
    "ALL",
    "DECLARED",
    "DEFAULT_STATUSES",
    "INDICATORS",
    "STATUSES",
    "Indicator",
    "IndicatorResult",
    "Meta",
    "Params",
    "compute",
    "parse_month",
    "prepare",
    "run",
]
