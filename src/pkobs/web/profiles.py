"""Profile pages: one per contributing country and one per mission, in French and English."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from pkobs.errors import PkobsError
from pkobs.i18n import Locale
from pkobs.indicators import ALL, DEFAULT_STATUSES, Params
from pkobs.render.cells import human_rows
from pkobs.store import gaps as source_gap_reads
from pkobs.store import site
from pkobs.table import Column, Table
from pkobs.web.api import query_params
from pkobs.web.charts import Chart, Series, blank_months, with_gaps
from pkobs.web.context import WebContext, web_context
from pkobs.web.formats import respond, table_of
from pkobs.web.language import in_language, page_locale, record_in_language
from pkobs.web.page_parts import (
    computed,
    data_rows,
    form_context,
    group_names,
    indicator_csv_url,
    latest,
    series_by,
    share_chart_parts,
    share_totals,
    share_trend_chart,
    site_read,
)
from pkobs.web.params import ISO3_PATTERN, MISSION_PATTERN, NotFoundError, Query, check
from pkobs.web.registries import centre_rows, country_centres
from pkobs.web.templating import url_with

router = APIRouter(include_in_schema=False)


@router.get("/{lang}/countries/{iso3}", response_class=HTMLResponse)
def country(
    request: Request,
    iso3: str,
    locale: Locale = Depends(page_locale),
    context: WebContext = Depends(web_context),
) -> Response:
    lang = locale.lang
    check("iso3", iso3, ISO3_PATTERN)
    _, last = latest(context)
    found = site_read(context, "country", site.country, iso3)
    if found is None:
        raise NotFoundError("error.country", iso3=iso3)
    found = record_in_language(found, lang)
    history_table = site_read(context, "country_history", site.country_history, iso3)
    history = history_table.records()
    last_month = history[-1]["month"] if history else last
    by_mission = in_language(
        site_read(context, "country_missions", site.country_missions, iso3, last_month), lang
    )
    memberships = in_language(site_read(context, "memberships", site.memberships, iso3), lang)
    senior_posts = in_language(
        site_read(context, "national_senior_posts", site.national_senior_posts, iso3), lang
    )
    centres = country_centres(context, iso3, locale)
    gaps = source_gaps(context, contributor_iso3=iso3)
    summary = country_summary(found["name"], history, locale)
    women = site_read(context, "country_gender", site.country_gender, iso3)
    women_latest = women.records()[-1] if women.rows else None
    gap_months = {r["month"] for r in gaps}
    chart = Chart(
        "country-history",
        locale.t("country.history"),
        summary,
        [
            blank_months(
                with_gaps(
                    Series(
                        locale.t(f"category.{category}"),
                        [r["month"] for r in history],
                        [r[category] for r in history],
                    )
                ),
                gap_months,
            )
            for category in ("military", "police")
        ],
        kind="bar",
        permalink=f"/{lang}/countries/{iso3}",
        data=history_table,
        table_columns=[
            locale.t("col.month"),
            locale.t("category.military"),
            locale.t("category.police"),
            locale.t("col.total"),
        ],
        table_rows=human_rows(history_table, locale),
        notes=gap_notes(gaps, "mission", locale),
    )
    return respond(
        request,
        "country.html",
        lang,
        "contributors",
        {
            "history": history_table,
            "by_mission": by_mission,
            "memberships": memberships,
            "training_centres": centres,
            "senior_posts": senior_posts,
            "women": women,
            "source_gaps": gaps_table(gaps),
        },
        csv_charts=(chart,),
        women_latest=women_latest,
        women_table=women,
        country=found,
        chart=chart,
        by_mission_table=by_mission,
        by_mission=by_mission.records(),
        memberships_table=memberships,
        memberships=memberships.records(),
        centres=centre_rows(centres, locale),
        senior_posts=senior_posts.records(),
        last_month=last_month,
    )


def by_size_then_name(table: Table) -> Table:
    """Contributors by personnel (largest first), ties by name in the page's language."""
    total, name = table.columns.index("total"), table.columns.index("name")
    rows = sorted(table.rows, key=lambda row: (-row[total], row[name]))
    return Table(table.columns, rows, table.kinds)


