"""``pkobs update``: download the UN's files and refresh the database (see docs/operations.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import typer

from pkobs.cli.common import emit, err_console, print_error, print_json, say, state
from pkobs.cli.interrupt import writes
from pkobs.cli.revisions import print_revisions
from pkobs.errors import PkobsError, QueryError
from pkobs.i18n import Locale
from pkobs.settings import Settings
from pkobs.table import Column, Table
from pkobs.update import (
    ChangeReport,
    FetchPolicy,
    Source,
    UpdateError,
    UpdateReport,
    adhoc_source,
    find_source,
    load_sources,
    update,
)
from pkobs.update.errors import SourceConfigError
from pkobs.update.sources import USER_FILENAME

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

SOURCE_COLUMNS = (
    Column("name", "code"),
    Column("format", "code"),
    Column("enabled", "flag"),
    Column("url", "text"),
    Column("description", "text"),
)


class RichDownloadProgress:
    """One progress bar per source, with size, speed and time left."""

    def __init__(self, progress: Progress, locale: Locale) -> None:
        self.progress = progress
        self.locale = locale
        self.tasks: dict[str, TaskID] = {}
        self.current: TaskID | None = None

    def start(self, source: str, total: int | None, completed: int) -> None:
        if source in self.tasks:
            self.current = self.tasks[source]
            self.progress.reset(self.current, total=total, completed=completed)
        else:
            self.current = self.progress.add_task(source, total=total, completed=completed)
            self.tasks[source] = self.current

    def advance(self, completed: int) -> None:
        if self.current is not None:
            self.progress.update(self.current, completed=completed)

    def retry(self, source: str, attempt: int, delay: float, error: UpdateError) -> None:
        say(
            self.locale.t(
                "update.retry",
                source=source,
                attempt=attempt,
                delay=f"{delay:g}",
                error=error.message(self.locale.lang).splitlines()[0],
            ),
            self.progress.console,
        )


def choose_sources(
    settings: Settings,
    name: str | None,
    url: str | None,
    source_format: str | None,
    sha256: str | None,
    month: dt.date | None = None,
) -> list[Source]:
    if url is not None:
        return [adhoc_source(url, source_format or "auto", name, sha256)]
    if source_format is not None or sha256 is not None:
        raise SourceConfigError("update.usage.format_without_url")
    configured = load_sources(settings.home)
    if name is not None:
        return [_monthly(find_source(configured, name), settings, month)]
    enabled = [_monthly(s, settings, month) for s in configured if s.enabled]
    if not enabled:
        raise SourceConfigError("update.usage.no_sources")
    return enabled


def _monthly(source: Source, settings: Settings, month: dt.date | None) -> Source:
    """A monthly source for ``month``, or for the month after the latest one in the database."""
    if not source.monthly:
        return source
    if month is None:
        from pkobs.indicators.base import add_months, month_end
        from pkobs.store.history import latest_month_of

        latest = latest_month_of(settings.db_path, source.format)
        month = (
            add_months(latest, 1)
            if latest
            else month_end(dt.date.today().replace(day=1) - dt.timedelta(days=1))
        )
    return source.for_month(month)


def print_changes(changes: ChangeReport, locale: Locale) -> None:
    if changes.empty:
        say(locale.t("update.no_changes"))
        return
    if changes.months_added:
        months = ", ".join(locale.month(m) for m in changes.months_added)
        say(locale.t("update.months_added", months=months))
    print_revisions(changes.months_revised, "update.month_revised", locale)
    for key, items in (
        ("update.new_contributors", changes.new_contributors),
        ("update.new_missions", changes.new_missions),
    ):
        if items:
            say(locale.t(key, items=", ".join(items)))


def print_report(report: UpdateReport, locale: Locale) -> None:
    for outcome in report.outcomes:
        values: dict[str, Any] = {"source": outcome.source.name}
        if outcome.provenance is not None:
            values.update(sha256=outcome.provenance.sha256[:16], path=outcome.provenance.path)
        values["rows"] = locale.number(outcome.rows)
        key = f"update.status.{outcome.status}"
        if outcome.status == "ingested":  # "1 row ingested", "2 rows ingested"
            say(locale.plural(key, outcome.rows, **values))
        else:
            say(locale.t(key, **values))
    if report.up_to_date:
        say(locale.t("update.up_to_date"))
        return
    say(locale.t("update.updated", database=report.database))
    print_changes(report.changes, locale)


def print_sources(settings: Settings, locale: Locale) -> None:
    rows = [
        (source.name, source.format, source.enabled, source.url, source.description)
        for source in load_sources(settings.home)
    ]
    table = Table([c.name for c in SOURCE_COLUMNS], rows).declared(*SOURCE_COLUMNS)
    title = locale.t("update.list.title", path=settings.home / USER_FILENAME)
    emit(table, "table", title=title, locale=locale)


@contextmanager
def reported_update_errors(locale: Locale, as_json: bool) -> Iterator[None]:
    """The whole message in the run's language on stderr (and JSON on stdout with --json); the
    error's exit code.

    Every :class:`PkobsError` is reported so: an update's own errors, a database that cannot be
    locked or opened (``DatabaseError``), and a bad option value (``QueryError`` from
    ``--month 2014-13``, exit code 2, like every other command's bad parameter). The update had
    not started for a refused option, so only the others say that nothing was changed.
    """
    try:
        yield
    except PkobsError as exc:
        message = exc.message(locale.lang)
        if as_json:
            payload = {
                "status": "error",
                "error": type(exc).__name__,
                "exit_code": exc.exit_code,
                "message": message,
            }
            print_json(payload, indent=None)
        print_error(locale, message)
        if not isinstance(exc, SourceConfigError | QueryError):
            say(locale.t("update.kept"), err_console)
        raise typer.Exit(exc.exit_code) from None


def update_command(
    ctx: typer.Context,
    source: str | None = typer.Option(
        None, "--source", help="A named source (see --list); with --url, the name to keep it under."
    ),
    url: str | None = typer.Option(None, "--url", help="Download this URL (an ad-hoc source)."),
    source_format: str | None = typer.Option(
        None, "--format", help="Format of the --url file: un-psdh, ipi-gender, ipi-ppp or auto."
    ),
    sha256: str | None = typer.Option(None, "--sha256", help="Expected sha256 of the --url file."),
    month: str | None = typer.Option(
        None, "--month", help="YYYY-MM: the month of a monthly source (the UN's PDF report)."
    ),
    wait: float = typer.Option(
        0.0, "--wait", help="Seconds to wait for another running update (default: do not wait)."
    ),
    timeout: float = typer.Option(60.0, "--timeout", help="Seconds without data before giving up."),
    retries: int = typer.Option(3, "--retries", help="Retries after a 5xx or network error."),
    backoff: float = typer.Option(2.0, "--backoff", help="First retry delay in seconds (doubles)."),
    list_sources: bool = typer.Option(False, "--list", help="List the named sources and exit."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar, no report."),
    as_json: bool = typer.Option(False, "--json", help="Print a machine-readable JSON report."),
) -> None:
    """Download the UN's contribution files, ingest what is new, and report what changed.

    Without options, updates every enabled named source. The database is rebuilt beside the live
    one and swapped in atomically: a running pkobs serve keeps answering. Exit codes: 0 done or
    up to date, 2 bad option or source, 4 database folder not writable, 5 source unreachable,
    6 source content invalid, 7 another update is running, 130 interrupted (Ctrl-C).

    Examples:
      pkobs update
      pkobs update --source un-psdh-current --json
      pkobs update --source un-monthly-pdf --month 2025-07
      pkobs update --url https://example.org/Gender.Full.csv --format ipi-gender
    """
    writes(ctx)  # Ctrl-C: nothing was changed (the copy is discarded, downloads uninstalled)
    settings = state(ctx).settings
    locale = state(ctx).locale
    with reported_update_errors(locale, as_json):
        if list_sources:
            print_sources(settings, locale)
            return
        from pkobs.indicators.base import parse_month

        wanted = parse_month(month, "--month") if month else None
        chosen = choose_sources(settings, source, url, source_format, sha256, wanted)
        policy = FetchPolicy(
            read_timeout=timeout,
            connect_timeout=min(timeout, 15.0),
            retries=max(retries, 0),
            backoff=max(backoff, 0.0),
        )

        def on_wait(pid: str, seconds: float) -> None:
            if not as_json:
                waiting = locale.t("update.waiting", pid=pid, wait=f"{seconds:g}")
                say(waiting, err_console)

        if quiet or as_json:
            report = update(settings, chosen, policy, wait_seconds=wait, on_wait=on_wait)
        else:
            from rich.progress import (
                BarColumn,
                DownloadColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
                TransferSpeedColumn,
            )

            columns = (
                TextColumn("{task.description}"),
                BarColumn(),
                DownloadColumn(),
                TransferSpeedColumn(),
                TimeRemainingColumn(),
            )
            with Progress(*columns, console=err_console, transient=True) as bar:
                report = update(
                    settings,
                    chosen,
                    policy,
                    wait_seconds=wait,
                    on_wait=on_wait,
                    progress=RichDownloadProgress(bar, locale),
                )
    if as_json:
        print_json(report.to_json())
    elif not quiet:
        print_report(report, locale)


def register(app: typer.Typer) -> None:
    app.command("update")(update_command)
