"""A published dishonesty record as the public sees it: its public summary (公示内容, names masked
when it was published), no person IDs, no raw facts, and where and when it went out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import strawberry

from models import DishonestyPublication as PublicationRow
from models import DishonestyPublicationChannel as ChannelRow
from models import DishonestyRecord as RecordRow
from resolvers.global_ids import to_global_id
from schema.credit import DishonestyCategory, Severity

PUBLIC_TYPE_NAME = "PublicDishonestyRecord"


@strawberry.type(description="公示渠道 — where a record went out, on which day.")
class PublicChannel:
    channel: str = strawberry.field(description="渠道 — e.g. 信用甘肃.")
    published_on: date = strawberry.field(description="发布日期 — day it went out there.")
    reference: str = strawberry.field(description="渠道编号 — its notice number or link.")

    @classmethod
    def from_model(cls, row: ChannelRow) -> PublicChannel:
        return cls(channel=row.channel, published_on=row.published_on, reference=row.reference)


@dataclass(frozen=True)
class PublicState:
    """What the public saw of a record on a day (worked out by resolvers/public/queries.py)."""

    publication: PublicationRow
    channels: list[ChannelRow]
    unit_name: str | None
    #: Already masked (张**).
    person_name: str | None
    under_objection: bool


@strawberry.type(
    description="公示失信记录 — a dishonesty record inside its publication window, as published: "
    "the public summary the administrator approved, names masked, no personal identifiers."
)
class PublicDishonestyRecord:
    id: strawberry.ID = strawberry.field(
        description="记录编号 — opaque; pass to `dishonestyRecord` or `objectionSubmit`."
    )
    category: DishonestyCategory = strawberry.field(description="失信类别 — category.")
    severity: Severity = strawberry.field(description="严重程度 — severity.")
    summary: str = strawberry.field(
        description="公示内容 — the public summary as published (every known name masked)."
    )
    facts: str = strawberry.field(
        description="失信事实 — the public summary (never the internal facts).",
        deprecation_reason="The public sees the public summary only: use `summary`.",
    )
    occurred_on: date = strawberry.field(description="产生日期 — day it arose.")
    unit_name: str | None = strawberry.field(description="单位 — the government unit concerned.")
    person_name: str | None = strawberry.field(
        description="当事人 — a civil servant's name, masked (张**); null for a unit's record."
    )
    published_on: date = strawberry.field(description="公示日期 — first day of publication.")
    public_until: date = strawberry.field(description="公示截止 — last day of publication.")
    channel: str = strawberry.field(
        description="公示渠道 — the first channel it went out on (empty if none named).",
        deprecation_reason="A record goes out on several channels: use `channels`.",
    )
    channels: list[PublicChannel] = strawberry.field(
        description="公示渠道 — every channel it went out on by the day asked, earliest first."
    )
    under_objection: bool = strawberry.field(
        description="异议处理中 — an objection against it was being handled on the day asked."
    )

    @classmethod
    def from_rows(cls, record: RecordRow, state: PublicState) -> PublicDishonestyRecord:
        publication = state.publication
        return cls(
            id=strawberry.ID(to_global_id(PUBLIC_TYPE_NAME, record.id)),
            category=DishonestyCategory(record.category.value),
            severity=Severity(publication.severity.value),
            summary=publication.summary,
            facts=publication.summary,
            occurred_on=record.occurred_on,
            unit_name=state.unit_name,
            person_name=state.person_name,
            published_on=publication.published_on,
            public_until=publication.public_until,
            channel=state.channels[0].channel if state.channels else "",
            channels=[PublicChannel.from_model(row) for row in state.channels],
            under_objection=state.under_objection,
        )


@strawberry.type(description="回执 — proof that a submission arrived.")
class SubmissionReceipt:
    reference: str = strawberry.field(description="回执编号 — quote it when you follow up.")
    received_at: datetime = strawberry.field(description="收到时间 — when it arrived.")
    secret: str | None = strawberry.field(
        default=None,
        description="查询密码 — for an objection: with `reference`, follows it in "
        "`objection(reference:, secret:)`. Shown only this once, never stored: keep it.",
    )
