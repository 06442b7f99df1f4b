"""A 60 s load at 32 connections over pages and API, with ``pkobs update`` swapping the database.

Drives a real ``pkobs serve`` (1 worker, 127.0.0.1) with many *distinct* queries (months,
groups, missions, countries, table offsets, downloads), and halfway through runs ``pkobs update``
against a loopback ``http.server`` serving a second data file, so that the server swaps to a new
database under load. Reports failed requests (transport errors and 5xx: must be 0) and the
server's resident memory at start, peak and end (must end within 300 MiB of the start).

Data: the real IPI files from ../shared/data/ipi when present (Gender.Full.csv first, then
current_month.csv through the update), otherwise two SYNTHETIC samples (``pkobs demo-sample``'s
generator); the run says which. Uses Python asyncio + httpx (no wrk needed).

    .venv/bin/python bench/load.py [--seconds 60] [--connections 32] [--record]

The last two lines are ``failed_requests=<n>`` and ``rss_growth_mib=<float>``; ``--record``
appends a dated section to bench/results.md.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import functools
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

from pkobs.web.server import rss_bytes, serve_process

ROOT = Path(__file__).resolve().parents[1]
IPI = ROOT.parent / "shared" / "data" / "ipi"
MIB = 1024 * 1024
RSS_LIMIT_MIB = 300


@dataclass
class Stats:
    statuses: Counter[int] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    rss: list[tuple[float, int]] = field(default_factory=list)


def pkobs(db: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pkobs.cli", "--db", str(db), *args]
    env = {"PKOBS_HOME": str(home), "PATH": "/usr/bin:/bin"}
    return subprocess.run(command, env=env, capture_output=True, text=True, check=True)


def prepare(folder: Path) -> tuple[str, Path, Path, str]:
    """(which data, database, file served for the update, its format)."""
    db = folder / "load.duckdb"
    home = folder / "home"
    gender, current = IPI / "Gender.Full.csv", IPI / "current_month.csv"
    if gender.exists() and current.exists():
        pkobs(db, home, "ingest", str(gender), "--quiet")
        return (
            "real IPI data (Gender.Full.csv, then current_month.csv by update)",
            db,
            current,
            "auto",
        )
    from pkobs.synthetic import write_synthetic

    first, second = folder / "SYNTHETIC-a.csv", folder / "SYNTHETIC-b.csv"
    write_synthetic(first, rows=20_000, first=dt.date(2012, 1, 31), last=dt.date(2014, 12, 31))
    write_synthetic(second, rows=20_000, first=dt.date(2015, 1, 31), last=dt.date(2015, 6, 30))
    pkobs(db, home, "ingest", str(first), "--quiet")
    return "SYNTHETIC sample (pkobs demo-sample generator)", db, second, "auto"


def months_of(db: Path) -> list[str]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT DISTINCT strftime(month, '%Y-%m') FROM contributions").fetchall()
    finally:
        con.close()
    return sorted(str(r[0]) for r in rows)


def urls(months: list[str], rng: random.Random) -> str:
    """One request among many distinct ones: pages and API, months, groups, offsets."""
    lang = rng.choice(["fr", "en"])
    group = rng.choice(["oif", "au", "eu"])
    a, b = sorted(rng.sample(months, 2))
    choice = rng.randrange(12)
    if choice == 0:
        return f"/{lang}/?from={a}&to={b}&group={group}"
    if choice == 1:
        return f"/{lang}/gender?from={a}&to={b}&group={group}"
    if choice == 2:
        return f"/{lang}/contributors?to={b}&group={group}"
    if choice == 3:
        return f"/{lang}/countries/{rng.choice(['SEN', 'FRA', 'RWA', 'BFA', 'CAN', 'MAR'])}"
    if choice == 4:
        return f"/{lang}/missions/{rng.choice(['MINUSMA', 'MONUSCO', 'UNIFIL', 'UNMISS'])}"
    if choice == 5:
        return f"/api/v1/indicators/share?group={group}&from={a}&to={b}"
    if choice == 6:
        return f"/api/v1/indicators/gender?group={group}&from={a}&to={b}&format=csv"
    if choice == 7:
        return f"/api/v1/indicators/contributors?group={group}&to={b}"
    if choice == 8:
        offset = rng.randrange(0, 40_000)
        return f"/api/v1/tables/contributions?limit={rng.choice([100, 1000, 9000])}&offset={offset}"
    if choice == 9:
        offset = rng.randrange(0, 40_000)
        return f"/api/v1/tables/all_contributions?limit=500&offset={offset}&format=csv"
    if choice == 10:
        return f"/downloads/{rng.choice(['contributions', 'countries', 'sources'])}.csv"
    return "/api/v1/health"


async def client(base: str, months: list[str], deadline: float, stats: Stats, seed: int) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        while time.monotonic() < deadline:
            path = urls(months, rng)
            started = time.perf_counter()
            try:
                response = await http.get(path)
                await response.aread()
            except httpx.HTTPError as exc:
                stats.failures[f"{type(exc).__name__} {path}"] += 1
                continue
            stats.latencies.append(time.perf_counter() - started)
            stats.statuses[response.status_code] += 1
            if response.status_code >= 500:
                stats.failures[f"HTTP {response.status_code} {path.split('?')[0]}"] += 1


async def sample_rss(pid: int, deadline: float, stats: Stats) -> None:
    start = time.monotonic()
    while time.monotonic() < deadline:
        stats.rss.append((time.monotonic() - start, rss_bytes(pid)))
        await asyncio.sleep(0.5)


def loopback_file_server(folder: Path) -> ThreadingHTTPServer:
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *a, **k: None  # type: ignore[attr-defined]
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


async def run(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="pkobs-load-") as temp:
        folder = Path(temp)
        which, db, update_file, update_format = prepare(folder)
        months = months_of(db)
        served = folder / "served"
        served.mkdir()
        (served / update_file.name).write_bytes(update_file.read_bytes())
        httpd = loopback_file_server(served)
        url = f"http://127.0.0.1:{httpd.server_address[1]}/{update_file.name}"
        print(f"data: {which}", flush=True)
        with serve_process(db, workers=args.workers, timeout=60, access_log=False) as server:
            stats = Stats()
            warm = time.monotonic() + 3
            await asyncio.gather(*(client(server.base, months, warm, Stats(), i) for i in range(4)))
            start_rss = rss_bytes(server.pid)
            deadline = time.monotonic() + args.seconds
            tasks = [
                client(server.base, months, deadline, stats, 1000 + i)
                for i in range(args.connections)
            ]
            sampler = asyncio.create_task(sample_rss(server.pid, deadline, stats))
            load = asyncio.gather(*tasks)
            await asyncio.sleep(args.seconds / 2)
            update_started = time.monotonic()
            update = await asyncio.to_thread(
                subprocess.run,
                [
                    sys.executable,
                    "-m",
                    "pkobs.cli",
                    "--db",
                    str(db),
                    "update",
                    "--url",
                    url,
                    "--format",
                    update_format,
                    "--json",
                ],
                env={"PKOBS_HOME": str(folder / "home"), "PATH": "/usr/bin:/bin"},
                capture_output=True,
                text=True,
            )
            update_seconds = time.monotonic() - update_started
            await load
            await sampler
            end_rss = rss_bytes(server.pid)
        httpd.shutdown()
    peak = max([start_rss, end_rss, *(r for _, r in stats.rss)])
    total = sum(stats.statuses.values()) + sum(stats.failures.values())
    failed = sum(stats.failures.values())
    ordered = sorted(stats.latencies)
    p50 = ordered[len(ordered) // 2] if ordered else 0.0
    p99 = ordered[int(len(ordered) * 0.99)] if ordered else 0.0
    growth = (end_rss - start_rss) / MIB
    swapped = '"status": "updated"' in update.stdout
    print(f"requests={total} ({total / args.seconds:.0f}/s), statuses={dict(stats.statuses)}")
    print(f"latency p50={p50 * 1000:.0f} ms p99={p99 * 1000:.0f} ms")
    print(f"update: exit {update.returncode}, swapped={swapped}, {update_seconds:.1f} s")
    if update.returncode != 0:
        print(update.stderr.strip()[:500])
    for failure, count in stats.failures.most_common(10):
        print(f"  failed: {count} x {failure}")
    print(
        f"rss start={start_rss / MIB:.0f} MiB peak={peak / MIB:.0f} MiB end={end_rss / MIB:.0f} MiB"
    )
    if args.record:
        record(args, which, total, failed, p50, p99, start_rss, peak, end_rss, swapped)
    print(f"failed_requests={failed}")
    print(f"rss_growth_mib={growth:.1f}")
    ok = failed == 0 and growth <= RSS_LIMIT_MIB and swapped
    return 0 if ok else 1


def record(
    args: argparse.Namespace,
    which: str,
    total: int,
    failed: int,
    p50: float,
    p99: float,
    start: int,
    peak: int,
    end: int,
    swapped: bool,
) -> None:
    results = ROOT / "bench" / "results.md"
    text = results.read_text(encoding="utf-8")
    heading = "## bench/load.py — 60 s, 32 connections, distinct queries, update swap midway"
    table_head = (
        "| date | data | requests | failed | p50 / p99 | RSS start / peak / end | growth | swap |\n"
        "|---|---|---|---|---|---|---|---|\n"
    )
    row = (
        f"| {dt.date.today():%Y-%m-%d} ({args.seconds:.0f} s, {args.connections} conn., "
        f"{args.workers} worker) | {which} | {total:,} ({total / args.seconds:.0f}/s) | "
        f"**{failed}** | {p50 * 1000:.0f} / {p99 * 1000:.0f} ms | {start / MIB:.0f} / "
        f"{peak / MIB:.0f} / {end / MIB:.0f} MiB | **{(end - start) / MIB:+.0f} MiB** | "
        f"{'yes' if swapped else 'NO'} |\n"
    )
    if heading not in text:
        text = text.rstrip("\n") + f"\n\n{heading}\n\n{table_head}"
    results.write_text(text.rstrip("\n") + "\n" + row, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--record", action="store_true", help="append to bench/results.md")
    return asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
