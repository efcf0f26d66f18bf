"""A published dishonesty record as the public sees it: no person IDs, names masked (张**)."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from models import DishonestyPublication as PublicationRow
from models import DishonestyRecord as RecordRow
from schema.credit import DishonestyCategory, Severity
from schema.relay import to_global_id

PUBLIC_TYPE_NAME = "PublicDishonestyRecord"


def mask_name(name: str) -> str:
    """A person's name as the public sees it: the surname and two stars, whatever its length."""
    name = name.strip()
    return f"{name[0]}**" if name else ""


def masked_text(text: str, name: str | None) -> str:
    """``text`` with the person's full name (and their given name alone) masked."""
    if not name or not name.strip():
        return text
    name = name.strip()
    masked = text.replace(name, mask_name(name))
    given = name[1:]
    return masked.replace(given, "**") if len(given) >= 2 else masked


@strawberry.type(
    description="公示失信记录 — a dishonesty record inside its publication window, as published: "
    "a person's name masked, no personal identifiers."
)
class PublicDishonestyRecord:
    id: strawberry.ID = strawberry.field(
        description="记录编号 — opaque; pass to `dishonestyRecord` or `objectionSubmit`."
    )
    category: DishonestyCategory = strawberry.field(description="失信类别 — category.")
    severity: Severity = strawberry.field(description="严重程度 — severity.")
    facts: str = strawberry.field(description="失信事实 — what happened (names masked).")
    occurred_on: date = strawberry.field(description="产生日期 — day it arose.")
    unit_name: str | None = strawberry.field(description="单位 — the government unit concerned.")
    person_name: str | None = strawberry.field(
        description="当事人 — a civil servant's name, masked (张**); null for a unit's record."
    )
    published_on: date = strawberry.field(description="公示日期 — first day of publication.")
    public_until: date = strawberry.field(description="公示截止 — last day of publication.")
    channel: str = strawberry.field(description="公示渠道 — where it is published.")
    under_objection: bool = strawberry.field(
        description="异议处理中 — an objection against it is being handled."
    )

    @classmethod
    def from_rows(
        cls,
        record: RecordRow,
        publication: PublicationRow,
        unit_name: str | None,
        person_name: str | None,
    ) -> PublicDishonestyRecord:
        return cls(
            id=strawberry.ID(to_global_id(PUBLIC_TYPE_NAME, record.id)),
            category=DishonestyCategory(record.category.value),
            severity=Severity(record.severity.value),
            facts=masked_text(record.facts, person_name),
            occurred_on=record.occurred_on,
            unit_name=unit_name,
            person_name=mask_name(person_name) if person_name else None,
            published_on=publication.published_on,
            public_until=publication.public_until,
            channel=publication.channel,
            under_objection=record.under_objection,
        )


@strawberry.type(description="回执 — proof that a submission arrived.")
class SubmissionReceipt:
    reference: str = strawberry.field(description="回执编号 — quote it when you follow up.")
    received_at: datetime = strawberry.field(description="收到时间 — when it arrived.")
