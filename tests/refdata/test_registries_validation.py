"""check-data catches each kind of error in the registries, at the right file, line and column."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from pkobs.errors import DataProblem
from pkobs.refdata import specs
from pkobs.refdata.validate import check_reference_data

SENIOR = "registries/senior_posts.csv"
CENTRES = "registries/training_centres.csv"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of the shipped reference data, safe to corrupt."""
    target = tmp_path / "data"
    shutil.copytree(specs.DATA_DIR, target)
    return target


def _edit_cell(path: Path, line: int, column: str, value: str) -> None:
    """Set one cell of a CSV file (line is 1-based, header = line 1), keeping every other line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = next(csv.reader([lines[0]]))
    cells = next(csv.reader([lines[line - 1]]))
    cells[header.index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    lines[line - 1] = buffer.getvalue()
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _append_line(path: Path, text: str) -> int:
    """Append one CSV line; returns its line number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.append(text)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def _only_problem(data_dir: Path) -> DataProblem:
    report = check_reference_data(data_dir)
    assert len(report.problems) == 1, [str(p) for p in report.problems]
    return report.problems[0]


def _where(problem: DataProblem) -> tuple[str | None, int | None, int | None]:
    name = problem.path.relative_to(problem.path.parents[1]).as_posix() if problem.path else None
    return name, problem.line, problem.column


def test_shipped_data_passes() -> None:
    report = check_reference_data()
    assert report.problems == []
    assert report.row_count(specs.SENIOR_POSTS) >= 249
    assert report.row_count(specs.TRAINING_CENTRES) >= 48


def _rewrite_header(path: Path, change: Callable[[str], str]) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] = change(lines[0])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_missing_column(data_dir: Path) -> None:
    _rewrite_header(data_dir / CENTRES, lambda h: h.replace(",website,", ",site,"))
    problem = _only_problem(data_dir)
    assert _where(problem) == (CENTRES, 1, None)
    assert problem.text("en").startswith("missing columns: website; unexpected columns: site")
    assert "expected header: name_fr,name_en,acronym" in problem.text("en")


def test_extra_column(data_dir: Path) -> None:
    path = data_dir / SENIOR
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0] + ",comment", *lines[1:]]) + "\n", encoding="utf-8")
    problem = _only_problem(data_dir)
    assert _where(problem) == (SENIOR, 1, None)
    assert problem.text("en").startswith("unexpected columns: comment (expected header: mission,")


def test_bad_enum(data_dir: Path) -> None:
    _edit_cell(data_dir / SENIOR, 3, "post", "chief_of_staff")
    problem = _only_problem(data_dir)
    assert _where(problem) == (SENIOR, 3, 2)
    assert problem.text("en") == (
        "'chief_of_staff' is not one of head_of_mission, force_commander, "
        "police_commissioner, deputy_head_of_mission"
    )


def test_bad_bool(data_dir: Path) -> None:
    _edit_cell(data_dir / SENIOR, 4, "acting", "maybe")
    problem = _only_problem(data_dir)
    assert _where(problem) == (SENIOR, 4, 7)
    assert problem.text("en") == "'maybe' is not yes or no"


def test_bad_bool_in_training_centres(data_dir: Path) -> None:
    _edit_cell(data_dir / CENTRES, 2, "francophone", "partly")
    problem = _only_problem(data_dir)
    assert _where(problem) == (CENTRES, 2, 12)
    assert problem.text("en") == "'partly' is not yes or no"


def test_malformed_iso3(data_dir: Path) -> None:
    _edit_cell(data_dir / SENIOR, 2, "nationality_iso3", "UK")
    problem = _only_problem(data_dir)
    assert _where(problem) == (SENIOR, 2, 4)
    assert problem.text("en") == "'UK' is not an ISO 3166-1 alpha-3 code (three capital letters)"


def test_unknown_iso3(data_dir: Path) -> None:
    _edit_cell(data_dir / SENIOR, 2, "nationality_iso3", "XXA")
    problem = _only_problem(data_dir)
    assert _where(problem) == (SENIOR, 2, 4)
    assert problem.text("en") == "unknown country code 'XXA'"


