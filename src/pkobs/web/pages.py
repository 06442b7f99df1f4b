"""The HTML pages, in French under /fr/ and in English under /en/."""

from __future__ import annotations

import dataclasses
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pkobs.errors import PkobsError
from pkobs.i18n import fmt_int, fmt_month, fmt_share, t
from pkobs.indicators import ALL, INDICATORS, Params, run
from pkobs.settings import Language
from pkobs.store.query import EXPORT_FORMATS
from pkobs.table import Table
from pkobs.web import queries
from pkobs.web.api import query_params
from pkobs.web.charts import Chart, Series
from pkobs.web.context import WebContext, web_context
from pkobs.web.formats import respond, table_of
from pkobs.web.page_parts import (
    Lang,
    computed,
    form_context,
    group_names,
    indicator_csv_url,
    latest,
    series_by,
    share_cells,
    share_chart_parts,
    share_columns,
    share_series,
    share_totals,
    share_trend_chart,
)
from pkobs.web.params import Query
from pkobs.web.templating import render, url_with

router = APIRouter(include_in_schema=False)


@router.get("/")
def root(request: Request) -> Response:
    return RedirectResponse(
        f"/{preferred_language(request.headers.get('accept-language', ''))}/",
        status_code=307,
        headers={"Vary": "Accept-Language"},
    )


def preferred_language(header: str) -> Language:
    """The first of fr/en in the Accept-Language header, by quality; French by default."""
    best: tuple[float, Language] | None = None
    for index, part in enumerate(header.split(",")):
        pieces = part.strip().split(";")
        tag = pieces[0].strip().lower()[:2]
        quality = 1.0
        for piece in pieces[1:]:
            if piece.strip().startswith("q="):
                try:
                    quality = float(piece.strip()[2:])
                except ValueError:
                    quality = 0.0
        if tag in ("fr", "en") and quality > 0:
            candidate: tuple[float, Language] = (
                quality - index * 1e-6,
                "fr" if tag == "fr" else "en",
            )
            if best is None or candidate[0] > best[0]:
                best = candidate
    return best[1] if best else "fr"


@router.get("/{lang}")
def language_root(lang: Lang) -> Response:
    return RedirectResponse(f"/{lang}/", status_code=308)


@router.get("/{lang}/", response_class=HTMLResponse)
def overview(
    request: Request,
    lang: Lang,
    query: Query = Depends(query_params),
    context: WebContext = Depends(web_context),
) -> Response:
    first, last = latest(context)
    params = query.params(lang)
    result, values = share_chart_parts(context, query, lang)
    rows = result.table.records()
    meta = result.meta
    group = meta.params["group"]
    with context.cursor() as cursor:
        head = queries.headline(cursor, last)
    names = group_names(context, lang)
    short = group.upper()  # "OIF": titles stay short; the full name is in the form and summary
    totals = share_totals(rows)
    csv_url = indicator_csv_url("share", values)
    link = url_with(f"/{lang}/", values)
    summary = ""
    if totals:
        a, b = totals[0], totals[-1]
        summary = t(
            "overview.summary",
            lang,
            group=names.get(group, group),
            first=fmt_month(a["month"], lang),
            first_share=fmt_share(a["share"], lang),
            last=fmt_month(b["month"], lang),
            last_share=fmt_share(b["share"], lang),
            personnel=fmt_int(b["group_personnel"], lang),
            total=fmt_int(b["total_personnel"], lang),
        )
    trend = share_trend_chart(
        "share-trend", t("overview.trend", lang, group=short), summary, totals, lang, csv_url, link
    )
    categories = [
        r for r in rows if r["category"] in ("military", "police") and r["share"] is not None
    ]
    by_category = series_by(
        categories, "category", "share", ["military", "police"], lang, "category"
    )
    latest_by = {
        r["category"]: r
        for r in categories
        if r["month"] == (totals[-1]["month"] if totals else None)
    }
    police_summary = ""
    if "military" in latest_by and "police" in latest_by:
        police_summary = t(
            "overview.police_summary",
            lang,
            month=fmt_month(latest_by["military"]["month"], lang),
            military=fmt_share(latest_by["military"]["share"], lang),
            police=fmt_share(latest_by["police"]["share"], lang),
        )
    police = Chart(
        "police-military",
        t("overview.police_military", lang),
        police_summary,
        by_category,
        percent=True,
        csv_url=csv_url,
        permalink=link,
        table_columns=share_columns(lang, t("col.category", lang)),
        table_rows=[share_cells(r, lang, t(f"category.{r['category']}", lang)) for r in categories],
    )
    # the headline is for the latest month whatever period the charts show
    headline_query = Query(
        group=query.group, status=query.status, from_=f"{last:%Y-%m}", to=f"{last:%Y-%m}"
    )
    headline_result, _ = share_chart_parts(context, headline_query, lang)
    latest_share = next(
        (r for r in headline_result.table.records() if r["category"] == "all"), None
    )
    headline_table = table_of(
        [dataclasses.asdict(head)], [f.name for f in dataclasses.fields(head)]
    )
    return respond(
        request,
        "overview.html",
        lang,
        "overview",
        {"share": result.table, "headline": headline_table},
        head=head,
        charts=[trend, police],
        latest_share=latest_share,
        group_name=short,
        form=form_context(query, params, first, last, names),
        first=first,
        last=last,
    )


