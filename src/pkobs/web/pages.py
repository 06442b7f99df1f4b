"""The HTML pages, in French under /fr/ and in English under /en/.

Each page gets the request's one :class:`pkobs.i18n.Locale` from :func:`page_locale` (the URL's
language) and renders with it: sentences are catalogue keys, values are formatted by the Locale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pkobs.errors import PkobsError
from pkobs.i18n import Locale, catalogue
from pkobs.indicators import INDICATORS, IndicatorResult, Params, compute
from pkobs.indicators.drivers import drivers_headline
from pkobs.render import results, xlsx
from pkobs.render.export import EXPORT_FORMATS
from pkobs.settings import Language
from pkobs.store import site
from pkobs.store.datapackage import ViewShape, view_shapes
from pkobs.web.api import query_params
from pkobs.web.charts import Chart, Series
from pkobs.web.context import WebContext, web_context
from pkobs.web.contributors import contributors_form
from pkobs.web.formats import respond, table_of
from pkobs.web.language import Lang, in_language, page_locale, preferred_language, url_language
from pkobs.web.page_parts import (
    data_month_values,
    database,
    form_context,
    group_names,
    indicator_csv_url,
    latest,
    months_without_data,
    series_by,
    share_chart_parts,
    share_columns,
    share_rows,
    share_series,
    share_totals,
    share_trend_chart,
    site_read,
)
from pkobs.web.params import Query
from pkobs.web.templating import render, url_with

__all__ = ["error_page", "preferred_language", "router"]

router = APIRouter(include_in_schema=False)


@router.get("/")
def root(request: Request) -> Response:
    return RedirectResponse(
        f"/{preferred_language(request.headers.get('accept-language', ''))}/",
        status_code=307,
        headers={"Vary": "Accept-Language"},
    )


@router.get("/{lang}")
def language_root(lang: Lang) -> Response:
    return RedirectResponse(f"/{lang}/", status_code=308)


@router.get("/{lang}/", response_class=HTMLResponse)
def overview(
    request: Request,
    locale: Locale = Depends(page_locale),
    query: Query = Depends(query_params),
    context: WebContext = Depends(web_context),
) -> Response:
    lang = locale.lang
    first, last = latest(context)
    params = query.params()
    result, values = share_chart_parts(context, query, locale)
    rows = result.table.records()
    meta = result.meta
    group = meta.params["group"]
    head = site_read(context, "headline", site.headline, last, params.kinds)
    names = group_names(context, locale)
    short = group.upper()  # "OIF": titles stay short; the full name is in the form and summary
    totals = share_totals(rows)
    no_data = months_without_data(context, params.from_month, params.to_month)
    csv_url = indicator_csv_url("share", values)
    link = url_with(f"/{lang}/", values)
    summary = ""
    if totals:
        a, b = totals[0], totals[-1]
        summary = locale.t(
            "overview.summary",
            group=names.get(group, group),
            first=locale.month(a["month"]),
            first_share=locale.share(a["share"]),
            last=locale.month(b["month"]),
            last_share=locale.share(b["share"]),
            personnel=locale.number(b["group_personnel"]),
            total=locale.number(b["total_personnel"]),
        )
    trend = share_trend_chart(
        "share-trend",
        locale.t("overview.trend", group=short),
        summary,
        totals,
        result.table.kinds,
        locale,
        csv_url,
        link,
        no_data,
    )
    categories = [
        r for r in rows if r["category"] in ("military", "police") and r["share"] is not None
    ]
    by_category = series_by(
        categories, "category", "share", ["military", "police"], locale, "category"
    )
    latest_by = {
        r["category"]: r
        for r in categories
        if r["month"] == (totals[-1]["month"] if totals else None)
    }
    police_summary = ""
    if "military" in latest_by and "police" in latest_by:
        police_summary = locale.t(
            "overview.police_summary",
            month=locale.month(latest_by["military"]["month"]),
            military=locale.share(latest_by["military"]["share"]),
            police=locale.share(latest_by["police"]["share"]),
        )
    police = Chart(
        "police-military",
        locale.t("overview.police_military"),
        police_summary,
        by_category,
        percent=True,
        csv_url=csv_url,
        permalink=link,
        table_columns=share_columns(locale, locale.t("col.category")),
        table_rows=share_rows(
            categories, result.table.kinds, locale, between="category", no_data=no_data
        ),
    )
    # the headline is for the latest month whatever period the charts show
    headline_query = Query(
        group=query.group,
        status=query.status,
        from_=f"{last:%Y-%m}",
        to=f"{last:%Y-%m}",
        kind=query.kind,
    )
    headline_result, _ = share_chart_parts(context, headline_query, locale)
    latest_share = next(
        (r for r in headline_result.table.records() if r["category"] == "all"), None
    )
    cause = overview_cause(context, query, last, locale)
    kinds_note = ""
    if params.kinds == ("pko",):
        kinds_note = locale.t("overview.kinds.pko")
    elif params.kinds:
        names_of_kinds = ", ".join(locale.t(f"mission_kind.{k}") for k in params.kinds)
        kinds_note = locale.t("overview.kinds.other", kinds=names_of_kinds)
    return respond(
        request,
        "overview.html",
        lang,
        "overview",
        {"share": result.table, "headline": site.headline_table(head)},
        head=head,
        charts=[trend, police],
        latest_share=latest_share,
        cause=cause,
        kinds_note=kinds_note,
        group_name=short,
        form=form_context(query, params, first, last, names, data_month_values(context)),
        first=first,
        last=last,
    )


def overview_form(request: Request, context: WebContext, locale: Locale) -> dict[str, Any]:
    """The overview's period form for the query of ``request`` (on its 404 page)."""
    first, last = latest(context)
    query = Query(
        group=request.query_params.get("group"),
        status=request.query_params.get("status"),
        from_=request.query_params.get("from"),
        to=request.query_params.get("to"),
        kind=request.query_params.get("kind"),
    )
    names = group_names(context, locale)
    form = form_context(query, query.params(), first, last, names, data_month_values(context))
    return {**form, "kind_of_form": "period", "action": f"/{locale.lang}/"}


