"""The data's span and the codes a page URL may name, for the web's checks before a page runs.

Language-free reads: the months any source covers (a month no source covers is *no data*, not a
zero), the missions' acronyms and the countries' ISO codes of the reference tables.
"""

from __future__ import annotations

import datetime as dt

from pkobs.store.database import Database
from pkobs.store.site import MONTH, PERSONNEL
from pkobs.table import Table


def data_months(db: Database) -> tuple[dt.date, ...]:
    """Every month (its last day) that at least one source covers, oldest first."""
    table = db.query("SELECT DISTINCT month FROM source_months ORDER BY month")
    return tuple(row[0] for row in table.rows)


def mission_acronyms(db: Database) -> tuple[str, ...]:
    """The acronyms of the missions reference as written there, English (the code) and French
    (``acronym_fr``, where the UN uses another one: FINUL)."""
    table = db.query(
        """SELECT acronym FROM missions
           UNION SELECT acronym_fr FROM missions WHERE coalesce(acronym_fr, '') <> ''
           ORDER BY 1"""
    )
    return tuple(row[0] for row in table.rows)


def country_codes(db: Database) -> tuple[str, ...]:
    """The ISO 3166-1 alpha-3 codes of the countries reference."""
    return tuple(row[0] for row in db.query("SELECT iso3 FROM countries ORDER BY 1").rows)


def no_personnel(db: Database) -> Table:
    """The history of a country that never sent anyone, shaped like
    :func:`pkobs.store.site.country_history`: every month with data, each a zero (it sent
    nobody), never an empty table (which would read as *no data*)."""
    table = db.query(
        """SELECT DISTINCT month, 0::BIGINT AS military, 0::BIGINT AS police, 0::BIGINT AS total
           FROM source_months ORDER BY month"""
    )
    return table.declared(MONTH, *PERSONNEL.values())
