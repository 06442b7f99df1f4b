"""The language-free table every layer hands around: named columns, rows, and declared kinds.

How a cell is shown (a month by name, a count with grouped digits, a share as a percentage, a
category value through the catalogue) follows from its column's declared :class:`Column` kind,
never from the column's name. The renderers (``pkobs.render``) read these kinds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal[
    "month",  # a month (stored as its last day): "février 2014"; ISO "2014-02" in data formats
    "date",  # a day: "28 février 2014"
    "timestamp",  # a moment (ingest times)
    "count",  # a whole number of people, rows, missions...: "1 234"
    "number",  # any other number, shown as is
    "share",  # a fraction 0..1, shown as a percentage: "23,4 %"
    "points",  # a change of a share (a difference of fractions), in points: "+4,3 pt"
    "code",  # an identifier shown as is (ISO-3 code, mission acronym, source name, sha256)
    "text",  # free text shown as is (a name already in the reader's language, a path)
    "category",  # a value from a closed list, shown through the catalogue ("value.<name>.<v>")
    "flag",  # a yes/no value
]


@dataclass(frozen=True)
class Column:
    """A column's name (the contract id, in data formats), what it holds, and its unit.

    ``unit`` names what a count or number counts ("personnel", "missions"...); a header in a
    language comes from the catalogue (``column.<name>``), never from the name itself.
    """

    name: str
    kind: Kind = "text"
    unit: str | None = None


@dataclass(frozen=True)
class Table:
    """Column names and rows: what every query, indicator and export hands around.

    ``kinds`` declares the columns that need more than "text"; a column not declared there is
    shown as is.
    """

    columns: list[str]
    rows: list[tuple[Any, ...]]
    kinds: Mapping[str, Column] = field(default_factory=dict)

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def column(self, name: str) -> Column:
        """The declared column ``name`` (``text`` when it was not declared)."""
        return self.kinds.get(name) or Column(name)

    def declared(self, *columns: Column) -> Table:
        """The same table with these column declarations added (or replaced)."""
        return Table(self.columns, self.rows, {**self.kinds, **{c.name: c for c in columns}})


__all__ = ["Column", "Kind", "Table"]