@router.get("/{lang}/contributors", response_class=HTMLResponse)
def contributors(
    request: Request,
    lang: Lang,
    query: Query = Depends(query_params),
    context: WebContext = Depends(web_context),
) -> Response:
    first, last = latest(context)
    params = query.params(lang)
    month = params.to_month or last
    # every contributor (group "all"), ranked by the contributors indicator for that one month
    ranking = Params(group=ALL, from_month=month, to_month=month, lang=lang)
    table = computed(context, "contributors", ranking).table
    return respond(
        request,
        "contributors.html",
        lang,
        "contributors",
        {"ranking": table},
        ranking_month=month,
        rows=table.records(),
        first=first,
        last=last,
        form_to=f"{month:%Y-%m}",
    )


@router.get("/{lang}/missions", response_class=HTMLResponse)
def missions(request: Request, lang: Lang, context: WebContext = Depends(web_context)) -> Response:
    _, last = latest(context)
    with context.cursor() as cursor:
        table = queries.missions(cursor, last, lang)
    return respond(
        request,
        "missions.html",
        lang,
        "missions",
        {"missions": table},
        rows=table.records(),
        last=last,
    )


@router.get("/{lang}/gender", response_class=HTMLResponse)
def gender(request: Request, lang: Lang, context: WebContext = Depends(web_context)) -> Response:
    # the gender indicator's rows for all contributors (scope "all"): one definition with the API
    result = computed(context, "gender", Params(lang=lang))
    columns = ["month", "personnel_category", "female", "personnel", "female_share"]
    table = table_of([r for r in result.table.records() if r["scope"] == "all"], columns)
    rows = table.records()
    with context.cursor() as cursor:
        targets_table = queries.gender_targets(cursor)
    targets = targets_table.records()
    names = [
        "military_contingents",
        "military_observers_staff_officers",
        "individual_police",
        "formed_police_units",
    ]
    series = series_by(rows, "personnel_category", "female_share", names, lang, "target")
    series = [s for s in series if s.x]
    last = rows[-1]["month"] if rows else None
    latest_rows = [r for r in rows if r["month"] == last]
    summary = "; ".join(
        f"{t('target.' + r['personnel_category'], lang)} : {fmt_share(r['female_share'], lang)}"
        if lang == "fr"
        else f"{t('target.' + r['personnel_category'], lang)}: {fmt_share(r['female_share'], lang)}"
        for r in latest_rows
    )
    text = t("gender.summary", lang, month=fmt_month(last, lang), values=summary) if last else ""
    first_target = min((r["year"] for r in targets), default=None)
    if last is not None and first_target is not None and last.year < first_target:
        text += " " + t("gender.no_target_yet", lang, year=first_target)
    chart = Chart(
        "gender-share",
        t("gender.chart", lang),
        text,
        series,
        percent=True,
        permalink=f"/{lang}/gender",
        data=table,
        table_columns=[
            t("col.month", lang),
            t("col.category", lang),
            t("col.female", lang),
            t("col.total", lang),
            t("col.female_share", lang),
        ],
        table_rows=[
            [
                fmt_month(r["month"], lang),
                t("target." + r["personnel_category"], lang),
                fmt_int(r["female"], lang),
                fmt_int(r["personnel"], lang),
                fmt_share(r["female_share"], lang),
            ]
            for r in rows
        ],
    )
    flagged = result.extras.get("flagged_figures")
    flagged_months = sorted({r[1] for r in flagged.rows}) if flagged else []
    flagged_note = (
        t(
            "gender.flagged",
            lang,
            count=fmt_int(len(flagged.rows), lang),
            months=", ".join(fmt_month(m, lang) for m in flagged_months),
        )
        if flagged
        else ""
    )
    tables = {"gender": table, "targets": targets_table}
    if flagged:
        tables["flagged_figures"] = flagged
    return respond(
        request,
        "gender.html",
        lang,
        "gender",
        tables,
        flagged_note=flagged_note,
        csv_charts=(chart,),
        chart=chart,
        targets=targets,
        latest_rows=latest_rows,
        last=last,
    )


