"""Printed lines split into the report's columns, page furniture dropped, and the row collector."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pkobs.ingest.pdf.extract import Document, Line
from pkobs.ingest.pdf.labels import is_number, parse_int, personnel_type
from pkobs.ingest.pdf.model import PdfProblem, PdfRow

FOOTER = re.compile(r"Page \d+ of \d+|Report Generated", re.IGNORECASE)
DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")
NUMERIC_SLACK = 40.0  # right-aligned figures may start this far left of their header
TEXT_SLACK = 12.0


@dataclass(frozen=True)
class Cells:
    """One printed line: text per column (left to right), the figures, and any date printed."""

    line: Line
    texts: tuple[str, ...]
    numbers: tuple[int, ...]
    dates: tuple[str, ...]
    slots: tuple[int | None, ...] = ()  # each figure column's value; None when blank

    @property
    def page(self) -> int:
        return self.line.page

    @property
    def text(self) -> str:
        return self.line.text

    @property
    def label(self) -> str:
        """All the text of the line, columns joined by one space."""
        return " ".join(part for part in self.texts if part)

    def only(self, *columns: int) -> bool:
        """True when text is printed in exactly these columns."""
        return all(bool(part) == (i in columns) for i, part in enumerate(self.texts))


@dataclass(frozen=True)
class Grid:
    starts: tuple[float, ...]  # left edge of each text column's header
    numeric_from: float  # left edge of the first figure column's header
    centres: tuple[float, ...] = ()  # right edge of each figure column's header
    by_first_word: bool = False  # a line's text all belongs to the column of its first word
    centred: bool = False  # headers centred on their columns: edges halfway between headers

    def midpoints(self) -> list[float]:
        return [(a + b) / 2 for a, b in zip(self.starts, self.starts[1:], strict=False)]

    def split(self, line: Line) -> Cells:
        parts: list[list[str]] = [[] for _ in self.starts]
        numbers: list[int] = []
        dates: list[str] = []
        slots: list[int | None] = [None for _ in self.centres]
        for word in line.words:
            if word.x0 >= self.numeric_from - NUMERIC_SLACK and is_number(word.text):
                numbers.append(parse_int(word.text))
                if self.centres:
                    nearest = min(self.centres, key=lambda edge: abs(edge - word.x1))
                    slots[self.centres.index(nearest)] = numbers[-1]
                continue
            if DATE.fullmatch(word.text) and word.x0 >= self.numeric_from - NUMERIC_SLACK:
                dates.append(word.text)
                continue
            column = 0
            if self.centred:
                column = sum(1 for edge in self.midpoints() if word.x0 >= edge)
            else:
                for index, start in enumerate(self.starts):
                    if word.x0 >= start - TEXT_SLACK:
                        column = index
            parts[column].append(word.text)
        if self.by_first_word:
            text_words = [w for w in line.words if w.x0 < self.numeric_from - NUMERIC_SLACK]
            if text_words:
                column = sum(1 for edge in self.midpoints() if text_words[0].x0 >= edge)
                parts = [[] for _ in self.starts]
                parts[column] = [w.text for w in text_words]
        texts = tuple(" ".join(p) for p in parts)
        return Cells(line, texts, tuple(numbers), tuple(dates), tuple(slots))


def find_header(lines: Sequence[Line], pattern: re.Pattern[str]) -> int | None:
    for index, line in enumerate(lines):
        if pattern.search(line.text):
            return index
    return None


def header_grid(
    line: Line, text_words: Sequence[str], first_number: str, figures: Sequence[str] = ()
) -> Grid:
    """Column edges from the header line: the first word of each text column, then the figures.

    ``figures`` names the figure columns' headers when blank cells must be told apart; each
    figure then goes to the column whose header's right edge is nearest its own.
    """
    starts: list[float] = []
    position = 0
    words = line.words
    for wanted in text_words:
        while position < len(words) and words[position].text not in wanted.split("|"):
            position += 1
        starts.append(words[position].x0 if position < len(words) else 0.0)
    numeric = next((w.x0 for w in words if w.text == first_number), words[-1].x0)
    edges = tuple(next(w.x1 for w in words if w.text == name) for name in figures)
    return Grid(tuple(starts), numeric, edges)


def body_lines(
    document: Document, pattern: re.Pattern[str], header_lines: int = 1
) -> tuple[Line | None, list[Line]]:
    """The first header line and every line below the headers and above the footers.

    Pages without the header repeat the first page's title lines instead; those are dropped.
    """
    header: Line | None = None
    titles: set[str] = set()
    body: list[Line] = []
    for page in document.pages:
        index = find_header(page, pattern)
        start = 0
        if index is not None:
            if header is None:
                header = page[index]
                titles = {line.text for line in page[:index]}
            start = index + header_lines
        else:
            while start < len(page) and page[start].text in titles:
                start += 1
        for line in page[start:]:
            if FOOTER.search(line.text):
                break
            body.append(line)
    return header, body


class Collector:
    """Rows in document order, the reconciliations made, and every problem found."""

    def __init__(self) -> None:
        self.rows: list[PdfRow] = []
        self.problems: list[PdfProblem] = []
        self.checks = 0

    def problem(self, line: Line | None, key: str, **values: object) -> None:
        page = line.page if line is not None else None
        self.problems.append(PdfProblem(page, line.text if line else "", key, dict(values)))

    def check(self, line: Line, subject: str, column: str, printed: int, computed: int) -> None:
        self.checks += 1
        if printed != computed:
            self.problem(
                line,
                f"pdf.mismatch.{subject}",
                column=column,
                printed=printed,
                computed=computed,
            )

    def check_sums(
        self, line: Line, subject: str, printed: Sequence[int], computed: Sequence[int]
    ) -> None:
        """Printed (male, female, total) or (total,) against the sums of the rows."""
        columns = ("male", "female", "total") if len(printed) == 3 else ("total",)
        wanted = computed if len(printed) == 3 else computed[-1:]
        for column, value, expected in zip(columns, printed, wanted, strict=True):
            self.check(line, subject, column, value, expected)

    def row(
        self,
        line: Line,
        contributor: str,
        mission: str | None,
        label: str,
        male: int | None,
        female: int | None,
        total: int,
        text: str | None = None,
    ) -> PdfRow | None:
        kind = personnel_type(label)
        if kind is None:
            self.problem(line, "pdf.unknown_label", label=label)
            return None
        if not contributor:
            self.problem(line, "pdf.no_contributor")
            return None
        if male is not None and female is not None:
            self.check(line, "row", "total", total, male + female)
        row = PdfRow(
            page=line.page,
            line=len(self.rows) + 1,
            contributor=" ".join(contributor.split()),
            mission=mission,
            personnel_type=kind,
            male=male,
            female=female,
            total=total,
            text=text if text is not None else line.text,
        )
        self.rows.append(row)
        return row


class Sums:
    """Running (male, female, total) per key."""

    def __init__(self) -> None:
        self.values: dict[str, list[int]] = {}

    def add(self, key: str, male: int | None, female: int | None, total: int) -> None:
        entry = self.values.setdefault(key, [0, 0, 0])
        entry[0] += male or 0
        entry[1] += female or 0
        entry[2] += total

    def get(self, key: str) -> tuple[int, int, int]:
        male, female, total = self.values.get(key, [0, 0, 0])
        return male, female, total

    def pop(self, key: str) -> tuple[int, int, int]:
        male, female, total = self.values.pop(key, [0, 0, 0])
        return male, female, total
