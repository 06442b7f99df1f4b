"""Ingest benchmark: ``pkobs ingest`` against the floor (DuckDB loading the same CSV, no checks).

Both run as separate processes in the same run, so their peak RSS is measured apart. The
database is created (schema + reference data) before timing: that one-off cost is not ingest.
Last line: ``ingest_vs_floor_ratio=<float>``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DEFAULT_ROWS, ROOT, synthetic_csv

FLOOR = """
import duckdb, sys
con = duckdb.connect(sys.argv[1])
con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [sys.argv[2]])
con.close()
"""


def timed(command: list[str]) -> tuple[float, float]:
    """(seconds, peak RSS in MiB) of a child process."""
    started = time.perf_counter()
    process = subprocess.Popen(command)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"{command[:3]} failed with status {status}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    args = parser.parse_args()
    csv_path = synthetic_csv(args.rows)
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.duckdb"
        subprocess.run(
            [
                python,
                "-c",
                "import sys; from pkobs.store import open_database; "
                "open_database(sys.argv[1]).close()",
                str(db),
            ],
            check=True,
        )
        ingest_s, ingest_rss = timed(
            [python, "-m", "pkobs.cli", "--db", str(db), "ingest", str(csv_path), "--quiet"]
        )
        floor_s, floor_rss = timed(
            [python, "-c", FLOOR, str(Path(folder) / "floor.duckdb"), str(csv_path)]
        )
        startup_s, _ = timed([python, "-m", "pkobs.cli", "--help"])
    rows = args.rows
    print(f"rows={rows} file={csv_path.relative_to(ROOT)}")
    print(
        f"pkobs ingest: {ingest_s:.2f} s, {rows / ingest_s:,.0f} rows/s, "
        f"peak RSS {ingest_rss:.0f} MiB"
    )
    print(
        f"floor (DuckDB read_csv into a table): {floor_s:.2f} s, {rows / floor_s:,.0f} rows/s, "
        f"peak RSS {floor_rss:.0f} MiB"
    )
    print(f"CLI start-up alone (pkobs --help): {startup_s:.2f} s")
    print(f"ingest_vs_floor_ratio={ingest_s / floor_s:.2f}")


if __name__ == "__main__":
    main()
