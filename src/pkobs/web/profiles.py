"""Profile pages: one per contributing country and one per mission, in French and English."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from pkobs.i18n import fmt_int, fmt_month, fmt_share, t
from pkobs.table import Table
from pkobs.web import queries
from pkobs.web.charts import Chart, Series
from pkobs.web.context import WebContext, web_context
from pkobs.web.formats import respond
from pkobs.web.page_parts import (
    Lang,
    indicator_csv_url,
    latest,
    share_chart_parts,
    share_totals,
    share_trend_chart,
)
from pkobs.web.params import ISO3_PATTERN, MISSION_PATTERN, NotFoundError, Query, check
from pkobs.web.registries import centre_rows, country_centres

router = APIRouter(include_in_schema=False)


@router.get("/{lang}/countries/{iso3}", response_class=HTMLResponse)
def country(
    request: Request, lang: Lang, iso3: str, context: WebContext = Depends(web_context)
) -> Response:
    check("iso3", iso3, ISO3_PATTERN)
    _, last = latest(context)
    with context.cursor() as cursor:
        found = queries.country(cursor, iso3, lang)
        if found is None:
            raise NotFoundError(t("error.country", lang, iso3=iso3))
        history = queries.country_history(cursor, iso3).records()
        last_month = history[-1]["month"] if history else last
        by_mission = queries.country_missions(cursor, iso3, last_month, lang)
        memberships = queries.memberships(cursor, iso3, lang)
        senior_posts = queries.national_senior_posts(cursor, iso3, lang)
    centres = country_centres(context, iso3, lang)
    summary = ""
    if history:
        peak = max(history, key=lambda r: r["total"])
        summary = t(
            "country.summary",
            lang,
            name=found["name"],
            last=fmt_month(history[-1]["month"], lang),
            total=fmt_int(history[-1]["total"], lang),
            peak=fmt_int(peak["total"], lang),
            peak_month=fmt_month(peak["month"], lang),
        )
    chart = Chart(
        "country-history",
        t("country.history", lang),
        summary,
        [
            Series(
                t("category.military", lang),
                [r["month"] for r in history],
                [r["military"] for r in history],
            ),
            Series(
                t("category.police", lang),
                [r["month"] for r in history],
                [r["police"] for r in history],
            ),
        ],
        kind="bar",
        permalink=f"/{lang}/countries/{iso3}",
        data=queries.country_history_table(history),
        table_columns=[
            t("col.month", lang),
            t("category.military", lang),
            t("category.police", lang),
            t("col.total", lang),
        ],
        table_rows=[
            [
                fmt_month(r["month"], lang),
                fmt_int(r["military"], lang),
                fmt_int(r["police"], lang),
                fmt_int(r["total"], lang),
            ]
            for r in history
        ],
    )
    return respond(
        request,
        "country.html",
        lang,
        "contributors",
        {
            "history": queries.country_history_table(history),
            "by_mission": by_mission,
            "memberships": memberships,
            "training_centres": centres,
            "senior_posts": senior_posts,
        },
        csv_charts=(chart,),
        country=found,
        chart=chart,
        by_mission=by_mission.records(),
        memberships=memberships.records(),
        centres=centre_rows(centres, lang),
        senior_posts=senior_posts.records(),
        last_month=last_month,
    )


@router.get("/{lang}/missions/{acronym}", response_class=HTMLResponse)
def mission(
    request: Request, lang: Lang, acronym: str, context: WebContext = Depends(web_context)
) -> Response:
    check("acronym", acronym, MISSION_PATTERN)
    with context.cursor() as cursor:
        found = queries.mission(cursor, acronym, lang)
        if found is None:
            raise NotFoundError(t("error.mission", lang, acronym=acronym))
        last_month, contributors_table = queries.mission_contributors(cursor, acronym, lang)
        host_groups = queries.memberships(cursor, found["host_iso3"], lang).records()
        senior_posts = queries.mission_senior_posts(cursor, acronym, lang)
    share_rows = Table([], [])
    chart = None
    if last_month is not None:
        result, values = share_chart_parts(context, Query(mission=acronym), lang)
        share_rows = result.table
        rows = share_totals(result.table.records())
        summary = ""
        if rows:
            summary = t(
                "mission.summary",
                lang,
                mission=acronym,
                month=fmt_month(rows[-1]["month"], lang),
                share=fmt_share(rows[-1]["share"], lang),
                personnel=fmt_int(rows[-1]["group_personnel"], lang),
                total=fmt_int(rows[-1]["total_personnel"], lang),
            )
        chart = share_trend_chart(
            "mission-gap",
            t("mission.gap", lang),
            summary,
            rows,
            lang,
            indicator_csv_url("share", values),
            f"/{lang}/missions/{acronym}",
        )
    return respond(
        request,
        "mission.html",
        lang,
        "missions",
        {
            "contributors": contributors_table,
            "senior_posts": senior_posts,
            "share": share_rows,
        },
        mission=found,
        chart=chart,
        contributors=contributors_table.records(),
        senior_posts=senior_posts.records(),
        last_month=last_month,
        host_groups=host_groups,
    )
