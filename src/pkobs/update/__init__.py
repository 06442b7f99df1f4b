"""Keeping the observatory up to date from the UN's published files (``pkobs update``).

Library first: :func:`update` downloads named or ad-hoc sources (conditional, retried, resumable,
verified), ingests what is new into a copy of the database, swaps the copy in atomically, and
reports what changed. The CLI in :mod:`pkobs.cli.update` only parses options and prints.
"""

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
