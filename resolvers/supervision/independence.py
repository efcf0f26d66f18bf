"""Units never close their own work: the office's decision (销号, approvals, evidence review,
corrections) is refused to whoever applied and to an account of a unit whose work it is —
checked when the decision is made, whatever roles the account was given."""

from __future__ import annotations

from collections.abc import Iterable

from models import AssignmentRole, SupervisionItemUnit
from resolvers.errors import DomainError, ErrorCode
from resolvers.journal.writer import Journal


def refuse_own_work(
    journal: Journal, what: str, units: Iterable[int], applicant: str | None = None
) -> None:
    """FORBIDDEN when the journal's actor applied (``applicant``) or belongs to one of ``units``
    (the units whose work ``what`` is); internal jobs are not checked."""
    actor = journal.actor
    if actor.internal:
        return
    if applicant is not None and actor.name == applicant:
        raise DomainError(
            ErrorCode.FORBIDDEN,
            f"{actor.name} applied for {what} and may not decide it: units never close their "
            "own work; another account of the supervision office decides.",
        )
    if actor.unit_pk is not None and actor.unit_pk in set(units):
        raise DomainError(
            ErrorCode.FORBIDDEN,
            f"{actor.name} belongs to the unit whose work {what} is and may not decide it: "
            "units never close their own work; an office account of no unit or of another "
            "unit decides.",
        )


async def item_units(journal: Journal, item_pk: int) -> list[int]:
    """The handling units (主办 and 协办) of a supervision item."""
    rows = SupervisionItemUnit.filter(
        item_id=item_pk,
        role__in=[AssignmentRole.LEAD.value, AssignmentRole.CO_RESPONSIBLE.value],
    )
    units: list[int] = await rows.using_db(journal.connection).values_list("unit_id", flat=True)  # type: ignore[assignment]
    return units
