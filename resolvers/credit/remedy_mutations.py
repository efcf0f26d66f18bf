"""Objection (异议) and credit repair (信用修复) mutations."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import ObjectionDecision as ObjectionDecisionRow
from models import RepairDecision as RepairDecisionRow
from resolvers.credit import remedies
from resolvers.credit.mutations import DishonestyCorrectionInput, corrections
from resolvers.credit.rules import request_rules as rules
from resolvers.global_ids import pk_of
from resolvers.mutation import INPUT, in_journal
from resolvers.wire import wire
from schema.credit_remedy import (
    CreditRepair,
    DishonestyObjection,
    ObjectionDecision,
    RepairDecision,
    RepairMeasureKind,
)

if TYPE_CHECKING:
    from resolvers.context import Context


@strawberry.input(description="提出异议 — an objection against a dishonesty record.")
class DishonestyObjectionFileInput:
    record_id: strawberry.ID = strawberry.field(description="记录ID — the record.")
    filed_by: str = strawberry.field(description="异议人 — who objects.")
    filed_on: date = strawberry.field(description="提出日期 — day it is filed.")
    grounds: str = strawberry.field(description="异议理由 — grounds.")


@strawberry.input(description="异议标注 — mark the record; it is frozen until the decision.")
class DishonestyObjectionMarkInput:
    id: strawberry.ID = strawberry.field(description="异议ID — the objection.")
    marked_on: date = strawberry.field(description="标注日期 — day of marking.")


@strawberry.input(description="异议处理 — decide an objection.")
class DishonestyObjectionDecideInput:
    id: strawberry.ID = strawberry.field(description="异议ID — the objection.")
    decision: ObjectionDecision = strawberry.field(description="处理结果 — the decision.")
    decided_on: date = strawberry.field(description="办结日期 — day of the decision.")
    reason: str = strawberry.field(description="处理意见 — reasons (required).")
    corrections: DishonestyCorrectionInput | None = strawberry.field(
        default=None, description="更正内容 — required with CORRECTED, refused otherwise."
    )


@strawberry.type(description="异议变更结果 — the objection after the change.")
class DishonestyObjectionPayload:
    objection: DishonestyObjection = strawberry.field(description="异议 — as stored.")


@strawberry.input(description="申请信用修复 — an application to repair a record.")
class CreditRepairApplyInput:
    record_id: strawberry.ID = strawberry.field(description="记录ID — the record.")
    applicant: str = strawberry.field(description="申请人 — who applies.")
    applied_on: date = strawberry.field(description="申请日期 — day of the application.")
    statement: str = strawberry.field(default="", description="申请说明 — statement.")


@strawberry.input(description="修复措施 — a measure taken by the applicant.")
class CreditRepairMeasureAddInput:
    id: strawberry.ID = strawberry.field(description="修复ID — the repair application.")
    kind: RepairMeasureKind = strawberry.field(description="类别 — kind of measure.")
    description: str = strawberry.field(description="内容 — what was done.")
    taken_on: date = strawberry.field(description="日期 — day it was done.")


@strawberry.input(description="信用修复决定 — decide a repair application.")
class CreditRepairDecideInput:
    id: strawberry.ID = strawberry.field(description="修复ID — the repair application.")
    decision: RepairDecision = strawberry.field(description="决定 — the decision.")
    decided_on: date = strawberry.field(description="决定日期 — day of the decision.")
    reason: str = strawberry.field(description="决定理由 — reasons (required).")


@strawberry.type(description="信用修复变更结果 — the repair application after the change.")
class CreditRepairPayload:
    repair: CreditRepair = strawberry.field(description="信用修复 — as stored.")


@strawberry.type(description="异议与信用修复变更 — mutations of objections and credit repair.")
class CreditRemedyMutation:
    @strawberry.mutation(description="提出异议 — file an objection (limits from the rule table).")
    async def dishonesty_objection_file(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[DishonestyObjectionFileInput, strawberry.argument(description=INPUT)],
    ) -> DishonestyObjectionPayload:
        pk, table = pk_of(input.record_id, "DishonestyRecord", "recordId"), rules(info)
        row = await in_journal(
            info,
            lambda j: remedies.file_objection(
                j, table, pk, input.filed_by, input.filed_on, input.grounds
            ),
        )
        return DishonestyObjectionPayload(objection=DishonestyObjection.from_model(row))

    @strawberry.mutation(description="异议标注 — mark the record under objection (frozen).")
    async def dishonesty_objection_mark(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[DishonestyObjectionMarkInput, strawberry.argument(description=INPUT)],
    ) -> DishonestyObjectionPayload:
        pk = pk_of(input.id, "DishonestyObjection")
        row = await in_journal(info, lambda j: remedies.mark_objection(j, pk, input.marked_on))
        return DishonestyObjectionPayload(objection=DishonestyObjection.from_model(row))

    @strawberry.mutation(
        description="异议处理 — decide: UPHELD revokes the record, CORRECTED applies the "
        "corrections, REJECTED keeps it; the record is unfrozen."
    )
    async def dishonesty_objection_decide(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[DishonestyObjectionDecideInput, strawberry.argument(description=INPUT)],
    ) -> DishonestyObjectionPayload:
        pk, table = pk_of(input.id, "DishonestyObjection"), rules(info)
        decision, changes = (
            ObjectionDecisionRow(wire(input.decision)),
            corrections(input.corrections),
        )
        row = await in_journal(
            info,
            lambda j: remedies.decide_objection(
                j, table, pk, decision, input.decided_on, input.reason, changes
            ),
        )
        return DishonestyObjectionPayload(objection=DishonestyObjection.from_model(row))

    @strawberry.mutation(description="申请信用修复 — apply to repair a standing record.")
    async def credit_repair_apply(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[CreditRepairApplyInput, strawberry.argument(description=INPUT)],
    ) -> CreditRepairPayload:
        pk = pk_of(input.record_id, "DishonestyRecord", "recordId")
        row = await in_journal(
            info,
            lambda j: remedies.apply_repair(
                j, pk, input.applicant, input.applied_on, input.statement
            ),
        )
        return CreditRepairPayload(repair=CreditRepair.from_model(row))

    @strawberry.mutation(description="修复措施 — add a measure taken to an open application.")
    async def credit_repair_measure_add(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[CreditRepairMeasureAddInput, strawberry.argument(description=INPUT)],
    ) -> CreditRepairPayload:
        pk = pk_of(input.id, "CreditRepair")
        row = await in_journal(
            info,
            lambda j: remedies.add_measure(
                j, pk, wire(input.kind), input.description, input.taken_on
            ),
        )
        return CreditRepairPayload(repair=CreditRepair.from_model(row))

    @strawberry.mutation(
        description="信用修复决定 — REPAIRED takes the record out of public views (kept for "
        "auditors); REPAIRED and EXEMPTED lift open sanctions."
    )
    async def credit_repair_decide(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[CreditRepairDecideInput, strawberry.argument(description=INPUT)],
    ) -> CreditRepairPayload:
        pk, decision = pk_of(input.id, "CreditRepair"), RepairDecisionRow(wire(input.decision))
        table = rules(info)
        row = await in_journal(
            info,
            lambda j: remedies.decide_repair(
                j, table, pk, decision, input.decided_on, input.reason
            ),
        )
        return CreditRepairPayload(repair=CreditRepair.from_model(row))