@router.get("/{lang}/missions/{acronym}", response_class=HTMLResponse)
def mission(
    request: Request,
    acronym: str,
    locale: Locale = Depends(page_locale),
    context: WebContext = Depends(web_context),
) -> Response:
    lang = locale.lang
    check("acronym", acronym, MISSION_PATTERN)
    found = site_read(context, "mission", site.mission, acronym)
    if found is None:
        raise NotFoundError("error.mission", acronym=acronym)
    found = record_in_language(found, lang)
    last_month, contributors = site_read(
        context, "mission_contributors", site.mission_contributors, acronym
    )
    contributors_table = with_marks(
        context, by_size_then_name(in_language(contributors, lang)), last_month
    )
    gaps = source_gaps(context, mission=acronym)
    host_groups = in_language(
        site_read(context, "memberships", site.memberships, found["host_iso3"]), lang
    ).records()
    senior_posts = in_language(
        site_read(context, "mission_senior_posts", site.mission_senior_posts, acronym), lang
    )
    share_rows = Table([], [])
    chart = None
    if last_month is not None:
        result, values = share_chart_parts(context, Query(mission=acronym), locale)
        share_rows = result.table
        rows = share_totals(result.table.records())
        summary = ""
        if rows:
            summary = locale.t(
                "mission.summary",
                mission=acronym,
                month=locale.month(rows[-1]["month"]),
                share=locale.share(rows[-1]["share"]),
                personnel=locale.number(rows[-1]["group_personnel"]),
                total=locale.number(rows[-1]["total_personnel"]),
            )
        chart = share_trend_chart(
            "mission-gap",
            locale.t("mission.gap"),
            summary,
            rows,
            result.table.kinds,
            locale,
            indicator_csv_url("share", values),
            f"/{lang}/missions/{acronym}",
        )
        # a month missing one contingent (probable source gap) is a gap, not a drop
        chart.series = [blank_months(one, {r["month"] for r in gaps}) for one in chart.series]
        chart.notes = gap_notes(gaps, "contributor", locale, context)
    return respond(
        request,
        "mission.html",
        lang,
        "missions",
        {
            "contributors": contributors_table,
            "senior_posts": senior_posts,
            "share": share_rows,
            "source_gaps": gaps_table(gaps),
        },
        mission=found,
        chart=chart,
        contributors_table=contributors_table,
        contributors=contributors_table.records(),
        senior_posts=senior_posts.records(),
        last_month=last_month,
        host_groups=host_groups,
    )


LENSES = ("oif", "francophone")  # the two francophone lenses marked in every contributors table
MARKS = tuple(Column(f"member_{group}", "flag") for group in LENSES)


def with_marks(context: WebContext, table: Table, month: dt.date | None) -> Table:
    """``table`` (one row per contributor, ``contributor_iso3``) with a flag per lens:
    ``member_oif`` (member or associate of the OIF on the month's last day) and
    ``member_francophone`` (French an official language)."""
    if month is None or "contributor_iso3" not in table.columns:
        return Table(
            [*table.columns, *(c.name for c in MARKS)],
            [(*row, None, None) for row in table.rows],
            {**table.kinds, **{c.name: c for c in MARKS}},
        )
    members = [
        set(site_read(context, "group_members", site.group_members, g, month, DEFAULT_STATUSES))
        for g in LENSES
    ]
    at = table.columns.index("contributor_iso3")
    rows = [(*row, *(row[at] in found for found in members)) for row in table.rows]
    return Table(
        [*table.columns, *(c.name for c in MARKS)],
        rows,
        {**table.kinds, **{c.name: c for c in MARKS}},
    )


def source_gaps(
    context: WebContext, *, contributor_iso3: str | None = None, mission: str | None = None
) -> list[dict[str, Any]]:
    """The probable source gaps (``pkobs.store.gaps``) of one contributor or one mission."""
    every = site_read(context, "probable_source_gaps", source_gap_reads.probable_source_gaps)
    return [
        r
        for r in every.records()
        if (contributor_iso3 is None or r["contributor_iso3"] == contributor_iso3)
        and (mission is None or r["mission"] == mission)
    ]


def gaps_table(gaps: list[dict[str, Any]]) -> Table:
    columns = [c.name for c in source_gap_reads.COLUMNS]
    return Table(columns, [tuple(r[c] for c in columns) for r in gaps]).declared(
        *source_gap_reads.COLUMNS
    )


