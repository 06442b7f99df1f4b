"""The profile of one contributing country (``/{lang}/countries/{iso3}``): its personnel month by
month, where it serves, its groups, its nationals in senior posts, its training centres, women's
share, and the probable gaps of the sources."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from pkobs.i18n import Locale
from pkobs.store import site, span
from pkobs.web.charts import Chart, Series, blank_months, with_gaps
from pkobs.web.context import WebContext, web_context
from pkobs.web.formats import respond
from pkobs.web.language import in_language, page_locale, record_in_language
from pkobs.web.page_parts import latest, months_without_data, no_data_rows, site_read
from pkobs.web.params import ISO3_PATTERN, NotFoundError, check
from pkobs.web.profile_parts import gap_notes, gaps_table, source_gaps
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
    if not history_table.rows:  # it never sent anyone: a zero in every month with data
        history_table = site_read(context, "no_personnel", span.no_personnel)
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
    # the bars are stacked: each part's hover also says the bar's height, the month's total
    totals: list[str | None] = [
        locale.t("country.hover_total", total=locale.number(r["total"])) for r in history
    ]
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
                        totals,
                    )
                ),
                gap_months,
            )
            for category in ("military", "police")
        ],
        kind="bar",
        stacked=True,  # military over police: the bar's height is the month's total
        permalink=f"/{lang}/countries/{iso3}",
        data=history_table,
        table_columns=[
            locale.t("col.month"),
            locale.t("category.military"),
            locale.t("category.police"),
            locale.t("col.total"),
        ],
        table_rows=no_data_rows(
            history,
            history_table.columns,
            history_table.kinds,
            locale,
            months_without_data(context, history[0]["month"], history[-1]["month"])
            if history
            else (),
        ),
        notes=gap_notes(gaps, "mission", locale, context),
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
            "source_gaps": gaps_table(gaps, context, locale),
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
        nobody_last=bool(history) and history[-1]["total"] == 0,
    )


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
            first, final = locale.month(history[0]["month"]), locale.month(last["month"])
            return locale.t("country.never_sent", name=name, first=first, last=final)
        since = next(r for r in history if r["month"] > sent[-1]["month"])
        return locale.t(
            "profiles.sent_nobody_since",
            name=name,
            since=locale.month(since["month"]),
            last=locale.month(last["month"]),
            peak=locale.number(peak["total"]),
            peak_month=locale.month(peak["month"]),
        )
    return locale.plural(
        "country.summary",
        last["total"],
        name=name,
        last=locale.month(last["month"]),
        total=locale.number(last["total"]),
        peak=locale.number(peak["total"]),
        peak_month=locale.month(peak["month"]),
    )
