"""Print-quality static charts (matplotlib, Agg, PNG at 200 dpi) with one palette throughout.

Charts carry no title: the bulletin's caption says what they show, in the reader's language.
Every label goes through the locale catalogue and the locale's number format.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import textwrap
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator
from PIL import Image

from pkobs.i18n import Locale
from pkobs.indicators import ALL
from pkobs.reports.data import BulletinData
from pkobs.reports.text import country, mission

DPI = 200
WIDTH = 6.3  # inches: 16 cm, the text width of an A4 page with 2.5 cm margins
FONT_SIZE = 8.5
COLOURS = {
    "all": "#1f3d6d",  # the group, all categories (navy)
    "military": "#2f7d5d",  # green
    "police": "#c9772b",  # amber
    "other": "#a7b1bc",  # all contributors / everything else (grey)
    "target": "#b2332a",  # UN targets (red)
}
TOP = 10
LABEL_BOX = {"facecolor": "white", "edgecolor": "none", "pad": 0.6, "alpha": 0.9}


@dataclass(frozen=True)
class Chart:
    name: str
    png: bytes
    caption: str
    width_ratio: float = 1.0  # of the text width


def _figure(height: float) -> Figure:
    figure = Figure(figsize=(WIDTH, height), dpi=DPI, layout="constrained")
    return figure


def _style(axes: object) -> None:
    from matplotlib.axes import Axes

    assert isinstance(axes, Axes)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(labelsize=FONT_SIZE, length=3)
    axes.grid(axis="both", color="#e3e6ea", linewidth=0.6)
    axes.set_axisbelow(True)


def _png(figure: Figure) -> bytes:
    """The figure as an RGB PNG, drawn once by the Agg canvas (the constrained layout placed at
    the start of that draw). ``savefig`` would draw the whole figure a second time, without
    output, to place the layout first, and write an alpha channel that is opaque everywhere
    (the figure is white): the pixels are the same (``tests/reports/test_charts.py``), the file
    about a tenth smaller and quicker to compress."""
    canvas = FigureCanvasAgg(figure)
    canvas.draw()  # type: ignore[no-untyped-call]
    rgba = canvas.buffer_rgba()  # type: ignore[no-untyped-call]
    image = Image.frombuffer("RGBA", canvas.get_width_height(), rgba)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="png", dpi=(DPI, DPI))
    return buffer.getvalue()


def share_over_time(data: BulletinData, locale: Locale) -> Chart:
    figure = _figure(2.5)
    axes = figure.add_subplot()
    _style(axes)
    axes.grid(axis="x", visible=False)
    for category in ("all", "military", "police"):
        points = data.history[category]
        months = [_decimal_year(month) for month, _share in points]
        shares = [math.nan if share is None else share for _month, share in points]
        axes.plot(
            months,
            shares,
            color=COLOURS[category],
            linewidth=2.0 if category == "all" else 1.4,
            label=locale.t(f"report.category.{category}"),
        )
        current = data.current.get(category)
        if current is not None:
            axes.plot(
                [_decimal_year(data.month)],
                [current.share],
                "o",
                color=COLOURS[category],
                markersize=4,
            )
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: locale.share(v, digits=0)))
    axes.set_ylabel(locale.t("report.chart.share_axis"), fontsize=FONT_SIZE)
    axes.set_ylim(bottom=0)
    axes.xaxis.set_major_locator(MaxNLocator(nbins=10, integer=True))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: str(round(v))))
    axes.legend(
        fontsize=FONT_SIZE, frameon=False, ncols=3, loc="lower left", bbox_to_anchor=(0, 1.0)
    )
    return Chart("share", _png(figure), locale.t("report.chart.share"))


def _decimal_year(month: dt.date) -> float:
    """The middle of a month on a scale of years (2014.125 is mid-February 2014)."""
    return month.year + (month.month - 0.5) / 12


def top_contributors(data: BulletinData, locale: Locale) -> Chart | None:
    rows = [r for r in data.rows("contributors") if int(r["total"] or 0) > 0][:TOP]
    if not rows:
        return None
    rows.reverse()  # largest at the top
    figure = _figure(0.6 + 0.27 * len(rows))
    axes = figure.add_subplot()
    _style(axes)
    axes.grid(axis="y", visible=False)
    names = [country(data, locale, r.get("contributor_iso3"), r["name"]) for r in rows]
    military = [int(r["military"] or 0) for r in rows]
    police = [int(r["police"] or 0) for r in rows]
    axes.barh(
        names, military, color=COLOURS["military"], label=locale.t("report.category.military")
    )
    axes.barh(
        names,
        police,
        left=military,
        color=COLOURS["police"],
        label=locale.t("report.category.police"),
    )
    largest = max(m + p for m, p in zip(military, police, strict=True))
    for index, (m, p) in enumerate(zip(military, police, strict=True)):
        axes.text(
            m + p + largest * 0.01,
            index,
            locale.number(m + p),
            va="center",
            fontsize=FONT_SIZE - 0.5,
            bbox=LABEL_BOX,
        )
    axes.set_xlim(0, largest * 1.12)
    axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: locale.number(int(v))))
    axes.set_xlabel(locale.t("report.chart.personnel_axis"), fontsize=FONT_SIZE)
    figure.legend(fontsize=FONT_SIZE, frameon=False, loc="outside lower center", ncols=2)
    caption = locale.t("report.chart.contributors", month=locale.month(data.month))
    return Chart("contributors", _png(figure), caption)


def linguistic_gap(data: BulletinData, locale: Locale) -> Chart | None:
    """The group's share in each ranked mission it hosts (peacekeeping operations of at least
    :data:`pkobs.reports.data.MIN_PERSONNEL`): the others are listed apart in the annex."""
    rows = data.gap_rows()
    if not rows:
        return None
    figure = _figure(0.75 + 0.3 * len(rows))
    axes = figure.add_subplot()
    _style(axes)
    axes.grid(axis="y", visible=False)
    labels = [
        f"{mission(data, locale, r['mission'])} ({country(data, locale, r['host_iso3'])})"
        for r in rows
    ]
    shares = [float(r["share"]) for r in rows]
    axes.barh(labels, shares, color=COLOURS["all"], height=0.6)
    for index, share in enumerate(shares):
        axes.text(
            share + 0.01,
            index,
            locale.share(share),
            va="center",
            fontsize=FONT_SIZE - 0.5,
            bbox=LABEL_BOX,
            zorder=4,
        )
    overall = data.current["all"].share
    axes.axvline(
        overall,
        color=COLOURS["target"],
        linestyle="--",
        linewidth=1.2,
        label=locale.t("report.chart.overall", share=locale.share(overall)),
    )
    axes.set_xlim(0, min(1.0, max(*shares, overall) + 0.12))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: locale.share(v, digits=0)))
    figure.legend(fontsize=FONT_SIZE, frameon=False, loc="outside lower center", ncols=2)
    caption = locale.t("report.chart.gap", month=locale.month(data.month))
    return Chart("gap", _png(figure), caption)


GENDER_ORDER = (
    "military_contingents",
    "military_observers_staff_officers",
    "formed_police_units",
    "individual_police",
)


def gender(data: BulletinData, locale: Locale) -> Chart | None:
    rows = data.rows("gender")
    by_key = {(str(r["scope"]), str(r["personnel_category"])): r for r in rows}
    categories = [c for c in GENDER_ORDER if ("group", c) in by_key or ("all", c) in by_key]
    if not categories:
        return None
    categories.reverse()
    figure = _figure(0.9 + 0.5 * len(categories))
    axes = figure.add_subplot()
    _style(axes)
    axes.grid(axis="y", visible=False)
    height = 0.36
    positions = list(range(len(categories)))
    largest = 0.0
    for offset, scope, colour, label in (
        (height / 2, "group", COLOURS["all"], locale.t("report.chart.group")),
        (-height / 2, "all", COLOURS["other"], locale.t("report.chart.all_contributors")),
    ):
        values = [_female_share(by_key.get((scope, c))) for c in categories]
        largest = max(largest, *values)
        axes.barh([p + offset for p in positions], values, height=height, color=colour, label=label)
        for position, value in zip(positions, values, strict=True):
            axes.text(
                value + 0.004,
                position + offset,
                locale.share(value),
                va="center",
                fontsize=FONT_SIZE - 1,
                bbox=LABEL_BOX,
                zorder=4,
            )
    targets = [_target(by_key, c, "target_2028") for c in categories]
    yearly = [_target(by_key, c, "target_share") for c in categories]
    marks: list[tuple[list[float | None], str, str]] = [
        (targets, "|", locale.t("report.chart.target_2028"))
    ]
    if any(v is not None for v in yearly):
        marks.append((yearly, "x", locale.t("report.chart.target_year", year=data.month.year)))
    for goals, marker, label in marks:
        points = [(v, p) for v, p in zip(goals, positions, strict=True) if v is not None]
        if points:
            largest = max(largest, *[v for v, _p in points])
            axes.scatter(
                [v for v, _p in points],
                [p for _v, p in points],
                marker=marker,
                s=260 if marker == "|" else 40,
                color=COLOURS["target"],
                linewidths=2,
                label=label,
                zorder=3,
            )
    labels = [textwrap.fill(locale.t(f"report.gender.{c}"), 26) for c in categories]
    axes.set_yticks(positions, labels)
    axes.set_xlim(0, largest * 1.15 + 0.01)
    axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: locale.share(v, digits=0)))
    handles, names = axes.get_legend_handles_labels()
    targets_last = sorted(range(len(names)), key=lambda i: names[i] in {m[2] for m in marks})
    figure.legend(
        [handles[i] for i in targets_last],
        [names[i] for i in targets_last],
        fontsize=FONT_SIZE,
        frameon=False,
        loc="outside lower center",
        ncols=len(names),
    )
    caption = locale.t("report.chart.gender", month=locale.month(data.month))
    return Chart("gender", _png(figure), caption)


def _female_share(row: dict[str, object] | None) -> float:
    if row is None or row["female_share"] is None:
        return 0.0
    value = row["female_share"]
    return float(value) if isinstance(value, int | float) else 0.0


def _target(
    by_key: dict[tuple[str, str], dict[str, object]], category: str, column: str
) -> float | None:
    for scope in ("group", "all"):
        row = by_key.get((scope, category))
        if row is not None and isinstance(row[column], int | float):
            return float(row[column])  # type: ignore[arg-type]
    return None


def all_charts(data: BulletinData, locale: Locale) -> dict[str, Chart]:
    """Every chart; with ``--group all`` the shares are all 100 %, so no share or gap chart."""
    if data.params.group == ALL:
        charts = [top_contributors(data, locale), gender(data, locale)]
    else:
        charts = [
            share_over_time(data, locale),
            top_contributors(data, locale),
            linguistic_gap(data, locale),
            gender(data, locale),
        ]
    return {chart.name: chart for chart in charts if chart is not None}


__all__ = ["COLOURS", "Chart", "all_charts"]
