"""Translations and locale-aware formatting (Babel), shared by the CLI, web pages and reports.

Messages live in gettext catalogues, ``pkobs/locales/<lang>/LC_MESSAGES/<area>.po`` (one file per
area: core, web, report...; see ``pkobs.catalogues``); a test checks that French and English have
exactly the same keys and placeholders. Plurals follow the CLDR rules through Babel.
Numbers and dates always go through Babel: ``23,4 %`` / ``février 2014`` in French, ``23.4%`` /
``February 2014`` in English. French text filled from values has « de » elided before a month
that starts with a vowel (``de {month}`` reads « d’avril 2024 »): see :func:`elided`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from pkobs import catalogues
from pkobs.catalogues import plural_categories, plural_rule
from pkobs.messages import Count, Message, Month, Name, Share
from pkobs.settings import LANGUAGES, Language

# numbers, shares, months and days formatted per language, kept (Babel takes 10-30 us a call)
FORMATTED = 16384
# The French months that start with a vowel, and « de » before one of them (« de avril »).
VOWEL_MONTHS = ("avril", "août", "octobre")
_DE_VOWEL_MONTH = re.compile(r"\b([Dd])e[ \u00a0](?=(?:avril|août|octobre)\b)")


def elided(text: str, lang: Language) -> str:
    """``text`` with French « de » elided before a month that starts with a vowel: « de avril
    2024 à octobre 2025 » -> « d’avril 2024 à octobre 2025 », « De août » -> « D’août ».

    A catalogue template writes ``de {month}`` (``de {first} à {last}``) whatever the month;
    which month comes is known only once the values are filled, so :func:`t`, :func:`t_plural`
    (and :func:`pkobs.render.results.render`, their fast twin) elide the filled text. English
    text, and French text naming no such month, is returned as it is.
    """
    if lang != "fr" or not any(month in text for month in VOWEL_MONTHS):
        return text
    return _DE_VOWEL_MONTH.sub(r"\1’", text)


@cache
def _loaded(lang: Language) -> catalogues.Catalogue:
    return catalogues.load(catalogues.locales_folder(), lang, catalogues.default_cache_dir())


def catalogue(lang: Language) -> dict[str, str]:
    """Every message of ``lang`` that has one form: key -> template."""
    return _loaded(lang).messages


def plural_catalogue(lang: Language) -> dict[str, tuple[str, ...]]:
    """Every plural message of ``lang``: key -> one template per ``plural_categories(lang)``."""
    return _loaded(lang).plurals


def t(key: str, lang: Language, /, **values: Any) -> str:
    """The message ``key`` in ``lang``, with ``{placeholders}`` filled."""
    template = catalogue(lang).get(key)
    if template is None:
        base = key.removesuffix(".one").removesuffix(".other")
        if base in plural_catalogue(lang):
            raise KeyError(
                f"message {base!r} has plural forms: use t_plural({base!r}, number, ...)"
            )
        raise KeyError(f"message {key!r} missing from the {lang} catalogue")
    return elided(template.format(**values), lang) if values else template


def plural_category(number: int | Decimal, lang: Language) -> str:
    """The CLDR plural category of ``number`` in ``lang``: French 0 and 1 are ``one``, 1 000 000
    is ``many``; English 0 is ``other``. A ``Decimal`` keeps its visible decimals (``1.0`` is
    ``other`` in English)."""
    return plural_rule(lang)(number)


def t_plural(key: str, number: int | Decimal, lang: Language, /, **values: Any) -> str:
    """The form of plural message ``key`` that CLDR gives ``number`` in ``lang``, filled with
    ``values`` (the number is not passed for you: format it as the message needs)."""
    forms = plural_catalogue(lang).get(key)
    if forms is None:
        raise KeyError(f"plural message {key!r} missing from the {lang} catalogue")
    template = plural_form(forms, number, lang)
    return elided(template.format(**values), lang) if values else template


def plural_form(forms: tuple[str, ...], number: int | Decimal, lang: Language) -> str:
    """Of ``forms`` (``msgstr[0]``, ``msgstr[1]``... of a plural entry), the one for ``number``."""
    return forms[plural_categories(lang).index(plural_category(number, lang))]


def all_keys() -> dict[Language, set[str]]:
    """Every msgid per language: one-form keys, and ``<key>.one`` / ``<key>.other`` of plurals."""
    return {
        lang: set(catalogue(lang))
        | {f"{key}.{form}" for key in plural_catalogue(lang) for form in ("one", "other")}
        for lang in LANGUAGES
    }


@lru_cache(maxsize=FORMATTED)
def fmt_int(value: int, lang: Language) -> str:
    return format_decimal(value, format="#,##0", locale=lang)


@lru_cache(maxsize=FORMATTED)
def fmt_share(value: float | None, lang: Language, digits: int = 1) -> str:
    """A fraction as a percentage: 0.2345 -> ``23,4 %`` (fr) or ``23.4%`` (en)."""
    if value is None:
        return "—"
    number = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    pattern = number + ("\u00a0%" if lang == "fr" else "%")
    return format_percent(value, format=pattern, locale=lang)


@lru_cache(maxsize=FORMATTED)
def fmt_month(month: dt.date, lang: Language) -> str:
    """``février 2014`` / ``February 2014``."""
    return format_date(month, format="LLLL y", locale=lang)


@lru_cache(maxsize=FORMATTED)
def fmt_date(day: dt.date, lang: Language) -> str:
    """``28 février 2014`` / ``February 28, 2014``; the first day is ``1er juillet`` in French."""
    text = format_date(day, format="long", locale=lang)
    if lang == "fr" and day.day == 1 and text.startswith("1 "):
        return "1er " + text[2:]
    return text


def count_of(count: int, noun: str, lang: Language) -> str:
    """``0 ligne`` / ``1 ligne`` / ``2 lignes`` (CLDR French: 0 and 1 are singular); ``1 row`` /
    ``0 rows`` in English. ``noun`` names the plural message ``noun.<noun>``."""
    return t_plural(f"noun.{noun}", count, lang, n=fmt_int(count, lang))


def _value(value: Any, lang: Language) -> str:
    """One placeholder value of a :class:`Message`, formatted for ``lang``."""
    if isinstance(value, Message):
        return Locale(lang).message(value)
    if isinstance(value, Month):
        return fmt_month(value.value, lang)
    if isinstance(value, Count):
        return count_of(value.number, value.noun, lang)
    if isinstance(value, Name):
        return value.get(lang)
    if isinstance(value, Share):
        return fmt_share(value.value, lang, value.digits)
    if isinstance(value, bool):
        return t("value.yes" if value else "value.no", lang)
    if isinstance(value, int):
        return fmt_int(value, lang)
    if isinstance(value, dt.date):
        return fmt_date(value, lang)
    if isinstance(value, list | tuple):
        return ", ".join(_value(v, lang) for v in value)
    return str(value)


@dataclass(frozen=True)
class Locale:
    """One language at an edge: the CLI, a web request or a bulletin renders everything with one.

    The library below returns language-free results (tables with declared column kinds,
    :class:`pkobs.messages.Message` values); this is where they become French or English.
    """

    lang: Language

    def t(self, key: str, /, **values: Any) -> str:
        return t(key, self.lang, **values)

    def plural(self, key: str, number: int | Decimal, /, **values: Any) -> str:
        return t_plural(key, number, self.lang, **values)

    def message(self, message: Message) -> str:
        """``message`` in this language, every value formatted (nested messages rendered)."""
        values = {name: _value(value, self.lang) for name, value in message.values.items()}
        return t(message.key, self.lang, **values)

    def count(self, number: int, noun: str) -> str:
        return count_of(number, noun, self.lang)

    def number(self, value: int) -> str:
        return fmt_int(value, self.lang)

    def share(self, value: float | None, digits: int = 1) -> str:
        return fmt_share(value, self.lang, digits)

    def month(self, value: dt.date) -> str:
        return fmt_month(value, self.lang)

    def date(self, value: dt.date) -> str:
        return fmt_date(value, self.lang)
