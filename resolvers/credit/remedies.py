"""Remedies against a dishonesty record: objections (filed → marked, freezing the record →
decided within working-day limits) and credit repair (application → measures → decision)."""

from __future__ import annotations

from datetime import date
from typing import Any

from models import (
    CreditRepair,
    DishonestyObjection,
    DishonestyRecord,
    ObjectionDecision,
    ObjectionStatus,
    RecordStatus,
    RepairDecision,
)
from resolvers import workdays
from resolvers.credit.operations import check_open, correct, lift_open_sanctions
from resolvers.credit.rules import CreditRules, version_of
from resolvers.errors import DomainError, ErrorCode, bad_input
from resolvers.event_dates import check_event_day
from resolvers.journal.writer import Journal
from resolvers.records import fetch, required_text, update_record

#: A record may be frozen, revoked, repaired only while it stands.
_ACTIVE = frozenset({RecordStatus.ACTIVE})

MEASURE_KINDS = (
    "LOSS_RECOVERED",
    "INFLUENCE_ELIMINATED",
    "HARM_PREVENTED",
    "RECTIFIED",
    "OTHER",
)


def _invalid(message: str, field: str = "id") -> DomainError:
    return DomainError(ErrorCode.INVALID_TRANSITION, message, field)


async def file_objection(
    journal: Journal,
    rules: CreditRules,
    record_pk: int,
    filed_by: str,
    filed_on: date,
    grounds: str,
) -> DishonestyObjection:
    record = await fetch(DishonestyRecord, record_pk, "DishonestyRecord", "recordId", journal)
    if record.status != RecordStatus.ACTIVE:
        raise _invalid(f"Dishonesty record {record.pk} is {record.status.value}.", "recordId")
    pending = (
        await DishonestyObjection.filter(
            record_id=record.pk, status__in=[ObjectionStatus.FILED, ObjectionStatus.MARKED]
        )
        .using_db(journal.connection)
        .exists()
    )
    if pending:
        raise DomainError(
            ErrorCode.CONFLICT, "An objection against this record is still open.", "recordId"
        )
    check_event_day(filed_on, "filedOn", record.reported_on, "the report")
    row = await DishonestyObjection.create(
        record_id=record.pk,
        filed_by=required_text(filed_by, "filedBy", 200),
        filed_on=filed_on,
        grounds=required_text(grounds, "grounds", 10000),
        mark_limit_days=rules.objection_mark_workdays,
        mark_due_on=workdays.add_workdays(filed_on, rules.objection_mark_workdays),
        decide_limit_days=rules.objection_decide_workdays,
        rule_version=rules.version,
        using_db=journal.connection,
    )
    await journal.created(row, "dishonesty_objection.file")
    return row


async def mark_objection(journal: Journal, pk: int, marked_on: date) -> DishonestyObjection:
    """Mark the record as under objection: it is frozen until the decision."""
    row = await fetch(DishonestyObjection, pk, "DishonestyObjection", "id", journal)
    if row.status != ObjectionStatus.FILED:
        raise _invalid(f"The objection is {row.status.value}: only a filed one is marked.")
    check_event_day(marked_on, "markedOn", row.filed_on, "the filing")
    record = await fetch(DishonestyRecord, row.record_id, "DishonestyRecord", "id", journal)
    check_open(record, "be marked")
    await update_record(
        journal,
        record,
        {"under_objection": True},
        None,
        "dishonesty_record.freeze",
        from_status=_ACTIVE,
    )
    changes = {
        "status": ObjectionStatus.MARKED,
        "marked_on": marked_on,
        "marked_late": marked_on > row.mark_due_on,
        "decision_due_on": workdays.add_workdays(marked_on, row.decide_limit_days),
    }
    return await update_record(
        journal,
        row,
        changes,
        None,
        "dishonesty_objection.mark",
        from_status={ObjectionStatus.FILED},
    )


