"""Exceptions named after what went wrong. Each carries the places where it went wrong."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pkobs.i18n import count_of, t
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
    """Base class of every error pkobs reports to people."""

    exit_code = 1


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
