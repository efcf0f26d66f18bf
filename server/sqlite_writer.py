"""The SQLite engine for several writers: one transaction at a time per process, each begun with
``BEGIN IMMEDIATE``, and a wait that runs out answered SERVICE_UNAVAILABLE (retry), not 500.

Tortoise begins SQLite transactions with a plain (deferred) ``BEGIN``: a transaction that read
first and writes later cannot wait for another process's write lock — SQLite refuses it at once
(``database is locked``) whatever the busy timeout, because its snapshot would be stale.
``BEGIN IMMEDIATE`` takes the write lock first, waiting up to ``busy_timeout`` (SQLITE_PRAGMAS)
while another process commits; reads inside the transaction then see the latest rows.

Inside the process, transactions already take turns on the connection's asyncio lock (one
connection per process); the wait for it is bounded here too, so a queue that does not move
gives a retryable error instead of a request that hangs. Tortoise's own transaction context
keeps that lock when ``BEGIN`` fails; this one lets go.

This module is the one place that uses Tortoise's SQLite client internals (``_lock``,
``_connection``, the transaction wrapper); tests/test_sqlite_writer.py names each one.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from typing import Any

from tortoise.backends.base.client import TransactionContext
from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionContext,
    SqliteTransactionWrapper,
)
from tortoise.connection import get_connections
from tortoise.exceptions import TransactionManagementError

from resolvers.errors import busy_error, is_busy

#: Seconds a transaction waits for its turn on this process's connection.
WRITER_WAIT_SECONDS = 10.0


class ImmediateTransaction(SqliteTransactionWrapper):
    """A transaction that holds SQLite's write lock from its first statement."""

    async def begin(self) -> None:
        try:
            await self._connection.commit()
            await self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if is_busy(exc):
                raise busy_error() from exc
            raise TransactionManagementError(exc) from exc


class WriterTurn(SqliteTransactionContext):
    """Waits (bounded) for the process's turn, begins immediately, always lets go on failure."""

    async def __aenter__(self) -> Any:
        try:
            async with asyncio.timeout(WRITER_WAIT_SECONDS):
                await self._trxlock.acquire()
        except TimeoutError:
            raise busy_error() from None
        try:
            await self.ensure_connection()
            self.token = get_connections().set(self.connection_name, self.connection)
            try:
                await self.connection.begin()
            except BaseException:
                get_connections().reset(self.token)
                # Cancelled while BEGIN IMMEDIATE waited: it still runs to the end on the
                # connection's thread; undo it there, or this process would hold the write
                # lock with nothing running until its next transaction.
                with contextlib.suppress(Exception):
                    await self.connection._connection.rollback()
                raise
        except BaseException:
            self._trxlock.release()
            raise
        return self.connection


class WriterClient(SqliteClient):
    """Tortoise's SQLite client with immediate, bounded, turn-taking transactions."""

    def _in_transaction(self) -> TransactionContext:
        return WriterTurn(ImmediateTransaction(self), self._lock)


client_class = WriterClient
