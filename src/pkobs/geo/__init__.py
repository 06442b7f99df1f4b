"""Where the missions are: a compact layer derived from Geo-PKO, and the vendored world topology.

See :mod:`pkobs.geo.layer` (the shipped layer, how it is rebuilt) and ``docs/map.md``.
"""

from __future__ import annotations

from pkobs.geo.layer import Location, build, locate, manifest
from pkobs.geo.topology import Shape, shapes, topology_path

__all__ = ["Location", "Shape", "build", "locate", "manifest", "shapes", "topology_path"]
