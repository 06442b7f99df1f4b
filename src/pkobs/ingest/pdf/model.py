"""The parser's results and errors: language-free facts, put into words only at the edge."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pkobs.errors import ListingError
from pkobs.messages import Message


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

    @property
    def message(self) -> Message:
        """The problem as a language-free sentence: ``page 3: …``, then the printed line.

        Values are shown as written (numbers as digits, without grouping) and a ``column`` by
        its translated name; :meth:`pkobs.errors.PkobsError.message` words it at the edge.
        """
        values: dict[str, object] = {
            name: Message(f"pdf.column.{value}") if name == "column" else str(value)
            for name, value in self.values.items()
        }
        message = Message(self.key, values)
        if self.page is not None:
            message = Message.of("pdf.at_page", page=str(self.page), message=message)
        if self.text:
            message = Message.of("pdf.printed_line", message=message, text=self.text)
        return message


class PdfReportError(ListingError):
    """A monthly PDF report was refused; ``problems`` says where and why (message keys), and the
    message lists them (at most 20), worded at the edge."""

    exit_code = 2
    limit = 20
    more_key = "pdf.more"

    def __init__(
        self,
        path: Path,
        problems: list[PdfProblem],
        key: str = "pdf.rejected",
        values: dict[str, object] | None = None,
    ) -> None:
        self.path = path
        self.problems = problems
        shown = {name: str(value) for name, value in (values or {}).items()}  # as written
        summary = Message(key, {"path": path.name, "count": str(len(problems)), **shown})
        super().__init__(summary, [problem.message for problem in problems])
