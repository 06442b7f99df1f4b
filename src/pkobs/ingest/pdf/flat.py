"""Flat tables (one printed line per row) and wide tables (one column per personnel type)."""

from __future__ import annotations

from pkobs.ingest.pdf.labels import personnel_type
from pkobs.ingest.pdf.table import Cells, Collector

# The wide reports' figure columns, in printed order.
WIDE_2019 = ("UNMEM", "Troops", "UNPOL", "FPU", "MSO")  # each as M then F
WIDE_2023 = ("Experts on Mission", "Formed Police Units", "Individual Police", "Staff Officer")
WIDE_2023_ALL = (*WIDE_2023, "Troops")


def split_label(text: str) -> tuple[str, str]:
    """``Bangladesh Individual Police`` -> (``Bangladesh``, ``Individual Police``).

    In the flat tables a long country name runs into the type column, so the type is the
    longest known label ending the text; with none, the last column's words are returned.
    """
    words = text.split()
    for size in range(min(3, len(words) - 1), 0, -1):
        label = " ".join(words[-size:])
        if personnel_type(label):
            return " ".join(words[:-size]), label
    return " ".join(words[:-1]), words[-1] if words else ""


def parse_flat(lines: list[Cells], out: Collector) -> None:
    """``mission country description male female total report_date``: no subtotals printed.

    A name too long for its cell wraps around the row: ``United Republic of`` above it and
    ``Tanzania`` below.
    """
    prefix: list[str] = []
    held: Cells | None = None

    def emit(cells: Cells, name: str) -> None:
        country, label = split_label(" ".join(filter(None, [name, *cells.texts[1:]])))
        male, female, total = cells.numbers
        out.row(cells.line, country, cells.texts[0], label, male, female, total)

    for cells in lines:
        mission = cells.texts[0]
        is_row = bool(mission) and len(cells.numbers) == 3 and bool(cells.dates)
        if not cells.numbers and cells.label and not cells.dates:
            if held is not None:
                emit(held, " ".join([*prefix, cells.label]))
                held, prefix = None, []
            else:
                prefix.append(cells.label)
            continue
        if held is not None:
            emit(held, " ".join(prefix))
            held, prefix = None, []
        if is_row and not prefix:
            emit(cells, "")
            continue
        if is_row:
            held = cells
            continue
        out.problem(cells.line, "pdf.unparsed")
    if held is not None:
        emit(held, " ".join(prefix))


def parse_wide_2019(lines: list[Cells], out: Collector) -> None:
    """October 2019: country lines, then one line per mission with M and F for five types.

    ``Total by Country`` and ``Grand Total`` lines give the ten column sums.
    """
    country = ""
    country_sums = [0] * 10
    grand_sums = [0] * 10
    wrapping = False
    for cells in lines:
        country_text, mission = cells.texts
        numbers = cells.numbers
        if not numbers and cells.only(0):
            country = country + " " + country_text if wrapping else country_text
            wrapping = True
            continue
        wrapping = False
        if mission in ("Total by Country", "Grand Total") and len(numbers) == 10:
            sums = country_sums if mission == "Total by Country" else grand_sums
            subject = "country" if mission == "Total by Country" else "grand"
            for index, (printed, computed) in enumerate(zip(numbers, sums, strict=True)):
                sex = "male" if index % 2 == 0 else "female"
                out.check(cells.line, subject, sex, printed, computed)
            if mission == "Total by Country":
                country_sums = [0] * 10
            continue
        if mission and not country_text and len(numbers) == 10:
            for index, label in enumerate(WIDE_2019):
                male, female = numbers[2 * index], numbers[2 * index + 1]
                out.row(cells.line, country, mission, label, male, female, male + female)
            for index, value in enumerate(numbers):
                country_sums[index] += value
                grand_sums[index] += value
            continue
        out.problem(cells.line, "pdf.unparsed")


def parse_wide_2023(lines: list[Cells], out: Collector) -> None:
    """September 2023: one line per country, five types then the total, no sex, no mission."""
    sums = [0] * 6
    last: tuple[Cells, str] | None = None
    pending: list[tuple[Cells, str]] = []
    for cells in lines:
        numbers = cells.numbers
        if cells.label == "Grand Total" and len(numbers) == 6:
            for column, printed, computed in zip(
                (*WIDE_2023_ALL, "total"), numbers, sums, strict=True
            ):
                out.check(cells.line, "grand", _column(column), printed, computed)
            continue
        if not numbers and cells.label and last is not None:
            # The rest of a wrapped name (``United Republic of`` / ``Tanzania``).
            last = (last[0], last[1] + " " + cells.label)
            pending[-1] = last
            continue
        if cells.label and len(numbers) == 6 and cells.dates:
            last = (cells, cells.label)
            pending.append(last)
            figures, total = numbers[:5], numbers[5]
            out.check(cells.line, "row", "total", total, sum(figures))
            for index, value in enumerate(numbers):
                sums[index] += value
            continue
        out.problem(cells.line, "pdf.unparsed")
    for cells, name in pending:
        for label, value in zip(WIDE_2023_ALL, cells.numbers[:5], strict=True):
            out.row(cells.line, name, None, label, None, None, value)


def _column(label: str) -> str:
    names = {
        "Experts on Mission": "experts_on_mission",
        "Formed Police Units": "formed_police_units",
        "Individual Police": "individual_police",
        "Staff Officer": "staff_officers",
        "Troops": "troops",
    }
    return names.get(label, label)
