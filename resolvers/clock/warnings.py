"""Warning-level changes (红黄牌变化) the clock notices: each open commitment's and supervision
item's card on the day, journaled as a notice (the row unchanged) whenever it differs from the
card last noticed, so a change green → yellow → red (or back) becomes an event once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from models import (
    Commitment,
    CommitmentStatus,
    ItemStatus,
    JournalEntry,
    ProgressReport,
    SupervisionFeedback,
    SupervisionItem,
    SupervisionItemUnit,
    Urging,
)
from models.base import Record
from resolvers.journal.writer import Journal, snapshot
from resolvers.supervision.warnings import YELLOW_WITHIN, Level, item_warning_of, warning_of

PREFIX = {"Commitment": "commitment", "SupervisionItem": "supervision_item"}


def warning_action(entity_type: str, level: Level) -> str:
    """The journal action of the notice (the level is in the action, as for evidence)."""
    return f"{PREFIX[entity_type]}.warning_{level.value.lower()}"


WARNING_ACTIONS = sorted(warning_action(kind, level) for kind in PREFIX for level in Level)


async def last_noticed(journal: Journal, entity_type: str, pks: list[int]) -> dict[int, Level]:
    """The card last noticed for each row (missing: never noticed, i.e. green)."""
    actions = {warning_action(entity_type, level): level for level in Level}
    entries = (
        await JournalEntry.filter(action__in=list(actions), entity_type=entity_type)
        .filter(entity_id__in=pks)
        .using_db(journal.connection)
        .order_by("seq")
        .values_list("entity_id", "action")
    )
    return {int(pk): actions[str(action)] for pk, action in entries}


async def _notice(
    journal: Journal, cards: Sequence[tuple[Record, Level]]
) -> list[tuple[Record, Level]]:
    if not cards:
        return []
    entity_type = type(cards[0][0]).__name__
    before = await last_noticed(journal, entity_type, [row.pk for row, _ in cards])
    changed = []
    for row, level in cards:
        if level != before.get(row.pk, Level.GREEN):
            await journal.changed(row, snapshot(row), warning_action(entity_type, level))
            changed.append((row, level))
    return changed


async def _commitment_cards(
    journal: Journal, as_of: date, within: int
) -> list[tuple[Commitment, Level]]:
    db = journal.connection
    rows = (
        await Commitment.filter(
            status__in=[CommitmentStatus.PLEDGED, CommitmentStatus.OVERDUE],
            pledged_on__lte=as_of,
        )
        .using_db(db)
        .order_by("id")
    )
    pks = [row.pk for row in rows]
    reports: dict[int, list[ProgressReport]] = {pk: [] for pk in pks}
    urgings: dict[int, list[Urging]] = {pk: [] for pk in pks}
    if pks:
        for report in await ProgressReport.filter(commitment_id__in=pks).using_db(db):
            reports[report.commitment_id].append(report)
        for urging in await Urging.filter(commitment_id__in=pks).using_db(db):
            urgings[urging.commitment_id].append(urging)
    return [
        (row, warning_of(row, reports[row.pk], urgings[row.pk], as_of, within).level)
        for row in rows
    ]


async def _item_cards(
    journal: Journal, as_of: date, within: int
) -> list[tuple[SupervisionItem, Level]]:
    db = journal.connection
    rows = (
        await SupervisionItem.filter(status=ItemStatus.OPEN, opened_on__lte=as_of)
        .using_db(db)
        .order_by("id")
    )
    feedback: dict[int, list[SupervisionFeedback]] = {row.pk: [] for row in rows}
    if rows:
        links = await SupervisionItemUnit.filter(item_id__in=list(feedback)).using_db(db)
        item_of = {link.pk: link.item_id for link in links}
        reported = SupervisionFeedback.filter(item_unit_id__in=list(item_of)).using_db(db)
        for each in await reported:
            feedback[item_of[each.item_unit_id]].append(each)
    return [(row, item_warning_of(row, feedback[row.pk], as_of, within).level) for row in rows]


async def warning_changes(
    journal: Journal, as_of: date, yellow_within: int = YELLOW_WITHIN
) -> list[tuple[Record, Level]]:
    """Notice every open commitment and item whose card on ``as_of`` is not the last noticed."""
    commitments = await _notice(journal, await _commitment_cards(journal, as_of, yellow_within))
    items = await _notice(journal, await _item_cards(journal, as_of, yellow_within))
    return commitments + items
