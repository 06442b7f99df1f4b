"""Cross-file checks of the reference data: codes exist, dates are in order, periods don't clash.

Used by ``pkobs check-data`` and before any load into the database.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pkobs.errors import DataProblem
from pkobs.messages import Message
from pkobs.refdata import specs
from pkobs.refdata.reader import ReadResult, Row, read_reference_file
from pkobs.settings import Language

FOREVER = dt.date(9999, 12, 31)


@dataclass
class CheckReport:
    """Every reference file read, and every problem found in them."""

    files: dict[str, list[ReadResult]] = field(default_factory=dict)
    problems: list[DataProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def results(self, spec: specs.FileSpec) -> list[ReadResult]:
        return self.files.get(spec.table, [])

    def row_count(self, spec: specs.FileSpec) -> int:
        return sum(len(r.rows) for r in self.results(spec))


def _period(row: Row, start: str, end: str) -> tuple[dt.date, dt.date]:
    begin = row.values[start]
    finish = row.values[end]
    assert isinstance(begin, dt.date)
    return begin, finish if isinstance(finish, dt.date) else FOREVER


def _check_order(result: ReadResult, row: Row, start: str, end: str) -> list[DataProblem]:
    begin, finish = _period(row, start, end)
    if finish < begin:
        message = result.say("refdata.order", end=end, finish=finish, start=start, begin=begin)
        return [result.problem(row, end, message)]
    return []


def _check_codes(result: ReadResult, column: str, known: set[str], what: str) -> list[DataProblem]:
    problems = []
    for row in result.rows:
        value = row.values.get(column)
        if isinstance(value, str) and value not in known:
            what_text = result.say(f"refdata.what.{what}")
            message = result.say("refdata.unknown_code", what=what_text, value=value)
            problems.append(result.problem(row, column, message))
    return problems


def _check_unique(result: ReadResult, columns: tuple[str, ...]) -> list[DataProblem]:
    seen: dict[tuple[object, ...], int] = {}
    problems = []
    for row in result.rows:
        key = tuple(row.values[c] for c in columns)
        if key in seen:
            problems.append(
                result.problem(
                    row,
                    columns[0],
                    result.say(
                        "refdata.duplicate", columns="/".join(columns), key=key, line=seen[key]
                    ),
                )
            )
        else:
            seen[key] = row.line
    return problems


def _check_overlaps(
    result: ReadResult,
    key_columns: tuple[str, ...],
    start: str,
    end: str,
    skip: str | None = None,
) -> list[DataProblem]:
    """No two rows with the same key may cover the same day (except rows where ``skip`` is true)."""
    groups: dict[tuple[object, ...], list[Row]] = defaultdict(list)
    for row in result.rows:
        if skip and row.values.get(skip):
            continue
        groups[tuple(row.values[c] for c in key_columns)].append(row)
    problems = []
    for key, rows in groups.items():
        rows.sort(key=lambda r: _period(r, start, end)[0])
        for before, after in itertools.pairwise(rows):
            if _period(after, start, end)[0] <= _period(before, start, end)[1]:
                problems.append(
                    result.problem(
                        after,
                        start,
                        result.say(
                            "refdata.overlap",
                            line=before.line,
                            columns="/".join(key_columns),
                            key="/".join(map(str, key)),
                        ),
                    )
                )
    return problems


def parse_year_month(text: str) -> tuple[int, int | None] | None:
    """``YYYY`` -> (year, None), ``YYYY-MM`` -> (year, month); anything else -> None."""
    year, dash, month = text.partition("-")
    if len(year) != 4 or not year.isdigit():
        return None
    if not dash:
        return int(year), None
    if len(month) != 2 or not month.isdigit() or not 1 <= int(month) <= 12:
        return None
    return int(year), int(month)


def _first_day(parsed: tuple[int, int | None]) -> dt.date:
    return dt.date(parsed[0], parsed[1] or 1, 1)


def _last_day(parsed: tuple[int, int | None]) -> dt.date:
    year, month = parsed[0], parsed[1] or 12
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def _check_centre_dates(result: ReadResult, row: Row, today: dt.date) -> list[DataProblem]:
    """``founded``, ``closed`` and ``first_evidence`` are YYYY or YYYY-MM, plausible, in order;
    a centre without a founding date needs its first evidence, and that evidence its source."""
    problems: list[DataProblem] = []
    parsed: dict[str, tuple[int, int | None]] = {}
    for column in ("founded", "closed", "first_evidence"):
        text = row.values[column]
        if not isinstance(text, str):
            continue
        value = parse_year_month(text)
        if value is None:
            message = result.say("refdata.not_year_month", value=text)
        elif not 1900 <= value[0] <= today.year or _first_day(value) > today:
            key = "refdata.founded" if column == "founded" else "refdata.implausible_year"
            message = result.say(key, value=text)
        else:
            parsed[column] = value
            continue
        problems.append(result.problem(row, column, message))
    if row.values["founded"] is None and row.values["first_evidence"] is None:
        problems.append(result.problem(row, "founded", result.say("refdata.no_founding")))
    if row.values["first_evidence"] is not None and row.values["first_evidence_source"] is None:
        problems.append(
            result.problem(row, "first_evidence_source", result.say("refdata.evidence_source"))
        )
    opened = parsed.get("founded") or parsed.get("first_evidence")
    closed = parsed.get("closed")
    if opened and closed and _last_day(closed) < _first_day(opened):
        begin = row.values["founded"] or row.values["first_evidence"]
        problems.append(
            result.problem(
                row,
                "closed",
                result.say(
                    "refdata.order",
                    end="closed",
                    finish=row.values["closed"],
                    start="founded",
                    begin=begin,
                ),
            )
        )
    return problems


def _check_within_mission(
    result: ReadResult, row: Row, lives: dict[str, tuple[dt.date, dt.date]]
) -> list[DataProblem]:
    """A holder's period lies within the life of the mission (``missions.csv``)."""
    mission = str(row.values["mission"])
    if mission not in lives:
        return []  # reported as an unknown mission
    began, ended = lives[mission]
    start, end = _period(row, "start_date", "end_date")
    if start < began:
        message = result.say("refdata.before_mission", value=start, mission=mission, began=began)
        return [result.problem(row, "start_date", message)]
    if end > ended:
        if row.values["end_date"] is None:
            message = result.say("refdata.open_after_mission", mission=mission, ended=ended)
        else:
            message = result.say("refdata.after_mission", value=end, mission=mission, ended=ended)
        return [result.problem(row, "end_date", message)]
    return []


