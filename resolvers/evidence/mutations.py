"""Evidence mutations: submit (file as base64, or link), review, resubmit after rejection."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import EvidenceKind as KindRow
from models import EvidenceStatus as StatusRow
from resolvers.evidence import operations
from resolvers.evidence.storage import EvidenceStore
from resolvers.global_ids import pk_of
from resolvers.mutation import INPUT, in_journal
from resolvers.wire import wire
from schema.evidence import Evidence, EvidenceKind, EvidenceReviewDecision

if TYPE_CHECKING:
    from resolvers.context import Context


@strawberry.input(
    description="上传文件 — a file sent inside the request as base64 (pdf, docx, xlsx, jpg, "
    "png, txt, csv; at most DUTYGRAPH_EVIDENCE_MAX_BYTES, 20 MiB by default)."
)
class EvidenceFileInput:
    file_name: str = strawberry.field(
        description="文件名 — name with its extension, e.g. 纪要.pdf."
    )
    content_base64: str = strawberry.field(description="内容 — the file's bytes, base64-encoded.")


@strawberry.input(description="提交佐证材料 — evidence for a commitment: a file or a link.")
class EvidenceSubmitInput:
    commitment_id: strawberry.ID = strawberry.field(description="承诺ID — the commitment.")
    progress_report_id: strawberry.ID | None = strawberry.field(
        default=None, description="进展报告ID — the report it belongs to, if any."
    )
    title: str = strawberry.field(description="标题 — what the evidence is.")
    kind: EvidenceKind = strawberry.field(description="材料类别 — kind of evidence.")
    submitted_on: date = strawberry.field(description="提交日期 — day it was submitted.")
    url: str | None = strawberry.field(default=None, description="链接 — an http(s) address.")
    file: EvidenceFileInput | None = strawberry.field(default=None, description="文件 — a file.")


@strawberry.input(description="重新提交 — a new version of rejected evidence.")
class EvidenceResubmitInput:
    previous_version_id: strawberry.ID = strawberry.field(
        description="上一版本ID — the rejected evidence (kept unchanged)."
    )
    title: str | None = strawberry.field(default=None, description="标题 — default: as before.")
    kind: EvidenceKind | None = strawberry.field(
        default=None, description="材料类别 — default: as before."
    )
    submitted_on: date = strawberry.field(description="提交日期 — day it was resubmitted.")
    url: str | None = strawberry.field(default=None, description="链接 — an http(s) address.")
    file: EvidenceFileInput | None = strawberry.field(default=None, description="文件 — a file.")


@strawberry.input(description="审核佐证材料 — the supervision office's review.")
class EvidenceReviewInput:
    id: strawberry.ID = strawberry.field(description="材料ID — the evidence.")
    decision: EvidenceReviewDecision = strawberry.field(description="结论 — accept or reject.")
    reviewed_on: date = strawberry.field(description="审核日期 — day of the review.")
    reason: str = strawberry.field(
        default="", description="意见 — required for a rejection: what is missing or wrong."
    )
    expected_version: int | None = strawberry.field(
        default=None, description="预期版本 — fail with CONFLICT unless it is at this version."
    )


@strawberry.type(description="佐证材料变更结果 — the evidence after the change.")
class EvidencePayload:
    evidence: Evidence = strawberry.field(description="佐证材料 — as stored.")


def store_of(info: strawberry.Info[Context, None]) -> EvidenceStore:
    app = getattr(info.context.request, "app", None)
    return EvidenceStore.of(getattr(getattr(app, "state", None), "settings", None))


def uploaded(value: EvidenceFileInput | None) -> operations.UploadedFile | None:
    return operations.UploadedFile(value.file_name, value.content_base64) if value else None


@strawberry.type(description="佐证材料相关变更 — mutations of evidence.")
class EvidenceMutation:
    @strawberry.mutation(description="提交佐证材料 — attach a file or a link to a commitment.")
    async def evidence_submit(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[EvidenceSubmitInput, strawberry.argument(description=INPUT)],
    ) -> EvidencePayload:
        draft = operations.EvidenceDraft(
            commitment_pk=pk_of(input.commitment_id, "Commitment", "commitmentId"),
            progress_report_pk=pk_of(input.progress_report_id, "ProgressReport", "progressReportId")
            if input.progress_report_id
            else None,
            title=input.title,
            kind=KindRow(wire(input.kind)),
            submitted_on=input.submitted_on,
            url=input.url,
            file=uploaded(input.file),
        )
        store = store_of(info)
        row = await in_journal(info, lambda j: operations.submit(j, store, draft))
        return EvidencePayload(evidence=Evidence.from_model(row))

    @strawberry.mutation(
        description="重新提交 — resubmit rejected evidence as a new version linked to it."
    )
    async def evidence_resubmit(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[EvidenceResubmitInput, strawberry.argument(description=INPUT)],
    ) -> EvidencePayload:
        previous_pk = pk_of(input.previous_version_id, "Evidence", "previousVersionId")
        draft = operations.EvidenceDraft(
            title=input.title,
            kind=KindRow(wire(input.kind)) if input.kind else None,
            submitted_on=input.submitted_on,
            url=input.url,
            file=uploaded(input.file),
        )
        store = store_of(info)
        row = await in_journal(info, lambda j: operations.resubmit(j, store, previous_pk, draft))
        return EvidencePayload(evidence=Evidence.from_model(row))

    @strawberry.mutation(description="审核佐证材料 — accept, or reject with a reason.")
    async def evidence_review(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[EvidenceReviewInput, strawberry.argument(description=INPUT)],
    ) -> EvidencePayload:
        pk = pk_of(input.id, "Evidence")
        decision = StatusRow(wire(input.decision))
        row = await in_journal(
            info,
            lambda j: operations.review(
                j, pk, decision, input.reviewed_on, input.reason, input.expected_version
            ),
        )
        return EvidencePayload(evidence=Evidence.from_model(row))
