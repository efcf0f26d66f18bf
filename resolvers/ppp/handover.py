"""Stage responsibility rules: a period is opened, handed over or ended — never overwritten."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from models import Person, PppHandOverReason, PppStage, PppStageResponsibility, Unit
from resolvers.errors import DomainError, ErrorCode, bad_input
from resolvers.journal.writer import Journal
from resolvers.records import check_window, fetch, required_text, update_record
from resolvers.validity import overlaps


@dataclass(frozen=True)
class ResponsibilityDraft:
    stage_pk: int
    person_pk: int
    unit_pk: int
    valid_from: date
    duties: str = ""
    valid_to: date | None = None


async def assign_responsibility(
    journal: Journal,
    draft: ResponsibilityDraft,
    predecessor: PppStageResponsibility | None = None,
    reason: PppHandOverReason | None = None,
) -> PppStageResponsibility:
    await fetch(PppStage, draft.stage_pk, "PppStage", "stageId", journal)
    await fetch(Person, draft.person_pk, "Person", "personId", journal)
    await fetch(Unit, draft.unit_pk, "Unit", "unitId", journal)
    check_window(draft.valid_from, draft.valid_to)
    await journal.lock()  # two assignments of one holder cannot both pass the check below
    clash = await overlapping(journal, draft)
    if clash is not None:
        until = clash.valid_to.isoformat() if clash.valid_to else "open-ended"
        raise DomainError(
            ErrorCode.CONFLICT,
            f"This person already answers for this stage in this unit from "
            f"{clash.valid_from.isoformat()} ({until}): a second period may not overlap it "
            "— hand over or end that one.",
            "validFrom",
        )
    row = await PppStageResponsibility.create(
        stage_id=draft.stage_pk,
        person_id=draft.person_pk,
        unit_id=draft.unit_pk,
        duties=draft.duties.strip(),
        valid_from=draft.valid_from,
        valid_to=draft.valid_to,
        predecessor_id=predecessor.pk if predecessor else None,
        start_reason=reason,
        using_db=journal.connection,
    )
    await journal.created(row, "ppp.responsibility.handover" if predecessor else None)
    return row


async def overlapping(
    journal: Journal, draft: ResponsibilityDraft
) -> PppStageResponsibility | None:
    """A period of the same holder (person and unit) on the same stage that shares a day with
    ``draft``'s, if any (read under the journal lock the caller holds)."""
    held = await (
        PppStageResponsibility.filter(
            stage_id=draft.stage_pk, person_id=draft.person_pk, unit_id=draft.unit_pk
        )
        .using_db(journal.connection)
        .order_by("valid_from")
    )
    window = (draft.valid_from, draft.valid_to)
    return next((row for row in held if overlaps((row.valid_from, row.valid_to), window)), None)


async def end_responsibility(
    journal: Journal,
    pk: int,
    valid_to: date,
    reason: PppHandOverReason,
    note: str,
    expected_version: int | None,
    action: str = "ppp.responsibility.end",
) -> PppStageResponsibility:
    row = await fetch(
        PppStageResponsibility, pk, "PppStageResponsibility", "responsibilityId", journal
    )
    if row.valid_to is not None:
        raise DomainError(
            ErrorCode.CONFLICT,
            f"This responsibility already ended on {row.valid_to.isoformat()}: hand over from "
            "the period that is still open.",
            "responsibilityId",
        )
    if valid_to < row.valid_from:
        raise bad_input(
            "The period would end before it started: the hand-over must come after "
            f"{row.valid_from.isoformat()}.",
            "effectiveOn",
        )
    return await update_record(
        journal,
        row,
        {"valid_to": valid_to, "end_reason": reason, "end_note": required_text(note, "note", 2000)},
        expected_version,
        action,
    )


@dataclass(frozen=True)
class HandOver:
    responsibility_pk: int
    person_pk: int
    effective_on: date
    reason: PppHandOverReason
    note: str
    unit_pk: int | None = None
    duties: str | None = None
    expected_version: int | None = None


async def hand_over(
    journal: Journal, handover: HandOver
) -> tuple[PppStageResponsibility, PppStageResponsibility]:
    """The old holder answers until the day before ``effective_on``, the new one from it on."""
    old = await fetch(
        PppStageResponsibility,
        handover.responsibility_pk,
        "PppStageResponsibility",
        "responsibilityId",
        journal,
    )
    unit_pk = handover.unit_pk if handover.unit_pk is not None else old.unit_id
    if handover.person_pk == old.person_id and unit_pk == old.unit_id:
        raise bad_input(
            "The same person in the same unit already holds this responsibility.", "personId"
        )
    ended = await end_responsibility(
        journal,
        old.pk,
        handover.effective_on - timedelta(days=1),
        handover.reason,
        handover.note,
        handover.expected_version,
        "ppp.responsibility.handover.end",
    )
    successor = await assign_responsibility(
        journal,
        ResponsibilityDraft(
            stage_pk=old.stage_id,
            person_pk=handover.person_pk,
            unit_pk=unit_pk,
            valid_from=handover.effective_on,
            duties=handover.duties if handover.duties is not None else old.duties,
        ),
        predecessor=ended,
        reason=handover.reason,
    )
    return ended, successor
