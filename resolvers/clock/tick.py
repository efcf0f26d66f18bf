"""One run of the deadline clock, in one transaction under the journal lock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from models import UrgingTrigger
from resolvers.clock.notices import commitments_due_soon, sanctions_overdue
from resolvers.clock.warnings import warning_changes
from resolvers.commitment.operations import mark_overdue
from resolvers.context import Actor
from resolvers.global_ids import to_global_id
from resolvers.journal.writer import journaled
from resolvers.supervision.urging import urge_automatically

#: The clock's name in the journal (an internal job: not subject to API policy).
CLOCK = Actor("system:clock")


@dataclass(frozen=True)
class TickReport:
    """What one run changed: primary keys per kind (empty when another worker did it)."""

    as_of: date
    overdue_commitments: list[int] = field(default_factory=list)
    overdue_sanctions: list[int] = field(default_factory=list)
    due_soon_commitments: list[int] = field(default_factory=list)
    #: Commitments and supervision items whose warning card changed: (type, pk, new card).
    warning_changes: list[tuple[str, int, str]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.overdue_commitments
            or self.overdue_sanctions
            or self.due_soon_commitments
            or self.warning_changes
        )

    def as_dict(self) -> dict[str, object]:
        """The report with global IDs, as a client passes them to ``node(id:)``."""
        return {
            "asOf": self.as_of.isoformat(),
            "overdueCommitments": [
                to_global_id("Commitment", pk) for pk in self.overdue_commitments
            ],
            "overdueSanctions": [
                to_global_id("DishonestySanction", pk) for pk in self.overdue_sanctions
            ],
            "dueSoonCommitments": [
                to_global_id("Commitment", pk) for pk in self.due_soon_commitments
            ],
            "warningChanges": [
                {"id": to_global_id(kind, pk), "level": level}
                for kind, pk, level in self.warning_changes
            ],
        }


async def tick(as_of: date, due_soon_days: int) -> TickReport:
    """Mark what is overdue on ``as_of``, notice what falls due soon and every warning card
    that changed (after the urgings, which count towards red).

    The journal lock is taken before any candidate is read, so of several workers ticking at
    once exactly one acts on a row; the others find nothing left to do.
    """
    async with journaled(CLOCK) as journal:
        await journal.lock()
        commitments = await mark_overdue(journal, as_of)
        sanctions = await sanctions_overdue(journal, as_of)
        due_soon = await commitments_due_soon(journal, as_of, due_soon_days)
        await urge_automatically(journal, due_soon, UrgingTrigger.DUE_SOON, as_of)
        cards = await warning_changes(journal, as_of)
    return TickReport(
        as_of=as_of,
        overdue_commitments=[row.pk for row in commitments],
        overdue_sanctions=[row.pk for row in sanctions],
        due_soon_commitments=[row.pk for row in due_soon],
        warning_changes=[(type(row).__name__, row.pk, level.value) for row, level in cards],
    )
