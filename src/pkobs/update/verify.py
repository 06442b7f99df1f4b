"""Is this really the data file? Checks made on a download before anything uses it."""

from __future__ import annotations

import re

from pkobs.update.downloads import DownloadArea, sha256_of
from pkobs.update.errors import SourceContentInvalid
from pkobs.update.sources import Source

SNIFF_BYTES = 4096
HTML_TYPES = ("text/html", "application/xhtml+xml")
HTML_MARKERS = re.compile(rb"<\s*(!doctype\s+html|html|head|body|title)[\s>]", re.IGNORECASE)


def check_content_type(source: Source, header: str | None) -> str | None:
    """The media type announced by the server, refused when it is not one the source allows."""
    if header is None or not header.strip():
        return None
    media_type = header.split(";", 1)[0].strip().lower()
    if media_type in HTML_TYPES and media_type not in source.content_types:
        raise SourceContentInvalid("update.invalid.html", url=source.url)
    if media_type not in source.content_types:
        raise SourceContentInvalid(
            "update.invalid.content_type",
            url=source.url,
            content_type=media_type,
            allowed=", ".join(source.content_types),
        )
    return media_type


def looks_like_html(head: bytes) -> bool:
    """An error page served with status 200: HTML markup at the start of the body."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return start.startswith(b"<") and bool(HTML_MARKERS.search(start[:SNIFF_BYTES]))


def verify_file(source: Source, area: DownloadArea) -> tuple[str, int]:
    """Check the complete partial file; returns (sha256, size). A bad file is deleted."""
    path = area.partial_path
    size = path.stat().st_size
    with path.open("rb") as data:
        head = data.read(SNIFF_BYTES)
    problem: SourceContentInvalid | None = None
    sha256 = ""
    if size == 0:
        problem = SourceContentInvalid("update.invalid.empty", url=source.url)
    elif looks_like_html(head):
        problem = SourceContentInvalid("update.invalid.html", url=source.url)
    else:
        sha256 = sha256_of(path)
        if source.sha256 and sha256 != source.sha256:
            problem = SourceContentInvalid(
                "update.invalid.checksum", url=source.url, expected=source.sha256, actual=sha256
            )
    if problem is not None:
        area.discard_partial()
        raise problem
    return sha256, size
