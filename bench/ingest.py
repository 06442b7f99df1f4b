"""Ingest benchmark: ``pkobs ingest`` against the floor (DuckDB loading the same CSV, no checks).

Both run as separate processes, interleaved in pairs (pkobs, floor, pkobs, floor...) so that a
change in the machine's load touches both alike; the ratio is the median of the per-pair ratios.
Peak RSS is measured per process. Each database is created (schema + reference data) before its
timing: that one-off cost is not ingest. Sizes: the SYNTHETIC 1.5 M-row history and a 0.2 M-row
one (targets: median ratio <= 1.3 and <= 1.6).
Last line: ``ingest_vs_floor_ratio=<float>`` (the median at the first size given).

Both children run with compiled bytecode, as an installed package does (pip compiles it): the
environment may say ``PYTHONDONTWRITEBYTECODE=1``, and a source checkout then compiles every pkobs
module at every start (about 0.04 s of CPU, which the floor, reading DuckDB's installed bytecode,
never pays). The children are given a bytecode cache in the bench's temporary folder
(``PYTHONPYCACHEPREFIX``), filled before any timing (``compileall``, then one untimed run of
each child on a few rows); ``--no-bytecode`` measures the source checkout as it is instead.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, synthetic_csv

FLOOR = """
import duckdb, sys
con = duckdb.connect(sys.argv[1])
con.execute("SET enable_progress_bar = false")
con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [sys.argv[2]])
con.close()
"""
CREATE = "import sys; from pkobs.store import open_database; open_database(sys.argv[1]).close()"


ENV = dict(os.environ)  # the children's environment (see bytecode_cache)


def bytecode_cache(folder: Path, csv_path: Path) -> None:
    """Compile pkobs into a bytecode cache under ``folder`` that every child then reads, and
    fill it with what the children import from elsewhere (DuckDB, Typer...: with a cache
    prefix, Python no longer reads their ``__pycache__``) by one untimed run of each on the
    first rows of ``csv_path``."""
    cache = folder / "pycache"
    ENV.pop("PYTHONDONTWRITEBYTECODE", None)
    ENV["PYTHONPYCACHEPREFIX"] = str(cache)
    source = ROOT / "src" / "pkobs"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(source)], check=True, env=ENV)
    sample = folder / "warm-up.csv"
    with csv_path.open("rb") as handle:
        sample.write_bytes(b"".join(handle.readline() for _ in range(20)))
    db, floor_db = folder / "warm-up.duckdb", folder / "warm-up-floor.duckdb"
    quiet = subprocess.DEVNULL
    for command in (
        [sys.executable, "-m", "pkobs.cli", "--db", str(db), "ingest", str(sample), "--quiet"],
        [sys.executable, "-c", FLOOR, str(floor_db), str(sample)],
        [sys.executable, "-m", "pkobs.cli", "--help"],
    ):
        subprocess.run(command, check=True, env=ENV, stdout=quiet)
    for path in (db, floor_db, sample):
        path.unlink(missing_ok=True)


def timed(command: list[str], quiet: bool = False) -> tuple[float, float, float]:
    """(seconds, peak RSS in MiB, CPU seconds: user + system, every thread) of a child process
    (its output dropped when ``quiet``)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL if quiet else None, env=ENV)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"{command[:3]} failed with status {status}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def run_size(rows: int, pairs: int, folder: Path) -> float:
    """Time ``pairs`` interleaved (pkobs, floor) runs at ``rows`` rows; print them; the median."""
    csv_path = synthetic_csv(rows)
    python = sys.executable
    empty = folder / f"empty-{rows}.duckdb"
    subprocess.run([python, "-c", CREATE, str(empty)], check=True, env=ENV)
    ratios: list[float] = []
    cpu_ratios: list[float] = []
    pkobs_times: list[float] = []
    floor_times: list[float] = []
    pkobs_rss: list[float] = []
    floor_rss: list[float] = []
    for pair in range(pairs):
        db = folder / f"pkobs-{rows}-{pair}.duckdb"
        shutil.copy(empty, db)
        ingest_s, ingest_mib, ingest_cpu = timed(
            [python, "-m", "pkobs.cli", "--db", str(db), "ingest", str(csv_path), "--quiet"]
        )
        floor_db = folder / f"floor-{rows}-{pair}.duckdb"
        floor_s, floor_mib, floor_cpu = timed([python, "-c", FLOOR, str(floor_db), str(csv_path)])
        db.unlink()
        floor_db.unlink()
        ratios.append(ingest_s / floor_s)
        cpu_ratios.append(ingest_cpu / floor_cpu)
        pkobs_times.append(ingest_s)
        floor_times.append(floor_s)
        pkobs_rss.append(ingest_mib)
        floor_rss.append(floor_mib)
        print(
            f"  pair {pair + 1}: pkobs {ingest_s:.2f} s (CPU {ingest_cpu:.2f} s, "
            f"{ingest_mib:.0f} MiB), floor {floor_s:.2f} s (CPU {floor_cpu:.2f} s, "
            f"{floor_mib:.0f} MiB), ratio {ingest_s / floor_s:.2f} (CPU "
            f"{ingest_cpu / floor_cpu:.2f})",
            flush=True,
        )
    median = statistics.median(ratios)
    pkobs_s, floor_s = statistics.median(pkobs_times), statistics.median(floor_times)
    print(f"rows={rows} file={csv_path.relative_to(ROOT)} pairs={pairs}")
    print(
        f"pkobs ingest: median {pkobs_s:.2f} s, {rows / pkobs_s:,.0f} rows/s, "
        f"peak RSS {max(pkobs_rss):.0f} MiB"
    )
    print(
        f"floor (DuckDB read_csv into a table): median {floor_s:.2f} s, "
        f"{rows / floor_s:,.0f} rows/s, peak RSS {max(floor_rss):.0f} MiB"
    )
    print(f"rows={rows} median_ratio={median:.2f} (min {min(ratios):.2f}, max {max(ratios):.2f})")
    print(f"rows={rows} median_cpu_ratio={statistics.median(cpu_ratios):.2f}")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--rows", type=int, nargs="+", default=[1_500_000, 200_000], help="sizes, in rows"
    )
    parser.add_argument("--pairs", type=int, default=5, help="interleaved pairs per size (>= 5)")
    parser.add_argument(
        "--no-bytecode",
        action="store_true",
        help="run the source checkout as the environment has it (no compiled bytecode cache)",
    )
    args = parser.parse_args()
    medians: list[float] = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        if not args.no_bytecode:
            bytecode_cache(folder, synthetic_csv(args.rows[0]))
        print(f"bytecode: {'as the environment has it' if args.no_bytecode else 'compiled'}")
        for rows in args.rows:
            medians.append(run_size(rows, args.pairs, folder))
        startup_s, _, _ = timed([sys.executable, "-m", "pkobs.cli", "--help"], quiet=True)
    print(f"CLI start-up alone (pkobs --help): {startup_s:.2f} s")
    print(f"ingest_vs_floor_ratio={medians[0]:.2f}")


if __name__ == "__main__":
    main()
