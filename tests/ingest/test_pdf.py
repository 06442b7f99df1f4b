"""The parser of the UN's monthly PDF reports, on the 126 real reports (2015 – July 2025).

Figures asserted here were read by eye in the PDFs. The reports live outside the repository
(``../shared/data/un-monthly-pdf``); every test is skipped when they are absent.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest

from pkobs.i18n import Locale
from pkobs.ingest.pdf import PdfReport, PdfReportError, PdfRow, read_report
from pkobs.ingest.pdf.labels import personnel_type
from pkobs.refdata.countries import CountryResolver
from pkobs.store.schema import PERSONNEL_TYPES
from tests.conftest import ParsedReports

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "un-monthly-pdf"
REFDATA = Path(__file__).resolve().parents[2] / "src" / "pkobs" / "refdata" / "data"
FILES = sorted(DATA.glob("*.pdf")) if DATA.is_dir() else []
UNDATED = "UN_country_contributions_2019_10.pdf"
UNDATED_MONTH = dt.date(2019, 10, 31)  # the report between the September and November ones
# The September 2019 report cuts every name at a fixed width in the PDF itself; these cannot be
# told for certain ("Republic of": Korea or Moldova?), so no alias is given for them.
CUT_IN_SEPTEMBER_2019 = {
    "Bosnia and",
    "Dominican",
    "North",
    "Republic of",
    "Russian",
    "United Republic",
    "United States of",
}

pytestmark = pytest.mark.skipif(not FILES, reason=f"{DATA} is absent")


def month_for(path: Path) -> dt.date | None:
    return UNDATED_MONTH if path.name == UNDATED else None


@pytest.fixture(scope="module")
def reports(parsed_reports: ParsedReports) -> dict[str, PdfReport]:
    """Every report, parsed once per session (``tests/test_snapshot.py`` reuses them)."""
    return {path.name: parsed_reports.read(path, month_for(path)) for path in FILES}


def report(reports: dict[str, PdfReport], month: str) -> PdfReport:
    return reports[f"UN_country_contributions_{month}.pdf"]


def find(rep: PdfReport, contributor: str, mission: str | None, kind: str) -> list[PdfRow]:
    return [
        row
        for row in rep.rows
        if row.contributor == contributor and row.mission == mission and row.personnel_type == kind
    ]


def figures(rows: list[PdfRow]) -> list[tuple[int | None, int | None, int]]:
    return [(row.male, row.female, row.total) for row in rows]


def totals(rep: PdfReport) -> tuple[int, int, int]:
    return (
        sum(row.male or 0 for row in rep.rows),
        sum(row.female or 0 for row in rep.rows),
        sum(row.total for row in rep.rows),
    )


# --- one test per layout -------------------------------------------------------------------


def test_country_mission_2015(reports: dict[str, PdfReport]) -> None:
    rep = report(reports, "2015_01")
    assert (rep.layout, rep.month, rep.month_text) == (
        "country-mission-2015",
        dt.date(2015, 1, 31),
        "Month of Report : 31-Jan-15",
    )
    assert rep.has_mission and rep.has_sex and rep.pages == 44
    assert figures(find(rep, "Albania", "UNMISS", "individual_police")) == [(3, 0, 3)]
    assert figures(find(rep, "Argentina", "MINUSTAH", "troops")) == [(529, 37, 566)]
    # "Contingent Troop 1,580 0 1580": thousands separator on one figure only.
    assert figures(find(rep, "Bangladesh", "MINUSMA", "troops")) == [(1580, 0, 1580)]
    assert rep.checks > 1000


def test_country_mission_2015_blank_cells(reports: dict[str, PdfReport]) -> None:
    """February 2015 prints rows such as "Individual Police 0" with the other cells blank."""
    rep = report(reports, "2015_02")
    rows = find(rep, "Argentina", "MINURSO", "individual_police")
    assert figures(rows) == [(0, 1, 1), (0, None, 0), (0, None, 0)]


def test_country_mission_detail_2016(reports: dict[str, PdfReport]) -> None:
    rep = report(reports, "2016_11")
    assert (rep.layout, rep.month, rep.month_text) == (
        "country-mission-detail-2016",
        dt.date(2016, 11, 30),
        "by End of November, 2016",
    )
    assert figures(find(rep, "Argentina", "MINUSTAH", "troops")) == [(48, 25, 73)]
    assert figures(find(rep, "Argentina", "MINUSTAH", "individual_police")) == [(15, 0, 15)]
    assert totals(rep)[2] == 100_851  # "Grand Total 100,851"


def test_country_mission_post_2017(reports: dict[str, PdfReport]) -> None:
    rep = report(reports, "2017_05")
    assert (rep.layout, rep.month) == ("country-mission-post-2017", dt.date(2017, 5, 31))
    assert figures(find(rep, "Argentina", "MINUSTAH", "troops")) == [(39, 27, 66)]
    assert figures(find(rep, "Argentina", "UNMC", "experts_on_mission")) == [(87, 7, 94)]
    assert totals(rep) == (92_520, 4_097, 96_617)  # "Grand Total 92,520 4097 96,617"


def test_country_post_2018_has_no_mission(reports: dict[str, PdfReport]) -> None:
    rep = report(reports, "2018_03")
    assert (rep.layout, rep.month) == ("country-post-2018", dt.date(2018, 3, 31))
    assert not rep.has_mission and rep.has_sex
    assert figures(find(rep, "Bangladesh", None, "troops")) == [(6036, 70, 6106)]
    assert figures(find(rep, "Bangladesh", None, "formed_police_units")) == [(663, 73, 736)]
    assert totals(rep) == (86_723, 4_335, 91_058)  # "Total 86,723 4,335 91,058"


def test_flat_2019(reports: dict[str, PdfReport]) -> None:
    rep = report(reports, "2019_09")
    assert (rep.layout, rep.month, rep.month_text) == (
        "flat-2019",
        dt.date(2019, 9, 30),
        "30/09/2019",
    )
    assert figures(find(rep, "Canada", "MINUJUSTH", "individual_police")) == [(3, 5, 8)]
    assert figures(find(rep, "Senegal", "MINUJUSTH", "formed_police_units")) == [(12, 2, 14)]
    assert len(rep.rows) == rep.checks == 1032  # no subtotals: each row's M + F = total


def test_country_mission_wide_2019(reports: dict[str, PdfReport]) -> None:
    rep = report(reports, "2019_10")
    assert (rep.layout, rep.month, rep.month_text) == (
        "country-mission-wide-2019",
        UNDATED_MONTH,
        "",
    )
    assert figures(find(rep, "Argentina", "UNFICYP", "troops")) == [(211, 23, 234)]
    assert figures(find(rep, "Argentina", "UNVMC", "individual_police")) == [(11, 6, 17)]
    # Grand Total 1068 216 69109 3345 1720 647 6034 758 1767 304 (M, F for five types).
    assert totals(rep)[:2] == (1068 + 69109 + 1720 + 6034 + 1767, 216 + 3345 + 647 + 758 + 304)


def test_mission_country_post_2019(reports: dict[str, PdfReport]) -> None:
    rep = report(reports, "2019_11")
    assert (rep.layout, rep.month) == ("mission-country-post-2019", dt.date(2019, 11, 30))
    assert figures(find(rep, "Canada", "BINUH", "individual_police")) == [(0, 4, 4)]
    binuh = [row for row in rep.rows if row.mission == "BINUH"]
    assert sum(row.total for row in binuh) == 11  # the subtotal "6 5 11"
    # "Bosnia and" / "Herzegovina": a name wrapped below its row.
    assert figures(find(rep, "Bosnia and Herzegovina", "MINUSMA", "staff_officers")) == [(1, 1, 2)]


def test_mission_country_description_2019(reports: dict[str, PdfReport]) -> None:
    rep = report(reports, "2019_12")
    assert (rep.layout, rep.month) == ("mission-country-description-2019", dt.date(2019, 12, 31))
    assert figures(find(rep, "Nepal", "MINURSO", "experts_on_mission")) == [(5, 2, 7)]
    # lower-case "police", beside "fpu": individual officers
    assert figures(find(rep, "Niger", "BINUH", "individual_police")) == [(1, 0, 1)]
    assert len(rep.rows) == 1017  # the last line prints the number of rows...
    assert totals(rep) == (78_021, 5_310, 83_331)  # ...then the grand total


def test_mission_contributor_description_2020(reports: dict[str, PdfReport]) -> None:
    rep = report(reports, "2020_02")
    assert (rep.layout, rep.month) == ("mission-contributor-description-2020", dt.date(2020, 2, 29))
    assert figures(find(rep, "Benin", "BINUH", "individual_police")) == [(2, 0, 2)]
    assert figures(find(rep, "Bangladesh", "MINURSO", "troops")) == [(16, 4, 20)]  # "contingent"
    assert totals(rep) == (77_853, 5_415, 83_268)


def test_mission_contributor_description_january_2021(reports: dict[str, PdfReport]) -> None:
    """January 2021 prints each mission's and country's totals on its own line, above its rows."""
    rep = report(reports, "2021_01")
    assert (rep.layout, rep.month) == ("mission-contributor-description-2020", dt.date(2021, 1, 31))
    assert figures(find(rep, "Canada", "BINUH", "individual_police")) == [(3, 1, 4)]
    assert totals(rep) == (76_169, 5_763, 81_932)


def test_mission_country_type_2021(reports: dict[str, PdfReport]) -> None:
    rep = report(reports, "2021_02")
    assert (rep.layout, rep.month, rep.month_text) == (
        "mission-country-type-2021",
        dt.date(2021, 2, 28),
        "As of: 28/02/2021",
    )
    # "Experts on Mission 5 1 6" is printed above the name "Bangladesh", "Troops 19 11 30" below.
    assert figures(find(rep, "Bangladesh", "MINURSO", "experts_on_mission")) == [(5, 1, 6)]
    assert figures(find(rep, "Bangladesh", "MINURSO", "troops")) == [(19, 11, 30)]
    # Page 6: "Experts on Mission 0 4 4" belongs to Sierra Leone, centred on its two rows.
    sierra_leone = [row for row in rep.rows if row.contributor == "Sierra Leone" and row.page == 6]
    assert figures(sierra_leone) == [(0, 4, 4), (0, 1, 1)]
    tanzania = [row for row in rep.rows if row.contributor == "United Republic of Tanzania"]
    assert (427, 23, 450) in figures(tanzania)
    assert totals(rep) == (75_255, 5_778, 81_033)


def test_mission_country_type_2021_names_off_centre_at_page_breaks(
    reports: dict[str, PdfReport],
) -> None:
    """September 2022: Tunisia's rows run onto page 5, where its name is not printed again."""
    rep = report(reports, "2022_09")
    tunisia = [row for row in rep.rows if row.contributor == "Tunisia" and row.mission == "MINUSCA"]
    assert [(row.page, row.total) for row in tunisia] == [(4, 3), (4, 63), (4, 11), (5, 310)]
    assert totals(rep) == (69_168, 6_056, 75_224)


