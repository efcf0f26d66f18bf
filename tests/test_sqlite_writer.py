"""server/sqlite_writer.py: transactions hold SQLite's write lock from BEGIN, a wait that runs out
is SERVICE_UNAVAILABLE with Retry-After (nothing written, not stored as an idempotent answer),
and the Tortoise internals the engine relies on are named here so an upgrade that moves them
fails this test rather than production."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

import httpx
import pytest
from tortoise import connections
from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionContext,
    SqliteTransactionWrapper,
)

from models import JournalEntry, Person
from server.app import create_app
from server.hardening.limits import Limits
from server.settings import Settings
from server.sqlite_writer import WriterClient
from tests.conftest import BearerToken
from tests.databases import BACKEND, DatabaseFactory, credentials

pytestmark = pytest.mark.skipif(BACKEND != "sqlite", reason="the SQLite engine")

PERSON = 'mutation { personCreate(input: {name: "王五"}) { person { id } } }'


def path_of(url: str) -> str:
    return url.removeprefix("sqlite://").split("?", 1)[0]


@contextmanager
def write_lock_held_elsewhere(url: str) -> Iterator[None]:
    """Another process's writer: a connection of our own holding the write lock."""
    other = sqlite3.connect(path_of(url), isolation_level=None, timeout=0)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
        other.execute("ROLLBACK")
    finally:
        other.close()


@asynccontextmanager
async def app_client(
    url: str, busy_ms: int, operation_seconds: float = 10.0
) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(
        database_url=f"{url}?busy_timeout={busy_ms}",
        limits=Limits(operation_timeout=operation_seconds),
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        auth = BearerToken(credentials(url).office)
        async with httpx.AsyncClient(transport=transport, base_url="http://t", auth=auth) as http:
            yield http


async def test_the_engine_uses_tortoise_internals_that_exist(databases: DatabaseFactory) -> None:
    url = await databases.fresh()
    async with app_client(url, 5000):
        client = connections.get("default")
        assert isinstance(client, WriterClient)
        assert isinstance(client, SqliteClient)
        assert hasattr(client, "_lock")
        context = client._in_transaction()
        assert isinstance(context, SqliteTransactionContext)
        assert context._trxlock is client._lock
        assert hasattr(context, "ensure_connection")
        assert isinstance(context.connection, SqliteTransactionWrapper)
        assert hasattr(context.connection, "_connection")


async def test_a_transaction_holds_the_write_lock_from_its_begin(
    databases: DatabaseFactory,
) -> None:
    url = await databases.fresh()
    async with app_client(url, 5000):
        client = connections.get("default")
        async with client._in_transaction() as connection:
            # Nothing written yet, and still another writer cannot start.
            await connection.execute_query("SELECT 1")
            other = sqlite3.connect(path_of(url), isolation_level=None, timeout=0)
            try:
                with pytest.raises(sqlite3.OperationalError, match="locked"):
                    other.execute("BEGIN IMMEDIATE")
            finally:
                other.close()


async def test_a_wait_that_runs_out_is_retryable_and_writes_nothing(
    databases: DatabaseFactory,
) -> None:
    url = await databases.fresh()
    async with app_client(url, 100) as http:
        entries = await JournalEntry.all().count()
        for headers in ({}, {"Idempotency-Key": "busy-then-free"}):
            with write_lock_held_elsewhere(url):
                response = await http.post("/graphql", json={"query": PERSON}, headers=headers)
            assert response.status_code == 503, response.text
            assert response.headers["retry-after"] == "1"
            [error] = response.json()["errors"]
            assert error["extensions"]["code"] == "SERVICE_UNAVAILABLE"
            assert "Try again" in error["message"]
            assert await Person.all().count() == 0
            assert await JournalEntry.all().count() == entries
        # Once the other writer is done, the same keyed request runs (it was not stored).
        response = await http.post(
            "/graphql", json={"query": PERSON}, headers={"Idempotency-Key": "busy-then-free"}
        )
        body = response.json()
        assert response.status_code == 200, body
        assert body["data"]["personCreate"]["person"]["id"]
        assert body["extensions"]["idempotency"]["replayed"] is False
        assert await Person.all().count() == 1


async def test_a_timeout_while_waiting_to_begin_leaves_no_lock_behind(
    databases: DatabaseFactory,
) -> None:
    url = await databases.fresh()
    async with app_client(url, 1500, operation_seconds=0.3) as http:
        with write_lock_held_elsewhere(url):
            response = await http.post("/graphql", json={"query": PERSON})
        assert response.json()["errors"][0]["extensions"]["code"] == "TIMEOUT"
        # The cancelled BEGIN IMMEDIATE finished on its thread and was rolled back: another
        # process can write, and so can this one.
        await asyncio.sleep(0.3)
        other = sqlite3.connect(path_of(url), isolation_level=None, timeout=0.5)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
        finally:
            other.close()
        done = await http.post("/graphql", json={"query": PERSON})
        assert done.json()["data"]["personCreate"]["person"]["id"]
        assert await Person.all().count() == 1
