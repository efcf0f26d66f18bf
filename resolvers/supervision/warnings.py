"""Warning levels (红黄牌预警) of open commitments on the working-day clock.

RED: overdue (its due working day is before the day), or urged twice or more since its last
progress report (or since the pledge, without one). YELLOW: falls due within N working days with
no progress report for a period containing the day. GREEN: otherwise. Supervision items: RED
when overdue, YELLOW when due soon with no handling unit's feedback for the current period.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from models import Commitment, ProgressReport, SupervisionFeedback, SupervisionItem, Urging
from resolvers import workdays
from resolvers.commitment.due import workdays_between
from resolvers.commitment.operations import falls_due_on, first_overdue_day, overdue_since
from resolvers.reporting_period import parse_period

#: The default of "due within N working days" for a yellow card.
YELLOW_WITHIN = 5
#: Urgings without feedback that make a card red.
RED_URGINGS = 2


def overdue_reason(since: date, due: date) -> str:
    """The red card's reason: overdue since the day the sweep and the exports give (逾期起始)."""
    return f"逾期 — overdue since {since} (the day after its due working day {due})"


class Level(StrEnum):
    RED = "RED"
    YELLOW = "YELLOW"
    GREEN = "GREEN"


#: Sort order: red first.
RANK = {Level.RED: 0, Level.YELLOW: 1, Level.GREEN: 2}


@dataclass(frozen=True)
class Warning:
    commitment: Commitment
    level: Level
    reasons: tuple[str, ...]
    falls_due_on: date
    working_days_left: int


def warning_of(
    row: Commitment,
    reports: Sequence[ProgressReport],
    urgings: Sequence[Urging],
    day: date,
    yellow_within: int = YELLOW_WITHIN,
    yellow_limit: date | None = None,
) -> Warning:
    """``row``'s level on ``day``; ``yellow_limit``: ``add_workdays(day, yellow_within)`` when
    the caller computed it once for many rows."""
    due = falls_due_on(row)
    left = workdays_between(day, due) if due > day else 0
    reasons: list[str] = []
    seen = [r for r in reports if r.reported_on <= day]
    since = max((r.reported_on for r in seen), default=row.pledged_on)
    unanswered = [u for u in urgings if since <= u.urged_on <= day]
    if due < day:
        reasons.append(overdue_reason(overdue_since(row), due))
    if len(unanswered) >= RED_URGINGS:
        reasons.append(
            f"催办{len(unanswered)}次未反馈 — urged {len(unanswered)} times without feedback"
        )
    if reasons:
        return Warning(row, Level.RED, tuple(reasons), due, left)
    current = any(parse_period(r.period).contains(day) for r in seen)
    limit = yellow_limit or workdays.add_workdays(day, yellow_within)
    if due <= limit and not current:
        reasons.append(
            f"临期无进展 — due within {yellow_within} working days, no progress this period"
        )
        return Warning(row, Level.YELLOW, tuple(reasons), due, left)
    return Warning(row, Level.GREEN, (), due, left)


@dataclass(frozen=True)
class ItemWarning:
    item: SupervisionItem
    level: Level
    reasons: tuple[str, ...]
    falls_due_on: date


def item_warning_of(
    row: SupervisionItem,
    feedback: Sequence[SupervisionFeedback],
    day: date,
    yellow_within: int = YELLOW_WITHIN,
) -> ItemWarning:
    """An open supervision item's card, by the same rules: RED once its due working day has
    passed; YELLOW when it falls due within ``yellow_within`` working days and no handling unit
    has reported for a period containing the day; else GREEN."""
    due = workdays.on_or_after(row.due_on)
    if due < day:
        reason = overdue_reason(first_overdue_day(row.due_on), due)
        return ItemWarning(row, Level.RED, (reason,), due)
    current = any(f.reported_on <= day and parse_period(f.period).contains(day) for f in feedback)
    if due <= workdays.add_workdays(day, yellow_within) and not current:
        reason = f"临期无进展 — due within {yellow_within} working days, no feedback this period"
        return ItemWarning(row, Level.YELLOW, (reason,), due)
    return ItemWarning(row, Level.GREEN, (), due)
