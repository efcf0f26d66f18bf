"""Hand-off queries: supervision items, each handling unit's feedback state for a period, the
list of units that have not reported (未报送清单) and of assignments not pledged (未承诺清单) —
scoped to the caller, keyset-paged in SQL."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry
from tortoise.expressions import Q, Subquery

from models import Assignment as AssignmentRow
from models import FeedbackRhythm as RhythmRow
from models import ItemStatus as ItemStatusRow
from models import SupervisionFeedback as FeedbackRow
from models import SupervisionItem as ItemRow
from models import SupervisionItemUnit as ItemUnitRow
from resolvers import workdays
from resolvers.errors import not_found
from resolvers.global_ids import pk_of
from resolvers.permissions import visible
from resolvers.permissions.scopes import own_unit, pledges_seen
from resolvers.reporting_period import Period, parse_period
from resolvers.supervision.items import checked_period, feedback_due_on
from resolvers.supervision.unpledged import awaiting_pledge
from schema.pagination import PageArgs, paginate_query
from schema.relay import After, Before, First, Last
from schema.supervision_item import (
    AssignmentConnection,
    FeedbackState,
    FeedbackStatus,
    HandlingUnit,
    HandlingUnitConnection,
    ItemStatus,
    SupervisionItem,
    SupervisionItemConnection,
)
from schema.task import Assignment

if TYPE_CHECKING:
    from resolvers.context import Context

PeriodArg = Annotated[
    str,
    strawberry.argument(description="反馈期 — e.g. 2018年1月, 2018-01, 2018-Q1, 2018-H1, 2018."),
]
AsOf = Annotated[
    date | None, strawberry.argument(description="截至日期 — the day to look at; omitted: today.")
]


def rhythm_of(period: Period) -> RhythmRow:
    if "-Q" in period.name:
        return RhythmRow.QUARTERLY
    if "-H" in period.name:
        return RhythmRow.HALF_YEARLY
    return RhythmRow.YEARLY if period.name.isdigit() else RhythmRow.MONTHLY


def unreported(period: Period) -> Q:
    """Handling units of open items with ``period`` in their rhythm and no feedback for it."""
    reported = FeedbackRow.filter(period=period.name).values("item_unit_id")
    return Q(
        ~Q(id__in=Subquery(reported)),
        item__status=ItemStatusRow.OPEN,
        item__rhythm=rhythm_of(period),
        item__opened_on__lte=period.ends_on,
    )


@strawberry.type(description="交办查询 — supervision items, feedback, and who has not reported.")
class SupervisionItemQuery:
    @strawberry.field(
        description="督办事项 — items handed off, oldest first (a unit sees those it handles)."
    )
    async def supervision_items(
        self,
        info: strawberry.Info[Context, None],
        status: Annotated[
            ItemStatus | None, strawberry.argument(description="督办状态 — only these.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> SupervisionItemConnection:
        query = await visible(info, ItemRow)
        if status is not None:
            query = query.filter(status=status.value)
        args = PageArgs(first=first, after=after, last=last, before=before)
        return await paginate_query(query, [("id", False)], args, SupervisionItem.from_model)

    @strawberry.field(
        description="报送情况 — for one item and period, each handling unit: reported on time, "
        "late, missing (deadline passed), or not yet due."
    )
    async def supervision_feedback_status(
        self,
        info: strawberry.Info[Context, None],
        item_id: Annotated[strawberry.ID, strawberry.argument(description="督办事项ID.")],
        period: PeriodArg,
        as_of: AsOf = None,
    ) -> list[FeedbackStatus]:
        pk = pk_of(item_id, "SupervisionItem", "itemId")
        item = await (await visible(info, ItemRow)).filter(pk=pk).first()
        if item is None:
            raise not_found("SupervisionItem", item_id, "itemId")
        chosen = checked_period(item, period)
        due = feedback_due_on(item, chosen)
        day = as_of or workdays.today()
        links = await (await visible(info, ItemUnitRow)).filter(item_id=item.pk).order_by("id")
        reports = {
            row.item_unit_id: row
            for row in await FeedbackRow.filter(
                item_unit_id__in=[link.pk for link in links], period=chosen.name
            )
        }
        found = []
        for link in links:
            report = reports.get(link.pk)
            if report is not None:
                state = FeedbackState.LATE if report.reported_late else FeedbackState.REPORTED
            else:
                state = FeedbackState.MISSING if day > due else FeedbackState.NOT_DUE
            found.append(
                FeedbackStatus(
                    handling_unit=HandlingUnit.from_model(link),
                    period=chosen.name,
                    due_on=due,
                    state=state,
                    reported_on=report.reported_on if report else None,
                )
            )
        return found

    @strawberry.field(
        description="未报送清单 — handling units of open items with this period in their rhythm "
        "that have sent no feedback for it, in hand-off order."
    )
    async def unreported_feedback(
        self,
        info: strawberry.Info[Context, None],
        period: PeriodArg,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> HandlingUnitConnection:
        query = (await visible(info, ItemUnitRow)).filter(unreported(parse_period(period)))
        args = PageArgs(first=first, after=after, last=last, before=before)
        return await paginate_query(query, [("id", False)], args, HandlingUnit.from_model)

    @strawberry.field(
        description="未承诺清单 — lead and co-responsible assignments in force with no pledge yet "
        "(a unit sees its own). A collective assignment (各县区政府) is pledged by its member "
        "units: it is listed while a member in force today has not pledged on it (a member unit "
        "sees those it has not pledged itself)."
    )
    async def unpledged_assignments(
        self,
        info: strawberry.Info[Context, None],
        plan_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="方案ID — only this plan.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> AssignmentConnection:
        actor = info.context.actor
        awaiting = awaiting_pledge(workdays.today(), pledges_seen(actor), own_unit(actor))
        condition = Q(awaiting=True, valid_to__isnull=True)
        if plan_id is not None:
            condition &= Q(task__plan_id=pk_of(plan_id, "Plan", "planId"))
        query = (await visible(info, AssignmentRow)).annotate(awaiting=awaiting).filter(condition)
        args = PageArgs(first=first, after=after, last=last, before=before)
        return await paginate_query(query, [("id", False)], args, Assignment.from_model)
