"""The contributors ranking (``/{lang}/contributors``): every contributor of one month with the
members of the OIF and the French-speaking countries marked, or one group's members ranked among
themselves beside their rank among all."""

from __future__ import annotations

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
from pkobs.web.page_parts import computed, group_names, latest, site_read
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
        form_to=f"{month:%Y-%m}",
        group=group,
        group_name=names.get(group, group),
        groups=names,
        status=",".join(params.statuses),
        summary=summary,
    )


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
