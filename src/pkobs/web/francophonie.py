"""The Francophonie page (``/fr/francophonie``, ``/en/francophonie``, also ``.json``/``.csv``).

For one period (``?from=&to=``, or ``?month=`` for its end; by default the twelve months up to
the latest) and one of the two francophone lenses (``?group=oif|francophone``):

- the group's share of all, military and police personnel at both ends, and its trend (the
  ``share`` indicator, drawn with its data table and CSV link);
- the linguistic gap in every mission hosted by a member at the end month (the
  ``linguistic-gap`` indicator), split into military and police with each mission's size.
  Only peacekeeping operations of at least :data:`MIN_PERSONNEL` uniformed personnel are
  ranked; smaller missions and political missions (``missions.kind`` ``spm``/``support``) are
  listed apart, never at the top;
- the members that sent nobody at the end month, since when; those that started or stopped
  contributing over the period; the largest member contributors with their change.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from pkobs.i18n import Locale
from pkobs.indicators import Params
from pkobs.indicators.base import add_months
from pkobs.indicators.drivers import MIN_PERSONNEL as DRIVERS_MIN_PERSONNEL
from pkobs.render.groups import members_phrase
from pkobs.store import francophonie as store
from pkobs.store.gaps import comparable
from pkobs.table import Column, Table
from pkobs.web import params as p
from pkobs.web.charts import Chart
from pkobs.web.context import WebContext, web_context
from pkobs.web.formats import respond
from pkobs.web.map import reader_tables
from pkobs.web.page_parts import (
    Lang,
    computed,
    data_month_values,
    group_names,
    indicator_csv_url,
    latest,
    series_by,
    share_columns,
    share_rows,
    site_read,
)
from pkobs.web.templating import url_with

__all__ = ["GROUPS", "MIN_PERSONNEL", "PERIOD_MONTHS", "router"]

router = APIRouter(include_in_schema=False)

GROUPS = ("oif", "francophone")
# uniformed personnel: below it a mission is listed apart, never ranked (the drivers' headline
# never names it either: one minimum for the page, the headline and the bulletin)
MIN_PERSONNEL = DRIVERS_MIN_PERSONNEL
PERIOD_MONTHS = 12  # the default period: twelve months up to the end month
TOP = 10  # the largest member contributors shown
POLITICAL_KINDS = ("spm", "support")
CATEGORIES = ("all", "military", "police")
NEVER = dt.date(1, 1, 1)

MISSIONS = (
    Column("ranked", "flag"),
    Column("apart", "category"),
)
NOBODY = (
    Column("iso3", "code"),
    Column("name_en", "text"),
    Column("name_fr", "text"),
    Column("status", "category"),
    Column("last_personnel", "month"),
    Column("nobody_since", "month"),
    Column("probable_source_gap", "flag"),
)
STARTED = (
    *NOBODY[:4],
    Column("first_in_period", "month"),
    Column("first_personnel", "month"),
    Column("total_last", "count", "personnel"),
)
STOPPED = (
    *NOBODY[:4],
    Column("last_in_period", "month"),
    Column("total_first", "count", "personnel"),
)
TOP_COLUMNS = (
    Column("rank", "count", "rank"),
    *NOBODY[:4],
    Column("military_last", "count", "personnel"),
    Column("police_last", "count", "personnel"),
    Column("total_last", "count", "personnel"),
    Column("total_first", "count", "personnel"),
    Column("change", "count", "personnel"),
)


@dataclass(frozen=True)
class Period:
    """The page's months: ``first`` and ``last`` (month ends) within the data's span."""

    first: dt.date
    last: dt.date
    data_first: dt.date
    data_last: dt.date


def chosen_period(
    month: str | None, from_: str | None, to: str | None, span: tuple[dt.date, dt.date]
) -> Period:
    """``?month=`` is the end month (a synonym of ``?to=``; both, if given, must agree);
    without ``?from=`` the period starts :data:`PERIOD_MONTHS` months earlier (not before the
    data's first month)."""
    data_first, data_last = span
    end_month = p.month("month", month)
    end_to = p.month("to", to)
    if end_month and end_to and end_month != end_to:
        raise p.ParameterError("francophonie.error.month_and_to", month=month, to=to)
    last = end_month or end_to or data_last
    first = p.month("from", from_) or min(max(add_months(last, -PERIOD_MONTHS), data_first), last)
    if first > last:
        raise p.ParameterError("indicator.error.from_after_to", first=from_, last=f"{last:%Y-%m}")
    return Period(first, last, data_first, data_last)


def chosen_group(group: str | None) -> str:
    p.check("group", group, p.GROUP_PATTERN)
    chosen = group or GROUPS[0]
    if chosen not in GROUPS:
        raise p.ParameterError("francophonie.error.group", group=chosen, known=", ".join(GROUPS))
    return chosen


def apart_reason(row: dict[str, Any]) -> str | None:
    """Why a mission is listed apart from the ranking: ``political`` or ``small``."""
    if row["kind"] in POLITICAL_KINDS:
        return "political"
    if row["total"] < MIN_PERSONNEL:
        return "small"
    return None


def mission_rows(gap: Table, hosted: Table) -> Table:
    """The ``linguistic-gap`` indicator's rows at one month, each with its military/police split
    (:func:`pkobs.store.francophonie.hosted_missions`) and whether it is ranked. The indicator's
    order is kept: lowest share (widest gap) first."""
    split = {r["mission"]: r for r in hosted.records()}
    rows = []
    for record in gap.records():
        detail = split.get(record["mission"])
        if detail is None:
            continue
        reason = apart_reason(detail)
        rows.append((*(detail[c] for c in hosted.columns), reason is None, reason))
    return Table([*hosted.columns, "ranked", "apart"], rows, hosted.kinds).declared(*MISSIONS)


def subset(members: Table, columns: tuple[Column, ...], rows: list[dict[str, Any]]) -> Table:
    names = [c.name for c in columns]
    return Table(names, [tuple(r.get(n) for n in names) for r in rows], members.kinds).declared(
        *columns
    )


def probable_gap(row: dict[str, Any], end: str = "last") -> bool:
    """A member absent at the end month (``end="first"``: the start month) but present the
    covered months before and after, with comparable sizes (:func:`pkobs.store.gaps.comparable`):
    most likely a row missing from the source, not a stop or a start (Belgium in July 2024: 2 in
    June, 1 in August; Bulgaria's 20 in July 1992 and 796 in September are a start)."""
    before, after = (
        ("total_before", "total_after")
        if end == "last"
        else (
            "total_before_first",
            "total_after_first",
        )
    )
    present = row[f"total_{end}"] == 0 and row[before] > 0 and row[after] > 0
    return bool(present and comparable(row[before], row[after]))


def member_tables(members: Table, first_covered: bool) -> dict[str, Table]:
    records = members.records()
    at_end = [r for r in records if r["member_last"]]
    nobody = [{**r, "probable_source_gap": probable_gap(r)} for r in at_end if r["total_last"] == 0]
    started = [
        r
        for r in at_end
        if first_covered and r["total_first"] == 0 and r["total_last"]
        if not probable_gap(r, "first")
    ]
    stopped = [
        r
        for r in records
        if first_covered and r["member_first"] and r["total_first"] > 0 and r["total_last"] == 0
        if not probable_gap(r)
    ]
    # the most recent stops first; those that never sent anyone last (the page sorts them by name)
    nobody.sort(
        key=lambda r: (r["nobody_since"] is None, -(r["nobody_since"] or NEVER).toordinal())
    )
    sending = [r for r in at_end if r["total_last"] > 0][:TOP]
    top = [{**r, "rank": index} for index, r in enumerate(sending, start=1)]
    if not first_covered:
        top = [{**r, "total_first": None, "change": None} for r in top]
    return {
        "not_contributing": subset(members, NOBODY, nobody),
        "started": subset(members, STARTED, started),
        "stopped": subset(members, STOPPED, stopped),
        "top_contributors": subset(members, TOP_COLUMNS, top),
    }


def name(record: dict[str, Any], lang: str, prefix: str = "") -> str:
    value = record.get(f"{prefix}name_{lang}") or record.get(f"{prefix}name_en")
    return str(value or record.get("iso3") or record.get("host_iso3") or "")


def sort_key(text: str) -> str:
    """Alphabetical order that ignores accents (``Égypte`` between ``Dominique`` and ``Gabon``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def by_name(rows: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """``not_contributing`` for the page: recent stops first, then the others by name."""
    stopped = [r for r in rows if r["nobody_since"] is not None]
    never = [r for r in rows if r["nobody_since"] is None]
    return stopped + sorted(never, key=lambda r: sort_key(name(r, lang)))


def personnel(locale: Locale, number: int) -> str:
    return locale.plural("map.personnel", number, n=locale.number(number))


def shares_at(rows: list[dict[str, Any]], month: dt.date) -> dict[str, dict[str, Any]]:
    return {r["category"]: r for r in rows if r["month"] == month and r["share"] is not None}


def share_summary(
    locale: Locale, group_label: str, period: Period, rows: list[dict[str, Any]]
) -> str:
    end = shares_at(rows, period.last).get("all")
    if end is None:
        return ""
    text = locale.t(
        "francophonie.share_summary",
        month=locale.month(period.last),
        group=group_label,
        share=locale.share(end["share"]),
        personnel=personnel(locale, end["group_personnel"]),
        total=locale.number(end["total_personnel"]),
    )
    start = shares_at(rows, period.first).get("all")
    if start is not None and period.first != period.last:
        text += " " + locale.t(
            "francophonie.share_change",
            first=locale.month(period.first),
            share=locale.share(start["share"]),
        )
    return text


def trend_chart(
    locale: Locale,
    group_label: str,
    period: Period,
    share: Table,
    csv_url: str,
    permalink: str,
) -> Chart:
    rows = [r for r in share.records() if r["share"] is not None]
    return Chart(
        "francophonie-trend",
        locale.t("francophonie.trend_title", group=group_label),
        share_summary(locale, group_label, period, rows),
        series_by(rows, "category", "share", list(CATEGORIES), locale, "category"),
        percent=True,
        csv_url=csv_url,
        permalink=permalink,
        table_columns=share_columns(locale, locale.t("col.category")),
        table_rows=share_rows(rows, share.kinds, locale, between="category"),
    )


def gap_summary(
    locale: Locale,
    group_label: str,
    ranked: list[dict[str, Any]],
    period: Period,
    left_out: set[str],
) -> str:
    """The gap's summary sentence: the widest and narrowest of the ranked missions, never one
    whose figures miss a probable source gap (``left_out``)."""
    named = [r for r in ranked if r["mission"] not in left_out]
    if not named:
        return ""
    widest, narrowest = named[0], named[-1]
    return locale.plural(
        "francophonie.gap_summary",
        len(ranked),
        month=locale.month(period.last),
        count=locale.number(len(ranked)),
        minimum=locale.number(MIN_PERSONNEL),
        group=group_label,
        widest=mission_label(widest, locale.lang),
        widest_share=locale.share(widest["share"]),
        narrowest=mission_label(narrowest, locale.lang),
        narrowest_share=locale.share(narrowest["share"]),
    )


def signed(locale: Locale, number: int | None) -> str:
    """``+839``, ``−351`` (a true minus sign), ``0``; a dash when unknown."""
    if number is None:
        return "—"
    sign = "+" if number > 0 else "\u2212" if number < 0 else ""
    return sign + locale.number(abs(number))


def mission_label(record: dict[str, Any], lang: str) -> str:
    return str(record["acronym_fr"] if lang == "fr" else record["mission"])


def read_page(
    context: WebContext, period: Period, group: str, statuses: tuple[str, ...], locale: Locale
) -> dict[str, Any]:
    """The page's tables (language-free; each read cached once per data version) and what
    the month allows: data at the end month, at the start month, a mission split."""
    covered = site_read(
        context, "francophonie.covered", store.covered_months, (period.first, period.last)
    )
    params = Params(group=group, statuses=statuses, from_month=period.first, to_month=period.last)
    share = computed(context, "share", params, locale).table
    tables: dict[str, Table] = {"share": share}
    no_split = False
    if period.last in covered:
        at_end = params.with_months(period.last, period.last)
        gap = computed(context, "linguistic-gap", at_end, locale)
        no_split = "months_without_mission_split" in gap.extras
        hosted = site_read(
            context, "francophonie.hosted", store.hosted_missions, period.last, group, statuses
        )
        gap_table = mission_rows(gap.table, hosted)
        tables["missions"] = gap_table
        holes = site_read(context, "francophonie.gaps", store.source_gaps, period.last)
        hosted_here = {r["mission"] for r in gap_table.records()}
        at = holes.columns.index("mission")
        tables["probable_source_gaps"] = Table(
            holes.columns, [r for r in holes.rows if r[at] in hosted_here], holes.kinds
        )
        members = site_read(
            context,
            "francophonie.members",
            store.member_personnel,
            period.first,
            period.last,
            group,
            statuses,
        )
        tables.update(member_tables(members, period.first in covered))
    return {
        "tables": tables,
        "has_data": period.last in covered,
        "first_covered": period.first in covered,
        "no_split": no_split,
    }


@router.get("/{lang}/francophonie", response_class=HTMLResponse)
def francophonie(
    request: Request,
    lang: Lang,
    month: str | None = Query(None, pattern=p.MONTH_PATTERN),
    from_: str | None = Query(None, alias="from", pattern=p.MONTH_PATTERN),
    to: str | None = Query(None, pattern=p.MONTH_PATTERN),
    group: str | None = Query(None, pattern=p.GROUP_PATTERN),
    status: str | None = Query(None, pattern=p.STATUS_PATTERN),
    context: WebContext = Depends(web_context),
) -> Response:
    locale = Locale(lang)
    period = chosen_period(month, from_, to, latest(context))
    chosen = chosen_group(group)
    statuses = p.statuses(status)
    data = read_page(context, period, chosen, statuses, locale)
    tables: dict[str, Table] = data["tables"]
    names = {g: n for g, n in group_names(context, locale).items() if g in GROUPS}
    group_label = members_phrase(chosen, names, locale)
    values = {
        "from": f"{period.first:%Y-%m}",
        "to": f"{period.last:%Y-%m}",
        "group": chosen,
        "status": ",".join(statuses),
    }
    permalink = url_with(f"/{lang}/francophonie", values)
    chart = trend_chart(
        locale,
        group_label,
        period,
        tables["share"],
        indicator_csv_url("share", values),
        permalink,
    )
    share_records = [r for r in tables["share"].records() if r["share"] is not None]
    missions = tables["missions"].records() if "missions" in tables else []
    ranked = [r for r in missions if r["ranked"]]
    holes = tables["probable_source_gaps"].records() if "probable_source_gaps" in tables else []
    labels = {r["mission"]: mission_label(r, lang) for r in missions}
    with_holes = {r["mission"] for r in holes}
    records = {table: t.records() for table, t in tables.items() if table != "share"}
    if "not_contributing" in records:
        records["not_contributing"] = by_name(records["not_contributing"], lang)
    return respond(
        request,
        "francophonie.html",
        lang,
        "francophonie",
        reader_tables(tables, lang),
        data=data,
        period=period,
        group=chosen,
        group_label=group_label,
        chart=chart,
        end_shares=shares_at(share_records, period.last),
        start_shares=shares_at(share_records, period.first),
        categories=CATEGORIES,
        ranked=ranked,
        apart=[r for r in missions if not r["ranked"]],
        gap_summary=gap_summary(locale, group_label, ranked, period, with_holes),
        holes=[
            locale.t(
                "francophonie.source_gap",
                country=name(r, lang),
                mission=labels.get(r["mission"], r["mission"]),
                month=locale.month(r["month"]),
                before=personnel(locale, r["total_before"]),
                after=locale.number(r["total_after"]),
            )
            for r in holes
        ],
        minimum=MIN_PERSONNEL,
        records=records,
        name=lambda record, prefix="": name(record, lang, prefix),
        mission_label=lambda record: mission_label(record, lang),
        signed=lambda number: signed(locale, number),
        personnel=lambda number: personnel(locale, number),
        csv_url=lambda table: url_with(f"/{lang}/francophonie.csv", {**values, "table": table}),
        json_url=url_with(f"/{lang}/francophonie.json", values),
        form={
            "from": values["from"],
            "to": values["to"],
            "min": f"{period.data_first:%Y-%m}",
            "max": f"{period.data_last:%Y-%m}",
            "months": data_month_values(context),
            "group": chosen,
            "status": values["status"],
            "groups": names,
        },
    )
