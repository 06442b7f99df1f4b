"""Read one reference CSV into typed rows, collecting every problem with its line and column."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pkobs.errors import DataProblem
from pkobs.i18n import t
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
    path: Path
    rows: list[Row] = field(default_factory=list)
    problems: list[DataProblem] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    lang: Language = "en"

    def column(self, name: str) -> int | None:
        """1-based position of a column in this file's header."""
        return self.header.index(name) + 1 if name in self.header else None

    def problem(self, row: Row, name: str, message: str) -> DataProblem:
        return DataProblem(message, self.path, row.line, self.column(name), name, self.lang)

    def say(self, message_id: str, /, **values: object) -> str:
        return t(message_id, self.lang, **values)


def _convert(column: Column, raw: str, lang: Language = "en") -> Value:
    """Convert one non-empty cell; raises ValueError with a message for people."""
    if column.kind == "str":
        return raw
    if column.kind == "iso3":
        if len(raw) != 3 or not raw.isalpha() or not raw.isupper():
            raise ValueError(t("refdata.not_iso3", lang, value=raw))
        return raw
    if column.kind == "date":
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise ValueError(t("refdata.not_date", lang, value=raw)) from None
    if column.kind == "int":
        try:
            return int(raw)
        except ValueError:
            raise ValueError(t("refdata.not_int", lang, value=raw)) from None
    if column.kind == "float":
        try:
            return float(raw)
        except ValueError:
            raise ValueError(t("refdata.not_number", lang, value=raw)) from None
    if column.kind == "bool":
        lowered = raw.lower()
        if lowered in TRUE_WORDS:
            return True
        if lowered in FALSE_WORDS:
            return False
        raise ValueError(t("refdata.not_bool", lang, value=raw))
    if column.kind == "enum":
        if raw not in column.choices:
            raise ValueError(
                t("refdata.not_choice", lang, value=raw, choices=", ".join(column.choices))
            )
        return raw
    raise AssertionError(f"unknown column kind {column.kind}")


def read_reference_file(path: Path, spec: FileSpec, lang: Language = "en") -> ReadResult:
    result = ReadResult(path, lang=lang)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        result.problems.append(
            DataProblem(t("refdata.unreadable", lang, error=exc), path, lang=lang)
        )
        return result
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if header is None:
        result.problems.append(DataProblem(t("refdata.empty", lang), path, 1, lang=lang))
        return result
    header = [h.strip() for h in header]
    missing = [n for n in spec.names if n not in header]
    extra = [h for h in header if h not in spec.names]
    if missing or extra:
        detail = []
        if missing:
            detail.append(t("refdata.missing_columns", lang, columns=", ".join(missing)))
        if extra:
            detail.append(t("refdata.unexpected_columns", lang, columns=", ".join(extra)))
        expected = ",".join(spec.names)
        result.problems.append(
            DataProblem(
                t("refdata.bad_header", lang, detail="; ".join(detail), expected=expected),
                path,
                1,
                lang=lang,
            )
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
                    t("refdata.field_count", lang, fields=len(cells), expected=len(header)),
                    path,
                    line_number,
                    lang=lang,
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
                            t("refdata.required", lang),
                            path,
                            line_number,
                            position + 1,
                            column.name,
                            lang,
                        )
                    )
                    ok = False
                values[column.name] = None
                continue
            try:
                values[column.name] = _convert(column, raw, lang)
            except ValueError as exc:
                result.problems.append(
                    DataProblem(str(exc), path, line_number, position + 1, column.name)
                )
                ok = False
        if ok:
            result.rows.append(Row(line_number, values))
    return result
