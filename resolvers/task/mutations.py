"""Task and assignment mutations."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import AssignmentRole as RoleRow
from models import DeadlineKind as DeadlineKindRow
from models import TaskStatus as TaskStatusRow
from resolvers.global_ids import pk_of
from resolvers.mutation import (
    INPUT,
    PLAIN_ARGUMENT,
    PlainReason,
    PlainVersion,
    given,
    in_journal,
    one_input,
)
from resolvers.task import operations
from resolvers.wire import wire
from schema.task import Assignment, AssignmentRole, DeadlineKind, Task, TaskStatus

if TYPE_CHECKING:
    from resolvers.context import Context


@strawberry.input(description="完成时限 — a deadline.")
class DeadlineInput:
    kind: DeadlineKind = strawberry.field(description="时限类别 — kind of deadline.")
    text: str = strawberry.field(default="", description="原文 — as written, e.g. 每年12月底前.")
    due_on: date | None = strawberry.field(
        default=None, description="截止日期 — required for DATE deadlines."
    )
    rule: str | None = strawberry.field(
        default=None, description="周期规则 — for RECURRING deadlines, e.g. `YEARLY:12-31`."
    )


def deadline_draft(value: DeadlineInput | None) -> operations.DeadlineDraft | None:
    if value is None:
        return None
    return operations.DeadlineDraft(
        kind=DeadlineKindRow(wire(value.kind)),
        text=value.text,
        due_on=value.due_on,
        rule=value.rule,
    )


@strawberry.input(description="新建任务 — a new task of a plan.")
class TaskCreateInput:
    plan_id: strawberry.ID = strawberry.field(description="方案ID — the plan.")
    code: str = strawberry.field(
        description="编号 — code path, unique in the plan, e.g. 一.(二).2."
    )
    title: str = strawberry.field(description="标题 — short title.")
    body: str = strawberry.field(default="", description="内容 — full text.")
    section_id: strawberry.ID | None = strawberry.field(
        default=None, description="章节ID — the section it stands under (same plan)."
    )
    ordinal: int | None = strawberry.field(
        default=None, description="序号 — position in the plan; default: after the last task."
    )
    status: TaskStatus = strawberry.field(
        default=TaskStatus.NOT_STARTED, description="状态 — initial status."
    )
    deadline: DeadlineInput | None = strawberry.field(
        default=None, description="完成时限 — deadline."
    )


@strawberry.input(description="修改任务 — changes to a task; omitted fields stay as they are.")
class TaskUpdateInput:
    id: strawberry.ID = strawberry.field(description="任务ID — the task to change.")
    expected_version: int | None = strawberry.field(
        default=None,
        description="预期版本 — fail with CONFLICT unless the task is at this version.",
    )
    code: str | None = strawberry.field(default=strawberry.UNSET, description="编号 — code path.")
    title: str | None = strawberry.field(default=strawberry.UNSET, description="标题 — title.")
    body: str | None = strawberry.field(default=strawberry.UNSET, description="内容 — text.")
    section_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="章节ID — section (null: none)."
    )
    ordinal: int | None = strawberry.field(default=strawberry.UNSET, description="序号 — order.")
    status: TaskStatus | None = strawberry.field(
        default=strawberry.UNSET, description="状态 — status."
    )
    deadline: DeadlineInput | None = strawberry.field(
        default=strawberry.UNSET, description="完成时限 — deadline (null clears it)."
    )


@strawberry.type(description="任务变更结果 — the task after the change.")
class TaskPayload:
    task: Task = strawberry.field(description="任务 — the task as stored.")


@strawberry.input(description="新建分工 — assign a unit to a task in a role.")
class AssignmentCreateInput:
    task_id: strawberry.ID = strawberry.field(description="任务ID — the task.")
    unit_id: strawberry.ID = strawberry.field(description="单位ID — the unit.")
    role: AssignmentRole = strawberry.field(description="角色 — lead, co-responsible or guide.")
    written_name: str | None = strawberry.field(
        default=None, description="原文名称 — the name as written; default: the unit's short name."
    )
    ordinal: int | None = strawberry.field(
        default=None, description="排列顺序 — position in the list; default: last."
    )
    valid_from: date | None = strawberry.field(
        default=None,
        description="起始日期 — first day it holds; default: the plan edition's issue date.",
    )
    valid_to: date | None = strawberry.field(
        default=None, description="终止日期 — last day it holds; default: open-ended."
    )
    in_charge_post: str = strawberry.field(
        default="",
        description="分管领导/责任人 — the post in charge by its title in the unit; empty: the "
        "unit's head.",
    )


@strawberry.input(description="指定分管领导 — name the post in charge of an assignment.")
class AssignmentInChargeSetInput:
    assignment_id: strawberry.ID = strawberry.field(description="分工ID — the assignment.")
    post: str = strawberry.field(
        description="分管领导/责任人 — the post's title in the unit (e.g. 分管副局长); empty: the "
        "unit's head."
    )
    expected_version: int | None = strawberry.field(
        default=None, description="预期版本 — fail with CONFLICT unless it is at this version."
    )


@strawberry.type(description="分工变更结果 — the assignment after the change.")
class AssignmentPayload:
    assignment: Assignment = strawberry.field(description="任务分工 — as stored.")


@strawberry.type(description="改派结果 — the ended assignment and the one that replaces it.")
class AssignmentReassignPayload:
    ended: Assignment = strawberry.field(description="原分工 — ended the day before.")
    assignment: Assignment = strawberry.field(description="新分工 — holds from the day given.")


@strawberry.input(description="结束分工 — end an assignment on a day.")
class AssignmentEndInput:
    assignment_id: strawberry.ID = strawberry.field(description="分工ID — the assignment.")
    valid_to: date = strawberry.field(description="终止日期 — its last day.")
    reason: str = strawberry.field(description="原因 — why (kept in the record).")
    expected_version: int | None = strawberry.field(
        default=None, description="预期版本 — fail with CONFLICT unless it is at this version."
    )


@strawberry.input(description="改派 — hand an assignment's role to another unit from a day on.")
class AssignmentReassignInput:
    assignment_id: strawberry.ID = strawberry.field(description="分工ID — the assignment.")
    unit_id: strawberry.ID = strawberry.field(description="单位ID — the new unit.")
    effective_on: date = strawberry.field(description="生效日期 — first day of the new unit.")
    reason: str = strawberry.field(description="原因 — why (kept in the record).")
    expected_version: int | None = strawberry.field(
        default=None, description="预期版本 — fail with CONFLICT unless it is at this version."
    )


@strawberry.type(description="任务相关变更 — mutations of tasks and assignments.")
class TaskMutation:
    @strawberry.mutation(description="新建任务 — record a new task of a plan.")
    async def task_create(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[TaskCreateInput, strawberry.argument(description=INPUT)],
    ) -> TaskPayload:
        draft = operations.TaskDraft(
            plan_pk=pk_of(input.plan_id, "Plan", "planId"),
            code=input.code,
            title=input.title,
            body=input.body,
            section_pk=pk_of(input.section_id, "Section", "sectionId")
            if input.section_id
            else None,
            ordinal=input.ordinal,
            status=TaskStatusRow(wire(input.status)),
            deadline=deadline_draft(input.deadline),
        )
        row = await in_journal(info, lambda j: operations.create_task(j, draft))
        return TaskPayload(task=Task.from_model(row))

    @strawberry.mutation(
        description="修改任务 — change a task's text, section, status or deadline."
    )
    async def task_update(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[TaskUpdateInput, strawberry.argument(description=INPUT)],
    ) -> TaskPayload:
        pk = pk_of(input.id, "Task")
        changes = given(input, non_null=("code", "title", "body", "ordinal", "status"))
        if "status" in changes:
            changes["status"] = TaskStatusRow(changes["status"].value)
        if changes.get("section_id") is not None:
            changes["section_id"] = pk_of(changes["section_id"], "Section", "sectionId")
        if "deadline" in changes:
            changes["deadline"] = deadline_draft(changes["deadline"])
        row = await in_journal(
            info, lambda j: operations.update_task(j, pk, changes, input.expected_version)
        )
        return TaskPayload(task=Task.from_model(row))

    @strawberry.mutation(description="新建分工 — assign a unit to a task (牵头/配合/指导).")
    async def assignment_create(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[AssignmentCreateInput, strawberry.argument(description=INPUT)],
    ) -> AssignmentPayload:
        draft = operations.AssignmentDraft(
            task_pk=pk_of(input.task_id, "Task", "taskId"),
            unit_pk=pk_of(input.unit_id, "Unit", "unitId"),
            role=RoleRow(wire(input.role)),
            written_name=input.written_name,
            ordinal=input.ordinal,
            valid_from=input.valid_from,
            valid_to=input.valid_to,
            in_charge_post=input.in_charge_post,
        )
        row = await in_journal(info, lambda j: operations.assign(j, draft))
        return AssignmentPayload(assignment=Assignment.from_model(row))

    @strawberry.mutation(
        description="指定分管领导 — name the post in charge (分管领导/责任人) who answers for an "
        "assignment; empty: the unit's head."
    )
    async def assignment_in_charge_set(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[AssignmentInChargeSetInput, strawberry.argument(description=INPUT)],
    ) -> AssignmentPayload:
        pk = pk_of(input.assignment_id, "Assignment", "assignmentId")
        row = await in_journal(
            info,
            lambda j: operations.set_in_charge(j, pk, input.post, input.expected_version),
        )
        return AssignmentPayload(assignment=Assignment.from_model(row))

    @strawberry.mutation(
        description="结束分工 — end an assignment on a day, with a reason (kept, never deleted)."
    )
    async def assignment_end(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[AssignmentEndInput | None, strawberry.argument(description=INPUT)] = None,
        assignment_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="分工ID — the assignment.", deprecation_reason=PLAIN_ARGUMENT
            ),
        ] = None,
        valid_to: Annotated[
            date | None,
            strawberry.argument(
                description="终止日期 — its last day.", deprecation_reason=PLAIN_ARGUMENT
            ),
        ] = None,
        reason: PlainReason = None,
        expected_version: PlainVersion = None,
    ) -> AssignmentPayload:
        given_ = one_input(
            AssignmentEndInput,
            input,
            assignment_id=assignment_id,
            valid_to=valid_to,
            reason=reason,
            expected_version=expected_version,
        )
        pk = pk_of(given_.assignment_id, "Assignment", "assignmentId")
        row = await in_journal(
            info,
            lambda j: operations.end_assignment(
                j, pk, given_.valid_to, given_.reason, given_.expected_version
            ),
        )
        return AssignmentPayload(assignment=Assignment.from_model(row))

    @strawberry.mutation(
        description="改派 — hand an assignment's role to another unit from a day on: the old "
        "assignment ends the day before, a new one starts; both stay on record."
    )
    async def assignment_reassign(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[
            AssignmentReassignInput | None, strawberry.argument(description=INPUT)
        ] = None,
        assignment_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="分工ID — the assignment to hand over.",
                deprecation_reason=PLAIN_ARGUMENT,
            ),
        ] = None,
        unit_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="单位ID — new unit.", deprecation_reason=PLAIN_ARGUMENT
            ),
        ] = None,
        effective_on: Annotated[
            date | None,
            strawberry.argument(
                description="生效日期 — first day of the new unit.",
                deprecation_reason=PLAIN_ARGUMENT,
            ),
        ] = None,
        reason: PlainReason = None,
        expected_version: PlainVersion = None,
    ) -> AssignmentReassignPayload:
        given_ = one_input(
            AssignmentReassignInput,
            input,
            assignment_id=assignment_id,
            unit_id=unit_id,
            effective_on=effective_on,
            reason=reason,
            expected_version=expected_version,
        )
        pk = pk_of(given_.assignment_id, "Assignment", "assignmentId")
        unit_pk = pk_of(given_.unit_id, "Unit", "unitId")
        ended, new = await in_journal(
            info,
            lambda j: operations.reassign(
                j, pk, unit_pk, given_.effective_on, given_.reason, given_.expected_version
            ),
        )
        return AssignmentReassignPayload(
            ended=Assignment.from_model(ended), assignment=Assignment.from_model(new)
        )
