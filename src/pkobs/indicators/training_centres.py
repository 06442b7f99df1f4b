"""``training-centres``: peacekeeping training centres by country and language.

One row per country: its centres, how many are francophone (teach in French as a main
language, the registry's ``francophone`` flag), the languages taught (union over its centres),
and whether the country is a member of the group. Membership is taken on the last day of
``--to`` when given, otherwise today. The full list of centres is in ``extras["centres"]``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pkobs.i18n import t
from pkobs.indicators.base import ALL, Connection, Indicator, IndicatorResult, Meta, Params
from pkobs.indicators.senior_posts import check_group_and_statuses
from pkobs.messages import Message
from pkobs.store import registry_checks
from pkobs.table import Column, Table

NAME = "training-centres"
COLUMNS = ["country_iso3", "country", "centres", "francophone_centres", "languages", "is_member"]
CENTRE_COLUMNS = registry_checks.CENTRE_COLUMNS  # the store's centre rows, as declared below
REGISTRY_SOURCE = {
    "source": "reference data: training centres registry",
    "path": "refdata/data/registries/training_centres.csv",
}


def centres_table(con: Connection, params: Params, day: dt.date) -> Table:
    """The centres open on ``day``, their name and their country's as
    :class:`pkobs.messages.Name` values, and the group membership. A centre is open from its
    founding (or, when that is unknown, its first dated evidence) to its closing, each taken at
    its precision: ``2013`` covers the whole year, ``2013-09`` the whole month. In registry
    order: the edge lists them by country, then name, in its language (:data:`ORDER`)."""
    return registry_checks.open_training_centres(con, day, params.group, params.statuses)


# How the edge lists the rows (accents and case ignored, in the reader's language): the
# countries by name, the centres by country then name.
ORDER = {"": ("country",), "centres": ("country", "name")}


def by_country(centres: Table) -> Table:
    """Aggregate the centres list into one row per country (counts stay exact integers)."""
    rows: dict[str, dict[str, Any]] = {}
    for record in centres.records():
        iso3 = record["country_iso3"]
        row = rows.setdefault(
            iso3,
            {
                "country": record["country"],
                "centres": 0,
                "francophone_centres": 0,
                "languages": set(),
                "is_member": record["is_member"],
            },
        )
        row["centres"] += 1
        row["francophone_centres"] += int(bool(record["francophone"]))
        for language in (record["languages"] or "").split(";"):
            if language.strip():
                row["languages"].add(language.strip())
    return Table(
        COLUMNS,
        [
            (
                iso3,
                row["country"],
                row["centres"],
                row["francophone_centres"],
                ";".join(sorted(row["languages"])),
                row["is_member"],
            )
            for iso3, row in rows.items()
        ],
    )


def compute(con: Connection, params: Params) -> IndicatorResult:
    check_group_and_statuses(con, params)
    day = params.to_month or dt.date.today()
    centres = centres_table(con, params, day)
    meta = Meta(
        name=NAME,
        unit="centres (count)",
        definition_fr=t("registries.definition.training-centres", "fr"),
        definition_en=t("registries.definition.training-centres", "en"),
        params={
            "group": params.group,
            "status": list(params.statuses),
            "at": day.isoformat(),
        },
        sources=[REGISTRY_SOURCE]
        + (
            []
            if params.group == ALL
            else [
                {
                    "source": f"reference data: group {params.group}",
                    "path": f"refdata/data/groups/{params.group}.csv",
                }
            ]
        ),
        notes=[Message("indicator.note.training_centres_coverage", {})],
    )
    return IndicatorResult(by_country(centres), meta, {"centres": centres}, folded_order=ORDER)


DECLARED = (
    Column("country_iso3", "code"),
    Column("country", "text"),
    Column("centres", "count", "centres"),
    Column("francophone_centres", "count", "centres"),
    Column("languages", "code"),
    Column("is_member", "flag"),
)
CENTRES = (
    Column("name", "text"),  # a Name, as ``country``: the edge shows the reader's
    Column("acronym", "code"),
    Column("country_iso3", "code"),
    Column("country", "text"),
    Column("city", "text"),
    Column("founded", "code"),  # a year, shown as is
    Column("languages", "code"),
    Column("focus", "code"),
    Column("francophone", "flag"),
    Column("is_member", "flag"),
    Column("website", "text"),
    Column("source", "text"),
    Column("founded_on", "code"),  # YYYY or YYYY-MM, as written in the registry
    Column("closed", "code"),
    Column("first_evidence", "code"),
    Column("name_fr", "text"),  # each language's name, as plain text (the CSV and JSON
    Column("name_en", "text"),  # give both whatever the language)
    Column("country_fr", "text"),
    Column("country_en", "text"),
)
assert [c.name for c in DECLARED] == COLUMNS
assert [c.name for c in CENTRES] == CENTRE_COLUMNS
INDICATOR = Indicator(
    name=NAME, columns=DECLARED, detail="registry", query=compute, extras={"centres": CENTRES}
)

__all__ = [
    "CENTRE_COLUMNS",
    "COLUMNS",
    "DECLARED",
    "INDICATOR",
    "NAME",
    "by_country",
    "centres_table",
    "compute",
]
