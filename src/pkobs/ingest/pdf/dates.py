"""The month a report is for, read from what it prints (never from the file name)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only a type: the CSV and JSON readers use last_day without the PDF engine
    from pkobs.ingest.pdf.extract import Line

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
SHORT_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}

BARE_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")
TITLE_DATES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Month of Report\s*:\s*(\d{1,2})-([A-Za-z]{3})-(\d{2})"), "dmy-short"),
    (re.compile(r"by End of ([A-Za-z]+),?\s*(\d{4})"), "month-year"),
    (re.compile(r"As of\s*:\s*(\d{1,2})/(\d{1,2})/(\d{4})"), "dmy"),
    (re.compile(r"Troops,?\s+(\d{1,2})/(\d{1,2})/(\d{4})"), "dmy"),
)


def last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_dmy(text: str) -> dt.date | None:
    day, month, year = (int(part) for part in text.split("/"))
    try:
        dt.date(year, month, day)
    except ValueError:
        return None
    return last_day(year, month)


def title_date(lines: Sequence[Line]) -> tuple[dt.date, str] | None:
    """The date printed in a title line: ``Month of Report : 31-Jan-15``, ``As of: 30/06/2021``…"""
    for line in lines:
        text = line.text
        for pattern, kind in TITLE_DATES:
            match = pattern.search(text)
            if match is None:
                continue
            if kind == "dmy-short":
                month = SHORT_MONTHS.get(match.group(2).lower())
                if month:
                    return last_day(2000 + int(match.group(3)), month), match.group(0)
            elif kind == "month-year":
                month = MONTHS.get(match.group(1).lower())
                if month:
                    return last_day(int(match.group(2)), month), match.group(0)
            else:
                found = parse_dmy("/".join(match.group(1, 2, 3)))
                if found:
                    return found, match.group(0)
    for line in lines:
        if "generated" in line.text.casefold():
            continue
        for word in line.words:
            if BARE_DATE.fullmatch(word.text):
                found = parse_dmy(word.text)
                if found:
                    return found, line.text
    return None
