"""GraphQL types of dishonesty records (政务失信记录), their publication and sanctions.

Objections and credit repair, which act on a record, are in ``schema.credit_remedy``.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from models import DishonestyPublication as PublicationRow
from models import DishonestyPublicationChannel as ChannelRow
from models import DishonestyRecord as RecordRow
from models import DishonestySanction as SanctionRow
from resolvers.execution.batching import batched
from resolvers.execution.relations import from_model, relation, to_many, to_one
from resolvers.global_ids import to_global_id
from schema.person import Person
from schema.relay import Connection, Node

if TYPE_CHECKING:
    from resolvers.context import Context
    from schema.commitment import Commitment
    from schema.credit_remedy import CreditRepair, DishonestyObjection
    from schema.unit import Unit


@strawberry.enum(description="失信类别 — how the dishonest act was established.")
class DishonestyCategory(Enum):
    COURT_JUDGMENT = strawberry.enum_value(
        "COURT_JUDGMENT", description="司法判决 — court judgment."
    )
    ADMINISTRATIVE_PENALTY = strawberry.enum_value(
        "ADMINISTRATIVE_PENALTY", description="行政处罚 — administrative penalty."
    )
    DISCIPLINARY_SANCTION = strawberry.enum_value(
        "DISCIPLINARY_SANCTION", description="纪律处分 — disciplinary sanction."
    )
    ACCOUNTABILITY = strawberry.enum_value(
        "ACCOUNTABILITY", description="问责处理 — accountability."
    )
    BREACH_OF_PROMISE = strawberry.enum_value(
        "BREACH_OF_PROMISE", description="违约毁约/承诺未兑现 — breach of contract or promise."
    )


@strawberry.enum(description="严重程度 — severity of the dishonest act.")
class Severity(Enum):
    MINOR = strawberry.enum_value("MINOR", description="轻微 — minor.")
    GENERAL = strawberry.enum_value("GENERAL", description="一般 — general.")
    SERIOUS = strawberry.enum_value("SERIOUS", description="严重 — serious.")


@strawberry.enum(description="记录状态 — whether a record stands.")
class RecordStatus(Enum):
    DRAFT = strawberry.enum_value(
        "DRAFT",
        description="待确认 — opened by a PPP breach; the credit administrator confirms or "
        "dismisses it (never public, counted nowhere meanwhile).",
    )
    ACTIVE = strawberry.enum_value("ACTIVE", description="有效 — the record stands.")
    REVOKED = strawberry.enum_value(
        "REVOKED", description="已撤销 — an upheld objection showed it wrong (kept for audit)."
    )
    REPAIRED = strawberry.enum_value(
        "REPAIRED", description="已修复 — credit repaired: out of public views, kept for audit."
    )
    DISMISSED = strawberry.enum_value(
        "DISMISSED", description="不予认定 — a draft the administrator dismissed, with a reason."
    )


@strawberry.enum(description="惩戒措施 — sanctions of plan part 一(二)5.")
class SanctionKind(Enum):
    WRITTEN_EXPLANATION = strawberry.enum_value(
        "WRITTEN_EXPLANATION",
        description="书面说明并限期整改 — written explanation, rectify by a date.",
    )
    HONOURS_BAN = strawberry.enum_value(
        "HONOURS_BAN", description="取消评优评先资格 — barred from honours and awards."
    )
    PUBLIC_CRITICISM = strawberry.enum_value(
        "PUBLIC_CRITICISM", description="通报批评 — public criticism."
    )
    ACCOUNTABILITY = strawberry.enum_value(
        "ACCOUNTABILITY", description="追究责任 — those responsible held to account."
    )


@strawberry.enum(description="惩戒状态 — where a sanction stands.")
class SanctionStatus(Enum):
    IMPOSED = strawberry.enum_value("IMPOSED", description="执行中 — imposed, not yet complete.")
    COMPLETED = strawberry.enum_value("COMPLETED", description="已完成 — carried out.")
    LIFTED = strawberry.enum_value(
        "LIFTED", description="已解除 — lifted (exempted by a repair, or the record revoked)."
    )


_objections_of = to_many(
    lambda loaders: loaders.objections_by_record_id,
    lambda r: r.pk,
    from_model("schema.credit_remedy.DishonestyObjection"),
)
#: ``record`` of publications, sanctions, objections and repairs (their ``record_pk``).
record_of = to_one(
    lambda loaders: loaders.dishonesty_record_by_id,
    lambda each: each.record_pk,
    lambda row: DishonestyRecord.from_model(row),
)


@strawberry.type(description="政务失信记录 — a dishonest act of a unit or of a civil servant.")
class DishonestyRecord(Node):
    pk: strawberry.Private[int]
    unit_pk: strawberry.Private[int | None]
    person_pk: strawberry.Private[int | None]
    commitment_pk: strawberry.Private[int | None]
    category: DishonestyCategory = strawberry.field(description="失信类别 — category.")
    severity: Severity = strawberry.field(description="严重程度 — severity.")
    facts: str = strawberry.field(description="失信事实 — what happened.")
    occurred_on: date = strawberry.field(
        description="产生日期 — day the dishonesty information arose (失信信息产生)."
    )
    reported_on: date = strawberry.field(description="报送日期 — day it was reported to 市发改委.")
    report_due_on: date = strawberry.field(
        description="报送期限 — the 7th working day after it arose (plan part 二(五))."
    )
    reported_late: bool = strawberry.field(description="逾期报送 — reported after reportDueOn.")
    calendar_basis: str = strawberry.field(
        description="工作日依据 — how working days were counted (holiday data or weekends only)."
    )
    ppp_breach_id: strawberry.ID | None = strawberry.field(
        description="PPP违约ID — the PPP breach that opened the record, if one did."
    )
    rule_version: str = strawberry.field(
        description="规则版本 — the credit rule table the record was decided under "
        "(its windows and earliest repair follow it)."
    )
    status: RecordStatus = strawberry.field(description="记录状态 — whether it stands.")
    under_objection: bool = strawberry.field(
        description="异议标注 — marked while an objection is handled: frozen, no changes."
    )
    status_reason: str = strawberry.field(description="状态说明 — why the status last changed.")
    version: int = strawberry.field(description="版本 — increases with every change.")
    created_at: datetime = strawberry.field(description="创建时间 — when it was recorded.")
    updated_at: datetime = strawberry.field(description="更新时间 — when it last changed.")

    @classmethod
    def from_model(cls, row: RecordRow) -> DishonestyRecord:
        return cls(
            id=strawberry.ID(to_global_id("DishonestyRecord", row.id)),
            pk=row.id,
            unit_pk=row.unit_id,
            person_pk=row.person_id,
            commitment_pk=row.commitment_id,
            category=DishonestyCategory(row.category.value),
            severity=Severity(row.severity.value),
            facts=row.facts,
            occurred_on=row.occurred_on,
            reported_on=row.reported_on,
            report_due_on=row.report_due_on,
            reported_late=row.reported_late,
            ppp_breach_id=strawberry.ID(to_global_id("PppBreach", row.ppp_breach_id))
            if row.ppp_breach_id is not None
            else None,
            rule_version=row.rule_version,
            calendar_basis=row.calendar_basis,
            status=RecordStatus(row.status.value),
            under_objection=row.under_objection,
            status_reason=row.status_reason,
            version=row.version,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    unit = relation(
        loader=lambda loaders: loaders.unit_by_id,
        key=lambda r: r.unit_pk,
        type=Annotated["Unit", strawberry.lazy("schema.unit")],
        optional=True,
        description="单位 — the unit (for a person: where the person served).",
    )

    person = relation(
        loader=lambda loaders: loaders.person_by_id,
        key=lambda r: r.person_pk,
        type=Person,
        optional=True,
        description="当事人 — the person, for a civil servant's record.",
    )

    commitment = relation(
        loader=lambda loaders: loaders.commitment_by_id,
        key=lambda r: r.commitment_pk,
        type=Annotated["Commitment", strawberry.lazy("schema.commitment")],
        optional=True,
        description="承诺 — the broken commitment the record is about, if any.",
    )

    publications = relation(
        loader=lambda loaders: loaders.publications_by_record_id,
        key=lambda r: r.pk,
        type=Annotated["Publication", strawberry.lazy("schema.credit")],
        many=True,
        description="公示 — publications of the record, oldest first.",
    )

    sanctions = relation(
        loader=lambda loaders: loaders.sanctions_by_record_id,
        key=lambda r: r.pk,
        type=Annotated["Sanction", strawberry.lazy("schema.credit")],
        many=True,
        description="惩戒措施 — sanctions imposed on the record.",
    )

    objections = relation(
        loader=lambda loaders: loaders.objections_by_record_id,
        key=lambda r: r.pk,
        type=Annotated["DishonestyObjection", strawberry.lazy("schema.credit_remedy")],
        many=True,
        description="异议 — objections against the record.",
    )

    @strawberry.field(
        description="异议处理中 — whether an objection was being handled on the day (received by "
        "then, not yet decided): what the public saw that day, unlike `underObjection` (today's "
        "freeze)."
    )
    @batched(_objections_of)
    async def under_objection_on(
        self,
        info: strawberry.Info[Context, None],
        as_of: Annotated[date, strawberry.argument(description="日期 — the day.")],
    ) -> bool:
        [objections] = await _objections_of([self], info)
        return any(
            o.filed_on <= as_of and (o.decided_on is None or o.decided_on > as_of)
            for o in objections
        )

    repairs = relation(
        loader=lambda loaders: loaders.repairs_by_record_id,
        key=lambda r: r.pk,
        type=Annotated["CreditRepair", strawberry.lazy("schema.credit_remedy")],
        many=True,
        description="信用修复 — credit repair applications for the record.",
    )


@strawberry.type(
    name="DishonestyPublication",
    description="失信公示 — publication of a record for a window set by severity under a rule "
    "version.",
)
class Publication(Node):
    pk: strawberry.Private[int]
    record_pk: strawberry.Private[int]
    published_on: date = strawberry.field(description="公示日期 — first day it is public.")
    public_until: date = strawberry.field(description="公示截止 — last day of the window.")
    channel: str = strawberry.field(
        description="公示渠道 — the first channel named (empty if none); see `channels`.",
        deprecation_reason="A publication goes out on several channels: use `channels`.",
    )
    summary: str = strawberry.field(
        description="公示内容 — the public summary as published: known names masked, checked "
        "to name no known person."
    )
    rule_version: str = strawberry.field(description="规则版本 — the window rule that applied.")
    severity: Severity = strawberry.field(description="严重程度 — severity the window was set by.")
    withdrawn_on: date | None = strawberry.field(description="撤下日期 — day it was taken down.")
    withdraw_reason: str = strawberry.field(description="撤下原因 — why it was taken down.")

    @classmethod
    def from_model(cls, row: PublicationRow) -> Publication:
        return cls(
            id=strawberry.ID(to_global_id("DishonestyPublication", row.id)),
            pk=row.id,
            record_pk=row.record_id,
            published_on=row.published_on,
            public_until=row.public_until,
            channel=row.channel,
            summary=row.summary,
            rule_version=row.rule_version,
            severity=Severity(row.severity.value),
            withdrawn_on=row.withdrawn_on,
            withdraw_reason=row.withdraw_reason,
        )

    channels = relation(
        loader=lambda loaders: loaders.channels_by_publication_id,
        key=lambda p: p.pk,
        type=Annotated["PublicationChannel", strawberry.lazy("schema.credit")],
        many=True,
        description="公示渠道 — the channels it went out on, each with its own day and reference "
        "(the window is the publication's), earliest first.",
    )

    @strawberry.field(description="失信记录 — the record published.")
    @batched(record_of)
    async def record(self, info: strawberry.Info[Context, None]) -> DishonestyRecord:
        return await load_record(info, self)


@strawberry.type(
    name="DishonestyPublicationChannel",
    description="公示渠道 — one channel a publication went out on (单位门户网站, 信用武威, "
    "信用甘肃…).",
)
class PublicationChannel:
    channel: str = strawberry.field(description="渠道 — one of the configured channels.")
    published_on: date = strawberry.field(description="发布日期 — day it went out there.")
    reference: str = strawberry.field(
        description="渠道编号 — the channel's own reference (notice number or link), if given."
    )

    @classmethod
    def from_model(cls, row: ChannelRow) -> PublicationChannel:
        return cls(channel=row.channel, published_on=row.published_on, reference=row.reference)


@strawberry.type(
    name="DishonestySanction", description="惩戒措施 — a sanction on a record, with its deadline."
)
class Sanction(Node):
    pk: strawberry.Private[int]
    record_pk: strawberry.Private[int]
    kind: SanctionKind = strawberry.field(description="措施 — which sanction.")
    imposed_on: date = strawberry.field(description="决定日期 — day it was imposed.")
    due_on: date | None = strawberry.field(
        description="期限 — deadline to carry it out (e.g. 限期整改), if any."
    )
    note: str = strawberry.field(description="说明 — details.")
    status: SanctionStatus = strawberry.field(description="状态 — where it stands.")
    closed_on: date | None = strawberry.field(description="办结日期 — day completed or lifted.")
    close_note: str = strawberry.field(description="办结说明 — how it was completed or lifted.")

    @classmethod
    def from_model(cls, row: SanctionRow) -> Sanction:
        return cls(
            id=strawberry.ID(to_global_id("DishonestySanction", row.id)),
            pk=row.id,
            record_pk=row.record_id,
            kind=SanctionKind(row.kind.value),
            imposed_on=row.imposed_on,
            due_on=row.due_on,
            note=row.note,
            status=SanctionStatus(row.status.value),
            closed_on=row.closed_on,
            close_note=row.close_note,
        )

    @strawberry.field(
        description="逾期 — on the day given, past its deadline without having been carried out "
        "by it (a lifted sanction is never overdue)."
    )
    def overdue(
        self, as_of: Annotated[date, strawberry.argument(description="截至日期 — the day.")]
    ) -> bool:
        if self.due_on is None or self.status == SanctionStatus.LIFTED:
            return False
        return as_of > self.due_on and (self.closed_on is None or self.closed_on > self.due_on)

    @strawberry.field(description="失信记录 — the record sanctioned.")
    @batched(record_of)
    async def record(self, info: strawberry.Info[Context, None]) -> DishonestyRecord:
        return await load_record(info, self)


async def load_record(info: strawberry.Info[Context, None], holder: Any) -> DishonestyRecord:
    """The record of ``holder`` (anything with a ``record_pk``), through ``record_of``."""
    [record] = await record_of([holder], info)
    assert record is not None
    return record


@strawberry.type(description="信用规则 — the rule table new decisions are made under.")
class CreditRuleTable:
    version: str = strawberry.field(description="规则版本 — stored on what it decides.")
    report_within_working_days: int = strawberry.field(
        description="报送时限 — working days to report a record (plan part 二(五): 7)."
    )
    publication_months_minor: int = strawberry.field(description="轻微 — months public.")
    publication_months_general: int = strawberry.field(description="一般 — months public.")
    publication_months_serious: int = strawberry.field(description="严重 — months public.")
    objection_mark_working_days: int = strawberry.field(
        description="异议标注时限 — working days from filing to marking."
    )
    objection_decide_working_days: int = strawberry.field(
        description="异议办理时限 — working days from marking to the decision."
    )
    counting_from: str = strawberry.field(
        description="起算 — DECISION: windows count from the decision (occurredOn); "
        "PUBLICATION: from the first public day (older tables)."
    )
    windows: list[CreditPublicationWindow] = strawberry.field(
        description="公示期限 — minimum and maximum publication window per severity."
    )
    sources: list[CreditRuleSource] = strawberry.field(
        description="依据 — the document and article behind each number of the table."
    )


@strawberry.type(description="公示期限 — the publication window of one severity.")
class CreditPublicationWindow:
    severity: Severity = strawberry.field(description="严重程度 — severity.")
    minimum_months: int = strawberry.field(
        description="最短公示期 — months before a repair can be decided (0: any time)."
    )
    maximum_months: int = strawberry.field(description="最长公示期 — months public at most.")


@strawberry.type(description="规则依据 — where one rule of the table comes from.")
class CreditRuleSource:
    rule: str = strawberry.field(
        description="规则 — e.g. `publication`, `reportWithinWorkingDays`."
    )
    source: str = strawberry.field(description="依据 — the document and article.")


DishonestyRecordConnection = Connection[DishonestyRecord]
