"""Each layout: how to recognise it, its header, its columns, and the function that reads it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from pkobs.ingest.pdf import country_first, flat, mission_first
from pkobs.ingest.pdf.table import Cells, Collector

Parser = Callable[[list[Cells], Collector], None]


@dataclass(frozen=True)
class Layout:
    id: str
    header: re.Pattern[str]  # the table header line, repeated on each page
    text_columns: tuple[str, ...]  # first header word of each text column
    first_number: str  # header word of the first figure column
    has_mission: bool
    has_sex: bool
    parse: Parser
    header_lines: int = 1
    figures: tuple[str, ...] = ()  # figure column headers, when cells can be blank
    by_first_word: bool = False  # see Grid.by_first_word
    centred: bool = False  # see Grid.centred
    title: re.Pattern[str] | None = None  # when two layouts share a header


def _indexed(has_mission: bool) -> Parser:
    def parse(lines: list[Cells], out: Collector) -> None:
        country_first.parse_indexed(lines, out, has_mission)

    return parse


COUNTRY_FIRST: tuple[Layout, ...] = (
    Layout(
        "country-mission-2015",
        re.compile(r"^Country UN Mission Description"),
        ("Country", "UN", "Description"),
        "M",
        True,
        True,
        country_first.parse_summary_2015,
        figures=("M", "F", "Totals"),
    ),
    Layout(
        "country-mission-detail-2016",
        re.compile(r"^Country Mission Male Female Total$"),
        ("Country", "Mission"),
        "Male",
        True,
        True,
        _indexed(True),
    ),
    Layout(
        "country-mission-post-2017",
        re.compile(r"^Country Mission POST MALE FEMALE TOTAL"),
        ("Country", "Mission", "POST"),
        "MALE",
        True,
        True,
        _indexed(True),
    ),
    Layout(
        "country-post-2018",
        re.compile(r"^Country Name POST MALE FEMALE TOTAL"),
        ("Country", "POST"),
        "MALE",
        False,
        True,
        _indexed(False),
    ),
)

MISSION_FIRST: tuple[Layout, ...] = (
    Layout(
        "mission-country-post-2019",
        re.compile(r"^Mission Country Male Female Total Post"),
        ("Mission", "Country", "Post"),
        "Male",
        True,
        True,
        mission_first.parse_sequential,
    ),
    Layout(
        "mission-country-description-2019",
        re.compile(r"^Mission Country Description Male Female Total"),
        ("Mission", "Country", "Description"),
        "Male",
        True,
        True,
        mission_first.parse_sequential,
    ),
    Layout(
        "mission-contributor-description-2020",
        re.compile(r"^Mission Contributor Description Male Female Total"),
        ("Mission", "Contributor", "Description"),
        "Male",
        True,
        True,
        mission_first.parse_sequential,
        by_first_word=True,
    ),
    Layout(
        "mission-country-type-2021",
        re.compile(r"^Mission Country Personnel Type Male Female Total$"),
        ("Mission", "Country", "Personnel"),
        "Male",
        True,
        True,
        mission_first.parse_centred,
    ),
)

FLAT_AND_WIDE: tuple[Layout, ...] = (
    Layout(
        "flat-2019",
        re.compile(r"^mission country description male female total report_date"),
        ("mission", "country", "description"),
        "male",
        True,
        True,
        flat.parse_flat,
        centred=True,
    ),
    Layout(
        "flat-2024",
        re.compile(r"^Mission Country Personnel Type Male Female Total Report Date"),
        ("Mission", "Country", "Personnel"),
        "Male",
        True,
        True,
        flat.parse_flat,
        centred=True,
    ),
    Layout(
        "country-mission-wide-2019",
        re.compile(r"^Country Mission UNMEM M UNMEM F Troops M"),
        ("Country", "Mission"),
        "UNMEM",
        True,
        True,
        flat.parse_wide_2019,
    ),
    Layout(
        "country-type-wide-2023",
        re.compile(r"^Country Experts on"),
        ("Country",),
        "Experts",
        False,
        False,
        flat.parse_wide_2023,
        header_lines=2,
    ),
)

LAYOUTS: tuple[Layout, ...] = COUNTRY_FIRST + MISSION_FIRST + FLAT_AND_WIDE
