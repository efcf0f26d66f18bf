"""Supervision items (督办事项): the office hands off (交办) a plan task or an instruction outside
any plan (领导批示) to handling units (主办/协办) with a due date and a feedback rhythm, in bulk
for a plan's tasks; the handling units report feedback (进展反馈) per period of the rhythm."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from models import (
    Assignment,
    AssignmentRole,
    FeedbackRhythm,
    ItemSource,
    ItemStatus,
    Plan,
    SupervisionFeedback,
    SupervisionItem,
    SupervisionItemUnit,
    Task,
    Unit,
    UnitKind,
    UnitMembership,
)
from resolvers import workdays
from resolvers.errors import DomainError, ErrorCode, bad_input, not_found
from resolvers.event_dates import check_event_day, check_report_period
from resolvers.journal.writer import Journal
from resolvers.records import fetch, required_text
from resolvers.reporting_period import Period, parse_period
from resolvers.validity import holds_on

HANDLING = (AssignmentRole.LEAD, AssignmentRole.CO_RESPONSIBLE)


def fits(rhythm: FeedbackRhythm, period: Period) -> bool:
    """Whether ``period`` is one of the rhythm's periods (a month for MONTHLY, …)."""
    name = period.name
    if rhythm == FeedbackRhythm.MONTHLY:
        return len(name) == 7 and name[4] == "-" and name[5:].isdigit()
    if rhythm == FeedbackRhythm.QUARTERLY:
        return "-Q" in name
    if rhythm == FeedbackRhythm.HALF_YEARLY:
        return "-H" in name
    return name.isdigit()


def feedback_due_on(item: SupervisionItem, period: Period) -> date:
    """The working day feedback for ``period`` is due: the item's feedback day of the period's
    last month (its last day if shorter), or the next working day after a rest day."""
    last = period.ends_on
    day = min(item.feedback_day, calendar.monthrange(last.year, last.month)[1])
    return workdays.on_or_after(date(last.year, last.month, day))


def checked_period(item: SupervisionItem, text: str, name: str = "period") -> Period:
    period = parse_period(text, name)
    if not fits(item.rhythm, period):
        raise bad_input(
            f"Item {item.pk} takes {item.rhythm.value.lower()} feedback: {text!r} is not one of "
            "its periods.",
            name,
        )
    return period


@dataclass(frozen=True)
class HandlingUnit:
    unit_pk: int
    role: AssignmentRole


@dataclass(frozen=True)
class ItemDraft:
    opened_on: date
    due_on: date
    rhythm: FeedbackRhythm
    feedback_day: int
    units: Sequence[HandlingUnit]
    task_pk: int | None = None
    title: str = ""
    instruction_source: str = ""
    instruction_on: date | None = None
    instruction_text: str = ""


def _check_rhythm(draft: ItemDraft) -> None:
    if not 1 <= draft.feedback_day <= 31:
        raise bad_input("`feedbackDay` must be a day of the month, 1–31.", "feedbackDay")


async def _units(journal: Journal, units: Sequence[HandlingUnit]) -> None:
    if not units:
        raise bad_input("Name at least one handling unit (主办).", "units")
    if not any(u.role == AssignmentRole.LEAD for u in units):
        raise bad_input("Name the lead handling unit (主办, role LEAD).", "units")
    if len({u.unit_pk for u in units}) != len(units):
        raise bad_input("A unit is named twice among the handling units.", "units")
    for handling in units:
        if handling.role not in HANDLING:
            raise bad_input("A handling unit is 主办 (LEAD) or 协办 (CO_RESPONSIBLE).", "units")
        await fetch(Unit, handling.unit_pk, "Unit", "units", journal)


