"""Pages of the two registries: senior mission posts, and peacekeeping training centres.

Both pages read the indicators (``senior-posts``, ``training-centres``), so the figures shown are
those of the API and the CLI. The senior posts chart covers the registry's scope by default
(every operation active since January 2009, up to the current month).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

import babel
from fastapi import APIRouter, Depends, Request
from fastapi import Query as QueryParam
from fastapi.responses import HTMLResponse, Response

from pkobs.i18n import Locale, catalogue
from pkobs.indicators import Params
from pkobs.indicators import senior_posts as senior_posts_indicator
from pkobs.indicators.base import month_end
from pkobs.settings import Language
from pkobs.store import registry_checks, site
from pkobs.store.query import view_page
from pkobs.table import Table
from pkobs.web.api import query_params
from pkobs.web.charts import Chart, Series
from pkobs.web.context import WebContext, web_context
from pkobs.web.formats import respond
from pkobs.web.language import page_locale
from pkobs.web.page_parts import (
    computed,
    data_rows,
    form_context,
    group_names,
    indicator_csv_url,
    mission_short_names,
    series_by,
    site_read,
    with_short_names,
)
from pkobs.web.params import Query
from pkobs.web.templating import url_with

router = APIRouter(include_in_schema=False)

REGISTRY_FIRST_MONTH = dt.date(2009, 1, 31)  # the registry covers every operation since 2009
POSTS = ("all", "head_of_mission", "force_commander", "police_commissioner")
POST_PATTERN = r"^(all|head_of_mission|force_commander|police_commissioner)$"


@cache
def babel_language_names(lang: Language) -> dict[str, str]:
    """Babel's names of languages, in ``lang`` (the locale is parsed once per language)."""
    return dict(babel.Locale.parse(lang).languages)


def language_names(codes: str | None, locale: Locale) -> str:
    """``fr;en`` -> ``français, anglais`` / ``French, English`` (Babel's names)."""
    names = babel_language_names(locale.lang)
    return ", ".join(names.get(code, code) for code in (codes or "").split(";") if code)


def focus_names(focus: str | None, locale: Locale) -> str:
    messages = catalogue(locale.lang)
    values = [value for value in (focus or "").split(";") if value]
    return ", ".join(messages.get(f"focus.{value}", value.replace("_", " ")) for value in values)


def registry_date(value: str | None, locale: Locale) -> str | None:
    """A registry date at its precision: ``2013`` as is, ``2013-09`` as ``septembre 2013`` /
    ``September 2013``, ``2013-09-15`` as a long date."""
    if not value:
        return None
    parts = [int(p) for p in str(value).split("-")]
    if len(parts) == 2:
        return locale.month(dt.date(parts[0], parts[1], 1))
    if len(parts) == 3:
        return locale.date(dt.date(parts[0], parts[1], parts[2]))
    return str(value)


def centre_rows(centres: Table, locale: Locale) -> list[dict[str, Any]]:
    """The centres list with its languages, focus and dates spelled out for readers."""
    return [
        {
            **row,
            "language_names": language_names(row["languages"], locale),
            "focus_names": focus_names(row["focus"], locale),
            "founded_shown": registry_date(row.get("founded_on") or row.get("founded"), locale),
            "closed_shown": registry_date(row.get("closed"), locale),
            "first_evidence_shown": registry_date(row.get("first_evidence"), locale),
        }
        for row in centres.records()
    ]


def last_of_each_name(table: Table) -> Table:
    """``table`` with one column per name, the last: where a registry table carries both the
    transition's one-language column (``country``) and the pair ``country_fr``/``country_en``
    that :func:`pkobs.web.language.in_language` has turned into ``country`` in the page's
    language, the page's language wins."""
    last = {name: index for index, name in enumerate(table.columns)}
    keep = sorted(last.values())
    return Table(
        [table.columns[i] for i in keep],
        [tuple(row[i] for i in keep) for row in table.rows],
        table.kinds,
    )


def country_centres(context: WebContext, iso3: str, locale: Locale) -> Table:
    """The training centres of one country, from the ``training-centres`` indicator."""
    result = computed(context, "training-centres", Params(), locale)
    centres = last_of_each_name(result.extras["centres"])
    iso3_column = centres.columns.index("country_iso3")
    return Table(
        centres.columns, [r for r in centres.rows if r[iso3_column] == iso3], centres.kinds
    )