MAX_GAP_NOTES = 4


def gap_notes(
    gaps: list[dict[str, Any]],
    named_by: str,
    locale: Locale,
    context: WebContext | None = None,
) -> list[str]:
    """One sentence per probable source gap (``named_by``: ``mission`` on a country's page,
    ``contributor`` on a mission's): the :data:`MAX_GAP_NOTES` largest in month order, then
    how many more."""
    notes = []
    largest = sorted(gaps, key=lambda g: -(g["total_before"] + g["total_after"]))
    for gap in sorted(largest[:MAX_GAP_NOTES], key=lambda g: g["month"]):
        where = gap["mission"]
        if named_by == "contributor":
            where = gap["contributor_iso3"]
            if context is not None:
                found = site_read(context, "country", site.country, where)
                if found is not None:
                    where = record_in_language(found, locale.lang)["name"]
        notes.append(
            locale.t(
                "profiles.source_gap",
                month=locale.month(gap["month"]),
                where=where,
                before=locale.count(gap["total_before"], "profiles_person"),
                after=locale.count(gap["total_after"], "profiles_person"),
            )
        )
    if len(gaps) > MAX_GAP_NOTES:
        more = len(gaps) - MAX_GAP_NOTES
        notes.append(locale.plural("profiles.source_gap_more", more, n=locale.number(more)))
    return notes


def country_summary(name: str, history: list[dict[str, Any]], locale: Locale) -> str:
    """The country chart's sentence: its latest month and peak, or, when it sent nobody in
    the latest month with data, since when (a zero, never "no data")."""
    if not history:
        return ""
    last = history[-1]
    peak = max(history, key=lambda r: r["total"])
    if last["total"] == 0:
        sent = [r for r in history if r["total"] > 0]
        if not sent:
            return locale.t("profiles.never_sent", name=name, last=locale.month(last["month"]))
        since = next(r for r in history if r["month"] > sent[-1]["month"])
        return locale.t(
            "profiles.sent_nobody_since",
            name=name,
            since=locale.month(since["month"]),
            last=locale.month(last["month"]),
            peak=locale.number(peak["total"]),
            peak_month=locale.month(peak["month"]),
        )
    return locale.t(
        "country.summary",
        name=name,
        last=locale.month(last["month"]),
        total=locale.number(last["total"]),
        peak=locale.number(peak["total"]),
        peak_month=locale.month(peak["month"]),
    )


@router.get("/{lang}/contributors", response_class=HTMLResponse)
def contributors(
    request: Request,
    locale: Locale = Depends(page_locale),
    query: Query = Depends(query_params),
    context: WebContext = Depends(web_context),
) -> Response:
    """The ranking for one month: every contributor (``group=all``, the default) with the
    members of the OIF and the French-speaking countries marked, or one group's members ranked
    among themselves (``group=oif|francophone|au|eu``) beside their rank among all."""
    first, last = latest(context)
    params = query.params()
    month = params.to_month or last
    group = query.group or ALL
    # lang: the indicator still names countries in one language
    everyone = computed(
        context,
        "contributors",
        Params(group=ALL, from_month=month, to_month=month, lang=locale.lang),
        locale,
    ).table
    table = everyone
    summary = ""
    if group != ALL:
        chosen = Params(
            group=group,
            statuses=params.statuses,
            from_month=month,
            to_month=month,
            lang=locale.lang,
        )
        table = computed(context, "contributors", chosen, locale).table
        summary = group_summary(table, everyone, chosen, locale, context)
    table = with_world_rank(with_marks(context, table, month), everyone)
    names = group_names(context, locale)
    return respond(
        request,
        "contributors.html",
        locale.lang,
        "contributors",
        {"ranking": table},
        ranking_month=month,
        ranking=table,
        rows=table.records(),
        first=first,
        last=last,
        form_to=f"{month:%Y-%m}",
        group=group,
        group_name=names.get(group, group),
        groups=names,
        status=",".join(params.statuses),
        summary=summary,
    )


def with_world_rank(table: Table, everyone: Table) -> Table:
    """``table`` with ``world_rank``: each contributor's rank among all contributors."""
    at = everyone.columns.index("contributor_iso3")
    rank = everyone.columns.index("rank")
    ranks = {row[at]: row[rank] for row in everyone.rows}
    here = table.columns.index("contributor_iso3")
    column = Column("world_rank", "count", "rank")
    return Table(
        [*table.columns, column.name],
        [(*row, ranks.get(row[here])) for row in table.rows],
        {**table.kinds, column.name: column},
    )


