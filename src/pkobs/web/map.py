"""The map page (``/fr/map``, ``/en/map``, also ``.json``/``.csv``) and the API ``/api/v1/map``.

Two maps of one month, drawn in the browser by ``static/js/map.js`` on the vendored world
topology (nothing is fetched from another host):

- the **missions** at their location (see :mod:`pkobs.geo`), sized by the month's personnel
  (``contributions``) and coloured by the chosen group's share of it; a month no source splits by
  mission says so instead of drawing zeros;
- a **choropleth of the contributors**: personnel per contributing country (``contributor_months``,
  every level of detail), the group's members outlined.

Each map has its summary, its data table and a CSV link, like every chart of the site.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse

from pkobs.errors import QueryError
from pkobs.geo import locate, manifest, shapes
from pkobs.i18n import Locale
from pkobs.render.groups import members_phrase
from pkobs.settings import Language
from pkobs.store import geo as store_geo
from pkobs.store.database import Database
from pkobs.table import Column, Table
from pkobs.web import params as p
from pkobs.web.context import WebContext, web_context
from pkobs.web.formats import csv_response, respond
from pkobs.web.language import paired
from pkobs.web.page_parts import Lang, data_month_values
from pkobs.web.render import csv_bytes, json_bytes
from pkobs.web.templating import url_with

router = APIRouter(include_in_schema=False)
api_router = APIRouter()

TOPOLOGY_URL = "/static/vendor/world-atlas/countries-50m.json"
SKIPPED_SHAPES = ("010",)  # Antarctica: no contributor, no mission, a fifth of the height
SHARE_BOUNDS = (0.10, 0.25, 0.50, 0.75)  # classes [0, 10 %), [10, 25 %)... [75, 100 %]
SHARE_COLOURS = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
PERSONNEL_BOUNDS = (100, 500, 1_000, 5_000)  # 1-99, 100-499, ... 5 000 or more
PERSONNEL_COLOURS = ("#feedde", "#fdbe85", "#fd8d3c", "#e6550d", "#a63603")
NO_CONTRIBUTION = "#e4e4e4"
MAX_RADIUS = 30.0  # in the map's coordinates (960 wide)
MIN_RADIUS = 3.0
LOCATION_COLUMNS = ("latitude", "longitude", "location_method", "location", "location_year")
TABLES = ("missions", "contributors")


@dataclass(frozen=True)
class MapData:
    """What both maps show for one month, language-free."""

    month: dt.date
    first: dt.date
    last: dt.date
    group: str
    statuses: tuple[str, ...]
    has_data: bool
    mission_split: bool
    groups: Table  # group_id, name_en, name_fr
    missions: Table  # with the location columns
    contributors: Table


def class_of(value: float, bounds: tuple[float, ...]) -> int:
    return sum(1 for bound in bounds if value >= bound)


@cache
def shape_ids() -> dict[str, list[str]]:
    """ISO-3 -> the ids of its shapes in the vendored topology."""
    found: dict[str, list[str]] = defaultdict(list)
    for shape in shapes():
        if shape.iso3 is not None:
            found[shape.iso3].append(shape.topology_id)
    return dict(found)


def with_locations(missions: Table, year: int) -> Table:
    rows = []
    for record, row in zip(missions.records(), missions.rows, strict=True):
        where = locate(record["mission"], year, record["host_iso3"])
        extra = (
            (None, None, None, None, None)
            if where is None
            else (where.latitude, where.longitude, where.method, where.location, where.year)
        )
        rows.append((*row, *extra))
    return Table([*missions.columns, *LOCATION_COLUMNS], rows, missions.kinds).declared(
        Column("latitude", "number"),
        Column("longitude", "number"),
        Column("location_method", "category"),
        Column("location_year", "number"),
    )


def read_map(db: Database, month: dt.date | None, group: str, statuses: tuple[str, ...]) -> MapData:
    first, last = store_geo.month_range(db)
    if first is None or last is None:
        raise QueryError("map.no_data_at_all")
    known = store_geo.known_groups(db)
    if group != store_geo.ALL and group not in known:
        raise QueryError("map.unknown_group", group=group, known=", ".join(["all", *known]))
    month = month or last
    has_data = store_geo.has_data(db, month)
    split = has_data and store_geo.has_mission_split(db, month)
    missions = store_geo.mission_personnel(db, month, group, statuses)
    contributors = store_geo.contributor_personnel(db, month, group, statuses)
    return MapData(
        month=month,
        first=first,
        last=last,
        group=group,
        statuses=statuses,
        has_data=has_data,
        mission_split=split,
        missions=with_locations(missions, month.year),
        contributors=contributors,
        groups=store_geo.group_names(db),
    )


def map_data(
    context: WebContext, month: dt.date | None, group: str, statuses: tuple[str, ...]
) -> MapData:
    """:func:`read_map` for the served database, kept until the data changes."""
    key = ("map", context.version(), repr(month), group, ",".join(statuses))

    def compute() -> MapData:
        with context.cursor() as cursor:
            return read_map(Database(cursor, context.database.path, True), month, group, statuses)

    return context.cache.get_or_compute(key, compute)


def shift_month(month: dt.date, count: int) -> dt.date:
    """The last day of the month ``count`` months after ``month``'s."""
    index = month.year * 12 + month.month - 1 + count
    following = dt.date((index + 1) // 12, (index + 1) % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def neighbours(data: MapData) -> tuple[dt.date | None, dt.date | None]:
    """The months before and after the shown one, within the data's span."""
    before, after = shift_month(data.month, -1), shift_month(data.month, 1)
    return (
        before if data.first <= before <= data.last else None,
        after if data.first <= after <= data.last else None,
    )


def checked(
    month: str | None, group: str | None, status: str | None
) -> tuple[dt.date | None, str, tuple[str, ...]]:
    p.check("group", group, p.GROUP_PATTERN)
    return p.month("month", month), group or "oif", p.statuses(status)


def with_reader_names(table: Table, lang: Language) -> Table:
    """``table`` for a page's JSON and CSV: beside each ``X_fr``/``X_en`` pair (kept, so no
    client breaks), ``X`` in the page's language, as every other page gives it: ``short_name``
    (the mission's acronym the UN uses in that language: FINUL / UNIFIL), ``name`` (the UN's
    short country name, or the mission's name), ``host_name``."""
    pairs = {base for base in paired(table.columns) if base not in table.columns}
    if not pairs:
        return table
    # X goes right after the later column of its pair (name_en, name_fr, name)
    after = {
        max(table.columns.index(f"{base}_fr"), table.columns.index(f"{base}_en")): base
        for base in pairs
    }
    columns: list[str] = []
    picks: list[int] = []
    for index, column in enumerate(table.columns):
        columns.append(column)
        picks.append(index)
        if index in after:
            columns.append(after[index])
            picks.append(table.columns.index(f"{after[index]}_{lang}"))
    rows = [tuple(row[i] for i in picks) for row in table.rows]
    return Table(columns, rows, table.kinds)


def reader_tables(tables: dict[str, Table], lang: Language) -> dict[str, Table]:
    """:func:`with_reader_names` of every table of a page."""
    return {name: with_reader_names(table, lang) for name, table in tables.items()}


def mission_label(record: dict[str, Any], lang: Language) -> str:
    return str(record["acronym_fr"] if lang == "fr" else record["mission"])


def mission_name(record: dict[str, Any], lang: Language) -> str:
    name = record["name_fr"] if lang == "fr" else record["name_en"]
    return str(name or record["mission"])


def country_name(record: dict[str, Any], lang: Language) -> str:
    name = record["name_fr"] if lang == "fr" else record["name_en"]
    return str(name or record["contributor_iso3"])


def personnel(locale: Locale, number: int) -> str:
    return locale.plural("map.personnel", number, n=locale.number(number))


def missions_spec(data: MapData, locale: Locale, group_label: str) -> dict[str, Any]:
    records = [r for r in data.missions.records() if r["latitude"] is not None]
    largest = max((r["total"] for r in records), default=1)
    points = []
    for r in records:  # largest first: the smaller circles are drawn on top
        title = locale.t(
            "map.point_title",
            acronym=mission_label(r, locale.lang),
            name=mission_name(r, locale.lang),
            personnel=personnel(locale, r["total"]),
            group=group_label,
            share=locale.share(r["share"]),
        )
        points.append(
            {
                "id": r["mission"],
                "lon": r["longitude"],
                "lat": r["latitude"],
                "r": round(max(MIN_RADIUS, MAX_RADIUS * math.sqrt(r["total"] / largest)), 2),
                "fill": SHARE_COLOURS[class_of(r["share"] or 0.0, SHARE_BOUNDS)],
                "label": mission_label(r, locale.lang),
                "title": title,
            }
        )
    return {"topology": TOPOLOGY_URL, "skip": SKIPPED_SHAPES, "points": points}


def contributors_spec(data: MapData, locale: Locale) -> dict[str, Any]:
    fills: dict[str, str] = {}
    titles: dict[str, str] = {}
    members: list[str] = []
    for r in data.contributors.records():
        for shape_id in shape_ids().get(r["contributor_iso3"], []):
            fills[shape_id] = PERSONNEL_COLOURS[class_of(r["total"], PERSONNEL_BOUNDS)]
            titles[shape_id] = locale.t(
                "map.country_title",
                country=country_name(r, locale.lang),
                personnel=personnel(locale, r["total"]),
            )
            if r["is_member"]:
                members.append(shape_id)
    return {
        "topology": TOPOLOGY_URL,
        "skip": SKIPPED_SHAPES,
        "fills": fills,
        "titles": titles,
        "members": members,
        "empty": NO_CONTRIBUTION,
    }


def spec_json(spec: dict[str, Any]) -> str:
    """JSON for a ``<script type="application/json">`` block: ``</`` cannot close it."""
    return json.dumps(spec, ensure_ascii=False).replace("</", "<\\/")


def legend(
    locale: Locale, bounds: tuple[float, ...], colours: tuple[str, ...], share: bool
) -> list[tuple[str, str]]:
    """(colour, label) of each class: ``0 % à 10 %``... or ``1 à 99``... ``5 000 ou plus``."""

    def shown(value: float) -> str:
        return locale.share(value, 0) if share else locale.number(int(value))

    lows = [0.0 if share else 1.0, *bounds]
    highs = [b if share else b - 1 for b in bounds]
    labels = [
        locale.t("map.class_range", low=shown(low), high=shown(high))
        for low, high in zip(lows, highs, strict=False)
    ]
    labels.append(locale.t("map.class_top", low=shown(lows[-1])))
    return list(zip(colours, labels, strict=True))


def summaries(data: MapData, locale: Locale, group_label: str) -> tuple[str, str]:
    missions = data.missions.records()
    contributors = data.contributors.records()
    month = locale.month(data.month)
    mission_summary = contributor_summary = ""
    if missions and data.mission_split:
        total = sum(r["total"] for r in missions)
        group_total = sum(r["group_personnel"] for r in missions)
        mission_summary = locale.t(
            "map.missions_summary",
            month=month,
            missions=locale.plural("map.missions_count", len(missions), n=len(missions)),
            personnel=personnel(locale, total),
            group=group_label,
            share=locale.share(group_total / total if total else None),
            largest=mission_label(missions[0], locale.lang),
            largest_personnel=personnel(locale, missions[0]["total"]),
        )
    if contributors:
        contributor_summary = locale.t(
            "map.contributors_summary",
            month=month,
            contributors=locale.plural(
                "map.contributors_count", len(contributors), n=len(contributors)
            ),
            personnel=personnel(locale, sum(r["total"] for r in contributors)),
            largest=country_name(contributors[0], locale.lang),
            largest_personnel=personnel(locale, contributors[0]["total"]),
        )
    return mission_summary, contributor_summary


def location_text(record: dict[str, Any], locale: Locale) -> str:
    method = record["location_method"]
    if method is None:
        return locale.t("map.location.unknown")
    return locale.t(
        f"map.location.{method}", place=record["location"] or "", year=record["location_year"]
    )


def page_tables(data: MapData) -> dict[str, Table]:
    missions = data.missions if data.mission_split else Table(data.missions.columns, [])
    return {"missions": missions, "contributors": data.contributors}


@router.get("/{lang}/map", response_class=HTMLResponse)
def map_page(
    request: Request,
    lang: Lang,
    month: str | None = Query(None, pattern=p.MONTH_PATTERN),
    group: str | None = Query(None, pattern=p.GROUP_PATTERN),
    status: str | None = Query(None, pattern=p.STATUS_PATTERN),
    context: WebContext = Depends(web_context),
) -> Response:
    chosen_month, chosen_group, statuses = checked(month, group, status)
    data = map_data(context, chosen_month, chosen_group, statuses)
    locale = Locale(lang)
    names = {"all": locale.t("map.group.all")}
    names.update({r["group_id"]: r[f"name_{lang}"] for r in data.groups.records()})
    group_label = members_phrase(data.group, names, locale)
    mission_summary, contributor_summary = summaries(data, locale, group_label)
    values = {"month": f"{data.month:%Y-%m}", "group": data.group, "status": ",".join(statuses)}
    permalink = url_with(f"/{lang}/map", values)
    steps = [
        (key, locale.month(when), url_with(f"/{lang}/map", {**values, "month": f"{when:%Y-%m}"}))
        for key, when in zip(("map.previous", "map.next"), neighbours(data), strict=True)
        if when is not None
    ]
    missions = data.missions.records() if data.mission_split else []
    return respond(
        request,
        "map.html",
        lang,
        "map",
        reader_tables(page_tables(data), lang),
        data=data,
        group_label=group_label,
        missions=missions,
        unlocated=[mission_label(r, lang) for r in missions if r["latitude"] is None],
        contributors=data.contributors.records(),
        missions_spec=spec_json(missions_spec(data, locale, group_label)) if missions else "",
        contributors_spec=spec_json(contributors_spec(data, locale)),
        share_legend=legend(locale, SHARE_BOUNDS, SHARE_COLOURS, share=True),
        personnel_legend=legend(locale, PERSONNEL_BOUNDS, PERSONNEL_COLOURS, share=False),
        no_contribution=NO_CONTRIBUTION,
        mission_summary=mission_summary,
        contributor_summary=contributor_summary,
        location_text=lambda record: location_text(record, locale),
        mission_label=lambda record: mission_label(record, lang),
        mission_name=lambda record: mission_name(record, lang),
        country_name=lambda record: country_name(record, lang),
        permalink=permalink,
        steps=steps,
        csv_missions=url_with(f"/{lang}/map.csv", {**values, "table": "missions"}),
        csv_contributors=url_with(f"/{lang}/map.csv", {**values, "table": "contributors"}),
        form={
            "month": f"{data.month:%Y-%m}",
            "min": f"{data.first:%Y-%m}",
            "max": f"{data.last:%Y-%m}",
            "months": data_month_values(context),
            "group": data.group,
            "status": ",".join(statuses),
            "groups": names,
        },
    )


@api_router.get("/map", summary="Personnel by mission (with location) and by contributor")
def map_api(
    month: str | None = Query(None, pattern=p.MONTH_PATTERN, description="YYYY-MM (latest)"),
    group: str | None = Query(None, pattern=p.GROUP_PATTERN, description="Group id (oif)"),
    status: str | None = Query(
        None, pattern=p.STATUS_PATTERN, description="Statuses, comma-separated (member,associate)"
    ),
    format: str = Query("json", pattern=p.FORMAT_PATTERN, description="json or csv"),
    table: str = Query("missions", pattern=r"^(missions|contributors)$", description="for csv"),
    context: WebContext = Depends(web_context),
) -> Response:
    """The month's missions (personnel, the group's share, location and how it was chosen) and
    contributors (personnel, membership). A month without a mission split has no mission rows
    and ``mission_split: false``."""
    data = map_data(context, *checked(month, group, status))
    tables = page_tables(data)
    if format == "csv":
        return csv_response(csv_bytes(tables[table]), f"map-{table}-{data.month:%Y-%m}")
    payload = {
        "month": f"{data.month:%Y-%m}",
        "group": data.group,
        "status": list(data.statuses),
        "has_data": data.has_data,
        "mission_split": data.mission_split,
        "missions": tables["missions"].records(),
        "contributors": tables["contributors"].records(),
        "meta": {
            "span": {"first": f"{data.first:%Y-%m}", "last": f"{data.last:%Y-%m}"},
            "location_rule": "Geo-PKO mission headquarters of the nearest year, else the "
            "personnel-weighted centroid of its sites, else the host country's centre",
            "sources": manifest()["sources"],
        },
    }
    return Response(json_bytes(payload), media_type="application/json")
