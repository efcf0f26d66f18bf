"""Applications a unit makes on its commitment (办结申请, 撤回申请, 延期申请) and the office's
decision on each (审核销号 / 审批): the only ways a commitment is fulfilled, a public commitment
withdrawn, or a due date moved. One application per commitment is pending at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from models import (
    ApplicationKind,
    ApplicationStatus,
    Commitment,
    CommitmentApplication,
    CommitmentStatus,
    Evidence,
    EvidenceStatus,
    SupervisionItem,
    SupervisionItemApplication,
)
from resolvers import workdays
from resolvers.commitment.operations import falls_due_on
from resolvers.errors import DomainError, ErrorCode, bad_input
from resolvers.event_dates import check_event_day
from resolvers.journal.writer import Journal
from resolvers.records import fetch, required_text
from resolvers.supervision.conditional import transition
from resolvers.supervision.independence import refuse_own_work

S = CommitmentStatus
K = ApplicationKind
R = TypeVar("R", Commitment, SupervisionItem)
A = TypeVar("A", CommitmentApplication, SupervisionItemApplication)
#: A commitment still being worked on: the only one a unit applies about.
OPEN = [S.PLEDGED, S.OVERDUE]

ACTIONS = {K.CLOSE: "close", K.WITHDRAW: "withdraw", K.EXTENSION: "extension"}


def refused(row: Commitment, kind: ApplicationKind) -> str:
    pending = row.pending_application
    return (
        f"Commitment {row.pk} is {row.status.value}"
        + (f" with a pending {pending.value} application" if pending else "")
        + f": it takes a {kind.value} application only while it is open (PLEDGED or OVERDUE) "
        "and no other application awaits the office's decision."
    )


async def mark_pending(
    journal: Journal,
    row: R,
    kind: ApplicationKind,
    action: str,
    *,
    open_guard: dict[str, Any],
    refusal: str,
    expected_version: int | None,
) -> R:
    """Mark ``row`` (a commitment or an item) as awaiting the office's decision on ``kind``: one
    conditional write, refused while it is not open or another application is pending."""
    return await transition(
        journal,
        row,
        {"pending_application": kind},
        action,
        guard={**open_guard, "pending_application__isnull": True},
        refusal=refusal,
        expected_version=expected_version,
    )


def check_new_due_on(new_due_on: date, due_on: date, applied_on: date) -> None:
    """An extension asks for a later due date that is not already past on the application day:
    BAD_USER_INPUT on ``newDueOn`` otherwise."""
    if new_due_on <= due_on:
        raise bad_input(
            f"`newDueOn` ({new_due_on}) must be after the current due date ({due_on}).", "newDueOn"
        )
    if new_due_on < applied_on:
        raise bad_input(
            f"`newDueOn` ({new_due_on}) must not be before the day of the application "
            f"({applied_on}): an extension moves the due date into the future.",
            "newDueOn",
        )


def extension_changes(row: Commitment | SupervisionItem, due_on: date) -> dict[str, object]:
    """An approved extension: the new due date, the first one kept on record."""
    return {"due_on": due_on, "original_due_on": row.original_due_on or row.due_on}


async def _open(
    journal: Journal,
    row: Commitment,
    kind: ApplicationKind,
    applied_on: date,
    reason: str,
    expected_version: int | None,
    **details: date | None,
) -> Applied:
    """Mark ``row`` as awaiting ``kind`` (conditionally) and record the application."""
    await mark_pending(
        journal,
        row,
        kind,
        f"commitment.{ACTIONS[kind]}_apply",
        open_guard={"status__in": OPEN},
        refusal=refused(row, kind),
        expected_version=expected_version,
    )
    application = await CommitmentApplication.create(
        commitment_id=row.pk,
        kind=kind,
        applied_on=applied_on,
        applicant=journal.actor.name,
        reason=reason,
        using_db=journal.connection,
        **details,
    )
    await journal.created(application, f"commitment_application.{ACTIONS[kind]}")
    return Applied(application, row)


@dataclass(frozen=True)
class Applied:
    """An application and its commitment, as stored after the step."""

    application: CommitmentApplication
    commitment: Commitment


def _check_open(row: Commitment, kind: ApplicationKind) -> None:
    if row.status not in OPEN or row.pending_application is not None:
        raise DomainError(ErrorCode.INVALID_TRANSITION, refused(row, kind), "id")


@dataclass(frozen=True)
class CloseDraft:
    commitment_pk: int
    fulfilled_on: date
    note: str
    applied_on: date | None = None
    expected_version: int | None = None


async def apply_close(journal: Journal, draft: CloseDraft) -> Applied:
    """办结申请: the unit says it kept the commitment and shows evidence; the office decides."""
    row = await fetch(Commitment, draft.commitment_pk, "Commitment", "id", journal)
    _check_open(row, K.CLOSE)
    check_event_day(draft.fulfilled_on, "fulfilledOn", row.pledged_on, "the pledge")
    applied_on = check_event_day(
        draft.applied_on or workdays.today(), "appliedOn", draft.fulfilled_on, "the fulfilment"
    )
    shown = Evidence.filter(
        commitment_id=row.pk, status__in=[EvidenceStatus.PENDING, EvidenceStatus.ACCEPTED]
    )
    if not await shown.using_db(journal.connection).exists():
        raise DomainError(
            ErrorCode.INVALID_TRANSITION,
            f"Commitment {row.pk} has no evidence that is not rejected: submit evidence "
            "(evidenceSubmit) before applying to close it.",
            "id",
        )
    return await _open(
        journal,
        row,
        K.CLOSE,
        applied_on,
        draft.note.strip(),
        draft.expected_version,
        fulfilled_on=draft.fulfilled_on,
    )


async def apply_withdraw(
    journal: Journal, pk: int, withdrawn_on: date, reason: str, expected_version: int | None
) -> Applied:
    """撤回申请: only before the commitment falls due; the office approves or refuses."""
    row = await fetch(Commitment, pk, "Commitment", "id", journal)
    _check_open(row, K.WITHDRAW)
    check_event_day(withdrawn_on, "on", row.pledged_on, "the pledge")
    if withdrawn_on > falls_due_on(row):
        raise DomainError(
            ErrorCode.INVALID_TRANSITION,
            f"Commitment {row.pk} fell due on {falls_due_on(row)}: it can no longer be withdrawn, "
            "only fulfilled (late) or broken.",
            "on",
        )
    text = required_text(reason, "reason", 2000)
    return await _open(journal, row, K.WITHDRAW, withdrawn_on, text, expected_version)


async def apply_extension(
    journal: Journal,
    pk: int,
    applied_on: date,
    due_on: date,
    reason: str,
    expected_version: int | None,
) -> Applied:
    """延期申请: a new due date and why; the due date moves only if the office approves."""
    row = await fetch(Commitment, pk, "Commitment", "id", journal)
    _check_open(row, K.EXTENSION)
    check_event_day(applied_on, "appliedOn", row.pledged_on, "the pledge")
    check_new_due_on(due_on, row.due_on, applied_on)
    text = required_text(reason, "reason", 2000)
    return await _open(
        journal,
        row,
        K.EXTENSION,
        applied_on,
        text,
        expected_version,
        requested_due_on=due_on,
        previous_due_on=row.due_on,
    )


def lateness(row: Commitment, fulfilled_on: date) -> dict[str, bool]:
    """Late against the approved due date, and against the due date as first pledged."""
    original = workdays.on_or_after(row.original_due_on or row.due_on)
    return {
        "fulfilled_late": fulfilled_on > falls_due_on(row),
        "late_against_original": fulfilled_on > original,
    }


def _effect(
    row: Commitment, application: CommitmentApplication, decided_on: date
) -> tuple[dict[str, object], str]:
    """What an accepted application does to its commitment, and the journal action."""
    if application.kind == K.CLOSE:
        assert application.fulfilled_on is not None
        late = lateness(row, application.fulfilled_on)
        # Kept on time while the office had not yet decided: the sweep's overdue mark was wrong.
        on_time = {} if late["fulfilled_late"] else {"overdue_since": None}
        return {
            "status": S.FULFILLED,
            "closed_on": application.fulfilled_on,
            **late,
            **on_time,
            "status_reason": application.reason,
        }, "commitment.fulfill"
    if application.kind == K.WITHDRAW:
        return {
            "status": S.WITHDRAWN,
            "closed_on": application.applied_on,
            "status_reason": application.reason,
        }, "commitment.withdraw"
    assert application.requested_due_on is not None
    changes = extension_changes(row, application.requested_due_on)
    if row.status == S.OVERDUE and workdays.on_or_after(application.requested_due_on) >= decided_on:
        changes |= {"status": S.PLEDGED, "overdue_since": None}
    return changes, "commitment.extend"


@dataclass(frozen=True)
class Decision:
    application_pk: int
    accepted: bool
    decided_on: date
    reason: str
    expected_version: int | None = None


async def settle(journal: Journal, application: A, decision: Decision, action_prefix: str) -> A:
    """Record the office's decision on a pending application (one conditional write: a second
    decider finds it decided and gets INVALID_TRANSITION, or CONFLICT if it read it earlier)."""
    check_event_day(decision.decided_on, "decidedOn", application.applied_on, "the application")
    reason = decision.reason.strip()
    if not decision.accepted:
        reason = required_text(decision.reason, "reason", 2000)
    status = ApplicationStatus.ACCEPTED if decision.accepted else ApplicationStatus.REJECTED
    return await transition(
        journal,
        application,
        {
            "status": status,
            "decided_on": decision.decided_on,
            "decided_by": journal.actor.name,
            "decision_reason": reason,
        },
        f"{action_prefix}.{status.value.lower()}",
        guard={"status": ApplicationStatus.PENDING},
        refusal=f"Application {application.pk} was already decided ({application.status.value}).",
        expected_version=decision.expected_version,
    )


async def decide(journal: Journal, decision: Decision) -> Applied:
    """The office accepts (办结销号 / 批准) or rejects (退回, with a reason) an application."""
    application = await fetch(
        CommitmentApplication, decision.application_pk, "CommitmentApplication", "id", journal
    )
    row = await fetch(Commitment, application.commitment_id, "Commitment", "id", journal)
    refuse_own_work(journal, f"application {application.pk}", [row.unit_id], application.applicant)
    await settle(journal, application, decision, "commitment_application")
    changes: dict[str, object] = {"pending_application": None}
    action = f"commitment.{ACTIONS[application.kind]}_rejected"
    if decision.accepted:
        effect, action = _effect(row, application, decision.decided_on)
        changes |= effect
    await transition(
        journal,
        row,
        changes,
        action,
        guard={"status__in": OPEN, "pending_application": application.kind},
        refusal=f"Commitment {row.pk} no longer awaits this application.",
    )
    return Applied(application, row)
