"""GraphQL types of supervision items (督办事项): the hand-off (交办) to handling units (主办/协办)
with a due date and a feedback rhythm, the units' feedback (进展反馈) and who has not reported."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import SupervisionFeedback as FeedbackRow
from models import SupervisionItem as ItemRow
from models import SupervisionItemUnit as ItemUnitRow
from resolvers.execution.relations import relation
from resolvers.global_ids import to_global_id
from schema.relay import Connection, Node
from schema.supervision import ApplicationKind
from schema.task import Assignment, AssignmentRole

if TYPE_CHECKING:
    from schema.item_application import SupervisionItemApplication, SupervisionItemCorrection
    from schema.task import Task
    from schema.unit import Unit


@strawberry.enum(description="督办来源 — what was handed off.")
class ItemSource(Enum):
    PLAN_TASK = strawberry.enum_value("PLAN_TASK", description="方案任务 — a task of a plan.")
    INSTRUCTION = strawberry.enum_value(
        "INSTRUCTION", description="领导批示等 — an instruction outside any plan."
    )


@strawberry.enum(description="反馈频次 — how often handling units report.")
class FeedbackRhythm(Enum):
    MONTHLY = strawberry.enum_value("MONTHLY", description="每月 — monthly (2018-01).")
    QUARTERLY = strawberry.enum_value("QUARTERLY", description="每季度 — quarterly (2018-Q1).")
    HALF_YEARLY = strawberry.enum_value(
        "HALF_YEARLY", description="每半年 — half-yearly (2018-H1)."
    )
    YEARLY = strawberry.enum_value("YEARLY", description="每年 — yearly (2018).")


@strawberry.enum(description="督办状态 — whether an item is still being handled.")
class ItemStatus(Enum):
    OPEN = strawberry.enum_value("OPEN", description="办理中 — being handled.")
    CLOSED = strawberry.enum_value("CLOSED", description="已办结 — closed.")


@strawberry.enum(description="报送情况 — a handling unit's feedback for one period.")
class FeedbackState(Enum):
    REPORTED = strawberry.enum_value("REPORTED", description="按时报送 — reported on time.")
    LATE = strawberry.enum_value("LATE", description="逾期报送 — reported after the deadline.")
    MISSING = strawberry.enum_value(
        "MISSING", description="未报送 — not reported and the deadline has passed."
    )
    NOT_DUE = strawberry.enum_value("NOT_DUE", description="未到期 — not reported, not yet due.")


@strawberry.type(
    description="督办事项 — a plan task or an instruction (领导批示) the office handed off to "
    "handling units with a due date and a feedback rhythm."
)
class SupervisionItem(Node):
    pk: strawberry.Private[int]
    task_pk: strawberry.Private[int | None]
    source: ItemSource = strawberry.field(description="督办来源 — a plan task or an instruction.")
    title: str = strawberry.field(description="事项名称 — what is to be done.")
    instruction_source: str = strawberry.field(
        description="批示来源 — who gave the instruction (empty for a plan task)."
    )
    instruction_on: date | None = strawberry.field(description="批示日期 — day of the instruction.")
    instruction_text: str = strawberry.field(description="批示内容 — the instruction's text.")
    opened_on: date = strawberry.field(description="交办日期 — day it was handed off.")
    opened_by: str = strawberry.field(description="交办人 — the account that handed it off.")
    due_on: date = strawberry.field(description="办结期限 — due date.")
    rhythm: FeedbackRhythm = strawberry.field(description="反馈频次 — how often units report.")
    feedback_day: int = strawberry.field(
        description="反馈日 — feedback for a period is due by this day of its last month."
    )
    status: ItemStatus = strawberry.field(description="督办状态 — open or closed.")
    pending_application: ApplicationKind | None = strawberry.field(
        description="待审核申请 — the application awaiting the office's decision, if any."
    )
    original_due_on: date | None = strawberry.field(
        description="原办结期限 — the due date as handed off, once an extension moved `dueOn`."
    )
    closed_on: date | None = strawberry.field(
        description="办结日期 — CLOSED: the day the work was done (as the office accepted it)."
    )
    closed_late: bool = strawberry.field(
        description="逾期办结 — CLOSED after its (approved) due working day."
    )
    closing_summary: str = strawberry.field(
        description="办结报告 — CLOSED: the completion report the office accepted."
    )
    version: int = strawberry.field(description="版本 — increases with every change.")
    created_at: datetime = strawberry.field(description="创建时间 — when it was recorded.")

    @classmethod
    def from_model(cls, row: ItemRow) -> SupervisionItem:
        return cls(
            id=strawberry.ID(to_global_id("SupervisionItem", row.id)),
            pk=row.id,
            task_pk=row.task_id,
            source=ItemSource(row.source.value),
            title=row.title,
            instruction_source=row.instruction_source,
            instruction_on=row.instruction_on,
            instruction_text=row.instruction_text,
            opened_on=row.opened_on,
            opened_by=row.opened_by,
            due_on=row.due_on,
            rhythm=FeedbackRhythm(row.rhythm.value),
            feedback_day=row.feedback_day,
            status=ItemStatus(row.status.value),
            pending_application=ApplicationKind(row.pending_application.value)
            if row.pending_application
            else None,
            original_due_on=row.original_due_on,
            closed_on=row.closed_on,
            closed_late=row.closed_late,
            closing_summary=row.closing_summary,
            version=row.version,
            created_at=row.created_at,
        )

    task = relation(
        loader=lambda loaders: loaders.task_by_id,
        key=lambda item: item.task_pk,
        type=Annotated["Task", strawberry.lazy("schema.task")],
        optional=True,
        description="任务 — the plan task handed off (null for an instruction).",
    )

    units = relation(
        loader=lambda loaders: loaders.item_units_by_item_id,
        key=lambda item: item.pk,
        type=Annotated["HandlingUnit", strawberry.lazy("schema.supervision_item")],
        many=True,
        description="承办单位 — the handling units (主办 first in the order named).",
    )

    applications = relation(
        loader=lambda loaders: loaders.applications_by_item_id,
        key=lambda item: item.pk,
        type=Annotated["SupervisionItemApplication", strawberry.lazy("schema.item_application")],
        many=True,
        description="申请 — the lead unit's applications (办结/延期), oldest first.",
    )

    corrections = relation(
        loader=lambda loaders: loaders.corrections_by_item_id,
        key=lambda item: item.pk,
        type=Annotated["SupervisionItemCorrection", strawberry.lazy("schema.item_application")],
        many=True,
        description="更正记录 — the office's corrections of the closed item.",
    )


@strawberry.type(description="承办单位 — a handling unit of an item: 主办 (LEAD) or 协办.")
class HandlingUnit(Node):
    pk: strawberry.Private[int]
    item_pk: strawberry.Private[int]
    unit_pk: strawberry.Private[int]
    role: AssignmentRole = strawberry.field(
        description="承办角色 — LEAD (主办) or CO_RESPONSIBLE (协办)."
    )

    @classmethod
    def from_model(cls, row: ItemUnitRow) -> HandlingUnit:
        return cls(
            id=strawberry.ID(to_global_id("SupervisionItemUnit", row.id)),
            pk=row.id,
            item_pk=row.item_id,
            unit_pk=row.unit_id,
            role=AssignmentRole(row.role),
        )

    unit = relation(
        loader=lambda loaders: loaders.unit_by_id,
        key=lambda link: link.unit_pk,
        type=Annotated["Unit", strawberry.lazy("schema.unit")],
        description="单位 — the unit.",
    )

    item = relation(
        loader=lambda loaders: loaders.supervision_item_by_id,
        key=lambda link: link.item_pk,
        type=SupervisionItem,
        description="督办事项 — the item.",
    )

    feedback = relation(
        loader=lambda loaders: loaders.feedback_by_item_unit_id,
        key=lambda link: link.pk,
        type=Annotated["SupervisionFeedback", strawberry.lazy("schema.supervision_item")],
        many=True,
        description="进展反馈 — the unit's feedback on the item, by period.",
    )


@strawberry.type(description="进展反馈 — a handling unit's feedback on an item for a period.")
class SupervisionFeedback(Node):
    pk: strawberry.Private[int]
    item_unit_pk: strawberry.Private[int]
    period: str = strawberry.field(description="反馈期 — canonical period, e.g. 2018-01.")
    text: str = strawberry.field(description="进展情况 — what was done.")
    percent_complete: int = strawberry.field(description="完成比例 — percent complete, 0–100.")
    reported_on: date = strawberry.field(description="报送日期 — day it was reported.")
    reported_late: bool = strawberry.field(
        description="逾期报送 — reported after the period's feedback deadline."
    )
    reported_by: str = strawberry.field(description="报送人 — the account that reported.")

    @classmethod
    def from_model(cls, row: FeedbackRow) -> SupervisionFeedback:
        return cls(
            id=strawberry.ID(to_global_id("SupervisionFeedback", row.id)),
            pk=row.id,
            item_unit_pk=row.item_unit_id,
            period=row.period,
            text=row.text,
            percent_complete=row.percent_complete,
            reported_on=row.reported_on,
            reported_late=row.reported_late,
            reported_by=row.reported_by,
        )


@strawberry.type(description="报送情况 — one handling unit's feedback for one period.")
class FeedbackStatus:
    handling_unit: HandlingUnit = strawberry.field(description="承办单位 — the unit and its role.")
    period: str = strawberry.field(description="反馈期 — the period.")
    due_on: date = strawberry.field(description="报送期限 — the working day feedback is due.")
    state: FeedbackState = strawberry.field(description="报送情况 — on time, late, missing.")
    reported_on: date | None = strawberry.field(description="报送日期 — null if not reported.")


SupervisionItemConnection = Connection[SupervisionItem]
HandlingUnitConnection = Connection[HandlingUnit]
AssignmentConnection = Connection[Assignment]
