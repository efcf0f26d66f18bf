"""Working-day deadlines as plain due-date ranges: which ``due_on`` values fall due (their due
date, or the next working day after a rest day) before a day or within a window, so the lists
filter and page on the indexed ``due_on`` column in SQL instead of testing rows one by one."""

from __future__ import annotations

from collections.abc import Iterable
from copy import copy
from datetime import date, timedelta
from functools import lru_cache

from tortoise.expressions import Q, Subquery
from tortoise.functions import Min
from tortoise.queryset import QuerySet

from models import (
    ApplicationKind,
    ApplicationStatus,
    Commitment,
    CommitmentApplication,
    CommitmentStatus,
)
from resolvers import workdays
from resolvers.validity import FIRST_DAY

#: One day, the step of the calendar walks below.
DAY = timedelta(days=1)


def last_workday_before(day: date) -> date:
    """The last working day before ``day`` — the one calendar question the ranges below ask
    (via ``workdays.is_workday``, so a change of the holiday data there applies here too).

    A due date falls due before ``day`` exactly when it is on or before this day: a working
    day falls due on itself, and a rest day on the next working day, which is then at most
    this one. Before the first date the service accepts it is the day before that date (no
    due date can be on or before it). The walk is bounded by the longest break (12 days).
    """
    day -= DAY
    while day >= FIRST_DAY and not workdays.is_workday(day):
        day -= DAY
    return max(day, FIRST_DAY - DAY)


def overdue_due_dates(day: date) -> date:
    """The latest due date that has fallen due before ``day`` (overdue on ``day`` if open)."""
    return last_workday_before(workdays.counted(day))


def due_dates_within(day: date, working_days: int) -> tuple[date, date]:
    """``(after, through)``: due dates ``d`` with ``after < d <= through`` fall due on ``day``
    or within the next ``working_days`` working days."""
    through = workdays.add_workdays(day, working_days)
    return last_workday_before(day), last_workday_before(through + DAY)


def _running_counts(year: int) -> tuple[int, ...]:
    """``counts[n]``: working days among the first ``n`` days of ``year``, as the schedules
    loaded now count them."""
    return _counts_under(year, workdays.generation())


@lru_cache(maxsize=128)
def _counts_under(year: int, generation: int) -> tuple[int, ...]:
    """``_running_counts`` under schedule generation ``generation`` (part of the cache key:
    loading a year's schedule changes which days are worked)."""
    del generation
    counts, day = [0], date(year, 1, 1)
    while day.year == year:
        counts.append(counts[-1] + workdays.is_workday(day))
        day += DAY
    return tuple(counts)


def forget_calendar() -> None:
    """Drop the per-year counts (after the holiday data behind ``is_workday`` changed)."""
    _counts_under.cache_clear()


def _through(day: date) -> int:
    """Working days from 1 January of ``day``'s year through ``day``."""
    return _running_counts(day.year)[day.timetuple().tm_yday]


def workdays_between(start: date, end: date) -> int:
    """``workdays.workdays_between`` (working days after ``start`` through ``end``) from
    per-year running counts: a warning page asks it for every row, and a deadline a year
    away cost a walk of 365 days each."""
    if end <= start:
        return 0
    workdays.counted(start)
    workdays.counted(end)
    count = _through(end) - _through(start)
    for year in range(start.year, end.year):
        count += _running_counts(year)[-1]
    return count


def open_on(day: date) -> Q:
    """Commitments pledged by ``day`` and not yet fulfilled, broken or withdrawn on it (closed
    later counts as open then: as-of answers follow ``closed_on``, not today's status)."""
    return Q(pledged_on__lte=day) & (
        Q(status__in=[CommitmentStatus.PLEDGED, CommitmentStatus.OVERDUE]) | Q(closed_on__gt=day)
    )


# --- The due date in force on a past day -------------------------------------------------------
#
# An approved extension moves ``due_on`` from the day the office decided it. Asked about a day
# before that decision, the overdue and due-within lists, the overdue export and the warning
# cards answer with the due date then in force: the ``previous_due_on`` of the first extension
# decided after the day (extensions only move a date later, so that is the least
# ``previous_due_on`` among them), else ``due_on``. Today and later no decision can lie ahead
# (event days are never in the future), so those answers are the plain index ranges.


async def overdue_on(day: date) -> Q:
    """The overdue list of ``day``: open then, past the due working day then in force."""
    return open_on(day) & await due_then_within(day, None, overdue_due_dates(day))


async def falling_due_within(day: date, working_days: int) -> Q:
    """The due-within list of ``day``: open then, falling due within ``working_days`` by the
    due date then in force."""
    since, through = due_dates_within(day, working_days)
    return open_on(day) & await due_then_within(day, since, through)


