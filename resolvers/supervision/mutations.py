"""Supervision-cycle mutations: a unit applies (办结/撤回/延期) for its own commitment, the office
decides each application and corrects closed records."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import CommitmentStatus as StatusRow
from models import UrgingChannel as ChannelRow
from resolvers.global_ids import pk_of
from resolvers.mutation import INPUT, in_journal
from resolvers.supervision import applications, corrections, urging
from schema.commitment import Commitment, CommitmentStatus
from schema.supervision import CommitmentApplication, Correction, Urging, UrgingChannel

if TYPE_CHECKING:
    from resolvers.context import Context

VERSION = "预期版本 — fail with CONFLICT unless the commitment is at this version."


@strawberry.input(description="办结申请 — a unit applies to close its commitment as kept.")
class CommitmentCloseApplyInput:
    id: strawberry.ID = strawberry.field(description="承诺ID — the commitment.")
    fulfilled_on: date = strawberry.field(
        description="践诺日期 — day it was kept (not in the future, not before the pledge)."
    )
    note: str = strawberry.field(default="", description="办结说明 — how it was kept.")
    applied_on: date | None = strawberry.field(
        default=None, description="申请日期 — day of the application; omitted: today."
    )
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(description="撤回申请 — a unit applies to withdraw its commitment.")
class CommitmentWithdrawApplyInput:
    id: strawberry.ID = strawberry.field(description="承诺ID — the commitment.")
    on: date = strawberry.field(
        description="撤回日期 — day it is withdrawn (not after the day it falls due)."
    )
    reason: str = strawberry.field(description="撤回理由 — why (required, kept on record).")
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(description="延期申请 — a unit applies for a later due date.")
class CommitmentExtensionApplyInput:
    id: strawberry.ID = strawberry.field(description="承诺ID — the commitment.")
    applied_on: date = strawberry.field(description="申请日期 — day of the application.")
    new_due_on: date = strawberry.field(
        description="申请延期至 — the due date asked for (after the current one)."
    )
    reason: str = strawberry.field(description="延期理由 — why (required).")
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.enum(description="审核结论 — the supervision office's decision on an application.")
class ApplicationDecision(Enum):
    ACCEPTED = strawberry.enum_value(
        "ACCEPTED", description="通过 — accept: close (销号), withdraw, or move the due date."
    )
    REJECTED = strawberry.enum_value(
        "REJECTED", description="退回 — refuse with a reason; the commitment goes back to work."
    )


@strawberry.input(description="审核申请 — the office decides a pending application.")
class CommitmentApplicationDecideInput:
    id: strawberry.ID = strawberry.field(description="申请ID — the application.")
    decision: ApplicationDecision = strawberry.field(description="审核结论 — accept or reject.")
    decided_on: date = strawberry.field(
        description="审核日期 — day of the decision (not in the future, nor before the "
        "application)."
    )
    reason: str = strawberry.field(
        default="", description="审核意见 — the office's reason (required to reject)."
    )
    expected_version: int | None = strawberry.field(
        default=None,
        description="预期版本 — fail with CONFLICT unless the application is at this version.",
    )


def decision_of(input: CommitmentApplicationDecideInput, type_name: str) -> applications.Decision:
    """The office's decision on the application ``input.id`` (a ``type_name`` global ID)."""
    return applications.Decision(
        application_pk=pk_of(input.id, type_name),
        accepted=input.decision == ApplicationDecision.ACCEPTED,
        decided_on=input.decided_on,
        reason=input.reason,
        expected_version=input.expected_version,
    )


@strawberry.input(description="更正 — the office corrects a closed commitment, with a reason.")
class CommitmentCorrectInput:
    id: strawberry.ID = strawberry.field(description="承诺ID — the closed commitment.")
    reason: str = strawberry.field(description="更正理由 — why (required, kept on record).")
    closed_on: date | None = strawberry.field(
        default=None, description="办结日期 — the right day it closed (omitted: unchanged)."
    )
    status: CommitmentStatus | None = strawberry.field(
        default=None,
        description="结果 — the right outcome: FULFILLED, BROKEN or WITHDRAWN (omitted: "
        "unchanged).",
    )
    corrected_on: date | None = strawberry.field(
        default=None, description="更正日期 — day of the correction; omitted: today."
    )
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(description="催办 — the office urges the unit of an open commitment.")
class UrgingRecordInput:
    commitment_id: strawberry.ID = strawberry.field(description="承诺ID — the commitment.")
    urged_on: date = strawberry.field(description="催办日期 — day of the notice.")
    channel: UrgingChannel = strawberry.field(
        description="催办方式 — how (AUTOMATIC is the clock's own)."
    )
    text: str = strawberry.field(description="催办内容 — what the notice says.")


@strawberry.input(description="签收 — the urged unit acknowledges an urging notice.")
class UrgingAcknowledgeInput:
    id: strawberry.ID = strawberry.field(description="催办ID — the urging notice.")
    acknowledged_on: date = strawberry.field(
        description="签收日期 — day it was received (not before the notice, not in the future)."
    )
    expected_version: int | None = strawberry.field(
        default=None, description="预期版本 — fail with CONFLICT unless it is at this version."
    )


