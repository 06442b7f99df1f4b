"""Commands on reference data: groups, check-data."""

from __future__ import annotations

import datetime as dt

import typer

from pkobs.cli.common import emit, err_console, readable, reported_errors, say, state
from pkobs.i18n import fmt_int, fmt_share, t, t_plural
from pkobs.messages import Name
from pkobs.refdata.validate import check_reference_data
from pkobs.render.groups import members_title
from pkobs.settings import Language
from pkobs.store.checks import ReaderNames
from pkobs.store.groups import members_at
from pkobs.table import Column, Table

MEMBER_COLUMNS = (
    Column("iso3", "code"),
    Column("status", "category"),
    Column("suspended", "flag"),
    Column("sovereign", "flag"),
)


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
    locale = state(ctx).locale
    with reported_errors(locale):
        try:
            day = dt.date.fromisoformat(at) if at else dt.date.today()
        except ValueError:
            raise ValueError(locale.t("cli.not_a_day", option="--at", value=repr(at))) from None
        with readable(ctx) as con:
            french = settings.lang == "fr"  # the names' language is chosen here, at the edge
            table = members_at(con, group, day, "name_fr" if french else "name_en")
    shown = Table([*table.columns[:4], "sovereign"], [row[:5] for row in table.rows])
    title = locale.t("groups.title", members=members_title(group, {}, locale), day=locale.date(day))
    emit(shown.declared(*MEMBER_COLUMNS), fmt, title=title, locale=locale)


def check_data(ctx: typer.Context) -> None:
    """Validate all reference data, then report on the ingested data.

    Reference data (countries, missions, groups, targets, registries): exits non-zero with a
    line-numbered report when anything is wrong. Ingested data: where the detailed files and
    IPI's country series disagree (count, largest, examples), and implausible figures with file
    and line or page (reported, never corrected; they do not change the exit code).
    Example: pkobs check-data
    """
    lang = state(ctx).settings.lang
    report = check_reference_data(lang=lang)
    if report.problems:
        for problem in report.problems:
            say(f"{problem}", err_console)
        problems = len(report.problems)
        say(t_plural("check.failed", problems, lang, count=fmt_int(problems, lang)), err_console)
        raise typer.Exit(1)
    counts = ", ".join(
        t(
            "check.table_count",
            lang,
            table=t(f"check.table.{name}", lang),
            count=fmt_int(sum(len(r.rows) for r in results), lang),
        )
        for name, results in report.files.items()
    )
    say(t("check.ok", lang, counts=counts))
    _check_registry(lang)
    _check_ingested(ctx)


def _check_registry(lang: Language) -> None:
    """The senior posts registry's completeness and its post × months without a known holder,
    grouped into runs of months per mission × post (reported; they do not make it fail)."""
    from pkobs.i18n import fmt_month
    from pkobs.store.database import Database
    from pkobs.store.registry_checks import coverage, registry_completeness, registry_gaps

    with Database.open(":memory:") as db:
        gaps = registry_gaps(db)
        known = {r[0]: r for r in registry_completeness(db).rows}["all"]
    first, last = coverage()
    say(t("registries.check.title", lang), style="bold")
    say(
        t(
            "registries.check.completeness",
            lang,
            first=fmt_month(first, lang),
            last=fmt_month(last, lang),
            known=fmt_int(known[2], lang),
            cells=fmt_int(known[1], lang),
            share=fmt_share(known[3], lang),
        ),
    )
    if not gaps.rows:
        say(t("registries.check.none", lang))
        return
    say(t("registries.check.gaps", lang))
    for mission, post, begin, end, months in gaps.rows:
        key = "registries.check.gap" if months > 1 else "registries.check.gap_one_month"
        text = t(
            key,
            lang,
            mission=mission,
            post=t(f"registries.post.{post}", lang),
            first=fmt_month(begin, lang),
            last=fmt_month(end, lang),
            months=t_plural("registries.months", months, lang, n=fmt_int(months, lang)),
        )
        say(f"  - {text}")


