"""GraphQL types of tasks and their unit assignments (牵头 / 配合 / 指导), with provenance."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import Assignment as AssignmentRow
from models import Task as TaskRow
from resolvers.execution.batching import batched
from resolvers.execution.relations import relation
from resolvers.global_ids import to_global_id
from resolvers.validity import holds_on
from schema.relay import Connection, Node

if TYPE_CHECKING:
    from resolvers.context import Context
    from schema.commitment import Commitment
    from schema.plan import Plan, Section
    from schema.unit import Unit


@strawberry.enum(description="任务状态 — progress status of a task.")
class TaskStatus(Enum):
    NOT_STARTED = strawberry.enum_value("NOT_STARTED", description="未启动 — not started.")
    IN_PROGRESS = strawberry.enum_value("IN_PROGRESS", description="推进中 — in progress.")
    COMPLETED = strawberry.enum_value("COMPLETED", description="已完成 — completed.")
    SUSPENDED = strawberry.enum_value("SUSPENDED", description="暂缓 — suspended.")
    CANCELLED = strawberry.enum_value(
        "CANCELLED", description="已撤销 — cancelled (kept on record)."
    )


@strawberry.enum(description="时限类别 — kind of deadline.")
class DeadlineKind(Enum):
    DATE = strawberry.enum_value("DATE", description="限期 — a fixed date (2018年6月底前).")
    RECURRING = strawberry.enum_value(
        "RECURRING", description="定期 — a recurring deadline (每年12月底前)."
    )
    ONGOING = strawberry.enum_value(
        "ONGOING", description="长期 — ongoing work without an end (长期坚持, 持续推进)."
    )


@strawberry.enum(description="分工角色 — the role of a unit on a task.")
class AssignmentRole(Enum):
    LEAD = strawberry.enum_value("LEAD", description="牵头单位 — lead unit.")
    CO_RESPONSIBLE = strawberry.enum_value(
        "CO_RESPONSIBLE",
        description="配合/责任单位 — co-responsible unit (配合, 会同 after, 参与, 责任).",
    )
    GUIDE = strawberry.enum_value("GUIDE", description="指导单位 — guiding unit (指导).")


@strawberry.type(description="完成时限 — a task's deadline as written and as understood.")
class Deadline:
    kind: DeadlineKind = strawberry.field(description="时限类别 — kind of deadline.")
    text: str = strawberry.field(description="原文 — the deadline as written, e.g. 每年12月底前.")
    due_on: date | None = strawberry.field(
        description="截止日期 — the date for a fixed deadline (last day it may be met)."
    )
    rule: str | None = strawberry.field(
        description="周期规则 — for a recurring deadline, e.g. `YEARLY:12-31`."
    )


@strawberry.type(description="原文位置 — where something stands in its plan's source text.")
class SourceSpan:
    start: int = strawberry.field(description="起始 — character offset of the first character.")
    end: int = strawberry.field(description="结束 — character offset just past the last one.")
    plan_pk: strawberry.Private[int]

    @strawberry.field(description="原文 — the source text of the span, verbatim.")
    async def text(self, info: strawberry.Info[Context, None]) -> str:
        plan = await info.context.loaders.plan_by_id.load(self.plan_pk)
        return plan.source_text[self.start : self.end] if plan else ""


def span(plan_pk: int, start: int | None, end: int | None) -> SourceSpan | None:
    if start is None or end is None:
        return None
    return SourceSpan(start=start, end=end, plan_pk=plan_pk)


async def _assignments_of(
    tasks: list[Task],
    info: strawberry.Info[Context, None],
    role: AssignmentRole | None = None,
    as_of: date | None = None,
) -> list[list[Assignment]]:
    """``Task.assignments`` for every task of a level (resolvers/execution/batching.py)."""
    lists = await info.context.loaders.assignments_by_task_id.load_many([t.pk for t in tasks])
    return [
        [
            Assignment.from_model(row)
            for row in rows
            if holds_on(row, as_of) and (role is None or row.role.value == role.value)
        ]
        for rows in lists
    ]


@strawberry.type(description="任务 — a numbered task of a plan, with its responsible units.")
class Task(Node):
    pk: strawberry.Private[int]
    plan_pk: strawberry.Private[int]
    section_pk: strawberry.Private[int | None]
    code: str = strawberry.field(description="编号 — code path within the plan, e.g. 一.(二).2.")
    title: str = strawberry.field(description="标题 — short title, e.g. 建立健全政务失信记录.")
    body: str = strawberry.field(description="内容 — the task's full text.")
    ordinal: int = strawberry.field(description="序号 — position of the task in its plan.")
    status: TaskStatus = strawberry.field(description="任务状态 — progress status.")
    deadline: Deadline | None = strawberry.field(
        description="完成时限 — deadline, if the plan sets one."
    )
    source_span: SourceSpan | None = strawberry.field(
        description="原文位置 — where the task stands in the plan's source text."
    )
    version: int = strawberry.field(description="版本 — increases with every change.")
    created_at: datetime = strawberry.field(description="创建时间 — when it was recorded.")
    updated_at: datetime = strawberry.field(description="更新时间 — when it last changed.")
    carried_from_pk: strawberry.Private[int | None]
    match_rule: str = strawberry.field(
        description="匹配方式 — how this task was matched to the one it continues: CODE_TITLE "
        "(same code and title), TITLE (same title, new code), TEXT (best text match above the "
        "threshold); empty when it continues none."
    )
    match_score: float | None = strawberry.field(
        description="匹配度 — text similarity (0..1) with the task it continues, for review."
    )

    @classmethod
    def from_model(cls, row: TaskRow) -> Task:
        deadline = None
        if row.deadline_kind is not None:
            deadline = Deadline(
                kind=DeadlineKind(row.deadline_kind.value),
                text=row.deadline_text or "",
                due_on=row.deadline_on,
                rule=row.deadline_rule,
            )
        return cls(
            id=strawberry.ID(to_global_id("Task", row.id)),
            pk=row.id,
            plan_pk=row.plan_id,
            section_pk=row.section_id,
            code=row.code,
            title=row.title,
            body=row.body,
            ordinal=row.ordinal,
            status=TaskStatus(row.status.value),
            deadline=deadline,
            source_span=span(row.plan_id, row.source_start, row.source_end),
            version=row.version,
            created_at=row.created_at,
            updated_at=row.updated_at,
            carried_from_pk=row.carried_from_id,
            match_rule=row.match_rule,
            match_score=row.match_score,
        )

    carried_from = relation(
        loader=lambda loaders: loaders.task_by_id,
        key=lambda t: t.carried_from_pk,
        type=Annotated["Task", strawberry.lazy("schema.task")],
        optional=True,
        description="沿用自 — the task of the previous edition this one continues (its "
        "commitments, progress and evidence stay there, linked, not copied).",
    )

    @strawberry.field(
        description="沿用承诺 — commitments pledged on the earlier editions of this task (through "
        "`carriedFrom`, oldest edition last), still answering for it."
    )
    async def carried_commitments(
        self, info: strawberry.Info[Context, None]
    ) -> list[Annotated[Commitment, strawberry.lazy("schema.commitment")]]:
        from schema.commitment import Commitment

        loaders = info.context.loaders
        found = []
        seen = {self.pk}
        earlier = self.carried_from_pk
        while earlier is not None and earlier not in seen:
            seen.add(earlier)
            row = await loaders.task_by_id.load(earlier)
            if row is None:
                break
            assignments = await loaders.assignments_by_task_id.load(row.id)
            groups = await loaders.commitments_by_assignment_id.load_many(
                [a.id for a in assignments]
            )
            found += [Commitment.from_model(c) for group in groups for c in group]
            earlier = row.carried_from_id
        return found

    plan = relation(
        loader=lambda loaders: loaders.plan_by_id,
        key=lambda t: t.plan_pk,
        type=Annotated["Plan", strawberry.lazy("schema.plan")],
        description="所属方案 — the plan this task belongs to.",
    )

    section = relation(
        loader=lambda loaders: loaders.section_by_id,
        key=lambda t: t.section_pk,
        type=Annotated["Section", strawberry.lazy("schema.plan")],
        optional=True,
        description="所属章节 — the section the task stands under.",
    )

    @strawberry.field(
        description="分工 — unit assignments in written order (牵头 first as the plan lists them)."
    )
    @batched(_assignments_of)
    async def assignments(
        self,
        info: strawberry.Info[Context, None],
        role: Annotated[
            AssignmentRole | None,
            strawberry.argument(description="角色 — only assignments in this role."),
        ] = None,
        as_of: Annotated[
            date | None,
            strawberry.argument(description="截至日期 — the day to look at; omitted: now."),
        ] = None,
    ) -> list[Assignment]:
        [assignments] = await _assignments_of([self], info, role, as_of)
        return assignments


@strawberry.type(
    description="任务分工 — a unit's role on a task (task × unit × role), for a period."
)
class Assignment(Node):
    pk: strawberry.Private[int]
    task_pk: strawberry.Private[int]
    unit_pk: strawberry.Private[int]
    role: AssignmentRole = strawberry.field(description="分工角色 — lead, co-responsible or guide.")
    ordinal: int = strawberry.field(description="排列顺序 — position in the plan's list of units.")
    written_name: str = strawberry.field(
        description="原文名称 — the unit's name exactly as the plan writes it."
    )
    rule: str = strawberry.field(
        description="判定规则 — what decided the role: EXPLICIT (牵头/配合 said), HUI_TONG (会同), "
        "FIRST_LISTED_RULE, CONVENTION (first listed leads), SUBJECT, CARRY_FORWARD, TABLE, MANUAL."
    )
    implicit: bool = strawberry.field(
        description="隐含 — implied by a document-wide rule rather than written at the task."
    )
    valid_from: date | None = strawberry.field(description="起始日期 — first day it holds.")
    valid_to: date | None = strawberry.field(
        description="终止日期 — last day it holds (null while it holds)."
    )
    end_reason: str = strawberry.field(description="终止原因 — why it ended, if it did.")
    in_charge_post: str = strawberry.field(
        description="分管领导/责任人 — the post in charge, by its title in the unit (e.g. "
        "分管副局长); empty: the unit's head (主要负责人)."
    )
    version: int = strawberry.field(description="版本 — increases with every change.")
    start: strawberry.Private[int | None]
    end: strawberry.Private[int | None]

    @classmethod
    def from_model(cls, row: AssignmentRow) -> Assignment:
        return cls(
            id=strawberry.ID(to_global_id("Assignment", row.id)),
            pk=row.id,
            task_pk=row.task_id,
            unit_pk=row.unit_id,
            role=AssignmentRole(row.role.value),
            ordinal=row.ordinal,
            written_name=row.written_name,
            rule=row.rule,
            implicit=row.implicit,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            end_reason=row.end_reason,
            in_charge_post=row.in_charge_post,
            version=row.version,
            start=row.source_start,
            end=row.source_end,
        )

    task = relation(
        loader=lambda loaders: loaders.task_by_id,
        key=lambda a: a.task_pk,
        type=Task,
        description="任务 — the task.",
    )

    unit = relation(
        loader=lambda loaders: loaders.unit_by_id,
        key=lambda a: a.unit_pk,
        type=Annotated["Unit", strawberry.lazy("schema.unit")],
        description="单位 — the unit.",
    )

    @strawberry.field(
        description="原文位置 — where the unit's name (or the implying rule) stands in the plan."
    )
    async def source_span(self, info: strawberry.Info[Context, None]) -> SourceSpan | None:
        if self.start is None or self.end is None:
            return None
        task = await info.context.loaders.task_by_id.load(self.task_pk)
        return span(task.plan_id, self.start, self.end) if task else None


TaskConnection = Connection[Task]
TASK_ORDER_KEYS = [("plan_id", False), ("ordinal", False), ("id", False)]


def task_key(row: TaskRow) -> list[int]:
    return [row.plan_id, row.ordinal, row.id]


async def unit_assignments(
    info: strawberry.Info[Context, None],
    unit_pk: int,
    role: AssignmentRole | None,
    as_of: date | None,
) -> list[Assignment]:
    rows = await info.context.loaders.assignments_by_unit_id.load(unit_pk)
    return [
        Assignment.from_model(row)
        for row in rows
        if holds_on(row, as_of) and (role is None or row.role.value == role.value)
    ]


async def unit_tasks(
    info: strawberry.Info[Context, None],
    unit_pk: int,
    role: AssignmentRole | None,
    as_of: date | None,
    through_collectives: bool,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> TaskConnection:
    from schema.pagination import PageArgs, paginate_list

    args = PageArgs(first=first, after=after, last=last, before=before)
    loaders = info.context.loaders
    unit_pks = [unit_pk]
    if through_collectives:
        links = await loaders.memberships_by_member_id.load(unit_pk)
        unit_pks += [link.collective_id for link in links if holds_on(link, as_of)]
    task_pks: dict[int, None] = {}
    for rows in await loaders.assignments_by_unit_id.load_many(unit_pks):
        for row in rows:
            if holds_on(row, as_of) and (role is None or row.role.value == role.value):
                task_pks[row.task_id] = None
    tasks = [t for t in await loaders.task_by_id.load_many(list(task_pks)) if t is not None]
    tasks.sort(key=task_key)
    return await paginate_list(tasks, TASK_ORDER_KEYS, args, Task.from_model, task_key)
