"""Writing the journal: a transaction that appends one chained entry per change it makes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from models import JournalEntry
from resolvers.context import Actor
from resolvers.journal.chain import GENESIS_HASH, entry_hash, plain
from resolvers.permissions.writes import check_bulk_write, check_write
from resolvers.transaction import transaction

# Any constant works; it names the one lock that serialises journal appends on PostgreSQL.
_PG_JOURNAL_LOCK = 7_202_017
#: PostgreSQL channel notified (on commit) with the last seq of each journal transaction.
JOURNAL_CHANNEL = "dutygraph_journal"
#: Called in this process after a journal transaction commits, with its last seq (events).
AFTER_COMMIT: list[Callable[[int], None]] = []
#: Called in this process after a journal transaction commits, with its number of entries.
ON_APPEND: list[Callable[[int], None]] = []


def snapshot(row: Model) -> dict[str, Any]:
    """The row's stored columns as plain JSON values (foreign keys as ``<name>_id``)."""
    return {name: plain(getattr(row, name)) for name in row._meta.fields_db_projection}


def entity_type_of(row: Model) -> str:
    return type(row).__name__


class Journal:
    """Appends entries inside one open transaction; the head is read once, under a lock."""

    def __init__(self, connection: BaseDBAsyncClient, actor: Actor) -> None:
        self.connection = connection
        self.actor = actor
        self._head: tuple[int, str] | None = None
        self.entries: list[JournalEntry] = []

    async def _load_head(self) -> tuple[int, str]:
        if self._head is None:
            if self.connection.capabilities.dialect == "postgres":
                await self.connection.execute_query(
                    "SELECT pg_advisory_xact_lock($1)", [_PG_JOURNAL_LOCK]
                )
            last = await JournalEntry.all().using_db(self.connection).order_by("-seq").first()
            self._head = (last.seq, last.hash) if last else (0, GENESIS_HASH)
        return self._head

    async def lock(self) -> None:
        """Hold the journal lock from now on, before reading rows a decision depends on: two
        transactions that both lock cannot both act on the same rows (the deadline clock).

        PostgreSQL: the advisory lock. SQLite: nothing more to take — every transaction holds
        the database's write lock from its BEGIN IMMEDIATE (server/sqlite_writer.py).
        """
        await self._load_head()

    async def announce(self) -> None:
        """PostgreSQL: NOTIFY every worker of the last seq written; delivered only on commit."""
        if self.entries and self.connection.capabilities.dialect == "postgres":
            await self.connection.execute_query(
                "SELECT pg_notify($1, $2)", [JOURNAL_CHANNEL, str(self.entries[-1].seq)]
            )

    def _document(
        self,
        seq: int,
        prev_hash: str,
        action: str,
        entity_type: str,
        entity_id: int,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
    ) -> dict[str, Any]:
        return {
            "seq": seq,
            "recorded_at": datetime.now(UTC),
            "actor": self.actor.name,
            "action": action,
            "entity_type": entity_type,
            "entity_id": entity_id,
            "before": before,
            "after": after,
            "prev_hash": prev_hash,
        }

    async def created_many(self, rows: Sequence[Model], batch_size: int = 500) -> None:
        """One creation entry per row, chained in order and inserted in batches (bulk imports)."""
        check_bulk_write(self.actor, (entity_type_of(row) for row in rows))
        seq, prev_hash = await self._load_head()
        entries = []
        for row in rows:
            kind = entity_type_of(row)
            document = self._document(
                seq + 1, prev_hash, f"{kind.lower()}.create", kind, row.pk, None, snapshot(row)
            )
            seq, prev_hash = seq + 1, entry_hash(document)
            entries.append(JournalEntry(**document, hash=prev_hash))
        await JournalEntry.bulk_create(entries, batch_size=batch_size, using_db=self.connection)
        self._head = (seq, prev_hash)
        self.entries.extend(entries)

    async def record(
        self,
        action: str,
        entity_type: str,
        entity_id: int,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
    ) -> JournalEntry:
        await check_write(self, entity_type, before, after)
        seq, prev_hash = await self._load_head()
        # Stored JSON must read back exactly as hashed: make values plain before both.
        before, after = plain(before), plain(after)
        document = self._document(seq + 1, prev_hash, action, entity_type, entity_id, before, after)
        digest = entry_hash(document)
        entry = await JournalEntry.create(**document, hash=digest, using_db=self.connection)
        self._head = (entry.seq, digest)
        self.entries.append(entry)
        return entry

    async def created(self, row: Model, action: str | None = None) -> JournalEntry:
        kind = entity_type_of(row)
        return await self.record(
            action or f"{kind.lower()}.create", kind, row.pk, None, snapshot(row)
        )

    async def changed(
        self, row: Model, before: dict[str, Any], action: str | None = None
    ) -> JournalEntry:
        kind = entity_type_of(row)
        return await self.record(
            action or f"{kind.lower()}.update", kind, row.pk, before, snapshot(row)
        )


@asynccontextmanager
async def journaled(actor: Actor) -> AsyncIterator[Journal]:
    """One transaction with its journal: everything in it commits together or not at all."""
    async with transaction() as connection:
        journal = Journal(connection, actor)
        yield journal
        await journal.announce()
    if journal.entries:
        for hook in AFTER_COMMIT:
            hook(journal.entries[-1].seq)
        for count_hook in ON_APPEND:
            count_hook(len(journal.entries))
