"""What each reference file must look like: columns, types and the table it loads into."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

DATA_DIR = Path(str(resources.files("pkobs.refdata") / "data"))


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "str"  # str | iso3 | date | int | float | bool | enum
    required: bool = True
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class FileSpec:
    """One kind of reference file. ``pattern`` is relative to the data directory."""

    pattern: str
    table: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _c(name: str, kind: str = "str", required: bool = True, *choices: str) -> Column:
    return Column(name, kind, required, tuple(choices))


STATUSES = ("member", "associate", "observer")
POSTS = ("head_of_mission", "force_commander", "police_commissioner", "deputy_head_of_mission")
# The period the senior posts registry was reviewed for (first and last day): inside it, a post
# of a mission without a known holder on a day is a gap of the registry; outside it, no data.
SENIOR_POSTS_COVERAGE = (dt.date(2009, 1, 1), dt.date(2025, 12, 31))
GENDER_CATEGORIES = (
    "military_contingents",
    "military_observers_staff_officers",
    "formed_police_units",
    "individual_police",
    "justice_corrections",
)

COUNTRIES = FileSpec(
    "countries.csv",
    "ref_countries",
    (_c("iso3", "iso3"), _c("iso2", required=False), _c("name_en"), _c("name_fr"), _c("source")),
)
ALIASES = FileSpec(
    "country_aliases.csv",
    "ref_country_aliases",
    (_c("alias"), _c("iso3", "iso3"), _c("note", required=False), _c("source")),
)
MISSIONS = FileSpec(
    "missions.csv",
    "ref_missions",
    (
        _c("acronym"),
        _c("name_en"),
        _c("name_fr"),
        _c("acronym_fr", required=False),
        _c("host_iso3", "iso3"),
        _c("start_date", "date"),
        _c("end_date", "date", False),
        _c("predecessor", required=False),
        _c("kind", "enum", True, "pko", "spm", "support"),
        _c("note", required=False),
        _c("source"),
    ),
)
GROUPS = FileSpec(
    "groups/groups.csv",
    "ref_groups",
    (_c("group_id"), _c("name_en"), _c("name_fr"), _c("source")),
)
MEMBERSHIP = FileSpec(
    "groups/*[!s].csv",  # every group file except groups.csv and *.suspensions.csv (see loader)
    "ref_group_membership",
    (
        _c("group_id"),
        _c("member_id"),
        _c("iso3", "iso3", False),
        _c("status", "enum", True, *STATUSES),
        _c("valid_from", "date"),
        _c("valid_to", "date", False),
        _c("sovereign", "bool"),
        _c("member_name_en", required=False),
        _c("member_name_fr", required=False),
        _c("note", required=False),
        _c("source"),
    ),
)
SUSPENSIONS = FileSpec(
    "groups/*.suspensions.csv",
    "ref_group_suspensions",
    (
        _c("group_id"),
        _c("member_id"),
        _c("valid_from", "date"),
        _c("valid_to", "date", False),
        _c("note", required=False),
        _c("source"),
    ),
)
GENDER_TARGETS = FileSpec(
    "gender_targets.csv",
    "ref_gender_targets",
    (
        _c("year", "int"),
        _c("personnel_category", "enum", True, *GENDER_CATEGORIES),
        _c("target_share", "float"),
        _c("note", required=False),
        _c("source"),
    ),
)
TRAINING_CENTRES = FileSpec(
    "registries/training_centres.csv",
    "ref_training_centres",
    (
        _c("name_fr"),
        _c("name_en"),
        _c("acronym", required=False),
        _c("country_iso3", "iso3"),
        _c("city", required=False),
        _c("founded", "str", False),  # YYYY or YYYY-MM (checked in validate.py)
        _c("closed", "str", False),  # YYYY or YYYY-MM; empty = still open
        _c("first_evidence", "str", False),  # YYYY or YYYY-MM; required when founded is empty
        _c("first_evidence_source", "str", False),
        _c("languages", required=False),
        _c("focus", required=False),
        _c("francophone", "bool"),
        _c("website", required=False),
        _c("note", required=False),
        _c("source"),
    ),
)
SENIOR_POSTS = FileSpec(
    "registries/senior_posts.csv",
    "ref_senior_posts",
    (
        _c("mission"),
        _c("post", "enum", True, *POSTS),
        _c("person"),
        _c("nationality_iso3", "iso3"),
        _c("start_date", "date"),
        _c("end_date", "date", False),
        _c("acting", "bool"),
        _c("uncertain", "bool"),
        _c("note", required=False),
        _c("source"),
    ),
)


def spec_files(spec: FileSpec, data_dir: Path = DATA_DIR) -> list[Path]:
    """The files a spec covers, sorted, so loading order is stable."""
    if spec is MEMBERSHIP:
        return sorted(
            p
            for p in (data_dir / "groups").glob("*.csv")
            if p.name != "groups.csv" and not p.name.endswith(".suspensions.csv")
        )
    return sorted(data_dir.glob(spec.pattern))


ALL_SPECS: tuple[FileSpec, ...] = (
    COUNTRIES,
    ALIASES,
    MISSIONS,
    GROUPS,
    MEMBERSHIP,
    SUSPENSIONS,
    GENDER_TARGETS,
    TRAINING_CENTRES,
    SENIOR_POSTS,
)
