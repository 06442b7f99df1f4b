"""What can go wrong during an update. Each error has its own exit code, for schedulers.

Messages are bilingual: they are looked up in the ``update`` locale catalogue by ``key``;
``str(error)`` gives the English text, :meth:`UpdateError.message` the text in a given language.
"""

from __future__ import annotations

from typing import Any

from pkobs.errors import PkobsError
from pkobs.settings import Language


class UpdateError(PkobsError):
    """Base class of update failures. Whatever happened, the database and downloads are intact."""

    exit_code = 1

    def __init__(self, key: str, detail: str = "", **values: Any) -> None:
        self.key = key
        self.detail = detail
        self.values = values
        super().__init__(self.message("en"))

    def message(self, lang: Language) -> str:
        from pkobs.i18n import t

        text = t(self.key, lang, **self.values)
        return f"{text}\n{self.detail}" if self.detail else text


class SourceConfigError(UpdateError):
    """The sources file is unreadable, or names an unknown source or format."""

    exit_code = 2


class SourceUnreachable(UpdateError):
    """The server could not be reached, timed out, or answered with an HTTP error."""

    exit_code = 5


class SourceContentInvalid(UpdateError):
    """The server answered, but with something that is not the expected data file."""

    exit_code = 6


class UpdateInProgress(UpdateError):
    """Another update holds the lock on this database."""

    exit_code = 7
