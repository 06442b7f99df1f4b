"""Benchmark: ingesting the 126 UN monthly PDF reports against ``pdftotext -layout``.

Each round times, interleaved, ``pdftotext -layout FILE -`` over every report and pkobs'
ingestion of the same reports: ``pkobs.pipeline.ingest_files`` into a fresh database when it
accepts PDFs, otherwise the parser alone (``pkobs.ingest.pdf.read_report``: parse + reconcile).
The last line is ``pdf_ingest_vs_pdftotext_ratio=<median pkobs / median pdftotext>``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "un-monthly-pdf"
UNDATED = {"UN_country_contributions_2019_10.pdf": dt.date(2019, 10, 31)}


def pdftotext_all(files: list[Path]) -> None:
    for path in files:
        subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], check=True, stdout=subprocess.DEVNULL
        )


def parse_all(files: list[Path]) -> None:
    from pkobs.ingest.pdf import read_report

    for path in files:
        read_report(path, UNDATED.get(path.name))


def pipeline_ingest(files: list[Path]) -> Callable[[list[Path]], None] | None:
    """``ingest_files`` over the reports, or None when the pipeline does not take PDFs yet."""
    try:
        from pkobs.pipeline import ingest_files
        from pkobs.store import open_database
    except ImportError:
        return None

    def run(paths: list[Path]) -> None:
        with tempfile.TemporaryDirectory() as folder:
            con = open_database(Path(folder) / "bench.duckdb")
            try:
                dated = [p for p in paths if p.name not in UNDATED]
                ingest_files(con, dated)
                for path in paths:
                    if path.name in UNDATED:
                        ingest_files(con, [path], month=UNDATED[path.name])
            finally:
                con.close()

    try:
        run(files)
    except Exception as error:  # the pipeline is being integrated in parallel
        reason = str(error).splitlines()[0][:160]
        print(f"pipeline ingest_files refused the reports ({reason}); timing the parser alone")
        return None
    return run


def timed(action: Callable[[list[Path]], None], files: list[Path]) -> float:
    started = time.perf_counter()
    action(files)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    files = sorted(DATA.glob("*.pdf"))
    if not files or shutil.which("pdftotext") is None:
        sys.exit(f"needs {DATA} and pdftotext (Debian poppler-utils)")
    ingest = pipeline_ingest(files)
    label = "pipeline.ingest_files" if ingest else "read_report (parse + reconcile)"
    action = ingest or parse_all
    baseline: list[float] = []
    ours: list[float] = []
    for round_number in range(1, args.rounds + 1):
        baseline.append(timed(pdftotext_all, files))
        ours.append(timed(action, files))
        print(
            f"round {round_number}: pdftotext -layout {baseline[-1]:.2f} s, "
            f"{label} {ours[-1]:.2f} s"
        )
    reference, measured = statistics.median(baseline), statistics.median(ours)
    print(f"{len(files)} reports; medians over {args.rounds} rounds")
    print(f"pdftotext -layout: {reference:.2f} s; {label}: {measured:.2f} s (target <= 3.0x)")
    print(f"pdf_ingest_vs_pdftotext_ratio={measured / reference:.2f}")


if __name__ == "__main__":
    main()
