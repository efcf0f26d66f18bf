"""Durability: SQLite pragmas on real connections, and backup/restore of a live database."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from tortoise import Tortoise, connections

from resolvers.actor import SYSTEM
from resolvers.journal.writer import journaled
from resolvers.person.operations import create_person
from server.backup import BackupError, backup, command
from server.database import open_database
from tests.databases import BACKEND, POSTGRES_URL, DatabaseFactory

WRITES = 40


async def test_sqlite_runs_wal_full_sync_and_a_busy_timeout(databases: DatabaseFactory) -> None:
    url = await databases.fresh()
    async with open_database(url):
        connection = connections.get("default")
        if BACKEND == "sqlite":
            pragmas = {
                name: next(
                    iter((await connection.execute_query_dict(f"PRAGMA {name}"))[0].values())
                )
                for name in ("journal_mode", "synchronous", "busy_timeout")
            }
            assert pragmas == {"journal_mode": "wal", "synchronous": 2, "busy_timeout": 5000}
        else:  # the PostgreSQL counterpart: a commit is acknowledged only once it is flushed
            rows = await connection.execute_query_dict("SHOW synchronous_commit")
            assert rows[0]["synchronous_commit"] == "on"
            assert (await connection.execute_query_dict("SHOW fsync"))[0]["fsync"] == "on"


@pytest.fixture
async def empty_url(databases: DatabaseFactory, tmp_path: Path) -> AsyncIterator[str]:
    """A database that does not exist yet (SQLite) or exists with no tables (PostgreSQL)."""
    if BACKEND == "sqlite":
        yield f"sqlite://{tmp_path / 'restored.sqlite3'}"
        return
    name = f"dutygraph_restore_{os.getpid()}_{id(tmp_path)}"
    admin = await asyncpg.connect(POSTGRES_URL.replace("postgres://", "postgresql://", 1))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


async def contents(url: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, in primary-key order."""
    async with open_database(url):
        return {
            name: await model.all().order_by(model._meta.pk_attr).values()
            for name, model in sorted(Tortoise.apps["models"].items())
        }


async def write_people(url: str, count: int, started: asyncio.Event) -> None:
    async with open_database(url):
        for n in range(count):
            async with journaled(SYSTEM) as journal:
                await create_person(journal, f"备份中写入{n}")
            if n == count // 4:
                started.set()
            await asyncio.sleep(0)


async def test_backup_of_a_live_database_restores_and_verifies(
    databases: DatabaseFactory, empty_url: str, tmp_path: Path
) -> None:
    source = await databases.fresh(seeded=True)
    copy = tmp_path / "live.backup"
    started = asyncio.Event()
    writer = asyncio.create_task(write_people(source, WRITES, started))
    await started.wait()
    await asyncio.to_thread(backup, source, copy)  # while the writer goes on
    await writer
    assert await asyncio.to_thread(command, "restore", empty_url, copy) == 0
    restored, now = await contents(empty_url), await contents(source)
    # One consistent snapshot: the restored journal is a prefix of the live one, and holds
    # exactly the people it records (no row without its entry, no entry without its row).
    journal = restored["JournalEntry"]
    assert journal == now["JournalEntry"][: len(journal)]
    people = {p["id"] for p in restored["Person"]}
    assert people == {e["entity_id"] for e in journal if e["action"] == "person.create"}
    assert 0 < sum(p["name"].startswith("备份中写入") for p in restored["Person"]) <= WRITES
    assert restored["Task"] == now["Task"]


async def test_cli_backup_and_restore_give_equal_data(
    databases: DatabaseFactory, empty_url: str, tmp_path: Path
) -> None:
    source = await databases.fresh(seeded=True)
    await write_people(source, 3, asyncio.Event())
    copy = tmp_path / "cli.backup"

    def dutygraph(*args: str, url: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "server.cli", *args],
            env={**os.environ, "DATABASE_URL": url},
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )

    made = await asyncio.to_thread(dutygraph, "backup", str(copy), url=source)
    assert made.returncode == 0, made.stderr
    again = await asyncio.to_thread(dutygraph, "backup", str(copy), url=source)
    assert again.returncode == 2
    assert "exists" in again.stderr
    loaded = await asyncio.to_thread(dutygraph, "restore", str(copy), url=empty_url)
    assert loaded.returncode == 0, loaded.stderr
    assert '"ok": true' in loaded.stdout
    assert await contents(empty_url) == await contents(source)
    # A restore never overwrites a database that holds data.
    refused = await asyncio.to_thread(dutygraph, "restore", str(copy), url=source)
    assert refused.returncode == 2
    assert "already holds tables" in refused.stderr


async def test_backup_refuses_an_in_memory_database(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="in-memory"):
        backup("sqlite://:memory:", tmp_path / "x.backup")
