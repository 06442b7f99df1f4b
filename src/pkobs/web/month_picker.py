"""A month picker in the page's language: a month ``<select>`` (Babel's month names, « janvier »
/ "January") and a year ``<select>`` (the data's years), with, for browsers without JavaScript,
one ``<select>`` of every month of the data that submits the parameter itself. Given the months
with data (:meth:`MonthPicker.with_data`), a month no source covers is in that list disabled,
« juillet 2022 (pas de données) », and is never the chosen month.

``<input type="month">`` is drawn by the browser in the browser's language (a French page in an
English browser showed "January 2013"); these options are written by the server in the page's.
Whichever is used, the form submits ``name=YYYY-MM``, the format :mod:`pkobs.web.params` checks.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass, replace
from functools import lru_cache

from babel.dates import format_date
from markupsafe import Markup

from pkobs.i18n import Locale
from pkobs.render.html import escape_text
from pkobs.settings import Language

VALUE = re.compile(r"(\d{4})-(\d{2})")


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    selected: bool
    disabled: bool = False  # a month without data: shown, labelled so, never submitted


@dataclass(frozen=True)
class YearMonths:
    """One year of the fallback list: its months in the span, as ``YYYY-MM`` options."""

    year: int
    months: tuple[Option, ...]


@dataclass(frozen=True)
class MonthPicker:
    """The options of one picker; ``value`` is ``YYYY-MM`` (the chosen month, clamped to the
    data's span), ``first``/``last`` the span's months."""

    name: str
    value: str
    first: str
    last: str
    months: tuple[Option, ...]  # twelve, value "01".."12", the chosen month selected
    years: tuple[Option, ...]  # the data's years, oldest first, the chosen year selected
    every_month: tuple[YearMonths, ...]  # the no-JavaScript list, oldest first
    lang: Language = "fr"

    def with_data(self, months: Collection[str] | None) -> MonthPicker:
        """This picker with only ``months`` (``YYYY-MM``, the months some source covers)
        offered: every other month of the span stays in the list, disabled and labelled « pas
        de données » / "no data"; a chosen month without data moves to the nearest month
        with data (the earlier one on a tie). ``None`` or no months: the picker as it is."""
        if not months:
            return self
        with_data = sorted(m for m in months if self.first <= m <= self.last)
        if not with_data:
            return self
        chosen = self.value if self.value in months else nearest(self.value, with_data)
        locale = Locale(self.lang)
        every_month = tuple(
            YearMonths(
                year.year,
                tuple(
                    Option(option.value, option.label, option.value == chosen)
                    if option.value in months
                    else Option(
                        option.value,
                        locale.t("form.month_without_data", month=option.label),
                        False,
                        disabled=True,
                    )
                    for option in year.months
                ),
            )
            for year in self.every_month
        )
        day = parse(chosen)
        assert day is not None
        return replace(
            self,
            value=chosen,
            months=tuple(replace(o, selected=o.value == f"{day.month:02d}") for o in self.months),
            years=tuple(replace(o, selected=o.value == str(day.year)) for o in self.years),
            every_month=every_month,
        )

    def every_month_markup(self) -> Markup:
        """The no-JavaScript list's ``<optgroup>`` of each year and ``<option>`` of each month,
        written in one pass (two pickers of 35 years are 850 options on a page)."""
        parts = []
        for year in self.every_month:
            parts.append(f'<optgroup label="{year.year}">')
            parts.extend(
                f'<option value="{escape_text(option.value)}"'
                f"{' selected' if option.selected else ''}"
                f"{' disabled' if option.disabled else ''}>{escape_text(option.label)}</option>"
                for option in year.months
            )
            parts.append("</optgroup>")
        return Markup("".join(parts))


def parse(value: str) -> dt.date | None:
    """``2013-01`` -> 1 January 2013; ``None`` for anything else."""
    match = VALUE.fullmatch(value or "")
    if not match or not 1 <= int(match.group(2)) <= 12:
        return None
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def month_number(value: str) -> int:
    """``YYYY-MM`` (checked already) as a count of months, to measure distances."""
    return int(value[:4]) * 12 + int(value[5:7])


def nearest(value: str, months: list[str]) -> str:
    """The month of ``months`` (``YYYY-MM``, sorted, not empty) nearest ``value``; of two as
    near, the earlier."""
    return min(months, key=lambda month: (abs(month_number(month) - month_number(value)), month))


@lru_cache(maxsize=64)
def month_labels(
    lang: Language, start: dt.date, end: dt.date
) -> tuple[tuple[int, tuple[tuple[str, str], ...]], ...]:
    """Each year from ``start`` to ``end`` with its months as (``YYYY-MM``, label): the same
    for every picker over the same span, so written once per language and span."""
    locale = Locale(lang)
    return tuple(
        (
            year,
            tuple(
                (f"{day:%Y-%m}", locale.month(day))
                for day in (dt.date(year, number, 1) for number in range(1, 13))
                if start <= day <= end
            ),
        )
        for year in range(start.year, end.year + 1)
    )


def month_picker(name: str, value: str, first: str, last: str, locale: Locale) -> MonthPicker:
    """The picker of parameter ``name`` whose current value is ``value`` (``YYYY-MM``) over the
    data's months ``first`` to ``last`` (``YYYY-MM``), labelled in ``locale``'s language."""
    start, end = parse(first), parse(last)
    if start is None or end is None or start > end:
        raise ValueError(f"no span of months from {first!r} to {last!r}")
    chosen = min(max(parse(value) or end, start), end)
    months = tuple(
        Option(
            f"{number:02d}",
            format_date(dt.date(2000, number, 1), format="LLLL", locale=locale.lang),
            number == chosen.month,
        )
        for number in range(1, 13)
    )
    years = tuple(
        Option(str(year), str(year), year == chosen.year)
        for year in range(start.year, end.year + 1)
    )
    chosen_value = f"{chosen:%Y-%m}"
    every_month = tuple(
        YearMonths(
            year,
            tuple(Option(value, label, value == chosen_value) for value, label in months_of_year),
        )
        for year, months_of_year in month_labels(locale.lang, start, end)
    )
    return MonthPicker(
        name,
        f"{chosen:%Y-%m}",
        f"{start:%Y-%m}",
        f"{end:%Y-%m}",
        months,
        years,
        every_month,
        locale.lang,
    )


__all__ = ["MonthPicker", "Option", "YearMonths", "month_picker", "parse"]
