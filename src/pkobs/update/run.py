"""``pkobs update`` as a library call: lock, download every source, ingest, swap, report.

All or nothing: if any source fails (unreachable, invalid content, rejected by ingest), the
database file, ``current.json`` and every earlier download are left exactly as they were.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import httpx

from pkobs.errors import IngestError
from pkobs.pipeline import ingest_files
from pkobs.settings import Settings
from pkobs.store.query import source_hashes
from pkobs.update.changes import ChangeReport, compare, forget, snapshot
from pkobs.update.downloads import DownloadArea, Provenance
from pkobs.update.errors import SourceContentInvalid
from pkobs.update.fetch import DownloadProgress, FetchPolicy, fetch
from pkobs.update.lock import update_lock
from pkobs.update.sources import Source
from pkobs.update.swap import DatabaseBuild, remove_stale_builds

Status = Literal["not_modified", "unchanged", "ingested", "already_ingested"]


@dataclass
class SourceOutcome:
    """``not_modified``: 304 (asked only when the database holds the previous version).
    ``unchanged``: the database already holds a file with this sha256. ``ingested``: new rows.
    ``already_ingested``: a file new to the database whose rows it already held."""

    source: Source
    status: Status
    provenance: Provenance | None = None
    rows: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source.name,
            "url": self.source.url,
            "format": self.source.format,
            "status": self.status,
            "rows": self.rows,
            "provenance": self.provenance.to_json() if self.provenance else None,
        }


@dataclass
class UpdateReport:
    database: Path
    outcomes: list[SourceOutcome] = field(default_factory=list)
    changes: ChangeReport = field(default_factory=ChangeReport)
    swapped: bool = False

    @property
    def up_to_date(self) -> bool:
        """Nothing new was ingested: the database is the same file as before."""
        return not self.swapped

    def to_json(self) -> dict[str, Any]:
        return {
            "status": "up_to_date" if self.up_to_date else "updated",
            "database": str(self.database),
            "sources": [o.to_json() for o in self.outcomes],
            "changes": self.changes.to_json(),
        }


@dataclass
class _Download:
    source: Source
    area: DownloadArea
    provenance: Provenance
    created: bool


def _ingest(
    build: DatabaseBuild, downloads: list[_Download], outcomes: dict[str, SourceOutcome]
) -> list[str]:
    """Ingest each new file into the copy; returns the names of the new database sources."""
    names: list[str] = []
    for item in downloads:
        try:
            result = ingest_files(build.db, [Path(item.provenance.path)], item.source.format)
        except IngestError as exc:
            invalid = SourceContentInvalid("update.invalid.data", url=item.source.url)
            raise invalid.because(exc) from None  # its problems in the user's language
        fresh = [f for f in result.files if f.status == "ingested"]
        names += [f.source for f in fresh]
        outcome = outcomes[item.source.name]
        outcome.status = "ingested" if fresh else "already_ingested"
        outcome.rows = result.rows
    return names


def _download_all(
    settings: Settings,
    sources: Sequence[Source],
    policy: FetchPolicy,
    progress: DownloadProgress | None,
    sleep: Callable[[float], None],
    transport: httpx.BaseTransport | None,
    created: list[_Download],
) -> tuple[list[_Download], list[_Download], dict[str, SourceOutcome]]:
    """Returns (files to ingest, files whose content did not change, outcome per source)."""
    new: list[_Download] = []
    same: list[_Download] = []
    outcomes: dict[str, SourceOutcome] = {}
    held = source_hashes(settings.db_path)
    for source in sources:
        area = DownloadArea(settings.downloads_dir, source)
        previous = area.current()
        # ETag/If-Modified-Since only when *this* database holds the version they describe:
        # another database may share the downloads folder, or this one may have been restored.
        known = previous if previous is not None and previous.sha256 in held else None
        fetched = fetch(source, area, known, policy, progress, sleep, transport)
        if fetched.provenance is None:
            outcomes[source.name] = SourceOutcome(source, "not_modified", known)
        elif known is not None and fetched.provenance.sha256 == known.sha256:
            area.discard_partial()
            refreshed = replace(fetched.provenance, path=known.path)
            outcomes[source.name] = SourceOutcome(source, "unchanged", refreshed)
            same.append(_Download(source, area, refreshed, False))
        else:
            installed, was_created = area.install(fetched.provenance)
            item = _Download(source, area, installed, was_created)
            if was_created:
                created.append(item)
            if installed.sha256 in held:  # new to the downloads, not to this database
                outcomes[source.name] = SourceOutcome(source, "unchanged", installed)
                same.append(item)
            else:
                outcomes[source.name] = SourceOutcome(source, "already_ingested", installed)
                new.append(item)
    return new, same, outcomes


def update(
    settings: Settings,
    sources: Sequence[Source],
    policy: FetchPolicy | None = None,
    *,
    wait_seconds: float = 0.0,
    on_wait: Callable[[str, float], None] | None = None,
    progress: DownloadProgress | None = None,
    sleep: Callable[[float], None] = time.sleep,
    transport: httpx.BaseTransport | None = None,
) -> UpdateReport:
    """Download ``sources`` and ingest what is new into ``settings.db_path``, without downtime."""
    report = UpdateReport(settings.db_path)
    with update_lock(settings.db_path, wait_seconds, on_wait):
        remove_stale_builds(settings.db_path)  # a full copy left by a killed update
        created: list[_Download] = []
        try:
            new, same, outcomes = _download_all(
                settings, sources, policy or FetchPolicy(), progress, sleep, transport, created
            )
            if new:
                with DatabaseBuild(settings.db_path) as build:
                    snapshot(build.db)
                    names = _ingest(build, new, outcomes)
                    if names:
                        report.changes = compare(build.db, names)
                        forget(build.db)
                        build.swap()
                        report.swapped = True
            for item in [*new, *same]:
                item.area.mark_current(item.provenance)
        except BaseException:
            for item in created:
                item.area.uninstall(item.provenance)
            raise
        report.outcomes = [outcomes[s.name] for s in sources]
    return report
