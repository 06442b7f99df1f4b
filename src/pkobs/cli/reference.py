"""Commands on reference data: groups, check-data."""

from __future__ import annotations

import datetime as dt

import typer

from pkobs.cli.common import console, emit, err_console, readable, reported_errors, state
from pkobs.i18n import t
from pkobs.refdata.groups import members_at
from pkobs.refdata.validate import check_reference_data
from pkobs.store.query import Table


def groups(
    ctx: typer.Context,
    group: str = typer.Argument("oif", help="Group id: oif, au, eu..."),
    at: str | None = typer.Option(None, "--at", help="Day YYYY-MM-DD (default today)."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
) -> None:
    """List a group's members on a day: iso3, name, status, and whether suspended.

    Example: pkobs groups oif --at 2014-02-28 --format csv
    """
    settings = state(ctx).settings
    with reported_errors():
        try:
            day = dt.date.fromisoformat(at) if at else dt.date.today()
        except ValueError:
            raise ValueError(f"--at {at!r} is not a date YYYY-MM-DD") from None
        with readable(ctx) as con:
            table = members_at(con, group, day, settings.lang)
    shown = Table([*table.columns[:4], "sovereign"], [row[:5] for row in table.rows])
    emit(shown, fmt, title=t("groups.title", settings.lang, group=group, day=day.isoformat()))


def check_data(ctx: typer.Context) -> None:
    """Validate all reference data (countries, missions, groups, targets, registries).

    Exits non-zero with a line-numbered report when anything is wrong.
    Example: pkobs check-data
    """
    lang = state(ctx).settings.lang
    report = check_reference_data(lang=lang)
    if report.problems:
        for problem in report.problems:
            err_console.print(f"{problem}", highlight=False, soft_wrap=True)
        err_console.print(t("check.failed", lang, count=len(report.problems)), highlight=False)
        raise typer.Exit(1)
    counts = ", ".join(
        f"{name}: {sum(len(r.rows) for r in results)}" for name, results in report.files.items()
    )
    console.print(t("check.ok", lang, counts=counts), highlight=False)


def register(app: typer.Typer) -> None:
    app.command()(groups)
    app.command("check-data")(check_data)
