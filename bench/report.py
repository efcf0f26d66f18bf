"""``bench/RESULTS.md`` from the saved results: machine, versions, commit, and the tables."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import statistics
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.shapes import DEEP_PAGE

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
RESULTS_MD = BENCH_DIR / "RESULTS.md"
PACKAGES = [
    "strawberry-graphql",
    "graphql-core",
    "tortoise-orm",
    "starlette",
    "uvicorn",
    "orjson",
    "aiosqlite",
    "asyncpg",
]
DB_TITLES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}


def git_commit() -> str:
    """The commit of the code measured (the tree ``server`` is imported from), read from
    ``.git`` without a git process."""
    import server

    git = Path(server.__file__).resolve().parent.parent / ".git"
    try:
        head = (git / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head[:12]
        ref = head.removeprefix("ref: ")
        if (git / ref).exists():
            return (git / ref).read_text().strip()[:12]
        for line in (git / "packed-refs").read_text().splitlines():
            if line.endswith(" " + ref):
                return line.split()[0][:12]
    except OSError:
        pass
    return "unknown"


def machine() -> dict[str, Any]:
    model, memory = platform.processor() or platform.machine(), 0
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = int(line.split()[1]) // 1024 // 1024
    except OSError:
        pass
    return {"cpu": model, "nproc": os.cpu_count(), "memory_gib": memory}


async def environment(postgres_url: str | None) -> dict[str, Any]:
    versions = {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version}
    versions |= {name: metadata.version(name) for name in PACKAGES}
    if postgres_url:
        import asyncpg

        connection = await asyncpg.connect(postgres_url.replace("postgres://", "postgresql://", 1))
        try:
            versions["postgresql"] = await connection.fetchval("SHOW server_version")
        finally:
            await connection.close()
    return {
        "machine": machine(),
        "versions": versions,
        "commit": git_commit(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _ratio(value: float, floor: dict[str, Any] | None) -> str:
    return "—" if not floor else f"{value / floor['p50_ms']:.1f}×"


def _least_ratio(timing: dict[str, Any], floor: dict[str, Any] | None) -> str:
    if not floor or not timing.get("min_ms") or not floor.get("min_ms"):
        return "—"
    return f"{timing['min_ms'] / floor['min_ms']:.1f}×"


def _spread(values: list[float] | None, unit: str = "") -> str:
    if not values or len(values) < 2:
        return ""
    return f" ({min(values):.2f}–{max(values):.2f}{unit})"


def _ratio_runs(shape: dict[str, Any]) -> str:
    ratios = shape.get("python_ratio_runs")
    if not ratios:
        return _ratio(shape["graphql"]["p50_ms"], shape["python_floor"])
    return f"{statistics.median(ratios):.1f}×" + _spread(ratios, "×")


def shape_table(shapes: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| shape | SQL statements | response bytes | p50 ms, median (spread) | p99 ms "
        "| CPU ms p50 / least | Python floor p50 ms | × Python floor, median of same-run "
        "ratios (spread) | × Python floor, fastest runs | compile floor p50 ms "
        "| × compile floor (p50 / fastest) | same JSON |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for s in shapes:
        g, py, co = s["graphql"], s["python_floor"], s["compile_floor"]
        same = ", ".join(k for k, ok in s["same_json"].items() if ok) or "—"
        lines.append(
            f"| {s['name']} | {s['statements']} | {g['bytes']:,} "
            f"| {_ms(g['p50_ms'])}{_spread(g.get('p50_runs'))} "
            f"| {_ms(g['p99_ms'])} | {_ms(g.get('cpu_ms'))} / {_ms(g.get('cpu_min_ms'))} "
            f"| {_ms(py and py['p50_ms'])} | {_ratio_runs(s) if py else '—'} "
            f"| {_least_ratio(g, py)} "
            f"| {_ms(co and co['p50_ms'])} | {_ratio(g['p50_ms'], co)} / {_least_ratio(g, co)} "
            f"| {same} |"
        )
    return lines


def writes_table(writes: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| clients | taskUpdate writes/s (spread) | CPU ms per write (spread) | p50 ms | p99 ms "
        "| floor writes/s | floor CPU ms per write | × floor CPU | floor / app writes/s |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for w in writes:
        app, floor = w["app"], w["floor"]
        lines.append(
            f"| {w['clients']} | {app['writes_per_s']:.0f}"
            f"{_spread(app.get('writes_per_s_runs'))} "
            f"| {app['cpu_ms_per_write']:.2f}{_spread(app.get('cpu_ms_runs'))} "
            f"| {_ms(app['p50_ms'])} | {_ms(app['p99_ms'])} | {floor['writes_per_s']:.0f} "
            f"| {floor['cpu_ms_per_write']:.2f} "
            f"| {app['cpu_ms_per_write'] / floor['cpu_ms_per_write']:.1f}× "
            f"| {floor['writes_per_s'] / app['writes_per_s']:.1f}× |"
        )
    return lines


def journal_lines(outcome: dict[str, Any]) -> list[str]:
    pages = {s["name"]: s["graphql"] for s in outcome["shapes"] if s["name"].startswith("journal")}
    first, *deep = pages.values()
    lines = []
    if deep:
        ratio = deep[0]["p50_ms"] / first["p50_ms"]
        lines.append(
            f"Keyset paging: journal page 1 {first['p50_ms']:.2f} ms, "
            f"{list(pages)[1]} {deep[0]['p50_ms']:.2f} ms (p50, ×{ratio:.2f})."
        )
    if keyset := outcome.get("journal_keyset"):
        lines.append(
            f"The page query alone (SQL, p50): first page {keyset['first_ms']:.2f} ms, keyset "
            f"page {DEEP_PAGE} {keyset['deep_ms']:.2f} ms, the same page by OFFSET "
            f"{keyset['offset_ms']:.2f} ms."
        )
    v = outcome["journal_verify"]
    lines.append(
        f"`journal verify`: {v['entries']:,} entries in {v['seconds']} s — "
        f"**{v['entries_per_s']:,} entries/s**."
    )
    return lines


def http_table(runs: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| workers | peak req/s (wrk, 16 conns) | wrk p99 ms | fixed rate /s | achieved /s "
        "| p50 ms | p99 ms | errors | PostgreSQL connections held |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in runs:
        o = r["open_loop"]
        lines.append(
            f"| {r['workers']} | {r['wrk_requests_per_s']} | {_ms(r['wrk_p99_ms'])} "
            f"| {r['rate_per_s']} | {r['achieved_per_s']} | {_ms(o['p50_ms'])} "
            f"| {_ms(o['p99_ms'])} | {r['errors']} | {r['database_connections']} |"
        )
    return lines


def mix_table(runs: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| workers | server on processors | wrk on processor | requests/s | p50 ms | p99 ms "
        "| errors |",
        "| ---: | --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for r in runs:
        lines.append(
            f"| {r['workers']} | {r['server_cpus']} | {r['wrk_cpus']} | {r['requests_per_s']} "
            f"| {_ms(r['p50_ms'])} | {_ms(r['p99_ms'])} | {r['errors']} |"
        )
    return lines


def section(results: dict[str, Any]) -> list[str]:
    size, meta = results["size"], results["meta"]
    m, v = meta["machine"], meta["versions"]
    lines = [
        f"## Size {size['name']} — {results['label']}",
        "",
        f"Commit `{meta['commit']}` on {m['cpu']}, nproc {m['nproc']}, {m['memory_gib']} GiB, "
        f"load average {meta.get('load_average')} at the start. "
        + ", ".join(f"{k} {val}" for k, val in v.items())
        + ".",
        "",
        *([results["note"], ""] if results.get("note") else []),
        f"Data: Wuwei seed plus {size['units']} units, {size['plans']} plans, {size['tasks']:,} "
        f"tasks, {size['commitments']:,} commitments, {size['evidence']:,} evidence, "
        f"{size['ppp_projects']} PPP projects, {size['journal']:,} journal entries.",
    ]
    for db, outcome in results["databases"].items():
        generated = outcome.get("generated")
        lines += ["", f"### {DB_TITLES[db]}", ""]
        if generated:
            lines += [f"Generated {generated['rows']:,} rows in {generated['seconds']} s.", ""]
        if outcome.get("repeats"):
            lines += [
                f"Every shape ran {outcome['repeats']} times in this invocation: figures are "
                "medians over the runs, with their spread (least–most) in brackets; each "
                "ratio is against the floor measured in the same run.",
                "",
            ]
        lines += shape_table(outcome["shapes"]) + [""] + journal_lines(outcome)
        if outcome.get("writes"):
            lines += [
                "",
                "Writes in process (bench/writes.py), each client renaming its own task:",
                "",
            ]
            lines += writes_table(outcome["writes"])
        if outcome.get("http"):
            lines += ["", "HTTP, `responsibility chain (20)`, `dutygraph serve --workers N`:", ""]
            lines += http_table(outcome["http"])
        if outcome.get("http_mix"):
            lines += [
                "",
                "HTTP mix, `dutygraph serve --workers N` under `taskset`: wrk (16 connections) "
                "sends `responsibility chain (20)` with one `taskUpdate` in five:",
                "",
            ]
            lines += mix_table(outcome["http_mix"])
    return lines


def write_report() -> None:
    """Rewrite RESULTS.md from every saved run (one section per size and label; no figures
    are compared across runs)."""
    runs = [json.loads(p.read_text()) for p in sorted(RESULTS_DIR.glob("*.json"))]
    runs.sort(key=lambda r: (r["size"]["tasks"], r["label"] != "baseline", r["label"]))
    lines = [
        "# Bench results",
        "",
        "Written by `python -m bench.run` (see bench/README.md); do not edit by hand. Latency is "
        "in process through the real ASGI app (httpx ASGITransport), after a warm-up; the floors "
        "run on the same connection and data in the same run (bench/floors.py, "
        "bench/compiled.py, bench/floors_lists.py, bench/writes.py). × floor = p50 of the shape "
        "/ p50 of the floor measured in the same run; figures are medians of the runs of one "
        "invocation with their spread. No figure here is compared with another run's: each "
        "section says the commit and machine it measured.",
    ]
    for results in runs:
        lines += [""] + section(results)
    for extra in sorted(RESULTS_DIR.glob("*.md")):  # sections of other benches (import preview)
        lines += ["", extra.read_text(encoding="utf-8").rstrip()]
    RESULTS_MD.write_text("\n".join(lines) + "\n", encoding="utf-8")
