"""The bulletin as a list of blocks, independent of the output format (PDF via Typst, HTML).

``compose`` decides what the reader sees and in which order; the renderers only decide how.
All text here is final: translated, with numbers and months formatted for the language.
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath
from typing import Any

from pkobs.i18n import Locale, catalogue
from pkobs.indicators import ALL
from pkobs.render.cells import cell, is_numeric
from pkobs.reports import leadership, narrative
from pkobs.reports.blocks import (
    Block,
    Cover,
    Document,
    Figure,
    FileTable,
    Heading,
    Keep,
    Kpi,
    MethodologyBox,
    Paragraph,
    SourceEntry,
    TableBlock,
    kept,
)
from pkobs.reports.charts import GENDER_ORDER, TOP, all_charts
from pkobs.reports.data import MIN_PERSONNEL, BulletinData, SourceFile
from pkobs.reports.text import (
    alert_name,
    country,
    group_name,
    mission,
    months_range,
    points,
    signed_int,
    signed_share,
    statuses_phrase,
)


def _kpis_all(data: BulletinData, locale: Locale) -> list[Kpi]:
    """With every contributor as the group, the shares are all 100 %: show the personnel."""
    now = data.current["all"]
    kpis = [Kpi(locale.t("report.kpi.total_personnel"), locale.number(now.total_personnel))]
    for category in ("military", "police"):
        figures = data.current.get(category)
        if figures is not None:
            share = locale.share(figures.total_personnel / now.total_personnel)
            kpis.append(
                Kpi(
                    locale.t(f"report.kpi.{category}_personnel"),
                    locale.number(figures.total_personnel),
                    locale.t("report.kpi.of_all", share=share),
                )
            )
    return kpis


def cover(data: BulletinData, locale: Locale) -> Cover:
    now = data.current["all"]
    everyone = data.params.group == ALL
    kpis = (
        _kpis_all(data, locale)
        if everyone
        else [
            Kpi(locale.t("report.kpi.share"), locale.share(now.share)),
            Kpi(
                locale.t("report.kpi.personnel"),
                locale.number(now.group_personnel),
                locale.t("report.kpi.of_total", total=locale.number(now.total_personnel)),
            ),
        ]
    )
    for category in ("military", "police"):
        figures = data.current.get(category)
        if figures is not None and not everyone:
            kpis.append(
                Kpi(
                    locale.t(f"report.kpi.{category}"),
                    locale.share(figures.share),
                    locale.t("report.kpi.of_total", total=locale.number(figures.total_personnel)),
                )
            )
    statuses = statuses_phrase(data.params.statuses, locale)
    group_line = (
        locale.t("report.group_line_all")
        if everyone
        else locale.t("report.group_line", group=group_name(data, locale), statuses=statuses)
    )
    if any("SYNTHETIC" in source.source for source in data.sources):
        group_line = locale.t("report.synthetic") + " " + group_line
    return Cover(
        observatory=locale.t("report.observatory"),
        title=locale.t("report.title"),
        month=locale.month(data.month).capitalize(),
        tagline=locale.t("report.tagline"),
        group_line=group_line,
        kpis=kpis,
    )


def shown(data: BulletinData, section: str, row: dict[str, Any], name: str, locale: Locale) -> str:
    """A cell of a section's table, formatted by its declared kind (``pkobs.render``)."""
    return cell(row[name], data.column(section, name), locale)


def aligned(data: BulletinData, section: str, name: str) -> bool:
    """Whether a section's column is right-aligned (counts, numbers, shares)."""
    return is_numeric(data.column(section, name))


