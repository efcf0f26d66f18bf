"""Commitment mutations: pledge, fulfill, break, withdraw, the overdue sweep, progress reports."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from resolvers.commitment import operations
from resolvers.global_ids import pk_of
from resolvers.mutation import INPUT, PLAIN_ARGUMENT, in_journal, one_input
from schema.commitment import Commitment, ProgressReport

if TYPE_CHECKING:
    from resolvers.context import Context


@strawberry.input(description="作出承诺 — a unit's pledge on a task assignment.")
class CommitmentPledgeInput:
    assignment_id: strawberry.ID = strawberry.field(description="任务分工ID — the assignment.")
    unit_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="承诺单位ID — the pledging unit: required when the assigned unit is a "
        "collective (a member pledges, e.g. 凉州区人民政府 for 各县区政府); else that unit.",
    )
    responsible_person_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="责任人ID — a person holding a post in the pledging unit on the pledge day.",
    )
    content: str = strawberry.field(description="承诺内容 — what is promised.")
    target: str = strawberry.field(description="量化目标 — the measurable target.")
    pledged_on: date = strawberry.field(description="承诺日期 — day of the pledge.")
    due_on: date = strawberry.field(description="承诺期限 — due date (not before the pledge).")
    public: bool = strawberry.field(default=False, description="公开承诺 — promised in public.")


@strawberry.input(description="践诺 — record that a commitment was fulfilled.")
class CommitmentFulfillInput:
    id: strawberry.ID = strawberry.field(description="承诺ID — the commitment.")
    fulfilled_on: date = strawberry.field(description="践诺日期 — day it was fulfilled.")
    note: str = strawberry.field(default="", description="说明 — how it was fulfilled.")
    expected_version: int | None = strawberry.field(
        default=None, description="预期版本 — fail with CONFLICT unless it is at this version."
    )


@strawberry.input(description="失诺/撤回 — close a commitment as broken or withdrawn.")
class CommitmentCloseInput:
    id: strawberry.ID = strawberry.field(description="承诺ID — the commitment.")
    on: date = strawberry.field(description="日期 — day it was broken or withdrawn.")
    reason: str = strawberry.field(description="原因 — why (required, kept on record).")
    expected_version: int | None = strawberry.field(
        default=None, description="预期版本 — fail with CONFLICT unless it is at this version."
    )


@strawberry.input(description="逾期标记 — the day to sweep for overdue commitments.")
class CommitmentsMarkOverdueInput:
    as_of: date = strawberry.field(description="截至日期 — the day to sweep.")


@strawberry.type(description="承诺变更结果 — the commitment after the change.")
class CommitmentPayload:
    commitment: Commitment = strawberry.field(description="承诺 — as stored.")


@strawberry.type(description="逾期标记结果 — the commitments this sweep marked overdue.")
class CommitmentsMarkOverduePayload:
    as_of: date = strawberry.field(description="截至日期 — the day swept.")
    commitments: list[Commitment] = strawberry.field(
        description="新逾期承诺 — marked by this sweep (empty when run again for the same day)."
    )


@strawberry.input(description="进展报告 — progress on a commitment for a period.")
class ProgressReportSubmitInput:
    commitment_id: strawberry.ID = strawberry.field(description="承诺ID — the commitment.")
    period: str = strawberry.field(description="报告期 — e.g. 2018-Q1, 2018-H1, 2018年度.")
    text: str = strawberry.field(description="进展情况 — what was done.")
    percent_complete: int = strawberry.field(description="完成比例 — percent complete, 0–100.")
    reported_on: date = strawberry.field(description="报告日期 — day of the report.")
    submitted_by_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="报告人ID — the person reporting, who holds a post in the pledging unit "
        "on reportedOn.",
    )


@strawberry.type(description="进展报告结果 — the report as stored.")
class ProgressReportPayload:
    progress_report: ProgressReport = strawberry.field(description="进展报告 — as stored.")


@strawberry.type(description="承诺相关变更 — mutations of commitments and progress reports.")
class CommitmentMutation:
    @strawberry.mutation(description="作出承诺 — record a unit's pledge on an assignment.")
    async def commitment_pledge(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[CommitmentPledgeInput, strawberry.argument(description=INPUT)],
    ) -> CommitmentPayload:
        draft = operations.PledgeDraft(
            assignment_pk=pk_of(input.assignment_id, "Assignment", "assignmentId"),
            unit_pk=pk_of(input.unit_id, "Unit", "unitId") if input.unit_id else None,
            person_pk=pk_of(input.responsible_person_id, "Person", "responsiblePersonId")
            if input.responsible_person_id
            else None,
            content=input.content,
            target=input.target,
            pledged_on=input.pledged_on,
            due_on=input.due_on,
            public=input.public,
        )
        row = await in_journal(info, lambda j: operations.pledge(j, draft))
        return CommitmentPayload(commitment=Commitment.from_model(row))

    @strawberry.mutation(
        description="践诺 — fulfill a pledged or overdue commitment (late if after it fell due). "
        "Retired: nobody may call it.",
        deprecation_reason="A unit may not mark its own commitment fulfilled: it applies with "
        "commitmentCloseApply and the office decides with commitmentApplicationDecide.",
    )
    async def commitment_fulfill(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[CommitmentFulfillInput, strawberry.argument(description=INPUT)],
    ) -> CommitmentPayload:
        pk = pk_of(input.id, "Commitment")
        row = await in_journal(
            info,
            lambda j: operations.fulfill(
                j, pk, input.fulfilled_on, input.note, input.expected_version
            ),
        )
        return CommitmentPayload(commitment=Commitment.from_model(row))

    @strawberry.mutation(
        description="失诺 — record that a pledged or overdue commitment was broken."
    )
    async def commitment_break(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[CommitmentCloseInput, strawberry.argument(description=INPUT)],
    ) -> CommitmentPayload:
        pk = pk_of(input.id, "Commitment")
        row = await in_journal(
            info, lambda j: operations.break_(j, pk, input.on, input.reason, input.expected_version)
        )
        return CommitmentPayload(commitment=Commitment.from_model(row))

    @strawberry.mutation(
        description="撤回承诺 — withdraw a pledged commitment before it falls due, with a reason; "
        "a public commitment (公开承诺) only through commitmentWithdrawApply and the office."
    )
    async def commitment_withdraw(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[CommitmentCloseInput, strawberry.argument(description=INPUT)],
    ) -> CommitmentPayload:
        pk = pk_of(input.id, "Commitment")
        row = await in_journal(
            info,
            lambda j: operations.withdraw(j, pk, input.on, input.reason, input.expected_version),
        )
        return CommitmentPayload(commitment=Commitment.from_model(row))

    @strawberry.mutation(
        description="逾期标记 — mark every pledged commitment whose due working day is before "
        "`asOf` as OVERDUE (once: running it again changes nothing)."
    )
    async def commitments_mark_overdue(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[
            CommitmentsMarkOverdueInput | None, strawberry.argument(description=INPUT)
        ] = None,
        as_of: Annotated[
            date | None,
            strawberry.argument(
                description="截至日期 — the day to sweep.", deprecation_reason=PLAIN_ARGUMENT
            ),
        ] = None,
    ) -> CommitmentsMarkOverduePayload:
        day = one_input(CommitmentsMarkOverdueInput, input, as_of=as_of).as_of
        rows = await in_journal(info, lambda j: operations.mark_overdue(j, day))
        return CommitmentsMarkOverduePayload(
            as_of=day, commitments=[Commitment.from_model(row) for row in rows]
        )

    @strawberry.mutation(description="报告进展 — report progress on an open commitment.")
    async def progress_report_submit(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[ProgressReportSubmitInput, strawberry.argument(description=INPUT)],
    ) -> ProgressReportPayload:
        draft = operations.ProgressDraft(
            commitment_pk=pk_of(input.commitment_id, "Commitment", "commitmentId"),
            period=input.period,
            text=input.text,
            percent_complete=input.percent_complete,
            reported_on=input.reported_on,
            person_pk=pk_of(input.submitted_by_id, "Person", "submittedById")
            if input.submitted_by_id
            else None,
        )
        row = await in_journal(info, lambda j: operations.report_progress(j, draft))
        return ProgressReportPayload(progress_report=ProgressReport.from_model(row))
