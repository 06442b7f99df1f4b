"""Validation of every request parameter: regular expressions and allow-lists, nothing else.

Values that pass here are still checked against the data by the indicators (unknown group or
mission -> :class:`~pkobs.errors.QueryError`, turned into HTTP 400 by the app).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pkobs.errors import QueryError
from pkobs.i18n import Locale
from pkobs.indicators import DEFAULT_STATUSES, STATUSES, Params, parse_month
from pkobs.messages import Message, Month
from pkobs.settings import Language

MONTH_PATTERN = r"^(19|20)[0-9]{2}-(0[1-9]|1[0-2])$"
GROUP_PATTERN = r"^[a-z][a-z0-9_-]{0,31}$"
GROUPS_PATTERN = r"^[a-z][a-z0-9_-]{0,31}(,[a-z][a-z0-9_-]{0,31}){0,7}$"
STATUS_PATTERN = r"^(member|associate|observer)(,(member|associate|observer)){0,2}$"
MISSION_PATTERN = r"^[A-Za-z0-9-]{2,20}$"
KIND_PATTERN = r"^(pko|spm|support)(,(pko|spm|support)){0,2}$"
ISO3_PATTERN = r"^[A-Z]{3}$"
FORMAT_PATTERN = r"^(json|csv)$"
LANG_PATTERN = r"^(fr|en)$"
MAX_LIMIT = 10_000
MAX_OFFSET = 100_000_000  # rows skipped before a page, at most


class ParameterError(QueryError):
    """A request parameter has a value outside its allowed set."""


class NotFoundError(QueryError):
    """The path names something that does not exist (unknown indicator, table, country...)."""


class NoDataError(NotFoundError):
    """The period asked (``start`` to ``end``, either open) holds no month with data; the message
    says the data's span (``first`` to ``last``), and whether the period lies inside it (months
    no source covers) or outside."""

    def __init__(
        self, start: dt.date | None, end: dt.date | None, first: dt.date, last: dt.date
    ) -> None:
        self.start, self.end, self.first, self.last = start, end, first, last
        super().__init__("web.no_data.message")

    @property
    def inside(self) -> bool:
        """The period is not before nor after the data's span: only months no source covers."""
        after = self.start is not None and self.start > self.last
        before = self.end is not None and self.end < self.first
        return not (after or before)

    def message(self, lang: Language) -> str:
        locale = Locale(lang)
        start, end = self.start, self.end
        if start and end and start == end:
            what = Message("web.no_data.month", {"month": Month(start)})
        elif start and end:
            what = Message("web.no_data.range", {"start": from_month(start), "end": Month(end)})
        elif start:
            what = Message("web.no_data.after", {"start": from_month(start)})
        else:
            what = Message("web.no_data.before", {"end": Month(end or self.last)})
        span = Message(
            "web.no_data.span", {"first": from_month(self.first), "last": Month(self.last)}
        )
        why = Message(
            "web.no_data.inside" if self.inside else "web.no_data.outside", {"span": span}
        )
        return locale.message(Message("web.no_data.message", {"what": what, "why": why}))

    def span(self) -> dict[str, str]:
        """The data's span for a machine: ``{"first": "1990-11", "last": "2025-07"}``."""
        return {"first": f"{self.first:%Y-%m}", "last": f"{self.last:%Y-%m}"}


def from_month(month: dt.date) -> Message:
    """``from <month>``: in French ``de novembre 1990``, and ``d’avril 1990`` once filled
    (:func:`pkobs.i18n.elided`)."""
    return Message("web.no_data.from", {"month": Month(month)})


def empty_period(
    months: tuple[dt.date, ...], start: dt.date | None, end: dt.date | None
) -> NoDataError | None:
    """The error to raise when no month of ``months`` (the months with data, oldest first) lies
    between ``start`` and ``end`` (either may be open); ``None`` when some does, when nothing
    was asked, when there is no data at all, or when ``start`` is after ``end`` (another error)."""
    if not months or (start is None and end is None) or (start and end and start > end):
        return None
    if any((start is None or start <= m) and (end is None or m <= end) for m in months):
        return None
    return NoDataError(start, end, months[0], months[-1])


def check(name: str, value: str | None, pattern: str) -> str | None:
    if value is not None and not re.fullmatch(pattern, value):
        raise ParameterError("indicator.error.parameter", name=name, value=value, pattern=pattern)
    return value


def month(name: str, value: str | None) -> dt.date | None:
    checked = check(name, value, MONTH_PATTERN)
    return parse_month(checked, name) if checked else None


def statuses(value: str | None) -> tuple[str, ...]:
    checked = check("status", value, STATUS_PATTERN)
    if not checked:
        return DEFAULT_STATUSES
    chosen = tuple(dict.fromkeys(checked.split(",")))
    return tuple(s for s in STATUSES if s in chosen)


@dataclass(frozen=True)
class Query:
    """The query string shared by the indicators, the charts and the API."""

    group: str | None = None
    status: str | None = None
    from_: str | None = None
    to: str | None = None
    mission: str | None = None
    groups: str | None = None
    window: int | None = None
    by_mission: bool = False
    kind: str | None = None  # mission kinds, comma-separated (pko, spm, support)

    def params(self) -> Params:
        """The indicators' parameters (in no language: results are rendered by the edge)."""
        check("group", self.group, GROUP_PATTERN)
        check("groups", self.groups, GROUPS_PATTERN)
        check("mission", self.mission, MISSION_PATTERN)
        check("kind", self.kind, KIND_PATTERN)
        first = month("from", self.from_)
        last = month("to", self.to)
        if first and last and first > last:
            raise ParameterError("indicator.error.from_after_to", first=self.from_, last=self.to)
        base = Params()
        return Params(
            group=self.group or base.group,
            statuses=statuses(self.status),
            from_month=first,
            to_month=last,
            mission=self.mission,
            by_mission=self.by_mission,
            groups=tuple(self.groups.split(",")) if self.groups else base.groups,
            window=self.window,
            kinds=tuple(dict.fromkeys(self.kind.split(","))) if self.kind else None,
        )

    def as_query_string(self) -> dict[str, str]:
        """The non-empty parameters, for links that reopen the same view."""
        values = {
            "group": self.group,
            "status": self.status,
            "from": self.from_,
            "to": self.to,
            "mission": self.mission,
            "groups": self.groups,
            "window": str(self.window) if self.window is not None else None,
            "kind": self.kind,
        }
        return {key: value for key, value in values.items() if value}
