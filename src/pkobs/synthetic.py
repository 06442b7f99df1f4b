"""SYNTHETIC contribution data in the UN Peace and Security Data Hub format.

Only for scale benchmarks and the offline demo, never for figures: files are named
``SYNTHETIC-*.csv`` and every source made from them says so. Distributions (who contributes, to
which mission, how many, what share of women) are drawn from the real IPI gender file when it is
available, else from a fixed built-in profile.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from pkobs.refdata.specs import DATA_DIR
from pkobs.store.history import synthetic_sources

HEADER = (
    "contribution_id",
    "isocode3",
    "contributing_country",
    "mission_acronym",
    "personnel_type",
    "last_reporting_date",
    "male_personnel",
    "female_personnel",
)
TYPES = {
    "troops": "Troops",
    "staff_officers": "Staff Officer",
    "experts_on_mission": "Experts on Mission",
    "individual_police": "Individual Police",
    "formed_police_units": "Formed Police Units",
}
GENDER_COLUMNS = {
    "troops": "Troops",
    "experts_on_mission": "Experts on Mission",
    "individual_police": "Individual Police",
    "formed_police_units": "Formed Police Units",
}


@dataclass
class Profile:
    contributors: list[tuple[str, str]]  # (iso3, English name)
    weights: list[float]
    counts: dict[str, list[tuple[int, int]]]  # personnel type -> observed (male, female)


__all__ = ["Profile", "profile_from", "synthetic_sources", "write_synthetic"]


def _month_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        months.append(following - dt.timedelta(days=1))
        year, month = following.year, following.month
    return months


def _missions() -> list[tuple[str, dt.date, dt.date]]:
    with (DATA_DIR / "missions.csv").open(encoding="utf-8") as handle:
        return [
            (
                row["acronym"],
                dt.date.fromisoformat(row["start_date"]),
                dt.date.fromisoformat(row["end_date"]) if row["end_date"] else dt.date.max,
            )
            for row in csv.DictReader(handle)
        ]


def profile_from(gender_file: Path | None) -> Profile:
    names: dict[str, str] = {}
    with (DATA_DIR / "countries.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            names[row["iso3"]] = row["name_en"]
    frequency: dict[str, int] = defaultdict(int)
    counts: dict[str, list[tuple[int, int]]] = defaultdict(list)
    if gender_file is not None and gender_file.exists():
        with gender_file.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                frequency[row["Contributor ISO-3"]] += 1
                for ptype, column in GENDER_COLUMNS.items():
                    total = int(row[f"{column} Total"])
                    if total:
                        counts[ptype].append(
                            (int(row[f"{column} Male"]), int(row[f"{column} Female"]))
                        )
        counts["staff_officers"] = [(max(1, m // 20), f // 20) for m, f in counts["troops"]]
    else:
        rng = random.Random(7)
        for iso3 in sorted(names)[::2]:
            frequency[iso3] = rng.randint(1, 400)
        for ptype in TYPES:
            scale = 600 if ptype in ("troops", "formed_police_units") else 12
            counts[ptype] = [
                (int(rng.lognormvariate(0, 1.2) * scale) + 1, rng.randint(0, 3)) for _ in range(500)
            ]
    contributors = sorted(frequency)
    return Profile(
        [(iso3, names.get(iso3, iso3)) for iso3 in contributors],
        [float(frequency[c]) for c in contributors],
        dict(counts),
    )


def write_synthetic(
    path: Path,
    rows: int = 1_500_000,
    first: dt.date = dt.date(1990, 1, 31),
    last: dt.date = dt.date(2025, 12, 31),
    gender_file: Path | None = None,
    seed: int = 2014,
) -> int:
    """Write about ``rows`` rows of SYNTHETIC data; returns the exact number written."""
    rng = random.Random(seed)
    profile = profile_from(gender_file)
    missions = _missions()
    months = _month_ends(first, last)
    ptypes = list(TYPES)
    # the weights summed once (random.choices would sum them again on every draw): the same draws
    chosen_from = range(len(profile.contributors))
    cumulative = list(accumulate(profile.weights))
    written = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for index, month in enumerate(months):
            per_month = max(1, (rows - written) // (len(months) - index))
            active = [m for m, start, end in missions if start <= month and end >= month]
            if not active:
                continue
            cells: set[tuple[int, int, int]] = set()
            capacity = len(profile.contributors) * len(active) * len(ptypes)
            target = min(per_month, capacity // 2)
            while len(cells) < target:
                contributor = rng.choices(chosen_from, cum_weights=cumulative)[0]
                cells.add((contributor, rng.randrange(len(active)), rng.randrange(len(ptypes))))
            for contributor, mission, ptype in sorted(cells):
                iso3, name = profile.contributors[contributor]
                male, female = rng.choice(profile.counts[ptypes[ptype]])
                written += 1
                writer.writerow(
                    (
                        written,
                        iso3,
                        name,
                        active[mission],
                        TYPES[ptypes[ptype]],
                        month.isoformat(),
                        male,
                        female,
                    )
                )
    return written
