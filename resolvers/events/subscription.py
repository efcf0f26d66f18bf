"""The ``events`` subscription: a subscriber's filtered view of the worker's event stream."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.dataloader import DataLoader

from resolvers.errors import DomainError, ErrorCode, bad_input
from resolvers.events.hub import EventHub, EventRecord
from resolvers.events.records import events_after
from resolvers.events.visibility import may_hear
from resolvers.global_ids import pk_of, to_global_id
from resolvers.journal.store import head
from schema.events import Event, EventType

if TYPE_CHECKING:
    from resolvers.context import Actor, Context

#: How far back (in journal entries) ``afterSeq`` may reach.
REPLAY_WINDOW = 10_000


def hub_of(info: strawberry.Info[Context, None]) -> EventHub:
    """The event hub of the app serving this connection (started by its lifespan)."""
    app = getattr(info.context.request, "app", None)
    hub = getattr(getattr(app, "state", None), "event_hub", None)
    if not isinstance(hub, EventHub):
        raise DomainError(ErrorCode.INTERNAL_SERVER_ERROR, "Events are not running here.")
    return hub


def forget_loaded(loaders: object) -> None:
    """Empty the connection's loader caches: each event must read rows as they are now."""
    for loader in vars(loaders).values():
        if isinstance(loader, DataLoader):
            loader.clear_all()


def as_event(record: EventRecord) -> Event:
    return Event(
        seq=record.seq,
        type=record.type,
        action=record.action,
        recorded_at=record.recorded_at,
        entity_id=strawberry.ID(to_global_id(record.entity_type, record.entity_pk)),
        entity=record.entity,
        unit_pk=record.audience.unit_pk,
    )


async def replay(after_seq: int, upto: int) -> AsyncGenerator[EventRecord, None]:
    """Stored events with ``after_seq < seq <= upto``, in order."""
    seq = after_seq
    while seq < upto:
        batch = [record for record in await events_after(seq) if record.seq <= upto]
        for record in batch:
            yield record
        if not batch:
            return
        seq = batch[-1].seq


async def admits(
    record: EventRecord, actor: Actor, wanted: frozenset[EventType] | None, unit_pk: int | None
) -> bool:
    if wanted is not None and record.type not in wanted:
        return False
    if unit_pk is not None and unit_pk not in record.audience.units:
        return False
    return await may_hear(actor, record.entity_type, record.entity_pk)


@strawberry.type(description="事件订阅 — live events, over WebSocket or server-sent events.")
class EventSubscription:
    @strawberry.subscription(
        description="事件 — events in journal order that the caller may read (a unit hears "
        "only its own): from now on, or resumed after a seq; optionally some types or one unit."
    )
    async def events(
        self,
        info: strawberry.Info[Context, None],
        types: Annotated[
            list[EventType] | None,
            strawberry.argument(description="事件类型 — only these types (omitted: all)."),
        ] = None,
        unit_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="单位 — only events concerning this unit."),
        ] = None,
        after_seq: Annotated[
            int | None,
            strawberry.argument(
                description=f"续传 — first replay stored events after this seq (the last one "
                f"received before a reconnect; at most {REPLAY_WINDOW} entries back)."
            ),
        ] = None,
    ) -> AsyncGenerator[Event, None]:
        unit_pk = pk_of(unit_id, "Unit", "unitId") if unit_id is not None else None
        wanted = frozenset(types) if types else None
        actor = info.context.actor
        hub = hub_of(info)
        with hub.subscription() as inbox:
            # Everything up to here was dispatched before this inbox existed; later ones reach it.
            seen = hub.position
            if after_seq is None:
                # "From now on" means committed after this moment, dispatched yet or not.
                seen = max(seen, (await head())[0])
            else:
                if after_seq < max(seen - REPLAY_WINDOW, 0):
                    raise bad_input(
                        f"`afterSeq` must be between {max(seen - REPLAY_WINDOW, 0)} and the "
                        "newest seq: query the current state instead.",
                        "afterSeq",
                    )
                async for record in replay(after_seq, seen):
                    if await admits(record, actor, wanted, unit_pk):
                        forget_loaded(info.context.loaders)
                        yield as_event(record)
            while True:
                record = await inbox.get()
                if record.seq <= seen or not await admits(record, actor, wanted, unit_pk):
                    continue
                forget_loaded(info.context.loaders)
                yield as_event(record)
