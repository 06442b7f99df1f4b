"""The ``pkobs`` command line: a thin Typer app. Commands parse options and call the library.

Each command module (``data``, ``reference``, ``indicators``...) is imported only when one of its
commands runs (:mod:`pkobs.cli.lazy`): ``pkobs --help`` loads no database, web or PDF code.
"""

from __future__ import annotations

from pathlib import Path

import typer

from pkobs.cli.lazy import LazyGroup
from pkobs.cli.state import State
from pkobs.settings import Language, Settings

app = typer.Typer(
    name="pkobs",
    cls=LazyGroup,
    help="Observatoire francophone des opérations de paix de l'ONU / Francophone observatory "
    "of UN peace operations.\n\nExample: pkobs ingest ../shared/data/ipi/Gender.Full.csv && "
    "pkobs indicator share --from 2014-01\n\n"
    "The commands that read (sources, sql, export, indicator, groups, coverage, report) never "
    "create a database: a missing one is said (exit code 4) and nothing is written; ingest, "
    "update, snapshot load and serve create it. Ctrl-C stops a command with one line and exit "
    "code 130 (a command that writes the database has then changed nothing).",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def global_options(
    ctx: typer.Context,
    db: Path | None = typer.Option(
        None,
        "--db",
        envvar="PKOBS_DB",
        help="DuckDB database file (default: $PKOBS_HOME/pkobs.duckdb).",
    ),
    lang: str | None = typer.Option(
        None, "--lang", envvar="PKOBS_LANG", help="Language of messages: fr or en (default fr)."
    ),
) -> None:
    """Global options shared by every command."""
    try:
        settings = Settings.from_env(db=db, lang=lang)
    except ValueError as error:  # a SettingsError, in the run's language (French if that is wrong)
        from pkobs.cli.common import reported_errors
        from pkobs.i18n import Locale

        with reported_errors(Locale(_language_or_default(lang))):
            raise error from None
    ctx.obj = State(settings)


def _language_or_default(lang: str | None) -> Language:
    """The run's language when it is a valid one, otherwise French (the default)."""
    from pkobs.settings import requested_language

    try:
        return requested_language(lang)
    except ValueError:
        return "fr"


def main() -> None:
    app()
