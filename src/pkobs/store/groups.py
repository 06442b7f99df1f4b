"""Reads of the reference groups: which groups exist, and who belonged to one on a given day
(time-aware membership, suspensions shown apart)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pkobs.errors import QueryError
from pkobs.store.database import Connection, Database
from pkobs.table import Column, Table

NameColumn = Literal["name_fr", "name_en"]

MEMBER_COLUMNS = (
    Column("iso3", "code"),
    Column("name", "text"),
    Column("status", "category"),
    Column("suspended", "flag"),
    Column("sovereign", "flag"),
    Column("member_id", "code"),
)


def known_groups(handle: Database | Connection) -> list[str]:
    """Every group id of the reference data, sorted."""
    table = Database.of(handle).query("SELECT group_id FROM ref_groups ORDER BY 1")
    return [str(row[0]) for row in table.rows]


def check_group(handle: Database | Connection, group_id: str) -> str:
    """``group_id`` when it is a known group; ``query.unknown_group`` otherwise."""
    groups = known_groups(handle)
    if group_id not in groups:
        raise QueryError("store.unknown_group", group=group_id, known=groups)
    return group_id


def members_at(
    handle: Database | Connection,
    group_id: str,
    at: dt.date,
    name_column: NameColumn = "name_en",
) -> Table:
    """``iso3, name, status, suspended, sovereign, member_id`` of a group on day ``at``.

    ``name`` is the reference column ``name_column`` (``name_fr`` or ``name_en``: the edge
    chooses, as data), and the rows are sorted by status, then by that name.
    """
    db = Database.of(handle)
    check_group(db, group_id)
    if name_column not in ("name_fr", "name_en"):
        raise ValueError(f"name_column must be name_fr or name_en, not {name_column!r}")
    table = db.query(
        f"""SELECT m.iso3,
                   coalesce(c.{name_column}, m.member_{name_column}) AS name,
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
    return table.declared(*MEMBER_COLUMNS)


__all__ = ["check_group", "known_groups", "members_at"]
