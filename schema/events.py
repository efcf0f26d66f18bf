"""GraphQL types of live events: what kinds there are, and one event as a subscriber gets it."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING

import strawberry

from schema.batching import batched
from schema.relations import to_one
from schema.relay import Node
from schema.unit import Unit

if TYPE_CHECKING:
    from resolvers.context import Context


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


_unit_of_event = to_one(
    lambda loaders: loaders.unit_by_id, lambda each: each.unit_pk, lambda row: Unit.from_model(row)
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
        description="单位 — the unit whose work the event is about (null when it names none)."
    )
    @batched(_unit_of_event)
    async def unit(self, info: strawberry.Info[Context, None]) -> Unit | None:
        [unit] = await _unit_of_event([self], info)
        return unit
