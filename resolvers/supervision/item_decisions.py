"""Item closing mutations: a lead handling unit applies (办结/延期) for its supervision item, the
office decides each application and corrects closed items (the commitment cycle's steps)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from resolvers.global_ids import pk_of
from resolvers.mutation import INPUT, in_journal
from resolvers.supervision import corrections, item_applications
from resolvers.supervision.mutations import (
    CommitmentApplicationDecideInput,
    CommitmentExtensionApplyInput,
    decision_of,
)
from schema.item_application import SupervisionItemApplication, SupervisionItemCorrection
from schema.supervision_item import SupervisionItem

if TYPE_CHECKING:
    from resolvers.context import Context

VERSION = "预期版本 — fail with CONFLICT unless the item is at this version."


@strawberry.input(description="督办事项办结申请 — the lead unit applies to close its item.")
class SupervisionItemCloseApplyInput:
    id: strawberry.ID = strawberry.field(description="督办事项ID — the item.")
    completed_on: date = strawberry.field(
        description="办结日期 — day the work was done (not in the future, not before the hand-off)."
    )
    summary: str = strawberry.field(description="办结报告 — what was done (required).")
    evidence_url: str = strawberry.field(
        default="", description="佐证链接 — an http(s) link to the evidence (optional)."
    )
    applied_on: date | None = strawberry.field(
        default=None, description="申请日期 — day of the application; omitted: today."
    )
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(description="督办事项延期申请 — the lead unit applies for a later due date.")
class SupervisionItemExtensionApplyInput(CommitmentExtensionApplyInput):
    id: strawberry.ID = strawberry.field(description="督办事项ID — the item.")
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(description="审核督办事项申请 — the office decides a pending item application.")
class SupervisionItemApplicationDecideInput(CommitmentApplicationDecideInput):
    pass


@strawberry.input(description="更正督办事项 — the office corrects a closed item, with a reason.")
class SupervisionItemCorrectInput:
    id: strawberry.ID = strawberry.field(description="督办事项ID — the closed item.")
    reason: str = strawberry.field(description="更正理由 — why (required, kept on record).")
    closed_on: date | None = strawberry.field(
        default=None, description="办结日期 — the right day it was done (omitted: unchanged)."
    )
    summary: str | None = strawberry.field(
        default=None, description="办结报告 — the right completion report (omitted: unchanged)."
    )
    corrected_on: date | None = strawberry.field(
        default=None, description="更正日期 — day of the correction; omitted: today."
    )
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.type(description="督办事项申请结果 — the application and its item after the step.")
class SupervisionItemApplicationPayload:
    application: SupervisionItemApplication = strawberry.field(description="申请 — as stored.")
    item: SupervisionItem = strawberry.field(description="督办事项 — as stored after the step.")


@strawberry.type(description="督办事项更正结果 — the correction and the corrected item.")
class SupervisionItemCorrectPayload:
    correction: SupervisionItemCorrection = strawberry.field(
        description="更正记录 — old and new values."
    )
    item: SupervisionItem = strawberry.field(description="督办事项 — as stored after it.")


def _payload(done: item_applications.ItemApplied) -> SupervisionItemApplicationPayload:
    return SupervisionItemApplicationPayload(
        application=SupervisionItemApplication.from_model(done.application),
        item=SupervisionItem.from_model(done.item),
    )


@strawberry.type(description="督办事项办结 — applications on items, decisions, corrections.")
class SupervisionItemDecisionMutation:
    @strawberry.mutation(
        description="督办事项办结申请 — the lead handling unit (主办) applies to close its item "
        "with its completion report; CLOSED only when the office accepts."
    )
    async def supervision_item_close_apply(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[SupervisionItemCloseApplyInput, strawberry.argument(description=INPUT)],
    ) -> SupervisionItemApplicationPayload:
        draft = item_applications.ItemCloseDraft(
            item_pk=pk_of(input.id, "SupervisionItem"),
            completed_on=input.completed_on,
            summary=input.summary,
            evidence_url=input.evidence_url,
            applied_on=input.applied_on,
            expected_version=input.expected_version,
        )
        return _payload(await in_journal(info, lambda j: item_applications.apply_close(j, draft)))

    @strawberry.mutation(
        description="督办事项延期申请 — the lead handling unit applies for a later due date; it "
        "moves only when the office approves, and the original stays on record."
    )
    async def supervision_item_extension_apply(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[
            SupervisionItemExtensionApplyInput, strawberry.argument(description=INPUT)
        ],
    ) -> SupervisionItemApplicationPayload:
        draft = item_applications.ItemExtensionDraft(
            item_pk=pk_of(input.id, "SupervisionItem"),
            applied_on=input.applied_on,
            new_due_on=input.new_due_on,
            reason=input.reason,
            expected_version=input.expected_version,
        )
        done = await in_journal(info, lambda j: item_applications.apply_extension(j, draft))
        return _payload(done)

    @strawberry.mutation(
        description="审核督办事项申请 — the office accepts (销号 / 批准延期) or rejects (退回) a "
        "pending item application."
    )
    async def supervision_item_application_decide(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[
            SupervisionItemApplicationDecideInput, strawberry.argument(description=INPUT)
        ],
    ) -> SupervisionItemApplicationPayload:
        decision = decision_of(input, "SupervisionItemApplication")
        return _payload(await in_journal(info, lambda j: item_applications.decide(j, decision)))

    @strawberry.mutation(
        description="更正督办事项 — correct a closed item's day or completion report, with a "
        "reason; the old values stay in the correction and the journal."
    )
    async def supervision_item_correct(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[SupervisionItemCorrectInput, strawberry.argument(description=INPUT)],
    ) -> SupervisionItemCorrectPayload:
        draft = corrections.ItemCorrectionDraft(
            item_pk=pk_of(input.id, "SupervisionItem"),
            reason=input.reason,
            closed_on=input.closed_on,
            summary=input.summary,
            corrected_on=input.corrected_on,
            expected_version=input.expected_version,
        )
        correction, row = await in_journal(info, lambda j: corrections.correct_item(j, draft))
        return SupervisionItemCorrectPayload(
            correction=SupervisionItemCorrection.from_model(correction),
            item=SupervisionItem.from_model(row),
        )