async def members_acting(journal: Journal, units: dict[int, str], day: date) -> dict[int, str]:
    """The handling units an item is handed to: a collective (各县区政府, 市直有关部门、单位) is
    handed off as its member units in force on ``day``, each in the collective's role (as each
    member pledges its own commitment on a collective assignment), so every member sees the
    item, reports its own feedback and is listed when it has not; a unit also named in its own
    right keeps the stronger role (主办). A collective without members that day stays itself."""
    db = journal.connection
    found = Unit.filter(pk__in=list(units), kind=UnitKind.COLLECTIVE).using_db(db)
    collectives = {unit.pk for unit in await found.only("id")}
    if not collectives:
        return units
    members: dict[int, list[int]] = {pk: [] for pk in collectives}
    for link in await UnitMembership.filter(collective_id__in=collectives).using_db(db):
        if holds_on(link, day):
            members[link.collective_id].append(link.member_id)
    handed = {pk: role for pk, role in units.items() if not members.get(pk)}
    for collective, role in units.items():
        for member in sorted(members.get(collective, ())):
            if handed.get(member) != AssignmentRole.LEAD.value:
                handed[member] = role
    return handed


async def open_item(journal: Journal, draft: ItemDraft) -> SupervisionItem:
    """交办: one item with its handling units, journaled row by row."""
    _check_rhythm(draft)
    if (draft.task_pk is None) == (not draft.instruction_source.strip()):
        raise bad_input(
            "Hand off either a plan task (`taskId`) or an instruction outside any plan "
            "(`instructionSource`, `instructionOn`), not both and not neither.",
            "taskId",
        )
    if draft.task_pk is not None:
        task = await fetch(Task, draft.task_pk, "Task", "taskId", journal)
        title, source, earliest = draft.title.strip() or task.title, ItemSource.PLAN_TASK, None
    else:
        if draft.instruction_on is None:
            raise bad_input("Give the day of the instruction.", "instructionOn")
        check_event_day(draft.instruction_on, "instructionOn")
        title = required_text(draft.title, "title", 500)
        source, earliest = ItemSource.INSTRUCTION, draft.instruction_on
    check_event_day(draft.opened_on, "openedOn", earliest, "the instruction")
    if draft.due_on < draft.opened_on:
        raise bad_input(f"`dueOn` ({draft.due_on}) is before the hand-off.", "dueOn")
    await _units(journal, draft.units)
    item = await SupervisionItem.create(
        source=source,
        task_id=draft.task_pk,
        title=title,
        instruction_source=draft.instruction_source.strip(),
        instruction_on=draft.instruction_on,
        instruction_text=draft.instruction_text.strip(),
        opened_on=draft.opened_on,
        opened_by=journal.actor.name,
        due_on=draft.due_on,
        rhythm=draft.rhythm,
        feedback_day=draft.feedback_day,
        using_db=journal.connection,
    )
    await journal.created(item, "supervision_item.open")
    named = {handling.unit_pk: handling.role.value for handling in draft.units}
    for unit_pk, role in (await members_acting(journal, named, draft.opened_on)).items():
        link = await SupervisionItemUnit.create(
            item_id=item.pk, unit_id=unit_pk, role=role, using_db=journal.connection
        )
        await journal.created(link, "supervision_item_unit.create")
    return item


@dataclass(frozen=True)
class PlanHandOff:
    plan_pk: int
    opened_on: date
    rhythm: FeedbackRhythm
    feedback_day: int
    #: For tasks without a dated deadline of their own.
    due_on: date


