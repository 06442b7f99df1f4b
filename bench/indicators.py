"""Indicator benchmark: each indicator, warm, on the SYNTHETIC full history (about 1.5 M rows).

Prints the median of 5 warm runs per indicator against the 200 ms target.
Last line: ``slowest_indicator_ms=<float>``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DEFAULT_ROWS, synthetic_db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    args = parser.parse_args()
    import duckdb

    from pkobs.indicators import INDICATORS, Params, parse_month

    con = duckdb.connect(str(synthetic_db(args.rows)), read_only=True)
    cases = {
        name: Params(from_month=parse_month("2024-01"), to_month=parse_month("2025-12"))
        for name in INDICATORS
    }
    cases["share"] = Params()  # the whole history, 1990-2025
    slowest = 0.0
    for name, params in cases.items():
        INDICATORS[name](con, params)  # warm-up
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            INDICATORS[name](con, params)
            runs.append((time.perf_counter() - started) * 1000)
        median = statistics.median(runs)
        slowest = max(slowest, median)
        print(f"{name:18s} {median:8.1f} ms  {'ok' if median < 200 else 'OVER 200 ms'}")
    print(f"slowest_indicator_ms={slowest:.1f}")


if __name__ == "__main__":
    main()
