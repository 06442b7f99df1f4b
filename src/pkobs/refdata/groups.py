"""Who belonged to a group on a given day (time-aware membership, suspensions shown apart)."""

from __future__ import annotations

import datetime as dt

import duckdb

from pkobs.errors import QueryError
from pkobs.settings import Language
from pkobs.store.query import run_sql
from pkobs.table import Table


def known_groups(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute("SELECT group_id FROM ref_groups ORDER BY 1").fetchall()]


def check_group(con: duckdb.DuckDBPyConnection, group_id: str) -> str:
    groups = known_groups(con)
    if group_id not in groups:
        raise QueryError(f"unknown group {group_id!r}; known groups: {', '.join(groups)}")
    return group_id


def members_at(con: duckdb.DuckDBPyConnection, group_id: str, at: dt.date, lang: Language) -> Table:
    """``iso3, name, status, suspended, sovereign, member_id`` of a group on day ``at``."""
    check_group(con, group_id)
    name = "name_fr" if lang == "fr" else "name_en"
    return run_sql(
        con,
        f"""SELECT m.iso3,
                   coalesce(c.{name}, m.member_{name}) AS name,
                   m.status,
                   EXISTS (SELECT 1 FROM group_suspensions s
                           WHERE s.group_id = m.group_id AND s.member_id = m.member_id
                             AND s.valid_from <= $at
                             AND coalesce(s.valid_to, DATE '9999-12-31') >= $at)
                       AS suspended,
                   m.sovereign, m.member_id
            FROM group_membership m LEFT JOIN countries c ON c.iso3 = m.iso3
            WHERE m.group_id = $group AND m.valid_from <= $at
              AND coalesce(m.valid_to, DATE '9999-12-31') >= $at
            ORDER BY m.status, name""",
        {"group": group_id, "at": at},
    )
