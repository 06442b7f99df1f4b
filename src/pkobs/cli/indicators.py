"""``pkobs indicator NAME``: run one indicator and print it (table, CSV or JSON).

The indicator is computed language-free; the run's Locale renders it here: generated sentences,
notes, the terminal table (cells by their declared kinds, headers from the catalogue).
"""

from __future__ import annotations

import typer

from pkobs.cli.common import emit, print_json, readable, reported_errors, say, state
from pkobs.i18n import Locale
from pkobs.indicators import DEFAULT_STATUSES, INDICATORS, Params, compute, parse_month
from pkobs.indicators.base import IndicatorResult
from pkobs.render import results
from pkobs.render.cells import has_key
from pkobs.table import Table

# the values the cli_help catalogue's texts name (pkobs.cli.helptext)
HELP_VALUES = {"help.indicator.name": {"names": ", ".join(INDICATORS)}}


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
    kind: str | None = typer.Option(
        None,
        "--kind",
        help="Only missions of these kinds, comma-separated: pko (peacekeeping operations, as "
        "in the UN's fact sheets), spm, support. Default: every kind. Needs a mission split.",
    ),
    lang: str | None = typer.Option(None, "--lang", help="fr or en (default: global --lang)."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
) -> None:
    """Compute an indicator over the ingested data.

    Examples:
      pkobs indicator share --from 2013-02 --to 2014-02
      pkobs indicator trend --from 2013-02 --to 2014-02 --lang en
      pkobs indicator linguistic-gap --to 2014-02 --format csv
      pkobs indicator contributors --group all --format json
      pkobs indicator drivers --from 2013-02 --to 2014-02
      pkobs indicator share --to 2014-02 --kind pko
    """
    with reported_errors(state(ctx).locale):
        locale = state(ctx).locale_for(lang)
    with reported_errors(locale):
        params = Params(
            group=group,
            statuses=tuple(s.strip() for s in status.split(",") if s.strip()),
            from_month=parse_month(from_month, "--from") if from_month else None,
            to_month=parse_month(to_month, "--to") if to_month else None,
            mission=mission,
            by_mission=by_mission,
            groups=tuple(g.strip() for g in groups.split(",") if g.strip()),
            window=window,
            min_change=min_change,
            min_relative=min_relative,
            kinds=tuple(k.strip() for k in kind.split(",") if k.strip()) if kind else None,
        )
        with readable(ctx) as con:
            result = compute(con, name, params)
    show(result, fmt, locale)


def show(result: IndicatorResult, fmt: str, locale: Locale) -> None:
    """Print a language-free result in ``locale``: JSON and CSV in machine values (generated
    sentences and notes in the language), the terminal table by declared column kinds."""
    if fmt == "json":
        print_json(results.result_dict(result, locale.lang))
        return
    shown = results.rendered(result, locale.lang)
    if fmt == "csv":
        emit(shown.table, "csv")
        return
    table = shown.table
    sentences: list[str] = []
    if "sentence" in table.columns:
        at = table.columns.index("sentence")
        sentences = [str(row[at]) for row in table.rows]
        table = Table(
            table.columns[:at] + table.columns[at + 1 :],
            [row[:at] + row[at + 1 :] for row in table.rows],
            table.kinds,
        )
    emit(
        one_language(table, locale),
        fmt,
        title=results.title(result.meta, locale.lang),
        locale=locale,
    )
    for sentence in sentences:
        say(sentence)
    if result.meta.name == "drivers" and "summary" in result.extras:
        from pkobs.indicators.drivers import drivers_headline

        say(locale.message(drivers_headline(result)))
    for extra, extra_table in shown.extras.items():
        key = f"table.{extra}"
        title = locale.t(key) if has_key(key, locale) else extra
        emit(one_language(extra_table, locale), fmt, title=title, locale=locale)
    for note in results.note_texts(result.meta, locale.lang):
        say(note)


def one_language(table: Table, locale: Locale) -> Table:
    """The terminal shows a name given in both languages (``name_fr`` and ``name_en``, ...)
    once, in the reader's language; CSV and JSON keep both."""
    other = "_en" if locale.lang == "fr" else "_fr"
    own = "_fr" if locale.lang == "fr" else "_en"
    dropped = [
        i
        for i, name in enumerate(table.columns)
        if name.endswith(other) and name.removesuffix(other) + own in table.columns
    ]
    if not dropped:
        return table
    kept = [i for i in range(len(table.columns)) if i not in dropped]
    return Table(
        [table.columns[i] for i in kept],
        [tuple(row[i] for i in kept) for row in table.rows],
        table.kinds,
    )


def register(app: typer.Typer) -> None:
    app.command()(indicator)
