"""Bulletin benchmark: one monthly bulletin (PDF) on the SYNTHETIC full history (1.5 M rows).

Times ``build_bulletin`` for the last month (December 2025): indicators over 1990-2025, four
matplotlib charts at 200 dpi, Typst compilation and the atomic write. The first run is cold
(fonts, caches); the median of three warm runs follows. Target: under 10 s.
Last line: ``report_seconds=<float>`` (the cold run, the one a user waits for).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import CACHE, DEFAULT_ROWS, synthetic_db

TARGET_SECONDS = 10.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    parser.add_argument("--month", default="2025-12")
    parser.add_argument("--lang", default="fr", choices=["fr", "en"])
    args = parser.parse_args()
    from pkobs.errors import DatabaseError
    from pkobs.indicators import parse_month
    from pkobs.reports import build_bulletin
    from pkobs.store.database import Database

    with tempfile.TemporaryDirectory() as folder:
        try:
            database = synthetic_db(args.rows)
        except DatabaseError:  # another benchmark holds the cached file: read a private copy
            database = Path(folder) / "synthetic.duckdb"
            shutil.copyfile(CACHE / f"SYNTHETIC-{args.rows}.duckdb", database)
        Database.prepare(database)  # a cached file from an older schema is brought up to date
        db = Database.open_read_only(database)
        month = parse_month(args.month)
        runs = []
        out = Path(folder) / f"bulletin-{args.month}.{args.lang}.pdf"
        for _ in range(4):
            started = time.perf_counter()
            build_bulletin(db, month, args.lang, out)
            runs.append(time.perf_counter() - started)
        size = out.stat().st_size
        db.close()
    cold, warm = runs[0], statistics.median(runs[1:])
    verdict = "ok" if cold < TARGET_SECONDS else f"OVER {TARGET_SECONDS:.0f} s"
    print(
        f"bulletin {args.month} ({args.lang}, PDF, {size / 1024:.0f} KiB) on {args.rows:,} "
        f"SYNTHETIC rows: cold {cold:.2f} s, warm median {warm:.2f} s  {verdict}"
    )
    print(f"report_seconds={cold:.2f}")


if __name__ == "__main__":
    main()
