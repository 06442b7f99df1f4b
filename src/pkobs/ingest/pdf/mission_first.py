"""Reports grouped by mission first (November 2019 – July 2025)."""

from __future__ import annotations

from pkobs.ingest.pdf.country_first import same_name
from pkobs.ingest.pdf.extract import Line
from pkobs.ingest.pdf.table import Cells, Collector, Sums

MISSION, COUNTRY, TYPE = 0, 1, 2


class _Expected:
    """Totals printed on a mission or country line, checked when its rows are all read."""

    def __init__(self) -> None:
        self.pending: dict[str, tuple[Line, tuple[int, ...]]] = {}

    def close(self, key: str, out: Collector, sums: Sums) -> None:
        computed = sums.pop(key)
        if key in self.pending:
            line, printed = self.pending.pop(key)
            out.check_sums(line, key, printed, computed)


def parse_sequential(lines: list[Cells], out: Collector) -> None:
    """Mission lines, then country lines or country cells, then one row per personnel type.

    Subtotals are either bare figures after a mission's rows (2019–2020) or printed on the
    mission and country lines themselves (January 2021); a grand total ends the report.
    """
    mission: str | None = None
    country = ""
    sums = Sums()
    expected = _Expected()
    open_mission = False  # rows read since the mission's last subtotal
    wrapping = False
    for cells in lines:
        numbers = cells.numbers
        texts = cells.texts
        if cells.only(MISSION) and texts[MISSION].startswith("Grand Total"):
            expected.close("mission", out, sums)
            expected.close("country", out, sums)
            out.check_sums(cells.line, "grand", numbers, sums.pop("grand"))
            continue
        if cells.only(MISSION) and texts[MISSION].isdigit() and len(numbers) == 3:
            # The last line of December 2019 – January 2020: rows, men, women, total.
            out.check(cells.line, "count", "total", int(texts[MISSION]), len(out.rows))
            out.check_sums(cells.line, "grand", numbers, sums.pop("grand"))
            continue
        if cells.only(MISSION):
            expected.close("country", out, sums)
            expected.close("mission", out, sums)
            mission, country, open_mission, wrapping = texts[MISSION], "", False, False
            if numbers:
                expected.pending["mission"] = (cells.line, numbers)
            continue
        if not cells.label and numbers:
            if open_mission and len(numbers) == 3:
                out.check_sums(cells.line, "mission", numbers, sums.pop("mission"))
                open_mission = False
            elif len(numbers) in (3, 4):
                # The last line: (number of rows,) men, women, total.
                if len(numbers) == 4:
                    out.check(cells.line, "count", "total", numbers[0], len(out.rows))
                out.check_sums(cells.line, "grand", numbers[-3:], sums.pop("grand"))
            elif len(numbers) == 1:
                out.check(cells.line, "count", "total", numbers[0], len(out.rows))
            else:
                out.problem(cells.line, "pdf.unparsed")
            continue
        if cells.only(COUNTRY):
            expected.close("country", out, sums)
            if wrapping and not numbers:
                country += " " + texts[COUNTRY]
                continue
            country, wrapping = texts[COUNTRY], not numbers
            if numbers:
                expected.pending["country"] = (cells.line, numbers)
            continue
        wrapping = False
        if texts[TYPE] and len(numbers) == 3 and not texts[MISSION]:
            if texts[COUNTRY]:
                expected.close("country", out, sums)
                country = texts[COUNTRY]
            if mission is None:
                out.problem(cells.line, "pdf.no_mission")
                continue
            male, female, total = numbers
            if out.row(cells.line, country, mission, texts[TYPE], male, female, total):
                for key in ("mission", "country", "grand"):
                    sums.add(key, male, female, total)
                open_mission = True
            continue
        out.problem(cells.line, "pdf.unparsed")
    expected.close("country", out, sums)
    expected.close("mission", out, sums)


def _assign_names(
    names: list[tuple[float, str]], rows: list[Cells], out: Collector
) -> list[tuple[str, Cells]]:
    """Give each row the country whose name is centred on it and its neighbours.

    A country's name is printed once per page, centred on the block of its rows there, so the
    mean height of its rows equals the height of its name.
    """
    assigned: list[tuple[str, Cells]] = []
    start = 0
    for y, name in names:
        found = None
        for end in range(start + 1, len(rows) + 1):
            block = rows[start:end]
            centre = sum(c.line.y for c in block) / len(block)
            if abs(centre - y) <= 2.5:
                found = end
                break
            if centre < y - 2.5:
                break
        if found is None:
            if start < len(rows):
                out.problem(rows[start].line, "pdf.orphan_row")
            return assigned
        assigned += [(name, cells) for cells in rows[start:found]]
        start = found
    for cells in rows[start:]:
        out.problem(cells.line, "pdf.orphan_row")
    return assigned


def _names(fragments: list[Cells], rows: list[Cells]) -> list[tuple[float, str]]:
    """Country-name fragments joined when they are closer than a row's height (wrapped names)."""
    spacing = [a.line.y - b.line.y for a, b in zip(rows, rows[1:], strict=False)]
    pitch = min((gap for gap in spacing if gap > 1), default=20.0)
    groups: list[list[Cells]] = []
    for fragment in fragments:
        if groups and groups[-1][-1].line.y - fragment.line.y < 0.8 * pitch:
            groups[-1].append(fragment)
        else:
            groups.append([fragment])
    return [
        (
            sum(c.line.y for c in group) / len(group),
            " ".join(c.texts[COUNTRY] for c in group),
        )
        for group in groups
    ]


def parse_centred(lines: list[Cells], out: Collector) -> None:
    """``Contribution of Uniformed Personnel to UN by Mission, Country, and Personnel Type``.

    Country names are centred on their rows (so often printed between or above them); each
    mission ends with ``Total MISSION`` and the report with ``Grand Total``.
    """
    mission: str | None = None
    sums = Sums()
    fragments: list[Cells] = []
    rows: list[Cells] = []

    def flush() -> None:
        for name, cells in _assign_names(_names(fragments, rows), rows, out):
            if mission is None:
                out.problem(cells.line, "pdf.no_mission")
                continue
            male, female, total = cells.numbers
            if out.row(cells.line, name, mission, cells.texts[TYPE], male, female, total):
                sums.add("mission", male, female, total)
                sums.add("grand", male, female, total)
        fragments.clear()
        rows.clear()

    page = 0
    for cells in lines:
        if cells.page != page:
            flush()
            page = cells.page
        texts, numbers = cells.texts, cells.numbers
        if cells.only(MISSION) and not numbers:
            flush()
            mission = texts[MISSION]
            continue
        if cells.only(MISSION) and texts[MISSION].startswith("Total ") and len(numbers) == 3:
            flush()
            printed = texts[MISSION].removeprefix("Total ")
            if mission is None or not same_name(printed, mission):
                out.problem(cells.line, "pdf.unparsed")
            out.check_sums(cells.line, "mission", numbers, sums.pop("mission"))
            continue
        if cells.only(MISSION) and texts[MISSION] == "Grand Total" and len(numbers) == 3:
            flush()
            out.check_sums(cells.line, "grand", numbers, sums.pop("grand"))
            continue
        if texts[COUNTRY] and not texts[MISSION]:
            fragments.append(cells)
        if texts[TYPE] and len(numbers) == 3 and not texts[MISSION]:
            rows.append(cells)
            continue
        if cells.only(COUNTRY) and not numbers:
            continue
        out.problem(cells.line, "pdf.unparsed")
    flush()
