"""Event dates checked against reality: never after today (``workdays.today()``), never before
the record they follow. A failure is BAD_USER_INPUT naming the field."""

from __future__ import annotations

from datetime import date

from resolvers import workdays
from schema.errors import bad_input


def check_event_day(
    day: date, field: str, earliest: date | None = None, what: str = "the record it follows"
) -> date:
    """``day`` if it is neither in the future nor before ``earliest``; else BAD_USER_INPUT."""
    today = workdays.today()
    if day > today:
        raise bad_input(
            f"`{field}` ({day}) is in the future: an event is recorded once it has happened "
            f"(today is {today}).",
            field,
        )
    if earliest is not None and day < earliest:
        raise bad_input(f"`{field}` ({day}) is before {what} ({earliest}).", field)
    return day
