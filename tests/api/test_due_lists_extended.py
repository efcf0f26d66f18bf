"""The due-date lists as of a past day judge each commitment by the due date in force that day:
an extension (延期) the office accepted later had not yet moved it. Checked against a Python
oracle on a generated year with one or two extensions on a third of the commitments (and
rejected ones as noise), on both paths the lists take: the moved commitments named by ID (a few
later extensions) and matched by subqueries (many)."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from copy import copy
from datetime import date, timedelta

import pytest
from tortoise.expressions import Subquery

from models import (
    ApplicationKind,
    ApplicationStatus,
    Assignment,
    Commitment,
    CommitmentApplication,
    CommitmentStatus,
    Unit,
    UnitKind,
)
from resolvers import workdays
from resolvers.commitment import due
from resolvers.commitment.due import open_on
from resolvers.commitment.operations import falls_due_on
from server.database import open_database
from tests.api.test_lists_sql import DUE_WITHIN, OVERDUE, ids, walk
from tests.conftest import GraphQLClient, StatementCounter, running
from tests.databases import DatabaseFactory

#: Days before, between and after the generated decisions (which fall in 2018).
DAYS = ["2018-02-12", "2018-04-08", "2018-06-01", "2018-08-15", "2018-10-08", "2018-12-31"]


@pytest.fixture(scope="module")
async def extended_url(databases: DatabaseFactory) -> str:
    """The seed plus 400 commitments due across 2018; a third extended once or twice."""
    url = await databases.fresh(seeded=True)
    draw = random.Random(2018)
    async with open_database(url):
        collectives = Unit.filter(kind=UnitKind.COLLECTIVE).values("id")
        assignments = await Assignment.exclude(unit_id__in=Subquery(collectives)).order_by("id")
        for n in range(400):
            assignment = assignments[n % len(assignments)]
            first_due = date(2018, 1, 15) + timedelta(days=draw.randint(0, 300))
            pledged = first_due - timedelta(days=draw.randint(5, 60))
            status = draw.choice(list(CommitmentStatus))
            closed = None
            if status not in (CommitmentStatus.PLEDGED, CommitmentStatus.OVERDUE):
                closed = first_due + timedelta(days=draw.randint(-20, 90))
            due_on, decided, applications = first_due, pledged, []
            for _ in range(draw.choice([0, 0, 1, 2])):
                decided += timedelta(days=draw.randint(3, 80))
                new_due = due_on + timedelta(days=draw.randint(1, 60))
                applications.append((decided, due_on, new_due, ApplicationStatus.ACCEPTED))
                due_on = new_due
            if draw.random() < 0.2:  # a rejected one moves nothing
                later = decided + timedelta(days=draw.randint(1, 30))
                applications.append(
                    (later, due_on, due_on + timedelta(days=9), ApplicationStatus.REJECTED)
                )
            row = await Commitment.create(
                assignment_id=assignment.pk,
                unit_id=assignment.unit_id,
                content=f"延期承诺{n}",
                target="目标",
                pledged_on=pledged,
                due_on=due_on,
                original_due_on=first_due if due_on != first_due else None,
                status=status,
                closed_on=closed,
            )
            for decided_on, previous, requested, decision in applications:
                await CommitmentApplication.create(
                    commitment_id=row.pk,
                    kind=ApplicationKind.EXTENSION,
                    status=decision,
                    applied_on=decided_on - timedelta(days=2),
                    applicant="单位",
                    requested_due_on=requested,
                    previous_due_on=previous,
                    decided_on=decided_on,
                )
    return url


@pytest.fixture
async def extended(extended_url: str) -> AsyncIterator[tuple[GraphQLClient, str]]:
    async with running(extended_url) as (_, client):
        yield client, extended_url


async def judged_then(day: date) -> list[tuple[Commitment, Commitment]]:
    """Commitments open on ``day`` as stored and as judged then: with the due date then in
    force (the oracle's own reading: the previous due date of the first accepted extension
    decided after the day)."""
    later: dict[int, tuple[date, date]] = {}
    for application in await CommitmentApplication.filter(
        kind=ApplicationKind.EXTENSION, status=ApplicationStatus.ACCEPTED
    ):
        decided, previous = application.decided_on, application.previous_due_on
        assert decided is not None
        assert previous is not None
        known = later.get(application.commitment_id)
        if decided > day and (known is None or decided < known[0]):
            later[application.commitment_id] = (decided, previous)
    judged = []
    for row in await Commitment.filter(open_on(day)).order_by("due_on", "id"):
        then = row
        if row.pk in later:
            then = copy(row)
            then.due_on = later[row.pk][1]
        judged.append((row, then))
    return judged


async def oracle_overdue(day: date) -> list[int]:
    """Chosen by the due date then in force, in the lists' order (the recorded due date)."""
    return [row.pk for row, then in await judged_then(day) if falls_due_on(then) < day]


async def oracle_due_within(day: date, working_days: int) -> list[int]:
    limit = workdays.add_workdays(day, working_days)
    rows = await judged_then(day)
    return [row.pk for row, then in rows if day <= falls_due_on(then) <= limit]


@pytest.mark.parametrize("named", [1000, 0], ids=["named", "subqueries"])
async def test_past_lists_judge_by_the_due_date_then_in_force(
    extended: tuple[GraphQLClient, str], monkeypatch: pytest.MonkeyPatch, named: int
) -> None:
    client, url = extended
    monkeypatch.setattr(due, "NAMED_EXTENSIONS", named)
    moved = 0
    for text in DAYS:
        day = date.fromisoformat(text)
        overdue = await walk(client, OVERDUE, "overdueCommitments", asOf=text)
        within = await walk(client, DUE_WITHIN, "commitmentsDueWithin", asOf=text, days=15)
        async with open_database(url):
            assert overdue == ids(await oracle_overdue(day)), text
            assert within == ids(await oracle_due_within(day, 15)), text
            moved += await CommitmentApplication.filter(
                kind=ApplicationKind.EXTENSION,
                status=ApplicationStatus.ACCEPTED,
                decided_on__gt=day,
                commitment_id__in=await oracle_overdue(day),
            ).count()
        assert overdue, text
        assert within, text
    assert moved > 10  # the days really list commitments a later extension moved


async def test_a_past_list_reads_the_later_extensions_in_one_more_statement(
    extended: tuple[GraphQLClient, str], sql_statements: StatementCounter
) -> None:
    """Named by ID, the moved commitments cost one statement; the page and count stay plain."""
    client, _ = extended
    sql_statements.statements.clear()
    await client.data(OVERDUE, {"asOf": DAYS[2], "first": 5})
    past = list(sql_statements.statements)
    sql_statements.statements.clear()
    await client.data(OVERDUE, {"first": 5})
    today = list(sql_statements.statements)
    assert len(past) == len(today) + 1
    assert sum("commitment_application" in text for text in past) == 1
    assert not any("commitment_application" in text for text in today)
