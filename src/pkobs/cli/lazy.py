"""Command modules loaded when a command runs, so that ``pkobs --help`` imports none of them.

``pkobs --help`` lists every command of :data:`COMMANDS` with its one-line summary from the
``cli_help`` catalogue, in the help's language (:mod:`pkobs.cli.helptext`); running ``pkobs
ingest`` (or asking ``pkobs ingest --help``) imports only the module that defines it. Tests check
that this table and the modules agree, and the English catalogue and the docstrings.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from typing import Any

import typer
from typer import _click

from pkobs.cli.helptext import (
    HELP_VALUES,
    LANG_KEY,
    HelpGroup,
    help_language,
    language_of,
    use_help_context,
)
from pkobs.cli.plain_params import plain_parameters


@dataclass(frozen=True)
class LazyCommand:
    """Where a command is defined: ``pkobs.cli.<module>``."""

    module: str


# In the order ``pkobs --help`` lists them (their summaries: ``help.<name>`` in cli_help.po).
COMMANDS: dict[str, LazyCommand] = {
    "demo-sample": LazyCommand("data"),
    "ingest": LazyCommand("ingest"),
    "sources": LazyCommand("data"),
    "sql": LazyCommand("data"),
    "export": LazyCommand("data"),
    "groups": LazyCommand("reference"),
    "check-data": LazyCommand("reference"),
    "indicator": LazyCommand("indicators"),
    "serve": LazyCommand("serve"),
    "report": LazyCommand("report"),
    "update": LazyCommand("update"),
    "coverage": LazyCommand("history"),
    "snapshot": LazyCommand("history"),
}


def load_module(module: str) -> dict[str, _click.Command]:
    """The click commands that ``pkobs.cli.<module>`` registers, by name, writing their help in
    the help's language (the values their help texts name: the module's ``HELP_VALUES``)."""
    registered = importlib.import_module(f"pkobs.cli.{module}")
    holder = typer.Typer(rich_markup_mode=None, add_completion=False)
    registered.register(holder)
    HELP_VALUES.update(getattr(registered, "HELP_VALUES", {}))
    commands = dict(typer.main.get_group(holder).commands)
    for command in commands.values():
        use_help_context(command)
    return commands


class LazyCommands(MutableMapping[str, _click.Command]):
    """Every command's name at once; a command's module imported on first access to it."""

    def __init__(self, loaded: dict[str, _click.Command]) -> None:
        self.loaded = loaded

    def is_loaded(self, name: str) -> bool:
        return name in self.loaded

    def __getitem__(self, name: str) -> _click.Command:
        if name not in self.loaded and name in COMMANDS:
            for found, command in load_module(COMMANDS[name].module).items():
                self.loaded.setdefault(found, command)
        return self.loaded[name]

    def __setitem__(self, name: str, command: _click.Command) -> None:
        self.loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self.loaded[name]

    def __iter__(self) -> Iterator[str]:
        yield from COMMANDS
        yield from (name for name in self.loaded if name not in COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS.keys() | self.loaded.keys())

    def __contains__(self, name: object) -> bool:
        return name in COMMANDS or name in self.loaded


class LazyGroup(HelpGroup):
    """The ``pkobs`` group: commands listed from :data:`COMMANDS`, modules loaded on use, help in
    the language its arguments or ``PKOBS_LANG`` ask for."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = LazyCommands(dict(self.commands))

    def invoke(self, ctx: _click.Context) -> Any:
        """Run the command; Ctrl-C (or the DuckDB error it causes) is one line in the run's
        language and exit code 130 (:mod:`pkobs.cli.interrupt`), not a traceback."""
        from pkobs.cli.interrupt import stopping_statements

        try:
            with stopping_statements():
                return super().invoke(ctx)
        except _click.exceptions.UsageError as error:  # a command's: in the run's language
            from pkobs.cli.usage_errors import localised

            raise localised(error, language_of(ctx)) from None
        except BaseException as error:
            from pkobs.cli.interrupt import INTERRUPTED_EXIT_CODE, is_interrupt, report_interrupt

            if not is_interrupt(error):
                raise
            report_interrupt(ctx)
            raise typer.Exit(INTERRUPTED_EXIT_CODE) from None

    def parse_args(self, ctx: _click.Context, args: list[str]) -> list[str]:
        """Parse, the help's language read first: ``--help`` is answered during the parse,
        before the callback reads ``--lang`` (:func:`pkobs.cli.helptext.help_language`)."""
        ctx.meta[LANG_KEY] = help_language(args)
        try:
            return super().parse_args(ctx, args)
        except _click.exceptions.UsageError as error:  # the global options': in that language
            from pkobs.cli.usage_errors import localised

            raise localised(error, ctx.meta[LANG_KEY]) from None

    def get_params(self, ctx: _click.Context) -> list[_click.Parameter]:
        """The global options (and --help), converted without pydantic (:mod:`.plain_params`)."""
        return plain_parameters(super().get_params(ctx))

    def list_commands(self, ctx: _click.Context) -> list[str]:
        return list(self.commands)


__all__ = ["COMMANDS", "LazyCommand", "LazyGroup", "load_module"]
