"""Look at a file's bytes before parsing: checksum, encoding, binary junk, emptiness, truncation."""

from __future__ import annotations

import csv
import errno
import hashlib
import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pkobs.errors import DataProblem, IngestError
from pkobs.i18n import t
from pkobs.settings import Language

NOT_SPACE = re.compile(rb"\S")
SNIFF_BYTES = 1 << 16
CHUNK_BYTES = 1 << 20  # files are read (hashed, checked) in chunks of this size, never whole


def _not_regular(mode: int) -> str | None:
    """The message key for a file type that is refused, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "ingest.is_directory"
    if stat.S_ISFIFO(mode):
        return "ingest.is_fifo"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "ingest.is_device"
    return "ingest.not_regular"


def _os_refusal(path: Path, exc: OSError, lang: Language) -> IngestError:
    if isinstance(exc, FileNotFoundError):
        return IngestError(t("ingest.no_such_file", lang, path=path), lang=lang)
    if exc.errno == errno.ELOOP:
        return IngestError(t("ingest.symlink_loop", lang, path=path), lang=lang)
    reason = exc.strerror or str(exc)
    return IngestError(t("ingest.cannot_read", lang, path=path, reason=reason), lang=lang)


@contextmanager
def open_regular(path: Path, lang: Language = "en") -> Iterator[tuple[BinaryIO, int]]:
    """Open ``path`` for reading only if it is a regular file: (binary file, size).

    The type is checked with ``os.stat`` before opening, so a FIFO, a device (``/dev/zero``) or
    a directory is refused without reading it; the file is opened non-blocking (a FIFO swapped in
    meanwhile cannot hang us) and checked again on the open descriptor. Raises IngestError.
    """
    try:
        mode = os.stat(path).st_mode
        refused = _not_regular(mode)
        if refused is None:
            flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
            descriptor = os.open(path, flags)
            status = os.fstat(descriptor)
            refused = _not_regular(status.st_mode)
            if refused is not None:
                os.close(descriptor)
    except OSError as exc:
        raise _os_refusal(path, exc, lang) from None
    if refused is not None:
        raise IngestError(t(refused, lang, path=path), lang=lang)
    with os.fdopen(descriptor, "rb", buffering=0) as handle:
        yield handle, status.st_size


def file_digest(path: Path, *, lang: Language = "en") -> tuple[str, int]:
    """(sha256 hex digest, size in bytes) of a regular file, read in fixed-size chunks.

    Refuses anything that is not a regular file (FIFO, device, directory, symlink loop) with
    IngestError, before reading it. Memory use does not depend on the file's size.
    """
    digest = hashlib.sha256()
    size = 0
    with open_regular(path, lang) as (handle, _):
        try:
            while chunk := handle.read(CHUNK_BYTES):
                digest.update(chunk)
                size += len(chunk)
        except OSError as exc:
            raise _os_refusal(path, exc, lang) from None
    return digest.hexdigest(), size


@dataclass(frozen=True)
class FileInfo:
    path: Path
    sha256: str
    size: int
    encoding: str  # "utf-8", "utf-8-sig" (with BOM) or "latin-1"
    header: list[str]

    @property
    def duckdb_encoding(self) -> str:
        return "latin-1" if self.encoding == "latin-1" else "utf-8"


def _first_bad_utf8(data: bytes) -> tuple[int, int]:
    """(line, column) of the first byte that is not valid UTF-8, both 1-based."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        return line, column
    return 0, 0


def _binary_problem(path: Path, data: bytes, lang: Language) -> DataProblem | None:
    """NUL bytes or many control characters mean this is not a text file at all."""
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data[:nul].count(b"\n") + 1
        column = nul - (data[:nul].rfind(b"\n") + 1) + 1
        return DataProblem(t("ingest.binary_nul", lang), path, line, column, lang=lang)
    controls = sum(1 for b in data[:SNIFF_BYTES] if b < 9 or 13 < b < 32)
    if controls > max(8, len(data[:SNIFF_BYTES]) // 100):
        size = min(len(data), SNIFF_BYTES)
        message = t("ingest.binary_controls", lang, count=controls, size=size)
        return DataProblem(message, path, lang=lang)
    return None


def _refuse(
    path: Path,
    lang: Language,
    summary: str,
    problem: str,
    line: int | None = None,
    column: int | None = None,
    **values: object,
) -> IngestError:
    """An IngestError with one located problem, both worded in ``lang``."""
    return IngestError(
        t(summary, lang, path=path),
        [DataProblem(t(problem, lang, **values), path, line, column, lang=lang)],
        lang,
    )


def inspect_file(path: Path, lang: Language = "en") -> FileInfo:
    """Read the whole file once: sha256, encoding and structural sanity. Raises IngestError."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise IngestError(t("ingest.no_such_file", lang, path=path), lang=lang) from None
    except OSError as exc:
        raise IngestError(
            t("ingest.cannot_read", lang, path=path, reason=exc.strerror), lang=lang
        ) from None
    sha256 = hashlib.sha256(data).hexdigest()
    if not data or (len(data) < SNIFF_BYTES and not data.strip()):
        raise _refuse(path, lang, "ingest.empty_summary", "ingest.empty", 1)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _refuse(path, lang, "ingest.utf16_summary", "ingest.utf16", 1, 1)
    binary = _binary_problem(path, data, lang)
    if binary:
        raise IngestError(t("ingest.not_text_summary", lang, path=path), [binary], lang)
    if data.startswith(b"\xef\xbb\xbf"):
        encoding, text_bytes = "utf-8-sig", data[3:]
    else:
        encoding, text_bytes = "utf-8", data
    line, column = (0, 0) if text_bytes.isascii() else _first_bad_utf8(text_bytes)
    if line:
        # Not UTF-8: accept Latin-1 (ISO 8859-1) only when no C1 control byte (0x80-0x9F) occurs,
        # since those mean another 8-bit encoding (e.g. Windows-1252) that we will not guess.
        c1 = re.search(rb"[\x80-\x9f]", text_bytes)
        if c1 is not None or encoding == "utf-8-sig":
            if c1 is not None:
                line, column = text_bytes[: c1.start()].count(b"\n") + 1, 0
            raise _refuse(
                path, lang, "ingest.encoding_summary", "ingest.encoding", line, column or None
            )
        encoding = "latin-1"
    decoded = "latin-1" if encoding == "latin-1" else "utf-8"
    first_end = text_bytes.find(b"\n")
    header_text = text_bytes[: first_end if first_end >= 0 else len(text_bytes)].decode(decoded)
    header = next(csv.reader([header_text.rstrip("\r")]))
    end = len(text_bytes)
    while end > 0 and text_bytes[end - 1] in b"\r\n":
        end -= 1
    if first_end < 0 or end <= first_end or not NOT_SPACE.search(text_bytes, first_end, end):
        raise _refuse(path, lang, "ingest.no_rows_summary", "ingest.no_rows", 2)
    last_start = text_bytes.rfind(b"\n", 0, end) + 1
    last_line = text_bytes[last_start:end].decode(decoded).rstrip("\r")
    last = next(csv.reader([last_line]), [])
    if len(last) < len(header) and last_line.count('"') % 2 == 0:
        line_count = text_bytes.count(b"\n", 0, end) + 1
        raise _refuse(
            path,
            lang,
            "ingest.truncated_summary",
            "ingest.truncated",
            line_count,
            fields=len(last),
            expected=len(header),
        )
    return FileInfo(path, sha256, len(data), encoding, header)