@router.get("/{lang}/compare", response_class=HTMLResponse)
def compare(
    request: Request,
    lang: Lang,
    query: Query = Depends(query_params),
    context: WebContext = Depends(web_context),
) -> Response:
    first, last = latest(context)
    params = query.params(lang)
    names = group_names(context, lang)
    series: list[Series] = []
    table: list[list[str]] = []
    raw: list[dict[str, Any]] = []
    latest_values: list[str] = []
    for group in params.groups:
        one = Query(group=group, status=query.status, from_=query.from_, to=query.to)
        result, _ = share_chart_parts(context, one, lang)
        rows = share_totals(result.table.records())
        name = names.get(group, group)
        series.append(share_series(name, rows))
        raw += [{**r, "group": group} for r in rows]
        table += [share_cells(r, lang, name) for r in rows]
        if rows:
            latest_values.append(f"{name} {fmt_share(rows[-1]['share'], lang)}")
    values = query.as_query_string()
    chart = Chart(
        "compare-groups",
        t("compare.chart", lang),
        t(
            "compare.summary",
            lang,
            month=fmt_month(params.to_month or last, lang),
            values=", ".join(latest_values),
        ),
        series,
        percent=True,
        permalink=url_with(f"/{lang}/compare", values),
        csv_url=indicator_csv_url("compare", values) if "compare" in INDICATORS else None,
        table_columns=share_columns(lang, t("col.group", lang)),
        table_rows=table,
    )
    form = form_context(query, params, first, last, names)
    columns = ["month", "group", "group_personnel", "total_personnel", "share"]
    return respond(
        request,
        "compare.html",
        lang,
        "compare",
        {"compare": table_of(raw, columns)},
        chart=chart,
        form=form,
        selected=params.groups,
    )


@router.get("/{lang}/data", response_class=HTMLResponse)
def data(request: Request, lang: Lang, context: WebContext = Depends(web_context)) -> Response:
    with context.cursor() as cursor:
        counts = queries.view_counts(cursor)
    return respond(
        request,
        "data.html",
        lang,
        "data",
        {"tables": Table(["table", "rows"], [tuple(c) for c in counts])},
        counts=counts,
        formats=EXPORT_FORMATS,
        indicators=list(INDICATORS),
    )


@router.get("/{lang}/methodology", response_class=HTMLResponse)
def methodology(
    request: Request, lang: Lang, context: WebContext = Depends(web_context)
) -> Response:
    _, last = latest(context)
    definitions = []
    for name in INDICATORS:
        params = Params(lang=lang, from_month=last, to_month=last)

        def compute(name: str = name, params: Params = params) -> Any:
            with context.cursor() as cursor:
                return run(cursor, name, params).meta

        try:
            meta = context.cache.get_or_compute(("meta", context.version(), name), compute)
            definitions.append(
                {
                    "name": name,
                    "title": meta.title(lang),
                    "definition": meta.definition(lang),
                    "unit": meta.unit,
                }
            )
        except PkobsError:
            definitions.append({"name": name, "title": name, "definition": "", "unit": ""})
    with context.cursor() as cursor:
        sources = queries.sources(cursor)
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
        sources=sources.records(),
    )


@router.get("/{lang}/about", response_class=HTMLResponse)
def about(request: Request, lang: Lang) -> Response:
    return respond(request, "about.html", lang, "about", {})


def error_page(request: Request, message: str, status: int) -> Response:
    path = request.url.path
    lang: Language = "en" if path.startswith("/en") else "fr"
    return render(
        request, "error.html", lang, "error", status_code=status, message=message, status=status
    )
