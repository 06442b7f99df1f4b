"""Chart specifications: Plotly traces read by static/js/charts.js, plus their accessible twins.

Every chart carries a data table, a text summary, a CSV link and a permalink. Series differ by
line dash and marker symbol as well as by colour, so no information depends on colour alone.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from babel.dates import format_date
from babel.numbers import get_decimal_symbol, get_group_symbol
from markupsafe import Markup

from pkobs.i18n import Locale
from pkobs.indicators.base import add_months
from pkobs.render.html import text_table
from pkobs.settings import Language
from pkobs.table import Table

DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "cross")
COLOURS = ("#1f4e9c", "#b3401b", "#1b7a4a", "#6b3fa0", "#8a6d00", "#444444")


@dataclass
class Series:
    """One line or set of bars; ``hover``, when given, is one more line of hover text per point
    (aligned with ``x``; ``None`` where there is nothing to add), such as the n behind a share."""

    name: str
    x: list[dt.date]
    y: list[float | int | None]
    hover: list[str | None] | None = None


def with_gaps(series: Series) -> Series:
    """A monthly series whose missing months are ``None``: a month without data is drawn as a
    gap in the line, never bridged and never a drop to zero."""
    x: list[dt.date] = []
    y: list[float | int | None] = []
    hover: list[str | None] = []
    notes = series.hover if series.hover is not None else [None] * len(series.x)
    for month, value, note in zip(series.x, series.y, notes, strict=True):
        if x and month > add_months(x[-1], 1):
            x.append(add_months(x[-1], 1))
            y.append(None)
            hover.append(None)
        x.append(month)
        y.append(value)
        hover.append(note)
    return Series(series.name, x, y, hover if series.hover is not None else None)


def blank_months(series: Series, months: set[dt.date]) -> Series:
    """``series`` with the values of ``months`` blanked (``None``): a month whose figure is
    known to be incomplete (a probable source gap) is drawn as a gap, never as a drop."""
    y = [
        None if month in months else value for month, value in zip(series.x, series.y, strict=True)
    ]
    hover = None
    if series.hover is not None:
        hover = [
            None if m in months else note for m, note in zip(series.x, series.hover, strict=True)
        ]
    return Series(series.name, list(series.x), y, hover)


def separators(lang: Language) -> str:
    """Plotly's ``separators`` (decimal mark, then digit group mark) for ``lang``, from Babel's
    locale data: ``",\u202f"`` in French, ``".,"`` in English."""
    return get_decimal_symbol(lang) + get_group_symbol(lang)


def percent_step(series: list[Series]) -> float:
    """The gap between two labelled ticks of a share axis, for the largest share shown."""
    top = max((float(v) for one in series for v in one.y if v is not None), default=0.0)
    for limit, step in ((0.1, 0.02), (0.25, 0.05), (0.6, 0.1)):
        if top <= limit:
            return step
    return 0.2


MAX_TICKS = 8  # labelled ticks of a month axis at most (months at most MAX_TICKS - 2: wider)
YEAR_STEPS = (1, 2, 5, 10, 20, 50)
MONTH_STEPS = (1, 2, 3, 6, 12)


def month_ticks(series: list[Series], lang: Language) -> tuple[list[str], list[str]]:
    """The x-axis ticks of a monthly chart as (values, labels), labelled in ``lang`` by Babel,
    never by Plotly (whose month names are English): every year, second, fifth... year
    ("2014") over a span of more than three years, otherwise every month, second, third...
    month ("janv. 2014" / "Jan 2014"). Values are ``YYYY-MM``, as the traces' x; charts.js
    keeps every second, third... of them when they do not fit side by side."""
    months = [month for one in series for month in one.x]
    if not months:
        return [], []
    first, last = min(months), max(months)
    start, end = first.year * 12 + first.month - 1, last.year * 12 + last.month - 1
    if end - start > 36:
        years = range(first.year if first.month == 1 else first.year + 1, last.year + 1)
        step = next(s for s in YEAR_STEPS if len([y for y in years if y % s == 0]) <= MAX_TICKS)
        shown = [year for year in years if year % step == 0] or [first.year]
        return [f"{year}-01" for year in shown], [str(year) for year in shown]
    step = next(s for s in MONTH_STEPS if (end - start) // s + 1 <= MAX_TICKS - 2)
    ticks = [dt.date(i // 12, i % 12 + 1, 1) for i in range(start, end + 1) if i % step == 0]
    ticks = ticks or [first.replace(day=1)]
    return [f"{t:%Y-%m}" for t in ticks], [format_date(t, "MMM y", locale=lang) for t in ticks]


@lru_cache(maxsize=4096)
def hover_month(month: dt.date, lang: Language) -> str:
    """A point's month in its hover, "janvier 2013" / "January 2013" (kept: every chart of
    every page names the same few hundred months)."""
    return Locale(lang).month(month)


@dataclass
class Chart:
    """One chart: id (unique in the page), title, series, and what goes around it."""

    chart_id: str
    title: str
    summary: str
    series: list[Series]
    percent: bool = False
    kind: str = "line"  # line or bar
    stacked: bool = False  # bars of the series stacked, their total the height (parts of a whole)
    csv_url: str | None = None
    permalink: str | None = None
    table_columns: list[str] = field(default_factory=list)
    table_rows: list[list[str]] = field(default_factory=list)
    data: Table | None = None  # raw values, served as CSV at ``permalink?chart=ID&format=csv``
    notes: list[str] = field(default_factory=list)  # shown under the chart (source gaps...)

    def __post_init__(self) -> None:
        if self.csv_url is None and self.data is not None and self.permalink is not None:
            joiner = "&" if "?" in self.permalink else "?"
            self.csv_url = f"{self.permalink}{joiner}chart={self.chart_id}&format=csv"

    def table_markup(self) -> Markup:
        """The chart's data table (its first column heads each row; the others are figures)."""
        numeric = [index > 0 for index in range(len(self.table_columns))]
        return text_table(
            self.table_columns,
            self.table_rows,
            numeric,
            caption=self.title,
            row_headers=True,
            numeric_headers=False,
        )

    def spec(self, lang: Language) -> str:
        """The JSON placed in a ``<script type="application/json">`` block (never executed)."""
        locale = Locale(lang)
        traces: list[dict[str, Any]] = []
        for index, series in enumerate(self.series):
            trace: dict[str, Any] = {
                "name": series.name,
                # months are plotted at their start; the ticks' labels are set below
                "x": [f"{x:%Y-%m}" for x in series.x],
                "y": series.y,
                "type": "bar" if self.kind == "bar" else "scatter",
                "marker": {"color": COLOURS[index % len(COLOURS)]},
            }
            if self.kind == "bar":
                trace["marker"]["pattern"] = {"shape": ("", "/", ".", "x", "-", "+")[index % 6]}
            else:
                trace["mode"] = "lines+markers" if len(series.x) < 40 else "lines"
                trace["line"] = {"dash": DASHES[index % len(DASHES)], "width": 2.5}
                trace["marker"]["symbol"] = SYMBOLS[index % len(SYMBOLS)]
            if series.hover is not None:  # shown in the hover only, never on the chart itself
                trace["text"] = series.hover
                if self.kind == "bar":
                    trace["textposition"] = "none"
            # the month in the hover, in the page's language ("juin 1995" / "June 1995")
            trace["hovertext"] = [hover_month(x, lang) for x in series.x]
            trace["hovertemplate"] = "%{hovertext}<br>%{y:,d}" + (
                "<br>%{text}" if series.hover is not None else ""
            )
            traces.append(trace)
        yaxis: dict[str, Any] = {"rangemode": "tozero", "automargin": True}
        if self.percent:
            # shares are labelled by Babel ("40 %" in French, "40%" in English), not by d3
            step = percent_step(self.series)
            ticks = [round(i * step, 4) for i in range(round(1 / step) + 1)]
            yaxis["tickvals"] = ticks
            yaxis["ticktext"] = [locale.share(tick, 0) for tick in ticks]
            for trace, series in zip(traces, self.series, strict=True):
                trace["customdata"] = [
                    None if value is None else locale.share(float(value)) for value in series.y
                ]
                trace["hovertemplate"] = "%{hovertext}<br>%{customdata}"
                if series.hover is not None:  # the n of each share, on a line of its own
                    trace["hovertemplate"] += "<br>%{text}"
        else:
            yaxis["tickformat"] = ",d"
        tickvals, ticktext = month_ticks(self.series, lang)
        layout = {
            "separators": separators(lang),
            "margin": {"l": 60, "r": 16, "t": 16, "b": 40},
            # a stacked legend in the series' order (Plotly reverses it by default): the bottom
            # part first, as the reader reads the bar from the axis up
            "legend": {"orientation": "h", "y": -0.15, "traceorder": "normal"},
            "xaxis": {"type": "date", "tickvals": tickvals, "ticktext": ticktext},
            "yaxis": yaxis,
            "barmode": "stack" if self.stacked else "group",
            "font": {"family": "system-ui, sans-serif", "size": 13, "color": "#1a1a1a"},
        }
        payload = {"traces": traces, "layout": layout}
        # "</" cannot appear inside the script block: the JSON is data, not markup.
        return json.dumps(payload, ensure_ascii=False).replace("</", "<\\/")
