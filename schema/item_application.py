"""GraphQL types of a supervision item's applications (办结申请 / 延期申请) by its lead handling
unit, the office's decisions, and the office's corrections of a closed item (更正)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import SupervisionItemApplication as ApplicationRow
from models import SupervisionItemCorrection as CorrectionRow
from resolvers.execution.relations import relation
from resolvers.global_ids import to_global_id
from schema.relay import Node
from schema.supervision import ApplicationKind, ApplicationStatus, CorrectedValue, corrected_values

if TYPE_CHECKING:
    from schema.supervision_item import SupervisionItem
    from schema.unit import Unit


@strawberry.type(
    description="督办事项申请 — a lead handling unit's application on its item (办结/延期) and "
    "the supervision office's decision."
)
class SupervisionItemApplication(Node):
    pk: strawberry.Private[int]
    item_pk: strawberry.Private[int]
    unit_pk: strawberry.Private[int]
    kind: ApplicationKind = strawberry.field(description="申请类别 — CLOSE or EXTENSION.")
    status: ApplicationStatus = strawberry.field(description="申请状态 — pending or decided.")
    applied_on: date = strawberry.field(description="申请日期 — day it was made.")
    applicant: str = strawberry.field(description="申请人 — the account that applied.")
    reason: str = strawberry.field(
        description="办结报告 / 延期理由 — the completion report (CLOSE) or the reason (EXTENSION)."
    )
    completed_on: date | None = strawberry.field(
        description="办结日期 — for a close application: the day the unit says the work was done."
    )
    evidence_url: str = strawberry.field(
        description="佐证链接 — for a close application: a link to its evidence (may be empty)."
    )
    requested_due_on: date | None = strawberry.field(
        description="申请延期至 — for an extension: the due date asked for."
    )
    previous_due_on: date | None = strawberry.field(
        description="原办结期限 — for an extension: the due date when it was asked."
    )
    decided_on: date | None = strawberry.field(description="审核日期 — day the office decided.")
    decided_by: str = strawberry.field(description="审核人 — the account that decided.")
    decision_reason: str = strawberry.field(
        description="审核意见 — the office's reason (required when it rejects)."
    )
    version: int = strawberry.field(description="版本 — increases with every change.")
    created_at: datetime = strawberry.field(description="创建时间 — when it was recorded.")

    @classmethod
    def from_model(cls, row: ApplicationRow) -> SupervisionItemApplication:
        return cls(
            id=strawberry.ID(to_global_id("SupervisionItemApplication", row.id)),
            pk=row.id,
            item_pk=row.item_id,
            unit_pk=row.unit_id,
            kind=ApplicationKind(row.kind.value),
            status=ApplicationStatus(row.status.value),
            applied_on=row.applied_on,
            applicant=row.applicant,
            reason=row.reason,
            completed_on=row.completed_on,
            evidence_url=row.evidence_url,
            requested_due_on=row.requested_due_on,
            previous_due_on=row.previous_due_on,
            decided_on=row.decided_on,
            decided_by=row.decided_by,
            decision_reason=row.decision_reason,
            version=row.version,
            created_at=row.created_at,
        )

    item = relation(
        loader=lambda loaders: loaders.supervision_item_by_id,
        key=lambda row: row.item_pk,
        type=Annotated["SupervisionItem", strawberry.lazy("schema.supervision_item")],
        description="督办事项 — the item applied about.",
    )

    unit = relation(
        loader=lambda loaders: loaders.unit_by_id,
        key=lambda row: row.unit_pk,
        type=Annotated["Unit", strawberry.lazy("schema.unit")],
        description="申请单位 — the lead handling unit (主办) that applied.",
    )


@strawberry.type(
    description="督办事项更正记录 — the supervision office's correction of a closed item, with "
    "the old values kept and the reason."
)
class SupervisionItemCorrection(Node):
    pk: strawberry.Private[int]
    item_pk: strawberry.Private[int]
    corrected_on: date = strawberry.field(description="更正日期 — day of the correction.")
    corrected_by: str = strawberry.field(description="更正人 — the account that corrected it.")
    reason: str = strawberry.field(description="更正理由 — why it was corrected.")
    values: list[CorrectedValue] = strawberry.field(
        description="更正内容 — each changed field with its old and new value."
    )
    created_at: datetime = strawberry.field(description="创建时间 — when it was recorded.")

    @classmethod
    def from_model(cls, row: CorrectionRow) -> SupervisionItemCorrection:
        return cls(
            id=strawberry.ID(to_global_id("SupervisionItemCorrection", row.id)),
            pk=row.id,
            item_pk=row.item_id,
            corrected_on=row.corrected_on,
            corrected_by=row.corrected_by,
            reason=row.reason,
            values=corrected_values(row.old_values, row.new_values),
            created_at=row.created_at,
        )

    item = relation(
        loader=lambda loaders: loaders.supervision_item_by_id,
        key=lambda row: row.item_pk,
        type=Annotated["SupervisionItem", strawberry.lazy("schema.supervision_item")],
        description="督办事项 — the item corrected.",
    )
