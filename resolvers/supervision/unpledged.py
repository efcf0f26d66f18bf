"""Who has not pledged (未承诺清单) on a collective assignment (各县区政府): the assignment is
pledged member by member, so it stays on the list while a member in force has not pledged."""

from __future__ import annotations

from datetime import date

from tortoise.expressions import RawSQL


def awaiting_member_pledges(day: date, member_pk: int | None) -> RawSQL:
    """IDs of assignments made to a collective with a member unit in force on ``day`` (only
    ``member_pk`` when given) that has no commitment on the assignment: one uncorrelated
    subquery (Tortoise has no correlated ``EXISTS``), answered from the FK indexes."""
    only = f" AND m.member_id = {int(member_pk)}" if member_pk is not None else ""
    on = day.isoformat()  # a date, so the literal is safe to inline
    return RawSQL(
        "(SELECT a.id FROM assignment a"
        " JOIN unit_membership m ON m.collective_id = a.unit_id"
        f" WHERE (m.valid_from IS NULL OR m.valid_from <= '{on}')"
        f" AND (m.valid_to IS NULL OR m.valid_to >= '{on}'){only}"
        " AND NOT EXISTS (SELECT 1 FROM commitment c"
        " WHERE c.assignment_id = a.id AND c.unit_id = m.member_id))"
    )