def test_unknown_iso3_in_training_centres(data_dir: Path) -> None:
    _edit_cell(data_dir / CENTRES, 3, "country_iso3", "QQQ")
    problem = _only_problem(data_dir)
    assert _where(problem) == (CENTRES, 3, 4)
    assert problem.text("en") == "unknown country code 'QQQ'"


def test_unknown_mission(data_dir: Path) -> None:
    _edit_cell(data_dir / SENIOR, 5, "mission", "MINUFOO")
    problem = _only_problem(data_dir)
    assert _where(problem) == (SENIOR, 5, 1)
    assert problem.text("en") == "unknown mission acronym 'MINUFOO'"


def _cell(path: Path, line: int, column: str) -> str:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    return rows[line - 2][column]


def _line_of(path: Path, **match: str) -> int:
    """The line of the first row whose cells equal ``match`` (header = line 1)."""
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
    for number, row in enumerate(rows, start=2):
        if all(row[k] == v for k, v in match.items()):
            return number
    raise AssertionError(f"no row with {match}")


def test_dates_out_of_order(data_dir: Path) -> None:
    start = _cell(data_dir / SENIOR, 2, "start_date")
    _edit_cell(data_dir / SENIOR, 2, "end_date", "1999-12-31")
    problem = _only_problem(data_dir)
    assert _where(problem) == (SENIOR, 2, 6)
    assert problem.text("en") == f"end_date 1999-12-31 is before start_date {start}"


def test_bad_date(data_dir: Path) -> None:
    _edit_cell(data_dir / SENIOR, 2, "start_date", "2008-13-01")
    problem = _only_problem(data_dir)
    assert _where(problem) == (SENIOR, 2, 5)
    assert problem.text("en") == "'2008-13-01' is not a date in the form YYYY-MM-DD"


def test_overlapping_holders(data_dir: Path) -> None:
    line = _append_line(
        data_dir / SENIOR,
        "MONUSCO,head_of_mission,Someone Else,FRA,2014-01-01,2014-06-30,no,no,,https://example.org",
    )
    kobler = _line_of(data_dir / SENIOR, mission="MONUSCO", person="Martin Kobler")
    problem = _only_problem(data_dir)
    assert _where(problem) == (SENIOR, line, 5)
    assert problem.text("en") == (
        f"period overlaps line {kobler} for the same mission/post MONUSCO/head_of_mission"
    )


def test_overlap_allowed_when_acting(data_dir: Path) -> None:
    _append_line(
        data_dir / SENIOR,
        "MONUSCO,head_of_mission,Someone Else,FRA,2014-01-01,2014-06-30,yes,no,,https://example.org",
    )
    assert check_reference_data(data_dir).problems == []


def test_overlap_allowed_for_deputies(data_dir: Path) -> None:
    row = "MONUSCO,deputy_head_of_mission,Deputy {n},FRA,2014-01-01,,no,no,,https://example.org"
    _append_line(data_dir / SENIOR, row.format(n=1))
    _append_line(data_dir / SENIOR, row.format(n=2))
    assert check_reference_data(data_dir).problems == []


def test_row_without_source(data_dir: Path) -> None:
    _edit_cell(data_dir / SENIOR, 2, "source", "")
    problem = _only_problem(data_dir)
    assert _where(problem) == (SENIOR, 2, 10)
    assert problem.text("en") == "is empty but required"
    assert str(problem).endswith("line 2, column 10 (source): is empty but required")


def test_training_centre_without_source(data_dir: Path) -> None:
    _edit_cell(data_dir / CENTRES, 2, "source", " ")
    problem = _only_problem(data_dir)
    assert _where(problem) == (CENTRES, 2, 15)
    assert problem.text("en") == "is empty but required"


def test_implausible_founded_year(data_dir: Path) -> None:
    _edit_cell(data_dir / CENTRES, 2, "founded", "1850")
    problem = _only_problem(data_dir)
    assert _where(problem) == (CENTRES, 2, 6)
    assert problem.text("en") == "1850 is not a plausible founding year"


def test_founded_not_a_number(data_dir: Path) -> None:
    _edit_cell(data_dir / CENTRES, 2, "founded", "circa 1999")
    problem = _only_problem(data_dir)
    assert _where(problem) == (CENTRES, 2, 6)
    assert problem.text("en") == "'circa 1999' is not a year YYYY or a month YYYY-MM"


