"""Task queries: the filtered task list and a task's responsibility chain."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from tortoise.expressions import Q, Subquery

from models import Assignment as AssignmentRow
from models import Plan as PlanRow
from models import Task as TaskRow
from models import UnitMembership as MembershipRow
from resolvers.errors import not_found
from resolvers.global_ids import pk_of
from resolvers.permissions import visible
from resolvers.search import search_term
from resolvers.validity import holds_on
from resolvers.wire import wire
from schema.pagination import PageArgs, paginate_query
from schema.relay import After, Before, First, Last, OrderDirection
from schema.responsibility import ResponsibilityChain, ResponsibilityLink
from schema.task import Assignment, AssignmentRole, Task, TaskConnection, TaskStatus
from schema.unit import Unit

if TYPE_CHECKING:
    from resolvers.context import Context


@strawberry.input(description="任务筛选 — conditions a task must meet (all given ones apply).")
class TaskFilter:
    plan_id: strawberry.ID | None = strawberry.field(default=None, description="方案 — plan ID.")
    section_id: strawberry.ID | None = strawberry.field(
        default=None, description="章节 — section ID (tasks directly under it)."
    )
    unit_id: strawberry.ID | None = strawberry.field(
        default=None, description="单位 — only tasks this unit is currently assigned to."
    )
    role: AssignmentRole | None = strawberry.field(
        default=None, description="角色 — with `unitId`: only where the unit has this role."
    )
    status: list[TaskStatus] | None = strawberry.field(
        default=None, description="状态 — any of these statuses."
    )
    search: str | None = strawberry.field(
        default=None, description="关键词 — text contained in the title or body."
    )
    due_before: date | None = strawberry.field(
        default=None, description="截止早于 — fixed deadline on or before this day."
    )
    through_collectives: bool = strawberry.field(
        default=False,
        description="含集合单位 — with `unitId`: also tasks assigned to a collective the unit "
        "belongs to (各县区政府 → 凉州区人民政府), as `Unit.tasks(throughCollectives: true)`.",
    )
    as_of: date | None = strawberry.field(
        default=None,
        description="截至日期 — the editions current on this day (and, with `unitId`, the "
        "assignments holding on it); omitted: the editions current now.",
    )
    all_editions: bool = strawberry.field(
        default=False,
        description="所有版本 — tasks of every edition of a plan, superseded ones too (without "
        "`planId` or `sectionId`, only current editions count).",
    )


@strawberry.enum(description="任务排序字段 — what to sort tasks by.")
class TaskOrderField(Enum):
    PLAN_ORDER = strawberry.enum_value(
        "PLAN_ORDER", description="方案顺序 — by plan, then as the plan lists them."
    )
    TITLE = strawberry.enum_value("TITLE", description="标题 — by title.")
    CREATED_AT = strawberry.enum_value("CREATED_AT", description="创建时间 — by when recorded.")


@strawberry.input(description="任务排序 — sort order of tasks.")
class TaskOrder:
    field: TaskOrderField = strawberry.field(description="字段 — what to sort by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="方向 — ascending or descending."
    )


ORDER_COLUMNS = {
    TaskOrderField.PLAN_ORDER: ["plan_id", "ordinal"],
    TaskOrderField.TITLE: ["title"],
    TaskOrderField.CREATED_AT: [],
}


def holding(day: date | None) -> Q:
    """Rows whose validity window holds on ``day`` (None: not ended), as ``holds_on`` decides."""
    if day is None:
        return Q(valid_to__isnull=True)
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


def current_editions(day: date | None) -> Q:
    """Tasks of the plan editions current on ``day`` (None: now)."""
    if day is None:
        plans = PlanRow.filter(superseded_on__isnull=True, historical=False)
    else:
        plans = PlanRow.filter(
            (Q(issued_on__isnull=True) | Q(issued_on__lte=day))
            & (Q(superseded_on__isnull=True) | Q(superseded_on__gt=day))
        )
    return Q(plan_id__in=Subquery(plans.values("id")))


def filtered_tasks(task_filter: TaskFilter | None) -> Q:
    if task_filter is None:
        return current_editions(None)
    condition = Q()
    if (
        not task_filter.all_editions
        and task_filter.plan_id is None
        and task_filter.section_id is None
    ):
        condition &= current_editions(task_filter.as_of)
    if task_filter.plan_id is not None:
        condition &= Q(plan_id=pk_of(task_filter.plan_id, "Plan", "filter.planId"))
    if task_filter.section_id is not None:
        condition &= Q(section_id=pk_of(task_filter.section_id, "Section", "filter.sectionId"))
    as_of = task_filter.as_of
    if task_filter.unit_id is not None:
        unit_pk = pk_of(task_filter.unit_id, "Unit", "filter.unitId")
        units = Q(unit_id=unit_pk)
        if task_filter.through_collectives:
            links = MembershipRow.filter(Q(member_id=unit_pk) & holding(as_of))
            units |= Q(unit_id__in=Subquery(links.values("collective_id")))
        held = AssignmentRow.filter(units & holding(as_of))
        if task_filter.role is not None:
            held = held.filter(role=task_filter.role.value)
        condition &= Q(id__in=Subquery(held.values("task_id")))
    elif task_filter.role is not None:
        held = AssignmentRow.filter(Q(role=task_filter.role.value) & holding(as_of))
        condition &= Q(id__in=Subquery(held.values("task_id")))
    if task_filter.status:
        condition &= Q(status__in=[s.value for s in task_filter.status])
    if task_filter.search:
        text = search_term(task_filter.search, "filter.search")
        condition &= Q(title__icontains=text) | Q(body__icontains=text)
    if task_filter.due_before is not None:
        condition &= Q(deadline_on__lte=task_filter.due_before)
    return condition


@strawberry.type(description="任务查询 — queries of tasks.")
class TaskQuery:
    @strawberry.field(description="任务列表 — tasks matching a filter, paged.")
    async def tasks(
        self,
        info: strawberry.Info[Context, None],
        filter: Annotated[
            TaskFilter | None, strawberry.argument(description="筛选 — conditions.")
        ] = None,
        order_by: Annotated[
            TaskOrder | None, strawberry.argument(description="排序 — default: plan order.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> TaskConnection:
        args = PageArgs(first=first, after=after, last=last, before=before)
        order = order_by or TaskOrder(field=TaskOrderField.PLAN_ORDER)
        desc = order.direction == OrderDirection.DESC
        keys = [(column, desc) for column in [*ORDER_COLUMNS[order.field], "id"]]
        query = (await visible(info, TaskRow)).filter(filtered_tasks(filter))
        return await paginate_query(query, keys, args, Task.from_model)

    @strawberry.field(description="任务 — one task by ID (null if there is none).")
    async def task(
        self,
        info: strawberry.Info[Context, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="任务ID — the task's ID.")],
    ) -> Task | None:
        row = await info.context.loaders.task_by_id.load(pk_of(id, "Task"))
        return Task.from_model(row) if row else None

    @strawberry.field(
        description="责任链 — who answers for a task: lead → co-responsible (collectives expanded "
        "to their members) → guiding units, each with the people holding posts there."
    )
    async def responsibility_chain(
        self,
        info: strawberry.Info[Context, None],
        task_id: Annotated[strawberry.ID, strawberry.argument(description="任务ID — the task.")],
        as_of: Annotated[
            date | None,
            strawberry.argument(description="截至日期 — the day to describe; omitted: now."),
        ] = None,
    ) -> ResponsibilityChain:
        loaders = info.context.loaders
        row = await loaders.task_by_id.load(pk_of(task_id, "Task", "taskId"))
        if row is None:
            raise not_found("Task", task_id, "taskId")
        assignments = [
            a for a in await loaders.assignments_by_task_id.load(row.id) if holds_on(a, as_of)
        ]
        units = await loaders.unit_by_id.load_many([a.unit_id for a in assignments])
        links: dict[str, list[ResponsibilityLink]] = {wire(role): [] for role in AssignmentRole}
        for assignment, unit in zip(assignments, units, strict=True):
            assert unit is not None
            links[assignment.role.value].append(
                ResponsibilityLink(
                    as_of=as_of,
                    assignment=Assignment.from_model(assignment),
                    unit=Unit.from_model(unit),
                )
            )
        return ResponsibilityChain(
            task=Task.from_model(row),
            as_of=as_of,
            lead=links["LEAD"],
            co_responsible=links["CO_RESPONSIBLE"],
            guiding=links["GUIDE"],
        )
