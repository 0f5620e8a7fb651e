"""`python -m benchmarks`: run the scenarios, print one JSON object per line, keep them all in
benchmarks/results/latest.json. See docs/performance.md."""

import argparse
import asyncio
import json
import os
import platform
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from importlib import metadata
from pathlib import Path

from .client import CLIENTS
from .scenarios import SCENARIOS, Options

HERE = Path(__file__).resolve().parent
CLIENT_CPU = 1


def log(text):
    print(text, file=sys.stderr, flush=True)


def parse(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--scenario",
        action="append",
        choices=list(SCENARIOS),
        help="run this scenario (repeatable); all of them when left out",
    )
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    parser.add_argument("--clients", type=int, help="reporters in every scenario run")
    parser.add_argument(
        "--client", choices=list(CLIENTS), default="lean", help="the swarm's Socket.IO client"
    )
    parser.add_argument(
        "--suggest",
        choices=("page", "off"),
        default="page",
        help="phones ask for suggestions as reporter.js does (page), or never (off)",
    )
    parser.add_argument(
        "--async-mode",
        choices=("default", "gevent", "threading"),
        default="default",
        help="KAIKEN_ASYNC_MODE for `kaiken serve` (default: what `kaiken serve` picks, gevent)",
    )
    parser.add_argument(
        "--ws-compression",
        action="store_true",
        help="clients offer permessage-deflate as browsers do, and the server accepts it "
        "(KAIKEN_WEBSOCKET_COMPRESSION=1); the lean client only",
    )
    parser.add_argument("--no-pin", action="store_true", help="do not pin server and clients")
    parser.add_argument(
        "--redis-url",
        help="Redis for the two-process scenario (default: a private redis-server on a free port)",
    )
    parser.add_argument(
        "--database-url",
        help="PostgreSQL for the two-process scenario, where a fresh database is made and "
        "dropped (default: postgresql+psycopg://postgres@127.0.0.1:5432/test)",
    )
    parser.add_argument("--output", type=Path, default=HERE / "results" / "latest.json")
    parser.add_argument(
        "--append",
        action="store_true",
        help="keep the other scenarios' results already in --output (a scenario run again "
        "replaces its old result)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the servers' folders and logs")
    return parser.parse_args(argv)


def cpu_reference_s():
    """Seconds this process takes for ten million additions: the machine's speed just now, to
    read beside the scenario (the same code has run twice as slow on a slower machine)."""
    started = time.perf_counter()
    total = 0
    for n in range(10_000_000):
        total += n
    return round(time.perf_counter() - started, 3)


def machine():
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    total = next(line for line in meminfo if line.startswith("MemTotal")).split()[1]
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    versions = {}
    for name in ("Flask-SocketIO", "python-socketio", "python-engineio", "gevent", "aiohttp"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "mem_total_gb": round(int(total) / 1024 / 1024, 1),
        "python": platform.python_version(),
        "kernel": platform.release(),
        "packages": versions,
        "commit": commit,
    }


def pin_clients(wanted):
    """Pin this process (the swarm) to CPU 1; servers get CPU 0 through taskset."""
    if not wanted or shutil.which("taskset") is None or (os.cpu_count() or 1) < 2:
        return False
    os.sched_setaffinity(0, {CLIENT_CPU})
    return True


