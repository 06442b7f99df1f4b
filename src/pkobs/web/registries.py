"""Pages of the two registries: senior mission posts, and peacekeeping training centres.

Both pages read the indicators (``senior-posts``, ``training-centres``), so the figures shown are
those of the API and the CLI. The senior posts chart covers the registry's scope by default
(every operation active since January 2009, up to the current month).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from babel import Locale
from fastapi import APIRouter, Depends, Request
from fastapi import Query as QueryParam
from fastapi.responses import HTMLResponse, Response

from pkobs.i18n import catalogue, fmt_int, fmt_month, fmt_share, t
from pkobs.indicators import Params
from pkobs.indicators.base import month_end
from pkobs.settings import Language
from pkobs.table import Table
from pkobs.web import queries
from pkobs.web.api import query_params
from pkobs.web.charts import Chart
from pkobs.web.context import WebContext, web_context
from pkobs.web.formats import respond
from pkobs.web.page_parts import (
    Lang,
    computed,
    form_context,
    group_names,
    indicator_csv_url,
    series_by,
)
from pkobs.web.params import Query
from pkobs.web.templating import url_with

router = APIRouter(include_in_schema=False)

REGISTRY_FIRST_MONTH = dt.date(2009, 1, 31)  # the registry covers every operation since 2009
POSTS = ("all", "head_of_mission", "force_commander", "police_commissioner")
POST_PATTERN = r"^(all|head_of_mission|force_commander|police_commissioner)$"


def language_names(codes: str | None, lang: Language) -> str:
    """``fr;en`` -> ``français, anglais`` / ``French, English`` (Babel's names)."""
    names = Locale.parse(lang).languages
    return ", ".join(names.get(code, code) for code in (codes or "").split(";") if code)


def focus_names(focus: str | None, lang: Language) -> str:
    messages = catalogue(lang)
    values = [value for value in (focus or "").split(";") if value]
    return ", ".join(messages.get(f"focus.{value}", value.replace("_", " ")) for value in values)


def centre_rows(centres: Table, lang: Language) -> list[dict[str, Any]]:
    """The centres list with its languages and focus spelled out for readers."""
    return [
        {
            **row,
            "language_names": language_names(row["languages"], lang),
            "focus_names": focus_names(row["focus"], lang),
        }
        for row in centres.records()
    ]


def country_centres(context: WebContext, iso3: str, lang: Language) -> Table:
    """The training centres of one country, from the ``training-centres`` indicator."""
    centres = computed(context, "training-centres", Params(lang=lang)).extras["centres"]
    return Table(centres.columns, [r for r in centres.rows if r[2] == iso3])


@router.get("/{lang}/senior-posts", response_class=HTMLResponse)
def senior_posts(
    request: Request,
    lang: Lang,
    query: Query = Depends(query_params),
    post: str | None = QueryParam(None, pattern=POST_PATTERN),
    context: WebContext = Depends(web_context),
) -> Response:
    this_month = month_end(dt.date.today())
    chosen = Query(
        group=query.group,
        status=query.status,
        from_=query.from_ or f"{REGISTRY_FIRST_MONTH:%Y-%m}",
        to=query.to or f"{this_month:%Y-%m}",
        mission=None if query.mission == "all" else query.mission,  # the form's "all missions"
    )
    params = chosen.params(lang)
    result = computed(context, "senior-posts", params)
    names = group_names(context, lang)
    with context.cursor() as cursor:
        missions = queries.senior_post_missions(cursor)
        registry_rows, uncertain_rows = queries.senior_post_counts(cursor)
    short = params.group.upper()
    post = None if post == "all" else post  # "all": every post type, as by default
    shown = (post,) if post else POSTS
    headline_post = post or "all"
    rows = [r for r in result.table.records() if r["post"] in shown]
    values = {**chosen.as_query_string(), **({"post": post} if post else {})}
    chart = Chart(
        "senior-posts-share",
        t("senior.chart", lang, group=short),
        senior_summary(rows, headline_post, short, lang),
        series_by(rows, "post", "share", list(shown), lang, "post"),
        percent=True,
        csv_url=indicator_csv_url("senior-posts", chosen.as_query_string()),
        permalink=url_with(f"/{lang}/senior-posts", values),
        table_columns=[
            t("col.month", lang),
            t("col.post", lang),
            t("col.posts_filled", lang),
            t("col.posts_held", lang, group=short),
            t("chart.share", lang),
        ],
        table_rows=[
            [
                fmt_month(r["month"], lang),
                t(f"post.{r['post']}", lang),
                fmt_int(r["posts_filled"], lang),
                fmt_int(r["posts_held_by_group"], lang),
                fmt_share(r["share"], lang),
            ]
            for r in rows
        ],
    )
    current = result.extras["current"]
    if post:
        current = Table(current.columns, [r for r in current.rows if r[1] == post])
    latest = next((r for r in reversed(rows) if r["post"] == headline_post), None)
    form = form_context(chosen, params, REGISTRY_FIRST_MONTH, this_month, names)
    return respond(
        request,
        "senior_posts.html",
        lang,
        "senior_posts",
        {"share": result.table, "current": current},
        chart=chart,
        current=current.records(),
        latest=latest,
        headline_post=headline_post,
        group_name=short,
        form=form,
        missions=missions,
        mission=params.mission or "",
        post=post or "all",
        posts=POSTS,
        registry_rows=registry_rows,
        uncertain_rows=uncertain_rows,
    )


def senior_summary(rows: list[dict[str, Any]], post: str, group: str, lang: Language) -> str:
    """First and last month with a filled post, in words."""
    filled = [r for r in rows if r["post"] == post and r["share"] is not None]
    if not filled:
        return ""
    first, last = filled[0], filled[-1]
    return t(
        "senior.summary",
        lang,
        post=t(f"post.{post}", lang),
        group=group,
        first=fmt_month(first["month"], lang),
        first_held=fmt_int(first["posts_held_by_group"], lang),
        first_filled=fmt_int(first["posts_filled"], lang),
        first_share=fmt_share(first["share"], lang),
        last=fmt_month(last["month"], lang),
        last_held=fmt_int(last["posts_held_by_group"], lang),
        last_filled=fmt_int(last["posts_filled"], lang),
        last_share=fmt_share(last["share"], lang),
    )


@router.get("/{lang}/training-centres", response_class=HTMLResponse)
def training_centres(
    request: Request,
    lang: Lang,
    query: Query = Depends(query_params),
    context: WebContext = Depends(web_context),
) -> Response:
    chosen = Query(group=query.group, status=query.status)
    params = chosen.params(lang)
    result = computed(context, "training-centres", params)
    centres = result.extras["centres"]
    listed = centre_rows(centres, lang)
    by_country = [
        {**row, "language_names": language_names(row["languages"], lang)}
        for row in result.table.records()
    ]
    figures = {
        "centres": len(listed),
        "countries": len(by_country),
        "francophone": sum(1 for row in listed if row["francophone"]),
        "francophone_members": sum(1 for row in listed if row["francophone"] and row["is_member"]),
    }
    today = month_end(dt.date.today())
    form = form_context(chosen, params, today, today, group_names(context, lang))
    return respond(
        request,
        "training_centres.html",
        lang,
        "training_centres",
        {"by_country": result.table, "centres": centres},
        by_country=by_country,
        centres=listed,
        figures=figures,
        group_name=params.group.upper(),
        form=form,
    )
