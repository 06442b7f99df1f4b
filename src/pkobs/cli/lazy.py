"""Command modules loaded when a command runs, so that ``pkobs --help`` imports none of them.

``pkobs --help`` lists every command with its one-line summary from :data:`COMMANDS`; running
``pkobs ingest`` (or asking ``pkobs ingest --help``) imports only the module that defines it.
A test checks that this table and the commands' own docstrings agree.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from typing import Any

import typer
from typer import _click
from typer.core import TyperGroup

from pkobs.cli.plain_params import plain_parameters


@dataclass(frozen=True)
class LazyCommand:
    """Where a command is defined (``pkobs.cli.<module>``) and its one-line summary."""

    module: str
    summary: str


# In the order ``pkobs --help`` lists them. ``summary`` is the first sentence of the command's
# docstring (tests/cli/test_lazy.py compares them).
COMMANDS: dict[str, LazyCommand] = {
    "demo-sample": LazyCommand(
        "data", "Write a SYNTHETIC sample in the UN format under PKOBS_HOME and print its path."
    ),
    "ingest": LazyCommand("ingest", "Ingest UN contribution files, all in one transaction."),
    "sources": LazyCommand(
        "data", "List every ingested file with its sha256, format, rows and months."
    ),
    "sql": LazyCommand(
        "data",
        "Run one read-only SQL query over the views (contributions, countries, missions...).",
    ),
    "export": LazyCommand("data", "Export a table or view to CSV, Parquet or XLSX."),
    "groups": LazyCommand(
        "reference", "List a group's members on a day: iso3, name, status, and whether suspended."
    ),
    "check-data": LazyCommand(
        "reference", "Validate all reference data, then report on the ingested data."
    ),
    "indicator": LazyCommand("indicators", "Compute an indicator over the ingested data."),
    "serve": LazyCommand(
        "serve", "Serve the bilingual web pages and the open API on http://HOST:PORT/."
    ),
    "report": LazyCommand("report", "Write the monthly bulletin, or the archive of every month."),
    "update": LazyCommand(
        "update",
        "Download the UN's contribution files, ingest what is new, and report what changed.",
    ),
    "coverage": LazyCommand(
        "history",
        "Month by month: which sources exist, the level of detail, and the missing months.",
    ),
    "snapshot": LazyCommand(
        "history",
        "The compact snapshot of the real history shipped with pkobs (Parquet + sha256).",
    ),
}


def load_module(module: str) -> dict[str, _click.Command]:
    """The click commands that ``pkobs.cli.<module>`` registers, by name."""
    registered = importlib.import_module(f"pkobs.cli.{module}")
    holder = typer.Typer(rich_markup_mode=None, add_completion=False)
    registered.register(holder)
    return dict(typer.main.get_group(holder).commands)


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


class LazyGroup(TyperGroup):
    """The ``pkobs`` group: commands listed from :data:`COMMANDS`, modules loaded on use."""

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
        except BaseException as error:
            from pkobs.cli.interrupt import INTERRUPTED_EXIT_CODE, is_interrupt, report_interrupt

            if not is_interrupt(error):
                raise
            report_interrupt(ctx)
            raise typer.Exit(INTERRUPTED_EXIT_CODE) from None

    def get_params(self, ctx: _click.Context) -> list[_click.Parameter]:
        """The global options (and --help), converted without pydantic (:mod:`.plain_params`)."""
        return plain_parameters(super().get_params(ctx))

    def list_commands(self, ctx: _click.Context) -> list[str]:
        return list(self.commands)

    def format_commands(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        """The commands and their summaries, without importing a command module."""
        commands = self.commands
        names = list(commands)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows: list[tuple[str, str]] = []
        for name in names:
            if isinstance(commands, LazyCommands) and not commands.is_loaded(name):
                summary = COMMANDS[name].summary
                rows.append((name, _click.utils.make_default_short_help(summary, limit)))
                continue
            command = commands[name]
            if not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


__all__ = ["COMMANDS", "LazyCommand", "LazyGroup", "load_module"]