def test_country_type_wide_2023(reports: dict[str, PdfReport]) -> None:
    rep = report(reports, "2023_09")
    assert (rep.layout, rep.month) == ("country-type-wide-2023", dt.date(2023, 9, 30))
    assert not rep.has_mission and not rep.has_sex
    bangladesh = {
        row.personnel_type: row.total for row in rep.rows if row.contributor == "Bangladesh"
    }
    assert bangladesh == {
        "experts_on_mission": 56,
        "formed_police_units": 333,
        "individual_police": 37,
        "staff_officers": 152,
        "troops": 6378,
    }
    assert all(row.male is None and row.female is None for row in rep.rows)
    assert find(rep, "United Republic of Tanzania", None, "troops")[0].total == 1464
    assert find(rep, "Sao Tome and Principe", None, "individual_police")[0].total == 1
    assert totals(rep)[2] == 72_631


def test_flat_2024(reports: dict[str, PdfReport]) -> None:
    rep = report(reports, "2024_10")
    assert (rep.layout, rep.month) == ("flat-2024", dt.date(2024, 10, 31))
    assert figures(find(rep, "Madagascar", "BINUH", "individual_police")) == [(1, 3, 4)]
    assert figures(find(rep, "Brunei Darussalam", "UNIFIL", "troops")) == [(27, 2, 29)]
    # "United Republic of" above the row, "Tanzania" below it.
    assert find(rep, "United Republic of Tanzania", "MINUSCA", "troops")


