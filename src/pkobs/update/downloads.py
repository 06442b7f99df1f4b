"""Where downloads live, and the provenance record that travels with each one.

Layout under ``Settings.downloads_dir`` (``$PKOBS_HOME/sources``)::

    <source>/
      current.json                     provenance of the version now in the database
      <sha256[:16]>/<filename>         every verified version, never modified once written
      <sha256[:16]>/<filename>.provenance.json
      .partial/<filename>.part         a download in progress or interrupted (resumable)
      .partial/<filename>.part.json    the validators (URL, ETag...) it was started with

A failed update removes only what it created itself; earlier versions and ``current.json`` stay
exactly as they were.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from pkobs.update.sources import Source

PARTIAL_DIR = ".partial"
CURRENT = "current.json"


@dataclass(frozen=True)
class Provenance:
    """Who produced a file, where and when it was fetched, and its checksum."""

    source: str
    url: str
    final_url: str
    format: str
    downloaded_at: str  # ISO 8601, UTC
    etag: str | None
    last_modified: str | None
    sha256: str
    size: int
    content_type: str | None
    resumed: bool = False
    path: str = ""  # the verified file, once installed

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Provenance:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass(frozen=True)
class PartialDownload:
    """A download cut short, which may be resumed with a Range request."""

    path: Path
    size: int
    url: str
    validator: str | None  # strong ETag or Last-Modified, sent as If-Range
    accept_ranges: bool


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=1)
            out.write("\n")
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        for chunk in iter(lambda: data.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class DownloadArea:
    """The downloads of one source."""

    def __init__(self, downloads_dir: Path, source: Source) -> None:
        self.source = source
        self.folder = downloads_dir / source.name
        self.partial_path = self.folder / PARTIAL_DIR / f"{source.filename}.part"
        self.partial_meta = self.partial_path.with_name(self.partial_path.name + ".json")

    def current(self) -> Provenance | None:
        """The provenance of the version in the database, when its file is still there."""
        try:
            record = Provenance.from_json(json.loads((self.folder / CURRENT).read_text("utf-8")))
        except (OSError, ValueError, TypeError):
            return None
        return record if record.path and Path(record.path).is_file() else None

    def partial(self) -> PartialDownload | None:
        """The interrupted download of this same URL, when there is one to resume."""
        try:
            meta = json.loads(self.partial_meta.read_text("utf-8"))
            size = self.partial_path.stat().st_size
        except (OSError, ValueError):
            return None
        if meta.get("url") != self.source.url or size == 0:
            return None
        return PartialDownload(
            self.partial_path,
            size,
            str(meta["url"]),
            meta.get("validator"),
            bool(meta.get("accept_ranges")),
        )

    def start_partial(self, validator: str | None, accept_ranges: bool) -> Path:
        """Begin a new download from byte 0; returns the file to write."""
        self.partial_path.parent.mkdir(parents=True, exist_ok=True)
        write_json_atomic(
            self.partial_meta,
            {"url": self.source.url, "validator": validator, "accept_ranges": accept_ranges},
        )
        self.partial_path.write_bytes(b"")
        return self.partial_path

    def discard_partial(self) -> None:
        self.partial_path.unlink(missing_ok=True)
        self.partial_meta.unlink(missing_ok=True)

    def version_path(self, sha256: str) -> Path:
        return self.folder / sha256[:16] / self.source.filename

    def install(self, provenance: Provenance) -> tuple[Provenance, bool]:
        """Move the verified partial file to its version folder. Returns (record, created)."""
        target = self.version_path(provenance.sha256)
        installed = Provenance.from_json({**provenance.to_json(), "path": str(target.resolve())})
        if target.is_file() and sha256_of(target) == provenance.sha256:
            self.discard_partial()
            return installed, False
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.partial_path, target)
        self.partial_meta.unlink(missing_ok=True)
        write_json_atomic(target.with_name(target.name + ".provenance.json"), installed.to_json())
        return installed, True

    def uninstall(self, provenance: Provenance) -> None:
        """Remove a version this update created (after a failure further on)."""
        shutil.rmtree(Path(provenance.path).parent, ignore_errors=True)

    def mark_current(self, provenance: Provenance) -> None:
        write_json_atomic(self.folder / CURRENT, provenance.to_json())
