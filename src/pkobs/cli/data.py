"""Commands on contribution data: ingest, sources, sql, export."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from pkobs.cli.common import (
    console,
    emit,
    err_console,
    json_default,
    readable,
    reported_errors,
    state,
    writable,
)
from pkobs.i18n import fmt_int, t
from pkobs.pipeline import ingest_files
from pkobs.store.query import (
    EXPORT_FORMATS,
    DatabaseMissing,
    SqlRefused,
    export_table,
    run_sandboxed_sql,
    run_sql,
)
from pkobs.store.schema import VIEWS

LOCK_WAIT_SECONDS = 600.0


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
    from pkobs.indicators.base import parse_month
    from pkobs.update.lock import update_lock  # only ingest needs it

    settings = state(ctx).settings
    lang = settings.lang
    with reported_errors():
        report_month = parse_month(month, "--month") if month else None

    def waiting(holder: str, seconds: float) -> None:
        err_console.print(t("ingest.waiting", lang, pid=holder, seconds=int(seconds)))

    # The same lock as `pkobs update`: an update swaps in a copy of the database, so an ingest
    # committed meanwhile into the old file would be lost.
    with (
        reported_errors(),
        update_lock(settings.db_path, LOCK_WAIT_SECONDS, waiting),
        writable(ctx) as con,
    ):
        if quiet or as_json:
            report = ingest_files(con, files, source_format, lang=lang, month=report_month)
        else:
            with Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            ) as progress:
                task = progress.add_task(t("ingest.start", lang), total=None)
                report = ingest_files(
                    con,
                    files,
                    source_format,
                    progress=lambda m: progress.update(task, description=m),
                    lang=lang,
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
        sys.stdout.write(json.dumps(payload, default=json_default, ensure_ascii=False) + "\n")
        return
    if quiet:
        return
    for f in report.files:
        if f.status == "ingested":
            console.print(
                t(
                    "ingest.done",
                    lang,
                    path=f.path,
                    rows=fmt_int(f.rows, lang),
                    format=f.format,
                    encoding=f.encoding,
                    first=f.first_month,
                    last=f.last_month,
                    source=f.source,
                ),
                highlight=False,
            )
        else:
            console.print(t("ingest.skipped", lang, path=f.path, source=f.source), highlight=False)


def sources(
    ctx: typer.Context,
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
) -> None:
    """List every ingested file with its sha256, format, rows and months.

    Example: pkobs sources --format csv
    """
    with reported_errors(), readable(ctx) as con:
        table = run_sql(con, "SELECT * FROM sources ORDER BY ingested_at, source")
    emit(table, fmt, title=t("sources.title", state(ctx).settings.lang))


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
    settings = state(ctx).settings
    with reported_errors():
        try:
            table = run_sandboxed_sql(settings.db_path, query)
        except (SqlRefused, DatabaseMissing) as exc:
            err_console.print(f"[bold red]{t('sql.error', settings.lang)}[/] ", end="", markup=True)
            err_console.print(exc.message(settings.lang), markup=False, highlight=False)
            raise typer.Exit(exc.exit_code) from None
    emit(table, fmt)


def export(
    ctx: typer.Context,
    table: str = typer.Argument(..., help=f"One of: {', '.join(sorted(VIEWS))}."),
    fmt: str = typer.Option("csv", "--format", help=f"{', '.join(EXPORT_FORMATS)}."),
    out: Path | None = typer.Option(None, "--out", help="Output file (default TABLE.FORMAT)."),
) -> None:
    """Export a table or view to CSV, Parquet or XLSX.

    Example: pkobs export contributions --format parquet --out contributions.parquet
    """
    target = out or Path(f"{table}.{fmt}")
    with reported_errors(), readable(ctx) as con:
        rows = export_table(con, table, fmt, target)
    lang = state(ctx).settings.lang
    console.print(t("export.done", lang, rows=fmt_int(rows, lang), path=target), highlight=False)


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
