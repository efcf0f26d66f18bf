"""Which journal actions are events, and of which type."""

from __future__ import annotations

from schema.events import EventType

#: Journal action → the event it is (actions not listed are not events).
EVENT_OF_ACTION: dict[str, EventType] = {
    "commitment.due_soon": EventType.COMMITMENT_DUE_SOON,
    "commitment.overdue": EventType.COMMITMENT_OVERDUE,
    "commitment.warning_red": EventType.WARNING_LEVEL_CHANGED,
    "commitment.warning_yellow": EventType.WARNING_LEVEL_CHANGED,
    "commitment.warning_green": EventType.WARNING_LEVEL_CHANGED,
    "supervision_item.warning_red": EventType.WARNING_LEVEL_CHANGED,
    "supervision_item.warning_yellow": EventType.WARNING_LEVEL_CHANGED,
    "supervision_item.warning_green": EventType.WARNING_LEVEL_CHANGED,
    "evidence.submit": EventType.EVIDENCE_SUBMITTED,
    "evidence.resubmit": EventType.EVIDENCE_SUBMITTED,
    "evidence.accept": EventType.EVIDENCE_REVIEWED,
    "evidence.reject": EventType.EVIDENCE_REVIEWED,
    "evaluation.create": EventType.EVALUATION_RECORDED,
    "dishonesty_record.report": EventType.DISHONESTY_RECORD_CREATED,
    # A draft (opened by a PPP breach) confirmed: from then on it is a reported record.
    "dishonesty_record.confirm": EventType.DISHONESTY_RECORD_CREATED,
    "dishonesty_publication.publish": EventType.DISHONESTY_RECORD_PUBLISHED,
    "dishonesty_record.repair": EventType.DISHONESTY_RECORD_REPAIRED,
    "public_submission.objection": EventType.DISHONESTY_OBJECTION_RECEIVED,
    "dishonesty_sanction.overdue": EventType.SANCTION_OVERDUE,
    "ppp.responsibility.handover": EventType.PPP_RESPONSIBILITY_HANDED_OVER,
}

EVENT_ACTIONS = sorted(EVENT_OF_ACTION)