def check_reference_data(
    data_dir: Path = specs.DATA_DIR, today: dt.date | None = None, lang: Language | None = None
) -> CheckReport:
    """Read and cross-check every reference file under ``data_dir``.

    Every problem is a language-free :class:`Message`; the edges word it with
    ``problem.describe(lang)``. ``lang`` is a transition only: stamped on each problem so that
    ``str(problem)`` keeps the caller's language.
    """
    today = today or dt.date.today()
    report = CheckReport()
    for spec in specs.ALL_SPECS:
        paths = specs.spec_files(spec, data_dir)
        if not paths:
            report.problems.append(
                DataProblem(
                    Message("refdata.missing_file", {"pattern": spec.pattern}),
                    data_dir / spec.pattern,
                    lang=lang,
                )
            )
        results = [read_reference_file(p, spec, lang) for p in paths]
        report.files[spec.table] = results
        for result in results:
            report.problems.extend(result.problems)

    countries = {str(r.values["iso3"]) for res in report.results(specs.COUNTRIES) for r in res.rows}
    missions = {
        str(r.values["acronym"]) for res in report.results(specs.MISSIONS) for r in res.rows
    }
    groups = {str(r.values["group_id"]) for res in report.results(specs.GROUPS) for r in res.rows}
    p = report.problems

    for res in report.results(specs.COUNTRIES):
        p += _check_unique(res, ("iso3",))
    for res in report.results(specs.ALIASES):
        p += _check_unique(res, ("alias",))
        p += _check_codes(res, "iso3", countries, "country")
    for res in report.results(specs.MISSIONS):
        p += _check_unique(res, ("acronym",))
        p += _check_codes(res, "host_iso3", countries, "country")
        p += _check_codes(res, "predecessor", missions, "mission")
        for row in res.rows:
            p += _check_order(res, row, "start_date", "end_date")
    for res in report.results(specs.GROUPS):
        p += _check_unique(res, ("group_id",))
    members: dict[str, set[str]] = defaultdict(set)
    for res in report.results(specs.MEMBERSHIP):
        p += _check_codes(res, "group_id", groups, "group")
        p += _check_codes(res, "iso3", countries, "country")
        p += _check_overlaps(res, ("group_id", "member_id"), "valid_from", "valid_to")
        for row in res.rows:
            members[str(row.values["group_id"])].add(str(row.values["member_id"]))
            p += _check_order(res, row, "valid_from", "valid_to")
            if row.values["sovereign"] and not row.values["iso3"]:
                p.append(res.problem(row, "iso3", res.say("refdata.sovereign_needs_iso3")))
            if not row.values["sovereign"]:
                if row.values["iso3"]:
                    p.append(res.problem(row, "iso3", res.say("refdata.government_no_iso3")))
                if not row.values["member_name_en"] or not row.values["member_name_fr"]:
                    p.append(
                        res.problem(
                            row,
                            "member_name_en",
                            res.say("refdata.government_names"),
                        )
                    )
            start = row.values["valid_from"]
            if isinstance(start, dt.date) and start > today:
                p.append(res.problem(row, "valid_from", res.say("refdata.future", value=start)))
    for res in report.results(specs.SUSPENSIONS):
        for row in res.rows:
            p += _check_order(res, row, "valid_from", "valid_to")
            group, member = str(row.values["group_id"]), str(row.values["member_id"])
            if member not in members.get(group, set()):
                p.append(
                    res.problem(
                        row, "member_id", res.say("refdata.not_member", member=member, group=group)
                    )
                )
    for res in report.results(specs.GENDER_TARGETS):
        p += _check_unique(res, ("year", "personnel_category"))
        for row in res.rows:
            share = row.values["target_share"]
            if not isinstance(share, float) or not 0.0 <= share <= 1.0:
                p.append(
                    res.problem(row, "target_share", res.say("refdata.not_fraction", value=share))
                )
    for res in report.results(specs.TRAINING_CENTRES):
        p += _check_codes(res, "country_iso3", countries, "country")
        for row in res.rows:
            p += _check_centre_dates(res, row, today)
    lives = {
        str(r.values["acronym"]): _period(r, "start_date", "end_date")
        for res in report.results(specs.MISSIONS)
        for r in res.rows
    }
    for res in report.results(specs.SENIOR_POSTS):
        p += _check_codes(res, "mission", missions, "mission")
        p += _check_codes(res, "nationality_iso3", countries, "country")
        for row in res.rows:
            p += _check_order(res, row, "start_date", "end_date")
            p += _check_within_mission(res, row, lives)
        single = ReadResult(
            res.path,
            [r for r in res.rows if r.values["post"] != "deputy_head_of_mission"],
            lang=lang,
        )
        single.header = res.header
        p += _check_overlaps(single, ("mission", "post"), "start_date", "end_date", skip="acting")
    return report
