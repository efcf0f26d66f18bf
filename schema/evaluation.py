"""GraphQL types of evaluations (考核评价), assessment periods, and a unit's accountability view."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import Evaluation as EvaluationRow
from resolvers.global_ids import to_global_id
from schema.relay import Node

if TYPE_CHECKING:
    from resolvers.context import Context
    from schema.commitment import Commitment
    from schema.task import Task
    from schema.unit import Unit


@strawberry.enum(description="评价主体 — who evaluates.")
class EvaluatorKind(Enum):
    SUPERVISION_OFFICE = strawberry.enum_value(
        "SUPERVISION_OFFICE", description="督查室 — the government supervision office."
    )
    THIRD_PARTY = strawberry.enum_value("THIRD_PARTY", description="第三方评估 — third party.")
    PEOPLES_CONGRESS = strawberry.enum_value(
        "PEOPLES_CONGRESS", description="人大 — the people's congress and its standing committee."
    )
    CPPCC = strawberry.enum_value("CPPCC", description="政协 — the CPPCC (民主监督).")
    PUBLIC = strawberry.enum_value("PUBLIC", description="社会公众 — the public.")


@strawberry.enum(description="评价等次 — grade of an evaluation.")
class Grade(Enum):
    EXCELLENT = strawberry.enum_value("EXCELLENT", description="优秀 — excellent (default ≥ 90).")
    GOOD = strawberry.enum_value("GOOD", description="良好 — good (default 80–89.99).")
    PASS = strawberry.enum_value("PASS", description="合格 — pass (default 60–79.99).")
    FAIL = strawberry.enum_value("FAIL", description="不合格 — fail (default < 60).")


@strawberry.type(description="考核评价 — a score and grade given to a unit for a period.")
class Evaluation(Node):
    pk: strawberry.Private[int]
    unit_pk: strawberry.Private[int]
    task_pk: strawberry.Private[int | None]
    commitment_pk: strawberry.Private[int | None]
    period: str = strawberry.field(description="考核期 — canonical period, e.g. 2018 or 2018-Q3.")
    evaluator_kind: EvaluatorKind = strawberry.field(description="评价主体 — who evaluated.")
    evaluator_name: str = strawberry.field(description="评价机构 — name of the evaluator.")
    score: float = strawberry.field(description="得分 — score, 0–100 (two decimals).")
    grade: Grade = strawberry.field(description="等次 — grade (优秀/良好/合格/不合格).")
    comments: str = strawberry.field(description="评语 — comments.")
    evaluated_on: date = strawberry.field(description="评价日期 — day of the evaluation.")
    revoked_on: date | None = strawberry.field(
        description="撤销日期 — day it was withdrawn (then it no longer counts)."
    )
    revoke_reason: str = strawberry.field(description="撤销原因 — why it was withdrawn.")
    version: int = strawberry.field(description="版本 — increases with every change.")
    created_at: datetime = strawberry.field(description="创建时间 — when it was recorded.")

    @classmethod
    def from_model(cls, row: EvaluationRow) -> Evaluation:
        return cls(
            id=strawberry.ID(to_global_id("Evaluation", row.id)),
            pk=row.id,
            unit_pk=row.unit_id,
            task_pk=row.task_id,
            commitment_pk=row.commitment_id,
            period=row.period,
            evaluator_kind=EvaluatorKind(row.evaluator_kind.value),
            evaluator_name=row.evaluator_name,
            score=float(row.score),
            grade=Grade(row.grade.value),
            comments=row.comments,
            evaluated_on=row.evaluated_on,
            revoked_on=row.revoked_on,
            revoke_reason=row.revoke_reason,
            version=row.version,
            created_at=row.created_at,
        )

    @strawberry.field(description="被评价单位 — the unit evaluated.")
    async def unit(
        self, info: strawberry.Info[Context, None]
    ) -> Annotated[Unit, strawberry.lazy("schema.unit")]:
        from schema.unit import load_unit

        unit = await load_unit(info, self.unit_pk)
        assert unit is not None
        return unit

    @strawberry.field(description="任务 — the task evaluated, if the evaluation is for one.")
    async def task(
        self, info: strawberry.Info[Context, None]
    ) -> Annotated[Task, strawberry.lazy("schema.task")] | None:
        from schema.task import Task

        if self.task_pk is None:
            return None
        row = await info.context.loaders.task_by_id.load(self.task_pk)
        return Task.from_model(row) if row else None

    @strawberry.field(description="承诺 — the commitment evaluated, if the evaluation is for one.")
    async def commitment(
        self, info: strawberry.Info[Context, None]
    ) -> Annotated[Commitment, strawberry.lazy("schema.commitment")] | None:
        from schema.commitment import Commitment

        if self.commitment_pk is None:
            return None
        row = await info.context.loaders.commitment_by_id.load(self.commitment_pk)
        return Commitment.from_model(row) if row else None
