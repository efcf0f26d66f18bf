"""What the public may send in: an objection to a published record, or a complaint. Each is
stored for the credit administrator, journaled, and rate-limited per client address."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Annotated, cast

import strawberry

from models import PublicSubmission as SubmissionRow
from models import PublicSubmissionKind as KindRow
from resolvers.credit.rules import request_rules
from resolvers.errors import DomainError, ErrorCode
from resolvers.global_ids import to_global_id
from resolvers.journal.writer import Journal
from resolvers.mutation import INPUT, in_journal
from resolvers.public import objections
from resolvers.public.objections import optional_text
from resolvers.records import required_text
from schema.public.record import SubmissionReceipt

if TYPE_CHECKING:
    from resolvers.context import Context
    from resolvers.public.context import PublicContext


async def check_rate(info: strawberry.Info[Context, None]) -> None:
    """One token of the caller's bucket, or RATE_LIMITED saying when to try again."""
    context = cast("PublicContext", info.context)
    wait = await context.limiter.take(context.client)
    if wait is not None:
        raise DomainError(
            ErrorCode.RATE_LIMITED,
            f"Too many submissions from your address: try again in {math.ceil(wait)} seconds.",
        )


async def store(
    journal: Journal,
    kind: KindRow,
    content: str,
    name: str,
    contact: str,
    record_pk: int | None = None,
    unit_name: str = "",
) -> SubmissionRow:
    row = await SubmissionRow.create(
        kind=kind,
        record_id=record_pk,
        unit_name=optional_text(unit_name, "unitName", 200),
        submitter_name=optional_text(name, "name", 100),
        contact=optional_text(contact, "contact", 200),
        content=required_text(content, "content", 5000),
        using_db=journal.connection,
    )
    await journal.created(row, f"public_submission.{kind.value.lower()}")
    return row


def receipt(row: SubmissionRow, secret: str | None = None) -> SubmissionReceipt:
    return SubmissionReceipt(
        reference=to_global_id("PublicSubmission", row.pk),
        received_at=row.created_at,
        secret=secret,
    )


@strawberry.input(description="提出异议 — an objection to a published record.")
class ObjectionSubmitInput:
    record_id: strawberry.ID = strawberry.field(description="记录编号 — the published record.")
    grounds: str = strawberry.field(description="异议理由 — why the record is wrong.")
    name: str = strawberry.field(default="", description="姓名 — your name (optional).")
    contact: str = strawberry.field(default="", description="联系方式 — how to answer you.")


@strawberry.input(description="投诉举报 — a complaint about a dishonest act of government.")
class ComplaintSubmitInput:
    content: str = strawberry.field(description="内容 — what happened, when and where.")
    unit_name: str = strawberry.field(default="", description="涉及单位 — the unit concerned.")
    name: str = strawberry.field(default="", description="姓名 — your name (optional).")
    contact: str = strawberry.field(default="", description="联系方式 — how to answer you.")


@strawberry.type(description="公众提交 — what the public may send in (rate-limited).")
class PublicSubmitMutation:
    @strawberry.mutation(
        description="提出异议 — object to a published record: a formal objection opens at once "
        "(its time limits count from today), the record shows 异议处理中, the credit "
        "administrator is told; keep the receipt's `reference` and `secret` to follow it."
    )
    async def objection_submit(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[ObjectionSubmitInput, strawberry.argument(description=INPUT)],
    ) -> SubmissionReceipt:
        await check_rate(info)
        table = request_rules(info)
        got = await in_journal(
            info,
            lambda j: objections.receive(
                j, table, input.record_id, input.grounds, input.name, input.contact
            ),
        )
        return receipt(got.submission, got.secret)

    @strawberry.mutation(description="投诉举报 — complain about a dishonest act of government.")
    async def complaint_submit(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[ComplaintSubmitInput, strawberry.argument(description=INPUT)],
    ) -> SubmissionReceipt:
        await check_rate(info)
        row = await in_journal(
            info,
            lambda j: store(
                j,
                KindRow.COMPLAINT,
                input.content,
                input.name,
                input.contact,
                unit_name=input.unit_name,
            ),
        )
        return receipt(row)
