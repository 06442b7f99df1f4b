"""``pkobs indicator NAME``: run one indicator and print it (table, CSV or JSON)."""

from __future__ import annotations

import json
import sys

import typer

from pkobs.cli.common import console, emit, json_default, readable, reported_errors, state
from pkobs.i18n import catalogue, fmt_int, fmt_month, fmt_share, t
from pkobs.indicators import DEFAULT_STATUSES, INDICATORS, Params, parse_month, run
from pkobs.indicators.base import IndicatorResult
from pkobs.settings import Language, parse_language
from pkobs.table import Table

VALUE_COLUMNS = {"category", "scope", "personnel_category"}
SHARE_COLUMNS = {"share", "relative_change", "female_share", "target_share", "target_2028"}


def has_key(key: str) -> bool:
    return key in catalogue("en")


def localised(table: Table, lang: Language) -> Table:
    """Human formatting for the terminal: months, thousands separators, percentages."""
    rows = []
    for row in table.rows:
        cells: list[object] = []
        for column, value in zip(table.columns, row, strict=True):
            if value is None:
                cells.append("—")
            elif column in VALUE_COLUMNS and isinstance(value, str) and has_key(f"value.{value}"):
                cells.append(t(f"value.{value}", lang))
            elif column in SHARE_COLUMNS and isinstance(value, float):
                cells.append(fmt_share(value, lang))
            elif hasattr(value, "year") and column in ("month", "start_month", "end_month"):
                cells.append(fmt_month(value, lang))
            elif isinstance(value, int) and not isinstance(value, bool) and column != "rank":
                cells.append(fmt_int(value, lang))
            else:
                cells.append(value)
        rows.append(tuple(cells))
    return Table(table.columns, rows)


def indicator(
    ctx: typer.Context,
    name: str = typer.Argument(..., help=f"One of: {', '.join(INDICATORS)}."),
    group: str = typer.Option("oif", "--group", help="Group id (oif, au, eu) or 'all'."),
    status: str = typer.Option(
        ",".join(DEFAULT_STATUSES),
        "--status",
        help="Membership statuses that count, comma-separated (default member,associate).",
    ),
    from_month: str | None = typer.Option(None, "--from", help="First month YYYY-MM."),
    to_month: str | None = typer.Option(None, "--to", help="Last month YYYY-MM."),
    mission: str | None = typer.Option(None, "--mission", help="Only this mission (acronym)."),
    by_mission: bool = typer.Option(False, "--by-mission", help="share: one row per mission."),
    groups: str = typer.Option("oif,au,eu", "--groups", help="compare: groups side by side."),
    window: int | None = typer.Option(None, "--window", help="trend: months before --to."),
    min_change: int = typer.Option(100, "--min-change", help="alerts: absolute threshold."),
    min_relative: float = typer.Option(0.2, "--min-relative", help="alerts: relative threshold."),
    lang: str | None = typer.Option(None, "--lang", help="fr or en (default: global --lang)."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
) -> None:
    """Compute an indicator over the ingested data.

    Examples:
      pkobs indicator share --from 2013-02 --to 2014-02
      pkobs indicator trend --from 2013-02 --to 2014-02 --lang en
      pkobs indicator linguistic-gap --to 2014-02 --format csv
      pkobs indicator contributors --group all --format json
    """
    with reported_errors():
        language = parse_language(lang) if lang else state(ctx).settings.lang
        params = Params(
            group=group,
            statuses=tuple(s.strip() for s in status.split(",") if s.strip()),
            from_month=parse_month(from_month, "--from") if from_month else None,
            to_month=parse_month(to_month, "--to") if to_month else None,
            mission=mission,
            lang=language,
            by_mission=by_mission,
            groups=tuple(g.strip() for g in groups.split(",") if g.strip()),
            window=window,
            min_change=min_change,
            min_relative=min_relative,
        )
        with readable(ctx) as con:
            result = run(con, name, params)
    show(result, fmt, language)


def show(result: IndicatorResult, fmt: str, lang: Language) -> None:
    if fmt == "json":
        sys.stdout.write(
            json.dumps(result.as_dict(), default=json_default, ensure_ascii=False, indent=1) + "\n"
        )
        return
    if fmt == "csv":
        emit(result.table, "csv")
        return
    table = result.table
    sentences: list[str] = []
    if "sentence" in table.columns:
        at = table.columns.index("sentence")
        sentences = [str(row[at]) for row in table.rows]
        table = Table(
            table.columns[:at] + table.columns[at + 1 :],
            [row[:at] + row[at + 1 :] for row in table.rows],
        )
    emit(localised(table, lang), "table", title=result.meta.title(lang))
    for sentence in sentences:
        console.print(sentence, highlight=False)
    for extra, extra_table in result.extras.items():
        emit(localised(extra_table, lang), "table", title=extra)


def register(app: typer.Typer) -> None:
    app.command()(indicator)
