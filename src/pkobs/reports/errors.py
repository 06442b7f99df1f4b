"""Errors of the bulletin, named after what went wrong; each tells the reader what to do."""

from __future__ import annotations

from pkobs.errors import PkobsError


class ReportError(PkobsError):
    """The bulletin could not be built; nothing was written."""

    exit_code = 2


class MonthWithoutDataError(ReportError):
    """The requested month has no data in the database."""


class OutputNotWritableError(ReportError):
    """The output path cannot be written (missing folder, no permission, not a file...)."""


__all__ = ["MonthWithoutDataError", "OutputNotWritableError", "ReportError"]
