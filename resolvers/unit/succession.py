"""机构改革: what a succession moves to the successor on its day — open assignments, open
commitments and PPP stage responsibilities, each as its own journaled valid-time change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tortoise.expressions import Q

from models import (
    Assignment,
    Commitment,
    CommitmentStatus,
    PppHandOverReason,
    PppStageResponsibility,
    Unit,
)
from resolvers.errors import DomainError, ErrorCode
from resolvers.journal.writer import Journal, snapshot
from resolvers.ppp.handover import HandOver, hand_over
from resolvers.records import write_if
from resolvers.task.operations import AssignmentDraft, assign, end_assignment
from resolvers.validity import overlaps

#: Commitments still answering (not fulfilled, broken or withdrawn) move with the duties.
OPEN_COMMITMENTS = (CommitmentStatus.PLEDGED, CommitmentStatus.OVERDUE)


@dataclass(frozen=True)
class SuccessionMoves:
    assignments: int
    commitments: int
    ppp_responsibilities: int


def check_successor_open(successor: Unit, effective_on: date) -> None:
    if successor.valid_to is not None and successor.valid_to < effective_on:
        raise DomainError(
            ErrorCode.INVALID_TRANSITION,
            f"{successor.name} ended on {successor.valid_to}: a unit that has ended cannot take "
            f"over duties from {effective_on}. Name the unit that succeeded it instead.",
            "successorId",
        )


async def move_duties(
    journal: Journal, unit: Unit, successor: Unit, effective_on: date
) -> SuccessionMoves:
    """From ``effective_on`` the successor holds the unit's open duties; the unit's own rows end
    the day before (kept, never rewritten), so the past still shows the unit that held them."""
    last_day = effective_on - timedelta(days=1)
    reason = f"机构改革: {successor.name} takes over from {effective_on}"
    moved: dict[int, Assignment] = {}
    open_rows = await Assignment.filter(unit_id=unit.pk, valid_to__isnull=True).using_db(
        journal.connection
    )
    for row in open_rows:
        if row.valid_from is not None and row.valid_from > last_day:
            continue
        await end_assignment(journal, row.pk, last_day, reason)
        held = await Assignment.filter(
            task_id=row.task_id, unit_id=successor.pk, role=row.role
        ).using_db(journal.connection)
        same = [a for a in held if overlaps((a.valid_from, a.valid_to), (effective_on, None))]
        moved[row.pk] = (
            same[0]
            if same
            else await assign(
                journal,
                AssignmentDraft(
                    task_pk=row.task_id,
                    unit_pk=successor.pk,
                    role=row.role,
                    written_name=row.written_name,
                    ordinal=row.ordinal,
                    rule="SUCCESSION",
                    valid_from=effective_on,
                ),
            )
        )
    commitments = await Commitment.filter(
        unit_id=unit.pk, status__in=list(OPEN_COMMITMENTS)
    ).using_db(journal.connection)
    for commitment in commitments:
        before = snapshot(commitment)
        commitment.unit_id = successor.pk
        if commitment.assignment_id in moved:
            commitment.assignment_id = moved[commitment.assignment_id].pk
        commitment.version += 1
        if not await write_if(
            journal,
            commitment,
            Q(version=before["version"], status__in=list(OPEN_COMMITMENTS)),
        ):
            raise DomainError(
                ErrorCode.CONFLICT,
                f"Commitment {commitment.pk} changed during the succession: try again.",
                "unitId",
            )
        await journal.changed(commitment, before, "commitment.succession")
    responsibilities = await PppStageResponsibility.filter(
        unit_id=unit.pk, valid_to__isnull=True, valid_from__lt=effective_on
    ).using_db(journal.connection)
    for responsibility in responsibilities:
        await hand_over(
            journal,
            HandOver(
                responsibility_pk=responsibility.pk,
                person_pk=responsibility.person_id,
                effective_on=effective_on,
                reason=PppHandOverReason.REASSIGNMENT,
                note=reason,
                unit_pk=successor.pk,
            ),
        )
    return SuccessionMoves(len(moved), len(commitments), len(responsibilities))