def overview_cause(context: WebContext, query: Query, last: dt.date, locale: Locale) -> str:
    """The overview's headline sentence: what moved the group's personnel and share over the
    twelve months up to the latest month (the ``drivers`` indicator's top drivers); empty when
    the indicator cannot say (a group it does not know, no data twelve months earlier)."""
    params = query.params()
    chosen = Params(group=params.group, statuses=params.statuses, to_month=last, kinds=params.kinds)
    # the language-free result (the one page_parts.computed caches, before in_language)
    key = ("page-indicator", context.version(), "drivers", repr(chosen))

    def calculate() -> IndicatorResult:
        cube = context.aggregates()
        with database(context) as db:
            return compute(db, "drivers", chosen, cube)

    try:
        return locale.message(drivers_headline(context.cache.get_or_compute(key, calculate)))
    except PkobsError:
        return ""


@router.get("/{lang}/missions", response_class=HTMLResponse)
def missions(
    request: Request,
    locale: Locale = Depends(page_locale),
    context: WebContext = Depends(web_context),
) -> Response:
    _, last = latest(context)
    table = in_language(site_read(context, "missions", site.missions, last), locale.lang)
    return respond(
        request,
        "missions.html",
        locale.lang,
        "missions",
        {"missions": table},
        table=table,
        rows=table.records(),
        last=last,
    )


# the contributors ranking and the gender page are in web/profiles.py


@router.get("/{lang}/compare", response_class=HTMLResponse)
def compare(
    request: Request,
    locale: Locale = Depends(page_locale),
    query: Query = Depends(query_params),
    context: WebContext = Depends(web_context),
) -> Response:
    lang = locale.lang
    first, last = latest(context)
    # the form's checkboxes send one groups= per group; a link's groups=oif,au,eu works as before
    sent = request.query_params.getlist("groups")
    if len(sent) > 1:
        query = replace(query, groups=",".join(sent))
    params = query.params()
    names = group_names(context, locale)
    # every known group, the French-speaking countries right after the OIF (as in every choice)
    first_ids = [g for g in ("oif", "francophone") if g in names]
    choices = [
        (group_id, names[group_id], group_id in params.groups)
        for group_id in [*first_ids, *(g for g in names if g not in first_ids)]
    ]
    series: list[Series] = []
    table: list[list[str]] = []
    raw: list[dict[str, Any]] = []
    latest_values: list[str] = []
    no_data = months_without_data(context, params.from_month, params.to_month)
    for group in params.groups:
        one = Query(group=group, status=query.status, from_=query.from_, to=query.to)
        result, _ = share_chart_parts(context, one, locale)
        rows = share_totals(result.table.records())
        name = names.get(group, group)
        series.append(share_series(name, rows))
        raw += [{**r, "group": group} for r in rows]
        named = [{**r, "group_name": name} for r in rows]
        table += share_rows(
            named, result.table.kinds, locale, "group_name", no_data, between_value=name
        )
        if rows:
            latest_values.append(
                locale.t("compare.summary_item", group=name, share=locale.share(rows[-1]["share"]))
            )
    values = query.as_query_string()
    chart = Chart(
        "compare-groups",
        locale.t("compare.chart"),
        locale.t(
            "compare.summary",
            month=locale.month(params.to_month or last),
            values=", ".join(latest_values),
        ),
        series,
        percent=True,
        permalink=url_with(f"/{lang}/compare", values),
        csv_url=indicator_csv_url("compare", values) if "compare" in INDICATORS else None,
        table_columns=share_columns(locale, locale.t("col.group")),
        table_rows=table,
    )
    form = form_context(query, params, first, last, names, data_month_values(context))
    columns = ["month", "group", "group_personnel", "total_personnel", "share"]
    return respond(
        request,
        "compare.html",
        lang,
        "compare",
        {"compare": table_of(raw, columns)},
        chart=chart,
        form=form,
        choices=choices,
    )