@pytest.mark.parametrize("value", ["2013-13", "2013-9", "13-2013", "2013-09-26", "201"])
def test_bad_month_precision(data_dir: Path, value: str) -> None:
    _edit_cell(data_dir / CENTRES, 2, "closed", value)
    problem = _only_problem(data_dir)
    assert _where(problem) == (CENTRES, 2, 7)
    assert problem.text("en") == f"'{value}' is not a year YYYY or a month YYYY-MM"


def test_month_precision_accepted(data_dir: Path) -> None:
    _edit_cell(data_dir / CENTRES, 2, "founded", "1999-04")
    _edit_cell(data_dir / CENTRES, 2, "closed", "2024")
    assert check_reference_data(data_dir).problems == []


def test_closed_before_founded(data_dir: Path) -> None:
    founded = _cell(data_dir / CENTRES, 2, "founded")
    _edit_cell(data_dir / CENTRES, 2, "closed", "1998-12")
    problem = _only_problem(data_dir)
    assert _where(problem) == (CENTRES, 2, 7)
    assert problem.text("en") == f"closed 1998-12 is before founded {founded}"


def test_closed_in_the_future(data_dir: Path) -> None:
    _edit_cell(data_dir / CENTRES, 2, "closed", "2999-01")
    problem = _only_problem(data_dir)
    assert problem.text("en") == "2999-01 is not a plausible date (from 1900 to this month)"


def test_centre_without_founding_needs_first_evidence(data_dir: Path) -> None:
    _edit_cell(data_dir / CENTRES, 2, "founded", "")
    problem = _only_problem(data_dir)
    assert _where(problem) == (CENTRES, 2, 6)
    assert problem.text("en").startswith("no founding date: give founded, or first_evidence")


def test_first_evidence_needs_its_source(data_dir: Path) -> None:
    line = _line_of(data_dir / CENTRES, acronym="", country_iso3="NER")
    _edit_cell(data_dir / CENTRES, line, "first_evidence_source", "")
    problem = _only_problem(data_dir)
    assert _where(problem) == (CENTRES, line, 9)
    assert problem.text("en") == "first_evidence needs its source (a public URL)"


def test_holder_before_the_mission_began(data_dir: Path) -> None:
    line = _append_line(
        data_dir / SENIOR,
        "MINUSMA,deputy_head_of_mission,Early Bird,FRA,2013-01-01,2013-06-30,no,no,,"
        "https://example.org",
    )
    problem = _only_problem(data_dir)
    assert _where(problem) == (SENIOR, line, 5)
    assert problem.text("en") == "2013-01-01 is before MINUSMA began (2013-04-25)"


def test_holder_after_the_mission_ended(data_dir: Path) -> None:
    line = _append_line(
        data_dir / SENIOR,
        "MINUSMA,deputy_head_of_mission,Late Stayer,FRA,2023-06-01,,no,no,,https://example.org",
    )
    problem = _only_problem(data_dir)
    assert _where(problem) == (SENIOR, line, 6)
    assert problem.text("en") == "no end date, but MINUSMA ended on 2023-12-31"


def test_messages_in_french(data_dir: Path) -> None:
    _edit_cell(data_dir / SENIOR, 5, "mission", "MINUFOO")
    problems = check_reference_data(data_dir, lang="fr").problems
    assert [str(p).split("\u202f: ", 1)[0].rsplit(", ", 2)[-2:] for p in problems] == [
        ["ligne 5", "colonne 1 (mission)"]
    ]
    assert problems[0].text("fr") == "sigle de mission inconnu «\u202fMINUFOO\u202f»"


def test_problems_are_language_free(data_dir: Path) -> None:
    _edit_cell(data_dir / CENTRES, 2, "closed", "1998-12")
    problem = _only_problem(data_dir)
    assert problem.key == "refdata.order"
    founded = _cell(data_dir / CENTRES, 2, "founded")
    assert problem.text("fr") == f"closed 1998-12 est antérieur à founded {founded}"
    assert problem.text("en") == f"closed 1998-12 is before founded {founded}"
