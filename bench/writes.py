"""Writes at 1, 4 and 16 concurrent clients, in process: ``taskUpdate`` (a journaled mutation)
through the real ASGI app against its write floor in the same run — the same row update and
the same chained journal entry written with raw SQL in one transaction (the journal lock on
PostgreSQL, the SQLite writer's transaction on SQLite), no GraphQL, permissions or ORM.

Each client renames its own task, one request after another, for ``seconds``; the result is
writes per second, server CPU per write (this process's CPU time over the window, divided by
the writes: the in-process HTTP client's share is included, about 0.2 ms) and latency."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import orjson
from tortoise import connections

from models import Task
from resolvers.journal.chain import entry_hash, plain
from resolvers.transaction import transaction

CLIENTS = (1, 4, 16)
SECONDS = 3.0

MUTATION = """
mutation Rename($input: TaskUpdateInput!) {
  taskUpdate(input: $input) { task { id title version } }
}
"""


@dataclass
class WriteLoad:
    clients: int
    writes: int
    writes_per_s: float
    cpu_ms_per_write: float
    p50_ms: float
    p99_ms: float


async def loaded(
    clients: int, seconds: float, write: Callable[[int, int], Awaitable[None]]
) -> WriteLoad:
    """``clients`` loops of ``write(client, i)`` for ``seconds`` (after two warm-up writes each)."""
    for client in range(clients):
        for i in range(2):
            await write(client, -1 - i)
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def loop(client: int) -> None:
        i = 0
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            await write(client, i)
            latencies.append(time.perf_counter() - started)
            i += 1

    wall, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(loop(client) for client in range(clients)))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    ordered = sorted(latencies)
    return WriteLoad(
        clients=clients,
        writes=len(ordered),
        writes_per_s=round(len(ordered) / wall, 1),
        cpu_ms_per_write=round(cpu * 1000 / len(ordered), 3),
        p50_ms=round(statistics.median(ordered) * 1000, 3),
        p99_ms=round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 3),
    )


def app_write(
    http: httpx.AsyncClient, task_ids: list[str]
) -> Callable[[int, int], Awaitable[None]]:
    async def write(client: int, i: int) -> None:
        variables = {"input": {"id": task_ids[client], "title": f"基准写入任务{client}-{i}"}}
        response = await http.post("/graphql", json={"query": MUTATION, "variables": variables})
        if response.status_code != 200 or b'"errors"' in response.content:
            raise RuntimeError(f"taskUpdate failed: {response.text[:300]}")

    return write


def floor_write(task_pks: list[int]) -> Callable[[int, int], Awaitable[None]]:
    """The row and the journal entry ``taskUpdate`` writes, by raw SQL in one transaction."""
    columns = list(Task._meta.fields_db_projection.values())
    postgres = connections.get("default").capabilities.dialect == "postgres"

    def mark(n: int) -> str:
        return f"${n}" if postgres else "?"

    select = f"SELECT {', '.join(columns)} FROM task WHERE id = {mark(1)}"
    update = (
        f"UPDATE task SET title = {mark(1)}, version = version + 1, updated_at = {mark(2)} "
        f"WHERE id = {mark(3)} AND version = {mark(4)}"
    )
    head = "SELECT seq, hash FROM journal_entry ORDER BY seq DESC LIMIT 1"
    insert = (
        "INSERT INTO journal_entry (seq, recorded_at, actor, action, entity_type, entity_id, "
        "before, after, prev_hash, hash) VALUES "
        f"({', '.join(mark(n) for n in range(1, 11))})"
    )

    async def write(client: int, i: int) -> None:
        pk, title, now = task_pks[client], f"基准底线任务{client}-{i}", datetime.now(UTC)
        async with transaction() as db:
            if postgres:
                await db.execute_query("SELECT pg_advisory_xact_lock($1)", [7_202_017])
            [row] = (await db.execute_query(select, [pk]))[1]
            before = {name: plain(row[name]) for name in columns}
            await db.execute_query(update, [title, now, pk, row["version"]])
            after = before | {
                "title": title,
                "version": row["version"] + 1,
                "updated_at": plain(now),
            }
            [last] = (await db.execute_query(head))[1]
            document: dict[str, Any] = {
                "seq": last["seq"] + 1,
                "recorded_at": now,
                "actor": "account:bench-floor",
                "action": "task.update",
                "entity_type": "Task",
                "entity_id": pk,
                "before": before,
                "after": after,
                "prev_hash": last["hash"],
            }
            digest = entry_hash(document)
            values = [document[k] for k in ("seq", "recorded_at", "actor", "action")]
            values += ["Task", pk, orjson.dumps(before).decode(), orjson.dumps(after).decode()]
            await db.execute_query(insert, [*values, last["hash"], digest])

    return write


async def write_loads(
    http: httpx.AsyncClient, task_ids: list[str], task_pks: list[int], seconds: float = SECONDS
) -> list[dict[str, Any]]:
    """The app and its floor at each of ``CLIENTS``, alternating, on the same tasks."""
    results = []
    for clients in CLIENTS:
        app = await loaded(clients, seconds, app_write(http, task_ids))
        floor = await loaded(clients, seconds, floor_write(task_pks))
        results.append({"clients": clients, "app": asdict(app), "floor": asdict(floor)})
        print(
            f"  writes x{clients}: {app.writes_per_s}/s, {app.cpu_ms_per_write} ms CPU "
            f"(floor {floor.writes_per_s}/s, {floor.cpu_ms_per_write} ms)",
            flush=True,
        )
    return results
