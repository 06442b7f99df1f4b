"""The parser's results and errors: language-free facts, put into words only at the edge."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pkobs.errors import PkobsError
from pkobs.i18n import t
from pkobs.messages import Message
from pkobs.settings import Language


@dataclass(frozen=True)
class PdfRow:
    page: int
    line: int
    contributor: str
    mission: str | None
    personnel_type: str
    male: int | None
    female: int | None
    total: int
    text: str


@dataclass(frozen=True)
class PdfReport:
    path: Path
    sha256: str
    month: dt.date
    month_text: str
    layout: str
    has_mission: bool
    has_sex: bool
    pages: int
    rows: tuple[PdfRow, ...]
    checks: int


@dataclass(frozen=True)
class PdfProblem:
    page: int | None
    text: str
    key: str
    values: dict[str, object] = field(default_factory=dict)


class PdfReportError(PkobsError):
    """A monthly PDF report was refused; ``problems`` says where and why (message keys)."""

    exit_code = 2

    def __init__(
        self,
        path: Path,
        problems: list[PdfProblem],
        key: str = "pdf.rejected",
        values: dict[str, object] | None = None,
    ) -> None:
        self.path = path
        self.problems = problems
        super().__init__(
            Message(key, {"path": path.name, "count": len(problems), **(values or {})})
        )

    def message(self, lang: Language) -> str:
        return render(self, lang)


def describe(problem: PdfProblem, lang: Language) -> str:
    """One problem as a sentence: ``page 3 : …`` (fr) / ``page 3: …`` (en), then the line."""
    values = dict(problem.values)
    if "column" in values:
        values["column"] = t(f"pdf.column.{values['column']}", lang)
    message = t(problem.key, lang, **values)
    if problem.page is not None:
        message = t("pdf.at_page", lang, page=problem.page, message=message)
    if problem.text:
        message = t("pdf.printed_line", lang, message=message, text=problem.text)
    return message


def render(error: PdfReportError, lang: Language, limit: int = 20) -> str:
    lines = [t(error.key, lang, **error.values)]
    lines += ["  - " + describe(problem, lang) for problem in error.problems[:limit]]
    if len(error.problems) > limit:
        lines.append("  " + t("pdf.more", lang, count=len(error.problems) - limit))
    return "\n".join(lines)
