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
from pkobs.i18n import t
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


def check_reference_data(
    data_dir: Path = specs.DATA_DIR, today: dt.date | None = None, lang: Language = "en"
) -> CheckReport:
    """Read and cross-check every reference file under ``data_dir``."""
    today = today or dt.date.today()
    report = CheckReport()
    for spec in specs.ALL_SPECS:
        paths = specs.spec_files(spec, data_dir)
        if not paths:
            report.problems.append(
                DataProblem(
                    t("refdata.missing_file", lang, pattern=spec.pattern),
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
            year = row.values["founded"]
            if isinstance(year, int) and not 1900 <= year <= today.year:
                p.append(res.problem(row, "founded", res.say("refdata.founded", value=year)))
    for res in report.results(specs.SENIOR_POSTS):
        p += _check_codes(res, "mission", missions, "mission")
        p += _check_codes(res, "nationality_iso3", countries, "country")
        for row in res.rows:
            p += _check_order(res, row, "start_date", "end_date")
        single = ReadResult(
            res.path,
            [r for r in res.rows if r.values["post"] != "deputy_head_of_mission"],
            lang=lang,
        )
        single.header = res.header
        p += _check_overlaps(single, ("mission", "post"), "start_date", "end_date", skip="acting")
    return report
