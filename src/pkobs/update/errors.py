"""What can go wrong during an update. Each error has its own exit code, for schedulers.

Messages are language-free (a key of the ``update`` catalogue and its values, see
:class:`pkobs.errors.PkobsError`); ``str(error)`` gives the English text,
:meth:`UpdateError.message` the text in a given language.
"""

from __future__ import annotations

from typing import Any

from pkobs.errors import PkobsError


class UpdateError(PkobsError):
    """Base class of update failures. Whatever happened, the database and downloads are intact."""

    exit_code = 1

    def __init__(self, key: str, detail: str = "", **values: Any) -> None:
        super().__init__(key, detail=detail, **values)


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