def contributors_table(data: BulletinData, locale: Locale) -> TableBlock:
    counts = ("military", "police", "total")
    rows = [
        [
            shown(data, "contributors", r, "rank", locale),
            narrative.contributor_name(data, locale, r),
            # an empty military or police figure is shown as 0, as the total counts it
            *(cell(r[c] or 0, data.column("contributors", c), locale) for c in counts),
        ]
        for r in data.rows("contributors")[:TOP]
        if int(r["total"] or 0) > 0
    ]
    columns = [locale.t(f"report.table.{c}") for c in ("rank", "country", *counts)]
    numeric = [aligned(data, "contributors", c) for c in ("rank", "name", *counts)]
    return TableBlock(columns, rows, numeric, locale.t("report.unit_personnel"))


def gap_table(data: BulletinData, locale: Locale) -> TableBlock:
    """The gap chart's figures: the ranked missions, highest share first (as drawn)."""
    overall = data.current["all"].share
    figures = ("group_personnel", "total_personnel", "share")
    rows = []
    for r in reversed(data.gap_rows()):
        share = float(r["share"])
        rows.append(
            [
                mission(data, locale, r["mission"]),
                country(data, locale, r["host_iso3"]),
                *(shown(data, "linguistic-gap", r, c, locale) for c in figures),
                points(share - overall, locale, short=True),
            ]
        )
    columns = [locale.t(f"report.table.{c}") for c in ("mission", "host", *figures, "gap")]
    numeric = [False, False, *(aligned(data, "linguistic-gap", c) for c in figures), True]
    note = locale.t("report.gap_note", share=locale.share(overall))
    return TableBlock(columns, rows, numeric, note)


def apart_table(data: BulletinData, locale: Locale) -> TableBlock | None:
    """The missions hosted by the group that are not ranked (political, support, or smaller than
    :data:`MIN_PERSONNEL`), with why; ``None`` when there is none."""
    apart = data.gap_rows(ranked=False)
    if not apart:
        return None
    figures = ("group_personnel", "total_personnel", "share")
    minimum = locale.number(MIN_PERSONNEL)
    rows = [
        [
            mission(data, locale, r["mission"]),
            country(data, locale, r["host_iso3"]),
            locale.t(f"report.apart.{data.apart_reason(r)}", minimum=minimum),
            *(shown(data, "linguistic-gap", r, c, locale) for c in figures),
        ]
        for r in sorted(apart, key=lambda r: (-int(r["total_personnel"] or 0), r["mission"]))
    ]
    columns = [locale.t(f"report.table.{c}") for c in ("mission", "host", "apart", *figures)]
    numeric = [False, False, False, *(aligned(data, "linguistic-gap", c) for c in figures)]
    return TableBlock(columns, rows, numeric, locale.t("report.apart_note", minimum=minimum))


def gender_table(data: BulletinData, locale: Locale) -> TableBlock:
    """The gender chart's figures: women's share (and number) for the group and for all
    contributors, and the targets the chart marks (this year's, when the strategy sets them,
    and 2028's)."""
    by_key = {(str(r["scope"]), str(r["personnel_category"])): r for r in data.rows("gender")}
    yearly = year_targets(data)
    rows = []
    for category in GENDER_ORDER:
        group, everyone = by_key.get(("group", category)), by_key.get(("all", category))
        if group is None and everyone is None:
            continue
        targets = ("target_share", "target_2028") if yearly else ("target_2028",)
        rows.append(
            [
                locale.t(f"report.gender.{category}"),
                _female(group, locale),
                _female(everyone, locale),
                *(_target(group or everyone or {}, column, locale) for column in targets),
            ]
        )
    columns = [
        locale.t("report.table.category"),
        locale.t("report.chart.group"),
        locale.t("report.chart.all_contributors"),
    ]
    if yearly:
        columns.append(locale.t("report.table.target_year", year=str(data.month.year)))
    columns.append(locale.t("report.table.target_2028"))
    numeric = [False, *[True] * (len(columns) - 1)]
    return TableBlock(columns, rows, numeric, locale.t("report.gender_note"))


def year_targets(data: BulletinData) -> bool:
    """Whether the strategy sets targets for the bulletin's year (the chart marks them)."""
    return any(r["target_share"] is not None for r in data.rows("gender"))