async def open_plan_items(journal: Journal, draft: PlanHandOff) -> list[SupervisionItem]:
    """Bulk 交办: one item per task of the plan not yet handed off, its handling units taken from
    the task's lead and co-responsible assignments holding on the hand-off day."""
    if not 1 <= draft.feedback_day <= 31:
        raise bad_input("`feedbackDay` must be a day of the month, 1–31.", "feedbackDay")
    await fetch(Plan, draft.plan_pk, "Plan", "planId", journal)
    check_event_day(draft.opened_on, "openedOn")
    if draft.due_on < draft.opened_on:
        raise bad_input(f"`dueOn` ({draft.due_on}) is before the hand-off.", "dueOn")
    db = journal.connection
    tasks = await Task.filter(plan_id=draft.plan_pk).using_db(db).order_by("ordinal", "id")
    handed = set(
        await SupervisionItem.filter(task_id__in=[t.pk for t in tasks], status=ItemStatus.OPEN)
        .using_db(db)
        .values_list("task_id", flat=True)
    )
    links = await Assignment.filter(task_id__in=[t.pk for t in tasks], role__in=HANDLING).using_db(
        db
    )
    made = []
    for task in tasks:
        units: dict[int, str] = {}
        for link in links:
            lead = units.get(link.unit_id) == AssignmentRole.LEAD.value
            if link.task_id == task.pk and holds_on(link, draft.opened_on) and not lead:
                units[link.unit_id] = link.role.value
        if task.pk in handed or AssignmentRole.LEAD.value not in units.values():
            continue
        due = task.deadline_on if task.deadline_on and task.deadline_on >= draft.opened_on else None
        item = await SupervisionItem.create(
            source=ItemSource.PLAN_TASK,
            task_id=task.pk,
            title=task.title,
            opened_on=draft.opened_on,
            opened_by=journal.actor.name,
            due_on=due or draft.due_on,
            rhythm=draft.rhythm,
            feedback_day=draft.feedback_day,
            using_db=db,
        )
        await journal.created(item, "supervision_item.open")
        for unit_pk, role in (await members_acting(journal, units, draft.opened_on)).items():
            row = await SupervisionItemUnit.create(
                item_id=item.pk, unit_id=unit_pk, role=role, using_db=db
            )
            await journal.created(row, "supervision_item_unit.create")
        made.append(item)
    return made


@dataclass(frozen=True)
class FeedbackDraft:
    item_pk: int
    period: str
    text: str
    percent_complete: int
    reported_on: date
    unit_pk: int | None = None


async def submit_feedback(journal: Journal, draft: FeedbackDraft) -> SupervisionFeedback:
    """进展反馈 by a handling unit for one period of the item's rhythm, once per period."""
    item = await fetch(SupervisionItem, draft.item_pk, "SupervisionItem", "itemId", journal)
    if item.status != ItemStatus.OPEN:
        raise DomainError(
            ErrorCode.INVALID_TRANSITION,
            f"Item {item.pk} is closed: it takes no feedback.",
            "itemId",
        )
    unit_pk = draft.unit_pk if draft.unit_pk is not None else journal.actor.unit_pk
    if unit_pk is None:
        raise bad_input("Name the handling unit that reports.", "unitId")
    link = (
        await SupervisionItemUnit.filter(item_id=item.pk, unit_id=unit_pk)
        .using_db(journal.connection)
        .first()
    )
    if link is None:
        raise not_found("Handling unit", unit_pk, "unitId")
    period = checked_period(item, draft.period)
    if not 0 <= draft.percent_complete <= 100:
        raise bad_input("`percentComplete` must be between 0 and 100.", "percentComplete")
    check_event_day(draft.reported_on, "reportedOn", item.opened_on, "the hand-off")
    check_report_period(
        period.starts_on,
        period.ends_on,
        draft.reported_on,
        (item.opened_on, item.due_on),
        ("the hand-off", "the due date"),
    )
    done = SupervisionFeedback.filter(item_unit_id=link.pk, period=period.name)
    if await done.using_db(journal.connection).exists():
        raise DomainError(
            ErrorCode.INVALID_TRANSITION,
            f"The unit already reported on item {item.pk} for {period.name}.",
            "period",
        )
    row = await SupervisionFeedback.create(
        item_unit_id=link.pk,
        period=period.name,
        text=required_text(draft.text, "text", 10000),
        percent_complete=draft.percent_complete,
        reported_on=draft.reported_on,
        reported_late=draft.reported_on > feedback_due_on(item, period),
        reported_by=journal.actor.name,
        using_db=journal.connection,
    )
    await journal.created(row, "supervision_feedback.submit")
    return row
