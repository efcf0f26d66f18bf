"""Reading the stored journal: verification over the database, in seq order, in batches."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

from models import JournalEntry
from resolvers.journal.chain import GENESIS_HASH, ChainReport, ChainVerifier

BATCH = 5000


def entry_document(row: JournalEntry) -> dict[str, Any]:
    return {
        "seq": row.seq,
        "recorded_at": row.recorded_at,
        "actor": row.actor,
        "action": row.action,
        "entity_type": row.entity_type,
        "entity_id": row.entity_id,
        "before": row.before,
        "after": row.after,
        "prev_hash": row.prev_hash,
        "hash": row.hash,
    }


async def stored_entries(from_seq: int = 1) -> AsyncIterator[JournalEntry]:
    """Every entry from ``from_seq`` on, in order, fetched by keyset in batches."""
    next_seq = from_seq
    while True:
        batch = await JournalEntry.filter(seq__gte=next_seq).order_by("seq").limit(BATCH)
        for row in batch:
            yield row
        if len(batch) < BATCH:
            return
        next_seq = batch[-1].seq + 1


async def verify_stored(advance: Callable[[int], object] = lambda n: None) -> ChainReport:
    """``advance(1)`` is called per entry checked (the CLI's progress bar)."""
    verifier = ChainVerifier()
    async for row in stored_entries():
        if not verifier.feed(entry_document(row)):
            break
        advance(1)
    return verifier.report()


async def head() -> tuple[int, str]:
    last = await JournalEntry.all().order_by("-seq").first()
    return (last.seq, last.hash) if last else (0, GENESIS_HASH)