def _target(row: dict[str, Any], column: str, locale: Locale) -> str:
    value = row.get(column)
    return "—" if value is None else locale.share(float(value), digits=0)


def _female(row: dict[str, object] | None, locale: Locale) -> str:
    if row is None or row.get("female_share") is None:
        return "—"
    share = row["female_share"]
    female, personnel = row.get("female"), row.get("personnel")
    if not isinstance(share, int | float) or not isinstance(female, int):
        return "—"
    if isinstance(personnel, int):
        return f"{locale.share(float(share))} ({locale.number(female)})"
    return locale.share(float(share))


def _relative_change(change: float | None, locale: Locale) -> str:
    return "—" if change is None else signed_share(float(change), locale)


def trend_table(data: BulletinData, locale: Locale) -> TableBlock | None:
    order = {"all": 0, "military": 1, "police": 2}
    rows = [r for r in data.rows("trend") if r["start_month"] != r["end_month"]]
    if not rows:
        return None
    rows.sort(key=lambda r: order.get(str(r["category"]), 3))
    body = [
        [
            locale.t(f"report.category.{r['category']}"),
            shown(data, "trend", r, "start_personnel", locale),
            shown(data, "trend", r, "end_personnel", locale),
            signed_int(int(r["absolute_change"]), locale),
            _relative_change(r["relative_change"], locale),
        ]
        for r in rows
    ]
    columns = [
        locale.t("report.table.category"),
        locale.month(rows[0]["start_month"]),
        locale.month(rows[0]["end_month"]),
        locale.t("report.table.change"),
        locale.t("report.table.relative_change"),
    ]
    key = "report.trend_note_all" if data.params.group == ALL else "report.trend_note"
    note = locale.t(key, month=locale.month(rows[0]["start_month"]))
    return TableBlock(columns, body, [False, True, True, True, True], note)


def alerts_table(data: BulletinData, locale: Locale) -> TableBlock | None:
    rows = data.rows("alerts")
    if not rows:
        return None
    body = [
        [
            locale.t(f"report.scope.{r['scope']}"),
            alert_name(data, locale, r),
            shown(data, "alerts", r, "previous", locale),
            shown(data, "alerts", r, "current", locale),
            signed_int(int(r["change"]), locale),
            _relative_change(r["relative_change"], locale),
        ]
        for r in rows
    ]
    columns = [
        locale.t(f"report.table.{c}")
        for c in ("scope", "name", "previous", "current", "change", "relative_change")
    ]
    note = locale.t("report.alerts_note")
    return TableBlock(columns, body, [False, False, True, True, True, True], note)


REGISTRY_PAGES = {  # registry file -> the site page listing its rows with their sources
    "senior_posts.csv": "senior_posts",
    "training_centres.csv": "training_centres",
}


def source_entry(source: SourceFile, locale: Locale) -> SourceEntry:
    """A data file, named for readers: what it is (the format in words), then its file."""
    return SourceEntry(
        name=kind_name(source, locale),
        details=locale.t(
            "report.source.details",
            file=file_name(source),
            months=months_range(source.first_month, source.last_month, locale),
            date=_day(source.ingested_at, locale),
        ),
        sha256=locale.t("report.source.sha256", sha256=source.sha256),
    )


LISTED_FILES = 3  # a kind with more files is summed up in the box and listed in the annex


def by_kind(sources: list[SourceFile]) -> list[list[SourceFile]]:
    """The files grouped by format, in the order the first of each kind comes."""
    kinds: dict[str, list[SourceFile]] = {}
    for source in sources:
        kinds.setdefault(source.format, []).append(source)
    return list(kinds.values())


def kind_name(source: SourceFile, locale: Locale) -> str:
    key = f"report.source.format.{source.format}"
    return locale.t(key) if key in catalogue(locale.lang) else source.format


