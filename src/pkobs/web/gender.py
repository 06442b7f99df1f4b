"""The gender page (``/{lang}/gender``): women's share by personnel category for all
contributors, and the chosen group (the OIF by default) against all contributors, with the
yearly targets; the figures printed under the wrong sex, left out of the share, are named."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from pkobs.i18n import Locale
from pkobs.indicators import Params
from pkobs.indicators.gender import left_out_notes
from pkobs.store import site
from pkobs.table import Column, Table
from pkobs.web.api import query_params
from pkobs.web.charts import Chart, Series, with_gaps
from pkobs.web.context import WebContext, web_context
from pkobs.web.formats import respond, table_of
from pkobs.web.language import page_locale
from pkobs.web.page_parts import (
    computed,
    form_context,
    group_names,
    latest,
    mission_short_names,
    months_without_data,
    no_data_rows,
    series_by,
    site_read,
    with_short_names,
)
from pkobs.web.params import Query
from pkobs.web.templating import url_with

router = APIRouter(include_in_schema=False)


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
    share computed from the integer sums). A month where one category has no believable split
    (no women given: August 2020) has no pooled women and no share either: the other
    categories alone would not compare with the months around it."""
    sums: dict[tuple[dt.date, str], tuple[int | None, int]] = {}
    for r in records:
        key = (r["month"], r["scope"])
        female, known = sums.get(key, (0, 0))
        if female is not None and r["female"] is not None:
            female += int(r["female"])
        else:
            female = None
        sums[key] = (female, known + int(r["personnel"] or 0))
    return [
        {
            "month": month,
            "scope": scope,
            "female": female,
            "personnel": personnel,
            "female_share": female / personnel if personnel and female is not None else None,
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
    # the months no source covers, between the first and the last with a share: a row each
    no_data = months_without_data(context, rows[0]["month"], last) if rows else ()
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
        table_rows=no_data_rows(
            rows,
            GENDER_COLUMNS,
            result.table.kinds,
            locale,
            no_data,
            {"personnel_category": ""},
        ),
    )
    names = group_names(context, locale)
    group_name = names.get(chosen.group, chosen.group)
    compare_chart, compare_table = gender_compare_chart(
        pooled(records),
        group_name,
        result.table,
        locale,
        url_with(f"/{lang}/gender", query.as_query_string()),
        no_data,
    )
    by_category = gender_by_category(records, last)
    # the figures left out of the share as printed under the wrong sex: one sentence a month
    flagged = result.extras.get("flagged_figures")
    notes = left_out_notes(result)
    flagged_notes = [locale.message(note) for note in notes]
    months = sorted({note.values["month"].value for note in notes})
    flagged_months = ", ".join(locale.month(m) for m in months)
    tables = {
        "gender": table,
        "gender_group": group_table,
        "group_against_all": compare_table,
        "targets": targets_table,
    }
    if flagged:  # each mission's acronym in the page's language beside its code
        tables["flagged_figures"] = with_short_names(flagged, mission_short_names(context, lang))
    return respond(
        request,
        "gender.html",
        lang,
        "gender",
        tables,
        flagged_notes=flagged_notes,
        flagged_months=flagged_months,
        has_flagged_figures=bool(flagged),
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
    no_data: Sequence[dt.date] = (),
) -> tuple[Chart, Table]:
    """Women's share, all categories together: the group against all contributors (a row
    reading "no data" for each month of ``no_data``)."""
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
        table_rows=no_data_rows(
            shown,
            POOLED_COLUMNS,
            {**table.kinds, "scope": Column("scope")},
            locale,
            no_data,
            {"scope": ""},
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
