"""Generated sentences as language-free Messages; their words live in the catalogue.

:func:`trend_message` and :func:`alert_message` return :class:`pkobs.messages.Message` values
(keys ``indicator.sentence.*`` in ``indicators.po``); an edge renders them with its
:class:`pkobs.i18n.Locale` (``locale.message(trend_message(...))``).

Example (``pkobs indicator trend --group oif --from 2013-02 --to 2014-02`` on IPI's files):
« La participation des membres de l’OIF aux contingents de police a augmenté de 21,0 % entre
février 2013 et février 2014 (de 3 532 à 4 274 membres du personnel). »
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal

from pkobs.messages import Count, Message, Month, Name

SUBJECTS = ("oif", "all")  # groups with a subject of their own; others are "members of <name>"
NAMED_GROUPS = ("au", "eu")  # groups whose name the catalogue holds (indicator.group.<id>)


def percent(value: float, digits: int = 1) -> Message:
    """A fraction as a percentage Message: ``23,4 %`` / ``23.4%`` once rendered.

    Rounded as Babel rounds a percentage (the float's decimal text, times 100, half to even),
    so the text equals ``fmt_share(value, lang, digits)``.
    """
    scaled = Decimal(str(value)).scaleb(2)
    quantum = Decimal(1).scaleb(-digits)
    rounded = scaled.quantize(quantum, rounding=ROUND_HALF_EVEN)
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    sign = "-" if rounded < 0 else ""
    if digits <= 0:
        return Message("indicator.percent_whole", {"sign": sign, "whole": int(whole)})
    return Message("indicator.percent", {"sign": sign, "whole": int(whole), "fraction": fraction})


def subject(group: str) -> Message:
    if group in SUBJECTS:
        return Message(f"indicator.sentence.subject.{group}")
    name: Message | str = (
        Message(f"indicator.group.{group}") if group in NAMED_GROUPS else group.upper()
    )
    return Message("indicator.sentence.subject.members", {"name": name})


def relative(before: int, after: int) -> Message:
    """The relative change, with two decimals when it would round to 0.0 %."""
    value = abs(after - before) / before
    return percent(value, 2 if value < 0.001 else 1)


def trend_message(
    group: str, category: str, start: dt.date, end: dt.date, before: int, after: int
) -> Message:
    """The change of the group's personnel of ``category`` between two months."""
    values: dict[str, object] = {
        "subject": subject(group),
        "category": Message(f"indicator.sentence.category.{category}"),
        "first": Month(start),
        "last": Month(end),
        "after": Count(after, "peacekeeper"),
    }
    if before == after:
        return Message("indicator.sentence.trend.stable", values)
    if before == 0:
        return Message("indicator.sentence.trend.from_zero", values)
    values.update(before=before, change=relative(before, after))
    return Message(
        "indicator.sentence.trend.rise" if after > before else "indicator.sentence.trend.fall",
        values,
    )


def alert_message(
    name: str | Name, scope: str, month: dt.date, previous: int, current: int
) -> Message:
    """One alert: a contributor's or a mission's month-over-month change.

    The name leads (« Cambodge : … »), so no French article has to be chosen for it.
    """
    kind = "contributor" if scope == "contributor" else "mission"
    values: dict[str, object] = {
        "name": name,
        "month": Month(month),
        "current": Count(current, "peacekeeper"),
    }
    if previous == 0:
        return Message(f"indicator.sentence.alert.{kind}.from_zero", values)
    values.update(previous=previous, change=relative(previous, current))
    direction = "rise" if current > previous else "fall"
    return Message(f"indicator.sentence.alert.{kind}.{direction}", values)


__all__ = [
    "alert_message",
    "percent",
    "subject",
    "trend_message",
]
