"""Profile pages: one per contributing country and one per mission, in French and English."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from pkobs.i18n import Locale
from pkobs.render.cells import human_rows
from pkobs.store import site
from pkobs.table import Table
from pkobs.web.charts import Chart, Series
from pkobs.web.context import WebContext, web_context
from pkobs.web.formats import respond
from pkobs.web.language import in_language, page_locale, record_in_language
from pkobs.web.page_parts import (
    indicator_csv_url,
    latest,
    share_chart_parts,
    share_totals,
    share_trend_chart,
    site_read,
)
from pkobs.web.params import ISO3_PATTERN, MISSION_PATTERN, NotFoundError, Query, check
from pkobs.web.registries import centre_rows, country_centres

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
    summary = ""
    if history:
        peak = max(history, key=lambda r: r["total"])
        summary = locale.t(
            "country.summary",
            name=found["name"],
            last=locale.month(history[-1]["month"]),
            total=locale.number(history[-1]["total"]),
            peak=locale.number(peak["total"]),
            peak_month=locale.month(peak["month"]),
        )
    chart = Chart(
        "country-history",
        locale.t("country.history"),
        summary,
        [
            Series(
                locale.t("category.military"),
                [r["month"] for r in history],
                [r["military"] for r in history],
            ),
            Series(
                locale.t("category.police"),
                [r["month"] for r in history],
                [r["police"] for r in history],
            ),
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
        },
        csv_charts=(chart,),
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
    contributors_table = by_size_then_name(in_language(contributors, lang))
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
        contributors_table=contributors_table,
        contributors=contributors_table.records(),
        senior_posts=senior_posts.records(),
        last_month=last_month,
        host_groups=host_groups,
    )
