"""Fan-out of events to the subscribers of one worker process, in journal order."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from resolvers.errors import DomainError, ErrorCode
from resolvers.events.audience import Audience
from schema.events import EventType
from schema.relay import Node

#: Events a subscriber may fall behind by before it is told to subscribe again.
INBOX_SIZE = 1000


@dataclass(frozen=True)
class EventRecord:
    """One event, worked out once per worker and shared by every subscriber."""

    seq: int
    type: EventType
    action: str
    recorded_at: datetime
    entity_type: str
    entity_pk: int
    entity: Node | None
    audience: Audience


class Inbox:
    """The events waiting for one subscriber; it stops taking more when it falls too far back."""

    def __init__(self, size: int = INBOX_SIZE) -> None:
        self.queue: asyncio.Queue[EventRecord | None] = asyncio.Queue(size + 1)
        self.size = size
        self.overflowed = False

    def put(self, record: EventRecord) -> None:
        if self.overflowed:
            return
        if self.queue.qsize() >= self.size:
            self.overflowed = True
            self.queue.put_nowait(None)
            return
        self.queue.put_nowait(record)

    async def get(self) -> EventRecord:
        record = await self.queue.get()
        if record is None:
            raise DomainError(
                ErrorCode.CONFLICT,
                f"More than {self.size} events arrived before this subscriber read them: "
                "subscribe again, and query what changed meanwhile.",
            )
        return record


class EventHub:
    """The subscribers of this process; ``publish`` is called by the journal listener only."""

    def __init__(self) -> None:
        self._inboxes: set[Inbox] = set()
        #: Seq of the last journal entry the listener has looked at.
        self.position = 0

    @property
    def has_subscribers(self) -> bool:
        return bool(self._inboxes)

    @contextmanager
    def subscription(self) -> Iterator[Inbox]:
        inbox = Inbox()
        self._inboxes.add(inbox)
        try:
            yield inbox
        finally:
            self._inboxes.discard(inbox)

    def publish(self, record: EventRecord) -> None:
        for inbox in list(self._inboxes):
            inbox.put(record)
