"""Shared by the benchmarks: the SYNTHETIC full history (cached) and small measuring helpers."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / ".cache"
GENDER = ROOT.parent / "shared" / "data" / "ipi" / "Gender.Full.csv"
DEFAULT_ROWS = 1_500_000


def synthetic_csv(rows: int = DEFAULT_ROWS) -> Path:
    """The SYNTHETIC UN-format file of ``rows`` rows (1990-2025), generated once and cached."""
    from pkobs.synthetic import write_synthetic

    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"SYNTHETIC-{rows}.csv"
    if not path.exists():
        started = time.perf_counter()
        part = path.with_suffix(f".{os.getpid()}.part")  # one per process: benches run at once
        write_synthetic(part, rows=rows, gender_file=GENDER if GENDER.exists() else None)
        os.replace(part, path)
        print(f"generated {path.name} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


def synthetic_db(rows: int = DEFAULT_ROWS) -> Path:
    """A database holding the SYNTHETIC full history, built once and cached."""
    from pkobs.pipeline import ingest_files
    from pkobs.store import open_database

    path = CACHE / f"SYNTHETIC-{rows}.duckdb"
    if not path.exists():
        part = path.with_suffix(f".{os.getpid()}.part.duckdb")
        part.unlink(missing_ok=True)
        con = open_database(part)
        ingest_files(con, [synthetic_csv(rows)])
        con.close()
        os.replace(part, path)
    else:  # a cached file: its reference data and views brought up to date (no-op if they are)
        from pkobs.errors import DatabaseError

        try:
            open_database(path).close()
        except DatabaseError as exc:  # another process reads it: use it as it is
            print(f"reference data not refreshed: {exc}", file=sys.stderr)
    return path