@router.get("/{lang}/data", response_class=HTMLResponse)
def data(
    request: Request,
    locale: Locale = Depends(page_locale),
    context: WebContext = Depends(web_context),
) -> Response:
    counts = site_read(context, "view_counts", site.view_counts)
    shapes = site_read(context, "view_shapes", view_shapes)
    return respond(
        request,
        "data.html",
        locale.lang,
        "data",
        {"tables": counts},
        counts=counts,
        formats=EXPORT_FORMATS,
        xlsx_rows=xlsx.MAX_ROWS - 1,  # a longer table is not offered as XLSX (it would be refused)
        indicators=list(INDICATORS),
        described=[described_table(shape, locale) for shape in shapes],
        version=context.version(),
    )


def described_table(shape: ViewShape, locale: Locale) -> dict[str, Any]:
    """One downloadable table in plain words: what it holds, what a row is, its columns (a
    column that means something else in this table has its own words,
    ``data.column.<table>.<column>``)."""
    words = catalogue(locale.lang)
    columns = []
    for name, kind in shape.fields:
        key = f"data.column.{shape.name}.{name}"
        if key not in words:
            key = f"data.column.{name}"
        columns.append({"name": name, "type": kind, "words": locale.t(key) if key in words else ""})
    return {
        "name": shape.name,
        "description": locale.t(f"table.{shape.name}"),
        "row": locale.t("data.one_row", row=locale.t(f"data.row.{shape.name}")),
        "columns": columns,
    }


@router.get("/{lang}/methodology", response_class=HTMLResponse)
def methodology(
    request: Request,
    locale: Locale = Depends(page_locale),
    context: WebContext = Depends(web_context),
) -> Response:
    lang = locale.lang
    _, last = latest(context)
    definitions = []
    for name in INDICATORS:
        # the metadata is language-free (titles in both languages): computed once per version
        # drivers compares two months: a one-month range is an error for it
        params = (
            Params(to_month=last) if name == "drivers" else Params(from_month=last, to_month=last)
        )

        def metadata(name: str = name, params: Params = params) -> Any:
            with database(context) as db:
                return compute(db, name, params).meta

        try:
            meta = context.cache.get_or_compute(("meta", context.version(), name), metadata)
            definitions.append(
                {
                    "name": name,
                    "title": results.title(meta, lang),
                    "definition": results.definition(meta, lang),
                    "unit": meta.unit,
                    "unit_lang": "en",  # an indicator's unit is declared in English
                }
            )
        except PkobsError:
            definitions.append({"name": name, "title": name, "definition": "", "unit": ""})
    sources = site_read(context, "sources", site.sources)
    return respond(
        request,
        "methodology.html",
        lang,
        "methodology",
        {
            "definitions": table_of(definitions, ["name", "title", "definition", "unit"]),
            "sources": sources,
        },
        definitions=definitions,
        sources_table=sources,
        sources=sources.records(),
    )


@router.get("/{lang}/about", response_class=HTMLResponse)
def about(request: Request, locale: Locale = Depends(page_locale)) -> Response:
    return respond(request, "about.html", locale.lang, "about", {})


def error_page(
    request: Request,
    message: str,
    status: int,
    lang: Language | None = None,
    links: list[tuple[str, str]] | None = None,
) -> Response:
    """The error page in ``lang``: the language ``message`` was rendered in (by default the
    URL's, French outside /fr/ and /en/), with ``links`` (address, words) before the link back
    to the overview, and, on a 404 of a page in :data:`ERROR_FORMS` (a period without data),
    that page's form, so that the reader can choose another month."""
    shown: Language = lang or url_language(request.url.path) or "fr"
    return render(
        request,
        "error.html",
        shown,
        "error",
        status_code=status,
        message=message,
        status=status,
        links=links or [],
        form=error_form(request, status, shown),
    )


FormBuilder = Callable[[Request, WebContext, Locale], dict[str, Any]]

# the pages whose 404 keeps their form, by route path (as app.py names the routes)
ERROR_FORMS: dict[str, FormBuilder] = {
    "/{lang}/": overview_form,
    "/{lang}/contributors": contributors_form,
}


def error_form(request: Request, status: int, lang: Language) -> dict[str, Any] | None:
    """The form of the page that answered ``status`` 404 (see :data:`ERROR_FORMS`), for the
    query asked; ``None`` on another status, another page, or when the form cannot be built."""
    route = request.scope.get("route")
    build = ERROR_FORMS.get(getattr(route, "path", ""))
    context = getattr(request.app.state, "web", None)
    if status != 404 or build is None or not isinstance(context, WebContext):
        return None
    try:
        return build(request, context, Locale(lang))
    except PkobsError:  # a query the page refuses (its own error is the one shown)
        return None