@router.get("/{lang}/senior-posts", response_class=HTMLResponse)
def senior_posts(
    request: Request,
    locale: Locale = Depends(page_locale),
    query: Query = Depends(query_params),
    post: str | None = QueryParam(None, pattern=POST_PATTERN),
    context: WebContext = Depends(web_context),
) -> Response:
    lang = locale.lang
    this_month = month_end(dt.date.today())
    # by default the period the registry was reviewed for (its later months are all "no data")
    reviewed = min(this_month, month_end(registry_checks.coverage()[1]))
    chosen = Query(
        group=query.group,
        status=query.status,
        from_=query.from_ or f"{REGISTRY_FIRST_MONTH:%Y-%m}",
        to=query.to or f"{reviewed:%Y-%m}",
        mission=None if query.mission == "all" else query.mission,  # the form's "all missions"
    )
    params = chosen.params()  # names come in both languages (nationality_fr/_en)
    result = computed(context, "senior-posts", params, locale)
    coverage = result.extras["coverage"]
    names = group_names(context, locale)
    short_names = mission_short_names(context, lang)
    # the filter's choices: each mission by its acronym in the page's language, in that order
    missions = sorted(
        (
            (code, short_names.get(code, code))
            for code in site_read(context, "senior_post_missions", site.senior_post_missions)
        ),
        key=lambda choice: choice[1],
    )
    registry_rows, uncertain_rows = site_read(
        context, "senior_post_counts", site.senior_post_counts
    )
    short = group_names(context, locale).get(params.group, params.group)
    post = None if post == "all" else post  # "all": every post type, as by default
    shown = (post,) if post else POSTS
    headline_post = post or "all"
    rows = [r for r in result.table.records() if r["post"] in shown]
    values = {**chosen.as_query_string(), **({"post": post} if post else {})}
    chart = Chart(
        "senior-posts-share",
        locale.t("senior.chart", group=short),
        senior_summary(rows, headline_post, short, locale),
        with_n(series_by(rows, "post", "share", list(shown), locale, "post"), rows, shown, locale),
        percent=True,
        csv_url=indicator_csv_url("senior-posts", chosen.as_query_string()),
        permalink=url_with(f"/{lang}/senior-posts", values),
        table_columns=[
            locale.t("col.month"),
            locale.t("col.post"),
            locale.t("col.posts_filled"),
            locale.t("col.posts_held", group=short),
            locale.t("chart.share"),
            locale.t("profiles.posts_expected"),
            locale.t("profiles.completeness"),
        ],
        table_rows=data_rows(rows, senior_posts_indicator.COLUMNS, result.table.kinds, locale),
        notes=[locale.t("profiles.senior_chart_note")],
    )
    current = with_short_names(last_of_each_name(result.extras["current"]), short_names)
    # by mission as the reader knows it (FNUOD before MINUK on /fr/, UNDOF after UNMIK on /en/)
    by = current.columns.index("short_name")
    current = Table(current.columns, sorted(current.rows, key=lambda r: r[by]), current.kinds)
    if post:
        at = current.columns.index("post")
        current = Table(current.columns, [r for r in current.rows if r[at] == post], current.kinds)
    # the headline is the latest month the registry covers (later months are "no data")
    latest = next(
        (
            r
            for r in reversed(rows)
            if r["post"] == headline_post and r.get("posts_filled") is not None
        ),
        None,
    )
    form = form_context(chosen, params, REGISTRY_FIRST_MONTH, this_month, names)
    return respond(
        request,
        "senior_posts.html",
        lang,
        "senior_posts",
        {"share": result.table, "current": current, "coverage": coverage},
        chart=chart,
        coverage=coverage,
        form_first=params.from_month,
        form_last=params.to_month,
        coverage_rows=[r for r in coverage.records() if r["post"] in (*shown, "all")],
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


def with_n(
    series: list[Series], rows: list[dict[str, Any]], posts: tuple[str, ...], locale: Locale
) -> list[Series]:
    """Each post's series (``series``, one per post of ``posts``) with the n behind each share as
    hover text (``2 of 3 posts with a known holder``): a share of 0 % or 100 % may rest on one
    known holder."""
    for one, post in zip(series, posts, strict=True):
        known = {
            r["month"]: locale.plural(
                "senior.hover_n",
                r["posts_filled"],
                held=locale.number(r["posts_held_by_group"]),
                filled=locale.number(r["posts_filled"]),
            )
            for r in rows
            if r["post"] == post and r["posts_filled"]
        }
        one.hover = [known.get(month) for month in one.x]
    return series


def senior_summary(rows: list[dict[str, Any]], post: str, group: str, locale: Locale) -> str:
    """First and last month with a filled post, in words."""
    filled = [r for r in rows if r["post"] == post and r["share"] is not None]
    if not filled:
        return ""
    first, last = filled[0], filled[-1]
    return locale.t(
        "senior.summary",
        post=locale.t(f"post.{post}"),
        group=group,
        first=locale.month(first["month"]),
        first_held=locale.number(first["posts_held_by_group"]),
        first_filled=locale.number(first["posts_filled"]),
        first_share=locale.share(first["share"]),
        last=locale.month(last["month"]),
        last_held=locale.number(last["posts_held_by_group"]),
        last_filled=locale.number(last["posts_filled"]),
        last_share=locale.share(last["share"]),
    )


REGISTRY_ROWS_AT_MOST = 100_000  # the registry's every row (about fifty), in one page of the view


def ever_listed(context: WebContext) -> tuple[list[dict[str, Any]], int]:
    """Every centre the registry has ever listed, closed ones included (the ``training_centres``
    view's rows, with ``active_from`` and ``active_to``), and how many, read once per data
    version."""
    table, total = site_read(
        context, "training_centres_ever", view_page, "training_centres", REGISTRY_ROWS_AT_MOST, 0
    )
    return table.records(), total


def open_and_closed(
    registry: tuple[list[dict[str, Any]], int], open_count: int, day: dt.date, locale: Locale
) -> str:
    """Why the registry's count and the page's differ, in words: how many centres it has ever
    listed, how many are open in ``day``'s month (``open_count``, the page's list), and which
    closed before then, each with its closing date (« Centre Pearson pour le maintien de la paix
    (fermé en septembre 2013) »)."""
    rows, ever = registry
    counts = locale.t(
        "centres.ever_and_open",
        ever=locale.plural("centres.ever", ever, n=locale.number(ever)),
        open=locale.plural(
            "centres.open", open_count, n=locale.number(open_count), month=locale.month(day)
        ),
    )
    closed = [row for row in rows if row["active_to"] is not None and row["active_to"] < day]
    if not closed:
        return counts
    name = "name_fr" if locale.lang == "fr" else "name_en"
    other = "name_en" if locale.lang == "fr" else "name_fr"
    names = [
        locale.t(
            "centres.closed_item",
            name=row[name] or row[other],
            closed=locale.t("profiles.closed", date=registry_date(row["closed"], locale)),
        )
        for row in sorted(closed, key=lambda row: (row["active_to"], row[name] or row[other]))
    ]
    return " ".join(
        (
            counts,
            locale.plural(
                "centres.closed", len(closed), n=locale.number(len(closed)), names=", ".join(names)
            ),
        )
    )


@router.get("/{lang}/training-centres", response_class=HTMLResponse)
def training_centres(
    request: Request,
    locale: Locale = Depends(page_locale),
    query: Query = Depends(query_params),
    context: WebContext = Depends(web_context),
) -> Response:
    lang = locale.lang
    chosen = Query(group=query.group, status=query.status)
    params = chosen.params()  # names come in both languages (name_fr/_en, country_fr/_en)
    result = computed(context, "training-centres", params, locale)
    centres = last_of_each_name(result.extras["centres"])
    listed = centre_rows(centres, locale)
    country_names = {row["country_iso3"]: row["country"] for row in listed}
    by_country_table = named_countries(result.table, country_names)
    by_country = [
        {**row, "language_names": language_names(row["languages"], locale)}
        for row in by_country_table.records()
    ]
    figures = {
        "centres": len(listed),
        "countries": len(by_country),
        "francophone": sum(1 for row in listed if row["francophone"]),
        "francophone_members": sum(1 for row in listed if row["francophone"] and row["is_member"]),
    }
    today = month_end(dt.date.today())
    shown = dt.date.fromisoformat(str(result.meta.params["at"]))  # the day the list is taken
    form = form_context(chosen, params, today, today, group_names(context, locale))
    return respond(
        request,
        "training_centres.html",
        lang,
        "training_centres",
        {"by_country": by_country_table, "centres": centres},
        by_country=by_country,
        centres=listed,
        figures=figures,
        shown_month=shown,
        open_and_closed=open_and_closed(ever_listed(context), len(listed), shown, locale),
        group_name=group_names(context, locale).get(params.group, params.group),
        form=form,
    )


def named_countries(table: Table, names: dict[str, str]) -> Table:
    """The by-country table with each ``country`` named in the page's language (``names``:
    ISO-3 code -> name, from the centres list)."""
    iso3, country = table.columns.index("country_iso3"), table.columns.index("country")
    rows = [
        tuple(names.get(row[iso3], row[country]) if i == country else v for i, v in enumerate(row))
        for row in table.rows
    ]
    return Table(table.columns, rows, table.kinds)
