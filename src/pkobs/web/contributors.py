"""The contributors ranking (``/{lang}/contributors``): every contributor of one month with the
members of the OIF and the French-speaking countries marked, or one group's members ranked among
themselves beside their rank among all. Its form offers the months with data; a month without data
is a 404 page that keeps the form (:func:`ranking_form`, used by ``pages.error_page``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from pkobs.i18n import Locale
from pkobs.indicators import ALL, Params
from pkobs.store import site
from pkobs.table import Column, Table
from pkobs.web.api import query_params
from pkobs.web.context import WebContext, web_context
from pkobs.web.formats import respond
from pkobs.web.language import page_locale
from pkobs.web.page_parts import computed, data_month_values, group_names, latest, site_read
from pkobs.web.params import Query
from pkobs.web.profile_parts import with_marks

router = APIRouter(include_in_schema=False)


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
    everyone = computed(
        context, "contributors", Params(group=ALL, from_month=month, to_month=month), locale
    ).table
    table = everyone
    summary = ""
    if group != ALL:
        chosen = Params(
            group=group,
            statuses=params.statuses,
            from_month=month,
            to_month=month,
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
        form=ranking_form(context, locale, month, group, params.statuses, (first, last)),
        group=group,
        group_name=names.get(group, group),
        summary=summary,
    )


def ranking_form(
    context: WebContext,
    locale: Locale,
    month: dt.date,
    group: str,
    statuses: tuple[str, ...],
    span: tuple[dt.date, dt.date],
) -> dict[str, Any]:
    """The ranking form's values (``_macros.html``, ``ranking_form``): the month shown (moved
    to the nearest month with data by its picker), the group, the statuses, the data's span."""
    first, last = span
    return {
        "to": f"{month:%Y-%m}",
        "min": f"{first:%Y-%m}",
        "max": f"{last:%Y-%m}",
        "months": data_month_values(context),
        "group": group,
        "groups": group_names(context, locale),
        "status": ",".join(statuses),
        "kind_of_form": "ranking",
        "action": f"/{locale.lang}/contributors",
    }


def contributors_form(request: Request, context: WebContext, locale: Locale) -> dict[str, Any]:
    """The ranking form for the query of ``request`` (on its 404 page: a month without data)."""
    first, last = latest(context)
    query = Query(
        group=request.query_params.get("group"),
        status=request.query_params.get("status"),
        to=request.query_params.get("to"),
    )
    params = query.params()
    month = params.to_month or last
    return ranking_form(context, locale, month, query.group or ALL, params.statuses, (first, last))


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
