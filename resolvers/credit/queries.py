"""Dishonesty record queries: the auditors' full list, the public list, the rule table."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry
from tortoise.expressions import Q, Subquery

from models import CreditRepair as RepairRow
from models import DishonestyObjection as ObjectionRow
from models import DishonestyPublication as PublicationRow
from models import DishonestyRecord as RecordRow
from models import ObjectionDecision as ObjectionDecisionRow
from models import RecordStatus as RecordStatusRow
from models import RepairDecision as RepairDecisionRow
from resolvers import workdays
from resolvers.credit.publication import known_names
from resolvers.credit.rules import request_rules as rules
from resolvers.global_ids import pk_of
from resolvers.permissions import visible
from schema.credit import (
    CreditPublicationWindow,
    CreditRuleSource,
    CreditRuleTable,
    DishonestyCategory,
    DishonestyRecord,
    DishonestyRecordConnection,
    RecordStatus,
    Severity,
)
from schema.pagination import PageArgs, paginate_query
from schema.relay import After, Before, First, Last

if TYPE_CHECKING:
    from resolvers.context import Context


@strawberry.input(
    description="失信记录筛选 — conditions a record must meet (all given ones apply)."
)
class DishonestyRecordFilter:
    unit_id: strawberry.ID | None = strawberry.field(default=None, description="单位 — unit ID.")
    person_id: strawberry.ID | None = strawberry.field(
        default=None, description="当事人 — person ID."
    )
    category: DishonestyCategory | None = strawberry.field(
        default=None, description="失信类别 — category."
    )
    severity: Severity | None = strawberry.field(default=None, description="严重程度 — severity.")
    status: list[RecordStatus] | None = strawberry.field(
        default=None, description="记录状态 — any of these (default: all, for auditors)."
    )
    reported_late: bool | None = strawberry.field(
        default=None, description="逾期报送 — only late (true) or timely (false) reports."
    )


def filtered(given: DishonestyRecordFilter | None) -> Q:
    condition = Q()
    if given is None:
        return condition
    if given.unit_id is not None:
        condition &= Q(unit_id=pk_of(given.unit_id, "Unit", "filter.unitId"))
    if given.person_id is not None:
        condition &= Q(person_id=pk_of(given.person_id, "Person", "filter.personId"))
    if given.category is not None:
        condition &= Q(category=given.category.value)
    if given.severity is not None:
        condition &= Q(severity=given.severity.value)
    if given.status:
        condition &= Q(status__in=[s.value for s in given.status])
    if given.reported_late is not None:
        condition &= Q(reported_late=given.reported_late)
    return condition


def public_on(day: date) -> Q:
    """Records the public saw on ``day``, from valid time and each record's own history rather
    than today's flags: a publication whose window holds the day and was not taken down by it,
    and the record not yet revoked (objection upheld) or repaired on that day."""
    shown = PublicationRow.filter(
        Q(published_on__lte=day, public_until__gte=day)
        & (Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day))
    )

    def repaired(condition: Q) -> Subquery:
        rows = RepairRow.filter(Q(decision=RepairDecisionRow.REPAIRED) & condition)
        return Subquery(rows.values("record_id"))

    def revoked(condition: Q) -> Subquery:
        rows = ObjectionRow.filter(Q(decision=ObjectionDecisionRow.UPHELD) & condition)
        return Subquery(rows.values("record_id"))

    # A record that stands today, or one whose revocation or repair came after the day.
    standing = (
        Q(status=RecordStatusRow.ACTIVE)
        | Q(id__in=repaired(Q(decided_on__gt=day)))
        | Q(id__in=revoked(Q(decided_on__gt=day)))
    )
    return (
        Q(id__in=Subquery(shown.values("record_id")))
        & ~Q(id__in=repaired(Q(decided_on__lte=day)))
        & ~Q(id__in=revoked(Q(decided_on__lte=day)))
        & standing
    )


def objected_on(objections: list[ObjectionRow], day: date) -> bool:
    """Whether an objection was being handled on ``day``: received by then, not yet decided."""
    return any(
        o.filed_on <= day and (o.decided_on is None or o.decided_on > day) for o in objections
    )


@strawberry.type(description="失信记录查询 — queries of dishonesty records.")
class CreditQuery:
    @strawberry.field(description="失信记录 — one record by ID, whatever its status.")
    async def dishonesty_record(
        self,
        info: strawberry.Info[Context, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="记录ID — the ID.")],
    ) -> DishonestyRecord | None:
        row = await info.context.loaders.dishonesty_record_by_id.load(pk_of(id, "DishonestyRecord"))
        return DishonestyRecord.from_model(row) if row else None

    @strawberry.field(
        description="失信记录列表 — every record, including revoked and repaired ones (for "
        "auditors), oldest first."
    )
    async def dishonesty_records(
        self,
        info: strawberry.Info[Context, None],
        filter: Annotated[
            DishonestyRecordFilter | None, strawberry.argument(description="筛选 — conditions.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> DishonestyRecordConnection:
        args = PageArgs(first=first, after=after, last=last, before=before)
        query = (await visible(info, RecordRow)).filter(filtered(filter))
        return await paginate_query(query, [("id", False)], args, DishonestyRecord.from_model)

    @strawberry.field(
        description="公示中的失信记录 — what the public saw on the day, from each record's "
        "history: inside a publication window not taken down by then, not yet revoked or "
        "repaired on that day (a record repaired later still appears for the days before its "
        "repair; `underObjectionOn(asOf:)` tells whether it was 异议处理中 that day)."
    )
    async def public_dishonesty_records(
        self,
        info: strawberry.Info[Context, None],
        as_of: Annotated[
            date | None, strawberry.argument(description="日期 — omitted: today in China.")
        ] = None,
        unit_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="单位 — only this unit's.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> DishonestyRecordConnection:
        args = PageArgs(first=first, after=after, last=last, before=before)
        condition = public_on(as_of or workdays.today())
        if unit_id is not None:
            condition &= Q(unit_id=pk_of(unit_id, "Unit", "unitId"))
        query = (await visible(info, RecordRow)).filter(condition)
        return await paginate_query(query, [("id", False)], args, DishonestyRecord.from_model)

    @strawberry.field(
        description="公示内容草稿 — what the public would read if the record were published now "
        "without a summary: its facts with every known person's name masked (王**); null for "
        "a record you cannot see."
    )
    async def dishonesty_public_summary_draft(
        self,
        info: strawberry.Info[Context, None],
        record_id: Annotated[
            strawberry.ID, strawberry.argument(description="记录ID — the record.")
        ],
    ) -> str | None:
        pk = pk_of(record_id, "DishonestyRecord", "recordId")
        row = await (await visible(info, RecordRow)).filter(pk=pk).first()
        return (await known_names(row, None)).mask(row.facts) if row else None

    @strawberry.field(description="信用规则 — the rule table in force for new decisions.")
    def credit_rules(self, info: strawberry.Info[Context, None]) -> CreditRuleTable:
        table = rules(info)
        months = {severity.value: n for severity, n in table.publication_months.items()}
        return CreditRuleTable(
            version=table.version,
            report_within_working_days=table.report_within_workdays,
            publication_months_minor=months["MINOR"],
            publication_months_general=months["GENERAL"],
            publication_months_serious=months["SERIOUS"],
            objection_mark_working_days=table.objection_mark_workdays,
            objection_decide_working_days=table.objection_decide_workdays,
            counting_from=table.counting_from.value,
            windows=[
                CreditPublicationWindow(
                    severity=Severity(severity.value),
                    minimum_months=window.minimum_months,
                    maximum_months=window.maximum_months,
                )
                for severity, window in table.publication.items()
            ],
            sources=[CreditRuleSource(rule=k, source=v) for k, v in table.sources.items()],
        )
