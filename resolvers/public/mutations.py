"""What the public may send in: an objection to a published record, or a complaint. Each is
stored for the credit administrator, journaled, and rate-limited per client address."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Annotated, cast

import strawberry

from models import PublicSubmission as SubmissionRow
from models import PublicSubmissionKind as KindRow
from resolvers import workdays
from resolvers.journal.writer import Journal
from resolvers.mutation import INPUT, in_journal
from resolvers.public.queries import public_pk, published
from resolvers.records import required_text
from schema.errors import DomainError, ErrorCode, bad_input, not_found
from schema.public.record import SubmissionReceipt
from schema.relay import to_global_id

if TYPE_CHECKING:
    from resolvers.context import Context
    from resolvers.public.context import PublicContext


def optional_text(value: str, field: str, max_length: int) -> str:
    text = value.strip()
    if len(text) > max_length:
        raise bad_input(f"`{field}` is longer than {max_length} characters.", field)
    return text


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


async def object_to(
    journal: Journal, record_id: strawberry.ID, grounds: str, name: str, contact: str
) -> SubmissionRow:
    """An objection only to a record published today; anything else is NOT_FOUND."""
    pk = public_pk(record_id, "recordId")
    if pk is None or not await published(workdays.today()).filter(pk=pk).exists():
        raise not_found("PublicDishonestyRecord", record_id, "recordId")
    return await store(journal, KindRow.OBJECTION, grounds, name, contact, record_pk=pk)


def receipt(row: SubmissionRow) -> SubmissionReceipt:
    return SubmissionReceipt(
        reference=to_global_id("PublicSubmission", row.pk), received_at=row.created_at
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
        description="提出异议 — object to a published record; the credit administrator handles it."
    )
    async def objection_submit(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[ObjectionSubmitInput, strawberry.argument(description=INPUT)],
    ) -> SubmissionReceipt:
        await check_rate(info)
        row = await in_journal(
            info,
            lambda j: object_to(j, input.record_id, input.grounds, input.name, input.contact),
        )
        return receipt(row)

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
