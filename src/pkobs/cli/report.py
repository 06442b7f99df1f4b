"""``pkobs report``: the monthly bulletin (PDF or HTML) or the archive of every month."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from pkobs.cli.common import console, readable, reported_errors, say, state
from pkobs.indicators import DEFAULT_STATUSES, Params, parse_month


def report(
    ctx: typer.Context,
    out: Path = typer.Option(
        ..., "--out", "-o", help="Output file (.pdf/.html) or archive folder."
    ),
    month: str | None = typer.Option(None, "--month", help="Month of the bulletin, YYYY-MM."),
    all_months: bool = typer.Option(
        False, "--all-months", help="Build every month and an index.html in the --out folder."
    ),
    lang: str | None = typer.Option(None, "--lang", help="fr or en (default: global --lang)."),
    fmt: str | None = typer.Option(
        None, "--format", help="pdf or html (default: from the extension; archive: both)."
    ),
    group: str = typer.Option("oif", "--group", help="Group id (oif, au, eu)."),
    status: str = typer.Option(
        ",".join(DEFAULT_STATUSES),
        "--status",
        help="Membership statuses that count, comma-separated (default member,associate).",
    ),
) -> None:
    """Write the monthly bulletin, or the archive of every month.

    Examples:
      pkobs report --month 2014-02 --lang fr --out bulletin.pdf
      pkobs report --month 2014-02 --lang en --format html --out bulletin.html
      pkobs report --all-months --lang fr --out archive/
    """
    # Imported here: matplotlib and Typst take a second to load, other commands need neither.
    from pkobs.reports import FORMATS, build_archive, build_bulletin, check_format, format_for
    from pkobs.reports.errors import ReportError

    with reported_errors(state(ctx).locale):
        locale = state(ctx).locale_for(lang)
    language = locale.lang
    with reported_errors(locale):
        if all_months == (month is not None):
            raise ReportError("cli.report.month_or_all")
        params = Params(
            group=group,
            statuses=tuple(s.strip() for s in status.split(",") if s.strip()),
        )
        if fmt is not None:  # the bulletin's own checks, said before the database is opened
            if month is None:
                check_format(fmt)  # report.error.unknown_format
            else:  # ... and a --format that contradicts the extension (html for x.pdf)
                format_for(out, fmt)
        with readable(ctx) as con:
            if month is not None:
                bulletin_month = parse_month(month, "--month")
                path = build_bulletin(con, bulletin_month, language, out, fmt, params)
                say(locale.t("report.written", path=path))
                return
            formats = (fmt,) if fmt is not None else FORMATS
            with console.status("…") as status_line:

                def progress(current: dt.date) -> None:
                    status_line.update(f"{current:%Y-%m}")

                archive = build_archive(con, language, out, formats, params, progress=progress)
        say(
            locale.t(
                "report.archive.written",
                count=len(archive.files),
                folder=archive.folder,
                path=archive.index,
            ),
        )


def register(app: typer.Typer) -> None:
    app.command()(report)
