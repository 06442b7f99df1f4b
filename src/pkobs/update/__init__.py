"""Keeping the observatory up to date from the UN's published files (``pkobs update``).

Library first: :func:`update` downloads named or ad-hoc sources (conditional, retried, resumable,
verified), ingests what is new into a copy of the database, swaps the copy in atomically, and
reports what changed. The CLI in :mod:`pkobs.cli.update` only parses options and prints.

The names below are loaded on first use (PEP 562), so that ``pkobs.update.lock`` (which
``pkobs ingest`` takes) or ``pkobs.update.errors`` can be imported without httpx and the rest.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pkobs.update.changes import CellChange, ChangeReport, Counts, MonthRevision
    from pkobs.update.downloads import DownloadArea, Provenance
    from pkobs.update.errors import (
        SourceConfigError,
        SourceContentInvalid,
        SourceUnreachable,
        UpdateError,
        UpdateInProgress,
    )
    from pkobs.update.fetch import DownloadProgress, FetchPolicy
    from pkobs.update.lock import update_lock
    from pkobs.update.run import SourceOutcome, UpdateReport, update
    from pkobs.update.sources import Source, adhoc_source, find_source, load_sources

# Public name -> the submodule that defines it.
_WHERE: dict[str, str] = {
    "CellChange": "changes",
    "ChangeReport": "changes",
    "Counts": "changes",
    "MonthRevision": "changes",
    "DownloadArea": "downloads",
    "Provenance": "downloads",
    "SourceConfigError": "errors",
    "SourceContentInvalid": "errors",
    "SourceUnreachable": "errors",
    "UpdateError": "errors",
    "UpdateInProgress": "errors",
    "DownloadProgress": "fetch",
    "FetchPolicy": "fetch",
    "update_lock": "lock",
    "SourceOutcome": "run",
    "UpdateReport": "run",
    "update": "run",
    "Source": "sources",
    "adhoc_source": "sources",
    "find_source": "sources",
    "load_sources": "sources",
}

__all__ = [
    "CellChange",
    "ChangeReport",
    "Counts",
    "DownloadArea",
    "DownloadProgress",
    "FetchPolicy",
    "MonthRevision",
    "Provenance",
    "Source",
    "SourceConfigError",
    "SourceContentInvalid",
    "SourceOutcome",
    "SourceUnreachable",
    "UpdateError",
    "UpdateInProgress",
    "UpdateReport",
    "adhoc_source",
    "find_source",
    "load_sources",
    "update",
    "update_lock",
]


def __getattr__(name: str) -> Any:
    """Load a public name's submodule the first time the name is asked for."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
