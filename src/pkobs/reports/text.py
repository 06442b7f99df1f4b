"""Small localized text helpers for the bulletin: points, plurals, lists, names, group phrases.

Every helper takes the bulletin's one :class:`pkobs.i18n.Locale`; the words come from the
``report`` catalogue, plural forms from the CLDR rules (``Locale.plural``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pkobs.i18n import Locale, catalogue
from pkobs.messages import Message
from pkobs.render.cells import point_figure, signed_points
from pkobs.reports.data import BulletinData
from pkobs.settings import Language

MINUS = "\u2212"  # the true minus sign, in both languages (a hyphen is not a minus)


def locale_of(locale: Locale | Language) -> Locale:
    """The locale itself, or (for older callers passing ``"fr"`` / ``"en"``) one for it."""
    return locale if isinstance(locale, Locale) else Locale(locale)


def true_minus(text: str) -> str:
    """``-4,1`` -> ``\u22124,1``: the leading sign of a formatted number only."""
    return MINUS + text[1:] if text.startswith("-") else text


def signed_int(value: int, locale: Locale | Language) -> str:
    """``+1 234`` / ``\u2212567`` / ``0``."""
    return ("+" if value > 0 else "") + true_minus(locale_of(locale).number(value))


def signed_share(value: float, locale: Locale | Language) -> str:
    """``+5,3 %`` / ``\u22124,0 %``."""
    return ("+" if value > 0 else "") + true_minus(locale_of(locale).share(value))


def points(change: float, locale: Locale | Language, short: bool = False) -> str:
    """A difference of two fractions in percentage points: ``+0,3 point`` / ``\u22124.6 pt``."""
    loc = locale_of(locale)
    if short:
        return signed_points(change, loc)
    # CLDR on the figure as shown, one decimal: French « 1,5 point »; English "1.0 points"
    shown = Decimal(f"{abs(round(change * 100, 1)):.1f}")
    return loc.plural("report.points", shown, value=point_figure(change, loc))


def plural(key: str, count: int, locale: Locale | Language, **values: object) -> str:
    """The plural message ``key`` in the form CLDR gives ``count`` (French: 0 and 1 are
    singular), with ``{count}`` and ``values`` filled."""
    return locale_of(locale).plural(key, count, count=count, **values)


def join_names(names: list[str], locale: Locale | Language) -> str:
    """``a, b et c`` / ``a, b and c``."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {locale_of(locale).t('report.and')} {names[-1]}"


def statuses_phrase(statuses: tuple[str, ...], locale: Locale) -> str:
    return join_names([locale.t(f"report.status.{s}") for s in statuses], locale)


def group_name(data: BulletinData, locale: Locale) -> str:
    """The group's name in the reader's language (its id in capitals when it has none)."""
    return data.group.get(locale.lang) if data.group else data.params.group.upper()


def of_group(data: BulletinData, locale: Locale) -> str:
    key = f"report.of_group.{data.params.group}"
    if key in catalogue(locale.lang):
        return locale.t(key)
    return locale.t("report.of_group.other", name=group_name(data, locale))


def country(data: BulletinData, locale: Locale, iso3: object, fallback: object = None) -> str:
    """A country's name in the reader's language, from its ISO-3 code."""
    names = data.countries.get(str(iso3))
    if names is not None:
        return names.get(locale.lang)
    return str(fallback if fallback is not None else iso3)


def mission(data: BulletinData, locale: Locale, acronym: object) -> str:
    """A mission's acronym as the reader knows it: FINUL in French, UNIFIL in English."""
    names = data.missions.get(str(acronym))
    return names.get(locale.lang) if names is not None else str(acronym)


def alert_name(data: BulletinData, locale: Locale, row: dict[str, Any]) -> str:
    """The country or mission an alert is about, named in the reader's language."""
    if row["scope"] == "contributor":
        return country(data, locale, row["key"], row["name"] or row["key"])
    if row["scope"] == "mission":
        return mission(data, locale, row["key"])
    return str(row["name"] or row["key"])


def months_range(first: dt.date | None, last: dt.date | None, locale: Locale) -> str:
    if first is None or last is None:
        return locale.t("report.no_data")
    if first == last:
        return locale.month(first)
    return locale.t("report.months_range", first=locale.month(first), last=locale.month(last))


def sentence(value: Any, locale: Locale) -> str:
    """A sentence an indicator gives: a :class:`Message` rendered here (or, from an older
    indicator, a text already in the bulletin's language), with French typographic
    apostrophes."""
    text = locale.message(value) if isinstance(value, Message) else str(value)
    return french_apostrophes(text, locale)


def french_apostrophes(text: str, locale: Locale | Language) -> str:
    """French typography uses the curly apostrophe; indicator texts use the straight one."""
    return text.replace("'", "\u2019") if locale_of(locale).lang == "fr" else text


__all__ = [
    "MINUS",
    "alert_name",
    "country",
    "french_apostrophes",
    "group_name",
    "join_names",
    "locale_of",
    "mission",
    "months_range",
    "of_group",
    "plural",
    "points",
    "sentence",
    "signed_int",
    "signed_share",
    "statuses_phrase",
    "true_minus",
]