def _day(moment: dt.datetime, locale: Locale) -> str:
    # a date never breaks across lines (no « 2026 » alone on the next one)
    return locale.date(moment.astimezone(dt.UTC).date()).replace(" ", "\u00a0")


def kind_entry(files: list[SourceFile], locale: Locale) -> SourceEntry:
    """Many files of one kind in one entry of the box: how many, the months they cover, when
    they were imported, then each file with the start of its SHA-256 in small type and several
    columns (the full ones: the site's methodology page, which the details name)."""
    firsts = [f.first_month for f in files if f.first_month is not None]
    lasts = [f.last_month for f in files if f.last_month is not None]
    first_day = min(f.ingested_at for f in files)
    last_day = max(f.ingested_at for f in files)
    imported = (
        locale.t("report.source.group.imported", date=_day(last_day, locale))
        if _day(first_day, locale) == _day(last_day, locale)
        else locale.t(
            "report.source.group.imported_between",
            first=_day(first_day, locale),
            last=_day(last_day, locale),
        )
    )
    return SourceEntry(
        name=kind_name(files[0], locale),
        details=locale.plural(
            "report.source.group",
            len(files),
            count=locale.number(len(files)),
            months=months_range(min(firsts, default=None), max(lasts, default=None), locale),
            imported=imported,
            lang=locale.lang,
        ),
        sha256="",
        files=FileTable(sorted((file_name(f), f.sha256) for f in files)),
    )


def file_name(source: SourceFile) -> str:
    return PurePath(source.path).name if source.path else source.source


def registry_entry(path: str, sha256: str, locale: Locale) -> SourceEntry:
    """A registry, named for readers, with the site page that lists each row's source."""
    registry = REGISTRY_PAGES.get(PurePath(path).name)
    if registry is None:
        return SourceEntry(
            PurePath(path).stem.replace("_", " "),
            locale.t("report.source.registry"),
            locale.t("report.source.sha256", sha256=sha256),
        )
    return SourceEntry(
        name=locale.t(f"report.registry.{registry}"),
        details=locale.t(f"report.registry.{registry}.details", lang=locale.lang),
        sha256=locale.t("report.source.sha256", sha256=sha256),
    )


def methodology(data: BulletinData, locale: Locale) -> MethodologyBox:
    """The methodology box in plain words: where the figures come from, who counts in the
    group, what a month without data means, the levels of detail, the registries; then the
    files behind this bulletin with their checksums."""
    detail = data.detail or "contributor"
    topics = ["sources", "group", "no_data", "detail", "shares"]
    if data.registry_files:
        topics.append("registries")
    definitions = [
        (
            locale.t(f"report.methodology.topic.{topic}"),
            locale.t(
                f"report.methodology.plain.{topic}",
                month=locale.month(data.month),
                detail=locale.t(f"report.methodology.level.{detail}"),
            ),
        )
        for topic in topics
    ]
    sources = [
        entry
        for files in by_kind(data.sources)
        for entry in (
            [kind_entry(files, locale)]
            if len(files) > LISTED_FILES
            else [source_entry(s, locale) for s in files]
        )
    ]
    sources += [registry_entry(r.path, r.sha256, locale) for r in data.registry_files]
    return MethodologyBox(
        title=locale.t("report.section.methodology"),
        intro=locale.t("report.methodology.intro"),
        link=locale.t("report.methodology.link", lang=locale.lang),
        definitions_title=locale.t("report.methodology.definitions"),
        definitions=definitions,
        sources_title=locale.t("report.methodology.sources"),
        sources=sources,
    )


