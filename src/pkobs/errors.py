"""Exceptions named after what went wrong. Each carries the places where it went wrong.

Errors are language-free until they are worded: :mod:`pkobs.i18n` (and Babel under it) is
imported when a message is rendered, not when this module is, so a run that fails nothing never
loads the catalogues.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from pkobs.messages import Message

if TYPE_CHECKING:
    from pkobs.settings import Language


def _render(message: Message, lang: Language) -> str:
    from pkobs.i18n import Locale

    return Locale(lang).message(message)


def _t(key: str, lang: Language, /, **values: Any) -> str:
    from pkobs.i18n import t

    return t(key, lang, **values)


@dataclass(frozen=True)
class DataProblem:
    """One thing wrong in an input file, with where it is (1-based page, line and column).

    ``message`` is a language-free :class:`Message`; the edges put it into words with
    :meth:`describe`. A plain ``str`` is a transition only (reference data still words its
    problems itself, in ``lang``): new code gives a Message and no ``lang``.
    """

    message: Message | str
    path: Path | None = None
    line: int | None = None
    column: int | None = None
    column_name: str | None = None
    lang: Language | None = None  # transition: the language of a ``str`` message
    page: int | None = None  # for PDF reports: the 1-based page

    @property
    def key(self) -> str:
        """The catalogue key of the message ("" for a fixed text)."""
        return self.message.key if isinstance(self.message, Message) else ""

    def text(self, lang: Language) -> str:
        """What is wrong, in ``lang`` (without the place)."""
        if isinstance(self.message, Message):
            return _render(self.message, lang)
        return self.message

    def location(self, lang: Language | None = None) -> str:
        """Where: ``path, page 3, line 12, column 4 (mission)``, in ``lang``."""
        lang = lang or self.lang or "en"
        parts: list[str] = []
        if self.path is not None:
            parts.append(str(self.path))
        if self.page is not None:
            parts.append(_t("loc.page", lang, n=self.page))
        if self.line is not None:
            parts.append(_t("loc.line", lang, n=self.line))
        if self.column is not None:
            col = _t("loc.column", lang, n=self.column)
            if self.column_name:
                col += f" ({self.column_name})"
            parts.append(col)
        elif self.column_name:
            parts.append(_t("loc.column", lang, n=self.column_name))
        return ", ".join(parts)

    def describe(self, lang: Language) -> str:
        """The place and the problem, in ``lang``: ``f.csv, line 3, column 4 (mission): …``."""
        where = self.location(lang)
        text = self.text(lang)
        colon = "\u202f: " if lang == "fr" else ": "  # French: a narrow no-break space before ":"
        return f"{where}{colon}{text}" if where else text

    def __str__(self) -> str:
        return self.describe(self.lang or "en")


class PkobsError(Exception):
    """Base class of every error pkobs reports to people.

    It carries a language-free :class:`Message` (a catalogue key and its values) and, where
    useful, a ``detail`` already in a fixed form (a DuckDB message, a path). The edges render it
    with :meth:`message`; ``str(error)`` is the English text, for logs and tracebacks.
    """

    exit_code = 1

    def __init__(
        self, key: str | Message = "", /, *, detail: str | PkobsError = "", **values: Any
    ) -> None:
        self.msg = key if isinstance(key, Message) else Message(key, values)
        self.detail: str | PkobsError = detail
        super().__init__(self.message("en"))

    def because(self, cause: PkobsError) -> Self:
        """This error with ``cause`` as its detail, worded in the same language as it."""
        self.detail = cause
        self.args = (self.message("en"),)
        return self

    @property
    def key(self) -> str:
        return self.msg.key

    @property
    def values(self) -> Mapping[str, Any]:
        return self.msg.values

    def message(self, lang: Language) -> str:
        """The error in ``lang`` (with its detail on the next line, when there is one)."""
        fixed = not self.msg.key or " " in self.msg.key  # not a catalogue key: a fixed text
        text = self.msg.key if fixed else _render(self.msg, lang)
        detail = self.detail.message(lang) if isinstance(self.detail, PkobsError) else self.detail
        return f"{text}\n{detail}" if detail else text


class IngestError(PkobsError):
    """An input file was rejected; nothing was written. ``problems`` lists every place at fault.

    The summary is a catalogue key (with ``values``) or a :class:`Message`, and every problem
    carries a Message: :meth:`message` words the whole error, summary and problems with their
    page, line and column, in one language.
    """

    exit_code = 2

    def __init__(
        self,
        summary: str | Message,
        problems: Sequence[DataProblem] | None = None,
        /,
        **values: Any,
    ) -> None:
        self.problems: list[DataProblem] = list(problems or [])
        super().__init__(summary, **values)

    @property
    def summary(self) -> Message:
        return self.msg

    def message(self, lang: Language, limit: int = 50) -> str:
        """The summary, then one line per problem (at most ``limit``), in ``lang``."""
        lines = [super().message(lang)]
        lines += [f"  - {p.describe(lang)}" for p in self.problems[:limit]]
        if len(self.problems) > limit:
            from pkobs.i18n import count_of

            more = count_of(len(self.problems) - limit, "more_problem", lang)
            lines.append("  " + _t("loc.more", lang, more=more))
        return "\n".join(lines)

    def render(self, limit: int = 50, lang: Language = "en") -> str:
        """Transition alias of :meth:`message` (English unless told)."""
        return self.message(lang, limit)


class ListingError(PkobsError):
    """An error whose message lists what is wrong, one language-free :class:`Message` per line
    under its summary: at most ``limit`` of them, then ``more_key`` with ``count`` (the number
    left, as digits). Rendered by :meth:`message`, at the edge, like every :class:`PkobsError`.
    """

    limit = 20
    more_key = "pdf.more"

    def __init__(self, key: str | Message, items: Sequence[Message], /, **values: Any) -> None:
        self.items: tuple[Message, ...] = tuple(items)
        super().__init__(key, **values)

    def message(self, lang: Language) -> str:
        lines = [super().message(lang)]
        lines += ["  - " + _render(item, lang) for item in self.items[: self.limit]]
        if len(self.items) > self.limit:
            more = Message(self.more_key, {"count": str(len(self.items) - self.limit)})
            lines.append("  " + _render(more, lang))
        return "\n".join(lines)


class ReferenceDataError(PkobsError):
    """A reference-data file (countries, missions, groups, registries) is invalid."""

    exit_code = 3

    def __init__(self, summary: str, problems: list[DataProblem] | None = None) -> None:
        self.summary = summary
        self.problems = problems or []
        lines = [summary] + [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class QueryError(PkobsError):
    """A query or parameter was refused (unknown table, write attempt, bad parameter...)."""

    exit_code = 2


class SettingsError(PkobsError, ValueError):
    """A setting from the environment or the global options is invalid (a language, a cache
    bound): said before any command runs."""

    exit_code = 2


class DatabaseError(PkobsError):
    """The database is missing, locked, or from an incompatible schema version."""

    exit_code = 4