def extended_after(day: date) -> QuerySet[CommitmentApplication]:
    """Extensions the office accepted after ``day``."""
    return CommitmentApplication.filter(
        kind=ApplicationKind.EXTENSION, status=ApplicationStatus.ACCEPTED, decided_on__gt=day
    )


def may_be_extended_later(day: date) -> bool:
    """Whether an extension can have been decided after ``day`` (only a day before today)."""
    return day < workdays.today()


#: Up to this many extensions decided after the day, the lists name the commitments they moved
#: by ID; beyond it they match them with subqueries (as many statements, a slower plan).
NAMED_EXTENSIONS = 1000


async def due_then_within(day: date, since: date | None, through: date) -> Q:
    """Commitments whose due date in force on ``day`` is after ``since`` (None: any) and on or
    before ``through``.

    Today and later that is the plain ``due_on`` range. On a past day one small statement first
    reads the extensions decided after it and the commitments they moved are named by ID, so the
    list's own statements stay index ranges (an ``OR`` with a subquery makes PostgreSQL scan the
    table, and keeps SQLite from counting from the index alone). An extension only moves a date
    later, so a commitment due by ``through`` now was due by it then too.
    """
    plain = Q(due_on__lte=through) if since is None else Q(due_on__gt=since, due_on__lte=through)
    if not may_be_extended_later(day):
        return plain
    later = extended_after(day)
    rows = await later.limit(NAMED_EXTENSIONS + 1).values_list("commitment_id", "previous_due_on")
    if len(rows) > NAMED_EXTENSIONS:
        return _due_then_by_subquery(later, plain, since, through)
    then = earliest_previous(rows)
    inside = sorted(
        pk for pk, due in then.items() if (since is None or due > since) and due <= through
    )
    moved = sorted(then) if since is not None else []
    condition = plain & ~Q(id__in=moved) if moved else plain
    return condition | Q(id__in=inside) if inside else condition


def _due_then_by_subquery(
    later: QuerySet[CommitmentApplication], plain: Q, since: date | None, through: date
) -> Q:
    """``due_then_within`` for a day with many later extensions: the due date then in force is
    the least previous due date among them (the first decided after the day)."""
    first = later.annotate(then=Min("previous_due_on")).group_by("commitment_id")
    inside = (
        first.filter(then__lte=through)
        if since is None
        else first.filter(then__gt=since, then__lte=through)
    )
    matched = Q(id__in=Subquery(inside.values("commitment_id")))
    if since is None:
        return plain | matched
    return (plain & ~Q(id__in=Subquery(later.values("commitment_id")))) | matched


def due_on_then_sql(day: date) -> str:
    """SQL for the due date in force on ``day`` of each ``commitment`` row (``due_dates_then``
    as an expression): the earliest previous due date of an extension accepted after the day,
    else its due date. The day is inlined as a literal (a ``date``, never client text)."""
    due = '"commitment"."due_on"'
    if not may_be_extended_later(day):
        return due
    return (
        "COALESCE((SELECT MIN(a.previous_due_on) FROM commitment_application a"
        ' WHERE a.commitment_id = "commitment"."id"'
        f" AND a.kind = '{ApplicationKind.EXTENSION.value}'"
        f" AND a.status = '{ApplicationStatus.ACCEPTED.value}'"
        f" AND a.decided_on > '{day.isoformat()}'), {due})"
    )


async def due_dates_then(pks: list[int], day: date) -> dict[int, date]:
    """The due date in force on ``day`` of those of ``pks`` an extension decided after ``day``
    moved since (one statement, and none about today)."""
    if not pks or not may_be_extended_later(day):
        return {}
    later = extended_after(day).filter(commitment_id__in=pks)
    return earliest_previous(await later.values_list("commitment_id", "previous_due_on"))


def earliest_previous(extensions: Iterable[tuple[int, date | None]]) -> dict[int, date]:
    """The due date then in force of each commitment from its later extensions'
    ``(commitment_id, previous_due_on)``: the least previous due date among them."""
    then: dict[int, date] = {}
    for pk, previous in extensions:
        if previous is not None and (pk not in then or previous < then[pk]):
            then[pk] = previous
    return then


def as_due_then(row: Commitment, then: dict[int, date]) -> Commitment:
    """``row`` judged by the due date in force then (``due_dates_then``): a copy with that due
    date (and the overdue day it implies), or ``row`` itself when no later extension moved it."""
    if row.pk not in then:
        return row
    judged = copy(row)
    judged.due_on, judged.overdue_since = then[row.pk], None
    return judged
