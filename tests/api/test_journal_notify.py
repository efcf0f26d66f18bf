"""Every committed journal transaction announces its last seq, bulk ones too: in process (the
SQLite listener's wake-up) and, on PostgreSQL, by NOTIFY on commit, never for a rollback."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from models import Person
from resolvers.context import SYSTEM
from resolvers.journal.writer import AFTER_COMMIT, JOURNAL_CHANNEL, journaled
from server.database import open_database
from server.events import asyncpg_dsn
from tests.databases import BACKEND


class Boom(Exception):
    pass


async def rolled_back() -> None:
    async with journaled(SYSTEM) as journal:
        await journal.created(await Person.create(name="回滚", using_db=journal.connection))
        raise Boom


async def test_commits_announce_their_last_seq_and_rollbacks_nothing(database_url: str) -> None:
    heard: list[int] = []
    notified: asyncio.Queue[str] = asyncio.Queue()
    listener = None
    if BACKEND == "postgres":
        listener = await asyncpg.connect(asyncpg_dsn(database_url))
        await listener.add_listener(JOURNAL_CHANNEL, lambda *args: notified.put_nowait(args[3]))
    AFTER_COMMIT.append(heard.append)
    try:
        async with open_database(database_url):
            async with journaled(SYSTEM) as journal:
                people = [
                    await Person.create(name=f"测试{n}", using_db=journal.connection)
                    for n in range(3)
                ]
                await journal.created_many(people)
            last = journal.entries[-1].seq
            with pytest.raises(Boom):
                await rolled_back()
            async with journaled(SYSTEM) as journal:
                await journal.created(await Person.create(name="单条", using_db=journal.connection))
            single = journal.entries[-1].seq
    finally:
        AFTER_COMMIT.remove(heard.append)
    assert heard == [last, single]
    assert single == last + 1  # the rolled-back entry left no gap
    if listener is not None:
        payloads = [await asyncio.wait_for(notified.get(), 10) for _ in range(2)]
        await listener.close()
        assert payloads == [str(last), str(single)]
        assert notified.empty()
