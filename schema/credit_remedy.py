"""GraphQL types of remedies against a dishonesty record: objections (异议), repair (信用修复)."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING

import strawberry

from models import CreditRepair as RepairRow
from models import DishonestyObjection as ObjectionRow
from resolvers.execution.batching import batched
from resolvers.global_ids import to_global_id
from schema.credit import DishonestyRecord, load_record, record_of
from schema.relay import Node

if TYPE_CHECKING:
    from resolvers.context import Context


@strawberry.enum(description="异议状态 — where an objection stands.")
class ObjectionStatus(Enum):
    FILED = strawberry.enum_value("FILED", description="已受理 — filed, the record not yet marked.")
    MARKED = strawberry.enum_value(
        "MARKED", description="已标注 — the record is marked and frozen until the decision."
    )
    DECIDED = strawberry.enum_value("DECIDED", description="已办结 — decided.")


@strawberry.enum(description="异议处理结果 — the decision on an objection.")
class ObjectionDecision(Enum):
    UPHELD = strawberry.enum_value(
        "UPHELD", description="异议成立 — the record was wrong and is revoked (kept for audit)."
    )
    CORRECTED = strawberry.enum_value(
        "CORRECTED", description="予以更正 — the record is corrected as the decision says."
    )
    REJECTED = strawberry.enum_value("REJECTED", description="异议不成立 — the record stands.")


@strawberry.enum(description="修复措施类别 — what the party did to make good.")
class RepairMeasureKind(Enum):
    LOSS_RECOVERED = strawberry.enum_value(
        "LOSS_RECOVERED", description="挽回损失 — loss recovered."
    )
    INFLUENCE_ELIMINATED = strawberry.enum_value(
        "INFLUENCE_ELIMINATED", description="消除不良影响 — bad influence eliminated."
    )
    HARM_PREVENTED = strawberry.enum_value(
        "HARM_PREVENTED", description="有效阻止危害结果发生 — harm prevented."
    )
    RECTIFIED = strawberry.enum_value("RECTIFIED", description="完成整改 — rectification done.")
    OTHER = strawberry.enum_value("OTHER", description="其他 — another measure.")


@strawberry.enum(description="信用修复决定 — the decision on a credit repair.")
class RepairDecision(Enum):
    REPAIRED = strawberry.enum_value(
        "REPAIRED", description="准予修复 — repaired: the record leaves public views."
    )
    MITIGATED = strawberry.enum_value("MITIGATED", description="从轻惩戒 — sanctions mitigated.")
    EXEMPTED = strawberry.enum_value(
        "EXEMPTED", description="免于惩戒 — exempted: open sanctions are lifted."
    )
    DENIED = strawberry.enum_value("DENIED", description="不予修复 — denied.")


@strawberry.type(
    description="异议 — an objection against a dishonesty record, with the working-day limits "
    "that applied and whether they were kept."
)
class DishonestyObjection(Node):
    pk: strawberry.Private[int]
    record_pk: strawberry.Private[int]
    filed_by: str = strawberry.field(description="异议人 — who objects.")
    filed_on: date = strawberry.field(description="提出日期 — day it was filed.")
    grounds: str = strawberry.field(description="异议理由 — grounds.")
    status: ObjectionStatus = strawberry.field(description="状态 — where it stands.")
    mark_limit_days: int = strawberry.field(
        description="标注时限 — working days allowed from filing to marking the record."
    )
    mark_due_on: date = strawberry.field(description="标注期限 — last day to mark the record.")
    marked_on: date | None = strawberry.field(description="标注日期 — day the record was marked.")
    marked_late: bool = strawberry.field(description="逾期标注 — marked after markDueOn.")
    decide_limit_days: int = strawberry.field(
        description="办理时限 — working days allowed from marking to the decision."
    )
    decision_due_on: date | None = strawberry.field(
        description="办结期限 — last day for the decision (set when marked)."
    )
    decision: ObjectionDecision | None = strawberry.field(description="处理结果 — the decision.")
    decided_on: date | None = strawberry.field(description="办结日期 — day it was decided.")
    decided_late: bool = strawberry.field(description="逾期办结 — decided after decisionDueOn.")
    decision_reason: str = strawberry.field(description="处理意见 — reasons for the decision.")
    rule_version: str = strawberry.field(description="规则版本 — the limits' rule version.")
    version: int = strawberry.field(description="版本 — increases with every change.")
    created_at: datetime = strawberry.field(description="创建时间 — when it was recorded.")

    @classmethod
    def from_model(cls, row: ObjectionRow) -> DishonestyObjection:
        return cls(
            id=strawberry.ID(to_global_id("DishonestyObjection", row.id)),
            pk=row.id,
            record_pk=row.record_id,
            filed_by=row.filed_by,
            filed_on=row.filed_on,
            grounds=row.grounds,
            status=ObjectionStatus(row.status.value),
            mark_limit_days=row.mark_limit_days,
            mark_due_on=row.mark_due_on,
            marked_on=row.marked_on,
            marked_late=row.marked_late,
            decide_limit_days=row.decide_limit_days,
            decision_due_on=row.decision_due_on,
            decision=ObjectionDecision(row.decision.value) if row.decision else None,
            decided_on=row.decided_on,
            decided_late=row.decided_late,
            decision_reason=row.decision_reason,
            rule_version=row.rule_version,
            version=row.version,
            created_at=row.created_at,
        )

    @strawberry.field(description="失信记录 — the record objected to.")
    @batched(record_of)
    async def record(self, info: strawberry.Info[Context, None]) -> DishonestyRecord:
        return await load_record(info, self)


@strawberry.type(description="修复措施 — something the party did to make good.")
class RepairMeasure:
    kind: RepairMeasureKind = strawberry.field(description="类别 — kind of measure.")
    description: str = strawberry.field(description="内容 — what was done.")
    taken_on: date = strawberry.field(description="日期 — day it was done.")


@strawberry.type(
    description="信用修复 — an application to repair credit, its measures and decision."
)
class CreditRepair(Node):
    pk: strawberry.Private[int]
    record_pk: strawberry.Private[int]
    applicant: str = strawberry.field(description="申请人 — who applies.")
    applied_on: date = strawberry.field(description="申请日期 — day of the application.")
    statement: str = strawberry.field(description="申请说明 — what the applicant says.")
    measures: list[RepairMeasure] = strawberry.field(
        description="修复措施 — measures taken, in the order reported."
    )
    decision: RepairDecision | None = strawberry.field(description="决定 — the decision.")
    decided_on: date | None = strawberry.field(description="决定日期 — day of the decision.")
    decision_reason: str = strawberry.field(description="决定理由 — reasons for the decision.")
    version: int = strawberry.field(description="版本 — increases with every change.")
    created_at: datetime = strawberry.field(description="创建时间 — when it was recorded.")

    @classmethod
    def from_model(cls, row: RepairRow) -> CreditRepair:
        return cls(
            id=strawberry.ID(to_global_id("CreditRepair", row.id)),
            pk=row.id,
            record_pk=row.record_id,
            applicant=row.applicant,
            applied_on=row.applied_on,
            statement=row.statement,
            measures=[
                RepairMeasure(
                    kind=RepairMeasureKind(m["kind"]),
                    description=m["description"],
                    taken_on=date.fromisoformat(m["taken_on"]),
                )
                for m in row.measures
            ],
            decision=RepairDecision(row.decision.value) if row.decision else None,
            decided_on=row.decided_on,
            decision_reason=row.decision_reason,
            version=row.version,
            created_at=row.created_at,
        )

    @strawberry.field(description="失信记录 — the record to repair.")
    @batched(record_of)
    async def record(self, info: strawberry.Info[Context, None]) -> DishonestyRecord:
        return await load_record(info, self)
