"""What the profile pages share: the francophone marks of a contributors table, and the probable
source gaps (``pkobs.store.gaps``) of one country or one mission, as a table and as sentences."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pkobs.i18n import Locale
from pkobs.indicators import DEFAULT_STATUSES
from pkobs.store import gaps as source_gap_reads
from pkobs.store import site
from pkobs.table import Column, Table
from pkobs.web.context import WebContext
from pkobs.web.language import record_in_language
from pkobs.web.page_parts import mission_short_names, site_read, with_short_names

LENSES = ("oif", "francophone")  # the two francophone lenses marked in every contributors table
MARKS = tuple(Column(f"member_{group}", "flag") for group in LENSES)
MAX_GAP_NOTES = 4


def by_size_then_name(table: Table) -> Table:
    """Contributors by personnel (largest first), ties by name in the page's language."""
    total, name = table.columns.index("total"), table.columns.index("name")
    rows = sorted(table.rows, key=lambda row: (-row[total], row[name]))
    return Table(table.columns, rows, table.kinds)


def with_marks(context: WebContext, table: Table, month: dt.date | None) -> Table:
    """``table`` (one row per contributor, ``contributor_iso3``) with a flag per lens:
    ``member_oif`` (member or associate of the OIF on the month's last day) and
    ``member_francophone`` (French an official language)."""
    if month is None or "contributor_iso3" not in table.columns:
        return Table(
            [*table.columns, *(c.name for c in MARKS)],
            [(*row, None, None) for row in table.rows],
            {**table.kinds, **{c.name: c for c in MARKS}},
        )
    members = [
        set(site_read(context, "group_members", site.group_members, g, month, DEFAULT_STATUSES))
        for g in LENSES
    ]
    at = table.columns.index("contributor_iso3")
    rows = [(*row, *(row[at] in found for found in members)) for row in table.rows]
    return Table(
        [*table.columns, *(c.name for c in MARKS)],
        rows,
        {**table.kinds, **{c.name: c for c in MARKS}},
    )


def source_gaps(
    context: WebContext, *, contributor_iso3: str | None = None, mission: str | None = None
) -> list[dict[str, Any]]:
    """The probable source gaps (``pkobs.store.gaps``) of one contributor or one mission."""
    every = site_read(context, "probable_source_gaps", source_gap_reads.probable_source_gaps)
    return [
        r
        for r in every.records()
        if (contributor_iso3 is None or r["contributor_iso3"] == contributor_iso3)
        and (mission is None or r["mission"] == mission)
    ]


def gaps_table(gaps: list[dict[str, Any]], context: WebContext, locale: Locale) -> Table:
    """The gaps as the page's ``source_gaps`` data table, each mission's acronym in the page's
    language (``short_name``) beside its code."""
    columns = [c.name for c in source_gap_reads.COLUMNS]
    table = Table(columns, [tuple(r[c] for c in columns) for r in gaps]).declared(
        *source_gap_reads.COLUMNS
    )
    return with_short_names(table, mission_short_names(context, locale.lang))


def gap_notes(
    gaps: list[dict[str, Any]], named_by: str, locale: Locale, context: WebContext
) -> list[str]:
    """One sentence per probable source gap (``named_by``: ``mission`` on a country's page,
    named by its acronym in the page's language; ``contributor`` on a mission's, by the
    country's name): the :data:`MAX_GAP_NOTES` largest in month order, then how many more."""
    notes = []
    short_names = mission_short_names(context, locale.lang)
    largest = sorted(gaps, key=lambda g: -(g["total_before"] + g["total_after"]))
    for gap in sorted(largest[:MAX_GAP_NOTES], key=lambda g: g["month"]):
        where = short_names.get(gap["mission"], gap["mission"])
        if named_by == "contributor":
            where = gap["contributor_iso3"]
            found = site_read(context, "country", site.country, where)
            if found is not None:
                where = record_in_language(found, locale.lang)["name"]
        notes.append(
            locale.t(
                "profiles.source_gap",
                month=locale.month(gap["month"]),
                where=where,
                before=locale.count(gap["total_before"], "profiles_person"),
                after=locale.count(gap["total_after"], "profiles_person"),
            )
        )
    if len(gaps) > MAX_GAP_NOTES:
        more = len(gaps) - MAX_GAP_NOTES
        notes.append(locale.plural("profiles.source_gap_more", more, n=locale.number(more)))
    return notes