def more_files():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def checks(name, r):
    """The issue's budgets that this scenario can tell."""
    found = {}
    if "delivered" in r:
        found["delivered_eq_expected"] = r["delivered"] == r["expected"]
        found["no_duplicates"] = r["duplicates"] == 0
    if name == "reporters-1000":
        found["p99_le_100ms"] = r["p99_ms"] <= 100
        found["p99_le_1.3x_baseline"] = r["p99_ms"] <= 1.3 * r["baseline_p99_ms"]
        found["kb_per_reporter_le_100"] = r["kb_per_reporter"] <= 100
        found["1000_joins_le_5s"] = r["join_s"] <= 5
    elif name == "vote-storm":
        found["every_vote_counted_once"] = (
            r["votes_counted"] == r["votes_sent"] - r["votes_refused"]
        )
        found["settle_le_300ms"] = r["settle_ms"] is not None and r["settle_ms"] <= 300
        found["p99_le_300ms"] = r["p99_ms"] <= 300
        del found["no_duplicates"]
    elif name == "reconnect-storm":
        found["all_back_le_10s"] = r["all_back_in_sync_s"] <= 10
        found["nothing_lost"] = r["questions_lost"] == 0
        found["nothing_doubled"] = r["questions_doubled"] == 0
    elif name == "restart":
        found["all_reconnected"] = r["reconnected"] == r["clients"] + 3
        found["nothing_lost"] = r["questions_lost"] == 0
        found["nothing_doubled"] = r["questions_doubled"] == 0
    elif name == "redis-2000":
        found["p99_le_150ms"] = r["p99_ms"] <= 150
    elif name == "pages":
        found["reporter_le_60kb_compressed"] = r["reporter_kb_sent"] <= 60
        found["reporter_le_10_requests"] = r["reporter_requests"] <= 10
        found["screen_le_120kb_compressed"] = r["screen_kb_sent"] <= 120
        found["assets_content_hashed"] = all(
            r[f"{p}_hashed_assets"] == r[f"{p}_assets"] for p in ("reporter", "screen")
        )
        found["assets_cached_long"] = all(
            "max-age" in c and "immutable" in c
            for p in ("reporter", "screen")
            for c in r[f"{p}_cache_control"]
        )
    return found


async def run(args):
    pinned = pin_clients(not args.no_pin)
    if args.ws_compression:
        CLIENTS["lean"].compress = 15
    more_files()
    folder = Path(tempfile.mkdtemp(prefix="kaiken-bench-"))
    opts = Options(
        folder=folder,
        client_cls=CLIENTS[args.client],
        quick=args.quick,
        clients=args.clients,
        suggest=args.suggest == "page",
        pin=pinned,
        redis_url=args.redis_url,
        database_url=args.database_url,
        async_mode=None if args.async_mode == "default" else args.async_mode,
        ws_compression=args.ws_compression,
        log=log,
    )
    report = {
        "machine": machine(),
        "command": " ".join(["python -m benchmarks", *sys.argv[1:]]),
        "pinning": "server on CPU 0, clients on CPU 1 (taskset)" if pinned else "none",
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "results": [],
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    kept = []
    if args.append and args.output.exists():
        kept = json.loads(args.output.read_text()).get("results", [])
    failed = False
    try:
        for name in args.scenario or list(SCENARIOS):
            make, _, processes = SCENARIOS[name]
            log(f"{name}: starting")
            load_before = os.getloadavg()[0]
            reference = cpu_reference_s()
            started = time.monotonic()
            try:
                figures = await make(opts)
            except Exception as error:  # report it and go on with the next scenario
                log(f"{name}: failed: {error!r}\n{traceback.format_exc()}")
                figures, failed = {"error": repr(error)}, True
            clients = opts.size(SCENARIOS[name][1])
            result = {
                "scenario": name,
                "clients": clients,
                "processes": processes,
                **figures,
                "client": args.client,
                "suggest": args.suggest,
                "async_mode": args.async_mode,
                "pinning": "none" if processes > 1 or not pinned else "server CPU 0, clients CPU 1",
                "wall_s": round(time.monotonic() - started, 1),
                # the machine's 1-minute load average: the benchmark itself accounts for up
                # to about 2; more means something else shared the two cores
                "loadavg_before": round(load_before, 2),
                "loadavg_after": round(os.getloadavg()[0], 2),
                "cpu_reference_s": reference,
            }
            if "error" not in figures:
                result["checks"] = checks(name, result)
            if result.get("baseline_p99_ms"):
                result["p99_over_baseline"] = round(result["p99_ms"] / result["baseline_p99_ms"], 2)
            print(json.dumps(result, ensure_ascii=False), flush=True)
            report["results"].append(result)
            ran = {r["scenario"] for r in report["results"]}
            report["results"] = [r for r in kept if r["scenario"] not in ran] + [
                r for r in report["results"] if r["scenario"] in ran
            ]
            args.output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    finally:
        if args.keep:
            log(f"servers' folders kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 1 if failed else 0


def main(argv=None):
    args = parse(argv)
    # SIGTERM (a `timeout`, a CI stop) unwinds like Ctrl+C, so every server started is stopped.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    sys.exit(asyncio.run(run(args)))


if __name__ == "__main__":
    main()
