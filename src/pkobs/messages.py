"""Language-free messages: what the library says, as a catalogue key and its values.

Below the edges (CLI, web site, bulletin) nothing is in a language: errors, notes and problem
details are :class:`Message` values. An edge renders them with one :class:`pkobs.i18n.Locale`:
the template comes from the gettext catalogue (``pkobs/locales/<lang>/LC_MESSAGES/*.po``) and
each value is formatted for the language (numbers with its separators, months by name, nested
messages rendered in turn).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Month:
    """A value that reads as a month (``février 2014`` / ``February 2014``), not as a date."""

    value: dt.date


@dataclass(frozen=True)
class Count:
    """A value that reads as a count of a noun (``noun.<noun>`` plural message): ``3 lignes``."""

    number: int
    noun: str


@dataclass(frozen=True)
class Name:
    """A proper name given in both languages (a country's, a mission's acronym as its readers
    know it: FINUL / UNIFIL): the library hands out both, the edge shows the reader's."""

    fr: str
    en: str

    def get(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en


@dataclass(frozen=True)
class Message:
    """A catalogue key and the values of its placeholders.

    A value may be a ``str`` (shown as is: a path, a code, a quoted input), an ``int`` (grouped
    digits), a ``float`` (as is), a ``datetime.date`` (a long date), a :class:`Month`, a
    :class:`Count`, a :class:`Name`, a nested :class:`Message`, or a list or tuple of those
    (joined with commas).
    """

    key: str
    values: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, key: str, /, **values: Any) -> Message:
        return cls(key, values)


__all__ = ["Count", "Message", "Month", "Name"]
