"""Small localized text helpers for the bulletin: points, plurals, lists, group phrases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.numbers import format_decimal

from pkobs.i18n import catalogue, fmt_int, fmt_month, fmt_share, t, t_plural
from pkobs.settings import Language

MINUS = "\u2212"  # the true minus sign, in both languages (a hyphen is not a minus)


def true_minus(text: str) -> str:
    """``-4,1`` -> ``\u22124,1``: the leading sign of a formatted number only."""
    return MINUS + text[1:] if text.startswith("-") else text


def signed_int(value: int, lang: Language) -> str:
    """``+1 234`` / ``\u2212567`` / ``0``."""
    return ("+" if value > 0 else "") + true_minus(fmt_int(value, lang))


def signed_share(value: float, lang: Language) -> str:
    """``+5,3 %`` / ``\u22124,0 %``."""
    return ("+" if value > 0 else "") + true_minus(fmt_share(value, lang))


def points(change: float, lang: Language, short: bool = False) -> str:
    """A difference of two fractions in percentage points: ``+0,3 point`` / ``\u22124.6 pt``."""
    value = round(change * 100, 1)
    text = true_minus(format_decimal(value, format="+#,##0.0;-#,##0.0", locale=lang))
    if value == 0:
        text = format_decimal(0, format="#,##0.0", locale=lang)
    if short:
        return t("report.pt", lang, value=text)
    # CLDR on the figure as shown, one decimal: French « 1,5 point »; English "1.0 points"
    return t_plural("report.points", Decimal(f"{abs(value):.1f}"), lang, value=text)


def plural(key: str, count: int, lang: Language, **values: object) -> str:
    """The plural message ``key`` in the form CLDR gives ``count`` (French: 0 and 1 are
    singular), with ``{count}`` and ``values`` filled."""
    return t_plural(key, count, lang, count=count, **values)


def join_names(names: list[str], lang: Language) -> str:
    """``a, b et c`` / ``a, b and c``."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {t('report.and', lang)} {names[-1]}"


def statuses_phrase(statuses: tuple[str, ...], lang: Language) -> str:
    return join_names([t(f"report.status.{s}", lang) for s in statuses], lang)


def of_group(group: str, name: str, lang: Language) -> str:
    key = f"report.of_group.{group}"
    if key in catalogue(lang):
        return t(key, lang)
    return t("report.of_group.other", lang, name=name)


def months_range(first: dt.date | None, last: dt.date | None, lang: Language) -> str:
    if first is None or last is None:
        return t("report.no_data", lang)
    if first == last:
        return fmt_month(first, lang)
    return t("report.months_range", lang, first=fmt_month(first, lang), last=fmt_month(last, lang))


def french_apostrophes(text: str, lang: Language) -> str:
    """French typography uses the curly apostrophe; indicator sentences use the straight one."""
    return text.replace("'", "\u2019") if lang == "fr" else text


__all__ = [
    "MINUS",
    "french_apostrophes",
    "join_names",
    "months_range",
    "of_group",
    "plural",
    "points",
    "signed_int",
    "signed_share",
    "statuses_phrase",
    "true_minus",
]
