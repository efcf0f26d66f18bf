"""Warning-level changes (红黄牌变化) the clock notices: each open commitment's card on the day,
journaled as a notice (the row unchanged) whenever it differs from the card last noticed, so a
change green → yellow → red (or back) becomes an event once."""

from __future__ import annotations

from datetime import date

from models import Commitment, CommitmentStatus, JournalEntry, ProgressReport, Urging
from resolvers.journal.writer import Journal, snapshot
from resolvers.supervision.warnings import YELLOW_WITHIN, Level, warning_of

#: Journal action of the notice for each level (the level is in the action, as for evidence).
WARNING_ACTIONS = {level: f"commitment.warning_{level.value.lower()}" for level in Level}
LEVEL_OF_ACTION = {action: level for level, action in WARNING_ACTIONS.items()}


async def last_noticed(journal: Journal, pks: list[int]) -> dict[int, Level]:
    """The card last noticed for each commitment (missing: never noticed, i.e. green)."""
    entries = (
        await JournalEntry.filter(
            action__in=list(LEVEL_OF_ACTION), entity_type="Commitment", entity_id__in=pks
        )
        .using_db(journal.connection)
        .order_by("seq")
        .values_list("entity_id", "action")
    )
    return {int(pk): LEVEL_OF_ACTION[str(action)] for pk, action in entries}


async def warning_changes(
    journal: Journal, as_of: date, yellow_within: int = YELLOW_WITHIN
) -> list[tuple[Commitment, Level]]:
    """Notice every open commitment whose card on ``as_of`` is not the one last noticed."""
    db = journal.connection
    rows = (
        await Commitment.filter(
            status__in=[CommitmentStatus.PLEDGED, CommitmentStatus.OVERDUE],
            pledged_on__lte=as_of,
        )
        .using_db(db)
        .order_by("id")
    )
    if not rows:
        return []
    pks = [row.pk for row in rows]
    reports: dict[int, list[ProgressReport]] = {pk: [] for pk in pks}
    for report in await ProgressReport.filter(commitment_id__in=pks).using_db(db):
        reports[report.commitment_id].append(report)
    urgings: dict[int, list[Urging]] = {pk: [] for pk in pks}
    for urging in await Urging.filter(commitment_id__in=pks).using_db(db):
        urgings[urging.commitment_id].append(urging)
    before = await last_noticed(journal, pks)
    changed = []
    for row in rows:
        level = warning_of(row, reports[row.pk], urgings[row.pk], as_of, yellow_within).level
        if level != before.get(row.pk, Level.GREEN):
            await journal.changed(row, snapshot(row), WARNING_ACTIONS[level])
            changed.append((row, level))
    return changed
