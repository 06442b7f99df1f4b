"""``python -m pkobs.geo build GEO_PKO_DIR [OUT_DIR]``: rebuild the shipped layer of locations."""

from __future__ import annotations

import sys
from pathlib import Path

from pkobs.geo.layer import build, data_dir


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3) or argv[0] != "build":
        print("usage: python -m pkobs.geo build GEO_PKO_DIR [OUT_DIR]", file=sys.stderr)
        return 2
    out = Path(argv[2]) if len(argv) == 3 else data_dir()
    built = build(Path(argv[1]), out)
    for name, rows in built["files"].items():
        print(f"{out / name}: {rows} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
