"""Evaluation queries: one evaluation, and lists by unit, task, period and evaluator."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from tortoise.expressions import Q

from models import Evaluation as EvaluationRow
from resolvers.global_ids import pk_of
from resolvers.permissions import visible
from resolvers.reporting_period import parse_period
from schema.evaluation import Evaluation, EvaluatorKind
from schema.pagination import PageArgs, paginate_query
from schema.relay import After, Before, Connection, First, Last

if TYPE_CHECKING:
    from resolvers.context import Context


@strawberry.input(
    description="评价筛选 — conditions an evaluation must meet (all given ones apply)."
)
class EvaluationFilter:
    unit_id: strawberry.ID | None = strawberry.field(default=None, description="单位 — unit ID.")
    task_id: strawberry.ID | None = strawberry.field(default=None, description="任务 — task ID.")
    period: str | None = strawberry.field(
        default=None, description="考核期 — exactly this period (any accepted spelling)."
    )
    evaluator_kind: EvaluatorKind | None = strawberry.field(
        default=None, description="评价主体 — who evaluated."
    )
    include_revoked: bool = strawberry.field(
        default=False, description="含已撤销 — also evaluations that were withdrawn."
    )


def filtered(given: EvaluationFilter | None) -> Q:
    if given is None:
        return Q(revoked_on__isnull=True)
    condition = Q() if given.include_revoked else Q(revoked_on__isnull=True)
    if given.unit_id is not None:
        condition &= Q(unit_id=pk_of(given.unit_id, "Unit", "filter.unitId"))
    if given.task_id is not None:
        condition &= Q(task_id=pk_of(given.task_id, "Task", "filter.taskId"))
    if given.period is not None:
        condition &= Q(period=parse_period(given.period, "filter.period").name)
    if given.evaluator_kind is not None:
        condition &= Q(evaluator_kind=given.evaluator_kind.value)
    return condition


@strawberry.type(description="考核评价查询 — queries of evaluations.")
class EvaluationQuery:
    @strawberry.field(description="考核评价 — one evaluation by ID (null if there is none).")
    async def evaluation(
        self,
        info: strawberry.Info[Context, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="评价ID — the ID.")],
    ) -> Evaluation | None:
        row = await info.context.loaders.evaluation_by_id.load(pk_of(id, "Evaluation"))
        return Evaluation.from_model(row) if row else None

    @strawberry.field(description="考核评价列表 — evaluations matching a filter, oldest first.")
    async def evaluations(
        self,
        info: strawberry.Info[Context, None],
        filter: Annotated[
            EvaluationFilter | None, strawberry.argument(description="筛选 — conditions.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Evaluation]:
        args = PageArgs(first=first, after=after, last=last, before=before)
        query = (await visible(info, EvaluationRow)).filter(filtered(filter))
        return await paginate_query(query, [("id", False)], args, Evaluation.from_model)
