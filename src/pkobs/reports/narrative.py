"""The bulletin's generated paragraphs, built from the figures and the indicators' sentences.

Every function takes the bulletin's facts and its one :class:`pkobs.i18n.Locale`; every word
comes from the ``report`` catalogue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pkobs.errors import PkobsError
from pkobs.i18n import Locale
from pkobs.indicators import ALL
from pkobs.indicators.drivers import drivers_headline
from pkobs.indicators.gender import left_out_notes
from pkobs.indicators.sentences import alert_message
from pkobs.reports.data import MIN_PERSONNEL, BulletinData, ShareFigures
from pkobs.reports.text import (
    alert_name,
    country,
    join_names,
    mission,
    of_group,
    plural,
    points,
    sentence,
    signed_int,
    statuses_phrase,
)

ALERTS_IN_TEXT = 3
NO_MISSION_SPLIT = ("contributor", "contributor_sex")  # levels of detail without missions
CONTRIBUTORS_IN_TEXT = 3


@dataclass(frozen=True)
class Narrative:
    """Paragraphs (lists of sentences joined by a space) for each part of the bulletin."""

    summary: list[str]
    trend: list[str]  # the trend indicator's sentences (the one-year change is in the cause)
    alerts: list[str]
    contributors: list[str]
    hosted: list[str]
    gender: list[str]
    cause: list[str] = field(default_factory=list)  # the headline: what moved the group


def _against_past(
    data: BulletinData, locale: Locale, sentence: Callable[[str, dt.date, ShareFigures], str]
) -> list[str]:
    """Sentences on the previous month, then on the same month a year before.

    ``sentence(key, month, figures)`` words a month with data (``key``: ``previous`` or ``year``);
    a month without data gets the ``report.narrative.KEY_none`` sentence.
    """
    return [
        locale.t(f"report.narrative.{key}_none", month=locale.month(when))
        if figures is None
        else sentence(key, when, figures)
        for key, when, figures in (
            ("previous", data.previous_month, data.previous),
            ("year", data.year_before_month, data.year_before),
        )
    ]


def headline_all(data: BulletinData, locale: Locale) -> list[str]:
    """Every contributor as the group: the personnel and its changes, not a 100 % share."""
    now = data.current["all"]
    total = locale.number(now.total_personnel)
    sentences = [
        locale.t("report.narrative.headline_all", month=locale.month(data.month), total=total)
    ]
    if "military" in data.current and "police" in data.current:
        sentences.append(
            locale.t(
                "report.narrative.categories_all",
                military=locale.number(data.current["military"].total_personnel),
                police=locale.number(data.current["police"].total_personnel),
            )
        )

    def against(key: str, when: dt.date, figures: ShareFigures) -> str:
        return locale.t(
            f"report.narrative.{key}_all",
            total=locale.number(figures.total_personnel),
            month=locale.month(when),
            change=signed_int(now.total_personnel - figures.total_personnel, locale),
        )

    sentences += _against_past(data, locale, against)
    return [" ".join(sentences)]


def headline(data: BulletinData, locale: Locale) -> list[str]:
    if data.params.group == ALL:
        return headline_all(data, locale)
    now = data.current["all"]
    sentences = [
        locale.t(
            "report.narrative.headline",
            month=locale.month(data.month),
            statuses=statuses_phrase(data.params.statuses, locale),
            of_group=of_group(data, locale),
            group_personnel=locale.number(now.group_personnel),
            total=locale.number(now.total_personnel),
            share=locale.share(now.share),
        )
    ]
    if "military" in data.current and "police" in data.current:
        sentences.append(
            locale.t(
                "report.narrative.categories",
                military=locale.share(data.current["military"].share),
                police=locale.share(data.current["police"].share),
            )
        )

    def against(key: str, when: dt.date, figures: ShareFigures) -> str:
        return locale.t(
            f"report.narrative.{key}",
            share=locale.share(figures.share),
            month=locale.month(when),
            change=points(now.share - figures.share, locale),
        )

    sentences += _against_past(data, locale, against)
    return [" ".join(sentences)]


def trend(data: BulletinData, locale: Locale) -> list[str]:
    order = {"all": 0, "military": 1, "police": 2}
    rows = sorted(data.rows("trend"), key=lambda r: order.get(str(r["category"]), 3))
    sentences = [
        sentence(r["sentence"], locale)
        for r in rows
        if r["sentence"] and r["start_month"] != r["end_month"]  # no earlier month: no trend
    ]
    return [" ".join(sentences)] if sentences else []


def alerts(data: BulletinData, locale: Locale) -> list[str]:
    result = data.section("alerts")
    if result is None:
        return []
    rows = data.rows("alerts")
    if not rows:
        return [
            locale.t(
                "report.narrative.alerts_none",
                min_change=locale.number(data.params.min_change),
                min_relative=locale.share(data.params.min_relative, digits=0),
                month=locale.month(data.month),
            )
        ]
    sentences = [alert_sentence(data, locale, r) for r in rows[:ALERTS_IN_TEXT]]
    if len(rows) > ALERTS_IN_TEXT:
        sentences.append(plural("report.narrative.alerts_more", len(rows) - ALERTS_IN_TEXT, locale))
    return [" ".join(sentences)]


def alert_sentence(data: BulletinData, locale: Locale, row: dict[str, Any]) -> str:
    """The indicator's sentence for one alert, about a country or mission named in the
    reader's language."""
    message = alert_message(
        alert_name(data, locale, row),
        str(row["scope"]),
        row["month"],
        int(row["previous"]),
        int(row["current"]),
    )
    return sentence(message, locale)


