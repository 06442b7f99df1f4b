"""Look at a file's bytes before parsing: checksum, encoding, binary junk, emptiness, truncation.

Files are streamed in fixed-size chunks, never read whole: the sha256, the UTF-8 check (an
incremental decoder), NUL bytes, line endings and line lengths are computed chunk by chunk, and
only a bounded prefix (binary sniffing, header) and suffix (the last line) are kept (the first
C1 control byte is looked for, in a second pass, only in a file that is not UTF-8). Peak memory
therefore does not depend on the file's size. Anything that is not a regular file (FIFO, device,
directory) is refused before it is opened for reading.
"""

from __future__ import annotations

import codecs
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
from pkobs.messages import Message

NOT_SPACE = re.compile(rb"\S")
C1_BYTE = re.compile(rb"[\x80-\x9f]")
SNIFF_BYTES = 1 << 16
CHUNK_BYTES = 1 << 20  # files are read (hashed, checked) in chunks of this size, never whole
MAX_FILE_BYTES = 1 << 30  # 1 GiB: the full UN history is about 90 MB
MAX_LINE_BYTES = 1 << 20  # 1 MiB: real lines are under 1 KB
COMPRESSED_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x1f\x8b", "gzip"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
)


@dataclass(frozen=True)
class FileInfo:
    path: Path
    sha256: str
    size: int
    encoding: str  # "utf-8", "utf-8-sig" (with BOM) or "latin-1"
    header: list[str]
    lines: int = 0  # physical lines (a last line without its newline counts)

    @property
    def duckdb_encoding(self) -> str:
        return "latin-1" if self.encoding == "latin-1" else "utf-8"

    @property
    def text_encoding(self) -> str:
        """The Python codec that reads the file's text (the BOM, if any, is skipped)."""
        return self.encoding


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


def _os_refusal(path: Path, exc: OSError) -> IngestError:
    if isinstance(exc, FileNotFoundError):
        return IngestError("ingest.no_such_file", path=str(path))
    if exc.errno == errno.ELOOP:
        return IngestError("ingest.symlink_loop", path=str(path))
    reason = exc.strerror or str(exc)
    return IngestError("ingest.cannot_read", path=str(path), reason=reason)


@contextmanager
def open_regular(path: Path) -> Iterator[tuple[BinaryIO, int]]:
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
        raise _os_refusal(path, exc) from None
    if refused is not None:
        raise IngestError(refused, path=str(path))
    with os.fdopen(descriptor, "rb", buffering=0) as handle:
        yield handle, status.st_size


def _chunks(handle: BinaryIO, path: Path) -> Iterator[bytes]:
    try:
        while chunk := handle.read(CHUNK_BYTES):
            yield chunk
    except OSError as exc:
        raise _os_refusal(path, exc) from None


def file_digest(path: Path) -> tuple[str, int]:
    """(sha256 hex digest, size in bytes) of a regular file, read in fixed-size chunks.

    Refuses anything that is not a regular file (FIFO, device, directory, symlink loop) with
    IngestError, before reading it. Memory use does not depend on the file's size.
    """
    digest = hashlib.sha256()
    size = 0
    with open_regular(path) as (handle, _):
        for chunk in _chunks(handle, path):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _refuse(
    path: Path,
    summary: str,
    problem: str,
    line: int | None = None,
    column: int | None = None,
    **values: object,
) -> IngestError:
    """An IngestError with one located problem (catalogue keys ``summary`` and ``problem``)."""
    return IngestError(
        summary, [DataProblem(Message(problem, values), path, line, column)], path=str(path)
    )


