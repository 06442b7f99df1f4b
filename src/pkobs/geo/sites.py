"""Build the derived layer of mission locations from Geo-PKO (``../shared/data/geo-pko/``).

Geo-PKO (Uppsala University) codes, for every mission and year from 1994 to 2024, the sites
where its personnel are deployed, from the UN's deployment maps. pkobs keeps one point per
mission and year:

- the **mission headquarters** (``hq = 3`` in Geo-PKO) when the year has one. When a year lists
  several (a mission that moved or had two seats, as UNMOGIP's seasonal Srinagar/Islamabad), the
  site that is headquarters in most of the mission's years wins, then the one with more troops,
  then the first by name;
- otherwise the **personnel-weighted centroid** of the year's sites (weights: Geo-PKO's
  ``NoTroops``; the plain mean of the sites when no site has a troop figure).

The centroid of every year is kept beside the chosen point. Missions that Geo-PKO does not map
(mostly special political missions) are placed at the centre of their host country's mainland,
from the vendored topology (see :mod:`pkobs.geo.topology`).
"""

from __future__ import annotations

import csv
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import astuple, dataclass, fields
from pathlib import Path

FRONT_MAP = "FrontMap_v.2.3.csv"
MISSION_HQ = "3"
DIGITS = 4  # about 11 m: more than the source's precision


@dataclass(frozen=True)
class Site:
    """One row of Geo-PKO's FrontMap: a mission's deployment site in one year."""

    mission: str
    year: int
    location: str
    latitude: float
    longitude: float
    troops: int
    is_hq: bool


@dataclass(frozen=True)
class MissionYear:
    """The point of a mission in one year, and how it was chosen (``hq`` or ``centroid``)."""

    mission: str
    year: int
    method: str
    location: str
    latitude: float
    longitude: float
    sites: int
    centroid_latitude: float
    centroid_longitude: float


COLUMNS = tuple(f.name for f in fields(MissionYear))


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def troops(text: str) -> int:
    """Geo-PKO's troop figure at a site; ``NA`` or an empty cell counts as no figure (0)."""
    try:
        return max(int(float(text)), 0)
    except ValueError:
        return 0


def read_sites(path: Path) -> list[Site]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Site(
                mission=row["mission"].strip(),
                year=int(row["year"]),
                location=row["location"].strip(),
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
                troops=troops(row["NoTroops"]),
                is_hq=row["hq"].strip() == MISSION_HQ,
            )
            for row in csv.DictReader(handle)
            if row["latitude"] not in ("", "NA") and row["longitude"] not in ("", "NA")
        ]


def centroid(sites: list[Site]) -> tuple[float, float]:
    total = sum(s.troops for s in sites)
    if total == 0:
        return (
            sum(s.latitude for s in sites) / len(sites),
            sum(s.longitude for s in sites) / len(sites),
        )
    return (
        sum(s.latitude * s.troops for s in sites) / total,
        sum(s.longitude * s.troops for s in sites) / total,
    )


def mission_years(sites: Iterable[Site]) -> list[MissionYear]:
    """One point per mission and year (see the module docstring for the rule)."""
    by_year: dict[tuple[str, int], list[Site]] = defaultdict(list)
    for site in sites:
        by_year[(site.mission, site.year)].append(site)
    hq_years: Counter[tuple[str, str]] = Counter(
        (m, s.location) for (m, _), group in by_year.items() for s in group if s.is_hq
    )
    points = []
    for (mission, year), group in sorted(by_year.items()):
        # one site may be listed twice in a year (two units): count places, not rows
        places = {(s.location, s.latitude, s.longitude) for s in group}
        lat, lon = centroid(group)
        heads = sorted(
            (s for s in group if s.is_hq),
            key=lambda s: (-hq_years[(mission, s.location)], -s.troops, s.location),
        )
        chosen = heads[0] if heads else None
        points.append(
            MissionYear(
                mission=mission,
                year=year,
                method="hq" if chosen else "centroid",
                location=chosen.location if chosen else "",
                latitude=round(chosen.latitude if chosen else lat, DIGITS),
                longitude=round(chosen.longitude if chosen else lon, DIGITS),
                sites=len(places),
                centroid_latitude=round(lat, DIGITS),
                centroid_longitude=round(lon, DIGITS),
            )
        )
    return points


def write_layer(points: list[MissionYear], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(astuple(p) for p in points)


def read_layer(path: Path) -> list[MissionYear]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            MissionYear(
                mission=row["mission"],
                year=int(row["year"]),
                method=row["method"],
                location=row["location"],
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
                sites=int(row["sites"]),
                centroid_latitude=float(row["centroid_latitude"]),
                centroid_longitude=float(row["centroid_longitude"]),
            )
            for row in csv.DictReader(handle)
        ]


__all__ = ["COLUMNS", "MissionYear", "Site", "mission_years", "read_layer", "read_sites"]