def contributor_name(data: BulletinData, locale: Locale, row: dict[str, object]) -> str:
    """A contributor row's country, named in the reader's language."""
    return country(data, locale, row.get("contributor_iso3", row.get("iso3")), row.get("name"))


def contributors(data: BulletinData, locale: Locale) -> list[str]:
    result = data.section("contributors")
    if result is None:
        return []
    rows = [r for r in data.rows("contributors") if int(r["total"] or 0) > 0]
    sentences: list[str] = []
    if rows:
        names = [
            f"{contributor_name(data, locale, r)} ({locale.number(int(r['total']))})"
            for r in rows[:CONTRIBUTORS_IN_TEXT]
        ]
        sentences.append(locale.t("report.narrative.contributors", names=join_names(names, locale)))
        absent = len(data.extra_rows("contributors", "not_contributing"))
        if data.params.group == ALL:  # every contributor is "in the group": no one is absent
            sentences.append(plural("report.narrative.contributing_all", len(rows), locale))
        else:
            sentences.append(
                plural(
                    "report.narrative.contributing",
                    len(rows),
                    locale,
                    absent=locale.number(absent),
                )
            )
    for extra in ("started", "stopped"):
        names = [contributor_name(data, locale, r) for r in data.extra_rows("contributors", extra)]
        if names:
            sentences.append(locale.t(f"report.narrative.{extra}", names=join_names(names, locale)))
    return [" ".join(sentences)] if sentences else []


