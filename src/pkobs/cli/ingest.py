"""The ``ingest`` command: files into the store, in one transaction.

Its own module so that running it imports only what it needs: with ``--quiet`` or ``--json``
neither Rich nor the renderers are loaded (they are imported for the progress display, the
summary, or to print an error).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from pkobs.cli.plain_params import PlainCommand
from pkobs.cli.state import state
from pkobs.errors import PkobsError

if TYPE_CHECKING:
    from pkobs.i18n import Locale
    from pkobs.pipeline import IngestReport
    from pkobs.store.database import Database

LOCK_WAIT_SECONDS = 600.0


@contextmanager
def _reported(locale: Callable[[], Locale]) -> Iterator[None]:
    """:func:`pkobs.cli.common.reported_errors`, imported only when there is an error (and the
    run's Locale, with the catalogues, made only then)."""
    try:
        yield
    except (PkobsError, ValueError):
        from pkobs.cli.common import reported_errors

        with reported_errors(locale()):
            raise


def _run(
    database: Database,
    files: list[Path],
    source_format: str,
    report_month: dt.date | None,
    locale_of_run: Callable[[], Locale],
    shown: bool,
) -> IngestReport:
    """Ingest, with a spinner naming each step when ``shown``."""
    from pkobs.pipeline import ingest_files

    if not shown:
        return ingest_files(database, files, source_format, month=report_month)
    locale = locale_of_run()
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from pkobs.cli.common import console

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task(locale.t("ingest.start"), total=None)
        return ingest_files(
            database,
            files,
            source_format,
            progress=lambda m: progress.update(task, description=locale.message(m)),
            month=report_month,
        )


def ingest(
    ctx: typer.Context,
    files: list[Path] = typer.Argument(..., help="CSV, PDF or JSON files to ingest."),
    source_format: str = typer.Option(
        "auto",
        "--format",
        help="auto (from the content), un-psdh, ipi-gender, ipi-ppp, un-pdf, ipi-json or "
        "ipi-series.",
    ),
    month: str | None = typer.Option(
        None, "--month", help="YYYY-MM: the month of a PDF report that prints no date."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress, no summary."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON summary."),
) -> None:
    """Ingest UN contribution files, all in one transaction.

    Where a file's figures replace figures already shown (a month another source covered), every
    replaced cell is listed, old and new.

    Examples:
      pkobs ingest ../shared/data/ipi/Gender.Full.csv
      pkobs ingest ../shared/data/un-monthly-pdf/*.pdf
      pkobs ingest report.pdf --month 2016-11
      pkobs ingest data.csv --format un-psdh --json
    """
    from pkobs.cli.interrupt import writes
    from pkobs.store.database import Database
    from pkobs.update.lock import update_lock

    writes(ctx)  # Ctrl-C: nothing was changed (one transaction)
    settings = state(ctx).settings

    def locale() -> Locale:
        """The run's Locale, made when something is worded (an error, the progress, the
        summary): a quiet ingest that succeeds never loads the catalogues."""
        return state(ctx).locale

    report_month = None
    if month:
        from pkobs.indicators.base import parse_month  # loads every indicator: only when asked

        with _reported(locale):
            report_month = parse_month(month, "--month")

    def waiting(holder: str, seconds: float) -> None:
        from pkobs.cli.common import err_console, say

        say(locale().t("ingest.waiting", pid=holder, seconds=int(seconds)), err_console)

    # The same lock as `pkobs update`: an update swaps in a copy of the database, so an ingest
    # committed meanwhile into the old file would be lost. A refused file is reported in the
    # run's language all the way through (summary and every problem).
    with (
        _reported(locale),
        update_lock(settings.db_path, LOCK_WAIT_SECONDS, waiting),
        Database.open(settings.db_path) as database,
    ):
        shown = not (quiet or as_json)
        report = _run(database, files, source_format, report_month, locale, shown)
    if as_json:
        from pkobs.cli.common import print_json

        payload = {
            "rows": report.rows,
            "files": [
                {
                    "path": str(f.path),
                    "status": f.status,
                    "source": f.source,
                    "format": f.format,
                    "encoding": f.encoding,
                    "rows": f.rows,
                    "first_month": f.first_month,
                    "last_month": f.last_month,
                }
                for f in report.files
            ],
            # Months older sources covered where the new figures now win (source precedence).
            "changes": {"months_revised": [r.to_json() for r in report.revised]},
        }
        print_json(payload, indent=None)
        return
    if quiet:
        return
    from pkobs.cli.common import say

    words = locale()
    for f in report.files:
        if f.status == "ingested":
            say(
                words.plural(
                    "ingest.done",
                    f.rows,
                    path=f.path,
                    rows=words.number(f.rows),
                    format=words.t(f"value.format.{f.format}"),
                    encoding=f.encoding,
                    period=_period(f.first_month, f.last_month, words),
                    source=f.source,
                ),
            )
        else:
            say(words.t("ingest.skipped", path=f.path, source=f.source))
    if report.revised:  # never silent: figures already shown were replaced
        from pkobs.cli.revisions import print_revisions

        print_revisions(report.revised, "ingest.month_revised", words)
        say(words.t("ingest.revised_rule"))


def _period(first: dt.date | None, last: dt.date | None, words: Locale) -> str:
    """The months a file covers: ``mars 2014``, ``de novembre 2009 à février 2014``."""
    if first is None or last is None:
        return "—"
    if first == last:
        return words.t("ingest.period.one_month", month=words.month(first))
    return words.t("ingest.period", first=words.month(first), last=words.month(last))


def register(app: typer.Typer) -> None:
    app.command(cls=PlainCommand)(ingest)
