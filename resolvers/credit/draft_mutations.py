"""Draft record mutations: the credit administrator confirms or dismisses a draft record."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import Severity as SeverityRow
from resolvers.credit import drafts
from resolvers.credit.mutations import DishonestyRecordPayload
from resolvers.credit.rules import request_rules as rules
from resolvers.global_ids import pk_of
from resolvers.mutation import INPUT, in_journal
from resolvers.wire import wire
from schema.credit import DishonestyRecord, Severity

if TYPE_CHECKING:
    from resolvers.context import Context

VERSION = "预期版本 — fail with CONFLICT unless the record is at this version."


@strawberry.input(description="确认失信记录 — a draft record stands (报送 that day).")
class DishonestyRecordConfirmInput:
    id: strawberry.ID = strawberry.field(description="记录ID — the draft record.")
    reported_on: date = strawberry.field(
        description="报送日期 — the day it is reported (its 7-working-day deadline is counted)."
    )
    severity: Severity | None = strawberry.field(
        default=None, description="严重程度 — omitted: the draft's (GENERAL)."
    )
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(description="不予认定 — dismiss a draft record, with the reason.")
class DishonestyRecordDismissInput:
    id: strawberry.ID = strawberry.field(description="记录ID — the draft record.")
    reason: str = strawberry.field(description="理由 — why it is not a dishonest act (kept).")
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.type(description="待确认失信记录相关变更 — deciding draft records.")
class DishonestyDraftMutation:
    @strawberry.mutation(
        description="确认失信记录 — confirm a draft record (e.g. opened by a PPP breach): it "
        "stands under the rules in force; only a DRAFT (else INVALID_TRANSITION)."
    )
    async def dishonesty_record_confirm(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[DishonestyRecordConfirmInput, strawberry.argument(description=INPUT)],
    ) -> DishonestyRecordPayload:
        pk, table = pk_of(input.id, "DishonestyRecord"), rules(info)
        severity = SeverityRow(wire(input.severity)) if input.severity else None
        row = await in_journal(
            info,
            lambda j: drafts.confirm(
                j, table, pk, input.reported_on, severity, input.expected_version
            ),
        )
        return DishonestyRecordPayload(record=DishonestyRecord.from_model(row))

    @strawberry.mutation(
        description="不予认定 — dismiss a draft record with a reason (kept for audit, never "
        "public); only a DRAFT (else INVALID_TRANSITION)."
    )
    async def dishonesty_record_dismiss(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[DishonestyRecordDismissInput, strawberry.argument(description=INPUT)],
    ) -> DishonestyRecordPayload:
        pk = pk_of(input.id, "DishonestyRecord")
        row = await in_journal(
            info, lambda j: drafts.dismiss(j, pk, input.reason, input.expected_version)
        )
        return DishonestyRecordPayload(record=DishonestyRecord.from_model(row))
