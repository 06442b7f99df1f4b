"""How long ``pkobs --help`` takes against ``python -c "import duckdb"``, measured in one run.

Both are fresh processes of the same interpreter, run interleaved (help, duckdb, help, duckdb...)
so that a busy machine slows both alike; the ratio of the medians is the figure. Target (issue
12): at most 2.0. The last line printed is ``help_vs_import_duckdb=<float>``.

Usage: .venv/bin/python bench/cli.py [--runs 9]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

HELP = [sys.executable, "-m", "pkobs.cli", "--help"]
IMPORT_DUCKDB = [sys.executable, "-c", "import duckdb"]


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def heavy_modules() -> list[str]:
    """The heavy libraries ``pkobs --help`` imports (should be none of them)."""
    probe = (
        "import sys, runpy; sys.argv = ['pkobs', '--help']\n"
        "try:\n    runpy.run_module('pkobs.cli', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "heavy = ('duckdb', 'fastapi', 'uvicorn', 'httpx', 'pydantic', 'starlette', 'jinja2',\n"
        "         'xlsxwriter', 'orjson', 'pypdfium2', 'matplotlib', 'typst', 'babel.numbers',\n"
        "         'pkobs.pipeline', 'pkobs.ingest.pdf', 'rich.progress')\n"
        "print(','.join(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    found = done.stderr.strip().splitlines()
    return [m for m in (found[-1] if found else "").split(",") if m]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="pairs to run (at least 7)")
    args = parser.parse_args()
    runs = max(args.runs, 7)
    timed(HELP), timed(IMPORT_DUCKDB)  # warm the file cache and the catalogue cache
    help_times: list[float] = []
    duckdb_times: list[float] = []
    for _ in range(runs):
        help_times.append(timed(HELP))
        duckdb_times.append(timed(IMPORT_DUCKDB))
    help_median = statistics.median(help_times)
    duckdb_median = statistics.median(duckdb_times)
    print(f"pairs: {runs}")
    print(f"pkobs --help: median {help_median * 1000:.0f} ms (min {min(help_times) * 1000:.0f})")
    print(
        f'python -c "import duckdb": median {duckdb_median * 1000:.0f} ms '
        f"(min {min(duckdb_times) * 1000:.0f})"
    )
    print(f"heavy modules imported by --help: {', '.join(heavy_modules()) or 'none'}")
    print(f"help_vs_import_duckdb={help_median / duckdb_median:.2f}")


if __name__ == "__main__":
    main()
