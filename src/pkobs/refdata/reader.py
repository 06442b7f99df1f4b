"""Read one reference CSV into typed rows, collecting every problem with its line and column."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pkobs.errors import DataProblem
from pkobs.refdata.specs import Column, FileSpec

Value = str | int | float | bool | dt.date | None

TRUE_WORDS = {"yes", "true", "1", "oui"}
FALSE_WORDS = {"no", "false", "0", "non"}


@dataclass
class Row:
    """A typed row and the line it came from."""

    line: int
    values: dict[str, Value]


@dataclass
class ReadResult:
    path: Path
    rows: list[Row] = field(default_factory=list)
    problems: list[DataProblem] = field(default_factory=list)
    header: list[str] = field(default_factory=list)

    def column(self, name: str) -> int | None:
        """1-based position of a column in this file's header."""
        return self.header.index(name) + 1 if name in self.header else None

    def problem(self, row: Row, name: str, message: str) -> DataProblem:
        return DataProblem(message, self.path, row.line, self.column(name), name)


def _convert(column: Column, raw: str) -> Value:
    """Convert one non-empty cell; raises ValueError with a message for people."""
    if column.kind == "str":
        return raw
    if column.kind == "iso3":
        if len(raw) != 3 or not raw.isalpha() or not raw.isupper():
            raise ValueError(f"{raw!r} is not an ISO 3166-1 alpha-3 code (three capital letters)")
        return raw
    if column.kind == "date":
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise ValueError(f"{raw!r} is not a date in the form YYYY-MM-DD") from None
    if column.kind == "int":
        try:
            return int(raw)
        except ValueError:
            raise ValueError(f"{raw!r} is not a whole number") from None
    if column.kind == "float":
        try:
            return float(raw)
        except ValueError:
            raise ValueError(f"{raw!r} is not a number") from None
    if column.kind == "bool":
        lowered = raw.lower()
        if lowered in TRUE_WORDS:
            return True
        if lowered in FALSE_WORDS:
            return False
        raise ValueError(f"{raw!r} is not yes or no")
    if column.kind == "enum":
        if raw not in column.choices:
            raise ValueError(f"{raw!r} is not one of {', '.join(column.choices)}")
        return raw
    raise AssertionError(f"unknown column kind {column.kind}")


def read_reference_file(path: Path, spec: FileSpec) -> ReadResult:
    result = ReadResult(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        result.problems.append(DataProblem(f"cannot read as UTF-8 text: {exc}", path))
        return result
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if header is None:
        result.problems.append(DataProblem("empty file: a header row is required", path, 1))
        return result
    header = [h.strip() for h in header]
    missing = [n for n in spec.names if n not in header]
    extra = [h for h in header if h not in spec.names]
    if missing or extra:
        detail = []
        if missing:
            detail.append(f"missing columns: {', '.join(missing)}")
        if extra:
            detail.append(f"unexpected columns: {', '.join(extra)}")
        expected = ",".join(spec.names)
        result.problems.append(
            DataProblem(f"{'; '.join(detail)} (expected header: {expected})", path, 1)
        )
        return result
    result.header = header
    positions = {name: header.index(name) for name in spec.names}
    for line_number, cells in enumerate(reader, start=2):
        if not cells or all(not c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            result.problems.append(
                DataProblem(
                    f"has {len(cells)} fields, the header has {len(header)}", path, line_number
                )
            )
            continue
        values: dict[str, Any] = {}
        ok = True
        for column in spec.columns:
            position = positions[column.name]
            raw = cells[position].strip()
            if not raw:
                if column.required:
                    result.problems.append(
                        DataProblem(
                            "is empty but required", path, line_number, position + 1, column.name
                        )
                    )
                    ok = False
                values[column.name] = None
                continue
            try:
                values[column.name] = _convert(column, raw)
            except ValueError as exc:
                result.problems.append(
                    DataProblem(str(exc), path, line_number, position + 1, column.name)
                )
                ok = False
        if ok:
            result.rows.append(Row(line_number, values))
    return result
