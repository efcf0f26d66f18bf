"""Long exports leave the event loop free: while a large plan's matrix workbook is built, small
queries on the same worker keep being answered, each within a generous multiple of its
unloaded latency (the workbook is built in a worker thread)."""

from __future__ import annotations

import asyncio
import gc
import statistics
import time

from resolvers.journal.writer import journaled
from seed.load import SEED_ACTOR, import_plan
from seed.parse import parse_plan
from server.collector import settle_collector
from server.database import open_database
from tests.api.test_sql_counts import big_plan
from tests.conftest import GraphQLClient, running
from tests.databases import DatabaseFactory

TASKS = 3000
SMALL = "query { journalHead { seq } }"
PLAN = 'query { plans(filter: {search: "大量任务分工方案"}) { nodes { id } } }'
#: Measured on this machine kind (2 cores, shared with other work), 3,000 tasks: during the
#: threaded build 72 (SQLite) and 64 (PostgreSQL) small queries were answered, the slowest at
#: 82× and 22× the unloaded median (the thread shares the GIL: stalls of tens of ms); built on
#: the event loop only 5 and 13 were, the slowest at 496× and 200×. Generous bounds between.
ANSWERED = 30
BOUND = 150


async def timed(client: GraphQLClient) -> float:
    start = time.perf_counter()
    await client.data(SMALL)
    return time.perf_counter() - start


async def test_small_queries_are_answered_while_a_large_matrix_is_built(
    databases: DatabaseFactory,
) -> None:
    url = await databases.fresh(seeded=True)
    async with open_database(url), journaled(SEED_ACTOR) as journal:
        await import_plan(journal, parse_plan(big_plan(TASKS)))
    async with running(url) as (_, client):
        # As server/asgi.py does once the app is built: without it, a full collection over
        # everything earlier tests left in this process (seconds) lands among the timings.
        settle_collector()
        try:
            await measure(client)
        finally:
            gc.unfreeze()


async def measure(client: GraphQLClient) -> None:
    """The export runs while small queries keep being timed; asserts the bounds."""
    plan = (await client.data(PLAN))["plans"]["nodes"][0]["id"]
    for _ in range(5):
        await timed(client)
    unloaded = statistics.median([await timed(client) for _ in range(20)])
    export = asyncio.create_task(client.http.get(f"/exports/plans/{plan}/matrix.xlsx"))
    during: list[float] = []
    while not export.done():
        during.append(await timed(client))
    response = await export
    assert response.status_code == 200, response.text
    assert len(response.content) > 50_000
    assert len(during) >= ANSWERED, during  # answered all along, not once after the build
    assert max(during) <= BOUND * unloaded, (unloaded, during)