class _Scan:
    """What one streaming pass learns about a file; ``place`` turns an offset into (line, col)."""

    def __init__(self) -> None:
        self.digest = hashlib.sha256()
        self.size = 0
        self.newlines = 0
        self.last_newline = -1  # absolute offset of the last b"\n" seen so far
        self.prefix = b""  # the first SNIFF_BYTES
        self.previous = b""  # the chunk before the current one
        self.chunk = b""
        self.decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self.bad_utf8: int | None = None  # absolute offset of the first invalid UTF-8 byte
        self.nul: int | None = None
        self.crs = 0
        self.crlfs = 0
        self.long_line: int | None = None  # absolute offset where a too-long line ends
        self.has_row = False  # a non-space byte after the first newline
        self.ends_with_cr = False

    def place(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of an absolute offset inside the current chunk."""
        start = self.size - len(self.chunk)
        before = self.chunk[: offset - start]
        line = self.newlines + before.count(b"\n") + 1
        in_chunk = before.rfind(b"\n")
        line_start = start + in_chunk + 1 if in_chunk >= 0 else self.last_newline + 1
        return line, offset - line_start + 1

    def feed(self, chunk: bytes) -> tuple[int, int] | None:
        """Take one chunk; the place of the first NUL byte, or None."""
        start = self.size
        if self.chunk:
            self.previous = self.chunk
        self.chunk = chunk
        self.size += len(chunk)
        self.digest.update(chunk)
        if len(self.prefix) < SNIFF_BYTES:
            self.prefix += chunk[: SNIFF_BYTES - len(self.prefix)]
        nul = chunk.find(b"\x00")
        if nul >= 0:
            return self.place(start + nul)
        self._line_endings(chunk)
        self._text(chunk, start)
        first = chunk.find(b"\n")
        if not self.has_row and (self.newlines or first >= 0):
            after = 0 if self.newlines else first + 1
            self.has_row = NOT_SPACE.search(chunk, after) is not None
        if first < 0:
            if self.size - self.last_newline - 1 > MAX_LINE_BYTES and self.long_line is None:
                self.long_line = self.size
            return None
        if start + first - self.last_newline - 1 > MAX_LINE_BYTES and self.long_line is None:
            self.long_line = start + first
        self.newlines += chunk.count(b"\n")
        self.last_newline = start + chunk.rfind(b"\n")
        return None

    @property
    def tail(self) -> bytes:
        """The end of the file: the last two chunks (the last line is at most one chunk)."""
        return self.previous + self.chunk

    def _line_endings(self, chunk: bytes) -> None:
        if b"\r" in chunk or self.ends_with_cr:  # a search stops early; a count reads it all
            self.crs += chunk.count(b"\r")
            self.crlfs += chunk.count(b"\r\n") + (
                1 if self.ends_with_cr and chunk[:1] == b"\n" else 0
            )
        self.ends_with_cr = chunk.endswith(b"\r")

    def _text(self, chunk: bytes, start: int) -> None:
        if self.bad_utf8 is None and (not chunk.isascii() or self.decoder.getstate()[0]):
            pending = len(self.decoder.getstate()[0])
            try:
                self.decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                self.bad_utf8 = max(start, start - pending + exc.start)


def _first_c1(path: Path, read: int) -> int | None:
    """The offset of the first C1 control byte (0x80-0x9F) among the first ``read`` bytes (those
    the scan read): a second pass, for a file that is not UTF-8 only."""
    done = 0
    with open_regular(path) as (handle, _):
        for whole in _chunks(handle, path):
            chunk = whole[: read - done]
            if not chunk:
                break
            c1 = None if chunk.isascii() else C1_BYTE.search(chunk)
            if c1 is not None:
                return done + c1.start()
            done += len(chunk)
    return None


def _binary_problem(path: Path, prefix: bytes) -> DataProblem | None:
    """Many control characters at the start mean this is not a text file at all."""
    controls = sum(1 for b in prefix if b < 9 or 13 < b < 32)
    if controls > max(8, len(prefix) // 100):
        message = Message.of("ingest.binary_controls", count=controls, size=len(prefix))
        return DataProblem(message, path)
    return None


def _sniff_prefix(path: Path, prefix: bytes) -> None:
    """Refuse compressed archives, PDF and UTF-16 from their first bytes."""
    for magic, kind in COMPRESSED_MAGIC:
        if prefix.startswith(magic):
            raise _refuse(path, "ingest.compressed_summary", "ingest.compressed", kind=kind)
    if prefix.startswith(b"%PDF-"):
        raise _refuse(path, "ingest.not_text_summary", "ingest.pdf")
    if prefix.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _refuse(path, "ingest.utf16_summary", "ingest.utf16", 1, 1)
    half = len(prefix) // 2
    if half >= 4 and max(prefix[0::2].count(0), prefix[1::2].count(0)) > half * 0.4:
        raise _refuse(path, "ingest.utf16_summary", "ingest.utf16_no_bom", 1, 1)


def _scan(path: Path) -> _Scan:
    scan = _Scan()
    with open_regular(path) as (handle, size):
        if size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // (1 << 20)
            raise _refuse(path, "ingest.too_big_summary", "ingest.too_big", size=size, limit=limit)
        for chunk in _chunks(handle, path):
            nul = scan.feed(chunk)
            if scan.size == len(chunk) or nul:
                _sniff_prefix(path, scan.prefix)
            if nul:
                problem = DataProblem(Message("ingest.binary_nul"), path, *nul)
                raise IngestError("ingest.not_text_summary", [problem], path=str(path))
            if scan.long_line is not None or scan.size > MAX_FILE_BYTES:
                break  # refused anyway: do not read on (a file may grow while we read it)
    if scan.size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1 << 20)
        raise _refuse(path, "ingest.too_big_summary", "ingest.too_big", size=scan.size, limit=limit)
    return scan


def _first_bad_ending(path: Path, crlf: bool) -> tuple[int, int]:
    """(line, column) of the first line ending unlike line 1's (a second pass, on error only)."""
    bad = re.compile(rb"\r(?!\n)|(?<!\r)\n" if crlf else rb"\r")
    line, line_start, offset, carry = 1, 0, 0, b""
    with open_regular(path) as (handle, _):
        for chunk in _chunks(handle, path):
            window = carry + chunk  # the carried byte was counted with the previous chunk
            base = offset - len(carry)
            for match in bad.finditer(window):
                if match.start() == 0 and carry and match.group() != b"\r":
                    continue  # already judged, with the byte before it
                if match.group() == b"\r" and match.end() == len(window):
                    break  # a CR at the end: the next chunk tells whether LF follows
                seen = window[len(carry) : match.start()]
                count = seen.count(b"\n")
                start = base + len(carry) + seen.rfind(b"\n") + 1 if count else line_start
                return line + count, base + match.start() - start + 1
            line += chunk.count(b"\n")
            if b"\n" in chunk:
                line_start = offset + chunk.rfind(b"\n") + 1
            offset += len(chunk)
            carry = chunk[-1:]
    return line, offset - line_start  # the file's very last byte, a lone CR


def _check_text(path: Path, scan: _Scan) -> str:
    """The file's encoding, or IngestError: bytes, line endings, line length."""
    prefix = scan.prefix
    binary = _binary_problem(path, prefix)
    if binary:
        raise IngestError("ingest.not_text_summary", [binary], path=str(path))
    encoding = "utf-8-sig" if prefix.startswith(b"\xef\xbb\xbf") else "utf-8"
    if scan.bad_utf8 is None and scan.decoder.getstate()[0]:  # cut inside a character
        scan.bad_utf8 = scan.size - len(scan.decoder.getstate()[0])
    if scan.bad_utf8 is not None:
        bad_utf8, first_c1 = scan.bad_utf8, _first_c1(path, scan.size)
        # Not UTF-8: accept Latin-1 (ISO 8859-1) only when no C1 control byte (0x80-0x9F) occurs,
        # since those mean another 8-bit encoding (e.g. Windows-1252) that we will not guess.
        if first_c1 is not None or encoding == "utf-8-sig":
            offset = first_c1 if first_c1 is not None else bad_utf8
            line, column = _locate(path, offset)
            raise _refuse(path, "ingest.encoding_summary", "ingest.encoding", line, column)
        encoding = "latin-1"
    first = re.search(rb"\r\n|\r|\n", prefix)
    crlf = first is not None and first.group() == b"\r\n"
    if first is not None and first.group() == b"\r":
        raise _refuse(path, "ingest.line_endings_summary", "ingest.cr_only", 1)
    if (crlf and not scan.crs == scan.crlfs == scan.newlines) or (not crlf and scan.crs):
        line, column = _first_bad_ending(path, crlf)
        ends = {True: "CRLF", False: "LF"}
        raise _refuse(
            path,
            "ingest.line_endings_summary",
            "ingest.mixed_endings",
            line,
            column,
            expected=ends[crlf],
        )
    if scan.long_line is not None:
        line, _ = _locate(path, scan.long_line - 1)
        limit = MAX_LINE_BYTES
        raise _refuse(path, "ingest.long_line_summary", "ingest.long_line", line, limit=limit)
    return encoding


def _locate(path: Path, offset: int) -> tuple[int, int]:
    """(line, column) of an absolute byte offset (a second pass, on error only)."""
    lines, line_start, done = 1, 0, 0
    with open_regular(path) as (handle, _):
        for chunk in _chunks(handle, path):
            upto = chunk[: max(0, offset - done)]
            lines += upto.count(b"\n")
            if b"\n" in upto:
                line_start = done + upto.rfind(b"\n") + 1
            if offset < done + len(chunk):
                break
            done += len(chunk)
    return lines, offset - line_start + 1


def _parse_line(text: str) -> list[str]:
    try:
        return next(csv.reader([text]), [])
    except csv.Error:
        return []


def inspect_file(path: Path) -> FileInfo:
    """Stream the file once: sha256, encoding and structural sanity. Raises IngestError."""
    scan = _scan(path)
    if scan.size == 0 or (scan.size < SNIFF_BYTES and not scan.prefix.strip()):
        raise _refuse(path, "ingest.empty_summary", "ingest.empty", 1)
    encoding = _check_text(path, scan)
    decoded = "latin-1" if encoding == "latin-1" else "utf-8"
    prefix = scan.prefix[3:] if encoding == "utf-8-sig" else scan.prefix
    first_end = prefix.find(b"\n")
    if first_end < 0 and scan.newlines:
        limit = SNIFF_BYTES
        raise _refuse(path, "ingest.long_line_summary", "ingest.long_line", 1, limit=limit)
    header_bytes = prefix[: first_end if first_end >= 0 else len(prefix)]
    header = _parse_line(header_bytes.decode(decoded, errors="replace").rstrip("\r"))
    if first_end < 0 or not scan.has_row:
        raise _refuse(path, "ingest.no_rows_summary", "ingest.no_rows", 2)
    tail = scan.tail
    end = len(tail)
    while end > 0 and tail[end - 1] in b"\r\n":
        end -= 1
    last_start = tail.rfind(b"\n", 0, end) + 1
    last_line = tail[last_start:end].decode(decoded, errors="replace").rstrip("\r")
    last = _parse_line(last_line)
    if len(last) < len(header) and last_line.count('"') % 2 == 0:
        line_count = scan.newlines - tail.count(b"\n", end) + 1
        raise _refuse(
            path,
            "ingest.truncated_summary",
            "ingest.truncated",
            line_count,
            fields=len(last),
            expected=len(header),
        )
    lines = scan.newlines + (0 if tail.endswith(b"\n") else 1)
    return FileInfo(path, scan.digest.hexdigest(), scan.size, encoding, header, lines)