def _print_source_gaps(gaps: Table, names: ReaderNames, lang: Language) -> None:
    """The probable source gaps: contributor x mission rows missing for one month between two
    present months of comparable size (:func:`pkobs.store.gaps.comparable`; drawn as gaps, left
    out of alerts and drivers; reported only)."""
    from pkobs.i18n import fmt_month

    if not gaps.rows:
        say(t("gaps.check.none", lang))
        return
    count = len(gaps.rows)
    say(t_plural("gaps.check.title", count, lang, count=fmt_int(count, lang)))
    for month, iso3, mission, before, after in gaps.rows:
        text = t(
            "gaps.check.gap",
            lang,
            month=fmt_month(month, lang),
            iso3=_named(names.country(iso3), lang),
            mission=_named(names.mission(mission), lang),
            before=fmt_int(before, lang),
            after=fmt_int(after, lang),
        )
        say(f"  - {text}")


def _where(path: object, line: object, page: object, lang: Language) -> str:
    place = t("loc.page", lang, n=page) if page is not None else t("loc.line", lang, n=line)
    return f"{path}, {place}"


def _named(name: Name | str, lang: Language) -> str:
    return name.get(lang) if isinstance(name, Name) else name


def _check_ingested(ctx: typer.Context) -> None:
    """The data checks: disagreements between sources, implausible figures (reported, never
    corrected; they do not make the command fail)."""
    from pkobs.i18n import fmt_month
    from pkobs.store import aggregates
    from pkobs.store.checks import reader_names, source_disagreements
    from pkobs.store.database import Database
    from pkobs.store.gaps import probable_source_gaps

    settings = state(ctx).settings
    lang = settings.lang
    if not settings.db_path.exists():
        say(t("check.no_database", lang, db=settings.db_path))
        return
    with reported_errors(), readable(ctx) as con:
        disagreements = source_disagreements(con, limit=10_000)
        cube = aggregates.for_connection(con)  # one scan for the figures and the months
        implausible = cube.implausible(con)
        months = cube.sex_months(con)
        gaps = probable_source_gaps(Database.of(con))
        names = reader_names(con)
    say(t("check.data_title", lang), style="bold")
    _print_source_gaps(gaps, names, lang)
    rows = disagreements.table.rows
    if disagreements.compared:
        say(
            t(
                "check.disagreements",
                lang,
                count=fmt_int(len(rows), lang),
                compared=fmt_int(disagreements.compared, lang),
            ),
        )
        for row in rows[:10]:
            month, iso3, category, detailed, series, difference, _, source, line = row
            say(
                "  - "
                + t(
                    "check.disagreement",
                    lang,
                    month=fmt_month(month, lang),
                    iso3=_named(names.country(iso3), lang),
                    category=t(f"check.category.{category}", lang),
                    detailed=fmt_int(detailed, lang),
                    series=fmt_int(series, lang),
                    difference=fmt_int(difference, lang),
                    series_source=source or "—",
                    line=line if line is not None else "—",
                ),
            )
    if months.rows:
        say(t("check.implausible_months", lang, count=len(months.rows)))
    for month, category, female, personnel, share, before, after in months.rows:
        values = {
            "month": fmt_month(month, lang),
            "category": t(f"value.{category}", lang),
            "female": fmt_int(female, lang),
            "personnel": fmt_int(personnel, lang),
            "share": fmt_share(share, lang),
            "before": fmt_share(before, lang),
            "after": fmt_share(after, lang),
        }
        say("  - " + t("check.implausible_month", lang, **values))
    if not implausible.rows:
        say(t("check.no_implausible", lang))
        return
    say(t("check.implausible", lang, count=len(implausible.rows)))
    for row in implausible.rows:
        kind, month, iso3, mission, ptype, _male, female, total, expected, _s, path, line, page = (
            row
        )
        values = {
            "month": fmt_month(month, lang),
            "iso3": _named(names.country(iso3), lang),
            "mission": _named(names.mission(mission), lang),
            "type": t(f"value.personnel_type.{ptype}", lang),
            "total": fmt_int(total, lang),
            "where": _where(path, line, page, lang),
        }
        if kind == "sex":
            values.update(
                female=fmt_int(female, lang),
                share=fmt_share(female / total, lang),
                expected=fmt_share(float(expected), lang),
            )
        else:
            values["expected"] = fmt_int(int(expected), lang)
        say(
            "  - " + t(f"check.implausible_{kind}", lang, **values),
        )


def register(app: typer.Typer) -> None:
    app.command()(groups)
    app.command("check-data")(check_data)
