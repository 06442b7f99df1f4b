"""The vendored world topology (Natural Earth through the npm package ``world-atlas``).

TopoJSON stores each country as rings of shared arcs, quantized and delta-encoded. This module
decodes them just enough for what pkobs needs on the server: which ISO-3 code each country shape
stands for (the topology uses ISO 3166-1 numeric codes) and the centre of a host country, used to
place a mission that Geo-PKO does not map. The browser draws the shapes itself (``map.js``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pycountry

# shapes Natural Earth draws without an ISO numeric code, matched by name
UNCODED_NAMES = {"Kosovo": "XKX"}

Point = tuple[float, float]  # longitude, latitude


def topology_path() -> Path:
    """The vendored topology served at ``/static/vendor/world-atlas/countries-50m.json``."""
    folder = resources.files("pkobs.web") / "static" / "vendor" / "world-atlas"
    return Path(str(folder / "countries-50m.json"))


@dataclass(frozen=True)
class Shape:
    """One country shape of the topology: its id there, its ISO-3 code (or None) and name."""

    topology_id: str
    iso3: str | None
    name: str


def iso3_of(topology_id: str | None, name: str) -> str | None:
    if topology_id is None:
        return UNCODED_NAMES.get(name)
    country = pycountry.countries.get(numeric=topology_id)
    return None if country is None else str(country.alpha_3)


@cache
def load(path: Path | None = None) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((path or topology_path()).read_text(encoding="utf-8"))
    return data


def shapes(path: Path | None = None) -> list[Shape]:
    """Every country shape, in the topology's order; shapes without an id get ``name:<name>``."""
    found = []
    for geometry in load(path)["objects"]["countries"]["geometries"]:
        name = str(geometry.get("properties", {}).get("name", ""))
        raw = geometry.get("id")
        found.append(Shape(str(raw) if raw else f"name:{name}", iso3_of(raw, name), name))
    return found


def decoded_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    (scale_x, scale_y), (shift_x, shift_y) = topology["transform"].values()
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[Point]], indexes: list[int]) -> list[Point]:
    points: list[Point] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def ring_area_and_centre(points: list[Point]) -> tuple[float, Point]:
    """Signed area and centroid of a ring, in the plane of longitude and latitude."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if area == 0:
        return 0.0, points[0]
    return area / 2, (cx / (3 * area), cy / (3 * area))


@cache
def arcs_of(path: Path | None = None) -> list[list[Point]]:
    return decoded_arcs(load(path))


def country_centres(path: Path | None = None) -> dict[str, Point]:
    """ISO-3 -> the centroid of the country's largest polygon (its mainland)."""
    topology = load(path)
    arcs = arcs_of(path)
    best: dict[str, tuple[float, Point]] = {}
    for geometry, shape in zip(
        topology["objects"]["countries"]["geometries"], shapes(path), strict=True
    ):
        if shape.iso3 is None:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            outer = ring(arcs, polygon[0])
            if max(x for x, _ in outer) - min(x for x, _ in outer) > 180:
                continue  # cut by the antimeridian: its planar centre would be on the far side
            area, centre = ring_area_and_centre(outer)
            if shape.iso3 not in best or abs(area) > best[shape.iso3][0]:
                best[shape.iso3] = (abs(area), centre)
    return {iso3: centre for iso3, (_, centre) in sorted(best.items())}


__all__ = ["Shape", "country_centres", "shapes", "topology_path"]
