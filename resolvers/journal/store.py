"""Reading the stored journal: verification over the database, in seq order, in batches."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass
from typing import Any

from models import JournalEntry
from resolvers.journal.chain import GENESIS_HASH, ChainReport, ChainVerifier
from resolvers.journal.pins import Pin, PinCheck, PinChecks

BATCH = 5000
#: Smaller batches when verifying: the event loop builds each batch's rows between awaits.
VERIFY_BATCH = 1000


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


async def stored_batches(from_seq: int = 1, size: int = BATCH) -> AsyncIterator[list[JournalEntry]]:
    """Every entry from ``from_seq`` on, in order, as keyset-fetched batches of ``size``."""
    next_seq = from_seq
    while True:
        batch = await JournalEntry.filter(seq__gte=next_seq).order_by("seq").limit(size)
        if batch:
            yield batch
        if len(batch) < size:
            return
        next_seq = batch[-1].seq + 1


async def stored_entries(from_seq: int = 1) -> AsyncIterator[JournalEntry]:
    """Every entry from ``from_seq`` on, in order, fetched by keyset in batches."""
    async for batch in stored_batches(from_seq):
        for row in batch:
            yield row


def _feed(verifier: ChainVerifier, documents: list[dict[str, Any]]) -> int:
    """How many of ``documents`` are sound, feeding them in order (hashing: run in a thread)."""
    for number, document in enumerate(documents):
        if not verifier.feed(document):
            return number
    return len(documents)


@dataclass(frozen=True)
class StoredReport:
    """The stored chain's report, the pins it was checked against, and what it cannot prove."""

    chain: ChainReport
    pins: tuple[PinCheck, ...] = ()

    @property
    def ok(self) -> bool:
        return self.chain.ok and all(check.matched for check in self.pins)

    @property
    def problem(self) -> str | None:
        if self.chain.problem or self.ok:
            return self.chain.problem
        failed = next(check for check in self.pins if not check.matched)
        return f"{failed.pin.source} {failed.pin.seq}: {failed.problem}"

    def unproven(self) -> list[str]:
        head = self.chain.head_seq or 0
        covered = max((check.pin.seq for check in self.pins if check.matched), default=None)
        if covered is None and self.pins:
            return ["no pin matched: nothing shows this is the journal the pins came from"]
        if covered is None:
            return [
                "no pinned head or checkpoint was given: entries deleted from the end of the "
                "journal, or an entry edited with every later hash recomputed, verify just the "
                "same; compare head_seq and head_hash with a pinned head or a signed checkpoint"
            ]
        if covered < head:
            return [
                f"entries {covered + 1}..{head} come after every pin: an edit there with the "
                "later hashes recomputed would verify just the same"
            ]
        return []

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.chain.__dict__,
            "ok": self.ok,
            "problem": self.problem,
            "pins": [check.as_dict() for check in self.pins],
            "unproven": self.unproven(),
        }


async def verify_pinned(
    pins: Iterable[Pin] = (), advance: Callable[[int], object] = lambda n: None
) -> StoredReport:
    """The whole stored chain from genesis, checked against ``pins`` on the way.

    Streams by batches; each batch is hashed in a worker thread, so a server's event loop
    keeps answering while a large journal is checked. ``advance(n)``: n more entries checked.
    """
    verifier, checks = ChainVerifier(), PinChecks(pins, "the stored journal")
    checks.start(1, GENESIS_HASH)
    async for batch in stored_batches(size=VERIFY_BATCH):
        documents = [entry_document(row) for row in batch]
        sound = await asyncio.to_thread(_feed, verifier, documents)
        for document in documents[:sound]:
            checks.feed(document)
        advance(sound)
        if sound < len(documents):
            break
    chain = verifier.report()
    return StoredReport(chain, tuple(checks.finish(chain.head_seq, chain.ok)))


async def verify_stored(advance: Callable[[int], object] = lambda n: None) -> ChainReport:
    """The stored chain's report (``advance(n)`` per batch checked: the CLI's progress bar)."""
    return (await verify_pinned((), advance)).chain


async def head() -> tuple[int, str]:
    last = await JournalEntry.all().order_by("-seq").first()
    return (last.seq, last.hash) if last else (0, GENESIS_HASH)
