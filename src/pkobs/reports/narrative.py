"""The bulletin's generated paragraphs, built from the figures and the indicators' sentences."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from pkobs.i18n import fmt_int, fmt_month, fmt_share, t
from pkobs.indicators import ALL
from pkobs.reports.data import BulletinData, ShareFigures
from pkobs.reports.text import (
    french_apostrophes,
    join_names,
    of_group,
    plural,
    points,
    signed_int,
    statuses_phrase,
)

ALERTS_IN_TEXT = 3
CONTRIBUTORS_IN_TEXT = 3


@dataclass(frozen=True)
class Narrative:
    """Paragraphs (lists of sentences joined by a space) for each part of the bulletin."""

    summary: list[str]
    trend: list[str]
    alerts: list[str]
    contributors: list[str]
    hosted: list[str]
    gender: list[str]


def _against_past(
    data: BulletinData, sentence: Callable[[str, dt.date, ShareFigures], str]
) -> list[str]:
    """Sentences on the previous month, then on the same month a year before.

    ``sentence(key, month, figures)`` words a month with data (``key``: ``previous`` or ``year``);
    a month without data gets the ``report.narrative.KEY_none`` sentence.
    """
    lang = data.lang
    return [
        t(f"report.narrative.{key}_none", lang, month=fmt_month(when, lang))
        if figures is None
        else sentence(key, when, figures)
        for key, when, figures in (
            ("previous", data.previous_month, data.previous),
            ("year", data.year_before_month, data.year_before),
        )
    ]


def headline_all(data: BulletinData) -> list[str]:
    """Every contributor as the group: the personnel and its changes, not a 100 % share."""
    lang, month, now = data.lang, data.month, data.current["all"]
    total = fmt_int(now.total_personnel, lang)
    sentences = [
        t("report.narrative.headline_all", lang, month=fmt_month(month, lang), total=total)
    ]
    if "military" in data.current and "police" in data.current:
        sentences.append(
            t(
                "report.narrative.categories_all",
                lang,
                military=fmt_int(data.current["military"].total_personnel, lang),
                police=fmt_int(data.current["police"].total_personnel, lang),
            )
        )

    def against(key: str, when: dt.date, figures: ShareFigures) -> str:
        return t(
            f"report.narrative.{key}_all",
            lang,
            total=fmt_int(figures.total_personnel, lang),
            month=fmt_month(when, lang),
            change=signed_int(now.total_personnel - figures.total_personnel, lang),
        )

    sentences += _against_past(data, against)
    return [" ".join(sentences)]


def headline(data: BulletinData) -> list[str]:
    if data.params.group == ALL:
        return headline_all(data)
    lang, month, now = data.lang, data.month, data.current["all"]
    sentences = [
        t(
            "report.narrative.headline",
            lang,
            month=fmt_month(month, lang),
            statuses=statuses_phrase(data.params.statuses, lang),
            of_group=of_group(data.params.group, data.group_name, lang),
            group_personnel=fmt_int(now.group_personnel, lang),
            total=fmt_int(now.total_personnel, lang),
            share=fmt_share(now.share, lang),
        )
    ]
    if "military" in data.current and "police" in data.current:
        sentences.append(
            t(
                "report.narrative.categories",
                lang,
                military=fmt_share(data.current["military"].share, lang),
                police=fmt_share(data.current["police"].share, lang),
            )
        )

    def against(key: str, when: dt.date, figures: ShareFigures) -> str:
        return t(
            f"report.narrative.{key}",
            lang,
            share=fmt_share(figures.share, lang),
            month=fmt_month(when, lang),
            change=points(now.share - figures.share, lang),
        )

    sentences += _against_past(data, against)
    return [" ".join(sentences)]


def trend(data: BulletinData) -> list[str]:
    order = {"all": 0, "military": 1, "police": 2}
    rows = sorted(data.rows("trend"), key=lambda r: order.get(str(r["category"]), 3))
    sentences = [
        french_apostrophes(str(r["sentence"]), data.lang)
        for r in rows
        if r["sentence"] and r["start_month"] != r["end_month"]  # no earlier month: no trend
    ]
    return [" ".join(sentences)] if sentences else []


def alerts(data: BulletinData) -> list[str]:
    result = data.section("alerts")
    if result is None:
        return []
    rows = data.rows("alerts")
    lang = data.lang
    if not rows:
        return [
            t(
                "report.narrative.alerts_none",
                lang,
                min_change=fmt_int(data.params.min_change, lang),
                min_relative=fmt_share(data.params.min_relative, lang, digits=0),
                month=fmt_month(data.month, lang),
            )
        ]
    sentences = [french_apostrophes(str(r["sentence"]), lang) for r in rows[:ALERTS_IN_TEXT]]
    if len(rows) > ALERTS_IN_TEXT:
        sentences.append(t("report.narrative.alerts_more", lang, count=len(rows) - ALERTS_IN_TEXT))
    return [" ".join(sentences)]


def contributors(data: BulletinData) -> list[str]:
    result = data.section("contributors")
    if result is None:
        return []
    lang = data.lang
    rows = [r for r in data.rows("contributors") if int(r["total"] or 0) > 0]
    sentences: list[str] = []
    if rows:
        names = [
            f"{r['name']} ({fmt_int(int(r['total']), lang)})" for r in rows[:CONTRIBUTORS_IN_TEXT]
        ]
        sentences.append(t("report.narrative.contributors", lang, names=join_names(names, lang)))
        absent = len(data.extra_rows("contributors", "not_contributing"))
        if data.params.group == ALL:  # every contributor is "in the group": no one is absent
            sentences.append(plural("report.narrative.contributing_all", len(rows), lang))
        else:
            sentences.append(
                plural(
                    "report.narrative.contributing", len(rows), lang, absent=fmt_int(absent, lang)
                )
            )
    for extra in ("started", "stopped"):
        names = [str(r["name"]) for r in data.extra_rows("contributors", extra)]
        if names:
            sentences.append(t(f"report.narrative.{extra}", lang, names=join_names(names, lang)))
    return [french_apostrophes(" ".join(sentences), lang)] if sentences else []


def hosted(data: BulletinData) -> list[str]:
    result = data.section("linguistic-gap")
    if result is None:
        return []
    lang = data.lang
    sentences: list[str] = []
    totals = data.extra_rows("linguistic-gap", "hosted")
    if totals and totals[0]["hosted_personnel"]:
        sentences.append(
            t(
                "report.narrative.hosted",
                lang,
                hosted=fmt_int(int(totals[0]["hosted_personnel"]), lang),
                share=fmt_share(float(totals[0]["share"]), lang),
            )
        )
    rows = sorted(data.rows("linguistic-gap"), key=lambda r: float(r["share"]))
    if data.params.group == ALL:  # every contributor counts: the share is 100 % everywhere
        return [" ".join(sentences)] if sentences else []
    if not rows:
        sentences.append(t("report.narrative.hosted_none", lang, month=fmt_month(data.month, lang)))
    elif len(rows) == 1:
        sentences.append(
            t(
                "report.narrative.hosted_one",
                lang,
                share=fmt_share(float(rows[0]["share"]), lang),
                mission=mission_label(data, str(rows[0]["mission"])),
            )
        )
    else:
        low, high = rows[0], rows[-1]
        sentences.append(
            t(
                "report.narrative.hosted_range",
                lang,
                low=fmt_share(float(low["share"]), lang),
                low_mission=mission_label(data, str(low["mission"])),
                high=fmt_share(float(high["share"]), lang),
                high_mission=mission_label(data, str(high["mission"])),
            )
        )
    return [" ".join(sentences)]


def mission_label(data: BulletinData, acronym: str) -> str:
    return data.mission_acronyms.get(acronym, acronym)


def gender(data: BulletinData) -> list[str]:
    lang = data.lang
    rows = data.rows("gender")
    if data.section("gender") is None or not rows:
        return [t("report.narrative.gender_none", lang, month=fmt_month(data.month, lang))]
    shares: dict[str, float] = {}
    for scope in ("group", "all"):
        scoped = [r for r in rows if r["scope"] == scope]
        personnel = sum(int(r["personnel"] or 0) for r in scoped)
        if personnel:
            shares[scope] = sum(int(r["female"] or 0) for r in scoped) / personnel
    if len(shares) < 2:
        return [t("report.narrative.gender_none", lang, month=fmt_month(data.month, lang))]
    sentences = [
        t("report.narrative.gender_all", lang, all=fmt_share(shares["all"], lang))
        if data.params.group == ALL  # the group is everyone: one figure, not a comparison
        else t(
            "report.narrative.gender",
            lang,
            group=fmt_share(shares["group"], lang),
            all=fmt_share(shares["all"], lang),
        )
    ]
    flagged = data.extra_rows("gender", "flagged_figures")
    if flagged:
        sentences.append(
            t("report.narrative.gender_flagged", lang, count=fmt_int(len(flagged), lang))
        )
    targets = [float(r["target_2028"]) for r in rows if r["target_2028"] is not None]
    if targets:
        sentences.append(
            t(
                "report.narrative.gender_targets",
                lang,
                low=fmt_share(min(targets), lang, digits=0),
                high=fmt_share(max(targets), lang, digits=0),
            )
        )
    return [" ".join(sentences)]


def detail_note(data: BulletinData) -> list[str]:
    """What a month with reduced detail lacks (no mission split, no sex), said on page one."""
    if data.detail in (None, "mission_sex"):
        return []
    return [t(f"report.detail.{data.detail}", data.lang, month=fmt_month(data.month, data.lang))]


def build(data: BulletinData) -> Narrative:
    return Narrative(
        summary=headline(data) + detail_note(data),
        trend=trend(data),
        alerts=alerts(data),
        contributors=contributors(data),
        hosted=hosted(data),
        gender=gender(data),
    )


__all__ = ["Narrative", "build"]
