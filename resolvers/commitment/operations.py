"""Commitment rules: who may pledge on an assignment, the checked status transitions, the
overdue sweep on working days, and progress reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from models import (
    Assignment,
    Commitment,
    CommitmentStatus,
    Person,
    Position,
    ProgressReport,
    Unit,
    UnitKind,
    UnitMembership,
    UrgingTrigger,
)
from resolvers import workdays
from resolvers.errors import DomainError, ErrorCode, bad_input
from resolvers.event_dates import check_event_day, check_report_period
from resolvers.journal.writer import Journal
from resolvers.records import fetch, required_text, sources_of, update_record
from resolvers.reporting_period import parse_period
from resolvers.supervision.urging import urge_automatically
from resolvers.validity import holds_on

S = CommitmentStatus

#: Which status a commitment may move to from each status; anything else is INVALID_TRANSITION.
TRANSITIONS: dict[CommitmentStatus, frozenset[CommitmentStatus]] = {
    S.PLEDGED: frozenset({S.FULFILLED, S.OVERDUE, S.BROKEN, S.WITHDRAWN}),
    S.OVERDUE: frozenset({S.FULFILLED, S.BROKEN}),
    S.FULFILLED: frozenset(),
    S.BROKEN: frozenset(),
    S.WITHDRAWN: frozenset(),
}


_FULFILLABLE = sources_of(TRANSITIONS, S.FULFILLED)
_BREAKABLE = sources_of(TRANSITIONS, S.BROKEN)
_WITHDRAWABLE = sources_of(TRANSITIONS, S.WITHDRAWN)


def check_transition(row: Commitment, target: CommitmentStatus) -> None:
    if target not in TRANSITIONS[row.status]:
        allowed = ", ".join(sorted(s.value for s in TRANSITIONS[row.status])) or "nothing"
        raise DomainError(
            ErrorCode.INVALID_TRANSITION,
            f"Commitment {row.pk} is {row.status.value}: it cannot become {target.value} "
            f"(it can become {allowed}).",
            "id",
        )


def check_no_pending(row: Commitment) -> None:
    """A commitment awaiting the office's decision on an application moves by that decision."""
    if row.pending_application is not None:
        raise DomainError(
            ErrorCode.INVALID_TRANSITION,
            f"Commitment {row.pk} has a pending {row.pending_application.value} application: "
            "the supervision office decides it first.",
            "id",
        )


def falls_due_on(row: Commitment) -> date:
    """The working day the commitment falls due: its due date, or the next working day."""
    return workdays.on_or_after(row.due_on)


def first_overdue_day(due_on: date) -> date:
    """The day a commitment (or supervision item) due on ``due_on`` becomes overdue (逾期起始):
    the first day after its due working day. The sweep, the warning cards and the exports all
    say this day."""
    return workdays.on_or_after(due_on) + timedelta(days=1)


def overdue_since(row: Commitment) -> date:
    """Since when ``row`` is (or would be) overdue: as the sweep marked it, else as it would."""
    return row.overdue_since or first_overdue_day(row.due_on)


def check_not_before(day: date, earliest: date, field: str, what: str) -> None:
    if day < earliest:
        raise bad_input(f"`{field}` ({day}) is before {what} ({earliest}).", field)


@dataclass(frozen=True)
class PledgeDraft:
    assignment_pk: int
    content: str
    target: str
    pledged_on: date
    due_on: date
    unit_pk: int | None = None
    person_pk: int | None = None
    public: bool = False


async def acting_unit(journal: Journal, assignment: Assignment, draft: PledgeDraft) -> int:
    """The pledging unit: the assigned unit, or for a collective one of its members that day."""
    assigned = await fetch(Unit, assignment.unit_id, "Unit", "assignmentId", journal)
    if assigned.kind != UnitKind.COLLECTIVE:
        if draft.unit_pk not in (None, assigned.pk):
            raise bad_input(f"Only {assigned.name} can pledge on this assignment.", "unitId")
        return assigned.pk
    if draft.unit_pk is None:
        raise bad_input(
            f"{assigned.name} is a collective: name the member unit that pledges.", "unitId"
        )
    await fetch(Unit, draft.unit_pk, "Unit", "unitId", journal)
    links = await UnitMembership.filter(
        collective_id=assigned.pk, member_id=draft.unit_pk
    ).using_db(journal.connection)
    if not any(holds_on(link, draft.pledged_on) for link in links):
        raise bad_input(
            f"The unit is not a member of {assigned.name} on {draft.pledged_on}.", "unitId"
        )
    return draft.unit_pk


async def check_person(
    journal: Journal, person_pk: int, unit_pk: int, day: date, field: str = "responsiblePersonId"
) -> None:
    """The person exists and holds a post in the pledging unit on ``day`` (else ``field``)."""
    await fetch(Person, person_pk, "Person", field, journal)
    posts = await Position.filter(person_id=person_pk, unit_id=unit_pk).using_db(journal.connection)
    if not any(holds_on(post, day) for post in posts):
        raise bad_input(f"The person holds no position in the pledging unit on {day}.", field)


async def pledge(journal: Journal, draft: PledgeDraft) -> Commitment:
    assignment = await fetch(Assignment, draft.assignment_pk, "Assignment", "assignmentId", journal)
    check_event_day(draft.pledged_on, "pledgedOn")
    if not holds_on(assignment, draft.pledged_on):
        raise bad_input(f"The assignment does not hold on {draft.pledged_on}.", "pledgedOn")
    check_not_before(draft.due_on, draft.pledged_on, "dueOn", "the pledge")
    unit_pk = await acting_unit(journal, assignment, draft)
    if draft.person_pk is not None:
        await check_person(journal, draft.person_pk, unit_pk, draft.pledged_on)
    row = await Commitment.create(
        assignment_id=assignment.pk,
        unit_id=unit_pk,
        responsible_person_id=draft.person_pk,
        content=required_text(draft.content, "content", 5000),
        target=required_text(draft.target, "target", 2000),
        pledged_on=draft.pledged_on,
        due_on=draft.due_on,
        public=draft.public,
        using_db=journal.connection,
    )
    await journal.created(row, "commitment.pledge")
    return row


