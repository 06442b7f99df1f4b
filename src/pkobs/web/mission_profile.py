"""The profile of one mission (``/{lang}/missions/{acronym}``): its host, its contributors of the
last month with personnel (francophone lenses marked), the group's share month by month, and the
holders of its senior posts. The URL keeps the canonical code (``UNIFIL``); the page names the
mission by the acronym of its language (FINUL on ``/fr/``)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from pkobs.i18n import Locale
from pkobs.store import site
from pkobs.table import Table
from pkobs.web.charts import blank_months
from pkobs.web.context import WebContext, web_context
from pkobs.web.formats import respond
from pkobs.web.language import in_language, page_locale, record_in_language
from pkobs.web.page_parts import (
    indicator_csv_url,
    months_without_data,
    share_chart_parts,
    share_totals,
    share_trend_chart,
    site_read,
)
from pkobs.web.params import MISSION_PATTERN, NotFoundError, Query, check
from pkobs.web.profile_parts import (
    by_size_then_name,
    gap_notes,
    gaps_table,
    source_gaps,
    with_marks,
)

router = APIRouter(include_in_schema=False)


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
    after_mandate = ""
    if last_month is not None:
        result, values = share_chart_parts(context, Query(mission=acronym), locale)
        share_rows = result.table
        rows = share_totals(result.table.records())
        summary = ""
        if rows:
            # the profile's month: after the mandate's end, the drawdown is said, not shown
            shown = next((r for r in reversed(rows) if r["month"] <= last_month), rows[-1])
            summary = locale.t(
                "mission.summary",
                mission=found["short_name"],
                month=locale.month(shown["month"]),
                share=locale.share(shown["share"]),
                personnel=locale.number(shown["group_personnel"]),
                total=locale.number(shown["total_personnel"]),
            )
            if rows[-1]["month"] > last_month and found["end_date"] is not None:
                after_mandate = locale.t(
                    "mission.after_mandate",
                    mission=found["short_name"],
                    end=locale.date(found["end_date"]),
                    last=locale.month(rows[-1]["month"]),
                    month=locale.month(last_month),
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
            # within the mission's months, those no source covers are a row each
            months_without_data(context, rows[0]["month"], rows[-1]["month"]) if rows else (),
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
            "source_gaps": gaps_table(gaps, context, locale),
        },
        mission=found,
        chart=chart,
        contributors_table=contributors_table,
        contributors=contributors_table.records(),
        senior_posts=senior_posts.records(),
        last_month=last_month,
        after_mandate=after_mandate,
        host_groups=host_groups,
    )
