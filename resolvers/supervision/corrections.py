"""Corrections (更正) of a closed commitment: an office action with a reason that keeps the old
values (a Correction row and the journal entry), never a silent update."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models import Commitment, CommitmentStatus, Correction
from resolvers import workdays
from resolvers.event_dates import check_event_day
from resolvers.journal.chain import plain
from resolvers.journal.writer import Journal
from resolvers.records import fetch, required_text
from resolvers.supervision.applications import lateness
from resolvers.supervision.conditional import transition
from schema.errors import DomainError, ErrorCode, bad_input

S = CommitmentStatus
CLOSED = (S.FULFILLED, S.BROKEN, S.WITHDRAWN)


@dataclass(frozen=True)
class CorrectionDraft:
    commitment_pk: int
    reason: str
    closed_on: date | None = None
    status: CommitmentStatus | None = None
    corrected_on: date | None = None
    expected_version: int | None = None


async def correct(journal: Journal, draft: CorrectionDraft) -> tuple[Correction, Commitment]:
    row = await fetch(Commitment, draft.commitment_pk, "Commitment", "id", journal)
    if row.status not in CLOSED:
        raise DomainError(
            ErrorCode.INVALID_TRANSITION,
            f"Commitment {row.pk} is {row.status.value}: only a closed record (fulfilled, broken "
            "or withdrawn) is corrected; an open one changes through its own steps.",
            "id",
        )
    reason = required_text(draft.reason, "reason", 2000)
    if draft.status is not None and draft.status not in CLOSED:
        raise bad_input(
            "`status` must be a closed outcome: FULFILLED, BROKEN or WITHDRAWN.", "status"
        )
    status = draft.status or row.status
    closed_on = draft.closed_on or row.closed_on
    assert closed_on is not None
    if draft.closed_on is not None:
        check_event_day(draft.closed_on, "closedOn", row.pledged_on, "the pledge")
    corrected_on = check_event_day(
        draft.corrected_on or workdays.today(), "correctedOn", closed_on, "the day it closed"
    )
    late = lateness(row, closed_on)
    fulfilled = status == S.FULFILLED
    changes: dict[str, object] = {
        "status": status,
        "closed_on": closed_on,
        "fulfilled_late": fulfilled and late["fulfilled_late"],
        "late_against_original": fulfilled and late["late_against_original"],
    }
    old = {name: getattr(row, name) for name in changes}
    if old == changes:
        raise bad_input("The correction changes nothing: give a new `closedOn` or `status`.", "id")
    await transition(
        journal,
        row,
        changes,
        "commitment.correct",
        guard={"status": row.status},
        refusal=f"Commitment {row.pk} changed status while it was corrected.",
        expected_version=draft.expected_version,
    )
    correction = await Correction.create(
        commitment_id=row.pk,
        corrected_on=corrected_on,
        corrected_by=journal.actor.name,
        reason=reason,
        old_values=plain(old),
        new_values=plain(changes),
        using_db=journal.connection,
    )
    await journal.created(correction, "correction.create")
    return correction, row
