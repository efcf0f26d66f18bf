"""Dishonesty record mutations: report, correct, publish, take down, sanction."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from models import DishonestyCategory as CategoryRow
from models import SanctionKind as SanctionKindRow
from models import Severity as SeverityRow
from resolvers.credit import operations, publication
from resolvers.credit.rules import request_channels
from resolvers.credit.rules import request_rules as rules
from resolvers.errors import bad_input
from resolvers.global_ids import pk_of
from resolvers.mutation import INPUT, given, in_journal
from resolvers.wire import wire
from schema.credit import (
    DishonestyCategory,
    DishonestyRecord,
    Publication,
    Sanction,
    SanctionKind,
    Severity,
)

if TYPE_CHECKING:
    from resolvers.context import Context


@strawberry.input(description="报送失信记录 — a dishonest act of a unit or a civil servant.")
class DishonestyRecordReportInput:
    unit_id: strawberry.ID | None = strawberry.field(
        default=None, description="单位ID — the unit (for a person: where the person served)."
    )
    person_id: strawberry.ID | None = strawberry.field(
        default=None, description="当事人ID — the civil servant, for a person's record."
    )
    commitment_id: strawberry.ID | None = strawberry.field(
        default=None, description="承诺ID — the broken commitment (its unit is the record's)."
    )
    category: DishonestyCategory = strawberry.field(description="失信类别 — category.")
    severity: Severity = strawberry.field(description="严重程度 — severity.")
    facts: str = strawberry.field(description="失信事实 — what happened.")
    occurred_on: date = strawberry.field(description="产生日期 — day the information arose.")
    reported_on: date = strawberry.field(description="报送日期 — day it is reported.")


@strawberry.input(
    description="更正内容 — fields of a record to correct; omitted ones stay as they are."
)
class DishonestyCorrectionInput:
    category: DishonestyCategory | None = strawberry.field(
        default=strawberry.UNSET, description="失信类别 — category."
    )
    severity: Severity | None = strawberry.field(
        default=strawberry.UNSET, description="严重程度 — severity."
    )
    facts: str | None = strawberry.field(default=strawberry.UNSET, description="失信事实 — facts.")
    occurred_on: date | None = strawberry.field(
        default=strawberry.UNSET, description="产生日期 — day it arose (deadline recomputed)."
    )
    reported_on: date | None = strawberry.field(
        default=strawberry.UNSET, description="报送日期 — day it was reported."
    )


def corrections(value: DishonestyCorrectionInput | None) -> dict[str, Any]:
    if value is None:
        return {}
    changes = given(value, non_null=tuple(vars(value)))
    if "category" in changes:
        changes["category"] = CategoryRow(wire(changes["category"]))
    if "severity" in changes:
        changes["severity"] = SeverityRow(wire(changes["severity"]))
    return changes


@strawberry.input(description="修改失信记录 — correct a record that is not frozen.")
class DishonestyRecordUpdateInput:
    id: strawberry.ID = strawberry.field(description="记录ID — the record.")
    corrections: DishonestyCorrectionInput = strawberry.field(description="更正内容 — changes.")
    expected_version: int | None = strawberry.field(
        default=None, description="预期版本 — fail with CONFLICT unless it is at this version."
    )


@strawberry.type(description="失信记录变更结果 — the record after the change.")
class DishonestyRecordPayload:
    record: DishonestyRecord = strawberry.field(description="失信记录 — as stored.")


@strawberry.input(description="公示渠道 — a channel the publication goes out on.")
class PublicationChannelInput:
    channel: str = strawberry.field(
        description="渠道 — one of the configured channels (DUTYGRAPH_CREDIT_CHANNELS)."
    )
    published_on: date | None = strawberry.field(
        default=None, description="发布日期 — day it goes out there (default: `publishedOn`)."
    )
    reference: str = strawberry.field(
        default="", description="渠道编号 — the channel's notice number or link."
    )


@strawberry.input(
    description="公示 — publish a record for the window its severity sets, on one or more "
    "channels; a record already public gets the new channels added to the same window."
)
class DishonestyRecordPublishInput:
    record_id: strawberry.ID = strawberry.field(description="记录ID — the record.")
    published_on: date = strawberry.field(description="公示日期 — first public day.")
    channel: str = strawberry.field(
        default="", description="公示渠道 — one channel, e.g. 信用甘肃 (or use `channels`)."
    )
    channels: list[PublicationChannelInput] | None = strawberry.field(
        default=None, description="公示渠道 — every channel, each with its day and reference."
    )
    summary: str | None = strawberry.field(
        default=None,
        description="公示内容 — the public summary; refused while it names a known person. "
        "Omitted: the facts with every known name masked (see `dishonestyPublicSummaryDraft`).",
    )


def publication_draft(input: DishonestyRecordPublishInput) -> publication.PublicationDraft:
    if input.channel.strip() and input.channels:
        raise bad_input("Name the channel in `channel` or in `channels`, not both.", "channels")
    channels = [
        publication.ChannelDraft(c.channel, c.published_on, c.reference)
        for c in input.channels or ()
    ]
    if input.channel.strip():
        channels = [publication.ChannelDraft(input.channel)]
    return publication.PublicationDraft(
        record_pk=pk_of(input.record_id, "DishonestyRecord", "recordId"),
        published_on=input.published_on,
        channels=channels,
        summary=input.summary,
        single=bool(input.channel.strip()),
    )


@strawberry.input(description="撤下公示 — take a publication down before its window ends.")
class DishonestyPublicationWithdrawInput:
    id: strawberry.ID = strawberry.field(description="公示ID — the publication.")
    withdrawn_on: date = strawberry.field(description="撤下日期 — day it was taken down.")
    reason: str = strawberry.field(description="原因 — why.")


@strawberry.type(description="公示变更结果 — the publication after the change.")
class DishonestyPublicationPayload:
    publication: Publication = strawberry.field(description="公示 — as stored.")


@strawberry.input(description="实施惩戒 — impose a sanction on a record.")
class DishonestySanctionImposeInput:
    record_id: strawberry.ID = strawberry.field(description="记录ID — the record.")
    kind: SanctionKind = strawberry.field(description="措施 — which sanction.")
    imposed_on: date = strawberry.field(description="决定日期 — day it is imposed.")
    due_on: date | None = strawberry.field(
        default=None, description="期限 — deadline (required for 书面说明并限期整改)."
    )
    note: str = strawberry.field(default="", description="说明 — details.")


@strawberry.input(description="惩戒办结 — record that a sanction was carried out.")
class DishonestySanctionCompleteInput:
    id: strawberry.ID = strawberry.field(description="惩戒ID — the sanction.")
    completed_on: date = strawberry.field(description="办结日期 — day it was carried out.")
    note: str = strawberry.field(default="", description="说明 — how.")


@strawberry.type(description="惩戒变更结果 — the sanction after the change.")
class DishonestySanctionPayload:
    sanction: Sanction = strawberry.field(description="惩戒措施 — as stored.")


@strawberry.type(description="失信记录相关变更 — mutations of dishonesty records.")
class CreditMutation:
    @strawberry.mutation(
        description="报送失信记录 — record a dishonest act; reportDueOn and reportedLate follow "
        "from the 7-working-day rule."
    )
    async def dishonesty_record_report(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[DishonestyRecordReportInput, strawberry.argument(description=INPUT)],
    ) -> DishonestyRecordPayload:
        draft = operations.RecordDraft(
            unit_pk=pk_of(input.unit_id, "Unit", "unitId") if input.unit_id else None,
            person_pk=pk_of(input.person_id, "Person", "personId") if input.person_id else None,
            commitment_pk=pk_of(input.commitment_id, "Commitment", "commitmentId")
            if input.commitment_id
            else None,
            category=CategoryRow(wire(input.category)),
            severity=SeverityRow(wire(input.severity)),
            facts=input.facts,
            occurred_on=input.occurred_on,
            reported_on=input.reported_on,
        )
        table = rules(info)
        row = await in_journal(info, lambda j: operations.report(j, table, draft))
        return DishonestyRecordPayload(record=DishonestyRecord.from_model(row))

    @strawberry.mutation(description="修改失信记录 — correct a record (refused while frozen).")
    async def dishonesty_record_update(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[DishonestyRecordUpdateInput, strawberry.argument(description=INPUT)],
    ) -> DishonestyRecordPayload:
        pk, changes, table = (
            pk_of(input.id, "DishonestyRecord"),
            corrections(input.corrections),
            rules(info),
        )
        row = await in_journal(
            info, lambda j: operations.update(j, table, pk, changes, input.expected_version)
        )
        return DishonestyRecordPayload(record=DishonestyRecord.from_model(row))

    @strawberry.mutation(
        description="公示 — publish a record (window by severity, rule version) with its public "
        "summary, or add channels to the window it is already public in."
    )
    async def dishonesty_record_publish(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[DishonestyRecordPublishInput, strawberry.argument(description=INPUT)],
    ) -> DishonestyPublicationPayload:
        draft, table, allowed = publication_draft(input), rules(info), request_channels(info)
        row = await in_journal(info, lambda j: publication.publish(j, table, allowed, draft))
        return DishonestyPublicationPayload(publication=Publication.from_model(row))

    @strawberry.mutation(description="撤下公示 — take a publication down, with a reason.")
    async def dishonesty_publication_withdraw(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[
            DishonestyPublicationWithdrawInput, strawberry.argument(description=INPUT)
        ],
    ) -> DishonestyPublicationPayload:
        pk = pk_of(input.id, "DishonestyPublication")
        row = await in_journal(
            info,
            lambda j: operations.withdraw_publication(j, pk, input.withdrawn_on, input.reason),
        )
        return DishonestyPublicationPayload(publication=Publication.from_model(row))

    @strawberry.mutation(description="实施惩戒 — impose a sanction with its deadline.")
    async def dishonesty_sanction_impose(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[DishonestySanctionImposeInput, strawberry.argument(description=INPUT)],
    ) -> DishonestySanctionPayload:
        draft = operations.SanctionDraft(
            record_pk=pk_of(input.record_id, "DishonestyRecord", "recordId"),
            kind=SanctionKindRow(wire(input.kind)),
            imposed_on=input.imposed_on,
            due_on=input.due_on,
            note=input.note,
        )
        row = await in_journal(info, lambda j: operations.impose(j, draft))
        return DishonestySanctionPayload(sanction=Sanction.from_model(row))

    @strawberry.mutation(description="惩戒办结 — record that a sanction was carried out.")
    async def dishonesty_sanction_complete(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[DishonestySanctionCompleteInput, strawberry.argument(description=INPUT)],
    ) -> DishonestySanctionPayload:
        pk = pk_of(input.id, "DishonestySanction")
        row = await in_journal(
            info, lambda j: operations.complete_sanction(j, pk, input.completed_on, input.note)
        )
        return DishonestySanctionPayload(sanction=Sanction.from_model(row))
