"""Load the web server: new indicator questions against a trivial endpoint, in the same run.

Runs ``uvicorn pkobs.web:create_app_from_env`` in a subprocess over the SYNTHETIC full history
(cached in bench/.cache), then drives it with 32 concurrent connections (wrk when installed,
else httpx):

1. warm-up: one request per indicator x group x status set on one month (the data version's
   aggregates are built then, once, as after an update swap); its time is printed;
2. cold: for the same duration as the trivial phase, every request a NEW combination of
   parameters (indicator, months, group, statuses, language): no response or result cache can
   answer it, the server computes each one;
3. warm: the first cold URLs again (answered from the response cache);
4. trivial: /api/v1/health.

Prints throughput and p50/p95 latency, the server's CPU time per request in each phase (from
/proc: what a request costs whatever else the machine runs; with 32 connections the latency is
about 32 x that CPU time / the cores the workers get), the JavaScript weight of the overview
page, and, last,
``cold_p95_vs_trivial_p95=<float>``. Target: cold p95 <= 50 ms at 32 connections.

    .venv/bin/python bench/serve.py [--quick] [--workers N] [--clients 32] [--seconds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from pkobs.web.server import (
    ServerStartError,
    child_pids,
    cpu_seconds,
    rss_bytes,
    serve_process,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DEFAULT_ROWS, synthetic_db

QUICK_ROWS = 200_000
START_SECONDS = 300  # a busy shared machine may take minutes to start the workers


@dataclass
class Run:
    name: str
    latencies: list[float]
    seconds: float
    errors: int

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        ordered = sorted(self.latencies)
        p50 = statistics.median(ordered) * 1000 if ordered else float("nan")
        p95 = ordered[int(0.95 * (len(ordered) - 1))] * 1000 if ordered else float("nan")
        return (
            f"{self.name:<28} {len(self.latencies):>7} req  {self.throughput:>8.1f} req/s  "
            f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  errors {self.errors}"
        )


COLD_INDICATORS = (
    "share",
    "compare",
    "trend",
    "contributors",
    "linguistic-gap",
    "gender",
    "alerts",
)
STATUS_SETS = (
    "member",
    "associate",
    "observer",
    "member,associate",
    "member,observer",
    "associate,observer",
    "member,associate,observer",
)


def indicator_urls(questions: list[str]) -> list[str]:
    """The warm phase's URLs: the cold phase's first questions, asked again (each was answered
    once by then, so the response cache holds it)."""
    return questions[:48]


def new_questions(count: int, seed: int = 12, long_share: float = 0.3) -> list[str]:
    """``count`` distinct indicator URLs: indicator x months x group x statuses x language.

    ``long_share`` of them span any two months of the history; the others at most 36 months.
    """
    import random

    chooser = random.Random(seed)
    months = [f"{y}-{m:02d}" for y in range(1991, 2026) for m in range(1, 13)]
    seen: set[str] = set()
    urls: list[str] = []
    while len(urls) < count:
        name = chooser.choice(COLD_INDICATORS)
        first, last = sorted(chooser.sample(range(len(months)), 2))
        if chooser.random() >= long_share:  # most questions ask about a few months or years
            last = min(first + chooser.randint(0, 36), len(months) - 1)
        query = [
            f"from={months[first]}",
            f"to={months[last]}",
            f"group={chooser.choice(('oif', 'au', 'eu', 'all'))}",
            f"status={chooser.choice(STATUS_SETS)}",
            f"lang={chooser.choice(('fr', 'en'))}",
        ]
        url = f"/api/v1/indicators/{name}?" + "&".join(query)
        if url not in seen:
            seen.add(url)
            urls.append(url)
    return urls


def warm_up(base: str) -> float:
    """Seconds until a fresh server has its data version's aggregates ready: one request per
    indicator x group x status set on a fixed month (what an update swap costs once)."""
    started = time.perf_counter()
    httpx.get(base + "/api/v1/health", timeout=120)
    for name in COLD_INDICATORS:
        for group in ("oif", "au", "eu", "all"):
            for status in STATUS_SETS:
                # each on a new connection: with several workers, each of them answers some
                query = f"from=2014-02&to=2014-02&group={group}&status={status}"
                url = f"{base}/api/v1/indicators/{name}?{query}"
                httpx.get(url, timeout=300).raise_for_status()
    return time.perf_counter() - started


async def load(base: str, name: str, urls: list[str], clients: int, seconds: float | None) -> Run:
    """``clients`` workers; with ``seconds`` each loops until time is up, else each URL once."""
    latencies: list[float] = []
    errors = 0
    queue = list(reversed(urls))
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        started = time.perf_counter()
        stop = started + seconds if seconds else None

        async def worker(index: int) -> None:
            nonlocal errors
            turn = index
            while True:
                if stop is None:
                    if not queue:
                        return
                    url = queue.pop()
                else:
                    if time.perf_counter() >= stop:
                        return
                    url = urls[turn % len(urls)]
                    turn += clients
                began = time.perf_counter()
                response = await client.get(url)
                latencies.append(time.perf_counter() - began)
                if response.status_code != 200:
                    errors += 1

        await asyncio.gather(*(worker(i) for i in range(clients)))
        elapsed = time.perf_counter() - started
    return Run(name, latencies, elapsed, errors)


WRK_SCRIPT = """
local paths = {%s}
local turn = 0
request = function()
  turn = turn + 1
  return wrk.format("GET", paths[(turn %% #paths) + 1])
end
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format("WRK %%d %%f %%f %%f %%d\\n", summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1e6, latency:percentile(95) / 1e6, errors))
end
"""


@dataclass
class WrkRun:
    """A load run measured by wrk (a C load generator: the client costs little CPU)."""

    name: str
    requests: int
    seconds: float
    p50: float
    p95: float
    errors: int

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        return (
            f"{self.name:<28} {self.requests:>7} req  {self.throughput:>8.1f} req/s  "
            f"p50 {self.p50 * 1000:6.1f} ms  p95 {self.p95 * 1000:6.1f} ms  errors {self.errors}"
        )


def load_wrk(base: str, name: str, urls: list[str], clients: int, seconds: float) -> WrkRun:
    import tempfile

    paths = ", ".join(f'"{u}"' for u in urls)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(WRK_SCRIPT % paths)
    # a timeout well above any answer: a slow answer counts as a latency, not as an error
    command = ["wrk", "-t1", f"-c{clients}", f"-d{max(1, int(seconds))}s", "--timeout", "60s"]
    try:
        output = subprocess.run(
            [*command, "-s", handle.name, base],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(handle.name)
    fields = next(line for line in output.splitlines() if line.startswith("WRK ")).split()
    return WrkRun(
        name, int(fields[1]), float(fields[2]), float(fields[3]), float(fields[4]), int(fields[5])
    )


def overview_js_bytes(base: str) -> int:
    html = httpx.get(base + "/en/").text
    scripts = re.findall(r'<script src="([^"]+)"', html)
    return sum(len(httpx.get(base + src).content) for src in scripts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="200,000 rows and 2 s per phase")
    parser.add_argument("--rows", type=int, default=None)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument(
        "--by-indicator",
        action="store_true",
        help="then one more cold phase per indicator (where the cold cost is)",
    )
    parser.add_argument(
        "--long-share", type=float, default=0.3, help="share of questions over any span"
    )
    args = parser.parse_args()
    rows = args.rows or (QUICK_ROWS if args.quick else DEFAULT_ROWS)
    seconds = args.seconds or (2.0 if args.quick else 5.0)
    db = synthetic_db(rows)
    print(
        f"SYNTHETIC database: {db.name} ({rows:,} rows); {args.workers} worker(s), "
        f"{args.clients} concurrent connections, {seconds:.0f} s per phase; "
        f"{args.long_share:.0%} of the new questions over any span, the others <= 36 months"
    )
    questions = new_questions(30_000, long_share=args.long_share)
    again = indicator_urls(questions)
    phases = [
        ("indicator, new questions", questions),
        ("indicator, asked again", again),
        ("trivial /api/v1/health", ["/api/v1/health"]),
    ]
    if args.by_indicator:  # questions not asked in the cold phase (another seed)
        others = new_questions(30_000, seed=13, long_share=args.long_share)
        for name in COLD_INDICATORS:
            phases.append((f"  new {name}", [u for u in others if f"/{name}?" in u]))
    runs: list[tuple[Run | WrkRun, float]] = []  # each phase and the server CPU it used
    load_before = os.getloadavg()[0]
    try:
        with serve_process(db, args.workers, timeout=START_SECONDS, access_log=False) as server:
            prepared = warm_up(server.base)
            started = time.perf_counter()
            drain(server.pid)  # each worker's background part of the aggregates, too
            prepared += time.perf_counter() - started
            use_wrk = shutil.which("wrk") is not None
            print(
                "load generator: wrk (C); without it, httpx (Python) in this process"
                if use_wrk
                else "load generator: httpx (Python; install Debian's wrk for a lighter client)"
            )
            for name, urls in phases:
                if urls is again:  # answered once already, so the response cache holds them
                    ask_each(server.base, urls)
                used = cpu_seconds(server.pid)
                run: Run | WrkRun = (
                    load_wrk(server.base, name, urls, args.clients, seconds)
                    if use_wrk
                    else asyncio.run(load(server.base, name, urls, args.clients, seconds))
                )
                runs.append((run, cpu_seconds(server.pid) - used))
                drain(server.pid)  # the requests still in flight are answered before the next
            js = overview_js_bytes(server.base)
            rss = rss_bytes(server.pid)
    except ServerStartError as exc:
        raise SystemExit(str(exc)) from None
    print(
        f"machine load average (1 min): {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
        f" ({os.cpu_count()} cores; latencies on a busy machine are mostly waiting for a core)"
    )
    print(f"warm-up (builds the data version's aggregates, once, in each worker): {prepared:.2f} s")
    cold, trivial = runs[0][0], runs[2][0]
    asked = requests_of(cold)
    print(
        f"cold phase: {asked:,} requests over {len(questions):,} distinct questions"
        f" ({'each asked once' if asked <= len(questions) else 'SOME REPEATED'})"
    )
    for run, _ in runs:
        print(run.line())
    for run, used in runs:  # what a request costs the server, however busy the machine is
        per = used / requests_of(run) * 1000 if requests_of(run) else float("nan")
        print(f"server CPU per request, {run.name:<26} {per:8.2f} ms")
    print(f"server memory (RSS, all workers) at the end: {rss / 1e6:,.0f} MB")
    print(f"overview page JavaScript: {js:,} bytes ({js / 1e6:.2f} MB, target <= 2 MB)")
    cold_p95, trivial_p95 = p95_of(cold), p95_of(trivial)
    print(f"cold p95 {cold_p95 * 1000:.1f} ms (target <= 50 ms)")
    print(f"trivial p95 {trivial_p95 * 1000:.1f} ms")
    print(f"cold_p95_vs_trivial_p95={cold_p95 / trivial_p95 if trivial_p95 else float('nan'):.3f}")


def ask_each(base: str, urls: list[str], times: int = 4) -> None:
    """Each URL ``times`` times, each time on a new connection (so that with several workers
    each of them is likely to have answered it)."""
    for url in urls:
        for _ in range(times):
            httpx.get(base + url, timeout=300).raise_for_status()


def drain(pid: int, timeout: float = 300) -> None:
    """Wait until no thread of the server runs or waits for a core, five samples in a row: a
    load generator that stops leaves requests in flight, which the server still answers."""
    deadline = time.monotonic() + timeout
    idle = 0
    while idle < 5 and time.monotonic() < deadline:
        time.sleep(0.1)
        idle = idle + 1 if not running_threads(pid) else 0


def running_threads(pid: int) -> int:
    """Threads of ``pid`` and its children that are running or runnable (state R, /proc)."""
    count = 0
    for one in [pid, *child_pids(pid)]:
        try:
            tasks = list(Path(f"/proc/{one}/task").iterdir())
        except OSError:
            continue
        for task in tasks:
            try:
                state = (task / "stat").read_text().rsplit(")", 1)[1].split()[0]
            except (OSError, IndexError):
                continue
            count += state == "R"
    return count


def requests_of(run: Run | WrkRun) -> int:
    return run.requests if isinstance(run, WrkRun) else len(run.latencies)


def p95_of(run: Run | WrkRun) -> float:
    if isinstance(run, WrkRun):
        return run.p95
    ordered = sorted(run.latencies)
    return ordered[int(0.95 * (len(ordered) - 1))] if ordered else float("nan")


if __name__ == "__main__":
    main()
