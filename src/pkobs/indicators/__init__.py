"""The observatory's questions, one pure function per indicator.

Each indicator module defines ``NAME`` (its CLI/API name) and ``compute(con, params)``, which
returns an :class:`IndicatorResult` (a tidy table plus bilingual metadata). ``INDICATORS`` is
built from the modules of this package, so adding an indicator is adding a module.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

import duckdb

from pkobs.indicators.base import (
    ALL,
    DEFAULT_STATUSES,
    STATUSES,
    IndicatorResult,
    Meta,
    Params,
    parse_month,
)

Indicator = Callable[[duckdb.DuckDBPyConnection, Params], IndicatorResult]


def _discover() -> dict[str, Indicator]:
    found: dict[str, Indicator] = {}
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        name = getattr(module, "NAME", None)
        compute = getattr(module, "compute", None)
        if isinstance(name, str) and callable(compute):
            found[name] = compute
    return found


INDICATORS: dict[str, Indicator] = _discover()


def run(con: duckdb.DuckDBPyConnection, name: str, params: Params) -> IndicatorResult:
    """Run the indicator called ``name`` (e.g. ``share``, ``linguistic-gap``)."""
    from pkobs.errors import QueryError

    indicator = INDICATORS.get(name)
    if indicator is None:
        raise QueryError(f"unknown indicator {name!r}; choose one of {', '.join(INDICATORS)}")
    return indicator(con, params)


__all__ = [
    "ALL",
    "DEFAULT_STATUSES",
    "INDICATORS",
    "STATUSES",
    "IndicatorResult",
    "Meta",
    "Params",
    "parse_month",
    "run",
]