def hosted(data: BulletinData, locale: Locale) -> list[str]:
    """The personnel of the missions hosted by the group, then the range of the group's share
    among the peacekeeping operations of at least :data:`MIN_PERSONNEL` (the ranked ones);
    political, support and smaller missions are only counted, as listed apart in the annex."""
    result = data.section("linguistic-gap")
    if result is None:
        return []
    if data.detail in NO_MISSION_SPLIT:  # not "no mission": the sources do not say which
        return [locale.t("report.narrative.hosted_no_split", month=locale.month(data.month))]
    sentences: list[str] = []
    totals = data.extra_rows("linguistic-gap", "hosted")
    if totals and totals[0]["hosted_personnel"]:
        sentences.append(
            locale.t(
                "report.narrative.hosted",
                hosted=locale.number(int(totals[0]["hosted_personnel"])),
                share=locale.share(float(totals[0]["share"])),
            )
        )
    if data.params.group == ALL:  # every contributor counts: the share is 100 % everywhere
        return [" ".join(sentences)] if sentences else []
    rows, apart = data.gap_rows(), data.gap_rows(ranked=False)
    minimum = locale.number(MIN_PERSONNEL)
    if not rows and not apart:
        sentences.append(locale.t("report.narrative.hosted_none", month=locale.month(data.month)))
    elif not rows:
        sentences.append(locale.t("report.narrative.hosted_none_ranked", minimum=minimum))
    elif len(rows) == 1:
        sentences.append(
            locale.t(
                "report.narrative.hosted_one",
                share=locale.share(float(rows[0]["share"])),
                mission=mission(data, locale, rows[0]["mission"]),
                minimum=minimum,
            )
        )
    else:
        low, high = rows[0], rows[-1]
        sentences.append(
            locale.t(
                "report.narrative.hosted_range",
                count=locale.number(len(rows)),
                minimum=minimum,
                low=locale.share(float(low["share"])),
                low_mission=mission(data, locale, low["mission"]),
                high=locale.share(float(high["share"])),
                high_mission=mission(data, locale, high["mission"]),
            )
        )
    if apart:
        sentences.append(
            locale.plural(
                "report.narrative.hosted_apart",
                len(apart),
                count=locale.number(len(apart)),
                minimum=minimum,
            )
        )
    return [" ".join(sentences)]


def gender(data: BulletinData, locale: Locale) -> list[str]:
    rows = data.rows("gender")
    none = [locale.t("report.narrative.gender_none", month=locale.month(data.month))]
    if data.section("gender") is None or not rows:
        return none
    # a category without a believable split this month (no women given: August 2020) is
    # left out of both sides, and the sentence names the categories it is over
    believable = [r for r in rows if r["female"] is not None]
    partial = len(believable) < len(rows)
    shares: dict[str, float] = {}
    for scope in ("group", "all"):
        scoped = [r for r in believable if r["scope"] == scope]
        personnel = sum(int(r["personnel"] or 0) for r in scoped)
        if personnel:
            shares[scope] = sum(int(r["female"]) for r in scoped) / personnel
    if len(shares) < 2:
        return none
    suffix = "_partial" if partial else ""
    categories = ", ".join(
        locale.t(f"value.{category}")
        for category in dict.fromkeys(str(r["personnel_category"]) for r in believable)
    )
    sentences = [
        locale.t(
            f"report.narrative.gender_all{suffix}",
            all=locale.share(shares["all"]),
            categories=categories,
        )
        if data.params.group == ALL  # the group is everyone: one figure, not a comparison
        else locale.t(
            f"report.narrative.gender{suffix}",
            group=locale.share(shares["group"]),
            all=locale.share(shares["all"]),
            categories=categories,
        )
    ]
    sentences += left_out(data, locale)
    sentences += gender_targets(data, locale)
    return [" ".join(sentences)]


def left_out(data: BulletinData, locale: Locale) -> list[str]:
    """The gender indicator's note on the month's contingents left out of the women's share,
    their figures probably printed under the wrong sex (the same sentence as the gender page)."""
    result = data.section("gender")
    if result is None:
        return []
    return [locale.message(note) for note in left_out_notes(result, data.month)]


def _lowered(label: str) -> str:
    """A category label inside a sentence: ``Contingents militaires`` -> ``contingents…``."""
    return label[:1].lower() + label[1:]