# --- every file ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def resolver() -> CountryResolver:
    with (REFDATA / "country_aliases.csv").open(encoding="utf-8") as aliases_file:
        aliases = {row["alias"]: row["iso3"] for row in csv.DictReader(aliases_file)}
    with (REFDATA / "countries.csv").open(encoding="utf-8") as countries_file:
        known = {row["iso3"] for row in csv.DictReader(countries_file)}
    return CountryResolver(aliases, known)


@pytest.fixture(scope="module")
def missions() -> set[str]:
    with (REFDATA / "missions.csv").open(encoding="utf-8") as missions_file:
        return {row["acronym"] for row in csv.DictReader(missions_file)}


@pytest.mark.parametrize("path", FILES, ids=[path.stem[-7:] for path in FILES])
def test_every_report_parses_and_reconciles(
    path: Path,
    reports: dict[str, PdfReport],
    resolver: CountryResolver,
    missions: set[str],
) -> None:
    rep = reports[path.name]
    assert rep.rows and rep.checks > 0
    assert {row.personnel_type for row in rep.rows} <= set(PERSONNEL_TYPES)
    assert [row.line for row in rep.rows] == list(range(1, len(rep.rows) + 1))
    unresolved = {row.contributor for row in rep.rows if resolver.resolve(row.contributor) is None}
    expected = CUT_IN_SEPTEMBER_2019 if path.name.endswith("2019_09.pdf") else set()
    assert unresolved == expected
    assert {row.mission for row in rep.rows if row.mission} <= missions
    assert all(row.mission is None for row in rep.rows) == (not rep.has_mission)


