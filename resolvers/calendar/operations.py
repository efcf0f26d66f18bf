"""Loading a year's holiday schedule and recounting every stored deadline and flag it changes.

Deadlines stored while a year was counted by rule (``workdays.Source.RULE``) or under an earlier
schedule are recounted in the same transaction that stores the schedule, each change journaled
(``*.recount``); if anything fails, nothing is stored and the process keeps counting as before.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from datetime import date
from typing import Any

from models import (
    DishonestyObjection,
    DishonestyRecord,
    HolidaySchedule,
    SupervisionFeedback,
    SupervisionItem,
    SupervisionItemUnit,
)
from resolvers import workdays
from resolvers.actor import Actor
from resolvers.calendar.schedule import parse_schedule, schedule_of, stored_days
from resolvers.errors import bad_input
from resolvers.journal.writer import Journal, journaled
from resolvers.records import required_text, update_record
from resolvers.reporting_period import parse_period
from resolvers.supervision.items import feedback_due_on

logger = logging.getLogger("dutygraph.calendar")

#: How often a long-running process re-reads the stored schedules.
REFRESH_SECONDS = 300.0


@dataclass(frozen=True)
class Loaded:
    schedule: HolidaySchedule
    #: (entity type, pk) of every stored row whose deadline or flag changed.
    recounted: list[tuple[str, int]]


async def installed_schedules() -> list[workdays.Schedule]:
    """Every stored schedule (the app installs them at start)."""
    rows = await HolidaySchedule.all()
    return [schedule_of(row.year, row.notice, row.days) for row in rows]


@asynccontextmanager
async def refreshed_schedules(every: float = REFRESH_SECONDS) -> AsyncIterator[None]:
    """Within the block this process counts with the stored schedules, re-read every ``every``
    seconds: a schedule another worker or the CLI loaded is used here within minutes."""
    workdays.install(await installed_schedules())

    async def refresh() -> None:
        while True:
            await asyncio.sleep(every)
            try:
                workdays.install(await installed_schedules())
            except Exception:  # a lost connection must not end the refresher
                logger.exception("Re-reading the holiday schedules failed; trying again later.")

    task = asyncio.create_task(refresh())
    try:
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task


async def load_schedule(actor: Actor, year: int, notice: str, text: str, loaded_on: date) -> Loaded:
    """Store the schedule of ``year`` (replacing an earlier one) and recount what it changes."""
    if not workdays.LAST_YEAR < year <= 2199:
        raise bad_input(
            f"{workdays.SOURCE} covers {workdays.FIRST_YEAR}–{workdays.LAST_YEAR}: a schedule "
            f"is loaded for a later year (up to 2199), not for {year}.",
            "year",
        )
    notice = required_text(notice, "notice", 500)
    schedule = parse_schedule(year, notice, text)
    with workdays.trying(schedule):
        async with journaled(actor) as journal:
            row = await _store(journal, schedule, loaded_on)
            # Recounting is the calendar's consequence, not a credit or supervision decision of
            # the loader: it is written as an internal job named after who loaded the schedule.
            journal.actor = Actor(f"calendar:{actor.name}")
            try:
                recounted = await _recount(journal, year)
            finally:
                journal.actor = actor
    return Loaded(row, recounted)


async def _store(journal: Journal, schedule: workdays.Schedule, loaded_on: date) -> HolidaySchedule:
    values: dict[str, Any] = {
        "notice": schedule.notice,
        "loaded_on": loaded_on,
        "days": stored_days(schedule),
    }
    await journal.lock()
    found = await HolidaySchedule.filter(year=schedule.year).using_db(journal.connection).first()
    if found is not None:
        return await update_record(journal, found, values, None, "holiday_schedule.replace")
    row = await HolidaySchedule.create(year=schedule.year, **values, using_db=journal.connection)
    await journal.created(row, "holiday_schedule.load")
    return row


def _window(year: int) -> tuple[date, date]:
    """Start days whose deadlines can reach into ``year`` (a limit of up to ~60 working days)."""
    return date(year - 1, 9, 1), date(year, 12, 31)


async def _recount(journal: Journal, year: int) -> list[tuple[str, int]]:
    changed: list[tuple[str, int]] = []
    first, last = _window(year)
    records = DishonestyRecord.filter(occurred_on__gte=first, occurred_on__lte=last)
    for record in await records.using_db(journal.connection):
        due = workdays.add_workdays(record.occurred_on, record.report_limit_days)
        changes = _differences(
            record,
            report_due_on=due,
            reported_late=record.reported_on > due,
            calendar_basis=workdays.basis_of(record.occurred_on, due),
        )
        if changes:
            await update_record(journal, record, changes, None, "dishonesty_record.recount")
            changed.append(("DishonestyRecord", record.pk))
    objections = DishonestyObjection.filter(filed_on__gte=first, filed_on__lte=last)
    for objection in await objections.using_db(journal.connection):
        values: dict[str, Any] = {
            "mark_due_on": workdays.add_workdays(objection.filed_on, objection.mark_limit_days)
        }
        if objection.marked_on is not None:
            values["marked_late"] = objection.marked_on > values["mark_due_on"]
            decide_by = workdays.add_workdays(objection.marked_on, objection.decide_limit_days)
            values["decision_due_on"] = decide_by
            if objection.decided_on is not None:
                values["decided_late"] = objection.decided_on > decide_by
        changes = _differences(objection, **values)
        if changes:
            await update_record(journal, objection, changes, None, "dishonesty_objection.recount")
            changed.append(("DishonestyObjection", objection.pk))
    changed += await _recount_feedback(journal, year)
    return changed


async def _recount_feedback(journal: Journal, year: int) -> list[tuple[str, int]]:
    changed: list[tuple[str, int]] = []
    reports = SupervisionFeedback.filter(
        reported_on__gte=date(year, 1, 1), reported_on__lte=date(year + 1, 1, 31)
    )
    for report in await reports.using_db(journal.connection):
        link = await SupervisionItemUnit.get(pk=report.item_unit_id, using_db=journal.connection)
        item = await SupervisionItem.get(pk=link.item_id, using_db=journal.connection)
        due = feedback_due_on(item, parse_period(report.period))
        changes = _differences(report, reported_late=report.reported_on > due)
        if changes:
            await update_record(journal, report, changes, None, "supervision_feedback.recount")
            changed.append(("SupervisionFeedback", report.pk))
    return changed


def _differences(row: Any, **values: Any) -> dict[str, Any]:
    return {name: value for name, value in values.items() if getattr(row, name) != value}
