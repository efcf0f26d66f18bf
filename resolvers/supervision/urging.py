"""Urging (催办): the office's notices to the unit of an open commitment, the clock's automatic
ones when a commitment falls due soon or becomes overdue, and the unit's acknowledgement (签收)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from models import Commitment, CommitmentStatus, Urging, UrgingChannel, UrgingTrigger
from resolvers.errors import DomainError, ErrorCode
from resolvers.event_dates import check_event_day
from resolvers.journal.writer import Journal
from resolvers.records import fetch, required_text
from resolvers.supervision.conditional import transition

OPEN = (CommitmentStatus.PLEDGED, CommitmentStatus.OVERDUE)

AUTOMATIC_TEXT = {
    UrgingTrigger.DUE_SOON: "承诺即将到期，请按期办结并报送佐证材料。",
    UrgingTrigger.OVERDUE: "承诺已逾期，请尽快办结并说明逾期原因。",
}


@dataclass(frozen=True)
class UrgingDraft:
    commitment_pk: int
    urged_on: date
    channel: UrgingChannel
    text: str


async def urge(journal: Journal, draft: UrgingDraft) -> Urging:
    """Record the office's urging notice; a closed commitment is not urged."""
    row = await fetch(Commitment, draft.commitment_pk, "Commitment", "commitmentId", journal)
    if row.status not in OPEN:
        raise DomainError(
            ErrorCode.INVALID_TRANSITION,
            f"Commitment {row.pk} is {row.status.value}: only an open commitment is urged.",
            "commitmentId",
        )
    if draft.channel == UrgingChannel.AUTOMATIC:
        raise DomainError(
            ErrorCode.BAD_USER_INPUT,
            "AUTOMATIC is the clock's channel: name how the office urged.",
            "channel",
        )
    check_event_day(draft.urged_on, "urgedOn", row.pledged_on, "the pledge")
    urging = await Urging.create(
        commitment_id=row.pk,
        unit_id=row.unit_id,
        urged_on=draft.urged_on,
        channel=draft.channel,
        trigger=UrgingTrigger.MANUAL,
        text=required_text(draft.text, "text", 4000),
        urged_by=journal.actor.name,
        using_db=journal.connection,
    )
    await journal.created(urging, "urging.record")
    return urging


async def urge_automatically(
    journal: Journal, rows: Sequence[Commitment], trigger: UrgingTrigger, on: date
) -> list[Urging]:
    """The clock's notices: one per commitment, due date and trigger (runs again add none)."""
    if not rows:
        return []
    earlier = await Urging.filter(
        commitment_id__in=[row.pk for row in rows], trigger=trigger
    ).using_db(journal.connection)
    done = {(urging.commitment_id, urging.text) for urging in earlier}
    made = []
    for row in rows:
        text = f"{AUTOMATIC_TEXT[trigger]}（承诺期限 {row.due_on.isoformat()}）"
        if (row.pk, text) in done:
            continue
        urging = await Urging.create(
            commitment_id=row.pk,
            unit_id=row.unit_id,
            urged_on=on,
            channel=UrgingChannel.AUTOMATIC,
            trigger=trigger,
            text=text,
            urged_by=journal.actor.name,
            using_db=journal.connection,
        )
        await journal.created(urging, "urging.automatic")
        made.append(urging)
    return made


async def acknowledge(
    journal: Journal, pk: int, acknowledged_on: date, expected_version: int | None
) -> Urging:
    """签收: the urged unit confirms it received the notice, once."""
    row = await fetch(Urging, pk, "Urging", "id", journal)
    check_event_day(acknowledged_on, "acknowledgedOn", row.urged_on, "the urging")
    return await transition(
        journal,
        row,
        {"acknowledged_on": acknowledged_on, "acknowledged_by": journal.actor.name},
        "urging.acknowledge",
        guard={"acknowledged_on__isnull": True},
        refusal=f"Urging {row.pk} was already acknowledged on {row.acknowledged_on}.",
        expected_version=expected_version,
    )
