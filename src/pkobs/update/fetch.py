"""Downloading one source over HTTP: conditional, bounded retries, resumable, verified.

The body is streamed to ``.partial/<filename>.part``; it is handed back only once it is complete
and verified (length, content type, not an HTML page, expected checksum). Nothing here touches the
database or the versions already downloaded.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

import httpx

from pkobs import __version__
from pkobs.update.downloads import DownloadArea, PartialDownload, Provenance, utc_now
from pkobs.update.errors import SourceContentInvalid, SourceUnreachable, UpdateError
from pkobs.update.sources import Source
from pkobs.update.verify import check_content_type, verify_file


@dataclass(frozen=True)
class FetchPolicy:
    """Timeouts (seconds) and retries. Delays double after each failure: backoff, 2x, 4x..."""

    connect_timeout: float = 15.0
    read_timeout: float = 60.0
    retries: int = 3
    backoff: float = 2.0
    max_backoff: float = 60.0

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        wanted = self.backoff * 2.0**attempt
        if retry_after is not None:
            wanted = max(wanted, retry_after)
        return min(wanted, self.max_backoff)


class DownloadProgress(Protocol):
    """What the CLI shows while downloading (a Rich progress bar); the library calls it."""

    def start(self, source: str, total: int | None, completed: int) -> None: ...

    def advance(self, completed: int) -> None: ...

    def retry(self, source: str, attempt: int, delay: float, error: UpdateError) -> None: ...


class SilentProgress:
    def start(self, source: str, total: int | None, completed: int) -> None:
        return None

    def advance(self, completed: int) -> None:
        return None

    def retry(self, source: str, attempt: int, delay: float, error: UpdateError) -> None:
        return None


@dataclass(frozen=True)
class Fetched:
    """``not_modified``: the server said 304. ``downloaded``: a verified file is in ``.partial``."""

    status: Literal["not_modified", "downloaded"]
    provenance: Provenance | None = None


class _Retryable(Exception):
    def __init__(self, error: UpdateError, retry_after: float | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.retry_after = retry_after


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    return float(value) if value.strip().isdigit() else None


def _header(response: httpx.Response, name: str) -> str | None:
    value: str | None = response.headers.get(name)
    return value


def _strong_validator(response: httpx.Response) -> str | None:
    etag = _header(response, "etag")
    if etag and not etag.startswith("W/"):
        return etag
    return _header(response, "last-modified")


def _request_headers(
    previous: Provenance | None, partial: PartialDownload | None
) -> dict[str, str]:
    headers = {"Accept-Encoding": "identity", "User-Agent": f"pkobs/{__version__} (update)"}
    if previous is not None:
        if previous.etag:
            headers["If-None-Match"] = previous.etag
        if previous.last_modified:
            headers["If-Modified-Since"] = previous.last_modified
    if partial is not None and partial.accept_ranges and partial.validator:
        headers["Range"] = f"bytes={partial.size}-"
        headers["If-Range"] = partial.validator
    return headers


def _resume_offset(response: httpx.Response, partial: PartialDownload | None) -> int | None:
    """Where a 206 answer starts, if it continues our partial file exactly; else None."""
    content_range = response.headers.get("content-range", "")
    if partial is None or not content_range.startswith("bytes "):
        return None
    try:
        start = int(content_range[6:].split("-", 1)[0])
    except ValueError:
        return None
    return start if start == partial.size else None


def _expected_total(response: httpx.Response, offset: int) -> int | None:
    if response.status_code == 206:
        total = response.headers.get("content-range", "").rsplit("/", 1)[-1]
        if total.isdigit():
            return int(total)
    length = response.headers.get("content-length")
    return offset + int(length) if length and length.isdigit() else None


def _check_status(source: Source, response: httpx.Response, area: DownloadArea) -> None:
    status = response.status_code
    if status >= 500 or status == 429:
        raise _Retryable(
            SourceUnreachable("update.http.status", url=source.url, status=status),
            _retry_after(response),
        )
    if status == 416:  # our partial file no longer matches: start again from zero
        area.discard_partial()
        raise _Retryable(SourceUnreachable("update.http.status", url=source.url, status=status))
    if status not in (200, 206):
        raise SourceUnreachable("update.http.status", url=source.url, status=status)


def _stream_body(
    response: httpx.Response,
    target: Path,
    offset: int,
    total: int | None,
    progress: DownloadProgress,
    source: Source,
) -> None:
    received = offset
    progress.start(source.name, total, offset)
    mode = "ab" if offset else "wb"
    with target.open(mode) as out:
        try:
            for chunk in response.iter_bytes():
                out.write(chunk)
                received += len(chunk)
                progress.advance(received)
        except httpx.TimeoutException:
            raise _Retryable(SourceUnreachable("update.http.timeout", url=source.url)) from None
        except httpx.TransportError:
            out.flush()
            raise _Retryable(
                SourceContentInvalid(
                    "update.invalid.truncated",
                    url=source.url,
                    received=received,
                    expected=total if total is not None else "?",
                )
            ) from None
    if total is not None and received != total:
        raise _Retryable(
            SourceContentInvalid(
                "update.invalid.truncated", url=source.url, received=received, expected=total
            )
        )


def _attempt(
    client: httpx.Client,
    source: Source,
    area: DownloadArea,
    previous: Provenance | None,
    progress: DownloadProgress,
) -> Fetched:
    partial = area.partial()
    headers = _request_headers(previous, partial)
    try:
        with client.stream("GET", source.url, headers=headers) as response:
            if response.status_code == 304 and previous is not None:
                area.discard_partial()
                return Fetched("not_modified")
            _check_status(source, response, area)
            content_type = check_content_type(source, response.headers.get("content-type"))
            offset = _resume_offset(response, partial) if response.status_code == 206 else 0
            if offset is None:  # a range we did not ask for: start over
                area.discard_partial()
                raise _Retryable(SourceUnreachable("update.http.bad_range", url=source.url))
            if offset == 0:
                ranges = response.headers.get("accept-ranges", "").lower() == "bytes"
                identity = response.headers.get("content-encoding", "identity") == "identity"
                area.start_partial(_strong_validator(response), ranges and identity)
            total = _expected_total(response, offset)
            _stream_body(response, area.partial_path, offset, total, progress, source)
            final_url = str(response.url)
            etag = _header(response, "etag")
            last_modified = _header(response, "last-modified")
    except httpx.TimeoutException:
        raise _Retryable(SourceUnreachable("update.http.timeout", url=source.url)) from None
    except httpx.TransportError as exc:
        raise _Retryable(
            SourceUnreachable(
                "update.http.unreachable", url=source.url, error=str(exc) or type(exc).__name__
            )
        ) from None
    sha256, size = verify_file(source, area)
    return Fetched(
        "downloaded",
        Provenance(
            source=source.name,
            url=source.url,
            final_url=final_url,
            format=source.format,
            downloaded_at=utc_now(),
            etag=etag,
            last_modified=last_modified,
            sha256=sha256,
            size=size,
            content_type=content_type,
            resumed=offset > 0,
        ),
    )


def fetch(
    source: Source,
    area: DownloadArea,
    previous: Provenance | None,
    policy: FetchPolicy,
    progress: DownloadProgress | None = None,
    sleep: Callable[[float], None] = time.sleep,
    transport: httpx.BaseTransport | None = None,
) -> Fetched:
    """Download ``source`` (conditionally on ``previous``), retrying transient failures."""
    shown = progress or SilentProgress()
    timeout = httpx.Timeout(policy.read_timeout, connect=policy.connect_timeout)
    with httpx.Client(timeout=timeout, follow_redirects=True, transport=transport) as client:
        attempt = 0
        while True:
            try:
                return _attempt(client, source, area, previous, shown)
            except _Retryable as failure:
                if attempt >= policy.retries:
                    raise failure.error from None
                delay = policy.delay(attempt, failure.retry_after)
                shown.retry(source.name, attempt + 1, delay, failure.error)
                sleep(delay)
                attempt += 1
