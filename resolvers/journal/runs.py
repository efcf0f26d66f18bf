"""Journal verification as a job (校验任务): start it, watch its progress, read its report.

Verifying a large journal takes longer than a request may (500,000 entries: about 20 s), so
``start`` records a run and verifies in the background of the worker that took the request:
the hashing runs in a thread batch by batch (``store.verify_pinned``), and the run's row gets
the count checked so far about once a second. Any worker answers ``state`` from that row.

One run at a time per database: the row's unique ``running_slot`` refuses a second start
(CONFLICT, naming the run in progress) even from another worker at the same instant. A run
whose worker stops giving a heartbeat — stopped, crashed — reads as ABANDONED after
``STALE``, and frees the slot for the next start. Runs are never deleted.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError

from models import JournalVerificationRun, VerificationStatus
from resolvers.errors import DomainError, ErrorCode
from resolvers.global_ids import to_global_id
from resolvers.journal import store
from resolvers.journal.pins import Pin
from resolvers.transaction import transaction

log = logging.getLogger(__name__)

#: A running run without a heartbeat for this long is abandoned (its worker is gone).
STALE = timedelta(seconds=30)
#: Seconds between progress writes while a run verifies.
BEAT_SECONDS = 1.0

#: The background runs of this process (kept so that none is collected while it runs).
_running: set[asyncio.Task[None]] = set()


def wall_clock() -> datetime:
    """Wall-clock time, as the journal records it (not the service's day, which tests set)."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class RunState:
    """A run as it stands: RUNNING (with progress), FINISHED (with its report) or ABANDONED."""

    pk: int
    status: VerificationStatus
    requested_by: str
    requested_at: datetime
    total_entries: int
    checked_entries: int
    finished_at: datetime | None
    report: dict[str, Any] | None


def state_of(row: JournalVerificationRun, now: datetime | None = None) -> RunState:
    status = VerificationStatus(row.status)
    if status == VerificationStatus.RUNNING and row.heartbeat_at < (now or wall_clock()) - STALE:
        status = VerificationStatus.ABANDONED
    return RunState(
        pk=row.pk,
        status=status,
        requested_by=row.requested_by,
        requested_at=row.requested_at,
        total_entries=row.total_entries,
        checked_entries=row.checked_entries,
        finished_at=row.finished_at,
        report=row.report,
    )


async def state(pk: int) -> RunState | None:
    row = await JournalVerificationRun.get_or_none(pk=pk)
    return state_of(row) if row is not None else None


async def _abandon_stale(now: datetime) -> None:
    """Mark runs whose worker went quiet as abandoned, freeing the running slot."""
    async with transaction():
        await JournalVerificationRun.filter(
            status=VerificationStatus.RUNNING, heartbeat_at__lt=now - STALE
        ).update(status=VerificationStatus.ABANDONED, running_slot=None, finished_at=now)


async def start(requested_by: str, pins: list[Pin], given: dict[str, Any]) -> RunState:
    """Record a run and start verifying in the background; CONFLICT while another runs.

    ``pins`` are checked on the way; ``given`` is how the client gave them (kept on the run).
    """
    now = wall_clock()
    await _abandon_stale(now)
    total, _ = await store.head()
    try:
        async with transaction():
            row = await JournalVerificationRun.create(
                requested_by=requested_by,
                requested_at=now,
                status=VerificationStatus.RUNNING,
                running_slot=1,
                pins=given,
                total_entries=total,
                checked_entries=0,
                heartbeat_at=now,
            )
    except IntegrityError:
        running = await JournalVerificationRun.filter(running_slot=1).first()
        which = to_global_id("JournalVerificationRun", running.pk) if running else "another run"
        raise DomainError(
            ErrorCode.CONFLICT,
            f"A journal verification is already running ({which}); read its progress with "
            "`journalVerificationRun`, or start again once it has finished.",
        ) from None
    task = asyncio.create_task(_verify(row.pk, pins), name=f"journal-verification-{row.pk}")
    _running.add(task)
    task.add_done_callback(_running.discard)
    return state_of(row, now)


async def _verify(pk: int, pins: list[Pin]) -> None:
    checked = 0

    def advance(count: int) -> None:
        nonlocal checked
        checked += count

    async def beat() -> None:
        while True:
            await asyncio.sleep(BEAT_SECONDS)
            async with transaction():
                await JournalVerificationRun.filter(
                    pk=pk, status=VerificationStatus.RUNNING
                ).update(checked_entries=checked, heartbeat_at=wall_clock())

    heartbeat = asyncio.create_task(beat())
    outcome: dict[str, Any] | None = None
    try:
        outcome = (await store.verify_pinned(pins, advance)).as_dict()
    except Exception:
        log.exception("journal verification %s failed", pk)
        outcome = None
    finally:
        heartbeat.cancel()
        await asyncio.gather(heartbeat, return_exceptions=True)
        ended = VerificationStatus.FINISHED if outcome is not None else VerificationStatus.ABANDONED
        await asyncio.shield(_finish(pk, ended, checked, outcome))


async def _finish(
    pk: int, status: VerificationStatus, checked: int, report: dict[str, Any] | None
) -> None:
    now = wall_clock()
    async with transaction():
        await JournalVerificationRun.filter(pk=pk).update(
            status=status,
            running_slot=None,
            checked_entries=checked,
            heartbeat_at=now,
            finished_at=now,
            report=report,
        )


@asynccontextmanager
async def verification_runs() -> AsyncIterator[None]:
    """The app's lifetime for runs: at shutdown (before the database closes) this process's
    runs are cancelled, each recorded as ABANDONED."""
    try:
        yield
    finally:
        for task in list(_running):
            task.cancel()
        await asyncio.gather(*_running, return_exceptions=True)
