"""Notices the clock writes to the journal without changing the row (before equals after), so
they become events and the row's history stays whole: due soon, and sanctions past deadline."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TypeVar

from models import (
    Commitment,
    CommitmentStatus,
    DishonestySanction,
    JournalEntry,
    SanctionStatus,
)
from resolvers import workdays
from resolvers.commitment.operations import falls_due_on
from resolvers.journal.writer import Journal, snapshot

DUE_SOON = "commitment.due_soon"
SANCTION_OVERDUE = "dishonesty_sanction.overdue"

Due = TypeVar("Due", Commitment, DishonestySanction)


async def noticed(journal: Journal, action: str, rows: Sequence[Due]) -> set[tuple[int, str]]:
    """(row pk, due date) pairs that already have an ``action`` notice."""
    if not rows:
        return set()
    entries = await JournalEntry.filter(
        action=action,
        entity_type=type(rows[0]).__name__,
        entity_id__in=[row.pk for row in rows],
    ).using_db(journal.connection)
    return {(entry.entity_id, (entry.after or {}).get("due_on", "")) for entry in entries}


async def notice(journal: Journal, action: str, rows: Sequence[Due]) -> list[Due]:
    """Write ``action`` for each row not yet noticed for its current due date."""
    done = await noticed(journal, action, rows)
    fresh = [row for row in rows if (row.pk, str(row.due_on)) not in done]
    for row in fresh:
        await journal.changed(row, snapshot(row), action)
    return fresh


async def commitments_due_soon(
    journal: Journal, as_of: date, working_days: int
) -> list[Commitment]:
    """Pledged commitments falling due within ``working_days`` working days of ``as_of``
    (0: due that day), each noticed once per due date."""
    horizon = workdays.add_workdays(as_of, working_days)
    candidates = (
        await Commitment.filter(
            status=CommitmentStatus.PLEDGED,
            pledged_on__lte=as_of,
            due_on__gte=as_of - workdays.LONGEST_BREAK,
            due_on__lte=horizon,
        )
        .using_db(journal.connection)
        .order_by("due_on", "id")
    )
    due = [row for row in candidates if as_of <= falls_due_on(row) <= horizon]
    return await notice(journal, DUE_SOON, due)


async def sanctions_overdue(journal: Journal, as_of: date) -> list[DishonestySanction]:
    """Imposed sanctions whose deadline fell due (the next working day after a rest-day
    deadline) before ``as_of``, each noticed once per deadline."""
    candidates = (
        await DishonestySanction.filter(
            status=SanctionStatus.IMPOSED, due_on__isnull=False, due_on__lt=as_of
        )
        .using_db(journal.connection)
        .order_by("due_on", "id")
    )
    late = [row for row in candidates if row.due_on and workdays.on_or_after(row.due_on) < as_of]
    return await notice(journal, SANCTION_OVERDUE, late)
