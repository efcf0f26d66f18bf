"""A write transaction cancelled at any moment (a WebSocket client gone, the operation timeout)
rolls back and gives its connection back: the next transaction runs, nothing is half-written,
and on PostgreSQL no backend is left ``idle in transaction``."""

from __future__ import annotations

import asyncio
import contextlib

import asyncpg

from models import JournalEntry, Person
from resolvers.context import SYSTEM
from resolvers.journal.writer import journaled
from server.database import open_database

#: Cancellation points swept: from before the transaction starts to after it committed.
ROUNDS = 60
#: How long the next transaction may wait for the connection (a hang fails, not a slow run).
FREED_WITHIN = 10.0


async def write_person(name: str) -> None:
    async with journaled(SYSTEM) as journal:
        person = await Person.create(name=name, using_db=journal.connection)
        await journal.created(person)


async def idle_in_transaction(url: str) -> int:
    """Backends of this test database left inside a transaction nobody finishes."""
    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        name = url.rsplit("/", 1)[1]
        count: int = await connection.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 "
            "AND state LIKE 'idle in transaction%'",
            name,
        )
        return count
    finally:
        await connection.close()


async def cancel_after(turns: int, name: str) -> None:
    """Start a journaled write, let the loop run ``turns`` times, then cancel it."""
    task = asyncio.create_task(write_person(name))
    for _ in range(turns):
        await asyncio.sleep(0)
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def test_a_cancelled_write_rolls_back_and_frees_its_connection(database_url: str) -> None:
    async with open_database(database_url):
        for turns in range(ROUNDS):
            await cancel_after(turns, f"cancelled-{turns}")
            # The connection (SQLite) or a pooled one (PostgreSQL) is free for the next writer.
            async with asyncio.timeout(FREED_WITHIN):
                await write_person(f"after-{turns}")
        cancelled = await Person.filter(name__startswith="cancelled-").values_list("id", flat=True)
        journaled_ids = await JournalEntry.filter(
            entity_type="Person", action="person.create", entity_id__in=list(cancelled)
        ).values_list("entity_id", flat=True)
        written_after = await Person.filter(name__startswith="after-").count()
    # Each cancelled write committed whole (row and journal entry) or not at all.
    assert sorted(journaled_ids) == sorted(cancelled)
    assert written_after == ROUNDS
    if database_url.startswith("postgres"):
        assert await idle_in_transaction(database_url) == 0
