"""``pkobs update``: download the UN's files and refresh the database (see docs/operations.md)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.table import Table as RichTable

from pkobs.cli.common import console, err_console, json_default, state
from pkobs.i18n import fmt_int, fmt_month, t
from pkobs.settings import Language, Settings
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
from pkobs.update.changes import Counts
from pkobs.update.errors import SourceConfigError
from pkobs.update.sources import USER_FILENAME

CELLS_SHOWN = 20


class RichDownloadProgress:
    """One progress bar per source, with size, speed and time left."""

    def __init__(self, progress: Progress, lang: Language) -> None:
        self.progress = progress
        self.lang = lang
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
        self.progress.console.print(
            t(
                "update.retry",
                self.lang,
                source=source,
                attempt=attempt,
                delay=f"{delay:g}",
                error=error.message(self.lang).splitlines()[0],
            ),
            highlight=False,
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


def _counts(counts: Counts | None, lang: Language) -> str:
    if counts is None or counts.total is None:
        return "—"
    return fmt_int(counts.total, lang)


def print_changes(changes: ChangeReport, lang: Language) -> None:
    say = console.print
    if changes.empty:
        say(t("update.no_changes", lang))
        return
    if changes.months_added:
        months = ", ".join(fmt_month(m, lang) for m in changes.months_added)
        say(t("update.months_added", lang, months=months), highlight=False)
    for revision in changes.months_revised:
        say(
            t(
                "update.month_revised",
                lang,
                month=fmt_month(revision.month, lang),
                count=fmt_int(len(revision.cells), lang),
            ),
            highlight=False,
        )
        for cell in revision.cells[:CELLS_SHOWN]:
            say(
                t(
                    "update.cell",
                    lang,
                    contributor=cell.contributor_iso3,
                    mission=cell.mission,
                    type=t(f"update.type.{cell.personnel_type}", lang),
                    old=_counts(cell.old, lang),
                    new=_counts(cell.new, lang),
                ),
                highlight=False,
            )
        if len(revision.cells) > CELLS_SHOWN:
            say(t("update.cells_more", lang, count=len(revision.cells) - CELLS_SHOWN))
    for key, items in (
        ("update.new_contributors", changes.new_contributors),
        ("update.new_missions", changes.new_missions),
    ):
        if items:
            say(t(key, lang, items=", ".join(items)), highlight=False)


def print_report(report: UpdateReport, lang: Language) -> None:
    for outcome in report.outcomes:
        values: dict[str, Any] = {"source": outcome.source.name}
        if outcome.provenance is not None:
            values.update(sha256=outcome.provenance.sha256[:16], path=outcome.provenance.path)
        values["rows"] = fmt_int(outcome.rows, lang)
        console.print(t(f"update.status.{outcome.status}", lang, **values), highlight=False)
    if report.up_to_date:
        console.print(t("update.up_to_date", lang))
        return
    console.print(t("update.updated", lang, database=report.database), highlight=False)
    print_changes(report.changes, lang)


def print_sources(settings: Settings) -> None:
    lang = settings.lang
    table = RichTable(title=t("update.list.title", lang, path=settings.home / USER_FILENAME))
    for column in ("name", "format", "enabled", "url", "description"):
        table.add_column(column)
    for source in load_sources(settings.home):
        table.add_row(
            source.name, source.format, str(source.enabled).lower(), source.url, source.description
        )
    console.print(table)


@contextmanager
def reported_update_errors(lang: Language, as_json: bool) -> Iterator[None]:
    """Bilingual message on stderr (and JSON on stdout with --json); the error's exit code."""
    try:
        yield
    except UpdateError as exc:
        message = exc.message(lang)
        if as_json:
            payload = {
                "status": "error",
                "error": type(exc).__name__,
                "exit_code": exc.exit_code,
                "message": message,
            }
            sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
        err_console.print(f"[bold red]{t('update.error', lang)}[/] ", end="", markup=True)
        err_console.print(message, markup=False, highlight=False, soft_wrap=True)
        if not isinstance(exc, SourceConfigError):
            err_console.print(t("update.kept", lang), highlight=False)
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
    up to date, 5 source unreachable, 6 source content invalid, 7 another update is running.

    Examples:
      pkobs update
      pkobs update --source un-psdh-current --json
      pkobs update --source un-monthly-pdf --month 2025-07
      pkobs update --url https://example.org/Gender.Full.csv --format ipi-gender
    """
    settings = state(ctx).settings
    lang = settings.lang
    with reported_update_errors(lang, as_json):
        if list_sources:
            print_sources(settings)
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
                err_console.print(
                    t("update.waiting", lang, pid=pid, wait=f"{seconds:g}"), highlight=False
                )

        if quiet or as_json:
            report = update(settings, chosen, policy, wait_seconds=wait, on_wait=on_wait)
        else:
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
                    progress=RichDownloadProgress(bar, lang),
                )
    if as_json:
        sys.stdout.write(
            json.dumps(report.to_json(), default=json_default, ensure_ascii=False, indent=1) + "\n"
        )
    elif not quiet:
        print_report(report, lang)


def register(app: typer.Typer) -> None:
    app.command("update")(update_command)
