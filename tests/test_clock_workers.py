"""Two real server processes on one PostgreSQL database, each running the deadline clock every
0.1 s while commitments fall overdue and due soon: every transition and notice is journaled once.
(SQLite serves one process; its concurrent runs are tested in process, tests/api/test_clock.py.)"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import date

import pytest

from models import (
    Assignment,
    AssignmentRole,
    Commitment,
    CommitmentStatus,
    JournalEntry,
    UnitKind,
)
from resolvers import workdays
from resolvers.commitment.operations import PledgeDraft, pledge
from resolvers.context import SYSTEM
from resolvers.journal.store import verify_stored
from resolvers.journal.writer import journaled
from server.database import open_database
from tests.databases import BACKEND, DatabaseFactory
from tests.live import live_server

OVERDUE, DUE_SOON = 12, 40


async def pledge_many(
    assignment: Assignment, pledged_on: str, due_on: str, count: int
) -> list[int]:
    """``count`` commitments in one transaction: both clocks find them in the same moment."""
    draft = PledgeDraft(
        assignment_pk=assignment.pk,
        content="限期整改",
        target="整改到位",
        pledged_on=date.fromisoformat(pledged_on),
        due_on=date.fromisoformat(due_on),
    )
    async with journaled(SYSTEM) as journal:
        return [(await pledge(journal, draft)).pk for _ in range(count)]


async def journaled_once(action: str, pks: list[int]) -> Counter[int]:
    rows = await JournalEntry.filter(action=action, entity_type="Commitment", entity_id__in=pks)
    return Counter(row.entity_id for row in rows)


@pytest.mark.skipif(BACKEND != "postgres", reason="several server processes need PostgreSQL")
async def test_two_workers_transition_each_commitment_exactly_once(
    databases: DatabaseFactory,
) -> None:
    url = await databases.fresh(seeded=True)
    today = workdays.today()
    soon = workdays.add_workdays(today, 1)
    clock = {"DUTYGRAPH_CLOCK_INTERVAL": "0.1", "DUTYGRAPH_DUE_SOON_DAYS": "3"}
    with live_server(url, **clock), live_server(url, **clock):
        async with open_database(url):
            assignment = await Assignment.filter(
                role=AssignmentRole.LEAD,
                valid_to__isnull=True,
                unit__kind=UnitKind.MUNICIPAL_DEPARTMENT,
            ).first()
            assert assignment is not None
            # Notices first: with nothing overdue, only the journal lock keeps the clocks apart.
            due = await pledge_many(assignment, today.isoformat(), soon.isoformat(), DUE_SOON)
            await asyncio.sleep(0.5)
            late = await pledge_many(assignment, "2018-01-05", "2018-06-29", OVERDUE)
            for _ in range(600):
                overdue = await Commitment.filter(pk__in=late, status=CommitmentStatus.OVERDUE)
                noticed = await journaled_once("commitment.due_soon", due)
                if len(overdue) == OVERDUE and len(noticed) == DUE_SOON:
                    break
                await asyncio.sleep(0.05)
            # Let both clocks run a few more times over rows already handled.
            await asyncio.sleep(1.0)
            assert await journaled_once("commitment.overdue", late) == Counter(late)
            assert await journaled_once("commitment.due_soon", due) == Counter(due)
            assert (await verify_stored()).ok
