"""Event dates checked against reality: never after today (``workdays.today()``), never before
the record they follow. A failure is BAD_USER_INPUT naming the field."""

from __future__ import annotations

from datetime import date

from resolvers import workdays
from resolvers.errors import bad_input


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


def check_report_period(
    starts_on: date,
    ends_on: date,
    reported_on: date,
    span: tuple[date, date],
    what: tuple[str, str],
    field: str = "period",
) -> None:
    """A progress report or feedback is for a period that has begun by ``reported_on`` and that
    overlaps the work's ``span`` (opened or pledged, due); ``what`` names the two ends (e.g.
    "the hand-off", "the due date"). Else BAD_USER_INPUT naming ``field``."""
    opened, due = span
    if starts_on > reported_on:
        raise bad_input(
            f"`{field}` ({starts_on} to {ends_on}) has not begun on `reportedOn` ({reported_on}): "
            "a period is reported on once it has begun.",
            field,
        )
    if ends_on < opened:
        raise bad_input(
            f"`{field}` ({starts_on} to {ends_on}) lies wholly before {what[0]} ({opened}).",
            field,
        )
    if starts_on > due:
        raise bad_input(
            f"`{field}` ({starts_on} to {ends_on}) lies wholly after {what[1]} ({due}).", field
        )
