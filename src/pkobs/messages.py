"""Language-free messages: what the library says, as a catalogue key and its values.

Below the edges (CLI, web site, bulletin) nothing is in a language: errors, notes and problem
details are :class:`Message` values. An edge renders them with one :class:`pkobs.i18n.Locale`:
the template comes from the gettext catalogue (``pkobs/locales/<lang>/LC_MESSAGES/*.po``) and
each value is formatted for the language (numbers with its separators, months by name, nested
messages rendered in turn).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, ItemsView, Iterator, Mapping
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
class Share:
    """A value that reads as a percentage (``52,8 %`` / ``52.8%``): a fraction between 0 and 1."""

    value: float
    digits: int = 1


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
    :class:`Count`, a :class:`Share`, a :class:`Name`, a nested :class:`Message`, or a list or
    tuple of those (joined with commas).
    """

    key: str
    values: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, key: str, /, **values: Any) -> Message:
        return cls(key, values)


class LazyValues(Mapping[str, object]):
    """A :class:`Message`'s values worked out when first read, as ``make(*args)``.

    A long answer holds tens of thousands of generated sentences and an edge renders only the
    page it shows. The values are a function of ``args`` (hashable), so ``identity`` also
    names the message's text in a language: :func:`pkobs.render.results.render` keeps the
    text by it, and the same sentence asked for by another question is not worded again.
    """

    __slots__ = ("_make", "_values", "args")

    def __init__(self, make: Callable[..., Mapping[str, Any]], *args: Hashable) -> None:
        self._make = make
        self.args = args
        self._values: Mapping[str, Any] | None = None

    @property
    def identity(self) -> tuple[Hashable, ...]:
        """What the values are made of: equal identities give equal values."""
        return (self._make, *self.args)

    def _read(self) -> Mapping[str, Any]:
        values = self._values
        if values is None:
            values = self._values = self._make(*self.args)
        return values

    def __getitem__(self, name: str) -> object:
        return self._read()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._read())

    def __len__(self) -> int:
        return len(self._read())

    def items(self) -> ItemsView[str, object]:
        return self._read().items()

    def __repr__(self) -> str:
        return repr(dict(self._read()))


__all__ = ["Count", "LazyValues", "Message", "Month", "Name", "Share"]
