"""Named sources: a default list shipped with pkobs, merged with ``$PKOBS_HOME/sources.toml``."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pkobs.ingest import FORMATS
from pkobs.update.errors import SourceConfigError

USER_FILENAME = "sources.toml"
# Formats a source may name: the CSV formats and those pkobs parses itself (PDF, JSON, series).
FORMAT_NAMES: tuple[str, ...] = (*FORMATS, "un-pdf", "ipi-json", "ipi-series")
PDF_CONTENT_TYPES: tuple[str, ...] = (
    "application/pdf",
    "application/x-pdf",
    "application/octet-stream",
    "binary/octet-stream",
)
# A monthly source's URL and file name hold these placeholders, filled for the month wanted.
MONTH_FIELDS = ("{year}", "{month}")
SAMPLE_MONTH = dt.date(2000, 1, 31)
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
SHA256_PATTERN = re.compile(r"^[0-9a-f]{64}$")
CSV_CONTENT_TYPES: tuple[str, ...] = (
    "text/csv",
    "application/csv",
    "text/comma-separated-values",
    "application/x-csv",
    "text/x-csv",
    "text/plain",
    "application/vnd.ms-excel",
    "application/octet-stream",
    "binary/octet-stream",
)
KNOWN_KEYS = {
    "url",
    "format",
    "filename",
    "description",
    "page",
    "sha256",
    "enabled",
    "content_types",
}


@dataclass(frozen=True)
class Source:
    """One file to download and ingest. ``name`` is also the folder of its downloads."""

    name: str
    url: str
    format: str
    filename: str
    description: str = ""
    page: str = ""
    sha256: str | None = None
    enabled: bool = True
    content_types: tuple[str, ...] = CSV_CONTENT_TYPES

    @property
    def monthly(self) -> bool:
        """A source published once a month, its URL naming the month (``{year}``, ``{month}``)."""
        return any(field in self.url for field in MONTH_FIELDS)

    def for_month(self, month: dt.date) -> Source:
        """The concrete source for one month: placeholders filled (``{month}`` is 01-12)."""
        values = {"year": f"{month.year:04d}", "month": f"{month.month:02d}"}
        return replace(
            self,
            name=f"{self.name}-{month:%Y-%m}" if self.monthly else self.name,
            url=fill_month(self.url, values),
            filename=fill_month(self.filename, values),
        )


def fill_month(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def default_filename(url: str, name: str) -> str:
    """The last part of the URL's path when it looks like a file name, else ``NAME.csv``."""
    last = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    if "." in last.strip(".") and re.fullmatch(r"[A-Za-z0-9._-]{1,120}", last):
        return last
    return f"{name}.csv"


def make_source(name: str, fields: dict[str, Any], origin: str) -> Source:
    """Check one source's fields; every mistake names the file and the source."""
    where = f"{origin}, source {name!r}"
    if not NAME_PATTERN.match(name):
        raise SourceConfigError("update.config.bad_name", name=name, where=origin)
    unknown = sorted(set(fields) - KNOWN_KEYS)
    if unknown:
        raise SourceConfigError("update.config.unknown_keys", where=where, keys=", ".join(unknown))
    url = str(fields.get("url", ""))
    sample = {"year": "2000", "month": "01"}
    if (
        urlsplit(url).scheme not in ("http", "https")
        or not urlsplit(fill_month(url, sample)).netloc
    ):
        raise SourceConfigError("update.config.bad_url", where=where, url=url)
    source_format = str(fields.get("format", "auto"))
    if source_format != "auto" and source_format not in FORMAT_NAMES:
        raise SourceConfigError(
            "update.config.bad_format",
            where=where,
            format=source_format,
            formats=", ".join(["auto", *FORMAT_NAMES]),
        )
    sha256 = fields.get("sha256")
    if sha256 is not None:
        sha256 = str(sha256).lower()
        if not SHA256_PATTERN.match(sha256):
            raise SourceConfigError("update.config.bad_sha256", where=where)
    filename = str(fields.get("filename") or default_filename(fill_month(url, sample), name))
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,119}", fill_month(filename, sample)):
        raise SourceConfigError("update.config.bad_filename", where=where, filename=filename)
    default_types = PDF_CONTENT_TYPES if source_format == "un-pdf" else CSV_CONTENT_TYPES
    content_types = fields.get("content_types", default_types)
    return Source(
        name=name,
        url=url,
        format=source_format,
        filename=filename,
        description=str(fields.get("description", "")),
        page=str(fields.get("page", "")),
        sha256=sha256,
        enabled=bool(fields.get("enabled", True)),
        content_types=tuple(str(c).lower() for c in content_types),
    )


def _read_tables(text: str, origin: str) -> dict[str, dict[str, Any]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourceConfigError("update.config.bad_toml", where=origin, error=str(exc)) from None
    tables = data.get("sources", {})
    if not isinstance(tables, dict) or not all(isinstance(v, dict) for v in tables.values()):
        raise SourceConfigError("update.config.no_sources", where=origin)
    return {str(name): dict(fields) for name, fields in tables.items()}


def load_sources(home: Path | None = None) -> list[Source]:
    """The shipped sources, with ``home/sources.toml`` merged over them key by key."""
    shipped = resources.files("pkobs.update").joinpath("sources.toml").read_text("utf-8")
    tables = _read_tables(shipped, "pkobs/update/sources.toml")
    origin = "pkobs/update/sources.toml"
    user_file = home / USER_FILENAME if home is not None else None
    if user_file is not None and user_file.exists():
        origin = str(user_file)
        try:
            user_text = user_file.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SourceConfigError(
                "update.config.bad_toml", where=origin, error=str(exc)
            ) from None
        for name, fields in _read_tables(user_text, origin).items():
            tables[name] = {**tables.get(name, {}), **fields}
    return [make_source(name, fields, origin) for name, fields in tables.items()]


def find_source(sources: list[Source], name: str) -> Source:
    for source in sources:
        if source.name == name:
            return source
    raise SourceConfigError(
        "update.config.unknown_source", name=name, names=", ".join(s.name for s in sources) or "-"
    )


def adhoc_source(
    url: str, source_format: str, name: str | None = None, sha256: str | None = None
) -> Source:
    """A source given on the command line (``--url``/``--format``)."""
    if name is None:
        host = re.sub(r"[^a-z0-9]+", "-", urlsplit(url).netloc.lower()).strip("-") or "url"
        name = f"url-{host}-{hashlib.sha256(url.encode()).hexdigest()[:8]}"
    fields: dict[str, Any] = {"url": url, "format": source_format}
    if sha256:
        fields["sha256"] = sha256
    return make_source(name, fields, "--url")