def test_months_covered(reports: dict[str, PdfReport]) -> None:
    months = Counter(rep.month for rep in reports.values())
    print(f"{len(months)} months, {min(months)} to {max(months)}")
    # Identical files under two names: March = April 2015, 2016 and 2017; June 2020 = June 2022.
    assert {month for month, n in months.items() if n > 1} == {
        dt.date(2015, 4, 30),
        dt.date(2016, 4, 30),
        dt.date(2017, 4, 30),
        dt.date(2022, 6, 30),
    }
    assert len(months) == 122


# --- the month -----------------------------------------------------------------------------


def test_misnamed_file_takes_the_printed_month(reports: dict[str, PdfReport]) -> None:
    assert report(reports, "2020_06").month == dt.date(2022, 6, 30)  # prints "As of: 30/06/2022"
    assert report(reports, "2015_03").month == dt.date(2015, 4, 30)  # prints "30-Apr-15"


def test_undated_report_is_refused_naming_the_file() -> None:
    with pytest.raises(PdfReportError) as caught:
        read_report(DATA / UNDATED)
    keys = [problem.key for problem in caught.value.problems]
    assert keys == ["pdf.no_date"]
    assert UNDATED in Locale("en").message(caught.value.problems[0].message)
    assert UNDATED in Locale("fr").message(caught.value.problems[0].message)


def test_given_month_that_disagrees_with_the_printed_one_is_refused() -> None:
    with pytest.raises(PdfReportError) as caught:
        read_report(DATA / "UN_country_contributions_2023_09.pdf", dt.date(2023, 8, 31))
    problem = caught.value.problems[0]
    assert problem.key == "pdf.date_disagrees"
    assert problem.values == {"printed": "2023-09-30", "given": "2023-08-31"}


# --- reconciliation failures, on real PDFs with one printed number changed ------------------

TJ_ARRAY = re.compile(rb"\[((?:\((?:[^()\\]|\\.)*\)|[^\]\(])*)\]\s*TJ")
LITERAL = re.compile(rb"\(((?:[^()\\]|\\.)*)\)")


