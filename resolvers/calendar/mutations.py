"""Calendar mutation: load a year's holiday schedule (放假调休安排) and recount what it changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from resolvers import workdays
from resolvers.calendar.operations import load_schedule
from resolvers.global_ids import to_global_id
from resolvers.mutation import INPUT
from schema.workdays import WorkdaySource, WorkingCalendarYear

if TYPE_CHECKING:
    from resolvers.context import Context


def calendar_year(year: int) -> WorkingCalendarYear:
    """The calendar of ``year`` as this process counts it now."""
    known = workdays.coverage(year)
    return WorkingCalendarYear(
        year=year,
        covered=known.covered,
        source=WorkdaySource(known.source.value),
        basis=known.basis,
        warning=None
        if known.covered
        else f"No holiday schedule for {year}: {known.basis}. Load the State Council's notice "
        "(workdayScheduleLoad).",
        make_up_working_days=list(known.make_up_workdays),
        holidays=list(known.holidays),
    )


@strawberry.input(
    description="导入放假安排 — a year's holiday schedule from the State Council's notice."
)
class WorkdayScheduleLoadInput:
    year: int = strawberry.field(description="年份 — a year chinesecalendar does not cover.")
    notice: str = strawberry.field(
        description="通知 — the notice it comes from (国务院办公厅关于…节假日安排的通知)."
    )
    schedule: str = strawberry.field(
        description="安排 — one line per day or run: `2027-02-05..2027-02-11,HOLIDAY,春节`, "
        "`2027-02-14,WORKDAY,春节调休上班` (`#` comments, optional `day,kind,name` header)."
    )


@strawberry.type(description="导入放假安排结果 — the year's calendar now, and what was recounted.")
class WorkdayScheduleLoadPayload:
    calendar: WorkingCalendarYear = strawberry.field(description="工作日历 — the year now.")
    recounted: list[strawberry.ID] = strawberry.field(
        description="重新计算 — records, objections and feedback whose deadline or lateness "
        "changed (each change journaled as `*.recount`)."
    )


@strawberry.type(description="工作日历相关变更 — mutations of the working-day calendar.")
class CalendarMutation:
    @strawberry.mutation(
        description="导入放假安排 — store a year's holiday schedule (replacing an earlier one) "
        "and recount the deadlines and late flags it changes; journaled."
    )
    async def workday_schedule_load(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[WorkdayScheduleLoadInput, strawberry.argument(description=INPUT)],
    ) -> WorkdayScheduleLoadPayload:
        loaded = await load_schedule(
            info.context.actor, input.year, input.notice, input.schedule, workdays.today()
        )
        return WorkdayScheduleLoadPayload(
            calendar=calendar_year(input.year),
            recounted=[strawberry.ID(to_global_id(kind, pk)) for kind, pk in loaded.recounted],
        )
