"""Hand-off mutations: the office opens supervision items (one, or a plan's tasks in bulk);
handling units report feedback per period."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import AssignmentRole as RoleRow
from models import FeedbackRhythm as RhythmRow
from resolvers.global_ids import pk_of
from resolvers.mutation import INPUT, in_journal
from resolvers.supervision import items
from schema.supervision_item import FeedbackRhythm, SupervisionFeedback, SupervisionItem
from schema.task import AssignmentRole

if TYPE_CHECKING:
    from resolvers.context import Context


@strawberry.input(description="承办单位 — a handling unit named in a hand-off.")
class HandlingUnitInput:
    unit_id: strawberry.ID = strawberry.field(description="单位ID — the unit.")
    role: AssignmentRole = strawberry.field(
        description="承办角色 — LEAD (主办) or CO_RESPONSIBLE (协办)."
    )


@strawberry.input(
    description="交办 — hand off a plan task or an instruction outside any plan (领导批示)."
)
class SupervisionItemOpenInput:
    task_id: strawberry.ID | None = strawberry.field(
        default=None, description="任务ID — the plan task (or give the instruction instead)."
    )
    title: str = strawberry.field(
        default="", description="事项名称 — required for an instruction; default: the task title."
    )
    instruction_source: str = strawberry.field(
        default="", description="批示来源 — who gave the instruction, e.g. 市长批示."
    )
    instruction_on: date | None = strawberry.field(
        default=None, description="批示日期 — day of the instruction."
    )
    instruction_text: str = strawberry.field(default="", description="批示内容 — its text.")
    opened_on: date = strawberry.field(description="交办日期 — day of the hand-off.")
    due_on: date = strawberry.field(description="办结期限 — due date.")
    rhythm: FeedbackRhythm = strawberry.field(description="反馈频次 — how often units report.")
    feedback_day: int = strawberry.field(
        description="反馈日 — feedback is due by this day of each period's last month, e.g. 25."
    )
    units: list[HandlingUnitInput] = strawberry.field(
        description="承办单位 — the handling units (one LEAD at least)."
    )


@strawberry.input(description="批量交办 — hand off every task of a plan not yet handed off.")
class SupervisionItemsOpenForPlanInput:
    plan_id: strawberry.ID = strawberry.field(description="方案ID — the plan.")
    opened_on: date = strawberry.field(description="交办日期 — day of the hand-off.")
    due_on: date = strawberry.field(
        description="办结期限 — due date for tasks without a dated deadline of their own."
    )
    rhythm: FeedbackRhythm = strawberry.field(description="反馈频次 — how often units report.")
    feedback_day: int = strawberry.field(description="反馈日 — e.g. 25 (by the 25th).")


@strawberry.input(description="进展反馈 — a handling unit reports on an item for a period.")
class SupervisionFeedbackSubmitInput:
    item_id: strawberry.ID = strawberry.field(description="督办事项ID — the item.")
    unit_id: strawberry.ID | None = strawberry.field(
        default=None, description="单位ID — the handling unit; default: the caller's unit."
    )
    period: str = strawberry.field(
        description="反馈期 — the item's period: 2018年1月, 2018-01, 2018-Q1, 2018-H1, 2018."
    )
    text: str = strawberry.field(description="进展情况 — what was done.")
    percent_complete: int = strawberry.field(description="完成比例 — percent complete, 0–100.")
    reported_on: date = strawberry.field(description="报送日期 — day of the report.")


@strawberry.type(description="交办结果 — the item as stored.")
class SupervisionItemPayload:
    item: SupervisionItem = strawberry.field(description="督办事项 — as stored.")


@strawberry.type(description="批量交办结果 — the items this hand-off opened.")
class SupervisionItemsOpenForPlanPayload:
    items: list[SupervisionItem] = strawberry.field(
        description="督办事项 — opened now (tasks already handed off are left out)."
    )


@strawberry.type(description="反馈结果 — the feedback as stored.")
class SupervisionFeedbackPayload:
    feedback: SupervisionFeedback = strawberry.field(description="进展反馈 — as stored.")


@strawberry.type(description="交办变更 — supervision items and their feedback.")
class SupervisionItemMutation:
    @strawberry.mutation(description="交办 — open a supervision item for handling units.")
    async def supervision_item_open(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[SupervisionItemOpenInput, strawberry.argument(description=INPUT)],
    ) -> SupervisionItemPayload:
        draft = items.ItemDraft(
            task_pk=pk_of(input.task_id, "Task", "taskId") if input.task_id else None,
            title=input.title,
            instruction_source=input.instruction_source,
            instruction_on=input.instruction_on,
            instruction_text=input.instruction_text,
            opened_on=input.opened_on,
            due_on=input.due_on,
            rhythm=RhythmRow(input.rhythm.name),
            feedback_day=input.feedback_day,
            units=[
                items.HandlingUnit(pk_of(u.unit_id, "Unit", "units"), RoleRow(u.role.name))
                for u in input.units
            ],
        )
        row = await in_journal(info, lambda j: items.open_item(j, draft))
        return SupervisionItemPayload(item=SupervisionItem.from_model(row))

    @strawberry.mutation(
        description="批量交办 — open an item for every task of a plan not yet handed off, with "
        "its lead and co-responsible units as 主办 and 协办."
    )
    async def supervision_items_open_for_plan(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[SupervisionItemsOpenForPlanInput, strawberry.argument(description=INPUT)],
    ) -> SupervisionItemsOpenForPlanPayload:
        draft = items.PlanHandOff(
            plan_pk=pk_of(input.plan_id, "Plan", "planId"),
            opened_on=input.opened_on,
            rhythm=RhythmRow(input.rhythm.name),
            feedback_day=input.feedback_day,
            due_on=input.due_on,
        )
        rows = await in_journal(info, lambda j: items.open_plan_items(j, draft))
        return SupervisionItemsOpenForPlanPayload(
            items=[SupervisionItem.from_model(row) for row in rows]
        )

    @strawberry.mutation(
        description="进展反馈 — a handling unit reports on an item, once per period of its rhythm."
    )
    async def supervision_feedback_submit(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[SupervisionFeedbackSubmitInput, strawberry.argument(description=INPUT)],
    ) -> SupervisionFeedbackPayload:
        draft = items.FeedbackDraft(
            item_pk=pk_of(input.item_id, "SupervisionItem", "itemId"),
            unit_pk=pk_of(input.unit_id, "Unit", "unitId") if input.unit_id else None,
            period=input.period,
            text=input.text,
            percent_complete=input.percent_complete,
            reported_on=input.reported_on,
        )
        row = await in_journal(info, lambda j: items.submit_feedback(j, draft))
        return SupervisionFeedbackPayload(feedback=SupervisionFeedback.from_model(row))
