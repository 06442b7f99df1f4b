"""Read one reference CSV into typed rows, collecting every problem with its line and column."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pkobs.errors import DataProblem
from pkobs.messages import Message
from pkobs.refdata.specs import Column, FileSpec
from pkobs.settings import Language

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
    """The typed rows of one file and its problems (language-free :class:`Message` values).

    ``lang`` is a transition only: it is stamped on each problem so that ``str(problem)`` keeps
    the caller's language until every caller renders with ``problem.describe(lang)``.
    """

    path: Path
    rows: list[Row] = field(default_factory=list)
    problems: list[DataProblem] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    lang: Language | None = None

    def column(self, name: str) -> int | None:
        """1-based position of a column in this file's header."""
        return self.header.index(name) + 1 if name in self.header else None

    def problem(self, row: Row, name: str, message: Message | str) -> DataProblem:
        return DataProblem(message, self.path, row.line, self.column(name), name, self.lang)

    def at(
        self,
        message: Message,
        line: int | None = None,
        position: int | None = None,
        name: str | None = None,
    ) -> DataProblem:
        """A problem of this file at ``line`` (and column ``position``, 1-based, named ``name``)."""
        return DataProblem(message, self.path, line, position, name, self.lang)

    def say(self, message_id: str, /, **values: object) -> Message:
        """A language-free message of the ``refdata`` catalogue. Values are shown as written in
        the files (ISO dates, plain numbers); a nested :class:`Message` is rendered in turn."""
        shown = {k: v if isinstance(v, Message) else str(v) for k, v in values.items()}
        return Message(message_id, shown)


class BadValue(ValueError):
    """A cell that cannot be converted; ``msg`` says why (a catalogue message)."""

    def __init__(self, key: str, **values: object) -> None:
        self.msg = Message(key, dict(values))
        super().__init__(key)


def _convert(column: Column, raw: str) -> Value:
    """Convert one non-empty cell; raises :class:`BadValue` saying what is wrong."""
    if column.kind == "str":
        return raw
    if column.kind == "iso3":
        if len(raw) != 3 or not raw.isalpha() or not raw.isupper():
            raise BadValue("refdata.not_iso3", value=raw)
        return raw
    if column.kind == "date":
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise BadValue("refdata.not_date", value=raw) from None
    if column.kind == "int":
        try:
            return int(raw)
        except ValueError:
            raise BadValue("refdata.not_int", value=raw) from None
    if column.kind == "float":
        try:
            return float(raw)
        except ValueError:
            raise BadValue("refdata.not_number", value=raw) from None
    if column.kind == "bool":
        lowered = raw.lower()
        if lowered in TRUE_WORDS:
            return True
        if lowered in FALSE_WORDS:
            return False
        raise BadValue("refdata.not_bool", value=raw)
    if column.kind == "enum":
        if raw not in column.choices:
            raise BadValue("refdata.not_choice", value=raw, choices=", ".join(column.choices))
        return raw
    raise AssertionError(f"unknown column kind {column.kind}")


def read_reference_file(path: Path, spec: FileSpec, lang: Language | None = None) -> ReadResult:
    """Read ``path`` as ``spec`` says: typed rows, and every problem with its line and column.

    The problems are :class:`Message` values; ``lang`` is only stamped on them (see
    :class:`ReadResult`) during the transition.
    """
    result = ReadResult(path, lang=lang)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        result.problems.append(result.at(Message("refdata.unreadable", {"error": str(exc)})))
        return result
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if header is None:
        result.problems.append(result.at(Message("refdata.empty"), 1))
        return result
    header = [h.strip() for h in header]
    missing = [n for n in spec.names if n not in header]
    extra = [h for h in header if h not in spec.names]
    if missing or extra:
        parts: list[Message] = []
        if missing:
            parts.append(Message("refdata.missing_columns", {"columns": ", ".join(missing)}))
        if extra:
            parts.append(Message("refdata.unexpected_columns", {"columns": ", ".join(extra)}))
        detail = parts[0]
        if len(parts) == 2:
            detail = Message("list.semicolon_pair", {"first": parts[0], "second": parts[1]})
        expected = ",".join(spec.names)
        bad_header = Message("refdata.bad_header", {"detail": detail, "expected": expected})
        result.problems.append(result.at(bad_header, 1))
        return result
    result.header = header
    positions = {name: header.index(name) for name in spec.names}
    for line_number, cells in enumerate(reader, start=2):
        if not cells or all(not c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            count = Message("refdata.field_count", {"fields": len(cells), "expected": len(header)})
            result.problems.append(result.at(count, line_number))
            continue
        values: dict[str, Any] = {}
        ok = True
        for column in spec.columns:
            position = positions[column.name]
            raw = cells[position].strip()
            if not raw:
                if column.required:
                    required = Message("refdata.required")
                    result.problems.append(
                        result.at(required, line_number, position + 1, column.name)
                    )
                    ok = False
                values[column.name] = None
                continue
            try:
                values[column.name] = _convert(column, raw)
            except BadValue as exc:
                result.problems.append(result.at(exc.msg, line_number, position + 1, column.name))
                ok = False
        if ok:
            result.rows.append(Row(line_number, values))
    return result
