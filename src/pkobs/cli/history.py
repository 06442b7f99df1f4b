"""Commands on the history's coverage and the shipped snapshot: coverage, snapshot."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from pkobs.cli.common import emit, err_console, print_json, readable, reported_errors, say
from pkobs.cli.common import state as cli_state
from pkobs.cli.helptext import HelpGroup
from pkobs.table import Column, Table

if TYPE_CHECKING:
    from pkobs.i18n import Locale

COVERAGE_COLUMNS = (
    Column("month", "month"),
    Column("status", "category"),
    Column("detail", "category"),
    Column("has_mission", "flag"),
    Column("has_sex", "flag"),
)


def _formats_named(table: Table, locale: Locale) -> Table:
    """The ``formats`` cells (``ipi-gender, ipi-series``) as the reader names the sources."""
    at = table.columns.index("formats")

    def named(formats: str | None) -> str | None:
        if not formats:
            return None
        return ", ".join(locale.t(f"value.format.{f}") for f in formats.split(", "))

    rows = [(*row[:at], named(row[at]), *row[at + 1 :]) for row in table.rows]
    return Table(table.columns, rows, table.kinds)


snapshot_app = typer.Typer(
    cls=HelpGroup,
    help="The compact snapshot of the real history shipped with pkobs (Parquet + sha256).",
    no_args_is_help=True,
)


def coverage(
    ctx: typer.Context,
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
) -> None:
    """Month by month: which sources exist, the level of detail, and the missing months.

    Levels: mission_sex (contributor x mission x type x sex), mission (no sex), contributor_sex
    (no mission split), contributor (totals by type only).
    Example: pkobs coverage --format csv
    """
    from pkobs.store.coverage import coverage_table, missing_months

    locale = cli_state(ctx).locale
    with reported_errors(locale), readable(ctx) as con:
        table = coverage_table(con)
    missing = missing_months(table)
    if fmt == "json":
        print_json({"rows": table.records(), "meta": {"missing_months": missing}}, indent=None)
        return
    shown = _formats_named(table, locale).declared(*COVERAGE_COLUMNS)
    emit(shown, fmt, title=locale.t("coverage.title"), locale=locale)
    if fmt == "table":
        months = ", ".join(locale.month(m) for m in missing) or "—"
        say(locale.t("coverage.missing", count=len(missing), months=months))


@snapshot_app.command("build")
def snapshot_build(
    ctx: typer.Context,
    data: Path | None = typer.Option(
        None, "--data", help="The shared data folder (default: ../shared/data or $PKOBS_DATA)."
    ),
    out: Path | None = typer.Option(
        None, "--out", help="Snapshot folder (default: the one shipped in the package)."
    ),
) -> None:
    """Rebuild the snapshot from the real files (IPI series, gender file, JSON, UN PDFs).

    Example: pkobs snapshot build --data ../shared/data
    """
    from pkobs.snapshot import SNAPSHOT_DIR, build_snapshot, default_data_root

    locale = cli_state(ctx).locale
    with reported_errors(locale):
        report = build_snapshot(
            data or default_data_root(),
            out or SNAPSHOT_DIR,
            progress=lambda message: say(message, err_console),
        )
    rows = ", ".join(f"{name}: {locale.number(count)}" for name, count in report.rows.items())
    built = locale.t(
        "cli.snapshot.built", folder=report.folder, sources=locale.number(report.sources), rows=rows
    )
    say(built)
    for rejected in report.rejected:
        refused = locale.t(
            "cli.snapshot.rejected", path=rejected["path"], reason=rejected["reason"]
        )
        say(refused, err_console)


@snapshot_app.command("load")
def snapshot_load(
    ctx: typer.Context,
    if_empty: bool = typer.Option(
        False, "--if-empty", help="Do nothing when the database already holds data."
    ),
) -> None:
    """Load the shipped snapshot into an empty database (--db).

    Example: pkobs --db /tmp/history.duckdb snapshot load
    """
    from pkobs.cli.interrupt import writes
    from pkobs.snapshot import database_is_empty, load_shipped

    writes(ctx)  # Ctrl-C: nothing was changed (one transaction)
    settings = cli_state(ctx).settings
    locale = cli_state(ctx).locale
    with reported_errors(locale):
        if if_empty and not database_is_empty(settings.db_path):
            return
        rows = load_shipped(settings.db_path)
    loaded = locale.t("snapshot.loaded", rows=locale.number(rows), db=settings.db_path)
    say(loaded)


@snapshot_app.command("info")
def snapshot_info(ctx: typer.Context) -> None:
    """Show what the shipped snapshot holds: tables, sources with sha256, rejected files.

    Example: pkobs snapshot info
    """
    from pkobs.snapshot import shipped_manifest

    with reported_errors(cli_state(ctx).locale):
        manifest = shipped_manifest()
    print_json(manifest)


def register(app: typer.Typer) -> None:
    app.command()(coverage)
    app.add_typer(snapshot_app, name="snapshot")
