"""The shipped layer of mission locations, how it is rebuilt, and where a mission is in a month.

``pkobs/geo/data/`` holds three files a fresh clone has without ``../shared``:

- ``mission_sites.csv``: one point per mission and year from Geo-PKO (see :mod:`pkobs.geo.sites`);
- ``host_centres.csv``: the centre of every country's mainland, from the vendored topology, where
  a mission Geo-PKO does not map is placed (at its host country's);
- ``manifest.json``: the sources (producer, address, licence, sha256) and row counts.

``python -m pkobs.geo build ../shared/data/geo-pko`` rebuilds them; a test checks that the shipped
files equal a fresh build whenever ``../shared`` is present.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pkobs.geo.sites import (
    FRONT_MAP,
    MissionYear,
    mission_years,
    read_layer,
    read_sites,
    sha256,
    write_layer,
)
from pkobs.geo.topology import country_centres, topology_path

SITES_FILE = "mission_sites.csv"
CENTRES_FILE = "host_centres.csv"
MANIFEST_FILE = "manifest.json"
GEO_PKO = {
    "producer": "Geo-PKO, Uppsala University (Cil, Fjelde, Hultman and Nilsson, "
    "'Mapping blue helmets', Journal of Peace Research 2020)",
    "url": "https://github.com/geopko/Geo-PKO-Shiny-Dashboard",
    "commit": "b6ba64e913461c8b5b9688307afdfcadbaa64162",
    "licence": "GPL-2.0",
}
WORLD_ATLAS = {
    "producer": "Natural Earth, through the npm package world-atlas 2.0.2 (Mike Bostock)",
    "url": "https://www.npmjs.com/package/world-atlas",
    "licence": "ISC (package); Natural Earth data in the public domain",
}


def data_dir() -> Path:
    return Path(str(resources.files("pkobs.geo") / "data"))


@dataclass(frozen=True)
class Location:
    """Where a mission is drawn for a month: the point, how it was chosen and from which year."""

    mission: str
    latitude: float
    longitude: float
    method: str  # hq, centroid or host_country
    location: str
    year: int | None  # the Geo-PKO year used (None for host_country)


def host_centres(topology: Path) -> list[tuple[str, float, float]]:
    """Every country of the topology: ISO-3, latitude and longitude of its mainland's centre."""
    return [
        (iso3, round(latitude, 4), round(longitude, 4))
        for iso3, (longitude, latitude) in country_centres(topology).items()
    ]


def build(geo_pko: Path, out: Path, topology: Path | None = None) -> dict[str, Any]:
    """Write the layer's three files into ``out`` from Geo-PKO's folder; returns the manifest."""
    front_map = geo_pko / FRONT_MAP
    topology = topology or topology_path()
    out.mkdir(parents=True, exist_ok=True)
    points = mission_years(read_sites(front_map))
    write_layer(points, out / SITES_FILE)
    centres = host_centres(topology)
    with (out / CENTRES_FILE).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("iso3", "latitude", "longitude"))
        writer.writerows(centres)
    manifest = {
        "built_by": "python -m pkobs.geo build ../shared/data/geo-pko",
        "files": {SITES_FILE: len(points), CENTRES_FILE: len(centres)},
        "sources": [
            {**GEO_PKO, "path": f"geo-pko/{FRONT_MAP}", "sha256": sha256(front_map)},
            {**WORLD_ATLAS, "path": "world-atlas/countries-50m.json", "sha256": sha256(topology)},
        ],
    }
    text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    (out / MANIFEST_FILE).write_text(text, encoding="utf-8")
    return manifest


@cache
def shipped_sites() -> dict[str, list[MissionYear]]:
    by_mission: dict[str, list[MissionYear]] = {}
    for point in read_layer(data_dir() / SITES_FILE):
        by_mission.setdefault(point.mission, []).append(point)
    return by_mission


@cache
def shipped_centres() -> dict[str, tuple[float, float]]:
    with (data_dir() / CENTRES_FILE).open(encoding="utf-8", newline="") as handle:
        return {
            row["iso3"]: (float(row["latitude"]), float(row["longitude"]))
            for row in csv.DictReader(handle)
        }


def manifest() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((data_dir() / MANIFEST_FILE).read_text(encoding="utf-8"))
    return loaded


def locate(mission: str, year: int, host_iso3: str | None) -> Location | None:
    """The mission's point for ``year``: Geo-PKO's nearest year (the earlier one on a tie),
    else its host country's centre; None when neither is known."""
    points = shipped_sites().get(mission)
    if points:
        point = min(points, key=lambda p: (abs(p.year - year), p.year))
        return Location(
            mission, point.latitude, point.longitude, point.method, point.location, point.year
        )
    if host_iso3 and host_iso3 in shipped_centres():
        latitude, longitude = shipped_centres()[host_iso3]
        return Location(mission, latitude, longitude, "host_country", "", None)
    return None


__all__ = ["Location", "build", "data_dir", "locate", "manifest"]
