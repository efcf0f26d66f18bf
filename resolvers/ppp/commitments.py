"""Government commitment rules: a commitment falls under the plan task of its project by
default, is fulfilled once, and a breach marks it broken with whoever answered for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from models import (
    Person,
    PppBreach,
    PppCommitment,
    PppCommitmentKind,
    PppCommitmentStatus,
    PppContract,
    PppProject,
    Task,
    Unit,
)
from resolvers.credit import drafts
from resolvers.errors import DomainError, ErrorCode, bad_input
from resolvers.event_dates import check_event_day
from resolvers.journal.writer import Journal
from resolvers.ppp.operations import check_amount
from resolvers.records import fetch, required_text, update_record

#: Fulfilment and breach both start from a commitment not yet fulfilled.
_UNFULFILLED = frozenset({PppCommitmentStatus.OPEN, PppCommitmentStatus.BREACHED})


@dataclass(frozen=True)
class CommitmentDraft:
    project_pk: int
    kind: PppCommitmentKind
    description: str
    due_on: date
    unit_pk: int | None = None
    contract_pk: int | None = None
    task_pk: int | None = None
    amount: Decimal | None = None


async def create_commitment(journal: Journal, draft: CommitmentDraft) -> PppCommitment:
    """Unit defaults to the implementing agency, task to the project's plan task."""
    project = await fetch(PppProject, draft.project_pk, "PppProject", "projectId", journal)
    unit_pk = draft.unit_pk if draft.unit_pk is not None else project.implementing_agency_id
    await fetch(Unit, unit_pk, "Unit", "unitId", journal)
    if draft.contract_pk is not None:
        contract = await fetch(PppContract, draft.contract_pk, "PppContract", "contractId", journal)
        if contract.project_id != project.pk:
            raise bad_input("The contract belongs to another project.", "contractId")
    task_pk = draft.task_pk if draft.task_pk is not None else project.task_id
    if task_pk is not None:
        await fetch(Task, task_pk, "Task", "taskId", journal)
    row = await PppCommitment.create(
        project_id=project.pk,
        contract_id=draft.contract_pk,
        task_id=task_pk,
        unit_id=unit_pk,
        kind=draft.kind,
        description=required_text(draft.description, "description", 4000),
        amount=check_amount(draft.amount, "amount"),
        due_on=draft.due_on,
        using_db=journal.connection,
    )
    await journal.created(row)
    return row


async def fulfil_commitment(
    journal: Journal, pk: int, fulfilled_on: date, expected_version: int | None
) -> PppCommitment:
    """Fulfilment after a breach is allowed (late performance); the breach stays on record."""
    row = await fetch(PppCommitment, pk, "PppCommitment", "commitmentId", journal)
    if row.status == PppCommitmentStatus.FULFILLED:
        raise DomainError(
            ErrorCode.INVALID_TRANSITION, "This commitment is already fulfilled.", "commitmentId"
        )
    check_event_day(fulfilled_on, "fulfilledOn")
    return await update_record(
        journal,
        row,
        {"status": PppCommitmentStatus.FULFILLED, "fulfilled_on": fulfilled_on},
        expected_version,
        "pppcommitment.fulfil",
        from_status=_UNFULFILLED,
    )


@dataclass(frozen=True)
class BreachDraft:
    commitment_pk: int
    occurred_on: date
    description: str
    cited_reason: str = ""
    person_pk: int | None = None
    unit_pk: int | None = None
    #: Open the person's draft dishonesty record (the seed's curated example opens none).
    opens_draft: bool = True


async def record_breach(journal: Journal, draft: BreachDraft) -> PppBreach:
    commitment = await fetch(
        PppCommitment, draft.commitment_pk, "PppCommitment", "commitmentId", journal
    )
    if commitment.status == PppCommitmentStatus.FULFILLED:
        raise DomainError(
            ErrorCode.INVALID_TRANSITION,
            "A fulfilled commitment cannot be breached afterwards.",
            "commitmentId",
        )
    check_event_day(draft.occurred_on, "occurredOn")
    if draft.person_pk is not None:
        await fetch(Person, draft.person_pk, "Person", "personId", journal)
    unit_pk = draft.unit_pk if draft.unit_pk is not None else commitment.unit_id
    await fetch(Unit, unit_pk, "Unit", "unitId", journal)
    breach = await PppBreach.create(
        project_id=commitment.project_id,
        commitment_id=commitment.pk,
        person_id=draft.person_pk,
        unit_id=unit_pk,
        occurred_on=draft.occurred_on,
        description=required_text(draft.description, "description", 4000),
        cited_reason=draft.cited_reason.strip(),
        using_db=journal.connection,
    )
    await journal.created(breach)
    # Plan 一(三)2: the responsible person's credit record (a draft the administrator decides).
    if draft.opens_draft:
        await drafts.open_for_breach(journal, breach)
    if commitment.status != PppCommitmentStatus.BREACHED:
        await update_record(
            journal,
            commitment,
            {"status": PppCommitmentStatus.BREACHED},
            None,
            "pppcommitment.breach",
            from_status=_UNFULFILLED,
        )
    return breach
