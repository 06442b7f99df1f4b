"""The bulletin as a list of blocks, independent of the output format (PDF via Typst, HTML).

``compose`` decides what the reader sees and in which order; the renderers only decide how.
All text here is final: translated, with numbers and months formatted for the language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import PurePath

from pkobs.i18n import fmt_date, fmt_int, fmt_month, fmt_share, t
from pkobs.reports import narrative
from pkobs.reports.charts import GENDER_ORDER, TOP, Chart, all_charts
from pkobs.reports.data import BulletinData, ShareFigures
from pkobs.reports.text import french_apostrophes, months_range, points, statuses_phrase
from pkobs.settings import Language

METHODOLOGY_PATH = "docs/methodology.md"


@dataclass(frozen=True)
class Kpi:
    label: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class Cover:
    observatory: str
    title: str
    month: str
    tagline: str
    group_line: str
    kpis: list[Kpi]


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Figure:
    chart: Chart


@dataclass(frozen=True)
class TableBlock:
    columns: list[str]
    rows: list[list[str]]
    numeric: list[bool]  # right-aligned columns
    note: str = ""


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class SourceEntry:
    name: str
    details: str
    sha256: str


@dataclass(frozen=True)
class MethodologyBox:
    title: str
    intro: str
    link: str
    definitions_title: str
    definitions: list[tuple[str, str]]
    sources_title: str
    sources: list[SourceEntry]


Block = Cover | Heading | Paragraph | Figure | TableBlock | PageBreak | MethodologyBox


@dataclass(frozen=True)
class Document:
    lang: Language
    title: str  # for metadata and the running header
    footer: str  # generation timestamp
    page_word: str
    blocks: list[Block] = field(default_factory=list)


def _share_or_none(figures: ShareFigures | None, lang: Language) -> str:
    return t("report.no_data", lang) if figures is None else fmt_share(figures.share, lang)


def cover(data: BulletinData) -> Cover:
    lang, now = data.lang, data.current["all"]
    kpis = [
        Kpi(t("report.kpi.share", lang), fmt_share(now.share, lang)),
        Kpi(
            t("report.kpi.personnel", lang),
            fmt_int(now.group_personnel, lang),
            t("report.kpi.of_total", lang, total=fmt_int(now.total_personnel, lang)),
        ),
    ]
    for category in ("military", "police"):
        figures = data.current.get(category)
        if figures is not None:
            kpis.append(
                Kpi(
                    t(f"report.kpi.{category}", lang),
                    fmt_share(figures.share, lang),
                    t("report.kpi.of_total", lang, total=fmt_int(figures.total_personnel, lang)),
                )
            )
    statuses = statuses_phrase(data.params.statuses, lang)
    return Cover(
        observatory=t("report.observatory", lang),
        title=t("report.title", lang),
        month=fmt_month(data.month, lang).capitalize(),
        tagline=t("report.tagline", lang),
        group_line=t("report.group_line", lang, group=data.group_name, statuses=statuses),
        kpis=kpis,
    )


def comparison_table(data: BulletinData) -> TableBlock:
    lang, now = data.lang, data.current["all"]
    rows = [
        [
            t("report.compare.this_month", lang),
            fmt_month(data.month, lang),
            fmt_share(now.share, lang),
            "",
        ]
    ]
    for key, month, figures in (
        ("report.compare.previous", data.previous_month, data.previous),
        ("report.compare.year_before", data.year_before_month, data.year_before),
    ):
        change = "" if figures is None else points(now.share - figures.share, lang, short=True)
        rows.append([t(key, lang), fmt_month(month, lang), _share_or_none(figures, lang), change])
    columns = [
        t("report.compare.period", lang),
        t("report.compare.month", lang),
        t("report.compare.share", lang),
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
            _signed_int(int(r["absolute_change"]), lang),
            "—"
            if r["relative_change"] is None
            else _signed_share(float(r["relative_change"]), lang),
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
            _signed_int(int(r["change"]), lang),
            "—"
            if r["relative_change"] is None
            else _signed_share(float(r["relative_change"]), lang),
        ]
        for r in rows
    ]
    columns = [
        t(f"report.table.{c}", lang)
        for c in ("scope", "name", "previous", "current", "change", "relative_change")
    ]
    return TableBlock(columns, body, [False, False, True, True, True, True])


def _signed_int(value: int, lang: Language) -> str:
    return ("+" if value > 0 else "") + fmt_int(value, lang)


def _signed_share(value: float, lang: Language) -> str:
    return ("+" if value > 0 else "") + fmt_share(value, lang)


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
    """Every block of the bulletin, in reading order."""
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
    blocks += [Heading(t("report.section.share", lang)), Figure(charts["share"])]
    blocks.append(Heading(t("report.section.contributors", lang)))
    if data.section("contributors") is None or "contributors" not in charts:
        blocks.append(unavailable)
    else:
        blocks += [
            *(Paragraph(p) for p in text.contributors),
            Figure(charts["contributors"]),
            contributors_table(data),
        ]
    blocks.append(Heading(t("report.section.gap", lang)))
    blocks += [Paragraph(p) for p in text.hosted] or [unavailable]
    if "gap" in charts:
        blocks += [Figure(charts["gap"]), gap_table(data)]
    blocks.append(Heading(t("report.section.gender", lang)))
    blocks += [Paragraph(p) for p in text.gender]
    if "gender" in charts:
        blocks += [Figure(charts["gender"]), gender_table(data)]
    blocks.append(Heading(t("report.section.changes", lang)))
    trend = trend_table(data)
    if trend is not None:
        blocks += [Heading(t("report.section.trend", lang), 2), trend]
    blocks.append(Heading(t("report.section.alerts", lang), 2))
    alerts = alerts_table(data)
    if alerts is not None:
        blocks.append(alerts)
    else:
        blocks += [Paragraph(p) for p in text.alerts] or [unavailable]
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
    "Kpi",
    "MethodologyBox",
    "PageBreak",
    "Paragraph",
    "SourceEntry",
    "TableBlock",
    "compose",
]
