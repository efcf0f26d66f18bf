"""GraphQL types of live events: what kinds there are, and one event as a subscriber gets it."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from resolvers.execution.relations import relation
from schema.relay import Node
from schema.unit import Unit
from schema.warning import WarningLevel


@strawberry.enum(description="事件类型 — kinds of events a subscriber can ask for.")
class EventType(Enum):
    COMMITMENT_DUE_SOON = strawberry.enum_value(
        "COMMITMENT_DUE_SOON",
        description="承诺临期 — a pledged commitment falls due within the notice window "
        "(sent once per commitment and due date by the deadline clock).",
    )
    COMMITMENT_OVERDUE = strawberry.enum_value(
        "COMMITMENT_OVERDUE", description="承诺逾期 — a commitment became OVERDUE."
    )
    WARNING_LEVEL_CHANGED = strawberry.enum_value(
        "WARNING_LEVEL_CHANGED",
        description="红黄牌变化 — an open commitment's or supervision item's warning card "
        "changed (green, yellow, red; noticed by the deadline clock once per change; the new "
        "card is in `warningLevel`).",
    )
    EVIDENCE_SUBMITTED = strawberry.enum_value(
        "EVIDENCE_SUBMITTED", description="佐证材料提交 — evidence submitted or resubmitted."
    )
    EVIDENCE_REVIEWED = strawberry.enum_value(
        "EVIDENCE_REVIEWED", description="佐证材料审核 — evidence accepted or rejected."
    )
    EVALUATION_RECORDED = strawberry.enum_value(
        "EVALUATION_RECORDED", description="评价记录 — an evaluation was recorded."
    )
    DISHONESTY_RECORD_CREATED = strawberry.enum_value(
        "DISHONESTY_RECORD_CREATED", description="失信认定 — a dishonesty record was reported."
    )
    DISHONESTY_RECORD_PUBLISHED = strawberry.enum_value(
        "DISHONESTY_RECORD_PUBLISHED", description="失信公示 — a dishonesty record was published."
    )
    DISHONESTY_OBJECTION_RECEIVED = strawberry.enum_value(
        "DISHONESTY_OBJECTION_RECEIVED",
        description="公众异议 — the public objected to a published record: a formal objection is "
        "open (its limits count from receipt) and the record shows 异议处理中.",
    )
    DISHONESTY_RECORD_REPAIRED = strawberry.enum_value(
        "DISHONESTY_RECORD_REPAIRED", description="信用修复 — a dishonesty record was repaired."
    )
    SANCTION_OVERDUE = strawberry.enum_value(
        "SANCTION_OVERDUE",
        description="惩戒逾期 — a sanction passed its deadline (the working day it fell due) "
        "without being carried out (sent once per sanction and deadline).",
    )
    PPP_RESPONSIBILITY_HANDED_OVER = strawberry.enum_value(
        "PPP_RESPONSIBILITY_HANDED_OVER",
        description="PPP责任交接 — a PPP stage responsibility was handed over to a successor.",
    )


@strawberry.type(
    description="事件 — a change from the audit journal, delivered live in journal order."
)
class Event:
    unit_pk: strawberry.Private[int | None]
    seq: int = strawberry.field(
        description="序号 — seq of the journal entry; events arrive in increasing seq."
    )
    type: EventType = strawberry.field(description="事件类型 — what kind of event.")
    action: str = strawberry.field(
        description="操作 — the journal action, e.g. `evidence.accept` or `evidence.reject`."
    )
    recorded_at: datetime = strawberry.field(description="记录时间 — when the change committed.")
    entity_id: strawberry.ID = strawberry.field(
        description="对象ID — global ID of the object the event is about."
    )
    entity: Node | None = strawberry.field(
        description="对象 — that object as this entry recorded it (null if today's model "
        "cannot show the recorded values)."
    )

    @strawberry.field(
        description="预警等级 — WARNING_LEVEL_CHANGED: the new warning card (else null)."
    )
    def warning_level(self) -> WarningLevel | None:
        if self.type != EventType.WARNING_LEVEL_CHANGED:
            return None
        return WarningLevel[self.action.rpartition("_")[2].upper()]

    unit = relation(
        loader=lambda loaders: loaders.unit_by_id,
        key=lambda each: each.unit_pk,
        type=Unit,
        optional=True,
        description="单位 — the unit whose work the event is about (null when it names none).",
    )
