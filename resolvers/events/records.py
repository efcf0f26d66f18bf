"""Journal entries → event records: the event type, the entity as recorded, the audience."""

from __future__ import annotations

from models import JournalEntry
from resolvers.events.audience import audience_of
from resolvers.events.hub import EventRecord
from resolvers.events.kinds import EVENT_ACTIONS, EVENT_OF_ACTION
from resolvers.journal.history import as_recorded

BATCH = 200


async def event_record(entry: JournalEntry) -> EventRecord | None:
    """The event an entry is, or None when its action is not an event."""
    kind = EVENT_OF_ACTION.get(entry.action)
    if kind is None:
        return None
    return EventRecord(
        seq=entry.seq,
        type=kind,
        action=entry.action,
        recorded_at=entry.recorded_at,
        entity_type=entry.entity_type,
        entity_pk=entry.entity_id,
        entity=as_recorded(entry.entity_type, entry.after) if entry.after else None,
        audience=await audience_of(entry.entity_type, entry.after),
    )


async def events_after(seq: int) -> list[EventRecord]:
    """The next batch of events after ``seq``, in seq order (empty when there are none)."""
    entries = (
        await JournalEntry.filter(seq__gt=seq, action__in=EVENT_ACTIONS)
        .order_by("seq")
        .limit(BATCH)
    )
    records = [await event_record(entry) for entry in entries]
    return [record for record in records if record is not None]
