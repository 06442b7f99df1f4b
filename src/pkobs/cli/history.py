"""Commands on the history's coverage and the shipped snapshot: coverage, snapshot."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from pkobs.cli.common import console, emit, err_console, json_default, readable, reported_errors
from pkobs.cli.common import state as cli_state
from pkobs.i18n import fmt_int, t

snapshot_app = typer.Typer(
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

    lang = cli_state(ctx).settings.lang
    with reported_errors(), readable(ctx) as con:
        table = coverage_table(con)
    missing = missing_months(table)
    if fmt == "json":
        payload = {"rows": table.records(), "meta": {"missing_months": missing}}
        sys.stdout.write(json.dumps(payload, default=json_default, ensure_ascii=False) + "\n")
        return
    emit(table, fmt, title=t("coverage.title", lang))
    if fmt == "table":
        months = ", ".join(f"{m:%Y-%m}" for m in missing if hasattr(m, "year")) or "—"
        console.print(t("coverage.missing", lang, count=len(missing), months=months))


@snapshot_app.command("build")
def snapshot_build(
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

    with reported_errors():
        report = build_snapshot(
            data or default_data_root(),
            out or SNAPSHOT_DIR,
            progress=lambda message: err_console.print(message, highlight=False),
        )
    rows = ", ".join(f"{name}: {count}" for name, count in report.rows.items())
    console.print(f"snapshot: {report.folder} ({report.sources} sources; {rows})", highlight=False)
    for rejected in report.rejected:
        err_console.print(f"rejected {rejected['path']}: {rejected['reason']}", highlight=False)


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
    from pkobs.snapshot import database_is_empty, load_shipped

    settings = cli_state(ctx).settings
    with reported_errors():
        if if_empty and not database_is_empty(settings.db_path):
            return
        rows = load_shipped(settings.db_path)
    console.print(
        t("snapshot.loaded", settings.lang, rows=fmt_int(rows, settings.lang), db=settings.db_path),
        highlight=False,
    )


@snapshot_app.command("info")
def snapshot_info(ctx: typer.Context) -> None:
    """Show what the shipped snapshot holds: tables, sources with sha256, rejected files.

    Example: pkobs snapshot info
    """
    from pkobs.snapshot import shipped_manifest

    with reported_errors():
        manifest = shipped_manifest()
    sys.stdout.write(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")


def register(app: typer.Typer) -> None:
    app.command()(coverage)
    app.add_typer(snapshot_app, name="snapshot")
