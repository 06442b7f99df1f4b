"""Reports grouped by country first (2015 – August 2019)."""

from __future__ import annotations

import re

from pkobs.ingest.pdf.labels import personnel_type
from pkobs.ingest.pdf.table import Cells, Collector, Sums

INDEXED_COUNTRY = re.compile(r"(\d+) (\D.*)")
MISSION = re.compile(r"[A-Z]{4,}")


def same_name(printed: str, name: str) -> bool:
    """A total line names its mission or country, sometimes cut short by its cell.

    ``MINUJUST`` closes MINUJUSTH and ``Brunei Darussala`` closes Brunei Darussalam.
    """
    printed = " ".join(printed.split()).casefold()
    name = " ".join(name.split()).casefold()
    return printed == name or (len(printed) >= 5 and name.startswith(printed))


def parse_summary_2015(lines: list[Cells], out: Collector) -> None:
    """``UN Mission's Summary detailed by Country``: columns country, mission, description.

    Rows print M F Totals; ``MISSION total`` closes a mission and ``Country total`` a country.
    """
    country = ""
    mission: str | None = None
    open_country = False
    sums = Sums()
    wrapping = False
    for cells in lines:
        numbers = cells.numbers
        if not numbers and cells.texts[0]:
            if wrapping:
                country += " " + cells.label
                continue
            if open_country:
                out.problem(cells.line, "pdf.missing_total", name=country)
            country, mission, open_country, wrapping = cells.label, None, True, True
            continue
        wrapping = False
        if (
            not numbers
            and mission is not None
            and cells.only(2)
            and same_name(cells.label, mission)
        ):
            # A blank subtotal closes a mission whose rows are all blank or zero (Feb. 2015).
            out.check_sums(cells.line, "mission", (0,), sums.pop("mission"))
            mission = None
            continue
        if not numbers and cells.only(1):  # a mission whose rows are all blank
            mission = cells.texts[1]
            continue
        if cells.texts[2] and not cells.texts[0] and personnel_type(cells.texts[2]):
            if cells.texts[1]:
                mission = cells.texts[1]
            if mission is None:
                out.problem(cells.line, "pdf.no_mission")
                continue
            male, female, total = cells.slots
            if total is None:
                # Rows with blank cells (February 2015): only zeros may stand beside a blank.
                if any(numbers):
                    out.problem(cells.line, "pdf.blank_cell")
                    continue
                total = 0
            if out.row(cells.line, country, mission, cells.texts[2], male, female, total):
                sums.add("mission", male, female, total)
                sums.add("country", male, female, total)
            continue
        if len(numbers) == 1 and cells.label:
            name = cells.label
            if mission is not None and same_name(name, mission):
                out.check_sums(cells.line, "mission", numbers, sums.pop("mission"))
                mission = None
                continue
            if same_name(name, country):
                out.check_sums(cells.line, "country", numbers, sums.pop("country"))
                open_country = False
                continue
        out.problem(cells.line, "pdf.unparsed")
    if open_country:
        out.problem(None, "pdf.missing_total", name=country)


def parse_indexed(lines: list[Cells], out: Collector, has_mission: bool) -> None:
    """Numbered countries (``1 Algeria``), optional mission lines, ``Total for …`` lines.

    Used by the November 2016 report (``Total for Mission``), the 2017 reports by country,
    mission and post (``Total for Country``) and the 2018–2019 reports by country and post.
    """
    country = ""
    mission: str | None = None
    sums = Sums()
    wrapping = False
    for cells in lines:
        label, numbers = cells.label, cells.numbers
        indexed = INDEXED_COUNTRY.fullmatch(label) if not numbers else None
        if indexed:
            country, mission, wrapping = indexed.group(2), None, True
            continue
        if not numbers and has_mission and MISSION.fullmatch(label):
            mission, wrapping = label, False
            continue
        if not numbers and wrapping and cells.only(0):
            country += " " + label
            continue
        wrapping = False
        if mission is not None and same_name(label, mission) and len(numbers) == 1:
            out.check_sums(cells.line, "mission", numbers, sums.pop("mission"))
            continue
        if same_name(label, country) and len(numbers) == 3:
            out.check_sums(cells.line, "country", numbers, sums.pop("country"))
            continue
        if not label and len(numbers) == 3 and sums.get("country")[2]:
            # A country total whose name is not printed (Côte d'Ivoire, October 2017).
            out.check_sums(cells.line, "country", numbers, sums.pop("country"))
            continue
        if label == "Total for Mission" and len(numbers) == 3:
            out.check_sums(cells.line, "mission", numbers, sums.pop("mission"))
            continue
        if label == "Total for Country" and len(numbers) == 3:
            out.check_sums(cells.line, "country", numbers, sums.pop("country"))
            continue
        if label in ("Grand Total", "Total") and len(numbers) in (1, 3):
            out.check_sums(cells.line, "grand", numbers, sums.pop("grand"))
            continue
        if len(numbers) == 3 and label:
            if has_mission and mission is None:
                out.problem(cells.line, "pdf.no_mission")
                continue
            male, female, total = numbers
            if out.row(cells.line, country, mission, label, male, female, total):
                for key in ("mission", "country", "grand"):
                    sums.add(key, male, female, total)
            continue
        out.problem(cells.line, "pdf.unparsed")
