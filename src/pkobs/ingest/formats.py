"""The three input formats: how to recognise each header, and how it maps to long rows.

Every format is described by data (columns and the personnel types they feed), so the checks and
the reshaping in :mod:`pkobs.ingest.validate` are written once for all formats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pkobs.errors import DataProblem, IngestError
from pkobs.messages import Message


def normalise_column(name: str) -> str:
    """Column names match ignoring case, spaces, underscores and hyphens."""
    return re.sub(r"[\s_\-]+", "", name.strip().lower())


@dataclass(frozen=True)
class TypeColumns:
    """The source columns that give one personnel type's counts (None where absent)."""

    personnel_type: str
    male: str | None
    female: str | None
    total: str | None


@dataclass(frozen=True)
class SourceFormat:
    name: str
    description: str
    required: tuple[str, ...]  # normalised column names
    signature: tuple[str, ...]  # normalised columns that identify the format
    date: str
    contributor_name: str
    contributor_code: str | None
    mission: str
    types: tuple[TypeColumns, ...] = ()  # wide formats: one group of columns per type
    long_type: str | None = None  # long formats: the column naming the personnel type
    type_values: dict[str, str] = field(default_factory=dict)  # long formats: value -> type
    total_check: tuple[str, tuple[str, ...]] | None = None  # (total column, parts summed)
    extra_checks: tuple[tuple[str, tuple[str, ...]], ...] = ()  # more (column, parts) sums
    ignored: tuple[str, ...] = ()  # columns known and deliberately not read
    allow_extra: bool = False

    def count_columns(self) -> list[str]:
        columns: list[str] = []
        for group in self.types:
            columns += [c for c in (group.male, group.female, group.total) if c]
        if self.total_check:
            columns.append(self.total_check[0])
        for total, parts in self.extra_checks:
            columns += [total, *parts]
        return list(dict.fromkeys(columns))


def _gender_types() -> tuple[TypeColumns, ...]:
    pairs = (
        ("individual_police", "individualpolice"),
        ("formed_police_units", "formedpoliceunits"),
        ("experts_on_mission", "expertsonmission"),
        ("troops", "troops"),
    )
    return tuple(TypeColumns(t, f"{p}male", f"{p}female", f"{p}total") for t, p in pairs)


IPI_GENDER = SourceFormat(
    name="ipi-gender",
    description="IPI Providing for Peacekeeping, gender file (Gender.Full.csv), wide",
    required=(
        "date",
        "contributor",
        "contributoriso3",
        "mission",
        *[c for t in _gender_types() for c in (t.male, t.female, t.total) if c],
        "totalmale",
        "totalfemale",
        "totaltotal",
    ),
    signature=("troopsmale", "troopsfemale", "totaltotal"),
    date="date",
    contributor_name="contributor",
    contributor_code="contributoriso3",
    mission="mission",
    types=_gender_types(),
    total_check=("totaltotal", tuple(f"{t.total}" for t in _gender_types())),
    extra_checks=(
        ("totalmale", tuple(str(t.male) for t in _gender_types())),
        ("totalfemale", tuple(str(t.female) for t in _gender_types())),
    ),
    ignored=("",),
)

_PPP_FLAGS = (
    "capital",
    "capitallatitude",
    "capitallongitude",
    "continent",
    "region",
    "unbloc",
    "p5g4a3",
    "nam",
    "g77",
    "au",
    "arableague",
    "oic",
    "cis",
    "g20",
    "eu",
    "nato",
    "g8",
    "oecd",
    "asean",
    "oas",
    "shanghai",
    "gcc",
    "uma",
    "comesa",
    "censad",
    "eac",
    "eccas",
    "ecowas",
    "igad",
    "sadc",
)

IPI_PPP = SourceFormat(
    name="ipi-ppp",
    description="IPI Providing for Peacekeeping, one month per file (current_month.csv)",
    required=(
        "date",
        "contributor",
        "contributoriso3",
        "mission",
        "missioncountryiso3",
        "expertsonmission",
        "formedpoliceunits",
        "inidividualpolice",
        "civilianpolice",
        "troops",
        "total",
    ),
    signature=("civilianpolice", "missioncountryiso3"),
    date="date",
    contributor_name="contributor",
    contributor_code="contributoriso3",
    mission="mission",
    types=(
        TypeColumns("experts_on_mission", None, None, "expertsonmission"),
        TypeColumns("formed_police_units", None, None, "formedpoliceunits"),
        TypeColumns("individual_police", None, None, "inidividualpolice"),
        TypeColumns("troops", None, None, "troops"),
    ),
    total_check=("total", ("expertsonmission", "civilianpolice", "troops")),
    extra_checks=(
        ("civilianpolice", ("formedpoliceunits", "inidividualpolice")),
        ("observers", ("expertsonmission",)),
    ),
    ignored=(
        *[f"contributor{f}" for f in _PPP_FLAGS],
        *[f"mission{f}" for f in _PPP_FLAGS],
        "missioncountry",
        "missionhq",
        "missionhqlongitude",
        "missionhqlatitude",
        "observers",
    ),
)

