"""Commitment queries: the filtered list, and the supervision office's daily lists of what is
overdue and what falls due within N working days, as of any day."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry
from tortoise.expressions import Q, Subquery

from models import Assignment as AssignmentRow
from models import Commitment as CommitmentRow
from models import Task as TaskRow
from resolvers import workdays
from resolvers.calendar.mutations import calendar_year
from resolvers.commitment.due import falling_due_within, overdue_on
from resolvers.errors import bad_input
from resolvers.global_ids import pk_of
from resolvers.permissions import visible
from schema.commitment import Commitment, CommitmentConnection, CommitmentStatus
from schema.pagination import PageArgs, paginate_query
from schema.relay import After, Before, First, Last
from schema.workdays import WorkingCalendarYear

if TYPE_CHECKING:
    from resolvers.context import Context

AsOf = Annotated[
    date | None,
    strawberry.argument(description="截至日期 — the day to look at; omitted: today in China."),
]
UnitId = Annotated[
    strawberry.ID | None,
    strawberry.argument(description="单位 — only commitments this unit pledged."),
]
DUE_ORDER = [("due_on", False), ("id", False)]


@strawberry.input(
    description="承诺筛选 — conditions a commitment must meet (all given ones apply)."
)
class CommitmentFilter:
    unit_id: strawberry.ID | None = strawberry.field(
        default=None, description="承诺单位 — the pledging unit."
    )
    assignment_id: strawberry.ID | None = strawberry.field(
        default=None, description="任务分工 — the assignment."
    )
    task_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="任务 — the task, with the tasks of earlier editions it continues "
        "(`carriedFrom`): their commitments answer for it too.",
    )
    responsible_person_id: strawberry.ID | None = strawberry.field(
        default=None, description="责任人 — the person who answers for the commitment."
    )
    status: list[CommitmentStatus] | None = strawberry.field(
        default=None, description="状态 — any of these statuses."
    )
    due_from: date | None = strawberry.field(default=None, description="期限起 — due on or after.")
    due_to: date | None = strawberry.field(default=None, description="期限止 — due on or before.")
    public: bool | None = strawberry.field(default=None, description="公开承诺 — public or not.")


async def task_lineage(given: CommitmentFilter | None) -> list[int]:
    """The filtered task and the tasks of earlier editions it continues, newest first."""
    if given is None or given.task_id is None:
        return []
    found = [pk_of(given.task_id, "Task", "filter.taskId")]
    while True:
        row = await TaskRow.filter(pk=found[-1]).only("id", "carried_from_id").first()
        if row is None or row.carried_from_id is None or row.carried_from_id in found:
            return found
        found.append(row.carried_from_id)


def filtered(given: CommitmentFilter | None, lineage: list[int] | None = None) -> Q:
    condition = Q()
    if given is None:
        return condition
    if given.unit_id is not None:
        condition &= Q(unit_id=pk_of(given.unit_id, "Unit", "filter.unitId"))
    if given.assignment_id is not None:
        pk = pk_of(given.assignment_id, "Assignment", "filter.assignmentId")
        condition &= Q(assignment_id=pk)
    if given.task_id is not None:
        on_task = AssignmentRow.filter(
            task_id__in=lineage or [pk_of(given.task_id, "Task", "filter.taskId")]
        )
        condition &= Q(assignment_id__in=Subquery(on_task.values("id")))
    if given.responsible_person_id is not None:
        pk = pk_of(given.responsible_person_id, "Person", "filter.responsiblePersonId")
        condition &= Q(responsible_person_id=pk)
    if given.status:
        condition &= Q(status__in=[s.value for s in given.status])
    if given.due_from is not None:
        condition &= Q(due_on__gte=given.due_from)
    if given.due_to is not None:
        condition &= Q(due_on__lte=given.due_to)
    if given.public is not None:
        condition &= Q(public=given.public)
    return condition


async def due_list(
    info: strawberry.Info[Context, None],
    condition: Q,
    unit_id: strawberry.ID | None,
    args: PageArgs,
) -> CommitmentConnection:
    """One keyset page in due-date order: one statement for the page (and one for a count)."""
    if unit_id is not None:
        condition &= Q(unit_id=pk_of(unit_id, "Unit", "unitId"))
    query = (await visible(info, CommitmentRow)).filter(condition)
    return await paginate_query(query, DUE_ORDER, args, Commitment.from_model)


@strawberry.type(description="承诺查询 — queries of commitments and the working-day calendar.")
class CommitmentQuery:
    @strawberry.field(description="承诺 — one commitment by ID (null if there is none).")
    async def commitment(
        self,
        info: strawberry.Info[Context, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="承诺ID — the ID.")],
    ) -> Commitment | None:
        row = await info.context.loaders.commitment_by_id.load(pk_of(id, "Commitment"))
        return Commitment.from_model(row) if row else None

    @strawberry.field(description="承诺列表 — commitments matching a filter, in pledge order.")
    async def commitments(
        self,
        info: strawberry.Info[Context, None],
        filter: Annotated[
            CommitmentFilter | None, strawberry.argument(description="筛选 — conditions.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> CommitmentConnection:
        args = PageArgs(first=first, after=after, last=last, before=before)
        lineage = await task_lineage(filter)
        query = (await visible(info, CommitmentRow)).filter(filtered(filter, lineage))
        return await paginate_query(query, [("id", False)], args, Commitment.from_model)

    @strawberry.field(
        description="逾期承诺 — commitments overdue on the day: open then, and the working day "
        "they fell due (the due date, or the next working day after a rest day) is before it. "
        "Ordered by due date."
    )
    async def overdue_commitments(
        self,
        info: strawberry.Info[Context, None],
        as_of: AsOf = None,
        unit_id: UnitId = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> CommitmentConnection:
        day = as_of or workdays.today()
        args = PageArgs(first=first, after=after, last=last, before=before)
        return await due_list(info, await overdue_on(day), unit_id, args)

    @strawberry.field(
        description="临期承诺 — commitments open on the day that fall due within the next N "
        "working days (0: due that very day), by the due date in force that day (before a "
        "later extension moved it). Ordered by due date."
    )
    async def commitments_due_within(
        self,
        info: strawberry.Info[Context, None],
        working_days: Annotated[
            int, strawberry.argument(description="工作日数 — how many working days ahead, 0–250.")
        ],
        as_of: AsOf = None,
        unit_id: UnitId = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> CommitmentConnection:
        if not 0 <= working_days <= 250:
            raise bad_input("`workingDays` must be between 0 and 250.", "workingDays")
        day = as_of or workdays.today()
        args = PageArgs(first=first, after=after, last=last, before=before)
        condition = await falling_due_within(day, working_days)
        return await due_list(info, condition, unit_id, args)

    @strawberry.field(
        description="工作日历 — how the working days of a year are counted, with the make-up "
        "working days (调休) and holidays; warns for a year without holiday data."
    )
    def working_calendar(
        self, year: Annotated[int, strawberry.argument(description="年份 — e.g. 2018.")]
    ) -> WorkingCalendarYear:
        if not 1900 <= year <= 2200:
            raise bad_input("`year` must be between 1900 and 2200.", "year")
        return calendar_year(year)