def rewrite_number(source: Path, target: Path, page: int, old: str, new: str) -> None:
    """Copy ``source`` with the one text drawing exactly ``old`` on ``page`` drawing ``new``."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter(clone_from=PdfReader(source))
    pdf_page = writer.pages[page - 1]
    contents = pdf_page.get_contents()
    assert contents is not None, f"page {page} of {source} has no content stream"
    data = contents.get_data()
    wanted = old.encode()
    hits = [m for m in TJ_ARRAY.finditer(data) if b"".join(LITERAL.findall(m.group(1))) == wanted]
    hits += list(re.finditer(rb"\(" + re.escape(wanted) + rb"\)\s*Tj", data))
    assert len(hits) == 1, f"{old!r} is drawn {len(hits)} times on page {page}"
    match = hits[0]
    stream = DecodedStreamObject()
    stream.set_data(data[: match.start()] + b"[(" + new.encode() + b")] TJ" + data[match.end() :])
    pdf_page[NameObject("/Contents")] = writer._add_object(stream)
    writer.write(target)


WIDE_2023_GRAND = "1190 5276 1889 2018 62258 72632"
MUTATIONS = [
    # (report, page, printed number, replacement, key, printed line after the change)
    ("2015_01", 1, "880", "881", "pdf.mismatch.country", "Argentina 881"),
    ("2016_11", 1, "88", "89", "pdf.mismatch.mission", "Total for Mission 63 25 89"),
    ("2017_05", 1, "461", "462", "pdf.mismatch.country", "Total for Country 406 55 462"),
    ("2018_03", 1, "279", "278", "pdf.mismatch.country", "Total for Country 256 23 278"),
    ("2019_10", 1, "18", "19", "pdf.mismatch.country", "Total by Country 6 0 211 23 19 9 0 0 8 3"),
    ("2019_11", 1, "11", "12", "pdf.mismatch.mission", "6 5 12"),
    ("2019_12", 2, "41", "42", "pdf.mismatch.mission", "161 42 202"),
    ("2020_02", 4, "188", "189", "pdf.mismatch.mission", "142 46 189"),
    ("2020_06", 2, "223", "224", "pdf.mismatch.mission", "Total MINURSO 150 73 224"),
    (
        "2023_09",
        4,
        "72631",
        "72632",
        "pdf.mismatch.grand",
        "Grand Total 1190 5276 1889 2018 62258 72632",
    ),
]


@pytest.mark.parametrize(("month", "page", "old", "new", "key", "line"), MUTATIONS)
def test_one_changed_number_is_refused_naming_page_and_line(
    tmp_path: Path, month: str, page: int, old: str, new: str, key: str, line: str
) -> None:
    source = DATA / f"UN_country_contributions_{month}.pdf"
    target = tmp_path / source.name
    rewrite_number(source, target, page, old, new)
    with pytest.raises(PdfReportError) as caught:
        read_report(target, month_for(source))
    wrong = [problem for problem in caught.value.problems if problem.key == key]
    assert [(problem.page, problem.text) for problem in wrong] == [(page, line)]
    assert wrong[0].values["printed"] == int(new)
    assert wrong[0].values["computed"] == int(old)
    assert f"page {page}" in Locale("en").message(wrong[0].message)
    assert f"page {page}\u202f:" in Locale("fr").message(wrong[0].message)


def test_a_row_whose_total_is_not_male_plus_female_is_refused(tmp_path: Path) -> None:
    """The flat October 2024 report prints no subtotal; its rows still check M + F = total."""
    source = DATA / "UN_country_contributions_2024_10.pdf"
    target = tmp_path / source.name
    rewrite_number(source, target, 1, "20", "21")  # MINURSO Bangladesh Troops 15 5 20
    with pytest.raises(PdfReportError) as caught:
        read_report(target)
    assert [(p.page, p.key, p.text) for p in caught.value.problems] == [
        (1, "pdf.mismatch.row", "MINURSO Bangladesh Troops 15 5 21 31/10/2024")
    ]


# --- personnel labels ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("Contingent Troop", "troops"),
        ("troops", "troops"),
        ("MSO", "staff_officers"),
        ("staff officer", "staff_officers"),
        ("UNMEM", "experts_on_mission"),
        ("experts", "experts_on_mission"),
        ("Ind Police", "individual_police"),
        ("UNPOL", "individual_police"),
        ("IPO", "individual_police"),
        ("Formed Police Units", "formed_police_units"),
        ("police", "individual_police"),  # December 2019 - December 2020, beside "fpu"
        ("Police Advisers", None),
        ("Police", None),
    ],
)
def test_personnel_labels(label: str, kind: str | None) -> None:
    assert personnel_type(label) == kind


def test_unknown_label_is_refused_naming_page_and_line(tmp_path: Path) -> None:
    source = DATA / "UN_country_contributions_2021_02.pdf"
    target = tmp_path / source.name
    rewrite_number(source, target, 32, "Troops", "Police Advisers")
    with pytest.raises(PdfReportError) as caught:
        read_report(target)
    unknown = [problem for problem in caught.value.problems if problem.key == "pdf.unknown_label"]
    assert unknown, caught.value.problems
    assert unknown[0].page == 32
    assert unknown[0].values == {"label": "Police Advisers"}
    assert "Police Advisers" in unknown[0].text
