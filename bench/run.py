"""The bench runner: data, every shape in process against its floors, HTTP load, journal verify.

    python -m bench.run --size S --db sqlite|postgres|both [--label baseline] [--no-http]

Results go to ``bench/results/<size>-<label>.json`` and ``bench/RESULTS.md`` is rewritten.
PostgreSQL databases are made on ``DUTYGRAPH_BENCH_POSTGRES_URL`` (default
``postgres://postgres@127.0.0.1:5432/postgres``) as ``dutygraph_bench_<size>``; SQLite files go to
``data/bench-<size>.sqlite3``. Existing bench data is reused unless ``--regenerate``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import orjson

from bench.account import bearer, office_token
from bench.dataset import SIZES, Size
from bench.generate import generate_into
from bench.load import open_loop, postgres_connections, serving, wrk, wrk_mix
from bench.measure import Budget, keyset_probe, measure
from bench.report import RESULTS_DIR, environment, write_report
from bench.shapes import CHAIN, DEEP_PAGE, JOURNAL_PAGE, SHAPES, subjects
from bench.writes import MUTATION as WRITE_MUTATION
from bench.writes import write_loads
from models import JournalEntry, PppProject
from resolvers.journal.store import verify_stored
from server.app import create_app
from server.collector import settle_collector
from server.database import open_database
from server.settings import Settings

POSTGRES_URL = os.environ.get(
    "DUTYGRAPH_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
HTTP_SECONDS = 10
HTTP_PORT = 8799
HTTP_BODY = orjson.dumps({"query": CHAIN, "variables": {"n": 20}})


def database_name(size: Size) -> str:
    return f"dutygraph_bench_{size.name.lower()}"


def database_url(db: str, size: Size) -> str:
    if db == "postgres":
        return POSTGRES_URL.rsplit("/", 1)[0] + "/" + database_name(size)
    return f"sqlite://data/bench-{size.name}.sqlite3"


def sqlite_exists(path: Path) -> bool:
    return path.exists()


def remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


async def _admin(sql: str) -> Any:
    connection = await asyncpg.connect(POSTGRES_URL.replace("postgres://", "postgresql://", 1))
    try:
        return await connection.fetchval(sql)
    finally:
        await connection.close()


async def is_ready(url: str, size: Size) -> bool:
    async with open_database(url):
        try:
            last = f"PPP-SYN-{size.ppp_projects - 1:05d}"
            return (
                await PppProject.exists(code=last)
                and await JournalEntry.all().count() >= size.journal
            )
        except Exception:  # noqa: BLE001 - an unmigrated database is simply not ready
            return False


async def prepare(db: str, size: Size, regenerate: bool) -> tuple[str, dict[str, Any] | None]:
    """The database URL, generating the data first when needed (then also how long it took)."""
    url = database_url(db, size)
    if db == "postgres":
        name = database_name(size)
        exists = await _admin(f"SELECT 1 FROM pg_database WHERE datname = '{name}'")
        if exists and not regenerate and await is_ready(url, size):
            return url, None
        if exists:
            await _admin(f'DROP DATABASE "{name}" WITH (FORCE)')
        await _admin(f'CREATE DATABASE "{name}"')
    else:
        path = Path(url.removeprefix("sqlite://"))
        if sqlite_exists(path) and not regenerate and await is_ready(url, size):
            return url, None
        remove_sqlite(path)
    generated = await generate_into(url, size)
    return url, asdict(generated)


async def journal_verify_rate() -> dict[str, Any]:
    started = time.perf_counter()
    report = await verify_stored()
    seconds = time.perf_counter() - started
    assert report.ok, report
    return {
        "entries": report.checked,
        "seconds": round(seconds, 2),
        "entries_per_s": round(report.checked / seconds),
    }


async def in_process(url: str, budget: Budget) -> dict[str, Any]:
    app = create_app(Settings(database_url=url, environment="production"))
    async with app.router.lifespan_context(app):
        named = await subjects()
        # As a server process does (server/asgi.py, server/collector.py).
        settle_collector()
        transport = httpx.ASGITransport(app=app)
        headers = bearer(await office_token())
        async with httpx.AsyncClient(
            transport=transport, base_url="http://bench", headers=headers
        ) as http:
            shapes = []
            for shape in SHAPES:
                result = await measure(http, shape, named, budget)
                print(f"  {shape.name}: {result.graphql.p50_ms} ms p50", flush=True)
                shapes.append(result.as_dict())
            pks = [pk for pk, _ in named.write_tasks]
            ids = [global_id for _, global_id in named.write_tasks]
            writes = await write_loads(http, ids, pks)
        deep_after = (DEEP_PAGE - 1) * JOURNAL_PAGE
        keyset = await keyset_probe(deep_after, JOURNAL_PAGE)
        verify = await journal_verify_rate()
    return {"shapes": shapes, "writes": writes, "journal_verify": verify, "journal_keyset": keyset}


def median_of(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def combined(repeats: list[dict[str, Any]]) -> dict[str, Any]:
    """Several runs of ``in_process`` as one: each figure the median over the runs, with the
    per-run p50s and same-run floor ratios kept for the spread."""
    shapes = []
    for number, first in enumerate(repeats[0]["shapes"]):
        runs = [r["shapes"][number] for r in repeats]
        shape = dict(first)
        for part in ("graphql", "python_floor", "compile_floor"):
            if first[part] is None:
                continue
            timings = [r[part] for r in runs]
            shape[part] = {
                key: median_of([t[key] for t in timings])
                if isinstance(first[part][key], float)
                else first[part][key]
                for key in first[part]
            }
            shape[part]["p50_runs"] = [t["p50_ms"] for t in timings]
        if first["python_floor"] is not None:
            shape["python_ratio_runs"] = [
                round(r["graphql"]["p50_ms"] / r["python_floor"]["p50_ms"], 2) for r in runs
            ]
        shape["same_json"] = {
            key: all(r["same_json"].get(key) for r in runs) for key in first["same_json"]
        }
        shapes.append(shape)
    writes = []
    for number, first in enumerate(repeats[0]["writes"]):
        loads = [r["writes"][number] for r in repeats]
        entry: dict[str, Any] = {"clients": first["clients"]}
        for side in ("app", "floor"):
            entry[side] = {key: median_of([w[side][key] for w in loads]) for key in first[side]}
            entry[side]["writes_per_s_runs"] = [w[side]["writes_per_s"] for w in loads]
            entry[side]["cpu_ms_runs"] = [w[side]["cpu_ms_per_write"] for w in loads]
        writes.append(entry)
    verify = repeats[-1]["journal_verify"]
    return {
        "repeats": len(repeats),
        "shapes": shapes,
        "writes": writes,
        "journal_verify": verify,
        "journal_keyset": repeats[-1]["journal_keyset"],
    }


async def http_load(url: str, size: Size) -> list[dict[str, Any]]:
    """One and two workers on the same data: peak (wrk), then a fixed rate of half the peak
    of one worker, so both see the same offered load."""
    results: list[dict[str, Any]] = []
    rate = 0.0
    async with open_database(url):
        headers = bearer(await office_token())
    for workers in (1, 2):
        with serving(url, workers, HTTP_PORT) as base:
            rps, p99 = await asyncio.to_thread(wrk, base, HTTP_BODY, HTTP_SECONDS, headers)
            rate = rate or max(1.0, round((rps or 20.0) / 2, 1))
            timing, errors, achieved = await open_loop(base, HTTP_BODY, rate, HTTP_SECONDS, headers)
            held = await postgres_connections(POSTGRES_URL, database_name(size))
        results.append(
            {
                "workers": workers,
                "wrk_requests_per_s": rps,
                "wrk_p99_ms": p99,
                "rate_per_s": rate,
                "achieved_per_s": achieved,
                "open_loop": asdict(timing),
                "errors": errors,
                "database_connections": held,
            }
        )
        print(f"  HTTP {workers} worker(s): {rps} req/s peak, p99 {timing.p99_ms} ms at {rate}/s")
    return results


#: One request in this many of the HTTP mix is a write.
MIX_WRITE_EVERY = 5


async def http_mix(url: str) -> list[dict[str, Any]]:
    """Reads (chain(20)) and writes (taskUpdate, one in ``MIX_WRITE_EVERY``) together, from
    wrk on its own processor: one worker on processor 0 with wrk on processor 1, then two
    workers on both (wrk sharing processor 1 with one of them)."""
    async with open_database(url):
        headers = bearer(await office_token())
        named = await subjects()
    ids = [global_id for _, global_id in named.write_tasks]
    mutation = json.dumps(WRITE_MUTATION)
    results = []
    for workers, cpus in ((1, "0"), (2, "0,1")):
        with serving(url, workers, HTTP_PORT, cpus=cpus) as base:
            found = await asyncio.to_thread(
                wrk_mix, base, HTTP_BODY, mutation, ids, MIX_WRITE_EVERY, HTTP_SECONDS, headers, "1"
            )
        results.append({"workers": workers, "server_cpus": cpus, "wrk_cpus": "1", **found})
        print(f"  HTTP mix, {workers} worker(s): {found}", flush=True)
    return results


async def run(
    size: Size,
    databases: list[str],
    label: str,
    http: bool,
    budget: Budget,
    regenerate: bool,
    http_only: bool = False,
    note: str = "",
    repeat: int = 3,
) -> Path:
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{size.name}-{label}.json"
    previous = json.loads(path.read_text()) if path.exists() else {"databases": {}}
    results: dict[str, Any] = {
        "size": asdict(size),
        "label": label,
        "note": note or previous.get("note", ""),
        "meta": await environment(POSTGRES_URL if "postgres" in databases else None),
        "databases": dict(previous["databases"]),
    }
    for db in databases:
        print(f"{db}: preparing size {size.name}", flush=True)
        url, generated = await prepare(db, size, regenerate)
        outcome: dict[str, Any] = {}
        if not http_only:
            repeats = []
            for number in range(repeat):
                print(f"{db}: run {number + 1} of {repeat}", flush=True)
                repeats.append(await in_process(url, budget))
            outcome = combined(repeats)
        if generated:
            outcome["generated"] = generated
        if http and db == "postgres":
            outcome["http"] = await http_load(url, size)
        if http:
            outcome["http_mix"] = await http_mix(url)
        results["databases"][db] = merged(previous, db, outcome)
    path.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    write_report()
    return path


def merged(previous: dict[str, Any], db: str, outcome: dict[str, Any]) -> dict[str, Any]:
    return {**previous["databases"].get(db, {}), **outcome}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--size", choices=sorted(SIZES), default="S")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--label", default="current", help="results name, e.g. baseline")
    parser.add_argument("--no-http", action="store_true", help="skip the HTTP load runs")
    parser.add_argument("--note", default="", help="what the measured tree is, for RESULTS.md")
    parser.add_argument("--http-only", action="store_true", help="only the HTTP load runs")
    parser.add_argument("--regenerate", action="store_true", help="make the data anew")
    parser.add_argument("--runs", type=int, default=Budget.runs, help="timed runs per shape")
    parser.add_argument("--seconds", type=float, default=Budget.seconds, help="time per shape")
    parser.add_argument("--repeat", type=int, default=3, help="runs of every shape (medians)")
    args = parser.parse_args(argv)
    size = SIZES[args.size]
    if args.db == "both":
        # One process per database: Tortoise keeps per-model SQL (placeholders) across inits.
        for db in ("sqlite", "postgres"):
            command = [sys.executable, "-m", "bench.run", "--size", args.size, "--db", db]
            command += ["--label", args.label, "--runs", str(args.runs)]
            command += ["--seconds", str(args.seconds), "--repeat", str(args.repeat)]
            command += ["--no-http"] * args.no_http + ["--regenerate"] * args.regenerate
            command += ["--http-only"] * args.http_only + ["--note", args.note]
            subprocess.run(command, check=True)
        return 0
    databases = [args.db]
    budget = Budget(args.runs, args.seconds)
    path = asyncio.run(
        run(
            size,
            databases,
            args.label,
            not args.no_http,
            budget,
            args.regenerate,
            args.http_only,
            args.note,
            args.repeat,
        )
    )
    print(f"wrote {path} and bench/RESULTS.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