UN_PSDH = SourceFormat(
    name="un-psdh",
    description="UN Peace and Security Data Hub, uniformed personnel contributions (long)",
    required=(
        "isocode3",
        "contributingcountry",
        "missionacronym",
        "personneltype",
        "lastreportingdate",
        "malepersonnel",
        "femalepersonnel",
    ),
    signature=("isocode3", "missionacronym", "personneltype"),
    date="lastreportingdate",
    contributor_name="contributingcountry",
    contributor_code="isocode3",
    mission="missionacronym",
    types=(TypeColumns("*", "malepersonnel", "femalepersonnel", None),),
    long_type="personneltype",
    type_values={
        "troops": "troops",
        "troop": "troops",
        "contingenttroop": "troops",
        "contingenttroops": "troops",
        "staffofficer": "staff_officers",
        "staffofficers": "staff_officers",
        "expertsonmission": "experts_on_mission",
        "expertonmission": "experts_on_mission",
        "militaryobserver": "experts_on_mission",
        "militaryobservers": "experts_on_mission",
        "individualpolice": "individual_police",
        "individualpoliceofficer": "individual_police",
        "formedpoliceunit": "formed_police_units",
        "formedpoliceunits": "formed_police_units",
        "police": "police",
    },
    allow_extra=True,
)

FORMATS: dict[str, SourceFormat] = {f.name: f for f in (UN_PSDH, IPI_GENDER, IPI_PPP)}


@dataclass(frozen=True)
class ColumnMap:
    """Normalised column name -> (1-based position, name as written in the file)."""

    positions: dict[str, tuple[int, str]]

    def sql(self, normalised: str) -> str:
        return f'"c{self.positions[normalised][0]}"'

    def number(self, normalised: str) -> int:
        return self.positions[normalised][0]

    def label(self, normalised: str) -> str:
        return self.positions[normalised][1]


# IPI's per-country series (one file per contributor, read by pkobs.ingest.ipi_series): told
# from its header here, so that recognising a CSV file does not load that reader.
SERIES_HEADER = ("date", "troops", "police", "experts")


def is_series_header(header: list[str]) -> bool:
    return tuple(h.strip().lower() for h in header) == SERIES_HEADER


def is_pdf(head: bytes) -> bool:
    """Whether a file's first bytes are a PDF's (told here: recognising a CSV file does not load
    the PDF reader, :mod:`pkobs.ingest.un_pdf`)."""
    return head.lstrip(b"\r\n\t ").startswith(b"%PDF-")


def closest_format(header: list[str]) -> tuple[SourceFormat, list[str]] | None:
    """The format whose required columns the header has most of, and those it lacks; None when
    the header has fewer than half of any format's required columns."""
    present = {normalise_column(h) for h in header}

    def share(source_format: SourceFormat) -> float:
        required = source_format.required
        return sum(c in present for c in required) / len(required)

    best = max(FORMATS.values(), key=share)
    if share(best) < 0.5:
        return None
    return best, [c for c in best.required if c not in present]


def detect_format(header: list[str]) -> SourceFormat:
    present = {normalise_column(h) for h in header}
    for source_format in FORMATS.values():
        if all(s in present for s in source_format.signature):
            return source_format
    formats, shown = ", ".join(FORMATS), ", ".join(header[:12])
    closest = closest_format(header)
    if closest is None:
        raise IngestError("ingest.unknown_format", formats=formats, header=shown)
    raise IngestError(
        "ingest.unknown_format_closest",
        format=closest[0].name,
        missing=", ".join(closest[1]),
        formats=formats,
        header=shown,
    )


def map_columns(header: list[str], source_format: SourceFormat, path: Path) -> ColumnMap:
    """Check the header against the format. Every problem is reported at once."""
    positions: dict[str, tuple[int, str]] = {}
    problems: list[DataProblem] = []
    name_of_format = source_format.name
    for index, name in enumerate(header, start=1):
        key = normalise_column(name)
        if key in positions and (key in source_format.required or key == source_format.long_type):
            message = Message.of("ingest.column_twice", name=name, first=str(positions[key][0]))
            problems.append(DataProblem(message, path, 1, index, name))
            continue
        known = key in source_format.required or key in source_format.ignored
        if not known and not source_format.allow_extra:
            message = Message.of("ingest.unexpected_column", name=name, format=name_of_format)
            problems.append(DataProblem(message, path, 1, index, name))
        positions.setdefault(key, (index, name))
    missing = [c for c in source_format.required if c not in positions]
    if missing:
        message = Message.of(
            "ingest.missing_columns", format=name_of_format, columns=", ".join(missing)
        )
        problems.append(DataProblem(message, path, 1))
    if problems:
        raise IngestError("ingest.header_summary", problems, path=str(path), format=name_of_format)
    return ColumnMap(positions)
