"""Dishonesty record rules: the 7-working-day reporting deadline, corrections, publication
windows by severity, sanctions with deadlines, and the freeze while an objection is marked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from models import (
    Commitment,
    DishonestyCategory,
    DishonestyPublication,
    DishonestyRecord,
    DishonestySanction,
    Person,
    RecordStatus,
    SanctionKind,
    SanctionStatus,
    Severity,
    Unit,
)
from resolvers import workdays
from resolvers.credit.rules import CreditRules, version_of
from resolvers.errors import DomainError, ErrorCode, bad_input
from resolvers.event_dates import check_event_day
from resolvers.journal.writer import Journal
from resolvers.records import fetch, required_text, update_record

_IMPOSED = frozenset({SanctionStatus.IMPOSED})


def check_open(record: DishonestyRecord, doing: str) -> None:
    """Refuse changes to a record that no longer stands or is frozen by a marked objection."""
    if record.status != RecordStatus.ACTIVE:
        raise DomainError(
            ErrorCode.INVALID_TRANSITION,
            f"Dishonesty record {record.pk} is {record.status.value}: cannot {doing}.",
            "recordId",
        )
    if record.under_objection:
        raise DomainError(
            ErrorCode.INVALID_TRANSITION,
            f"Dishonesty record {record.pk} is frozen while an objection is handled: cannot "
            f"{doing} until the objection is decided.",
            "recordId",
        )


def check_order(earlier: date, later: date, field: str, what: str) -> None:
    if later < earlier:
        raise bad_input(f"`{field}` ({later}) is before {what} ({earlier}).", field)


def reporting(rules: CreditRules, occurred_on: date, reported_on: date) -> dict[str, Any]:
    """Deadline columns: due the N-th working day after it occurred (plan part 二(五))."""
    check_event_day(occurred_on, "occurredOn")
    check_event_day(reported_on, "reportedOn", occurred_on, "the day it occurred")
    due = workdays.add_workdays(occurred_on, rules.report_within_workdays)
    return {
        "report_due_on": due,
        "reported_late": reported_on > due,
        "calendar_basis": workdays.basis_of(occurred_on, due),
    }


@dataclass(frozen=True)
class RecordDraft:
    category: DishonestyCategory
    severity: Severity
    facts: str
    occurred_on: date
    reported_on: date
    unit_pk: int | None = None
    person_pk: int | None = None
    commitment_pk: int | None = None


async def report(journal: Journal, rules: CreditRules, draft: RecordDraft) -> DishonestyRecord:
    unit_pk = draft.unit_pk
    if draft.commitment_pk is not None:
        commitment = await fetch(
            Commitment, draft.commitment_pk, "Commitment", "commitmentId", journal
        )
        if unit_pk not in (None, commitment.unit_id):
            raise bad_input("The commitment was pledged by another unit.", "commitmentId")
        unit_pk = commitment.unit_id
    if unit_pk is None and draft.person_pk is None:
        raise bad_input("Name the unit or the person the record is about.", "unitId")
    if unit_pk is not None:
        await fetch(Unit, unit_pk, "Unit", "unitId", journal)
    if draft.person_pk is not None:
        await fetch(Person, draft.person_pk, "Person", "personId", journal)
    row = await DishonestyRecord.create(
        unit_id=unit_pk,
        person_id=draft.person_pk,
        commitment_id=draft.commitment_pk,
        category=draft.category,
        severity=draft.severity,
        facts=required_text(draft.facts, "facts", 10000),
        occurred_on=draft.occurred_on,
        reported_on=draft.reported_on,
        **reporting(rules, draft.occurred_on, draft.reported_on),
        report_limit_days=rules.report_within_workdays,
        rule_version=rules.version,
        using_db=journal.connection,
    )
    await journal.created(row, "dishonesty_record.report")
    return row


async def correct(
    journal: Journal,
    rules: CreditRules,
    record: DishonestyRecord,
    changes: dict[str, Any],
    expected_version: int | None,
    action: str,
) -> DishonestyRecord:
    """Apply corrections (facts, category, severity, dates), recomputing the deadline."""
    if not changes:
        raise bad_input("Give at least one field to correct.", "facts")
    if "facts" in changes:
        changes["facts"] = required_text(changes["facts"], "facts", 10000)
    if "occurred_on" in changes or "reported_on" in changes:
        changes.update(
            reporting(
                version_of(rules, record.rule_version),
                changes.get("occurred_on", record.occurred_on),
                changes.get("reported_on", record.reported_on),
            )
        )
    return await update_record(
        journal, record, changes, expected_version, action, from_status={RecordStatus.ACTIVE}
    )


async def update(
    journal: Journal,
    rules: CreditRules,
    pk: int,
    changes: dict[str, Any],
    expected_version: int | None,
) -> DishonestyRecord:
    record = await fetch(DishonestyRecord, pk, "DishonestyRecord", "id", journal)
    check_open(record, "be changed")
    return await correct(
        journal, rules, record, changes, expected_version, "dishonesty_record.update"
    )


async def withdraw_publication(
    journal: Journal, pk: int, withdrawn_on: date, reason: str
) -> DishonestyPublication:
    row = await fetch(DishonestyPublication, pk, "DishonestyPublication", "id", journal)
    record = await fetch(DishonestyRecord, row.record_id, "DishonestyRecord", "id", journal)
    if record.under_objection:
        check_open(record, "change its publication")
    if row.withdrawn_on is not None:
        raise DomainError(
            ErrorCode.INVALID_TRANSITION, "The publication was already taken down.", "id"
        )
    check_event_day(withdrawn_on, "withdrawnOn", row.published_on, "the publication")
    changes = {
        "withdrawn_on": withdrawn_on,
        "withdraw_reason": required_text(reason, "reason", 2000),
    }
    return await update_record(journal, row, changes, None, "dishonesty_publication.withdraw")


@dataclass(frozen=True)
class SanctionDraft:
    record_pk: int
    kind: SanctionKind
    imposed_on: date
    due_on: date | None = None
    note: str = ""


async def impose(journal: Journal, draft: SanctionDraft) -> DishonestySanction:
    record = await fetch(DishonestyRecord, draft.record_pk, "DishonestyRecord", "recordId", journal)
    check_open(record, "be sanctioned")
    check_event_day(draft.imposed_on, "imposedOn", record.occurred_on, "the dishonest act")
    if draft.kind == SanctionKind.WRITTEN_EXPLANATION and draft.due_on is None:
        raise bad_input("书面说明并限期整改 needs a deadline (`dueOn`).", "dueOn")
    if draft.due_on is not None:
        check_order(draft.imposed_on, draft.due_on, "dueOn", "the day it was imposed")
    row = await DishonestySanction.create(
        record_id=record.pk,
        kind=draft.kind,
        imposed_on=draft.imposed_on,
        due_on=draft.due_on,
        note=draft.note.strip(),
        using_db=journal.connection,
    )
    await journal.created(row, "dishonesty_sanction.impose")
    return row


async def complete_sanction(
    journal: Journal, pk: int, completed_on: date, note: str
) -> DishonestySanction:
    row = await fetch(DishonestySanction, pk, "DishonestySanction", "id", journal)
    if row.status != SanctionStatus.IMPOSED:
        raise DomainError(
            ErrorCode.INVALID_TRANSITION, f"The sanction is already {row.status.value}.", "id"
        )
    check_event_day(completed_on, "completedOn", row.imposed_on, "the day it was imposed")
    changes = {
        "status": SanctionStatus.COMPLETED,
        "closed_on": completed_on,
        "close_note": note.strip(),
    }
    return await update_record(
        journal, row, changes, None, "dishonesty_sanction.complete", from_status=_IMPOSED
    )


async def lift_open_sanctions(journal: Journal, record_pk: int, on: date, why: str) -> None:
    rows = await DishonestySanction.filter(
        record_id=record_pk, status=SanctionStatus.IMPOSED
    ).using_db(journal.connection)
    for row in rows:
        changes = {"status": SanctionStatus.LIFTED, "closed_on": on, "close_note": why}
        await update_record(
            journal, row, changes, None, "dishonesty_sanction.lift", from_status=_IMPOSED
        )
