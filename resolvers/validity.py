"""Valid time: windows a row holds in (valid-from/valid-to) and the range of days the
service accepts. Plain Python, shared by the domain operations and the GraphQL scalars."""

from __future__ import annotations

from datetime import date
from typing import Protocol

#: The first and the last day a ``Date`` input may name: far wider than any plan, deadline or
#: founding date, and far inside what date arithmetic (working days added, a day before) can
#: reach without overflowing.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)


class Bounded(Protocol):
    """Anything with a validity window (read-only, so rows whose start is required fit too)."""

    @property
    def valid_from(self) -> date | None: ...

    @property
    def valid_to(self) -> date | None: ...


def holds_on(row: Bounded, day: date | None) -> bool:
    """Whether a validity window contains ``day`` (``valid_to`` is the last day it holds).

    ``day=None`` means "now, whatever the date": rows not yet ended.
    """
    if day is None:
        return row.valid_to is None
    return (row.valid_from is None or row.valid_from <= day) and (
        row.valid_to is None or day <= row.valid_to
    )


def overlaps(a: tuple[date | None, date | None], b: tuple[date | None, date | None]) -> bool:
    """Whether two validity windows (first day, last day; None unbounded) share a day."""
    (a_from, a_to), (b_from, b_to) = a, b
    return (a_to is None or b_from is None or b_from <= a_to) and (
        b_to is None or a_from is None or a_from <= b_to
    )


def day_in_range(day: date) -> date:
    """``day``, or ValueError when it is outside ``FIRST_DAY``–``LAST_DAY``."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(
            f"{day.isoformat()} is outside the dates accepted "
            f"({FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()})."
        )
    return day


def parse_day(text: str) -> date:
    """An ISO date (``2018-07-02``) within range; ValueError with a readable message if not."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date like 2018-07-02.") from None
    return day_in_range(day)