def group_summary(
    table: Table, everyone: Table, chosen: Params, locale: Locale, context: WebContext
) -> str:
    """How many of the group's members sent personnel, and their share of all personnel."""
    group, month = chosen.group, chosen.to_month
    assert month is not None
    total = table.columns.index("total")
    sent = sum(int(row[total]) for row in table.rows)
    all_sent = sum(int(row[everyone.columns.index("total")]) for row in everyone.rows)
    members = site_read(context, "group_members", site.group_members, group, month, chosen.statuses)
    return locale.t(
        "profiles.group_summary",
        group=group_names(context, locale).get(group, group),
        month=locale.month(month),
        contributors=locale.number(len(table.rows)),
        members=locale.number(len(members)),
        personnel=locale.count(sent, "profiles_person"),
        total=locale.number(all_sent),
        share=locale.share(sent / all_sent if all_sent else None),
    )


GENDER_CATEGORIES = [
    "military_contingents",
    "military_observers_staff_officers",
    "individual_police",
    "formed_police_units",
]
GENDER_COLUMNS = ["month", "personnel_category", "female", "personnel", "female_share"]
POOLED_COLUMNS = ["month", "scope", "female", "personnel", "female_share"]


def pooled(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Women and personnel of known sex summed over the categories, by month and scope (the
    share computed from the integer sums)."""
    sums: dict[tuple[dt.date, str], list[int]] = {}
    for r in records:
        cell = sums.setdefault((r["month"], r["scope"]), [0, 0])
        cell[0] += int(r["female"] or 0)
        cell[1] += int(r["personnel"] or 0)
    return [
        {
            "month": month,
            "scope": scope,
            "female": female,
            "personnel": personnel,
            "female_share": female / personnel if personnel else None,
        }
        for (month, scope), (female, personnel) in sorted(sums.items())
    ]


@router.get("/{lang}/gender", response_class=HTMLResponse)
def gender(
    request: Request,
    locale: Locale = Depends(page_locale),
    query: Query = Depends(query_params),
    context: WebContext = Depends(web_context),
) -> Response:
    """Women's share by category for all contributors, and the chosen group (``group=``, the
    OIF by default) against all contributors."""
    lang = locale.lang
    first, last_data = latest(context)
    params = query.params()
    chosen = Params(group=params.group, statuses=params.statuses)
    # the gender indicator's rows (scope "all" and "group"): one definition with the API
    result = computed(context, "gender", chosen, locale)
    records = result.table.records()
    table = table_of([r for r in records if r["scope"] == "all"], GENDER_COLUMNS)
    group_table = table_of([r for r in records if r["scope"] == "group"], GENDER_COLUMNS)
    rows = table.records()
    targets_table = site_read(context, "gender_targets", site.gender_targets)
    targets = targets_table.records()
    series = series_by(
        rows, "personnel_category", "female_share", GENDER_CATEGORIES, locale, "target"
    )
    series = [s for s in series if s.x]
    last = rows[-1]["month"] if rows else None
    latest_rows = [r for r in rows if r["month"] == last]
    summary = locale.t("gender.summary_separator").join(
        locale.t(
            "gender.summary_item",
            category=locale.t("target." + r["personnel_category"]),
            share=locale.share(r["female_share"]),
        )
        for r in latest_rows
    )
    text = locale.t("gender.summary", month=locale.month(last), values=summary) if last else ""
    first_target = min((r["year"] for r in targets), default=None)
    if last is not None and first_target is not None and last.year < first_target:
        text += " " + locale.t("gender.no_target_yet", year=first_target)
    chart = Chart(
        "gender-share",
        locale.t("gender.chart"),
        text,
        series,
        percent=True,
        permalink=f"/{lang}/gender",
        data=table,
        table_columns=[
            locale.t("col.month"),
            locale.t("col.category"),
            locale.t("col.female"),
            locale.t("col.total"),
            locale.t("col.female_share"),
        ],
        table_rows=data_rows(rows, GENDER_COLUMNS, result.table.kinds, locale),
    )
    names = group_names(context, locale)
    group_name = names.get(chosen.group, chosen.group)
    compare_chart, compare_table = gender_compare_chart(
        pooled(records),
        group_name,
        result.table,
        locale,
        url_with(f"/{lang}/gender", query.as_query_string()),
    )
    by_category = gender_by_category(records, last)
    flagged = result.extras.get("flagged_figures")
    flagged_months = sorted({r[1] for r in flagged.rows}) if flagged else []
    flagged_note = (
        locale.t(
            "gender.flagged",
            count=locale.number(len(flagged.rows)),
            months=", ".join(locale.month(m) for m in flagged_months),
        )
        if flagged
        else ""
    )
    tables = {
        "gender": table,
        "gender_group": group_table,
        "group_against_all": compare_table,
        "targets": targets_table,
    }
    if flagged:
        tables["flagged_figures"] = flagged
    return respond(
        request,
        "gender.html",
        lang,
        "gender",
        tables,
        flagged_note=flagged_note,
        csv_charts=(chart, compare_chart),
        chart=chart,
        compare_chart=compare_chart,
        by_category=by_category,
        group_name=group_name,
        targets=targets,
        latest_rows=latest_rows,
        last=last,
        form=form_context(query, params, first, last_data, names),
    )


def gender_compare_chart(
    rows: list[dict[str, Any]],
    group_name: str,
    indicator: Table,
    locale: Locale,
    permalink: str,
) -> tuple[Chart, Table]:
    """Women's share, all categories together: the group against all contributors."""
    table = table_of(rows, POOLED_COLUMNS).declared(*(indicator.column(c) for c in POOLED_COLUMNS))
    names = {"group": group_name, "all": locale.t("profiles.all_contributors")}
    series = [
        with_gaps(
            Series(
                names[scope],
                [r["month"] for r in rows if r["scope"] == scope],
                [r["female_share"] for r in rows if r["scope"] == scope],
            )
        )
        for scope in ("group", "all")
    ]
    latest = {r["scope"]: r for r in rows if rows and r["month"] == rows[-1]["month"]}
    summary = ""
    if "group" in latest and "all" in latest:
        summary = locale.t(
            "profiles.gender_compare_summary",
            month=locale.month(latest["all"]["month"]),
            group=group_name,
            group_share=locale.share(latest["group"]["female_share"]),
            group_n=locale.count(latest["group"]["personnel"], "profiles_person"),
            all_share=locale.share(latest["all"]["female_share"]),
            all_n=locale.count(latest["all"]["personnel"], "profiles_person"),
        )
    shown = [{**r, "scope": names[r["scope"]]} for r in rows]
    chart = Chart(
        "gender-group",
        locale.t("profiles.gender_compare", group=group_name),
        summary,
        series,
        percent=True,
        permalink=permalink,
        data=table,
        table_columns=[
            locale.t("col.month"),
            locale.t("col.group"),
            locale.t("col.female"),
            locale.t("profiles.known_sex"),
            locale.t("col.female_share"),
        ],
        table_rows=data_rows(
            shown, POOLED_COLUMNS, {**table.kinds, "scope": Column("scope")}, locale
        ),
    )
    return chart, table


def gender_by_category(
    records: list[dict[str, Any]], month: dt.date | None
) -> list[dict[str, Any]]:
    """For ``month``, per category: the group's and all contributors' women, n and share."""
    found = {(r["personnel_category"], r["scope"]): r for r in records if r["month"] == month}
    return [
        {
            "category": category,
            "group": found.get((category, "group")),
            "all": found[(category, "all")],
        }
        for category in GENDER_CATEGORIES
        if (category, "all") in found
    ]


OLD_AFTER_MONTHS = 3  # a latest month more than this many months before today's is old


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole calendar months from ``earlier``'s month to ``later``'s (July 2025 to December
    2026: 17)."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def data_age(context: WebContext, today: dt.date) -> tuple[dt.date, int] | None:
    """``(latest month, months before today)`` when the latest month of the data is more than
    :data:`OLD_AFTER_MONTHS` months before ``today``'s month; ``None`` when the data is recent
    (or absent: the page then says so itself)."""
    try:
        _, last = latest(context)
    except PkobsError:
        return None
    age = months_between(last, today)
    return (last, age) if age > OLD_AFTER_MONTHS else None
