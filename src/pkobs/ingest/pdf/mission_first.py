"""Reports grouped by mission first (November 2019 – July 2025)."""

from __future__ import annotations

import dataclasses
import itertools

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
    continues_row = False  # the last line was a row with its country's name on it
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
        if cells.only(COUNTRY) and not numbers and continues_row:
            # The rest of a name wrapped in its cell (``Bosnia and`` / ``Herzegovina``).
            last = out.rows[-1]
            country = f"{last.contributor} {texts[COUNTRY]}"
            out.rows[-1] = dataclasses.replace(
                last, contributor=country, text=f"{last.text} / {cells.text}"
            )
            continue
        continues_row = False
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
                continues_row = bool(texts[COUNTRY])
            continue
        out.problem(cells.line, "pdf.unparsed")
    expected.close("country", out, sums)
    expected.close("mission", out, sums)


def _centred(rows: list[Cells], y: float) -> bool:
    return abs(sum(c.line.y for c in rows) / len(rows) - y) <= 2.5


def _below_top(rows: list[Cells], y: float) -> bool:
    return y <= rows[0].line.y + 3


def _above_bottom(rows: list[Cells], y: float) -> bool:
    return y >= rows[-1].line.y - 3


def _solve(
    names: list[tuple[float, str]], rows: list[Cells], k: int, start: int, carried: bool
) -> list[int] | None:
    """How many rows each name from the k-th on takes, or None when no split fits."""
    if k == len(names):
        return [] if start == len(rows) else None
    y = names[k][0]
    last = k == len(names) - 1
    sizes = range(1, len(rows) - start + 1)
    exact = [n for n in sizes if _centred(rows[start : start + n], y)]
    # A country cut by a page break is centred on its whole block, not on the visible part.
    cut = [
        n
        for n in sizes
        if n not in exact
        and (
            (k == 0 and carried and _above_bottom(rows[start : start + n], y))
            or (last and start + n == len(rows) and _below_top(rows[start : start + n], y))
        )
    ]
    for n in exact + cut:
        rest = _solve(names, rows, k + 1, start + n, carried)
        if rest is not None:
            return [n, *rest]
    return None


def _assign_names(
    names: list[tuple[float, str]], rows: list[Cells], out: Collector, carried_name: str
) -> list[tuple[str, Cells]]:
    """Give each row the country whose name is centred on it and its neighbours.

    A country's name is printed on each page, centred on the block of its rows, so the mean
    height of its rows equals the height of its name; only the first name of a page (when it
    continues the previous page's last country) and the last name of a page may be off centre.
    """
    carried = bool(names) and names[0][1] == carried_name
    counts = _solve(names, rows, 0, 0, carried)
    skip = 0
    # Rows at the top of a page may continue the previous page's last country without
    # repeating its name.
    while counts is None and carried_name and skip < len(rows):
        skip += 1
        counts = _solve(names, rows[skip:], 0, 0, False)
    if counts is None:
        for cells in rows:
            out.problem(cells.line, "pdf.orphan_row")
        return []
    assigned: list[tuple[str, Cells]] = [(carried_name, cells) for cells in rows[:skip]]
    start = skip
    for (_, name), n in zip(names, counts, strict=True):
        assigned += [(name, cells) for cells in rows[start : start + n]]
        start += n
    return assigned


def _names(fragments: list[Cells], rows: list[Cells]) -> list[tuple[float, str]]:
    """Country-name fragments joined when they are closer than a row's height (wrapped names)."""
    spacing = [a.line.y - b.line.y for a, b in itertools.pairwise(rows)]
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
    last_name = [""]

    def flush() -> None:
        names = _names(fragments, rows)
        for name, cells in _assign_names(names, rows, out, last_name[0]):
            if mission is None:
                out.problem(cells.line, "pdf.no_mission")
                continue
            male, female, total = cells.numbers
            if out.row(cells.line, name, mission, cells.texts[TYPE], male, female, total):
                sums.add("mission", male, female, total)
                sums.add("grand", male, female, total)
        if names:
            last_name[0] = names[-1][1]
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
