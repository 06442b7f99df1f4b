"""Commands on contribution data: ingest, sources, sql, export."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from pkobs.cli.common import (
    console,
    emit,
    err_console,
    print_error,
    print_json,
    readable,
    reported_errors,
    state,
    writable,
)
from pkobs.render.export import EXPORT_FORMATS
from pkobs.store.schema import VIEWS
from pkobs.table import Column

LOCK_WAIT_SECONDS = 600.0
SOURCE_COLUMNS = (
    Column("rows", "count"),
    Column("first_month", "month"),
    Column("last_month", "month"),
    Column("ingested_at", "timestamp"),
    Column("source", "code"),
    Column("sha256", "code"),
    Column("format", "code"),
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

    Examples:
      pkobs ingest ../shared/data/ipi/Gender.Full.csv
      pkobs ingest ../shared/data/un-monthly-pdf/*.pdf
      pkobs ingest report.pdf --month 2016-11
      pkobs ingest data.csv --format un-psdh --json
    """
    # Imported here: the pipeline and its readers are only for this command.
    from pkobs.pipeline import ingest_files
    from pkobs.update.lock import update_lock

    settings = state(ctx).settings
    locale = state(ctx).locale
    report_month = None
    if month:
        from pkobs.indicators.base import parse_month  # loads every indicator: only when asked

        with reported_errors(locale):
            report_month = parse_month(month, "--month")

    def waiting(holder: str, seconds: float) -> None:
        err_console.print(locale.t("ingest.waiting", pid=holder, seconds=int(seconds)))

    # The same lock as `pkobs update`: an update swaps in a copy of the database, so an ingest
    # committed meanwhile into the old file would be lost. A refused file is reported in the
    # run's language all the way through (summary and every problem).
    with (
        reported_errors(locale),
        update_lock(settings.db_path, LOCK_WAIT_SECONDS, waiting),
        writable(ctx) as con,
    ):
        if quiet or as_json:
            report = ingest_files(con, files, source_format, month=report_month)
        else:
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            with Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            ) as progress:
                task = progress.add_task(locale.t("ingest.start"), total=None)
                report = ingest_files(
                    con,
                    files,
                    source_format,
                    progress=lambda m: progress.update(task, description=locale.message(m)),
                    month=report_month,
                )
    if as_json:
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
        }
        print_json(payload, indent=None)
        return
    if quiet:
        return
    for f in report.files:
        if f.status == "ingested":
            console.print(
                locale.t(
                    "ingest.done",
                    path=f.path,
                    rows=locale.number(f.rows),
                    format=f.format,
                    encoding=f.encoding,
                    first=f.first_month,
                    last=f.last_month,
                    source=f.source,
                ),
                highlight=False,
            )
        else:
            console.print(locale.t("ingest.skipped", path=f.path, source=f.source), highlight=False)


def sources(
    ctx: typer.Context,
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
) -> None:
    """List every ingested file with its sha256, format, rows and months.

    Example: pkobs sources --format csv
    """
    from pkobs.store.query import run_sql

    locale = state(ctx).locale
    with reported_errors(locale), readable(ctx) as con:
        table = run_sql(con, "SELECT * FROM sources ORDER BY ingested_at, source")
    shown = table.declared(*SOURCE_COLUMNS)
    emit(shown, fmt, title=locale.t("sources.title"), locale=locale)


def sql(
    ctx: typer.Context,
    query: str = typer.Argument(..., help="A SELECT query over the views."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
) -> None:
    """Run one read-only SQL query over the views (contributions, countries, missions...).

    Sandboxed: one statement (SELECT, WITH, VALUES, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN), no file
    or network access, no extensions, settings locked; the database must exist. See
    docs/security.md.

    Example: pkobs sql "SELECT month, sum(total) FROM contributions GROUP BY 1 ORDER BY 1"
    """
    from pkobs.store.query import DatabaseMissing, SqlRefused, run_sandboxed_sql

    settings = state(ctx).settings
    locale = state(ctx).locale
    with reported_errors(locale):
        try:
            table = run_sandboxed_sql(settings.db_path, query)
        except (SqlRefused, DatabaseMissing) as exc:
            print_error(locale, exc.message(locale.lang), label_key="sql.error")
            raise typer.Exit(exc.exit_code) from None
    emit(table, fmt, locale=locale)


def export(
    ctx: typer.Context,
    table: str = typer.Argument(..., help=f"One of: {', '.join(sorted(VIEWS))}."),
    fmt: str = typer.Option("csv", "--format", help=f"{', '.join(EXPORT_FORMATS)}."),
    out: Path | None = typer.Option(None, "--out", help="Output file (default TABLE.FORMAT)."),
) -> None:
    """Export a table or view to CSV, Parquet or XLSX.

    Example: pkobs export contributions --format parquet --out contributions.parquet
    """
    from pkobs.render.export import export_table

    locale = state(ctx).locale
    target = out or Path(f"{table}.{fmt}")
    with reported_errors(locale), readable(ctx) as con:
        rows = export_table(con, table, fmt, target)
    console.print(locale.t("export.done", rows=locale.number(rows), path=target), highlight=False)


def demo_sample(
    ctx: typer.Context,
    rows: int = typer.Option(20_000, "--rows", help="About how many rows."),
) -> None:
    """Write a SYNTHETIC sample in the UN format under PKOBS_HOME and print its path.

    For the offline demo only: the figures are not real, and the file and its source name say
    SYNTHETIC. Example: pkobs ingest "$(pkobs demo-sample)"
    """
    import datetime as dt

    from pkobs.synthetic import write_synthetic

    home = state(ctx).settings.home
    home.mkdir(parents=True, exist_ok=True)
    path = home / "SYNTHETIC-demo-sample.csv"
    write_synthetic(path, rows=rows, first=dt.date(2012, 1, 31), last=dt.date(2014, 12, 31))
    sys.stdout.write(f"{path}\n")


def register(app: typer.Typer) -> None:
    app.command("demo-sample")(demo_sample)
    app.command()(ingest)
    app.command()(sources)
    app.command()(sql)
    app.command()(export)
