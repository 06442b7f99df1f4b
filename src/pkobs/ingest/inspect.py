"""Look at a file's bytes before parsing: checksum, encoding, binary junk, emptiness, truncation."""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from pkobs.errors import DataProblem, IngestError

CHUNK = 1 << 20
SNIFF_BYTES = 1 << 16


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


def _binary_problem(path: Path, data: bytes) -> DataProblem | None:
    """NUL bytes or many control characters mean this is not a text file at all."""
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data[:nul].count(b"\n") + 1
        return DataProblem(
            "binary data (NUL byte): this is not a CSV text file",
            path,
            line,
            nul - (data[:nul].rfind(b"\n") + 1) + 1,
        )
    controls = sum(1 for b in data[:SNIFF_BYTES] if b < 9 or 13 < b < 32)
    if controls > max(8, len(data[:SNIFF_BYTES]) // 100):
        return DataProblem(
            f"binary data ({controls} control characters in the first "
            f"{min(len(data), SNIFF_BYTES)} bytes): this is not a CSV text file",
            path,
        )
    return None


def inspect_file(path: Path) -> FileInfo:
    """Read the whole file once: sha256, encoding and structural sanity. Raises IngestError."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise IngestError(f"{path}: no such file") from None
    except OSError as exc:
        raise IngestError(f"{path}: cannot read: {exc.strerror}") from None
    sha256 = hashlib.sha256(data).hexdigest()
    if not data or (len(data) < SNIFF_BYTES and not data.strip()):
        raise IngestError(
            f"{path}: the file is empty",
            [DataProblem("empty file: expected a header row and data rows", path, 1)],
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError(
            f"{path}: UTF-16 text is not accepted",
            [DataProblem("UTF-16 byte-order mark: save the file as UTF-8 and retry", path, 1, 1)],
        )
    binary = _binary_problem(path, data)
    if binary:
        raise IngestError(f"{path}: not a text file", [binary])
    if data.startswith(b"\xef\xbb\xbf"):
        encoding, text_bytes = "utf-8-sig", data[3:]
    else:
        encoding, text_bytes = "utf-8", data
    line, column = (0, 0) if text_bytes.isascii() else _first_bad_utf8(text_bytes)
    if line:
        # Not UTF-8: accept Latin-1 (ISO 8859-1) only when no C1 control byte (0x80-0x9F) occurs,
        # since those mean another 8-bit encoding (e.g. Windows-1252) that we will not guess.
        c1 = next((i for i, b in enumerate(text_bytes) if 0x80 <= b <= 0x9F), -1)
        if c1 >= 0 or encoding == "utf-8-sig":
            bad_line = text_bytes[:c1].count(b"\n") + 1 if c1 >= 0 else line
            raise IngestError(
                f"{path}: text is neither UTF-8 nor Latin-1",
                [
                    DataProblem(
                        "invalid UTF-8 byte sequence, and bytes 0x80-0x9F rule out Latin-1; "
                        "save the file as UTF-8 and retry",
                        path,
                        bad_line if c1 >= 0 else line,
                        None if c1 >= 0 else column,
                    )
                ],
            )
        encoding = "latin-1"
    decoded = "latin-1" if encoding == "latin-1" else "utf-8"
    first_end = text_bytes.find(b"\n")
    header_text = text_bytes[: first_end if first_end >= 0 else len(text_bytes)].decode(decoded)
    header = next(csv.reader([header_text.rstrip("\r")]))
    end = len(text_bytes)
    while end > 0 and text_bytes[end - 1] in b"\r\n":
        end -= 1
    if first_end < 0 or end <= first_end or not text_bytes[first_end:end].strip():
        raise IngestError(
            f"{path}: no data rows",
            [DataProblem("the file has a header but no data rows", path, 2)],
        )
    last_start = text_bytes.rfind(b"\n", 0, end) + 1
    last_line = text_bytes[last_start:end].decode(decoded).rstrip("\r")
    last = next(csv.reader([last_line]), [])
    if len(last) < len(header) and last_line.count('"') % 2 == 0:
        line_count = text_bytes.count(b"\n", 0, end) + 1
        raise IngestError(
            f"{path}: the last row is truncated",
            [
                DataProblem(
                    f"truncated last row: {len(last)} fields where the header has "
                    f"{len(header)}; the file may have been cut short, download it again",
                    path,
                    line_count,
                )
            ],
        )
    return FileInfo(path, sha256, len(data), encoding, header)