def annex(data: BulletinData, locale: Locale, charts: dict[str, object]) -> list[Block]:
    """The data behind each chart, at the end: the charts' pages carry no table beside them."""
    tables: list[tuple[str, TableBlock]] = []
    if "contributors" in charts and data.section("contributors") is not None:
        tables.append(("contributors", contributors_table(data, locale)))
    if "gap" in charts:
        tables.append(("gap", gap_table(data, locale)))
    apart = apart_table(data, locale) if data.params.group != ALL else None
    if apart is not None:  # the missions the gap chart does not rank
        tables.append(("apart", apart))
    if "gender" in charts:
        tables.append(("gender", gender_table(data, locale)))
    if not tables:
        return []
    month = locale.month(data.month)
    blocks: list[Block] = []
    for index, (name, table) in enumerate(tables):
        key = "gender_year" if name == "gender" and year_targets(data) else name
        heading = Heading(locale.t(f"report.annex.{key}", month=month, year=data.month.year), 2)
        parts: list[Block] = [heading, table]
        if index == 0:
            parts = [
                Heading(locale.t("report.section.annex")),
                Paragraph(locale.t("report.annex.intro")),
                *parts,
            ]
        blocks += kept(parts[:-1], table)
    return blocks


def compose(data: BulletinData, locale: Locale) -> Document:
    """Every block of the bulletin, in reading order, in the language of ``locale``.

    A heading, its paragraph and its chart are kept on one page (:class:`Keep`); the tables
    of the charts' figures are in the annex at the end.
    """
    month = locale.month(data.month)
    text = narrative.build(data, locale)
    charts = all_charts(data, locale)
    unavailable = Paragraph(locale.t("report.section.unavailable", month=month))
    highlights: list[Block] = [Heading(locale.t("report.section.summary"))]
    highlights += [Paragraph(p, lead=True) for p in text.cause]
    highlights += [Paragraph(p) for p in text.summary]
    highlights += [Paragraph(p) for p in (text.alerts if data.rows("alerts") else [])]
    # the month against the month before and a year before is said in the paragraph: no table
    # repeating its three figures
    blocks: list[Block] = [cover(data, locale), Keep(highlights)]
    if "share" in charts:
        blocks.append(Keep([Heading(locale.t("report.section.share")), Figure(charts["share"])]))
    contributors: list[Block] = [Heading(locale.t("report.section.contributors"))]
    if data.section("contributors") is None or "contributors" not in charts:
        blocks.append(Keep([*contributors, unavailable]))
    else:
        contributors += [Paragraph(p) for p in text.contributors]
        blocks.append(Keep([*contributors, Figure(charts["contributors"])]))
    gap: list[Block] = [Heading(locale.t("report.section.gap"))]
    gap += [Paragraph(p) for p in text.hosted] or [unavailable]
    blocks.append(Keep([*gap, Figure(charts["gap"])] if "gap" in charts else gap))
    women: list[Block] = [Heading(locale.t("report.section.gender"))]
    women += [Paragraph(p) for p in text.gender]
    blocks.append(Keep([*women, Figure(charts["gender"])] if "gender" in charts else women))
    blocks += leadership.section(data, locale)
    changes: list[Block] = [Heading(locale.t("report.section.changes"))]
    trend = trend_table(data, locale)
    if trend is not None:
        changes += [Heading(locale.t("report.section.trend"), 2), trend]
    alerts_heading = Heading(locale.t("report.section.alerts"), 2)
    alerts = alerts_table(data, locale)
    if alerts is not None:
        blocks += [Keep(changes), *kept([alerts_heading], alerts)]
    else:
        alerts_text = [Paragraph(p) for p in text.alerts] or [unavailable]
        blocks.append(Keep([*changes, alerts_heading, *alerts_text]))
    blocks.append(methodology(data, locale))
    blocks += annex(data, locale, dict(charts))
    generated = data.generated_at.astimezone(dt.UTC)
    footer = locale.t(
        "report.generated", date=locale.date(generated.date()), time=f"{generated:%H:%M}"
    )
    title = f"{locale.t('report.title')} · {month}"
    return Document(locale.lang, title, footer, locale.t("report.page"), blocks)


__all__ = ["compose"]