async def decide_objection(
    journal: Journal,
    rules: CreditRules,
    pk: int,
    decision: ObjectionDecision,
    decided_on: date,
    reason: str,
    corrections: dict[str, Any],
) -> DishonestyObjection:
    row = await fetch(DishonestyObjection, pk, "DishonestyObjection", "id", journal)
    if row.status != ObjectionStatus.MARKED:
        raise _invalid(f"The objection is {row.status.value}: mark the record before deciding.")
    assert row.marked_on is not None
    assert row.decision_due_on is not None
    check_event_day(decided_on, "decidedOn", row.marked_on, "the marking")
    if decision == ObjectionDecision.CORRECTED and not corrections:
        raise bad_input("A CORRECTED decision needs the corrections to make.", "corrections")
    if decision != ObjectionDecision.CORRECTED and corrections:
        raise bad_input("Corrections go with a CORRECTED decision only.", "corrections")
    reason = required_text(reason, "reason", 5000)
    record = await fetch(DishonestyRecord, row.record_id, "DishonestyRecord", "id", journal)
    if decision == ObjectionDecision.CORRECTED:
        corrections["under_objection"] = False
        await correct(journal, rules, record, corrections, None, "dishonesty_record.correct")
    elif decision == ObjectionDecision.UPHELD:
        changes = {
            "under_objection": False,
            "status": RecordStatus.REVOKED,
            "status_reason": reason,
        }
        await update_record(
            journal, record, changes, None, "dishonesty_record.revoke", from_status=_ACTIVE
        )
        await lift_open_sanctions(journal, record.pk, decided_on, "objection upheld")
    else:
        await update_record(
            journal,
            record,
            {"under_objection": False},
            None,
            "dishonesty_record.unfreeze",
            from_status=_ACTIVE,
        )
    changes = {
        "status": ObjectionStatus.DECIDED,
        "decision": decision,
        "decided_on": decided_on,
        "decided_late": decided_on > row.decision_due_on,
        "decision_reason": reason,
    }
    return await update_record(
        journal,
        row,
        changes,
        None,
        "dishonesty_objection.decide",
        from_status={ObjectionStatus.MARKED},
    )


async def apply_repair(
    journal: Journal, record_pk: int, applicant: str, applied_on: date, statement: str
) -> CreditRepair:
    record = await fetch(DishonestyRecord, record_pk, "DishonestyRecord", "recordId", journal)
    if record.status != RecordStatus.ACTIVE:
        raise _invalid(f"Dishonesty record {record.pk} is {record.status.value}.", "recordId")
    pending = (
        await CreditRepair.filter(record_id=record.pk, decision__isnull=True)
        .using_db(journal.connection)
        .exists()
    )
    if pending:
        raise DomainError(
            ErrorCode.CONFLICT, "A repair application for this record is still open.", "recordId"
        )
    check_event_day(applied_on, "appliedOn", record.occurred_on, "the dishonest act")
    row = await CreditRepair.create(
        record_id=record.pk,
        applicant=required_text(applicant, "applicant", 200),
        applied_on=applied_on,
        statement=statement.strip(),
        using_db=journal.connection,
    )
    await journal.created(row, "credit_repair.apply")
    return row


async def add_measure(
    journal: Journal, pk: int, kind: str, description: str, taken_on: date
) -> CreditRepair:
    row = await fetch(CreditRepair, pk, "CreditRepair", "id", journal)
    if row.decision is not None:
        raise _invalid("The repair was already decided: no more measures.")
    if kind not in MEASURE_KINDS:
        raise bad_input(f"Unknown measure kind {kind!r}.", "kind")
    record = await fetch(DishonestyRecord, row.record_id, "DishonestyRecord", "id", journal)
    check_event_day(taken_on, "takenOn", record.occurred_on, "the dishonest act")
    measure = {
        "kind": kind,
        "description": required_text(description, "description", 2000),
        "taken_on": taken_on.isoformat(),
    }
    return await update_record(
        journal, row, {"measures": [*row.measures, measure]}, None, "credit_repair.measure"
    )


async def decide_repair(
    journal: Journal,
    rules: CreditRules,
    pk: int,
    decision: RepairDecision,
    decided_on: date,
    reason: str,
) -> CreditRepair:
    """REPAIRED takes the record out of public views, once the minimum publication window of
    the record's rule table has run; REPAIRED and EXEMPTED lift open sanctions."""
    row = await fetch(CreditRepair, pk, "CreditRepair", "id", journal)
    if row.decision is not None:
        raise _invalid(f"The repair was already decided: {row.decision.value}.")
    record = await fetch(DishonestyRecord, row.record_id, "DishonestyRecord", "id", journal)
    check_open(record, "be repaired")
    check_event_day(decided_on, "decidedOn", row.applied_on, "the application")
    if decision != RepairDecision.DENIED and not row.measures:
        raise _invalid("No measures are recorded: only DENIED can be decided.", "decision")
    table = version_of(rules, record.rule_version)
    earliest = table.repairable_from(record.severity, record.occurred_on)
    if decision == RepairDecision.REPAIRED and decided_on < earliest:
        raise _invalid(
            f"A {record.severity.value} record decided on {record.occurred_on} can be repaired "
            f"from {earliest} (the minimum publication window of {table.version}).",
            "decidedOn",
        )
    reason = required_text(reason, "reason", 5000)
    if decision == RepairDecision.REPAIRED:
        changes = {"status": RecordStatus.REPAIRED, "status_reason": reason}
        await update_record(
            journal, record, changes, None, "dishonesty_record.repair", from_status=_ACTIVE
        )
    if decision in (RepairDecision.REPAIRED, RepairDecision.EXEMPTED):
        await lift_open_sanctions(journal, record.pk, decided_on, f"credit repair {decision.value}")
    changes = {"decision": decision, "decided_on": decided_on, "decision_reason": reason}
    return await update_record(journal, row, changes, None, "credit_repair.decide")
