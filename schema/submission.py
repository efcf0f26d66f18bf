"""GraphQL type of what the public sent in: objections and complaints, for the credit admin."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import PublicSubmission as SubmissionRow
from resolvers.global_ids import to_global_id
from schema.relay import Node

if TYPE_CHECKING:
    from resolvers.context import Context
    from schema.credit import DishonestyRecord
    from schema.credit_remedy import DishonestyObjection


@strawberry.enum(description="公众来件类别 — what the public sent in.")
class PublicSubmissionKind(Enum):
    OBJECTION = strawberry.enum_value(
        "OBJECTION", description="异议 — an objection to a published dishonesty record."
    )
    COMPLAINT = strawberry.enum_value(
        "COMPLAINT", description="投诉举报 — a complaint about a dishonest act of government."
    )


@strawberry.type(
    description="公众来件 — an objection or complaint from the public endpoint, stored for the "
    "credit administrator; an objection opens a formal objection on receipt (`objection`)."
)
class PublicSubmission(Node):
    pk: strawberry.Private[int]
    record_pk: strawberry.Private[int | None]
    objection_pk: strawberry.Private[int | None]
    kind: PublicSubmissionKind = strawberry.field(description="类别 — objection or complaint.")
    unit_name: str = strawberry.field(description="涉及单位 — the unit named, as written.")
    submitter_name: str = strawberry.field(description="来件人 — the name given (may be empty).")
    contact: str = strawberry.field(description="联系方式 — how to answer (may be empty).")
    content: str = strawberry.field(description="内容 — what was said.")
    created_at: datetime = strawberry.field(description="收到时间 — when it arrived.")

    @classmethod
    def from_model(cls, row: SubmissionRow) -> PublicSubmission:
        return cls(
            id=strawberry.ID(to_global_id("PublicSubmission", row.id)),
            pk=row.id,
            record_pk=row.record_id,
            objection_pk=row.objection_id,
            kind=PublicSubmissionKind(row.kind.value),
            unit_name=row.unit_name,
            submitter_name=row.submitter_name,
            contact=row.contact,
            content=row.content,
            created_at=row.created_at,
        )

    @strawberry.field(description="失信记录 — the record objected to, for an objection.")
    async def record(
        self, info: strawberry.Info[Context, None]
    ) -> Annotated[DishonestyRecord, strawberry.lazy("schema.credit")] | None:
        from schema.credit import DishonestyRecord

        if self.record_pk is None:
            return None
        row = await info.context.loaders.dishonesty_record_by_id.load(self.record_pk)
        return DishonestyRecord.from_model(row) if row else None

    @strawberry.field(
        description="正式异议 — the formal objection it opened on receipt (or joined, when one "
        "was open already); null for a complaint and for objections from before."
    )
    async def objection(
        self, info: strawberry.Info[Context, None]
    ) -> Annotated[DishonestyObjection, strawberry.lazy("schema.credit_remedy")] | None:
        from schema.credit_remedy import DishonestyObjection

        if self.objection_pk is None:
            return None
        row = await info.context.loaders.objection_by_id.load(self.objection_pk)
        return DishonestyObjection.from_model(row) if row else None