def gender_targets(data: BulletinData, locale: Locale) -> list[str]:
    """The month against the Uniformed Gender Parity Strategy 2018-2028: this year's targets
    (where the group and all contributors stand, how many they meet), else why there is none,
    and the 2028 targets."""
    rows = data.rows("gender")
    final = [float(r["target_2028"]) for r in rows if r["target_2028"] is not None]
    if not final:
        return []
    year = data.month.year
    by_key = {(str(r["scope"]), str(r["personnel_category"])): r for r in rows}
    items: list[str] = []
    met = {"group": 0, "all": 0}
    for category in (
        "military_contingents",
        "military_observers_staff_officers",
        "formed_police_units",
        "individual_police",
    ):
        group, everyone = by_key.get(("group", category)), by_key.get(("all", category))
        target = (group or everyone or {}).get("target_share")
        if target is None or group is None or everyone is None:
            continue
        if group["female_share"] is None or everyone["female_share"] is None:
            continue
        for scope, row in (("group", group), ("all", everyone)):
            met[scope] += float(row["female_share"]) >= float(target)
        items.append(
            locale.t(
                "report.narrative.gender_target_item",
                category=_lowered(locale.t(f"report.gender.{category}")),
                target=locale.share(float(target), digits=0),
                group=locale.share(float(group["female_share"])),
                all=locale.share(float(everyone["female_share"])),
            )
        )
    final_range = {
        "low": locale.share(min(final), digits=0),
        "high": locale.share(max(final), digits=0),
    }
    if not items:
        key = "before_strategy" if year < 2018 else "no_year_target"
        return [locale.t(f"report.narrative.gender_{key}", year=str(year), **final_range)]
    met_key = "gender_met_all" if data.params.group == ALL else "gender_met"
    sentences = [
        locale.t(
            "report.narrative.gender_year_targets",
            year=str(year),
            items=locale.t("report.senior.by_post_separator").join(items),
        ),
        locale.plural(
            f"report.narrative.{met_key}",
            len(items),
            count=locale.number(len(items)),
            group=locale.number(met["group"]),
            all=locale.number(met["all"]),
        ),
        locale.t("report.narrative.gender_targets", **final_range),
    ]
    return sentences


def cause(data: BulletinData, locale: Locale) -> list[str]:
    """The headline with its cause: the ``drivers`` indicator's top drivers over the year
    (empty when it cannot say: no data a year before, or the indicator is not installed)."""
    result = data.section("drivers")
    if result is None or "summary" not in result.extras or not result.extras["summary"].rows:
        return []
    try:
        return [sentence(drivers_headline(result), locale)]
    except PkobsError:
        return []


def suspended(data: BulletinData, locale: Locale) -> list[str]:
    """The group's members suspended that month, named, with the month since when (they still
    count in the figures); a sentence saying none was when the group keeps such records."""
    if data.suspensions is None:
        return []
    month = locale.month(data.month)
    if not data.suspensions:
        return [locale.t("report.narrative.suspended_none", month=month)]
    names = [
        locale.t(
            "report.narrative.suspended_item",
            name=country(data, locale, s.iso3, s.member_id),
            since=locale.month(s.since),
        )
        for s in data.suspensions
    ]
    return [
        locale.plural(
            "report.narrative.suspended",
            len(names),
            count=locale.number(len(names)),
            month=month,
            names=join_names(names, locale),
        )
    ]


def detail_note(data: BulletinData, locale: Locale) -> list[str]:
    """What a month with reduced detail lacks (no mission split, no sex), said on page one."""
    if data.detail in (None, "mission_sex"):
        return []
    return [locale.t(f"report.detail.{data.detail}", month=locale.month(data.month))]


def build(data: BulletinData, locale: Locale) -> Narrative:
    return Narrative(
        summary=headline(data, locale) + suspended(data, locale) + detail_note(data, locale),
        trend=trend(data, locale),
        alerts=alerts(data, locale),
        contributors=contributors(data, locale),
        hosted=hosted(data, locale),
        gender=gender(data, locale),
        cause=cause(data, locale),
    )


__all__ = ["Narrative", "build"]
