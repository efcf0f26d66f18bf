"""GraphQL types of evidence (佐证材料): stored files or links, their review and resubmissions."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import Evidence as EvidenceRow
from resolvers.execution.relations import relation
from resolvers.global_ids import to_global_id
from schema.relay import Connection, Node

if TYPE_CHECKING:
    from resolvers.context import Context
    from schema.commitment import Commitment, ProgressReport


@strawberry.enum(description="材料类别 — what kind of evidence it is.")
class EvidenceKind(Enum):
    DOCUMENT = strawberry.enum_value("DOCUMENT", description="文件 — an official document.")
    REPORT = strawberry.enum_value("REPORT", description="报告 — a work report or summary.")
    MINUTES = strawberry.enum_value("MINUTES", description="会议纪要 — minutes of a meeting.")
    PHOTO = strawberry.enum_value("PHOTO", description="照片 — a photograph.")
    DATA = strawberry.enum_value("DATA", description="数据表 — a table of figures.")
    WEB_PAGE = strawberry.enum_value(
        "WEB_PAGE", description="网页 — a published web page (e.g. a 公示 notice)."
    )
    OTHER = strawberry.enum_value("OTHER", description="其他 — anything else.")


@strawberry.enum(description="审核状态 — the supervision office's review of evidence.")
class EvidenceStatus(Enum):
    PENDING = strawberry.enum_value("PENDING", description="待审核 — not reviewed yet.")
    ACCEPTED = strawberry.enum_value("ACCEPTED", description="已采纳 — accepted.")
    REJECTED = strawberry.enum_value(
        "REJECTED", description="已退回 — rejected with a reason; resubmit as a new version."
    )


@strawberry.type(description="存储文件 — an evidence file stored by its content hash.")
class StoredFile:
    sha256: str = strawberry.field(description="SHA-256 — hex digest of the content (its name).")
    size: int = strawberry.field(description="大小 — size in bytes.")
    media_type: str = strawberry.field(description="媒体类型 — e.g. application/pdf.")
    file_name: str = strawberry.field(description="文件名 — the name it was uploaded under.")


@strawberry.type(
    description="佐证材料 — evidence for a commitment: a stored file or a link, reviewed by the "
    "supervision office. A resubmission is a new version; the rejected one is kept."
)
class Evidence(Node):
    pk: strawberry.Private[int]
    commitment_pk: strawberry.Private[int]
    report_pk: strawberry.Private[int | None]
    previous_pk: strawberry.Private[int | None]
    title: str = strawberry.field(description="标题 — what the evidence is.")
    kind: EvidenceKind = strawberry.field(description="材料类别 — kind of evidence.")
    url: str | None = strawberry.field(description="链接 — http(s) address, for a link.")
    file: StoredFile | None = strawberry.field(description="文件 — the stored file, for a file.")
    submitted_on: date = strawberry.field(description="提交日期 — day it was submitted.")
    status: EvidenceStatus = strawberry.field(description="审核状态 — review status.")
    reviewed_on: date | None = strawberry.field(description="审核日期 — day it was reviewed.")
    reviewed_by: str = strawberry.field(description="审核人 — who reviewed it.")
    review_reason: str = strawberry.field(
        description="审核意见 — the reason for a rejection (or a note on acceptance)."
    )
    version: int = strawberry.field(description="版本 — increases with every change.")
    created_at: datetime = strawberry.field(description="创建时间 — when it was recorded.")

    @classmethod
    def from_model(cls, row: EvidenceRow) -> Evidence:
        stored = None
        if row.sha256 is not None:
            stored = StoredFile(
                sha256=row.sha256,
                size=row.size or 0,
                media_type=row.media_type or "",
                file_name=row.file_name or "",
            )
        return cls(
            id=strawberry.ID(to_global_id("Evidence", row.id)),
            pk=row.id,
            commitment_pk=row.commitment_id,
            report_pk=row.progress_report_id,
            previous_pk=row.previous_version_id,
            title=row.title,
            kind=EvidenceKind(row.kind.value),
            url=row.url,
            file=stored,
            submitted_on=row.submitted_on,
            status=EvidenceStatus(row.status.value),
            reviewed_on=row.reviewed_on,
            reviewed_by=row.reviewed_by,
            review_reason=row.review_reason,
            version=row.version,
            created_at=row.created_at,
        )

    @strawberry.field(description="承诺 — the commitment it supports.")
    async def commitment(
        self, info: strawberry.Info[Context, None]
    ) -> Annotated[Commitment, strawberry.lazy("schema.commitment")]:
        from schema.commitment import Commitment

        row = await info.context.loaders.commitment_by_id.load(self.commitment_pk)
        assert row is not None
        return Commitment.from_model(row)

    @strawberry.field(description="进展报告 — the progress report it is attached to, if any.")
    async def progress_report(
        self, info: strawberry.Info[Context, None]
    ) -> Annotated[ProgressReport, strawberry.lazy("schema.commitment")] | None:
        from schema.commitment import ProgressReport

        if self.report_pk is None:
            return None
        row = await info.context.loaders.progress_report_by_id.load(self.report_pk)
        return ProgressReport.from_model(row) if row else None

    previous_version = relation(
        loader=lambda loaders: loaders.evidence_by_id,
        key=lambda evidence: evidence.previous_pk,
        type=Annotated["Evidence", strawberry.lazy("schema.evidence")],
        optional=True,
        description="上一版本 — the rejected evidence this one resubmits.",
    )

    @strawberry.field(description="下一版本 — the resubmission that replaced this one, if any.")
    async def next_version(self, info: strawberry.Info[Context, None]) -> Evidence | None:
        rows = await info.context.loaders.evidence_by_previous_version_id.load(self.pk)
        return Evidence.from_model(rows[0]) if rows else None


@strawberry.enum(description="审核结论 — the supervision office's verdict on evidence.")
class EvidenceReviewDecision(Enum):
    ACCEPTED = strawberry.enum_value("ACCEPTED", description="采纳 — accept.")
    REJECTED = strawberry.enum_value("REJECTED", description="退回 — reject (reason required).")


EvidenceConnection = Connection[Evidence]
