"""The warning level (红黄牌) of a commitment as one SQL expression, so the warning list filters
by level and pages in (level, due date) order in the database; ``warnings.warning_of`` stays the
rule's statement in Python and gives each row of a page its reasons."""

from __future__ import annotations

from datetime import date

from tortoise.expressions import RawSQL

from resolvers.commitment.due import due_dates_within, due_on_then_sql, overdue_due_dates
from resolvers.supervision.warnings import RANK, RED_URGINGS, Level


def periods_containing(day: date) -> list[str]:
    """The canonical names of every report period that contains ``day``."""
    half, quarter = 1 if day.month <= 6 else 2, (day.month - 1) // 3 + 1
    year = day.year
    return [f"{year}", f"{year}-H{half}", f"{year}-Q{quarter}", f"{year}-{day.month:02d}"]


def warning_rank(day: date, yellow_within: int, urged_unit: int | None) -> RawSQL:
    """``RANK`` of each ``commitment`` row's level on ``day``, the rule of ``warning_of``:
    red when its due working day is before the day or it was urged ``RED_URGINGS`` times since
    its last report (counting only urgings sent to ``urged_unit`` when given, as the caller
    sees them); yellow when it falls due within ``yellow_within`` working days without a
    report for a period containing the day; green otherwise. Dates are inlined as literals
    (they are ``date`` values, never client text)."""
    on = f"'{day.isoformat()}'"
    overdue = f"'{overdue_due_dates(day).isoformat()}'"
    yellow = f"'{due_dates_within(day, yellow_within)[1].isoformat()}'"
    periods = ", ".join(f"'{name}'" for name in periods_containing(day))
    to_unit = f" AND u.unit_id = {int(urged_unit)}" if urged_unit is not None else ""
    last_report = (
        "(SELECT MAX(r.reported_on) FROM progress_report r"
        f' WHERE r.commitment_id = "commitment"."id" AND r.reported_on <= {on})'
    )
    unanswered = (
        'SELECT COUNT(*) FROM urging u WHERE u.commitment_id = "commitment"."id"'
        f" AND u.urged_on <= {on}{to_unit}"
        f' AND u.urged_on >= COALESCE({last_report}, "commitment"."pledged_on")'
    )
    current_report = (
        'SELECT 1 FROM progress_report r WHERE r.commitment_id = "commitment"."id"'
        f" AND r.reported_on <= {on} AND r.period IN ({periods})"
    )
    due = due_on_then_sql(day)
    return RawSQL(
        f"(CASE WHEN {due} <= {overdue}"
        f" OR ({unanswered}) >= {RED_URGINGS} THEN {RANK[Level.RED]}"
        f" WHEN {due} <= {yellow} AND NOT EXISTS ({current_report})"
        f" THEN {RANK[Level.YELLOW]} ELSE {RANK[Level.GREEN]} END)"
    )
