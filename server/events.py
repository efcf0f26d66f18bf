"""The journal listener of one worker process: woken by PostgreSQL NOTIFY (every worker) or,
on SQLite, after a commit in this process, it dispatches new events to the hub in seq order."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
from starlette.applications import Starlette
from strawberry.subscriptions import (
    GRAPHQL_SSE_PROTOCOL,
    GRAPHQL_TRANSPORT_WS_PROTOCOL,
    GRAPHQL_WS_PROTOCOL,
)

from models import JournalEntry
from resolvers.events.hub import EventHub
from resolvers.events.records import BATCH, events_after
from resolvers.journal.writer import AFTER_COMMIT, JOURNAL_CHANNEL
from server.clock import Clock, wait_for_event
from server.live_settings import LiveSettings

logger = logging.getLogger("dutygraph.events")

#: graphql-transport-ws (and the legacy graphql-ws) on the WebSocket, SSE over HTTP.
SUBSCRIPTION_PROTOCOLS = (GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_WS_PROTOCOL, GRAPHQL_SSE_PROTOCOL)


def asyncpg_dsn(database_url: str) -> str:
    """The server's PostgreSQL URL for a plain asyncpg connection (Tortoise options dropped)."""
    return "postgresql://" + database_url.split("://", 1)[1].split("?", 1)[0]


class JournalListener:
    """Reads journal entries after the last seen seq whenever woken, and on ``poll_interval``
    as well (entries written by another process on SQLite, or while LISTEN reconnects)."""

    def __init__(self, database_url: str, hub: EventHub, poll_interval: float = 5.0) -> None:
        self.database_url = database_url
        self.hub = hub
        self.poll_interval = poll_interval
        self.wakeup = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._listen: Any = None
        self._stopping = False
        #: The highest seq this process committed or was notified of: with nobody listening
        #: the hub skips ahead to it without reading the journal.
        self._known_seq = 0

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(("postgres://", "postgresql://"))

    async def start(self) -> None:
        last = await JournalEntry.all().order_by("-seq").first()
        self.hub.position = last.seq if last else 0
        if self.is_postgres:
            await self._connect()
        else:
            AFTER_COMMIT.append(self._committed)
        self._task = asyncio.create_task(self._run(), name="dutygraph-journal-listener")

    async def stop(self) -> None:
        if self._committed in AFTER_COMMIT:
            AFTER_COMMIT.remove(self._committed)
        # The flag ends the loop even if the cancellation below meets it between awaits.
        self._stopping = True
        self.wakeup.set()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._listen is not None:
            with contextlib.suppress(Exception):
                await self._listen.close()

    def _committed(self, seq: int) -> None:
        self._known_seq = max(self._known_seq, seq)
        self.wakeup.set()

    def _notified(self, connection: object, pid: int, channel: str, payload: str) -> None:
        with contextlib.suppress(ValueError):
            self._known_seq = max(self._known_seq, int(payload))
        self.wakeup.set()

    async def _connect(self) -> None:
        """A dedicated connection for LISTEN (a pooled one would lose it on release)."""
        self._listen = await asyncpg.connect(asyncpg_dsn(self.database_url))
        await self._listen.add_listener(JOURNAL_CHANNEL, self._notified)

    async def _run(self) -> None:
        while not self._stopping:
            await wait_for_event(self.wakeup, self.poll_interval)
            self.wakeup.clear()
            if self._stopping:
                return
            try:
                if self.is_postgres and (self._listen is None or self._listen.is_closed()):
                    await self._connect()
                await self.dispatch()
            except Exception:  # noqa: BLE001 - keep listening; the next wake-up retries
                logger.exception("dispatching journal events failed")

    async def dispatch(self) -> None:
        """Publish every event after the hub's position, in seq order."""
        if not self.hub.has_subscribers:
            if self._known_seq > self.hub.position:
                # Nobody listens and the commit (or its NOTIFY) named its seq: skip ahead.
                self.hub.position = self._known_seq
                return
            # Woken by the poll: another process (SQLite has no NOTIFY) may have written.
            last = await JournalEntry.all().order_by("-seq").first()
            # Nobody listens: skip ahead, unless someone subscribed while we read.
            if not self.hub.has_subscribers:
                self.hub.position = max(self.hub.position, last.seq if last else 0)
                return
        while True:
            batch = await events_after(self.hub.position)
            for record in batch:
                self.hub.publish(record)
                self.hub.position = record.seq
            if len(batch) < BATCH:
                return


@contextlib.asynccontextmanager
async def live_updates(
    app: Starlette, database_url: str, live: LiveSettings
) -> AsyncIterator[None]:
    """For the server's life (inside the ORM's): the journal listener feeding
    ``app.state.event_hub``, and the deadline clock unless its interval is 0."""
    hub = EventHub()
    listener = JournalListener(database_url, hub, live.events_poll_interval)
    clock = Clock(live.clock_interval, live.due_soon_days) if live.clock_interval > 0 else None
    await listener.start()
    app.state.event_hub = hub
    try:
        if clock is not None:
            await clock.start()
        yield
    finally:
        if clock is not None:
            await clock.stop()
        await listener.stop()