async def fulfill(
    journal: Journal, pk: int, fulfilled_on: date, note: str, expected_version: int | None
) -> Commitment:
    row = await fetch(Commitment, pk, "Commitment", "id", journal)
    check_transition(row, S.FULFILLED)
    check_event_day(fulfilled_on, "fulfilledOn", row.pledged_on, "the pledge")
    changes = {
        "status": S.FULFILLED,
        "closed_on": fulfilled_on,
        "fulfilled_late": fulfilled_on > falls_due_on(row),
        "status_reason": note.strip(),
    }
    return await update_record(
        journal, row, changes, expected_version, "commitment.fulfill", from_status=_FULFILLABLE
    )


async def break_(
    journal: Journal, pk: int, broken_on: date, reason: str, expected_version: int | None
) -> Commitment:
    row = await fetch(Commitment, pk, "Commitment", "id", journal)
    check_transition(row, S.BROKEN)
    check_no_pending(row)
    check_event_day(broken_on, "on", row.pledged_on, "the pledge")
    changes = {
        "status": S.BROKEN,
        "closed_on": broken_on,
        "status_reason": required_text(reason, "reason", 2000),
    }
    return await update_record(
        journal, row, changes, expected_version, "commitment.break", from_status=_BREAKABLE
    )


async def withdraw(
    journal: Journal, pk: int, withdrawn_on: date, reason: str, expected_version: int | None
) -> Commitment:
    """Only a commitment that has not fallen due may be withdrawn; later it is kept or broken."""
    row = await fetch(Commitment, pk, "Commitment", "id", journal)
    check_transition(row, S.WITHDRAWN)
    if row.public:
        raise DomainError(
            ErrorCode.INVALID_TRANSITION,
            f"Commitment {row.pk} is public (公开承诺): it is withdrawn only with the supervision "
            "office's approval. Apply with commitmentWithdrawApply.",
            "id",
        )
    check_no_pending(row)
    check_event_day(withdrawn_on, "on", row.pledged_on, "the pledge")
    if withdrawn_on > falls_due_on(row):
        raise DomainError(
            ErrorCode.INVALID_TRANSITION,
            f"Commitment {row.pk} fell due on {falls_due_on(row)}: it can no longer be withdrawn, "
            "only fulfilled (late) or broken.",
            "on",
        )
    changes = {
        "status": S.WITHDRAWN,
        "closed_on": withdrawn_on,
        "status_reason": required_text(reason, "reason", 2000),
    }
    return await update_record(
        journal, row, changes, expected_version, "commitment.withdraw", from_status=_WITHDRAWABLE
    )


async def mark_overdue(journal: Journal, as_of: date) -> list[Commitment]:
    """Move pledged commitments whose due working day is before ``as_of`` to OVERDUE.

    Idempotent: a commitment is marked once (an OVERDUE one is no longer PLEDGED), and
    ``overdue_since`` is the day after it fell due whatever day the sweep runs.
    """
    check_event_day(as_of, "asOf")
    candidates = (
        await Commitment.filter(status=S.PLEDGED, due_on__lt=as_of, pledged_on__lte=as_of)
        .select_for_update()
        .using_db(journal.connection)
        .order_by("due_on", "id")
    )
    marked = []
    for row in candidates:
        if as_of > falls_due_on(row):
            changes = {"status": S.OVERDUE, "overdue_since": first_overdue_day(row.due_on)}
            marked.append(
                await update_record(
                    journal, row, changes, None, "commitment.overdue", from_status={S.PLEDGED}
                )
            )
    # Every newly overdue commitment gets the clock's urging notice (催办) to its unit.
    await urge_automatically(journal, marked, UrgingTrigger.OVERDUE, as_of)
    return marked


@dataclass(frozen=True)
class ProgressDraft:
    commitment_pk: int
    period: str
    text: str
    percent_complete: int
    reported_on: date
    person_pk: int | None = None


async def report_progress(journal: Journal, draft: ProgressDraft) -> ProgressReport:
    row = await fetch(Commitment, draft.commitment_pk, "Commitment", "commitmentId", journal)
    if row.status not in (S.PLEDGED, S.OVERDUE):
        raise DomainError(
            ErrorCode.INVALID_TRANSITION,
            f"Commitment {row.pk} is {row.status.value}: progress is reported only on pledged "
            "or overdue commitments.",
            "commitmentId",
        )
    if not 0 <= draft.percent_complete <= 100:
        raise bad_input("`percentComplete` must be between 0 and 100.", "percentComplete")
    check_event_day(draft.reported_on, "reportedOn", row.pledged_on, "the pledge")
    period = parse_period(draft.period)
    check_report_period(
        period.starts_on,
        period.ends_on,
        draft.reported_on,
        (row.pledged_on, row.due_on),
        ("the pledge", "the due date"),
    )
    if draft.person_pk is not None:
        await check_person(
            journal, draft.person_pk, row.unit_id, draft.reported_on, "submittedById"
        )
    report = await ProgressReport.create(
        commitment_id=row.pk,
        period=period.name,
        text=required_text(draft.text, "text", 10000),
        percent_complete=draft.percent_complete,
        submitted_by_id=draft.person_pk,
        reported_on=draft.reported_on,
        using_db=journal.connection,
    )
    await journal.created(report, "progress_report.submit")
    return report
