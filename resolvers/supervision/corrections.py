"""Corrections (更正) of a closed commitment or supervision item: an office action with a reason
that keeps the old values (a correction row and the journal entry), never a silent update."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from models import (
    Commitment,
    CommitmentStatus,
    Correction,
    ItemStatus,
    SupervisionItem,
    SupervisionItemCorrection,
)
from resolvers import workdays
from resolvers.errors import DomainError, ErrorCode, bad_input
from resolvers.event_dates import check_event_day
from resolvers.journal.chain import plain
from resolvers.journal.writer import Journal
from resolvers.records import fetch, required_text
from resolvers.supervision.applications import lateness
from resolvers.supervision.conditional import transition
from resolvers.supervision.independence import item_units, refuse_own_work
from resolvers.supervision.item_applications import closing

S = CommitmentStatus
R = TypeVar("R", Commitment, SupervisionItem)
C = TypeVar("C", Correction, SupervisionItemCorrection)
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
    refuse_own_work(journal, f"commitment {row.pk}", [row.unit_id])
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
    correction = await record_correction(
        journal,
        row,
        changes,
        "commitment.correct",
        refusal=f"Commitment {row.pk} changed status while it was corrected.",
        expected_version=draft.expected_version,
        reason=reason,
        corrected_on=corrected_on,
        entry=lambda old, new: Correction(commitment_id=row.pk, old_values=old, new_values=new),
        recorded="correction.create",
        fields="`closedOn` or `status`",
    )
    return correction, row


async def record_correction(
    journal: Journal,
    row: R,
    changes: dict[str, object],
    action: str,
    *,
    refusal: str,
    expected_version: int | None,
    reason: str,
    corrected_on: date,
    entry: Callable[[dict[str, object], dict[str, object]], C],
    recorded: str,
    fields: str,
) -> C:
    """Apply ``changes`` to the closed ``row`` (one conditional write, guarded by its status)
    and record the correction row ``entry`` makes with the old and the new values; a correction
    that changes nothing is refused, naming the ``fields`` to give."""
    old = {name: getattr(row, name) for name in changes}
    if old == changes:
        raise bad_input(f"The correction changes nothing: give a new {fields}.", "id")
    await transition(
        journal,
        row,
        changes,
        action,
        guard={"status": row.status},
        refusal=refusal,
        expected_version=expected_version,
    )
    correction = entry(plain(old), plain(changes))
    correction.corrected_on = corrected_on
    correction.corrected_by = journal.actor.name
    correction.reason = reason
    await correction.save(using_db=journal.connection)
    await journal.created(correction, recorded)
    return correction


@dataclass(frozen=True)
class ItemCorrectionDraft:
    item_pk: int
    reason: str
    closed_on: date | None = None
    summary: str | None = None
    corrected_on: date | None = None
    expected_version: int | None = None


async def correct_item(
    journal: Journal, draft: ItemCorrectionDraft
) -> tuple[SupervisionItemCorrection, SupervisionItem]:
    """更正 of a closed item: its closing day (lateness recomputed) or its completion report."""
    row = await fetch(SupervisionItem, draft.item_pk, "SupervisionItem", "id", journal)
    refuse_own_work(journal, f"item {row.pk}", await item_units(journal, row.pk))
    if row.status != ItemStatus.CLOSED:
        raise DomainError(
            ErrorCode.INVALID_TRANSITION,
            f"Item {row.pk} is {row.status.value}: only a closed item is corrected; an open one "
            "changes through its own steps.",
            "id",
        )
    reason = required_text(draft.reason, "reason", 2000)
    if draft.closed_on is not None:
        check_event_day(draft.closed_on, "closedOn", row.opened_on, "the hand-off")
    closed_on = draft.closed_on or row.closed_on
    assert closed_on is not None
    corrected_on = check_event_day(
        draft.corrected_on or workdays.today(), "correctedOn", closed_on, "the day it closed"
    )
    summary = row.closing_summary
    if draft.summary is not None:
        summary = required_text(draft.summary, "summary", 10000)
    changes = closing(row, closed_on, summary)
    del changes["status"]
    correction = await record_correction(
        journal,
        row,
        changes,
        "supervision_item.correct",
        refusal=f"Item {row.pk} changed status while it was corrected.",
        expected_version=draft.expected_version,
        reason=reason,
        corrected_on=corrected_on,
        entry=lambda old, new: SupervisionItemCorrection(
            item_id=row.pk, old_values=old, new_values=new
        ),
        recorded="supervision_item_correction.create",
        fields="`closedOn` or `summary`",
    )
    return correction, row