@strawberry.type(description="催办结果 — the urging notice as stored.")
class UrgingPayload:
    urging: Urging = strawberry.field(description="催办 — as stored.")


@strawberry.type(description="申请结果 — the application and its commitment after the step.")
class CommitmentApplicationPayload:
    application: CommitmentApplication = strawberry.field(description="申请 — as stored.")
    commitment: Commitment = strawberry.field(description="承诺 — as stored after the step.")


@strawberry.type(description="更正结果 — the correction and the corrected commitment.")
class CommitmentCorrectPayload:
    correction: Correction = strawberry.field(description="更正记录 — old and new values.")
    commitment: Commitment = strawberry.field(description="承诺 — as stored after the correction.")


def _payload(done: applications.Applied) -> CommitmentApplicationPayload:
    return CommitmentApplicationPayload(
        application=CommitmentApplication.from_model(done.application),
        commitment=Commitment.from_model(done.commitment),
    )


@strawberry.type(description="督办闭环变更 — applications, the office's decisions, corrections.")
class SupervisionMutation:
    @strawberry.mutation(
        description="办结申请 — apply to close a commitment as kept (it needs evidence that is "
        "not rejected); it is FULFILLED only when the office accepts."
    )
    async def commitment_close_apply(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[CommitmentCloseApplyInput, strawberry.argument(description=INPUT)],
    ) -> CommitmentApplicationPayload:
        draft = applications.CloseDraft(
            commitment_pk=pk_of(input.id, "Commitment"),
            fulfilled_on=input.fulfilled_on,
            note=input.note,
            applied_on=input.applied_on,
            expected_version=input.expected_version,
        )
        return _payload(await in_journal(info, lambda j: applications.apply_close(j, draft)))

    @strawberry.mutation(
        description="撤回申请 — apply to withdraw a commitment before it falls due (needed for a "
        "public commitment); withdrawn only when the office accepts."
    )
    async def commitment_withdraw_apply(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[CommitmentWithdrawApplyInput, strawberry.argument(description=INPUT)],
    ) -> CommitmentApplicationPayload:
        pk = pk_of(input.id, "Commitment")
        done = await in_journal(
            info,
            lambda j: applications.apply_withdraw(
                j, pk, input.on, input.reason, input.expected_version
            ),
        )
        return _payload(done)

    @strawberry.mutation(
        description="延期申请 — apply for a later due date; the due date moves only when the "
        "office approves, and the original stays on record."
    )
    async def commitment_extension_apply(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[CommitmentExtensionApplyInput, strawberry.argument(description=INPUT)],
    ) -> CommitmentApplicationPayload:
        pk = pk_of(input.id, "Commitment")
        done = await in_journal(
            info,
            lambda j: applications.apply_extension(
                j, pk, input.applied_on, input.new_due_on, input.reason, input.expected_version
            ),
        )
        return _payload(done)

    @strawberry.mutation(
        description="审核申请 — the office accepts (办结销号 / 批准) or rejects (退回) a pending "
        "application."
    )
    async def commitment_application_decide(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[CommitmentApplicationDecideInput, strawberry.argument(description=INPUT)],
    ) -> CommitmentApplicationPayload:
        decision = decision_of(input, "CommitmentApplication")
        return _payload(await in_journal(info, lambda j: applications.decide(j, decision)))

    @strawberry.mutation(
        description="更正 — correct a closed commitment's day or outcome, with a reason; the old "
        "values stay in the correction and the journal."
    )
    async def commitment_correct(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[CommitmentCorrectInput, strawberry.argument(description=INPUT)],
    ) -> CommitmentCorrectPayload:
        draft = corrections.CorrectionDraft(
            commitment_pk=pk_of(input.id, "Commitment"),
            reason=input.reason,
            closed_on=input.closed_on,
            status=StatusRow(input.status.name) if input.status else None,
            corrected_on=input.corrected_on,
            expected_version=input.expected_version,
        )
        correction, row = await in_journal(info, lambda j: corrections.correct(j, draft))
        return CommitmentCorrectPayload(
            correction=Correction.from_model(correction), commitment=Commitment.from_model(row)
        )

    @strawberry.mutation(
        description="催办 — record the office's urging notice to the unit of an open commitment."
    )
    async def urging_record(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[UrgingRecordInput, strawberry.argument(description=INPUT)],
    ) -> UrgingPayload:
        draft = urging.UrgingDraft(
            commitment_pk=pk_of(input.commitment_id, "Commitment", "commitmentId"),
            urged_on=input.urged_on,
            channel=ChannelRow(input.channel.name),
            text=input.text,
        )
        row = await in_journal(info, lambda j: urging.urge(j, draft))
        return UrgingPayload(urging=Urging.from_model(row))

    @strawberry.mutation(description="签收 — the urged unit acknowledges an urging notice, once.")
    async def urging_acknowledge(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[UrgingAcknowledgeInput, strawberry.argument(description=INPUT)],
    ) -> UrgingPayload:
        pk = pk_of(input.id, "Urging")
        row = await in_journal(
            info,
            lambda j: urging.acknowledge(j, pk, input.acknowledged_on, input.expected_version),
        )
        return UrgingPayload(urging=Urging.from_model(row))
