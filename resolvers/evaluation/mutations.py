"""Evaluation mutations: record an evaluation, withdraw one."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import EvaluatorKind as EvaluatorKindRow
from models import Grade as GradeRow
from resolvers.evaluation import operations
from resolvers.global_ids import pk_of
from resolvers.mutation import INPUT, in_journal
from resolvers.wire import wire
from schema.evaluation import Evaluation, EvaluatorKind, Grade

if TYPE_CHECKING:
    from resolvers.context import Context


@strawberry.input(description="考核评价 — an evaluation of a unit for a period.")
class EvaluationCreateInput:
    unit_id: strawberry.ID = strawberry.field(description="单位ID — the unit evaluated.")
    period: str = strawberry.field(
        description="考核期 — 2018, 2018年度, 2018-H1, 2018年上半年, 2018-Q3 or 2018年第三季度."
    )
    evaluator_kind: EvaluatorKind = strawberry.field(description="评价主体 — who evaluates.")
    evaluator_name: str = strawberry.field(default="", description="评价机构 — evaluator's name.")
    score: float = strawberry.field(description="得分 — 0–100, at most two decimals.")
    grade: Grade | None = strawberry.field(
        default=None,
        description="等次 — by score: ≥90 优秀, ≥80 良好, ≥60 合格, else 不合格; a grade given "
        "must agree (else BAD_USER_INPUT).",
    )
    evaluated_on: date = strawberry.field(
        description="评价日期 — day of the evaluation, after the period ends (annual: after "
        "the year)."
    )
    task_id: strawberry.ID | None = strawberry.field(
        default=None, description="任务ID — the task evaluated, if for one (the unit's own)."
    )
    commitment_id: strawberry.ID | None = strawberry.field(
        default=None, description="承诺ID — the commitment evaluated (pledged by the unit)."
    )
    comments: str = strawberry.field(default="", description="评语 — comments.")


@strawberry.input(description="撤销评价 — withdraw an evaluation.")
class EvaluationRevokeInput:
    id: strawberry.ID = strawberry.field(description="评价ID — the evaluation.")
    revoked_on: date = strawberry.field(description="撤销日期 — day it is withdrawn.")
    reason: str = strawberry.field(description="原因 — why (required, kept on record).")
    expected_version: int | None = strawberry.field(
        default=None, description="预期版本 — fail with CONFLICT unless it is at this version."
    )


@strawberry.type(description="考核评价变更结果 — the evaluation after the change.")
class EvaluationPayload:
    evaluation: Evaluation = strawberry.field(description="考核评价 — as stored.")


@strawberry.type(description="考核评价相关变更 — mutations of evaluations.")
class EvaluationMutation:
    @strawberry.mutation(description="考核评价 — record an evaluation of a unit.")
    async def evaluation_create(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[EvaluationCreateInput, strawberry.argument(description=INPUT)],
    ) -> EvaluationPayload:
        draft = operations.EvaluationDraft(
            unit_pk=pk_of(input.unit_id, "Unit", "unitId"),
            period=input.period,
            evaluator_kind=EvaluatorKindRow(wire(input.evaluator_kind)),
            evaluator_name=input.evaluator_name,
            score=input.score,
            grade=GradeRow(wire(input.grade)) if input.grade else None,
            evaluated_on=input.evaluated_on,
            comments=input.comments,
            task_pk=pk_of(input.task_id, "Task", "taskId") if input.task_id else None,
            commitment_pk=pk_of(input.commitment_id, "Commitment", "commitmentId")
            if input.commitment_id
            else None,
        )
        row = await in_journal(info, lambda j: operations.evaluate(j, draft))
        return EvaluationPayload(evaluation=Evaluation.from_model(row))

    @strawberry.mutation(
        description="撤销评价 — withdraw an evaluation with a reason (kept, no longer counted)."
    )
    async def evaluation_revoke(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[EvaluationRevokeInput, strawberry.argument(description=INPUT)],
    ) -> EvaluationPayload:
        pk = pk_of(input.id, "Evaluation")
        row = await in_journal(
            info,
            lambda j: operations.revoke(
                j, pk, input.revoked_on, input.reason, input.expected_version
            ),
        )
        return EvaluationPayload(evaluation=Evaluation.from_model(row))
