"""Draft dishonesty records opened by other records: a PPP breach attributable to a
government-side person (plan 一(三)2: 纳入政府方责任人信用记录) opens one, and the credit
administrator confirms it (it then stands, reported that day) or dismisses it with a reason."""

from __future__ import annotations

from datetime import date
from typing import Any

from models import (
    DishonestyCategory,
    DishonestyRecord,
    PppBreach,
    PppProject,
    RecordStatus,
    Severity,
)
from resolvers import workdays
from resolvers.actor import Actor
from resolvers.credit.operations import reporting
from resolvers.credit.rules import DEFAULT_RULES, CreditRules
from resolvers.event_dates import check_event_day
from resolvers.journal.writer import Journal
from resolvers.records import fetch, required_text, update_record

_DRAFT = frozenset({RecordStatus.DRAFT})


async def open_for_breach(journal: Journal, breach: PppBreach) -> DishonestyRecord | None:
    """The draft record of the person a breach is attributed to (none without a person)."""
    if breach.person_id is None:
        return None
    project = await PppProject.get(pk=breach.project_id, using_db=journal.connection)
    facts = f"PPP项目“{project.name}”政府方承诺违约：{breach.description}"
    if breach.cited_reason:
        facts += f"（所称原因：{breach.cited_reason}）"
    opened_on = max(workdays.today(), breach.occurred_on)
    acting = journal.actor
    # Opened by the breach, not decided by whoever recorded it: an internal write named after
    # them (only the credit administrator decides what becomes of it).
    journal.actor = Actor(f"ppp-breach:{acting.name}")
    try:
        row = await DishonestyRecord.create(
            unit_id=breach.unit_id,
            person_id=breach.person_id,
            ppp_breach_id=breach.pk,
            category=DishonestyCategory.BREACH_OF_PROMISE,
            severity=Severity.GENERAL,
            facts=facts[:10000],
            occurred_on=breach.occurred_on,
            reported_on=opened_on,
            status=RecordStatus.DRAFT,
            **_reporting_unchecked(DEFAULT_RULES, breach.occurred_on, opened_on),
            using_db=journal.connection,
        )
        await journal.created(row, "dishonesty_record.draft")
    finally:
        journal.actor = acting
    return row


def _reporting_unchecked(
    rules: CreditRules, occurred_on: date, reported_on: date
) -> dict[str, Any]:
    due = workdays.add_workdays(occurred_on, rules.report_within_workdays)
    return {
        "report_due_on": due,
        "reported_late": reported_on > due,
        "calendar_basis": workdays.basis_of(occurred_on, due),
        "report_limit_days": rules.report_within_workdays,
        "rule_version": rules.version,
    }


async def confirm(
    journal: Journal,
    rules: CreditRules,
    pk: int,
    reported_on: date,
    severity: Severity | None,
    expected_version: int | None,
) -> DishonestyRecord:
    """The draft stands from ``reported_on`` under the rules in force (its deadline counted)."""
    row = await fetch(DishonestyRecord, pk, "DishonestyRecord", "id", journal)
    check_event_day(reported_on, "reportedOn", row.occurred_on, "the breach")
    changes = {
        "status": RecordStatus.ACTIVE,
        "reported_on": reported_on,
        "severity": severity or row.severity,
        "report_limit_days": rules.report_within_workdays,
        "rule_version": rules.version,
        **reporting(rules, row.occurred_on, reported_on),
    }
    return await update_record(
        journal, row, changes, expected_version, "dishonesty_record.confirm", from_status=_DRAFT
    )


async def dismiss(
    journal: Journal, pk: int, reason: str, expected_version: int | None
) -> DishonestyRecord:
    row = await fetch(DishonestyRecord, pk, "DishonestyRecord", "id", journal)
    changes = {
        "status": RecordStatus.DISMISSED,
        "status_reason": required_text(reason, "reason", 5000),
    }
    return await update_record(
        journal, row, changes, expected_version, "dishonesty_record.dismiss", from_status=_DRAFT
    )
