"""A public objection as its sender follows it (by reference and secret) on the public endpoint."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum

import strawberry

from models import DishonestyObjection as ObjectionRow
from models import PublicSubmission as SubmissionRow
from resolvers.global_ids import to_global_id
from schema.credit_remedy import ObjectionDecision


@strawberry.enum(description="公众异议进度 — where a public objection stands.")
class PublicObjectionState(Enum):
    RECEIVED = strawberry.enum_value(
        "RECEIVED", description="已收到 — received before objections were filed on receipt."
    )
    FILED = strawberry.enum_value(
        "FILED", description="已受理 — a formal objection is open; the record shows 异议处理中."
    )
    MARKED = strawberry.enum_value(
        "MARKED", description="已标注 — the record is marked and frozen until the decision."
    )
    DECIDED = strawberry.enum_value("DECIDED", description="已办结 — decided; see `decision`.")


@strawberry.type(description="公众异议 — your objection, as you may follow it.")
class PublicObjection:
    reference: str = strawberry.field(description="回执编号 — the reference you were given.")
    received_at: datetime = strawberry.field(description="收到时间 — when it arrived.")
    state: PublicObjectionState = strawberry.field(description="进度 — where it stands.")
    filed_on: date | None = strawberry.field(
        description="受理日期 — day the formal objection was opened (the day it arrived)."
    )
    mark_due_on: date | None = strawberry.field(
        description="标注期限 — the record is to be marked by this working day."
    )
    decision_due_on: date | None = strawberry.field(
        description="办结期限 — the decision is due by this working day (once marked)."
    )
    decision: ObjectionDecision | None = strawberry.field(description="处理结果 — the decision.")
    decided_on: date | None = strawberry.field(description="办结日期 — day it was decided.")
    decision_reason: str = strawberry.field(
        description="处理理由 — why, as the administrator wrote it (names masked)."
    )

    @classmethod
    def from_rows(
        cls, submission: SubmissionRow, objection: ObjectionRow | None, reason: str
    ) -> PublicObjection:
        reference = to_global_id("PublicSubmission", submission.pk)
        if objection is None:
            return cls(
                reference=reference,
                received_at=submission.created_at,
                state=PublicObjectionState.RECEIVED,
                filed_on=None,
                mark_due_on=None,
                decision_due_on=None,
                decision=None,
                decided_on=None,
                decision_reason="",
            )
        return cls(
            reference=reference,
            received_at=submission.created_at,
            state=PublicObjectionState(objection.status.value),
            filed_on=objection.filed_on,
            mark_due_on=objection.mark_due_on,
            decision_due_on=objection.decision_due_on,
            decision=ObjectionDecision(objection.decision.value) if objection.decision else None,
            decided_on=objection.decided_on,
            decision_reason=reason,
        )
