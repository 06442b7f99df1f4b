"""What the global options give every command: the settings and the one Locale of this run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import typer

from pkobs.settings import Settings, parse_language

if TYPE_CHECKING:
    from pkobs.i18n import Locale


@dataclass
class State:
    settings: Settings
    quiet: bool = False
    writes: bool = False  # the command writes the database (see pkobs.cli.interrupt.writes)

    @property
    def locale(self) -> Locale:
        """The language of every message and human table of this run (``--lang``/``PKOBS_LANG``)."""
        from pkobs.i18n import Locale

        return Locale(self.settings.lang)

    def locale_for(self, lang: str | None) -> Locale:
        """The run's Locale, or the one a command's own ``--lang`` asks for."""
        from pkobs.i18n import Locale

        return Locale(parse_language(lang)) if lang else self.locale


def state(ctx: typer.Context) -> State:
    value = ctx.obj
    if not isinstance(value, State):
        raise RuntimeError("pkobs: global options were not parsed")
    return value


__all__ = ["State", "state"]
