"""What every command shares: the run's State and Locale, output, and error handling.

Output goes through the renderers of :mod:`pkobs.render` (a Rich table in the run's language,
or CSV / JSON in machine values); errors are printed with ``error.message(lang)``, in full.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from rich.console import Console
from rich.text import Text

from pkobs.cli.state import State as State
from pkobs.cli.state import state as state
from pkobs.errors import PkobsError
from pkobs.i18n import Locale
from pkobs.render.json import json_default as json_default
from pkobs.render.json import json_text
from pkobs.store.database import Database
from pkobs.table import Table

console = Console()
err_console = Console(stderr=True)

OUTPUT_FORMATS = ("table", "csv", "json")


# Spaces a line must never break at: U+202F (digit groups in French, before ; : ! ? » and after
# «) and U+00A0 (before % in French). Python counts them as whitespace, and so did Rich's
# wrapping ("de 8 067 à 8 ⏎494"): while a sentence is wrapped they stand as private-use
# characters of the same width, which are not spaces.
UNBREAKABLE = {"\u202f": "\ue000", "\u00a0": "\ue001"}
SHIELDED = str.maketrans(UNBREAKABLE)
UNSHIELDED = str.maketrans({shield: space for space, shield in UNBREAKABLE.items()})


def prose_lines(text: str | Text, out: Console, width: int | None = None) -> list[Text]:
    """``text`` cut into lines of at most ``width`` cells (the console's width) at ordinary
    spaces only: never inside a number, before ; : ! ? » or after « (U+202F, U+00A0). A word
    longer than a line is folded, as Rich does; styles are kept."""
    shown = as_text(text)
    shielded = Text(shown.plain.translate(SHIELDED), spans=shown.spans, end="")
    lines = shielded.wrap(out, width or out.width)
    for line in lines:
        line.rstrip()
    return [Text(line.plain.translate(UNSHIELDED), spans=line.spans) for line in lines]


def say(text: str | Text, out: Console | None = None, style: str | None = None) -> None:
    """Print prose (a sentence, or lines of them) for people on ``out`` (stdout by default),
    never as markup. On a terminal it is wrapped to its width at ordinary spaces only
    (:func:`prose_lines`); into a pipe or a file each line is written whole, so a script or
    ``grep`` sees every sentence on one line."""
    target = out or console
    lines = prose_lines(text, target) if target.is_terminal else [as_text(text)]
    for line in lines:
        target.print(line, style=style or "", markup=False, highlight=False, soft_wrap=True)


def as_text(text: str | Text) -> Text:
    return text if isinstance(text, Text) else Text(text)


def print_error(locale: Locale, text: str) -> None:
    """``error: <text>`` on stderr, the label in the run's language, the text never as markup."""
    say(Text.assemble((locale.t("cli.error"), "bold red"), " ", text), err_console)


@contextmanager
def reported_errors(locale: Locale | None = None) -> Iterator[None]:
    """Turn library errors into a clear message on stderr and the error's exit code.

    A :class:`PkobsError` is printed in full in the run's language (``error.message(lang)``,
    with its problems and details); a ``ValueError`` from option parsing as it reads.
    """
    try:
        yield
    except PkobsError as exc:
        shown = locale or _default_locale()
        print_error(shown, exc.message(shown.lang))
        raise typer.Exit(exc.exit_code) from None
    except ValueError as exc:
        print_error(locale or _default_locale(), str(exc))
        raise typer.Exit(2) from None


def _default_locale() -> Locale:
    """The run's Locale when a command did not pass one (from the click context)."""
    from typer._click.globals import get_current_context

    ctx = get_current_context(silent=True)
    found = ctx.find_object(State) if ctx is not None else None
    return found.locale if found is not None else Locale("fr")


@contextmanager
def writable(ctx: typer.Context) -> Iterator[Database]:
    """The database opened for writing (created and migrated when needed)."""
    with Database.open(state(ctx).settings.db_path) as database:
        yield database


@contextmanager
def readable(ctx: typer.Context) -> Iterator[Database]:
    """The database opened read-only, for a command that only reads.

    A missing file is refused (``cli.no_database``, naming the command, exit code 4) and
    nothing is created, not even its folder: a mistyped ``--db`` is said, not answered with an
    empty database. An outdated file is first brought up to date, explicitly
    (``Database.open_for_reading``).
    """
    from pkobs.store.query import DatabaseMissing

    path = state(ctx).settings.db_path
    if str(path) != ":memory:" and not path.is_file():
        raise DatabaseMissing(path, f"pkobs {ctx.info_name}")
    with Database.open_for_reading(path) as database:
        yield database


def print_json(payload: Any, indent: int | None = 1) -> None:
    """JSON on stdout, the same bytes as ``json.dumps(..., ensure_ascii=False, indent=1)``."""
    sys.stdout.write(json_text(payload, indent) + "\n")


def emit(
    table: Table,
    fmt: str,
    title: str | None = None,
    meta: dict[str, Any] | None = None,
    *,
    locale: Locale | None = None,
) -> None:
    """Print a table: a Rich table in ``locale`` (headers from the catalogue, cells by their
    declared kind), CSV, or JSON (``{"rows": [...], "meta": {...}}`` when ``meta`` is given)."""
    if fmt == "csv":
        from pkobs.render.csv import csv_string

        sys.stdout.write(csv_string(table))  # text that looks like a formula is neutralised
    elif fmt == "json":
        print_json({"rows": table.records(), "meta": meta} if meta is not None else table.records())
    elif fmt == "table":
        from pkobs.render.terminal import print_table

        print_table(table, locale or _default_locale(), console, title)
    else:
        shown = locale or _default_locale()
        known = ", ".join(OUTPUT_FORMATS)
        raise typer.BadParameter(shown.t("cli.unknown_output_format", format=fmt, known=known))


__all__ = [
    "OUTPUT_FORMATS",
    "State",
    "console",
    "emit",
    "err_console",
    "json_default",
    "print_error",
    "print_json",
    "prose_lines",
    "readable",
    "reported_errors",
    "say",
    "state",
    "writable",
]
