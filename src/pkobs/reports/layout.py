"""The bulletin as a list of blocks, independent of the output format (PDF via Typst, HTML).

``compose`` decides what the reader sees and in which order; the renderers only decide how.
All text here is final: translated, with numbers and months formatted for the language.
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath

from pkobs.i18n import fmt_date, fmt_int, fmt_month, fmt_share, t
from pkobs.indicators import ALL
from pkobs.reports import leadership, narrative
from pkobs.reports.blocks import (
    Block,
    Cover,
    Document,
    Figure,
    Heading,
    Keep,
    Kpi,
    MethodologyBox,
    PageBreak,
    Paragraph,
    SourceEntry,
    TableBlock,
    kept,
)
from pkobs.reports.charts import GENDER_ORDER, TOP, all_charts
from pkobs.reports.data import BulletinData, ShareFigures
from pkobs.reports.text import (
    french_apostrophes,
    months_range,
    points,
    signed_int,
    signed_share,
    statuses_phrase,
)
from pkobs.settings import Language

METHODOLOGY_PATH = "docs/methodology.md"


def _kpis_all(data: BulletinData) -> list[Kpi]:
    """With every contributor as the group, the shares are all 100 %: show the personnel."""
    lang, now = data.lang, data.current["all"]
    kpis = [Kpi(t("report.kpi.total_personnel", lang), fmt_int(now.total_personnel, lang))]
    for category in ("military", "police"):
        figures = data.current.get(category)
        if figures is not None:
            share = fmt_share(figures.total_personnel / now.total_personnel, lang)
            kpis.append(
                Kpi(
                    t(f"report.kpi.{category}_personnel", lang),
                    fmt_int(figures.total_personnel, lang),
                    t("report.kpi.of_all", lang, share=share),
                )
            )
    return kpis


def cover(data: BulletinData) -> Cover:
    lang, now = data.lang, data.current["all"]
    everyone = data.params.group == ALL
    kpis = (
        _kpis_all(data)
        if everyone
        else [
            Kpi(t("report.kpi.share", lang), fmt_share(now.share, lang)),
            Kpi(
                t("report.kpi.personnel", lang),
                fmt_int(now.group_personnel, lang),
                t("report.kpi.of_total", lang, total=fmt_int(now.total_personnel, lang)),
            ),
        ]
    )
    for category in ("military", "police"):
        figures = data.current.get(category)
        if figures is not None and not everyone:
            kpis.append(
                Kpi(
                    t(f"report.kpi.{category}", lang),
                    fmt_share(figures.share, lang),
                    t("report.kpi.of_total", lang, total=fmt_int(figures.total_personnel, lang)),
                )
            )
    statuses = statuses_phrase(data.params.statuses, lang)
    group_line = (
        t("report.group_line_all", lang)
        if everyone
        else t("report.group_line", lang, group=data.group_name, statuses=statuses)
    )
    if any("SYNTHETIC" in source.source for source in data.sources):
        group_line = t("report.synthetic", lang) + " " + group_line
    return Cover(
        observatory=t("report.observatory", lang),
        title=t("report.title", lang),
        month=fmt_month(data.month, lang).capitalize(),
        tagline=t("report.tagline", lang),
        group_line=group_line,
        kpis=kpis,
    )


def comparison_table(data: BulletinData) -> TableBlock:
    """The share against the previous month and a year before (the personnel for all)."""
    lang, now = data.lang, data.current["all"]
    everyone = data.params.group == ALL

    def value(figures: ShareFigures | None) -> str:
        if figures is None:
            return t("report.no_data", lang)
        return (
            fmt_int(figures.total_personnel, lang) if everyone else fmt_share(figures.share, lang)
        )

    def change(figures: ShareFigures | None) -> str:
        if figures is None:
            return ""
        if everyone:
            return signed_int(now.total_personnel - figures.total_personnel, lang)
        return points(now.share - figures.share, lang, short=True)

    rows = [[t("report.compare.this_month", lang), fmt_month(data.month, lang), value(now), ""]]
    for key, month, figures in (
        ("report.compare.previous", data.previous_month, data.previous),
        ("report.compare.year_before", data.year_before_month, data.year_before),
    ):
        rows.append([t(key, lang), fmt_month(month, lang), value(figures), change(figures)])
    columns = [
        t("report.compare.period", lang),
        t("report.compare.month", lang),
        t("report.compare.personnel" if everyone else "report.compare.share", lang),
        t("report.compare.change", lang, month=fmt_month(data.month, lang)),
    ]
    return TableBlock(columns, rows, [False, False, True, True])


def contributors_table(data: BulletinData) -> TableBlock:
    lang = data.lang
    rows = [
        [
            fmt_int(int(r["rank"]), lang),
            str(r["name"]),
            fmt_int(int(r["military"] or 0), lang),
            fmt_int(int(r["police"] or 0), lang),
            fmt_int(int(r["total"] or 0), lang),
        ]
        for r in data.rows("contributors")[:TOP]
        if int(r["total"] or 0) > 0
    ]
    columns = [
        t(f"report.table.{c}", lang) for c in ("rank", "country", "military", "police", "total")
    ]
    return TableBlock(columns, rows, [True, False, True, True, True])


def gap_table(data: BulletinData) -> TableBlock:
    lang, overall = data.lang, data.current["all"].share
    rows = []
    for r in sorted(data.rows("linguistic-gap"), key=lambda r: -float(r["share"])):
        share = float(r["share"])
        rows.append(
            [
                data.mission_acronyms.get(str(r["mission"]), str(r["mission"])),
                data.country_names.get(str(r["host_iso3"]), str(r["host_iso3"])),
                fmt_int(int(r["group_personnel"]), lang),
                fmt_int(int(r["total_personnel"]), lang),
                fmt_share(share, lang),
                points(share - overall, lang, short=True),
            ]
        )
    columns = [
        t(f"report.table.{c}", lang)
        for c in ("mission", "host", "group_personnel", "total_personnel", "share", "gap")
    ]
    note = t("report.gap_note", lang, share=fmt_share(overall, lang))
    return TableBlock(columns, rows, [False, False, True, True, True, True], note)


def gender_table(data: BulletinData) -> TableBlock:
    lang = data.lang
    by_key = {(str(r["scope"]), str(r["personnel_category"])): r for r in data.rows("gender")}
    rows = []
    for category in GENDER_ORDER:
        group, everyone = by_key.get(("group", category)), by_key.get(("all", category))
        if group is None and everyone is None:
            continue
        target = (group or everyone or {}).get("target_2028")
        rows.append(
            [
                t(f"report.gender.{category}", lang),
                _female(group, lang),
                _female(everyone, lang),
                fmt_share(float(target), lang, digits=0) if target is not None else "—",
            ]
        )
    columns = [
        t("report.table.category", lang),
        t("report.chart.group", lang),
        t("report.chart.all_contributors", lang),
        t("report.table.target_2028", lang),
    ]
    return TableBlock(columns, rows, [False, True, True, True])


def _female(row: dict[str, object] | None, lang: Language) -> str:
    if row is None or row.get("female_share") is None:
        return "—"
    share = row["female_share"]
    female, personnel = row.get("female"), row.get("personnel")
    if not isinstance(share, int | float) or not isinstance(female, int):
        return "—"
    if isinstance(personnel, int):
        return f"{fmt_share(float(share), lang)} ({fmt_int(female, lang)})"
    return fmt_share(float(share), lang)


def _relative_change(change: float | None, lang: Language) -> str:
    return "—" if change is None else signed_share(float(change), lang)


def trend_table(data: BulletinData) -> TableBlock | None:
    lang = data.lang
    order = {"all": 0, "military": 1, "police": 2}
    rows = [r for r in data.rows("trend") if r["start_month"] != r["end_month"]]
    if not rows:
        return None
    rows.sort(key=lambda r: order.get(str(r["category"]), 3))
    body = [
        [
            t(f"report.category.{r['category']}", lang),
            fmt_int(int(r["start_personnel"]), lang),
            fmt_int(int(r["end_personnel"]), lang),
            signed_int(int(r["absolute_change"]), lang),
            _relative_change(r["relative_change"], lang),
        ]
        for r in rows
    ]
    columns = [
        t("report.table.category", lang),
        fmt_month(rows[0]["start_month"], lang),
        fmt_month(rows[0]["end_month"], lang),
        t("report.table.change", lang),
        t("report.table.relative_change", lang),
    ]
    return TableBlock(columns, body, [False, True, True, True, True])


def alerts_table(data: BulletinData) -> TableBlock | None:
    lang = data.lang
    rows = data.rows("alerts")
    if not rows:
        return None
    body = [
        [
            t(f"report.scope.{r['scope']}", lang),
            str(r["name"] or r["key"]),
            fmt_int(int(r["previous"]), lang),
            fmt_int(int(r["current"]), lang),
            signed_int(int(r["change"]), lang),
            _relative_change(r["relative_change"], lang),
        ]
        for r in rows
    ]
    columns = [
        t(f"report.table.{c}", lang)
        for c in ("scope", "name", "previous", "current", "change", "relative_change")
    ]
    return TableBlock(columns, body, [False, False, True, True, True, True])


def methodology(data: BulletinData) -> MethodologyBox:
    lang = data.lang
    seen: set[str] = set()
    definitions = []
    for title, definition in data.definitions:
        if title not in seen:
            seen.add(title)
            definitions.append(
                (french_apostrophes(title, lang), french_apostrophes(definition, lang))
            )
    sources = [
        SourceEntry(
            name=PurePath(s.path).name if s.path else s.source,
            details=t(
                "report.source.details",
                lang,
                format=s.format,
                months=months_range(s.first_month, s.last_month, lang),
                date=fmt_date(s.ingested_at.astimezone(dt.UTC).date(), lang),
            ),
            sha256=t("report.source.sha256", lang, sha256=s.sha256),
        )
        for s in data.sources
    ]
    sources += [
        SourceEntry(
            name=PurePath(r.path).name,
            details=t("report.source.registry", lang, path=r.path),
            sha256=t("report.source.sha256", lang, sha256=r.sha256),
        )
        for r in data.registry_files
    ]
    return MethodologyBox(
        title=t("report.section.methodology", lang),
        intro=t("report.methodology.intro", lang),
        link=t("report.methodology.link", lang, path=METHODOLOGY_PATH),
        definitions_title=t("report.methodology.definitions", lang),
        definitions=definitions,
        sources_title=t("report.methodology.sources", lang),
        sources=sources,
    )


def compose(data: BulletinData) -> Document:
    """Every block of the bulletin, in reading order.

    A heading, its paragraph and its chart are kept on one page (:class:`Keep`).
    """
    lang, month = data.lang, fmt_month(data.month, data.lang)
    text = narrative.build(data)
    charts = all_charts(data)
    unavailable = Paragraph(t("report.section.unavailable", lang, month=month))
    blocks: list[Block] = [
        cover(data),
        comparison_table(data),
        Heading(t("report.section.summary", lang)),
    ]
    highlights = text.summary + text.trend + (text.alerts if data.rows("alerts") else [])
    blocks += [Paragraph(p) for p in highlights]
    if "share" in charts:
        blocks.append(Keep([Heading(t("report.section.share", lang)), Figure(charts["share"])]))
    contributors: list[Block] = [Heading(t("report.section.contributors", lang))]
    if data.section("contributors") is None or "contributors" not in charts:
        blocks.append(Keep([*contributors, unavailable]))
    else:
        contributors += [Paragraph(p) for p in text.contributors]
        blocks += kept([*contributors, Figure(charts["contributors"])], contributors_table(data))
    gap: list[Block] = [Heading(t("report.section.gap", lang))]
    gap += [Paragraph(p) for p in text.hosted] or [unavailable]
    if "gap" in charts:
        blocks += kept([*gap, Figure(charts["gap"])], gap_table(data))
    else:
        blocks.append(Keep(gap))
    women: list[Block] = [Heading(t("report.section.gender", lang))]
    women += [Paragraph(p) for p in text.gender]
    if "gender" in charts:
        blocks += kept([*women, Figure(charts["gender"])], gender_table(data))
    else:
        blocks.append(Keep(women))
    blocks += leadership.section(data)
    blocks.append(Heading(t("report.section.changes", lang)))
    trend = trend_table(data)
    if trend is not None:
        blocks.append(Keep([Heading(t("report.section.trend", lang), 2), trend]))
    alerts_heading = Heading(t("report.section.alerts", lang), 2)
    alerts = alerts_table(data)
    if alerts is not None:
        blocks += [alerts_heading, alerts]
    else:
        blocks.append(
            Keep([alerts_heading, *([Paragraph(p) for p in text.alerts] or [unavailable])])
        )
    blocks += [PageBreak(), methodology(data)]
    generated = data.generated_at.astimezone(dt.UTC)
    footer = t(
        "report.generated", lang, date=fmt_date(generated.date(), lang), time=f"{generated:%H:%M}"
    )
    title = f"{t('report.title', lang)} · {month}"
    return Document(lang, title, footer, t("report.page", lang), blocks)


__all__ = [
    "Block",
    "Cover",
    "Document",
    "Figure",
    "Heading",
    "Keep",
    "Kpi",
    "MethodologyBox",
    "PageBreak",
    "Paragraph",
    "SourceEntry",
    "TableBlock",
    "compose",
]
