"""Exceptions named after what went wrong. Each carries the places where it went wrong."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pkobs.i18n import Locale, count_of, t
from pkobs.messages import Message
from pkobs.settings import Language


@dataclass(frozen=True)
class DataProblem:
    """One thing wrong in an input file, with where it is (1-based line and column)."""

    message: str
    path: Path | None = None
    line: int | None = None
    column: int | None = None
    column_name: str | None = None
    lang: Language = "en"
    page: int | None = None  # for PDF reports: the 1-based page

    def location(self) -> str:
        parts: list[str] = []
        if self.path is not None:
            parts.append(str(self.path))
        if self.page is not None:
            parts.append(t("loc.page", self.lang, n=self.page))
        if self.line is not None:
            parts.append(t("loc.line", self.lang, n=self.line))
        if self.column is not None:
            col = t("loc.column", self.lang, n=self.column)
            if self.column_name:
                col += f" ({self.column_name})"
            parts.append(col)
        elif self.column_name:
            parts.append(t("loc.column", self.lang, n=self.column_name))
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.location()
        colon = "\u00a0: " if self.lang == "fr" else ": "  # French puts a space before ":"
        return f"{where}{colon}{self.message}" if where else self.message


class PkobsError(Exception):
    """Base class of every error pkobs reports to people.

    It carries a language-free :class:`Message` (a catalogue key and its values) and, where
    useful, a ``detail`` already in a fixed form (a DuckDB message, a path). The edges render it
    with :meth:`message`; ``str(error)`` is the English text, for logs and tracebacks.
    """

    exit_code = 1

    def __init__(self, key: str | Message = "", /, *, detail: str = "", **values: Any) -> None:
        self.msg = key if isinstance(key, Message) else Message(key, values)
        self.detail = detail
        super().__init__(self.message("en"))

    @property
    def key(self) -> str:
        return self.msg.key

    @property
    def values(self) -> Mapping[str, Any]:
        return self.msg.values

    def message(self, lang: Language) -> str:
        """The error in ``lang`` (with its detail on the next line, when there is one)."""
        if not self.msg.key or " " in self.msg.key:  # not a catalogue key: a fixed text
            text = self.msg.key
        else:
            text = Locale(lang).message(self.msg)
        return f"{text}\n{self.detail}" if self.detail else text


class IngestError(PkobsError):
    """An input file was rejected; nothing was written. ``problems`` lists every place at fault."""

    exit_code = 2

    def __init__(
        self, summary: str, problems: list[DataProblem] | None = None, lang: Language = "en"
    ) -> None:
        self.summary = summary
        self.problems = problems or []
        self.lang = lang
        super().__init__(self.render())

    def render(self, limit: int = 50) -> str:
        lines = [self.summary]
        lines += [f"  - {p}" for p in self.problems[:limit]]
        if len(self.problems) > limit:
            more = count_of(len(self.problems) - limit, "more_problem", self.lang)
            lines.append("  " + t("loc.more", self.lang, more=more))
        return "\n".join(lines)


class ReferenceDataError(PkobsError):
    """A reference-data file (countries, missions, groups, registries) is invalid."""

    exit_code = 3

    def __init__(self, summary: str, problems: list[DataProblem] | None = None) -> None:
        self.summary = summary
        self.problems = problems or []
        lines = [summary] + [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class QueryError(PkobsError):
    """A query or parameter was refused (unknown table, write attempt, bad parameter...)."""

    exit_code = 2


class DatabaseError(PkobsError):
    """The database is missing, locked, or from an incompatible schema version."""

    exit_code = 4
