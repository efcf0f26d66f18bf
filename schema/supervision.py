"""GraphQL types of the supervision cycle (督办闭环): a unit's applications on its commitment and
the office's decisions (办结/撤回/延期), and corrections of closed records (更正)."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from models import CommitmentApplication as ApplicationRow
from models import Correction as CorrectionRow
from models import Urging as UrgingRow
from resolvers.execution.batching import batched
from resolvers.execution.relations import from_model, relation, to_one
from resolvers.global_ids import to_global_id
from schema.relay import Connection, Node

if TYPE_CHECKING:
    from resolvers.context import Context
    from schema.commitment import Commitment
    from schema.unit import Unit


_commitment_of = to_one(
    lambda loaders: loaders.commitment_by_id,
    lambda row: row.commitment_pk,
    from_model("schema.commitment.Commitment"),
)


def commitment_field(description: str) -> Any:
    """The ``commitment`` field of a record about one commitment (application, correction,
    urging): one relation, batched per selection level."""

    @batched(_commitment_of)
    async def commitment(
        self: Any, info: strawberry.Info[Context, None]
    ) -> Annotated[Commitment, strawberry.lazy("schema.commitment")]:
        [commitment] = await _commitment_of([self], info)
        assert commitment is not None
        return commitment

    return strawberry.field(description=description)(commitment)


@strawberry.enum(description="申请类别 — what a unit asks the supervision office to decide.")
class ApplicationKind(Enum):
    CLOSE = strawberry.enum_value(
        "CLOSE", description="办结申请 — the commitment was kept; close it (销号) on acceptance."
    )
    WITHDRAW = strawberry.enum_value(
        "WITHDRAW", description="撤回申请 — withdraw the commitment before it falls due."
    )
    EXTENSION = strawberry.enum_value(
        "EXTENSION", description="延期申请 — move the due date to a later day."
    )


@strawberry.enum(description="申请状态 — where an application stands.")
class ApplicationStatus(Enum):
    PENDING = strawberry.enum_value("PENDING", description="待审核 — awaiting the office.")
    ACCEPTED = strawberry.enum_value(
        "ACCEPTED", description="已通过 — accepted (办结销号 / 批准) and applied to the commitment."
    )
    REJECTED = strawberry.enum_value(
        "REJECTED", description="已退回 — refused with a reason; the commitment stays as it was."
    )


@strawberry.type(
    description="承诺申请 — a unit's application on its commitment (办结/撤回/延期) and the "
    "supervision office's decision."
)
class CommitmentApplication(Node):
    pk: strawberry.Private[int]
    commitment_pk: strawberry.Private[int]
    kind: ApplicationKind = strawberry.field(description="申请类别 — what is asked.")
    status: ApplicationStatus = strawberry.field(description="申请状态 — pending or decided.")
    applied_on: date = strawberry.field(
        description="申请日期 — day it was made (for a withdrawal: the day it takes effect)."
    )
    applicant: str = strawberry.field(description="申请人 — the account that applied.")
    reason: str = strawberry.field(description="申请理由 — the reason or fulfilment note given.")
    fulfilled_on: date | None = strawberry.field(
        description="践诺日期 — for a close application: the day the unit says it was kept."
    )
    requested_due_on: date | None = strawberry.field(
        description="申请延期至 — for an extension: the due date asked for."
    )
    previous_due_on: date | None = strawberry.field(
        description="原承诺期限 — for an extension: the due date when it was asked."
    )
    decided_on: date | None = strawberry.field(description="审核日期 — day the office decided.")
    decided_by: str = strawberry.field(description="审核人 — the account that decided.")
    decision_reason: str = strawberry.field(
        description="审核意见 — the office's reason (required when it rejects)."
    )
    version: int = strawberry.field(description="版本 — increases with every change.")
    created_at: datetime = strawberry.field(description="创建时间 — when it was recorded.")

    @classmethod
    def from_model(cls, row: ApplicationRow) -> CommitmentApplication:
        return cls(
            id=strawberry.ID(to_global_id("CommitmentApplication", row.id)),
            pk=row.id,
            commitment_pk=row.commitment_id,
            kind=ApplicationKind(row.kind.value),
            status=ApplicationStatus(row.status.value),
            applied_on=row.applied_on,
            applicant=row.applicant,
            reason=row.reason,
            fulfilled_on=row.fulfilled_on,
            requested_due_on=row.requested_due_on,
            previous_due_on=row.previous_due_on,
            decided_on=row.decided_on,
            decided_by=row.decided_by,
            decision_reason=row.decision_reason,
            version=row.version,
            created_at=row.created_at,
        )

    commitment = commitment_field("承诺 — the commitment applied about.")


@strawberry.type(description="更正前后的值 — one corrected field, its old and new value.")
class CorrectedValue:
    field: str = strawberry.field(description="字段 — the corrected field (status, closedOn, …).")
    old_value: str | None = strawberry.field(description="原值 — the value before.")
    new_value: str | None = strawberry.field(description="新值 — the value after.")


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _text(value: Any) -> str | None:
    return None if value is None else str(value).lower() if isinstance(value, bool) else str(value)


def corrected_values(old: dict[str, Any], new: dict[str, Any]) -> list[CorrectedValue]:
    """Each field a correction changed, with its old and new value."""
    return [
        CorrectedValue(
            field=_camel(name),
            old_value=_text(old.get(name)),
            new_value=_text(new.get(name)),
        )
        for name in new
        if old.get(name) != new.get(name)
    ]


@strawberry.type(
    description="更正记录 — the supervision office's correction of a closed record, with the "
    "old values kept and the reason."
)
class Correction(Node):
    pk: strawberry.Private[int]
    commitment_pk: strawberry.Private[int]
    corrected_on: date = strawberry.field(description="更正日期 — day of the correction.")
    corrected_by: str = strawberry.field(description="更正人 — the account that corrected it.")
    reason: str = strawberry.field(description="更正理由 — why it was corrected.")
    values: list[CorrectedValue] = strawberry.field(
        description="更正内容 — each changed field with its old and new value."
    )
    created_at: datetime = strawberry.field(description="创建时间 — when it was recorded.")

    @classmethod
    def from_model(cls, row: CorrectionRow) -> Correction:
        values = corrected_values(row.old_values, row.new_values)
        return cls(
            id=strawberry.ID(to_global_id("Correction", row.id)),
            pk=row.id,
            commitment_pk=row.commitment_id,
            corrected_on=row.corrected_on,
            corrected_by=row.corrected_by,
            reason=row.reason,
            values=values,
            created_at=row.created_at,
        )

    commitment = commitment_field("承诺 — the commitment corrected.")


@strawberry.enum(description="催办方式 — how a unit was urged.")
class UrgingChannel(Enum):
    DOCUMENT = strawberry.enum_value("DOCUMENT", description="督办通知/函 — a written notice.")
    PHONE = strawberry.enum_value("PHONE", description="电话催办 — by telephone.")
    SMS = strawberry.enum_value("SMS", description="短信催办 — by text message.")
    ONLINE = strawberry.enum_value("ONLINE", description="系统催办 — through the online system.")
    MEETING = strawberry.enum_value("MEETING", description="会议督办 — at a meeting.")
    ON_SITE = strawberry.enum_value("ON_SITE", description="实地督办 — on site.")
    AUTOMATIC = strawberry.enum_value(
        "AUTOMATIC", description="自动催办 — by the deadline clock (due soon or overdue)."
    )


@strawberry.enum(description="催办起因 — what caused an urging.")
class UrgingTrigger(Enum):
    MANUAL = strawberry.enum_value("MANUAL", description="人工催办 — the office urged.")
    DUE_SOON = strawberry.enum_value(
        "DUE_SOON", description="临期 — the commitment falls due soon."
    )
    OVERDUE = strawberry.enum_value("OVERDUE", description="逾期 — the commitment became overdue.")


@strawberry.type(
    description="催办 — an urging notice to the unit of an open commitment, and its 签收."
)
class Urging(Node):
    pk: strawberry.Private[int]
    commitment_pk: strawberry.Private[int]
    unit_pk: strawberry.Private[int]
    urged_on: date = strawberry.field(description="催办日期 — day of the notice.")
    channel: UrgingChannel = strawberry.field(description="催办方式 — how it was sent.")
    trigger: UrgingTrigger = strawberry.field(description="催办起因 — the office or the clock.")
    text: str = strawberry.field(description="催办内容 — what the notice says.")
    urged_by: str = strawberry.field(description="催办人 — the account (or the clock).")
    acknowledged_on: date | None = strawberry.field(
        description="签收日期 — day the unit acknowledged it (null: not yet)."
    )
    acknowledged_by: str = strawberry.field(description="签收人 — the account that acknowledged.")
    version: int = strawberry.field(description="版本 — increases with every change.")
    created_at: datetime = strawberry.field(description="创建时间 — when it was recorded.")

    @classmethod
    def from_model(cls, row: UrgingRow) -> Urging:
        return cls(
            id=strawberry.ID(to_global_id("Urging", row.id)),
            pk=row.id,
            commitment_pk=row.commitment_id,
            unit_pk=row.unit_id,
            urged_on=row.urged_on,
            channel=UrgingChannel(row.channel.value),
            trigger=UrgingTrigger(row.trigger.value),
            text=row.text,
            urged_by=row.urged_by,
            acknowledged_on=row.acknowledged_on,
            acknowledged_by=row.acknowledged_by,
            version=row.version,
            created_at=row.created_at,
        )

    commitment = commitment_field("承诺 — the commitment urged.")

    unit = relation(
        loader=lambda loaders: loaders.unit_by_id,
        key=lambda row: row.unit_pk,
        type=Annotated["Unit", strawberry.lazy("schema.unit")],
        description="被催办单位 — the unit urged (the unit that pledged).",
    )


CommitmentApplicationConnection = Connection[CommitmentApplication]
UrgingConnection = Connection[Urging]
CorrectionConnection = Connection[Correction]
